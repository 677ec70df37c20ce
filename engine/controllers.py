"""Who gives a side's orders: nobody (passive), the historical plan, an AI, or random orders.

A controller's `play_phase(game)` pushes that side's orders for the current phase, ending with
`EndTurn`. `play_out` runs a game to its end with one controller per side. The full AI lives in
`engine/ai/`; `BaselineController` is a small rule-based opponent kept for the golden
playthrough and rule tests, whose records must not move when the AI improves.
"""

from __future__ import annotations

from typing import Protocol

from engine.game import Game
from engine.history.plan import PlanExecutor
from engine.history.plan_tactics import (
    approach,
    assault_group,
    enemy_hexes,
    fire_target,
    hex_tuple,
    is_gun,
)
from engine.orders import AirRaid, EndTurn

MAX_ORDERS_PER_PHASE = 2000  # a controller that never ends its turn is a bug, not a strategy


class Controller(Protocol):
    side: str

    def play_phase(self, game: Game) -> None: ...


class PassiveController:
    """Gives no orders: its units stand where they are (and still defend)."""

    def __init__(self, side: str) -> None:
        self.side = side

    def play_phase(self, game: Game) -> None:
        game.push(EndTurn(self.side))


class HistoryController:
    """Plays the scenario's historical plan (engine/history/plan.py)."""

    def __init__(self, game: Game, side: str) -> None:
        self.side = side
        self.executor = PlanExecutor(game, side)

    def play_phase(self, game: Game) -> None:
        self.executor.play_phase(game)


class BaselineController:
    """A simple rule-based opponent, for either side.

    The side that scores by objectives closes in on the nearest place it still needs (skipping
    objectives masked by a `priority` event), shells and bombs what stands in the way, and
    assaults when the predicted chance to win reaches its threshold (lower with more
    `ai.aggression`). The other side holds its ground, shells adjacent attackers and
    counter-attacks at good odds.
    """

    def __init__(self, game: Game, side: str) -> None:
        self.side = side
        ai = game.world.scenario.ai.sides.get(side)
        self.aggression = ai.aggression if ai else 0.5
        self.min_win = 0.75 - 0.4 * self.aggression
        self.attacker = any(o.side == side for o in game.world.scenario.victory.objectives)

    def goals(self, game: Game) -> list[int]:
        state, world = game.state, game.world
        masked = set(state.masks.get(self.side, []))
        ai = world.scenario.ai.sides.get(self.side)
        masked |= set(ai.mask) if ai else set()
        out = []
        for o in world.scenario.victory.objectives:
            if o.side != self.side or state.captured.get(o.place) or (
                    o.place in masked and o.kind == "capture"):
                continue
            for place in o.ring if o.kind == "contain" else (o.place, *o.includes):
                if state.owner.get(place) != self.side:
                    out.append(world.map.place_hex[place])
        return sorted(set(out))

    def play_phase(self, game: Game) -> None:
        wmap = game.world.map
        goals = self.goals(game) if self.attacker else []
        enemies = sorted(enemy_hexes(game, self.side))
        if goals and enemies:
            target = min(enemies, key=lambda h: (min(wmap.distance(h, g) for g in goals), h))
            raid = AirRaid(self.side, hex_tuple(game, target))
            if game.check(raid) is None:
                game.push(raid)
        units = sorted(game.state.active_units(self.side), key=lambda u: u.id)
        for u in units:
            if is_gun(game, u):
                near = [h for h in enemies if any(
                    h in wmap.neighbours[f.hex] for f in units if f.id != u.id)]
                around = min(near) if near else (min(goals) if goals else -1)
                if around >= 0:
                    order = fire_target(game, u, around, 3)
                    if order is None and goals:
                        move = approach(game, u, around, stop_adjacent=True)
                        if move is not None:
                            game.push(move)
                            order = fire_target(game, game.state.units[u.id], around, 3)
                    if order is not None:
                        game.push(order)
        if goals:
            for u in units:
                unit = game.state.units[u.id]
                if is_gun(game, unit) or not unit.deployed:
                    continue
                goal = min(goals, key=lambda g: (wmap.distance(unit.hex, g), g))
                held = any(x.side != self.side for x in game.state.units_at(goal))
                move = approach(game, unit, goal, stop_adjacent=held)
                if move is not None:
                    game.push(move)
        for target in sorted(enemy_hexes(game, self.side)):
            mine = [u for u in game.state.active_units(self.side)]
            order = assault_group(game, self.side, target, mine, self.min_win if self.attacker
                                  else max(self.min_win, 0.6))
            if order is not None:
                game.push(order)
        game.push(EndTurn(self.side))


CONTROLLER_KINDS = ("ai", "history", "passive", "random")


def make_controller(kind: str, game: Game, side: str, difficulty: str | None = None,
                    fog: bool = False) -> Controller:
    """`ai` (engine/ai at `difficulty`), `history` (the plan), `passive` or `random` orders;
    with `fog`, the controller plays on what its side sees (engine/ai/belief.py)."""
    controller = _controller(kind, game, side, difficulty)
    if fog and kind != "passive":
        from engine.ai.belief import FoggedController

        return FoggedController(controller)
    return controller


def _controller(kind: str, game: Game, side: str, difficulty: str | None) -> Controller:
    if kind == "passive":
        return PassiveController(side)
    if kind == "history":
        return HistoryController(game, side)
    if kind == "ai":
        from engine.ai import make_ai

        return make_ai(game, side, difficulty)
    if kind == "random":
        from engine.ai import RandomController

        return RandomController(game, side)
    raise ValueError(f"unknown controller {kind!r}; use one of {', '.join(CONTROLLER_KINDS)}")


MEMORY_KINDS = ("history", "random")  # controllers whose choices depend on earlier phases


def resume_controller(kind: str, game: Game, side: str, difficulty: str | None = None,
                      fog: bool = False) -> Controller:
    """A controller for `side` of a game already under way (a loaded save, a reloaded file).

    Some controllers remember what they did: the plan's one-shot raids and truces, the random
    player's generator. A save holds only the order log, so that memory is rebuilt by playing
    the log again on a copy, the fresh controller giving `side`'s phases: when every phase it
    gives is the logged one, its memory is exactly the one the game was played with. A log
    its phases do not reproduce (another player gave them) gets a fresh controller instead,
    which is also what a controller without memory (the AI, passive) always gets.
    """
    if kind not in MEMORY_KINDS or not game.orders:
        return make_controller(kind, game, side, difficulty, fog)
    log = game.orders
    shadow = Game(game.loaded, game.seed, world=game.world)
    controller = make_controller(kind, shadow, side, difficulty, fog)
    while len(shadow.orders) < len(log) and not shadow.over:
        start = len(shadow.orders)
        if shadow.side_to_move == side:
            controller.play_phase(shadow)
            if shadow.orders[start:] != log[start:len(shadow.orders)]:
                return make_controller(kind, game, side, difficulty, fog)
        else:
            shadow.push(log[start])
    return controller


def play_out(game: Game, controllers: dict[str, Controller]) -> Game:
    """Run the game to its end, each side's phase played by its controller."""
    while not game.over:
        side = game.side_to_move
        before = len(game.orders)
        turn = game.state.turn
        controllers[side].play_phase(game)
        if game.side_to_move == side and game.state.turn == turn and not game.over:
            raise RuntimeError(f"the {side} controller did not end its turn")
        if len(game.orders) - before > MAX_ORDERS_PER_PHASE:
            raise RuntimeError(f"the {side} controller gave too many orders")
    return game
