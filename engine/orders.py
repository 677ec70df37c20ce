"""Orders: immutable values with a stable JSON form. A game is a seed plus a list of these.

Hexes are given as `[col, row]` in JSON and `(col, row)` tuples in Python. Every order names
the side giving it, so a log can be checked and replayed without knowing who was at the keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

Hex = tuple[int, int]

# Every refusal the rules can give: code -> the names of its params. The English `reason` is
# written where the refusal is raised; an interface in another language words the refusal from
# the code and params instead, so the code is the stable contract (logs keep the English). A
# param named `unit`, `place`, `side`, `other_side` or `weather` holds an id, `hex` a hex
# `[col, row]` on the map; the others are plain numbers or text.
REFUSALS: dict[str, tuple[str, ...]] = {
    "not_an_order": ("order",),
    "unknown_order": ("order",),
    "campaign_over": (),
    "unknown_side": ("side",),
    "wrong_phase": ("side", "other_side"),
    "no_such_unit": ("side", "unit"),
    "not_on_map": ("unit",),
    "static_unit": ("unit",),
    "attacked_cannot_move": ("unit",),
    "no_movement_points": ("unit",),
    "fortress_order_holds": ("unit",),
    "off_map": ("col", "row"),
    "unreachable": ("unit", "hex"),
    "no_attackers": (),
    "unit_listed_twice": (),
    "no_enemy_in_target": (),
    "truce_forbids_fighting": ("place",),
    "not_own_unit_on_map": ("unit", "side"),
    "already_attacked": ("unit",),
    "not_adjacent": ("unit",),
    "cannot_attack": ("unit",),
    "cannot_support": ("unit",),
    "already_fired": ("unit",),
    "support_out_of_range": ("unit",),
    "no_guns": ("unit",),
    "sea_only_battery": ("unit",),
    "out_of_range": ("unit", "distance", "range"),
    "truce_forbids_firing": ("place",),
    "no_ammunition": ("unit",),
    "redeploying": ("unit", "days"),
    "no_dump_in_reach": ("unit",),
    "ammunition_short": ("unit", "place", "tons", "stock"),
    "no_ammunition_count": ("side",),
    "not_a_dump": ("place",),
    "no_raid_available": ("side",),
    "raid_not_granted_here": ("side",),
    "weather_grounds_bombers": ("weather",),
    "truce_forbids_bombing": ("place",),
    "no_such_place": ("place",),
    "truce_hours": ("min", "max"),
    "no_civilians": ("place",),
    "truce_already_agreed": ("place",),
    "truce_already_held": ("place", "allowed"),
    "no_fighting_to_pause": ("place",),
    "target_at_sea": (),
    "truce_not_asked": ("place", "side"),
    "truce_refused": ("place", "side"),
}


class IllegalOrder(Exception):
    """An order the rules refuse.

    `reason` says why in English words a player understands (logs, tests, save errors);
    `code` (a key of `REFUSALS`) and `params` (ids and numbers) say the same as data, so the
    interface can word it in the player's language with the names it shows on the map.
    """

    def __init__(self, reason: str, *, code: str,
                 params: Mapping[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.params: dict[str, Any] = dict(params or {})


class OrderFormatError(ValueError):
    """A JSON order that cannot be read (unknown kind, missing or mistyped field)."""


@dataclass(frozen=True)
class Order:
    kind: ClassVar[str] = ""
    side: str

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = [list(v) if isinstance(v, tuple) else v for v in value]
                if f.name in ("to", "target"):
                    value = list(getattr(self, f.name))
            out[f.name] = value
        return out

    def __str__(self) -> str:
        body = " ".join(f"{k}={v}" for k, v in self.to_json().items() if k != "kind")
        return f"{self.kind} {body}"


@dataclass(frozen=True)
class Move(Order):
    """Move one unit to a hex along the cheapest legal path."""

    kind: ClassVar[str] = "move"
    unit: str
    to: Hex


@dataclass(frozen=True)
class Assault(Order):
    """Units adjacent to `target` attack it; artillery in range in `support` adds its fire."""

    kind: ClassVar[str] = "assault"
    units: tuple[str, ...]
    target: Hex
    support: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bombard(Order):
    """An artillery unit fires on a hex in range (once per turn)."""

    kind: ClassVar[str] = "bombard"
    unit: str
    target: Hex


@dataclass(frozen=True)
class AirRaid(Order):
    """Spend one granted heavy-bomber raid on a hex; the day's weather scales its effect."""

    kind: ClassVar[str] = "air_raid"
    target: Hex


@dataclass(frozen=True)
class Truce(Order):
    """An evacuation truce at a place holding civilians: no fighting there for `hours`."""

    kind: ClassVar[str] = "truce"
    place: str
    hours: int


@dataclass(frozen=True)
class Stockpile(Order):
    """Send the side's ammunition lorries to build up a dump first (for a set-piece there)."""

    kind: ClassVar[str] = "stockpile"
    place: str


@dataclass(frozen=True)
class EndTurn(Order):
    """The side has finished its orders for this turn."""

    kind: ClassVar[str] = "end_turn"


ORDER_TYPES: dict[str, type[Order]] = {
    cls.kind: cls for cls in (Move, Assault, Bombard, AirRaid, Truce, Stockpile, EndTurn)
}


def order_from_json(data: Any) -> Order:
    """Read an order from its JSON form; raises `OrderFormatError` with a clear message."""
    if not isinstance(data, dict):
        raise OrderFormatError(f"an order must be a JSON object, not {type(data).__name__}")
    kind = data.get("kind")
    cls = ORDER_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise OrderFormatError(f"unknown order kind {kind!r}; known: {', '.join(ORDER_TYPES)}")
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            if f.name == "support":
                continue
            raise OrderFormatError(f"{kind} order lacks {f.name!r}")
        value = data[f.name]
        try:
            if f.name in ("to", "target"):
                col, row = value
                if not all(isinstance(v, int) and not isinstance(v, bool) for v in (col, row)):
                    raise TypeError
                value = (col, row)
            elif f.name in ("units", "support"):
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise TypeError
                value = tuple(value)
            elif f.name == "hours":
                if not isinstance(value, int) or isinstance(value, bool):
                    raise TypeError
            elif not isinstance(value, str):
                raise TypeError
        except (TypeError, ValueError) as exc:
            raise OrderFormatError(f"{kind} order: bad value for {f.name!r}: {value!r}") from exc
        kwargs[f.name] = value
    extra = set(data) - {f.name for f in fields(cls)} - {"kind"}
    if extra:
        raise OrderFormatError(f"{kind} order: unknown field(s) {sorted(extra)}")
    return cls(**kwargs)
