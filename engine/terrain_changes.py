"""Terrain that changes on dated events: land flooded on purpose, spreading day by day, and
drained again (the scenario's `flooding` and `draining` events).

Nothing in play changes the schedule — the water follows the scenario's dates, not the
fighting — so every day's terrain is known before the game starts. `terrain_changes` lists
each day's changes; `TerrainStages` holds one compiled map per day on which the terrain
changes, and `World.on(date)` hands the rules the map of the day, so movement, supply and
combat read a flooded hex through the ordinary terrain rules.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

import numpy as np

from engine.format.mapgen import hex_centres_latlon, points_in_polygon
from engine.format.ruleset import Ruleset
from engine.format.scenario import DrainingEvent, FloodingEvent, Scenario
from engine.mapdata import MapData, with_terrain


@dataclass(frozen=True)
class TerrainChange:
    """Hexes that take another terrain on one day, because of one event."""

    date: dt.date
    event: str  # id of the flooding or draining event
    kind: str  # "flooding" or "draining"
    terrain: str | None  # terrain id the hexes take; None: back to the map's own terrain
    hexes: tuple[int, ...]  # flat indices, ascending


def flooded_hexes(scenario: Scenario, base: MapData, event: FloodingEvent) -> list[int]:
    """The land a flooding event covers: its areas and the hexes round its places, where the
    map's terrain is land (and one of `covers`, if it lists any)."""
    zone: set[int] = set()
    if event.areas:
        lat, lon = hex_centres_latlon(base.grid)
        areas = {a.id: a for a in scenario.map.areas}
        for area_id in event.areas:
            zone.update(np.flatnonzero(points_in_polygon(lat, lon, areas[area_id].polygon))
                        .tolist())
    for place in event.places:
        zone.update(base.within(base.place_hex[place], event.radius_hexes))
    covers = set(event.covers)
    return sorted(h for h in zone if base.land[h]
                  and (not covers or base.terrain_ids[base.terrain[h]] in covers))


def _days_after(base: MapData, hexes: list[int], starts: list[int], per_day: int | None
                ) -> dict[int, int]:
    """Per hex, how many days after the event's date the water reaches (or leaves) it."""
    if not starts or per_day is None:
        return dict.fromkeys(hexes, 0)
    return {h: min(base.distance(h, s) for s in starts) // per_day for h in hexes}


def terrain_changes(scenario: Scenario, base: MapData) -> list[TerrainChange]:
    """Every day's terrain changes within the scenario's dates, in date order (events on the
    same day in file order). A draining stops its flooding's spread from its own date."""
    floods = {e.id: e for e in scenario.events if isinstance(e, FloodingEvent)}
    drained_on = {e.flooding: e.date for e in scenario.events if isinstance(e, DrainingEvent)}
    changes: dict[tuple[dt.date, int], TerrainChange] = {}

    def add(order: int, date: dt.date, event: str, kind: str, terrain: str | None,
            hexes: list[int]) -> None:
        if date > scenario.end_date or not hexes:
            return
        key = (date, order)
        old = changes.get(key)
        merged = sorted({*hexes, *(old.hexes if old else ())})
        changes[key] = TerrainChange(date, event, kind, terrain, tuple(merged))

    zones = {fid: flooded_hexes(scenario, base, e) for fid, e in floods.items()}
    for order, e in enumerate(scenario.events):
        if isinstance(e, FloodingEvent):
            flood = e
            stop = drained_on.get(e.id)
            terrain: str | None = e.terrain
            per_day = e.hexes_per_day
        elif isinstance(e, DrainingEvent) and e.flooding in floods:
            flood, stop, terrain, per_day = floods[e.flooding], None, None, e.hexes_per_day
        else:
            continue
        starts = [base.place_hex[p] for p in flood.starts_at]
        by_day: dict[int, list[int]] = {}
        for h, days in _days_after(base, zones[flood.id], starts, per_day).items():
            by_day.setdefault(days, []).append(h)
        for days, hexes in by_day.items():
            date = e.date + dt.timedelta(days=days)
            if stop is None or date < stop:
                add(order, date, e.id, e.kind, terrain, hexes)
    return [changes[k] for k in sorted(changes)]


class TerrainStages:
    """The scenario's map on each day: the map itself until the first change, then one
    compiled map per day on which the terrain changes (made on first use)."""

    def __init__(self, scenario: Scenario, ruleset: Ruleset, base: MapData) -> None:
        self.ruleset = ruleset
        self.base = base
        self.changes = terrain_changes(scenario, base)
        self.dates = sorted({c.date for c in self.changes})
        self._terrain: list[np.ndarray] = []
        terrain = base.terrain.copy()
        index = {tid: i for i, tid in enumerate(base.terrain_ids)}
        for date in self.dates:
            for c in self.changes:
                if c.date == date:
                    hexes = list(c.hexes)
                    terrain[hexes] = base.terrain[hexes] if c.terrain is None \
                        else index[c.terrain]
            self._terrain.append(terrain.copy())
        self._maps: dict[int, MapData] = {}

    def stage_on(self, date: dt.date) -> int:
        """0 before the first change, else 1 + the index of the last change day up to `date`."""
        return bisect.bisect_right(self.dates, date)

    def map(self, stage: int) -> MapData:
        if stage == 0:
            return self.base
        found = self._maps.get(stage)
        if found is None:
            found = self._maps[stage] = with_terrain(self.base, self.ruleset,
                                                     self._terrain[stage - 1])
        return found

    def changes_on(self, date: dt.date) -> list[TerrainChange]:
        return [c for c in self.changes if c.date == date]
