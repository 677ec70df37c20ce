"""The game as one side believes it: what a controller plays on under fog of war.

A controller reads the game (`game.state`, `game.predict`, `game.legal_moves`, ...) and pushes
orders. `BelievedGame` gives it the same surface, but every read sees the position as its side
knows it (`engine.rules.intelligence.observe`): enemy units it does not see are off the map,
enemy works it knows only by place stand at the full strength of their type, and every order
still goes to the real game, whose rules judge it on the truth — an order that runs into an
unseen enemy is refused there, as a patrol finds out by bumping into it.

The believed position is one `GameState` object, brought up to date in place after each order
(units too), so whatever the controller keeps of it — a picture of the position, lists of its
units — stays current exactly as it does on the real game.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.game import Game
from engine.orders import Order
from engine.rules.intelligence import observe
from engine.state import GameState
from engine.world import World


def believed_position(world: World, truth: GameState, side: str) -> GameState:
    """A copy of `truth` as `side` sees it."""
    view = observe(world, truth, side)
    seen = {u.id for u in view.seen}
    known = {u.id for u in view.known}
    believed = truth.copy()
    for u in believed.units.values():
        if u.side == side or not u.deployed or u.id in seen:
            continue
        if u.id in known:
            u.men = world.unit_types[u.type_id].full_strength
        else:
            u.hex = -1
    return believed


def _bring_up_to_date(believed: GameState, fresh: GameState) -> None:
    """Make `believed` equal to `fresh` without replacing it or its units' objects."""
    for f in dataclasses.fields(GameState):
        if f.name not in ("units", "_positions"):
            setattr(believed, f.name, getattr(fresh, f.name))
    for uid, source in fresh.units.items():
        target = believed.units.get(uid)
        if target is None:
            believed.units[uid] = target = source
            believed._positions = None  # the index is rebuilt with the new unit
        for name, value in vars(source).items():
            if getattr(target, name, None) != value:
                setattr(target, name, value)  # `hex` through UnitState, so the index follows


class BelievedGame:
    """`game` as `side` believes it; orders pushed here go to `game` itself."""

    def __init__(self, game: Game, side: str) -> None:
        self.real = game
        self.side = side
        self._view = Game.__new__(Game)
        self._view.__dict__.update(game.__dict__)  # shares the world, the log and snapshots
        self._view.state = believed_position(game.world, game.state, side)
        self._seen_orders = len(game.orders)

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
        if len(self.real.orders) != self._seen_orders or self.real.state.turn != \
                self._view.state.turn:
            fresh = believed_position(self.real.world, self.real.state, self.side)
            _bring_up_to_date(self._view.state, fresh)
            self._seen_orders = len(self.real.orders)


class FoggedController:
    """Plays `inner`'s phases on the game as `inner.side` sees it (fog of war)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.side: str = inner.side

    def play_phase(self, game: Game) -> None:
        self.inner.play_phase(BelievedGame(game, self.side))
