"""Small tactical routines shared by every order-giver (history plan, baseline AI).

They only *choose* orders — through the same queries the UI uses — and never bend a rule:
every order they return is still checked by the engine when pushed.
"""

from __future__ import annotations

import numpy as np

from engine.ai.geometry import geometry
from engine.game import Game
from engine.orders import Assault, Bombard, Move
from engine.rules.movement import end_costs, move_blocked, search
from engine.state import UnitState


def hex_tuple(game: Game, index: int) -> tuple[int, int]:
    return game.world.map.grid.hex_of(index)


def enemy_hexes(game: Game, side: str) -> set[int]:
    return {u.hex for u in game.state.active_units() if u.side != side}


def approach(game: Game, unit: UnitState, goal: int, stop_adjacent: bool) -> Move | None:
    """The move bringing the unit closest to `goal` (or next to it), if it gets any closer:
    the reachable hex nearest the goal, the cheapest of those, the lowest index of those.

    The search settles hexes cheapest first (lowest index first at equal cost), so the first
    hex it settles at the goal (or next to it) where the unit may stop is that move: nothing
    can be nearer, and any hex settled later costs more or has a higher index. Only a unit
    that cannot get there today needs the whole search."""
    world, state = game.world, game.state
    here = world.map.distance(unit.hex, goal)
    want = 1 if stop_adjacent else 0
    if here <= want or move_blocked(world, state, unit) is not None:
        return None
    own_count = state.positions().count.get(unit.side, {})
    limit = world.ruleset.movement.stacking_limit
    ends = {h for h in (world.map.neighbours[goal] if want else (goal,))
            if h >= 0 and own_count.get(h, 0) < limit}
    found = search(world, state, unit)
    if ends and not ends & found.settled:
        found.settle_until(ends)
    ready = [h for h in ends if h in found.settled]
    if ready:  # the first settled (a search asked before may have settled several)
        return Move(unit.side, unit.id,
                    hex_tuple(game, min(ready, key=lambda h: (found.best[h], h))))
    found.settle_until(None)
    costs = end_costs(world, state, unit, found.best)
    if not costs:
        return None
    hexes = np.fromiter(costs, dtype=np.int64, count=len(costs))
    cost = np.fromiter(costs.values(), dtype=float, count=len(costs))
    steps = geometry(game.world).distances(goal)[hexes]
    keep = steps >= want
    if not keep.any():
        return None
    hexes, cost, steps = hexes[keep], cost[keep], steps[keep]
    best = np.lexsort((hexes, cost, steps))[0]
    if steps[best] >= here:
        return None
    return Move(unit.side, unit.id, hex_tuple(game, int(hexes[best])))


def in_range(game: Game, unit: UnitState, target: int) -> bool:
    b = game.world.unit_types[unit.type_id].bombard
    if b is None or b.sea_only:
        return False
    return game.world.map.distance(unit.hex, target) <= b.range_hexes


def is_gun(game: Game, unit: UnitState) -> bool:
    """Artillery: its fire is worth more than its assault value."""
    utype = game.world.unit_types[unit.type_id]
    b = utype.bombard
    return b is not None and not b.sea_only and b.strength > utype.attack


def fire_target(game: Game, unit: UnitState, around: int, radius: int) -> Bombard | None:
    """A shoot at the enemy hex nearest `around` (within `radius`) that the unit can reach."""
    if unit.fired:
        return None
    wmap = game.world.map
    candidates = sorted(
        (wmap.distance(h, around), h) for h in enemy_hexes(game, unit.side)
        if wmap.distance(h, around) <= radius and in_range(game, unit, h)
    )
    for _, h in candidates:
        order = Bombard(unit.side, unit.id, hex_tuple(game, h))
        if game.check(order) is None:
            return order
    return None


def can_fire_at(game: Game, unit: UnitState, target: int) -> bool:
    """Whether the gun may shoot at the hex today (in range, not yet fired, shells to hand, no
    truce): the same checks as a shoot, so a gun given as an assault's support never makes
    the assault illegal."""
    return not unit.fired and in_range(game, unit, target) and \
        game.check(Bombard(unit.side, unit.id, hex_tuple(game, target))) is None


def assault_group(
    game: Game, side: str, target: int, units: list[UnitState], min_win: float,
    support: tuple[str, ...] = (),
) -> Assault | None:
    """Every listed unit next to `target` that may still attack, with the `support` guns that
    can fire at it, if the odds are good enough."""
    ready = [
        u.id for u in units
        if u.deployed and not u.attacked and target in game.world.map.neighbours[u.hex]
        and game.world.unit_types[u.type_id].attack > 0 and not is_gun(game, u)
    ]
    if not ready:
        return None
    guns = tuple(sorted(uid for uid in support if can_fire_at(game, game.state.units[uid], target)))
    order = Assault(side, tuple(sorted(ready)), hex_tuple(game, target), guns)
    if game.check(order) is not None:
        return None
    if min_win > 0 and game.predict(order).win_chance < min_win:
        return None
    return order
