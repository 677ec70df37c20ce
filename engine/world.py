"""The fixed facts of one game: scenario, ruleset, compiled map and lookup tables.

OpenSpiel separates Game (static rules and facts) from State (the position); `World` is the
former. It is built once per loaded scenario, shared by every state, snapshot and process, and
never changes during play. A scenario whose terrain changes on dated events (a flood) has one
world per terrain: `world.on(date)` is the world of that day — the same facts and caches, the
map of the day — and the rules are always handed the world of the state's date.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from engine.format.limits import over_limits
from engine.format.loaded import LoadedScenario
from engine.format.ruleset import (
    EngineRules,
    FortificationLevel,
    Quality,
    Ruleset,
    UnitType,
    Weather,
)
from engine.format.ruleset_layers import merge
from engine.format.scenario import (
    CapitulationEvent,
    FortressOrderEvent,
    Objective,
    Scenario,
    Side,
    Unit,
    text_in,
)
from engine.hexgrid import HexGrid
from engine.mapdata import MapData, compile_map
from engine.terrain_changes import TerrainStages


@dataclass(frozen=True, eq=False)
class World:
    loaded: LoadedScenario
    map: MapData = field(init=False)

    def __post_init__(self) -> None:
        scenario = self.loaded.scenario
        too_big = over_limits(
            hexes=HexGrid(scenario.map.bounds, scenario.map.hex_size_km).size,
            units=len(scenario.units), days=(scenario.end_date - scenario.start_date).days,
            sides=len(scenario.sides))
        if too_big:  # the validator refuses these; a scenario built in code meets them here
            raise ValueError("; ".join(too_big.values()))
        object.__setattr__(self, "map", compile_map(scenario, self.loaded.ruleset))

    @property
    def root(self) -> World:
        """The world of the scenario's own map (itself, unless it is a later day's world)."""
        return self.__dict__.get("_root", self)

    @cached_property
    def terrain_stages(self) -> TerrainStages:
        """The terrain's dated changes (floods, drainings) and the map of each day."""
        root = self.root
        if root is not self:
            return root.terrain_stages
        return TerrainStages(self.scenario, self.ruleset, self.map)

    def on(self, date: dt.date) -> World:
        """The world of `date`: this one with the map as the dated terrain changes left it
        (the world itself when the terrain never changes)."""
        root = self.root
        stages = root.terrain_stages
        if not stages.dates:
            return root
        stage = stages.stage_on(date)
        if stage == 0:
            return root
        worlds: dict[int, World] = root.__dict__.setdefault("_stage_worlds", {})
        found = worlds.get(stage)
        if found is None:
            found = copy.copy(root)  # shares the facts and their caches; only the map differs
            found.__dict__.pop("_stage_worlds", None)
            object.__setattr__(found, "map", stages.map(stage))
            object.__setattr__(found, "_root", root)
            worlds[stage] = found
        return found

    @property
    def scenario(self) -> Scenario:
        return self.loaded.scenario

    @property
    def ruleset(self) -> Ruleset:
        return self.loaded.ruleset

    @cached_property
    def rules(self) -> EngineRules:
        """The ruleset's `engine:` numbers (kept: every strength and move reads them)."""
        return self.loaded.ruleset.engine

    @cached_property
    def place_rules(self) -> dict[str, EngineRules]:
        """The engine rules of each place whose `rules:` overrides some numbers."""
        base = self.rules.model_dump()
        return {p.id: EngineRules.model_validate(merge(base, p.rules))
                for p in self.scenario.places if p.rules}

    def rules_at(self, place: str) -> EngineRules:
        """The engine rules at a place: the ruleset's, with the place's overrides."""
        return self.place_rules.get(place, self.rules)

    def rules_at_hex(self, hex_: int) -> EngineRules:
        """The engine rules on a hex: those of the first place in it that overrides some."""
        for place in self.map.hex_places.get(hex_, ()):
            if place in self.place_rules:
                return self.place_rules[place]
        return self.rules

    @cached_property
    def works_sites(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The hexes that can hold works — the places' fortifications: fire only wears them
        down and truces mend them only back up to that — and their axial coordinates (q, r),
        for the sight checks of `engine.rules.intelligence`."""
        hexes = np.flatnonzero(self.root.map.base_works > 0)
        axial = np.array([self.map.axial[h] for h in hexes], dtype=np.int64).reshape(-1, 2)
        return hexes, axial[:, 0], axial[:, 1]

    @cached_property
    def side_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.scenario.sides)

    def enemy_of(self, side: str) -> str:
        """The opposing side (the format allows more sides; the first other one is the enemy).
        Looked up, not searched: the rules ask it for every unit they look at."""
        enemy = self._enemies.get(side)
        return enemy if enemy is not None else next(s for s in self.side_ids if s != side)

    @cached_property
    def _enemies(self) -> dict[str, str]:
        return {side: next(s for s in self.side_ids if s != side) for side in self.side_ids}

    @cached_property
    def unit_types(self) -> dict[str, UnitType]:
        return {t.id: t for t in self.ruleset.unit_types}

    @cached_property
    def qualities(self) -> dict[str, Quality]:
        return {q.id: q for q in self.ruleset.qualities}

    @cached_property
    def weathers(self) -> dict[str, Weather]:
        return {w.id: w for w in self.ruleset.weather}

    @cached_property
    def scenario_units(self) -> dict[str, Unit]:
        return {u.id: u for u in self.scenario.units}

    @cached_property
    def fort_levels(self) -> list[FortificationLevel]:
        return sorted(self.ruleset.fortifications, key=lambda f: f.level)

    def fortification(self, works: float) -> tuple[float, float]:
        """(defence multiplier, bombard resistance) for a possibly fractional works level.

        Bombardment wears works down gradually, so values are interpolated between levels.
        Most hexes sit at a handful of levels and every strength estimate asks, so the pairs
        are kept per level asked (bounded: worn works give new levels all campaign long).
        """
        known: dict[float, tuple[float, float]] = self.__dict__.setdefault("_fortification", {})
        found = known.get(works)
        if found is None:
            if len(known) >= 4096:
                known.clear()
            found = known[works] = (self._works_value(works, "defence"),
                                    self._works_value(works, "bombard_resistance"))
        return found

    def assault_losses(self, works: float) -> float:
        """The attacker's loss multiplier at a possibly fractional works level (interpolated)."""
        return self._works_value(works, "assault_losses")

    def _works_value(self, works: float, key: str) -> float:
        levels = self.fort_levels
        if works <= levels[0].level:
            return float(getattr(levels[0], key))
        for lo, hi in itertools.pairwise(levels):
            if works <= hi.level:
                t = (works - lo.level) / (hi.level - lo.level)
                a, b = getattr(lo, key), getattr(hi, key)
                return float(a + t * (b - a))
        return float(getattr(levels[-1], key))

    @cached_property
    def objectives(self) -> dict[str, Objective]:
        return {o.place: o for o in self.scenario.victory.objectives}

    @cached_property
    def objective_of_place(self) -> dict[str, str]:
        """Which objective a place belongs to (the objective itself or one of its strongpoints)."""
        return self.scenario.victory.objective_of_place()

    def fortress_zone(self, event: FortressOrderEvent | CapitulationEvent) -> frozenset[int]:
        """Hexes a fortress order or a capitulation covers: within its radius of each listed
        place (an objective brings its strongpoints), or every hex when it lists no place."""
        if not event.places:
            return frozenset(range(self.map.grid.cols * self.map.grid.rows))
        centres: list[str] = []
        for place in event.places:
            objective = self.objectives.get(place)
            centres.extend((place, *objective.includes) if objective else (place,))
        return self._round(centres, event.radius_hexes)

    def ring_zone(self, objective: Objective) -> frozenset[int]:
        """Where the garrison of a `contain` objective may stand without breaking the ring:
        within its `radius_hexes` of the place and its `includes`."""
        return self._round((objective.place, *objective.includes), objective.radius_hexes)

    def _round(self, places: Iterable[str], radius: int | None) -> frozenset[int]:
        """Hexes within `radius` (default: the fortress radius) of any of the places."""
        reach = radius if radius is not None else self.rules.morale.fortress_radius_hexes
        hexes = (self.map.place_hex[p] for p in dict.fromkeys(places))
        return frozenset(h for centre in hexes for h in self.map.within(centre, reach))

    @cached_property
    def place_names(self) -> dict[str, str]:
        return {p.id: text_in(p.name, "en") for p in self.scenario.places}

    def turn_date(self, turn: int) -> dt.date:
        return self.scenario.start_date + dt.timedelta(days=turn * self.scenario.turn_length_days)

    def truce_policy(self, side: str, place: str, date: dt.date) -> str:
        """`asks`, `accepts` or `refuses`: the side's policy at the place on the day."""
        policy = "asks"
        for entry in self.sides[side].truces if side in self.sides else ():
            if (entry.from_date is None or entry.from_date <= date) and \
                    (entry.until is None or date <= entry.until) and \
                    (not entry.places or place in entry.places):
                policy = entry.policy
        return policy

    @cached_property
    def sides(self) -> dict[str, Side]:
        return {s.id: s for s in self.scenario.sides}

    def day_number(self, date: dt.date) -> int:
        """Days since the scenario's start (0 on `start_date`)."""
        return (date - self.scenario.start_date).days

    def turn_last_day(self, turn: int) -> dt.date:
        """The turn's last day: the day before the next turn, or `end_date` for the last one."""
        return min(self.turn_date(turn + 1) - dt.timedelta(days=1), self.scenario.end_date)

    @cached_property
    def last_turn(self) -> int:
        days = (self.scenario.end_date - self.scenario.start_date).days
        return days // self.scenario.turn_length_days
