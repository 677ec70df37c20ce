"""The other side's phase as the player may watch it: its moves along their paths, its
assaults, shoots and raids marked on their hexes — once when the phase ends, and again on demand
("replay the enemy's turn").

Built from the phase's engine events, under fog only from what the player's side saw: a move
of a unit it does not see now is left out, and a seen unit's path is cut to the hexes in which
the side sees enemy units (where it came from stays unknown).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine.events import Event
from engine.hexgrid import Hex

FIRE_KINDS = ("assault", "bombarded", "air_raid")


@dataclass(frozen=True)
class Step:
    """One thing to show: a unit sliding along `path`, or a hex marked (`target`)."""

    kind: str  # "moved" or one of FIRE_KINDS
    unit: str | None = None
    path: tuple[Hex, ...] = ()
    target: Hex | None = None


@dataclass(frozen=True)
class EnemyTurn:
    """What the player saw of the other side's last phase."""

    side: str
    steps: tuple[Step, ...]
    events: tuple[Event, ...]  # the phase's events the player may read (results, the list)

    @property
    def moves(self) -> list[Step]:
        return [s for s in self.steps if s.kind == "moved"]

    @property
    def hexes(self) -> list[Hex]:
        """Every hex the phase touched, for the camera."""
        return [h for s in self.steps for h in ((s.target,) if s.target else s.path[-1:])]

    def starts(self) -> dict[str, Hex]:
        """Where each moving unit stood before its first move of the phase."""
        out: dict[str, Hex] = {}
        for step in self.moves:
            if step.unit is not None:
                out.setdefault(step.unit, step.path[0])
        return out


def enemy_turn(side: str, events: Sequence[Event], on_map: Callable[[Hex], bool],
               shown: Callable[[Event], bool], seen_hex: Callable[[Hex], bool]) -> EnemyTurn:
    """The phase of `side` from its events. `shown(event)`: the player may read it (fog);
    `seen_hex(hex)`: the player's side sees enemy units in that hex (always true without fog)."""
    steps: list[Step] = []
    kept: list[Event] = []
    for event in events:
        if not shown(event):
            continue
        kept.append(event)
        data = event.fields
        if event.kind == "moved" and isinstance(data.get("path"), (list, tuple)):
            path = tuple((int(h[0]), int(h[1])) for h in data["path"])
            first = next((i for i, h in enumerate(path) if seen_hex(h)), len(path))
            path = path[first:]
            if len(path) >= 2 and all(on_map(h) for h in path):
                steps.append(Step("moved", unit=str(data["unit"]), path=path))
        elif event.kind == "bombarded" and data.get("by") == "air":
            continue  # the raid's own step marks its hex
        elif event.kind in FIRE_KINDS and isinstance(data.get("target"), (list, tuple)):
            target = (int(data["target"][0]), int(data["target"][1]))
            if on_map(target):
                steps.append(Step(event.kind, target=target))
    return EnemyTurn(side, tuple(steps), tuple(kept))
