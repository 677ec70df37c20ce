"""Scenarios built in memory: a loaded scenario from a dict, without writing files.

Rule tests set up exact positions this way, and tools that explore "what if" variants of a
scenario (an AI's look-ahead, a modder's quick experiment) can do the same. The data goes
through the same pydantic models as a file, so a bad edit is refused just as a bad file is.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from engine.format.loaded import LoadedScenario
from engine.format.ruleset import Ruleset
from engine.format.ruleset_layers import merge
from engine.format.scenario import Bounds, Scenario
from engine.format.shipped import RULES_DIR
from engine.hexgrid import HexGrid


def read_yaml(path: str | Path) -> Any:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def ruleset_data(name: str = "ww2_west_1944.yaml") -> dict[str, Any]:
    return read_yaml(RULES_DIR / name)


def loaded_from_data(
    scenario: dict[str, Any], ruleset: dict[str, Any] | None = None, path: str = "<memory>"
) -> LoadedScenario:
    """Validate the dicts with the format models and wrap them as a loaded scenario.

    The digest covers the scenario's meaning, so a save made from one variant is refused by
    another.
    """
    rules = ruleset if ruleset is not None else ruleset_data(Path(scenario["ruleset"]).name)
    model = Scenario.model_validate(scenario)
    overrides = scenario.get("rules")
    rules_model = Ruleset.model_validate(merge(rules, overrides) if overrides else rules)
    return LoadedScenario(model, rules_model, Path(path))


def grid_of(scenario: dict[str, Any]) -> HexGrid:
    spec = scenario["map"]
    return HexGrid(Bounds(**spec["bounds"]), spec["hex_size_km"])


def latlon_of(scenario: dict[str, Any], hex_: tuple[int, int]) -> list[float]:
    """[lat, lon] of a hex centre, for `start: {at: ...}` and place coordinates."""
    lat, lon = grid_of(scenario).centre_latlon(hex_)
    return [lat, lon]


@lru_cache(maxsize=1)
def _full_strengths() -> dict[str, int]:
    return {t["id"]: t["full_strength"] for t in ruleset_data()["unit_types"]}


LEGEND = {"~": "sea", ".": "open", "h": "heights", "u": "urban", "w": "woods", "m": "marsh",
          "i": "inundated", "d": "dunes", "c": "cliffs"}


class Field:
    """A small made-to-measure scenario: a terrain picture plus places and units by hex.

        f = Field(["~.....", "~....."]).place("town", (3, 0), side="germans")
        f.unit("a", "allies", "infantry_bn", (1, 1)).source("rear", "allies", "town")
        game = Game(f.loaded(), seed=1)
    """

    def __init__(self, terrain: list[str], hex_size_km: float = 2.0, start: str = "1944-09-17",
                 days: int = 7) -> None:
        import datetime as dt
        import math

        cols, rows = len(terrain[0]), len(terrain)
        row_h = hex_size_km * math.sqrt(3) / 2
        north = 50.9
        south = north - ((rows - 0.5) * row_h) / 111.2
        km_per_lon = 111.2 * math.cos(math.radians((north + south) / 2))
        west = 1.6
        east = west + ((cols - 0.5) * hex_size_km) / km_per_lon
        first = dt.date.fromisoformat(start)
        self.data: dict[str, Any] = {
            "format_version": 1, "id": "field", "ruleset": "rules/ww2_west_1944.yaml",
            "title": "Field", "description": "A test field.", "authors": ["tests"],
            "start_date": start, "end_date": (first + dt.timedelta(days=days)).isoformat(),
            "map": {"hex_size_km": hex_size_km,
                    "bounds": {"west": west, "east": east, "south": south, "north": north},
                    "terrain_legend": LEGEND, "terrain": "\n".join(terrain) + "\n", "lines": []},
            "places": [],
            "sides": [
                {"id": "allies", "name": "Allies", "colour": "#4a7bd0",
                 "nations": [{"id": "ca", "name": "Canada", "colour": "#c8102e"}]},
                {"id": "germans", "name": "Germans", "colour": "#6b6b6b",
                 "nations": [{"id": "de", "name": "Germany", "colour": "#555555"}]},
            ],
            "units": [], "supply": {"sources": [], "depots": []}, "events": [],
            "weather": {"known": [], "chances": {}},
            "victory": {"objectives": [], "levels": [
                {"id": "win", "name": "Win", "min_share": 0.5},
                {"id": "loss", "name": "Loss", "min_share": 0.0}]},
        }
        grid = grid_of(self.data)
        if (grid.cols, grid.rows) != (cols, rows):
            raise ValueError(f"field grid came out {grid.cols}x{grid.rows}, wanted {cols}x{rows}")

    def at(self, hex_: tuple[int, int]) -> list[float]:
        return latlon_of(self.data, hex_)

    def place(self, pid: str, hex_: tuple[int, int], **extra: Any) -> Field:
        lat, lon = self.at(hex_)
        self.data["places"].append({"id": pid, "name": pid, "kind": extra.pop("kind", "town"),
                                    "lat": lat, "lon": lon, **extra})
        return self

    def unit(self, uid: str, side: str, type_id: str, hex_: tuple[int, int] | None,
             quality: str = "regular", **extra: Any) -> Field:
        entry: dict[str, Any] = {
            "id": uid, "name": uid, "side": side, "nation": "ca" if side == "allies" else "de",
            "type": type_id, "strength": extra.pop("strength", _full_strengths()[type_id]),
            "quality": quality, **extra,
        }
        if hex_ is not None:
            entry["start"] = {"at": self.at(hex_)}
        self.data["units"].append(entry)
        return self

    def source(self, sid: str, side: str, place: str, **extra: Any) -> Field:
        self.data["supply"]["sources"].append({"id": sid, "side": side, "place": place, **extra})
        return self

    def depot(self, place: str, side: str, food: float, ammo: float) -> Field:
        self.data["supply"]["depots"].append(
            {"place": place, "side": side, "food_days": food, "ammo_days": ammo})
        return self

    def line(self, lid: str, kind: str, hexes: list[tuple[int, int]]) -> Field:
        self.data["map"]["lines"].append(
            {"id": lid, "kind": kind, "points": [self.at(h) for h in hexes]})
        return self

    def line_points(self, lid: str, kind: str, points: list[list[float]]) -> Field:
        self.data["map"]["lines"].append({"id": lid, "kind": kind, "points": points})
        return self

    def event(self, **event: Any) -> Field:
        event.setdefault("caption", event.get("id", "event"))
        self.data["events"].append(event)
        return self

    def objective(self, place: str, side: str = "allies", points: int = 100, **extra: Any) -> Field:
        self.data["victory"]["objectives"].append(
            {"place": place, "side": side, "points": points, **extra})
        return self

    def set(self, key: str, value: Any) -> Field:
        self.data[key] = value
        return self

    def loaded(self, ruleset: dict[str, Any] | None = None) -> LoadedScenario:
        if not self.data["victory"]["objectives"]:
            places = self.data["places"]
            target = next((p for p in places if p.get("side") != "allies"), places[0])
            self.objective(target["id"])
        return loaded_from_data(self.data, ruleset)
