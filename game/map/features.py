"""What the map shows that never changes during a game, read once from the scenario.

The terrain grid, place hexes, line features projected to kilometres and the historical date of
each objective. Pure data (no pygame), so it is cheap to test and shared by the renderer, the
minimap and the panels. Rules (costs, supply, control) are never computed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from engine.format.loaded import LoadedScenario
from engine.format.ruleset import FortificationLevel, Ruleset, TerrainType, UnitType
from engine.format.scenario import Place, Scenario, text_in
from engine.hexgrid import Hex, HexGrid
from engine.history.timeline import historical_dates


@dataclass(frozen=True)
class LinePath:
    """A road, railway, river or canal as a polyline in map kilometres."""

    id: str
    kind: str
    name: str
    points_km: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class ObjectiveInfo:
    place_id: str
    name: str
    hex: Hex
    side: str
    points: int
    includes: tuple[str, ...]
    fell: dt.date | None  # the preferred date of history.outcomes
    other_dates: tuple[dt.date, ...]  # the dates other sources give
    held_until: dt.date | None
    note: str


class MapFacts:
    """Static facts about one scenario's map, looked up by the drawing code."""

    def __init__(self, loaded: LoadedScenario, lang: str = "en") -> None:
        self.loaded = loaded
        self.lang = lang  # names on the map: the player's language, else English (text_in)
        self.scenario: Scenario = loaded.scenario
        self.ruleset: Ruleset = loaded.ruleset
        spec = self.scenario.map
        self.grid = HexGrid(spec.bounds, spec.hex_size_km)
        self.terrain_types: list[TerrainType] = list(self.ruleset.terrain)
        self.terrain_index = {t.id: i for i, t in enumerate(self.terrain_types)}
        self.base_terrain = self._parse_terrain()  # the scenario's own map
        self.terrain = self.base_terrain  # what is drawn: floods change it on their days
        self.places: dict[str, Place] = {p.id: p for p in self.scenario.places}
        self.place_hex: dict[str, Hex] = {
            p.id: self.grid.hex_at(p.lat, p.lon) for p in self.scenario.places
        }
        self.unit_types: dict[str, UnitType] = {t.id: t for t in self.ruleset.unit_types}
        self.fortifications: dict[int, FortificationLevel] = {
            f.level: f for f in self.ruleset.fortifications
        }

    # --- terrain --------------------------------------------------------------------------
    def _parse_terrain(self) -> np.ndarray:
        """Terrain index per hex, shape (rows, cols); unknown or missing cells read as water."""
        spec = self.scenario.map
        water = next((i for i, t in enumerate(self.terrain_types) if t.water), 0)
        grid = np.full((self.grid.rows, self.grid.cols), water, dtype=np.int16)
        lines = [line for line in spec.terrain.splitlines() if line.strip()]
        for row, line in enumerate(lines[: self.grid.rows]):
            for col, char in enumerate(line[: self.grid.cols]):
                terrain_id = spec.terrain_legend.get(char)
                if terrain_id is not None and terrain_id in self.terrain_index:
                    grid[row, col] = self.terrain_index[terrain_id]
        return grid

    @cached_property
    def water_mask(self) -> np.ndarray:
        flags = np.array([t.water for t in self.terrain_types], dtype=bool)
        return flags[self.terrain]

    def terrain_at(self, hex_: Hex) -> TerrainType | None:
        if not self.grid.on_map(hex_):
            return None
        return self.terrain_types[int(self.terrain[hex_[1], hex_[0]])]

    def is_water(self, hex_: Hex) -> bool:
        return self.grid.on_map(hex_) and bool(self.water_mask[hex_[1], hex_[0]])

    # --- places and lines -----------------------------------------------------------------
    def place_name(self, place_id: str, lang: str | None = None) -> str:
        place = self.places.get(place_id)
        return text_in(place.name, lang or self.lang) if place else place_id

    def places_at(self, hex_: Hex) -> list[Place]:
        return [self.places[pid] for pid, h in self.place_hex.items() if h == hex_]

    @cached_property
    def lines(self) -> list[LinePath]:
        out: list[LinePath] = []
        for feature in self.scenario.map.lines:
            points: list[tuple[float, float]] = []
            for waypoint in feature.points:
                if isinstance(waypoint, str):
                    place = self.places.get(waypoint)
                    if place is None:
                        continue
                    points.append(self.grid.project(place.lat, place.lon))
                else:
                    points.append(self.grid.project(waypoint[0], waypoint[1]))
            if len(points) >= 2:
                name = text_in(feature.name, self.lang) if feature.name else ""
                out.append(LinePath(feature.id, feature.kind, name, tuple(points)))
        return out

    # --- objectives and history -----------------------------------------------------------
    @cached_property
    def objectives(self) -> list[ObjectiveInfo]:
        dates = historical_dates(self.scenario)
        notes = {o.objective: o.notes for o in self.scenario.history.outcomes}
        out: list[ObjectiveInfo] = []
        for objective in self.scenario.victory.objectives:
            history = dates[objective.place]
            note = notes.get(objective.place)
            out.append(
                ObjectiveInfo(
                    place_id=objective.place,
                    name=self.place_name(objective.place),
                    hex=self.place_hex.get(objective.place, (0, 0)),
                    side=objective.side,
                    points=objective.points,
                    includes=tuple(objective.includes),
                    fell=history.date,
                    other_dates=tuple(claim.date for claim in history.alternatives),
                    held_until=history.held_until,
                    note=text_in(note, "en") if note else "",
                )
            )
        return out

    def side_colour(self, side_id: str) -> str:
        side = next((s for s in self.scenario.sides if s.id == side_id), None)
        return side.colour if side else "#808080"

    def nation_colour(self, side_id: str, nation_id: str) -> str:
        for side in self.scenario.sides:
            for nation in side.nations:
                if nation.id == nation_id and side.id == side_id:
                    return nation.colour
        return self.side_colour(side_id)

    def side_name(self, side_id: str, lang: str) -> str:
        side = next((s for s in self.scenario.sides if s.id == side_id), None)
        return text_in(side.name, lang) if side else side_id

    def position_hex(self, place: str | None, at: tuple[float, float] | None) -> Hex | None:
        """The hex of a scenario position (a place id or a coordinate)."""
        if place is not None:
            return self.place_hex.get(place)
        if at is not None:
            return self.grid.hex_at(at[0], at[1])
        return None
