"""Who plays each side — a person, the AI or the scenario's historical plan — and reading that
choice back from a saved game's side file.

The choice is the window's, not the engine's: the engine's save holds the seed and the order
log, whoever gave the orders. A side's player may change in the middle of a game
(`Session.hand_over`); a change asked for while that side's phase is under way waits for its
next phase (`pending`), and a save keeps both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

HUMAN, AI, HISTORY = "human", "ai", "history"  # HISTORY: the scenario's dated plan
PLAYER_KINDS = (HUMAN, AI, HISTORY)


class PlayersError(ValueError):
    """A side file whose choice of players cannot be used; the message is one line."""


@dataclass(frozen=True)
class Handover:
    """A side changed players: from `date` (ISO day), `after` plays it instead of `before`."""

    date: str
    side: str
    before: str
    after: str


@dataclass
class SavedPlayers:
    """Who plays each side now, who takes a side over from its next phase, the AI's level,
    whether the fog of war is on and the hand-overs so far, as a save's side file gives them."""

    controllers: dict[str, str]
    pending: dict[str, str] = field(default_factory=dict)
    difficulty: str = "normal"
    fog: bool = True
    handovers: list[Handover] = field(default_factory=list)


def default_players(sides: Sequence[str]) -> dict[str, str]:
    """A save without a choice of players (made before they were saved): the first side is
    the person's, the others the AI's — what such saves have always loaded with."""
    return {side: (HUMAN if i == 0 else AI) for i, side in enumerate(sides)}


def players_meta(players: SavedPlayers) -> dict[str, object]:
    """The side file's content."""
    return {"controllers": dict(players.controllers), "pending": dict(players.pending),
            "difficulty": players.difficulty, "fog": players.fog,
            "handovers": [{"date": h.date, "side": h.side, "from": h.before, "to": h.after}
                          for h in players.handovers]}


def players_from_meta(meta: Mapping[str, object], source: str, sides: Sequence[str],
                      plan_sides: Collection[str], difficulties: Sequence[str],
                      difficulty: str) -> SavedPlayers:
    """The players a save's side file names, checked against the scenario's sides.

    A side file without a choice (an older save) gives `default_players` and `difficulty`;
    anything else it says must make sense — a known side, a known player, the plan only for a
    side the plan gives orders to, a known difficulty, fog on or off — or `PlayersError` says
    what is wrong, in one line naming `source`.
    """
    raw = meta.get("controllers")
    if raw is None:
        controllers = default_players(sides)
    else:
        controllers = _choices(raw, "controllers", source, sides, plan_sides)
        missing = [side for side in sides if side not in controllers]
        if missing:
            raise PlayersError(f"{source} says who plays {_names(controllers)} but not "
                               f"{_names(missing)}")
    pending = _choices(meta.get("pending", {}), "pending", source, sides, plan_sides)
    level = meta.get("difficulty", difficulty)
    if level not in difficulties:
        raise PlayersError(f"{source}: difficulty {_shown(level)} is not one of "
                           f"{', '.join(difficulties)}")
    fog = meta.get("fog", True)
    if not isinstance(fog, bool):
        raise PlayersError(f"{source}: fog must be true or false, not {_shown(fog)}")
    handovers = _handovers(meta.get("handovers", []), source, sides)
    return SavedPlayers(controllers, pending, str(level), fog, handovers)


def _handovers(raw: object, source: str, sides: Sequence[str]) -> list[Handover]:
    if not isinstance(raw, list):
        raise PlayersError(f"{source}: handovers must be a list, not {_shown(raw)}")
    out = []
    for n, item in enumerate(raw, start=1):
        fields = item if isinstance(item, dict) else {}
        date, side = fields.get("date"), fields.get("side")
        before, after = fields.get("from"), fields.get("to")
        if isinstance(date, str):
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                date = None
        if not isinstance(date, str) or side not in sides or before not in PLAYER_KINDS \
                or after not in PLAYER_KINDS:
            raise PlayersError(f"{source}: hand-over {n} is not a day, a side of this "
                               f"scenario and two players: {_shown(item)}")
        out.append(Handover(date, str(side), str(before), str(after)))
    return out


def _choices(raw: object, key: str, source: str, sides: Sequence[str],
             plan_sides: Collection[str]) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise PlayersError(f"{source}: {key} must map each side to its player, not "
                           f"{_shown(raw)}")
    out: dict[str, str] = {}
    for side, kind in raw.items():
        if side not in sides:
            raise PlayersError(f"{source}: {key} names side {_shown(side)}, which this "
                               f"scenario does not have (its sides: {', '.join(sides)})")
        if kind not in PLAYER_KINDS:
            raise PlayersError(f"{source}: {key} gives side {side!r} the player {_shown(kind)}; "
                               f"a side is played by one of {', '.join(PLAYER_KINDS)}")
        if kind == HISTORY and side not in plan_sides:
            raise PlayersError(f"{source}: {key} gives side {side!r} to the historical plan, "
                               "which gives that side no orders in this scenario")
        out[side] = kind
    return out


def _names(sides: Collection[str]) -> str:
    return ", ".join(sorted(sides)) or "no side"


def _shown(value: object) -> str:
    """A value from a file, quoted and cut short enough for a one-line message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"
