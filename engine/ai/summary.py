"""What a side did in its last orders phase, read from the order log: the AI's turn as a list.

The window shows the opponent's turn (issue 13): every order the AI gives is already in the
game's order log with the events it caused, so the summary is computed from the log alone —
the same for an AI, a person at a hot seat or the historical plan, and the same after a save
is loaded. Each shoot, raid, assault and truce becomes one `Action` with its result; moves are
counted (and listed by unit), since a front's worth of short moves reads better as a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from engine.events import Event
from engine.game import Game
from engine.orders import AirRaid, Assault, Bombard, Move, Truce

from .tactics import last_phase


@dataclass(frozen=True)
class Action:
    """One thing the side did that the other side felt."""

    kind: str  # "shoot", "air_raid", "assault" or "truce"
    units: tuple[str, ...]  # who (empty for an air raid)
    target: tuple[int, int]  # (col, row); a truce's place hex
    places: tuple[str, ...]  # places in the target hex
    result: dict[str, Any]  # the deciding event's data (losses, beaten, works, evacuated, ...)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "units": list(self.units), "target": list(self.target),
                "places": list(self.places), "result": self.result}


@dataclass(frozen=True)
class PhaseSummary:
    side: str
    date: dt.date
    moved: tuple[str, ...]  # units that moved, each once
    actions: tuple[Action, ...]

    def counts(self) -> dict[str, int]:
        out = {"moved": len(self.moved)}
        for a in self.actions:
            out[a.kind] = out.get(a.kind, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {"side": self.side, "date": self.date.isoformat(), "moved": list(self.moved),
                "actions": [a.to_json() for a in self.actions], "counts": self.counts()}


KINDS: dict[type, tuple[str, str]] = {  # order type -> (action kind, deciding event kind)
    Bombard: ("shoot", "bombarded"),
    AirRaid: ("air_raid", "bombarded"),
    Assault: ("assault", "assault"),
    Truce: ("truce", "truce"),
}


def _decisive(events: list[Event], kind: str) -> dict[str, Any]:
    found = next((e for e in events if e.kind == kind), None)
    return dict(found.fields) if found is not None else {}


def phase_summary(game: Game, side: str) -> PhaseSummary | None:
    """`side`'s last complete orders phase, or None if it has not played one yet."""
    phase = list(reversed(last_phase(game, side)))
    if not phase and not any(o.side == side for o in game.orders):
        return None
    world = game.world
    moved: dict[str, None] = {}
    actions: list[Action] = []
    date = game.state.date
    for order, events in phase:
        if events:
            date = dt.date.fromisoformat(events[0].date)
        if isinstance(order, Move):
            moved[order.unit] = None
            continue
        units: tuple[str, ...] = ()
        if isinstance(order, Truce):
            h = world.map.place_hex[order.place]
        elif isinstance(order, Bombard):
            h, units = world.map.grid.index(order.target), (order.unit,)
        elif isinstance(order, Assault):
            h, units = world.map.grid.index(order.target), order.units
        elif isinstance(order, AirRaid):
            h = world.map.grid.index(order.target)
        else:
            continue
        kind, event_kind = KINDS[type(order)]
        target = world.map.grid.hex_of(h)
        actions.append(Action(kind, units, target, tuple(world.map.hex_places.get(h, ())),
                              _decisive(events, event_kind)))
    return PhaseSummary(side, date, tuple(moved), tuple(actions))
