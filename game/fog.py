"""What one side may read of the engine's events under fog of war.

The engine tells every event in full (the truth: the enemy's supply counts, the pockets it
finds, its hungry units, its reinforcements far behind the line). A person playing one side
reads the log, the start-of-turn summary and the banners through `event_shown`: an event that
tells something only the other side knows is left out, and a shoot by a battery the side cannot
see is told without naming it (`shooter_hidden`), and fire on a hex out of the side's sight
without the men it killed there or the level it left the works at (`fire_as_seen`). Without
fog everything is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.events import Event
from engine.hexgrid import Hex
from engine.state import GameState

# the other side's own bookkeeping: nothing of it reaches the viewer
ENEMY_ONLY = frozenset(("supply", "encircled", "air_raids_granted", "priority"))
# what happens to one enemy unit: told only while the viewer sees that unit
ENEMY_UNIT = frozenset(("arrived", "arrival_delayed", "withdrawn", "retreated", "advanced",
                        "moved"))


def event_shown(event: Event, viewer: str, sees: Callable[[str], bool],
                state: GameState) -> bool:
    """Whether `viewer` may read `event`; `sees(unit)` says whether it sees that unit now."""
    kind = event.kind
    if kind in ENEMY_ONLY:
        return event.get("side") == viewer
    if kind == "attrition":  # days without supply: only the unit's own side counts them
        return _side_of(state, event.get("unit")) in (viewer, None)
    if kind == "depot_empty":  # a depot's stocks are known to the side holding the place
        return state.owner.get(str(event.get("place"))) in (viewer, None)
    if kind == "morale_collapse":  # the heart of a garrison is known to that garrison
        units = event.get("units") or ()
        return all(_side_of(state, u) in (viewer, None) for u in units)
    if kind in ENEMY_UNIT:
        unit = event.get("unit")
        return _side_of(state, unit) in (viewer, None) or sees(str(unit))
    return True


def shooter_hidden(event: Event, viewer: str, sees: Callable[[str], bool],
                   state: GameState) -> bool:
    """A shoot on the viewer's men by an enemy battery the viewer does not see: the shells are
    felt, the guns that fired them stay unnamed."""
    if event.kind != "bombarded":
        return False
    by = event.get("by")
    if not isinstance(by, str) or by == "air":
        return False
    return _side_of(state, by) not in (viewer, None) and not sees(by)


def fire_as_seen(event: Event, sees_hex: Callable[[Hex], bool]) -> Event:
    """A shoot or a raid on a hex out of the viewer's sight, as the viewer may read it: the
    shells fell, but neither the men they killed (`losses_unseen`) nor the level the works had
    and were left at (`works_unseen`; the engine's fog view keeps the level the side last saw)
    is told — the viewer's own men are never out of its sight, so only enemy losses are hidden.
    Any other event as it is."""
    if event.kind != "bombarded":
        return event
    target = event.get("target")
    if not isinstance(target, (list, tuple)) or len(target) != 2 \
            or sees_hex((int(target[0]), int(target[1]))):
        return event
    hidden = {"losses", "suppression"}
    flags = [("losses_unseen", True)]
    if float(event.get("works_before", 0.0) or 0.0) >= 0.05:
        hidden |= {"works_before", "works_after"}
        flags.append(("works_unseen", True))
    kept = [(k, v) for k, v in event.data if k not in hidden]
    return Event(event.kind, event.date, tuple(sorted([*kept, *flags])))


def _side_of(state: GameState, unit_id: object) -> str | None:
    unit = state.units.get(str(unit_id)) if unit_id is not None else None
    return unit.side if unit is not None else None
