"""Where the formations stood each day, as the sources place them: the front the replay draws.

`history.positions` records put units on a place, before one (`near`: facing a place the enemy
still held) or at a coordinate, from a date until their next record. A unit with no record yet
stands where the scenario starts it or where it arrives; it is gone from its withdrawal date;
a garrison is gone once history hands its place to the enemy. The plan's orders move nothing
here: what the Allies ordered and where they were are two different questions, and only the
second is drawn. A record is an estimate when one of its sources is (the `EST` key).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from engine.format.scenario import HistoryPosition, Place, Scenario
from engine.hexgrid import Hex, HexGrid


@dataclass(frozen=True)
class HistoricalPosition:
    """Where a unit stood on a day, and the record that says so (None: its start or arrival)."""

    unit: str
    side: str
    place: str | None
    at: tuple[float, float] | None
    engaged: bool  # before `place`, which the enemy still held that day
    record: HistoryPosition | None


def records_by_unit(scenario: Scenario) -> dict[str, list[HistoryPosition]]:
    """Each unit's dated records, oldest first (a record naming several units counts for each)."""
    out: dict[str, list[HistoryPosition]] = {}
    for record in sorted(scenario.history.positions, key=lambda r: r.date):
        for uid in record.units:
            out.setdefault(uid, []).append(record)
    return out


def positions_on(scenario: Scenario, day: dt.date, owners: dict[str, str | None],
                 withdrawals: dict[str, dt.date], places: dict[str, Place]
                 ) -> dict[str, HistoricalPosition]:
    """Every unit on the map on `day` (see the module docstring); `owners` are history's
    holders of the places that day."""
    records = records_by_unit(scenario)
    out: dict[str, HistoricalPosition] = {}
    for u in scenario.units:
        if u.start is not None:
            place, at = u.start.place, u.start.at
        elif u.arrives is not None and u.arrives.date <= day:
            place, at = u.arrives.place, None
        else:
            continue
        gone = withdrawals.get(u.id)
        if gone is not None and gone <= day:
            continue
        if place is not None and owners.get(place) not in (None, u.side) \
                and places[place].side == u.side:
            continue  # the place it held has fallen: the garrison is gone
        engaged, record = False, None
        for r in records.get(u.id, ()):
            if r.date > day:
                break
            record = r
            place = r.place if r.place is not None else r.near
            at = r.at
            engaged = r.near is not None and owners.get(r.near) not in (None, u.side)
        out[u.id] = HistoricalPosition(u.id, u.side, place, at, engaged, record)
    return out


def position_hexes(scenario: Scenario, positions: dict[str, HistoricalPosition], day: dt.date,
                   grid: HexGrid, is_land: Callable[[Hex], bool] | None = None
                   ) -> dict[str, Hex]:
    """The positions as hexes; a unit before a place stands on a land hex next to it, on the
    side it came from (its previous position)."""
    land = is_land or (lambda _h: True)
    place_hex = {p.id: grid.hex_at(p.lat, p.lon) for p in scenario.places}
    records = records_by_unit(scenario)
    out: dict[str, Hex] = {}
    for uid, pos in positions.items():
        if pos.at is not None:
            hex_ = grid.hex_at(*pos.at)
        elif pos.place is not None:
            hex_ = place_hex[pos.place]
        else:
            continue
        if pos.engaged:
            origin = _origin_hex(scenario, records.get(uid, []), uid, day, grid, place_hex)
            options = [n for n in grid.neighbours(hex_) if grid.on_map(n) and land(n)]
            if options:
                hex_ = min(options, key=lambda n: (HexGrid.distance(n, origin), n))
        out[uid] = hex_
    return out


def _origin_hex(scenario: Scenario, records: list[HistoryPosition], uid: str, day: dt.date,
                grid: HexGrid, place_hex: dict[str, Hex]) -> Hex:
    """Where the unit stood before its latest record (its approach side)."""
    unit = next(u for u in scenario.units if u.id == uid)
    previous: tuple[str | None, tuple[float, float] | None] = (
        (unit.start.place, unit.start.at) if unit.start is not None
        else (unit.arrives.place if unit.arrives is not None else None, None))
    current = previous
    for r in records:
        if r.date > day:
            break
        previous, current = current, (r.place or r.near, r.at)
    place, at = previous
    if at is not None:
        return grid.hex_at(*at)
    return place_hex.get(place, (0, 0)) if place is not None else (0, 0)
