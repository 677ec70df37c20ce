"""The game as one side believes it: what a controller plays on under fog of war.

A controller reads the game (`game.state`, `game.predict`, `game.legal_moves`, ...) and pushes
orders. `BelievedGame` gives it the same surface, but every read sees the position as its side
knows it (`engine.rules.intelligence.observe`): enemy units it does not see are off the map,
enemy works it knows only by place stand at the full strength of their type, works out of its
sight at the level it last saw them (`works_known`), and every order
still goes to the real game, whose rules judge it on the truth — an order that runs into an
unseen enemy is refused there, as a patrol finds out by bumping into it.

The believed position is one `GameState` object, brought up to date in place after each order
(units too), so whatever the controller keeps of it — a picture of the position, lists of its
units — stays current exactly as it does on the real game. Bringing it up to date is cheap:
the tables the fog leaves alone are the truth's own objects, a unit is touched only where the
belief differs, and the side's sight is recomputed only when its units moved or the weather
changed (an order costs a scan of the units, not a copy of the position).
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import numpy as np

from engine.game import Game
from engine.orders import Order
from engine.rules.intelligence import (
    HIDDEN,
    KNOWN,
    how_known,
    sight_of,
    visible_hexes,
    works_known,
)
from engine.state import GameState, UnitState
from engine.world import World

SHARED = tuple(f.name for f in dataclasses.fields(GameState)
               if f.name not in ("units", "works", "rng", "_positions"))


class Sight:
    """The hexes one side sees, recomputed only when what it depends on changed: where the
    side's units stand (and their kinds) and the weather (air reconnaissance)."""

    def __init__(self, world: World, side: str) -> None:
        self.world = world
        self.side = side
        self._key: tuple[Any, ...] | None = None
        self._visible = np.zeros(world.map.grid.size, dtype=bool)

    def visible(self, truth: GameState) -> np.ndarray:
        key = (truth.weather, tuple(sorted((u.hex, sight_of(self.world, u))
                                           for u in truth.active_units(self.side))))
        if key != self._key:
            self._key = key
            self._visible = visible_hexes(self.world, truth, self.side)
        return self._visible


def believed_unit(world: World, u: UnitState, side: str, visible: np.ndarray) -> dict[str, Any]:
    """What `side` believes of unit `u`: the truth for its own units and enemies in sight, an
    enemy it only knows of at its type's full strength, any other enemy off the map."""
    values = vars(u)
    if u.side == side or not u.deployed:
        return values
    how = how_known(world, u, visible)
    if how == KNOWN:
        return {**values, "men": world.unit_types[u.type_id].full_strength}
    if how == HIDDEN:
        return {**values, "hex": -1}
    return values


def believed_position(world: World, truth: GameState, side: str) -> GameState:
    """A copy of `truth` as `side` sees it."""
    believed = truth.copy()
    bring_up_to_date(world, believed, truth, side, visible_hexes(world, truth, side))
    return believed


def bring_up_to_date(world: World, believed: GameState, truth: GameState, side: str,
                     visible: np.ndarray) -> None:
    """Make `believed` what `side` believes of `truth` without replacing it or its units'
    objects: the tables the fog does not touch are the truth's own (read, never written, by
    whoever plays on the belief); each unit is changed only where it differs, the works in
    place (the believed position's own array)."""
    for name in SHARED:
        setattr(believed, name, getattr(truth, name))
    believed.works[:] = works_known(world, truth, side, visible)[0]
    units = believed.units
    for uid, source in truth.units.items():
        want = believed_unit(world, source, side, visible)
        target = units.get(uid)
        if target is None:
            units[uid] = target = copy.copy(source)
            believed._positions = None  # the index is rebuilt with the new unit
        have = vars(target)
        if have == want:
            continue
        for name, value in want.items():
            if have.get(name) != value:
                setattr(target, name, value)  # `hex` through UnitState, so the index follows


class BelievedGame:
    """`game` as `side` believes it; orders pushed here go to `game` itself."""

    def __init__(self, game: Game, side: str) -> None:
        self.real = game
        self.side = side
        self._sight = Sight(game.world, side)
        self._view = Game.__new__(Game)
        self._view.__dict__.update(game.__dict__)  # shares the world, the log and snapshots
        self._view.state = game.state.copy()
        self._seen_orders = -1
        self._update()

    @property
    def state(self) -> GameState:
        self._update()
        return self._view.state

    def push(self, order: Order) -> list[Any]:
        events = self.real.push(order)
        self._update()
        return events

    def pop(self) -> Order:
        raise TypeError("a side playing under fog of war cannot take back orders")

    def seek(self, n_orders: int) -> None:
        raise TypeError("a side playing under fog of war cannot move through the log")

    def __getattr__(self, name: str) -> Any:
        """Everything else (predict, check, legal_moves, world, orders, over, ...) is read
        from the believed game."""
        self._update()
        return getattr(self._view, name)

    def _update(self) -> None:
        truth = self.real.state
        if len(self.real.orders) != self._seen_orders or truth.turn != self._view.state.turn:
            bring_up_to_date(self.real.world, self._view.state, truth, self.side,
                             self._sight.visible(truth))
            self._seen_orders = len(self.real.orders)


class FoggedController:
    """Plays `inner`'s phases on the game as `inner.side` sees it (fog of war)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.side: str = inner.side

    def play_phase(self, game: Game) -> None:
        self.inner.play_phase(BelievedGame(game, self.side))
