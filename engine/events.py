"""The game's event records: what happened, for the map animation, log, report and history.

Every event has a `kind` from `EVENT_KINDS`, the ISO `date` of the turn, and a flat `data`
mapping of JSON-ready values (ids, numbers, `[col, row]` hexes). Events are values: the same
seed and orders give the same events, in the same order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# kind -> what it means and which data keys it carries (docs/engine-api.md lists the same).
EVENT_KINDS: dict[str, str] = {
    "turn_began": "a new day of play: turn, date, day (1 = the turn's first day)",
    "weather": "the day's weather: weather, air (share of air effect that gets through), known",
    "narrative": "a scenario caption: id, caption",
    "fortress_order": "named fortresses must hold: side, morale_change, places, units",
    "terrain_changed": "land flooded or drained on a dated event: id (the event), cause "
    "(flooding or draining), terrain (the terrain id taken; '' for the map's own), hexes, "
    "caption (the event's caption on its own date, else absent)",
    "air_raids_granted": "raids to spend: side, raids, bombers_per_raid, tons_per_raid, "
                         "objectives (the fortresses they are for; empty: anywhere), until",
    "priority": "higher command's focus: side, mask, unmask",
    "stockpile": "the side's lorries build up a dump first: side, place",
    "ammunition": "a side's shells at the start of the day (tons): side, delivered (to the "
                  "railhead), arrived (loads reaching dumps), sent (dump -> tons loaded for "
                  "the road), stocks (place -> tons)",
    "arrived": "reinforcement on the map: unit, hex, place",
    "arrival_delayed": "entry hex blocked, tries again tomorrow: unit, place",
    "withdrawn": "unit leaves the map: unit, men",
    "supply": "supply traced for a side: side, supplied, depot, out_of_supply, pockets",
    "encircled": "a new pocket: side, pocket, units, depots",
    "moved": "unit moved: unit, path (list of hexes), cost, mp_left",
    "bombarded": "fire on a hex: by (unit or 'air'), target, firepower, suppression, losses, "
    "works_before, works_after, civilians_killed, place",
    "air_raid": "a heavy-bomber raid: side, target, bombers, weather_factor, strayed",
    "bombs_strayed": "part of a raid fell elsewhere: place, hex, civilians_killed",
    "assault": "an assault resolved: side, target, units, defenders, attack, defence, odds, "
    "win_chance, beaten, attacker_losses, defender_losses, place, prepared (supported or the "
    "defenders shelled that day; else hasty), civilians_killed (by the supporting guns)",
    "retreated": "unit fell back: unit, from, to",
    "surrendered": "unit gave up; its men are prisoners: unit, side, men, place, reason, hex, "
    "by (the enemy unit it gave itself up to, or ''), wounded (of men: the wounded it kept)",
    "destroyed": "unit wiped out: unit, side, place, wounded (the wounded it kept, taken "
    "prisoner with the place; 0 if its garrison still holds it)",
    "advanced": "unit entered the hex it took: unit, hex",
    "place_taken": "place changed hands: place, side, previous, by (the unit that took it, or '')",
    "objective_taken": "an objective and all its strongpoints held: objective, side, points_now",
    "objective_lost": "a taken objective lost again: objective, side",
    "ring_breached": "a `contain` objective's ring broke: objective, side, places (ring places "
    "lost), units (garrison units outside)",
    "ring_restored": "a broken ring is whole again: objective, side",
    "containment_ended": "a ring's last counted day: objective, side, held (days it held), days "
    "(days counted), points_now",
    "truce": "evacuation truce: place, side, hours, until (its last day), evacuated",
    "truce_ended": "fighting may resume: place",
    "civilians_expelled": "the holder drove civilians out, no truce: place, side, civilians",
    "attrition": "out-of-supply effects: unit, days, morale",
    "depot_empty": "a pocket ran out: place, stock (food or ammo)",
    "morale_collapse": "a fortress lost a strongpoint or its command: objective, place, units, "
    "loss, cause (strongpoint or command)",
    "strait_fire": "a battery shelled an off-map town across the water: unit, target, guns, "
    "shells, killed, km",
    "counter_battery": "an off-map battery fired at a battery on the map: battery, unit, guns, "
    "shells, knocked_out, km",
        "game_over": "the campaign ended: reason, score, share, level",
}


@dataclass(frozen=True)
class Event:
    kind: str
    date: str
    data: tuple[tuple[str, Any], ...] = ()

    @staticmethod
    def make(kind: str, on: dt.date, /, **data: Any) -> Event:
        assert kind in EVENT_KINDS, kind
        return Event(kind, on.isoformat(), tuple(sorted((k, _freeze(v)) for k, v in data.items())))

    def get(self, key: str, default: Any = None) -> Any:
        for k, v in self.data:
            if k == key:
                return v
        return default

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.data)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "date": self.date, **{k: _thaw(v) for k, v in self.data}}

    def __str__(self) -> str:
        body = ", ".join(f"{k}={_thaw(v)}" for k, v in self.data)
        return f"{self.date} {self.kind}: {body}"


_AS_IS = frozenset({int, str, bool, type(None)})  # plain values an event keeps unchanged


def _freeze(value: Any) -> Any:
    """An event's value made immutable and stable: lists as tuples, dicts as sorted pairs,
    floats to 6 places. A move's path alone is a few dozen pairs, made on every move, so
    plain values return first."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is float:
        return round(value, 6)
    if kind is list or kind is tuple:  # plain items kept without a call each (a path's ints)
        return tuple([v if type(v) in _AS_IS else _freeze(v) for v in value])
    if isinstance(value, (list, tuple)):
        return tuple([_freeze(v) for v in value])
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, float):
        return round(value, 6)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value
