"""Movement: zones of control, stacking and the legal-moves query (Dijkstra over edge costs).

Rules (numbers in the ruleset's `movement` section):
- entering a hex costs the terrain's points for the unit's movement class, or the road cost
  when a road runs along that hexside; crossing a river or canal hexside off-road costs extra;
- a unit may not enter a hex holding enemy units, nor end its move in a hex already holding
  `stacking_limit` friendly units (it may pass through);
- entering a hex in an enemy zone of control ends the move; leaving one costs `zoc_exit_cost`;
- static units and units out of supply long enough (movement factor 0) cannot move;
- a garrison bound by the fortress order, in a fortified hex (works level 1 or more), may not
  leave it.
"""

from __future__ import annotations

import heapq
import math
from typing import NamedTuple

from engine.state import GameState, UnitState
from engine.world import World


class Reach(NamedTuple):
    """One reachable hex and its cost; the path is rebuilt on demand from the search tree."""

    hex: int
    cost: float
    tree: dict[int, int]
    start: int

    @property
    def path(self) -> tuple[int, ...]:
        """Hexes from the unit's own hex to this one, both included."""
        out = [self.hex]
        while out[-1] != self.start:
            out.append(self.tree[out[-1]])
        return tuple(reversed(out))


def zoc_hexes(world: World, state: GameState, side: str) -> set[int]:
    """Hexes in the zone of control of `side`'s units (their own hexes and land neighbours)."""
    land = world.map.land
    out: set[int] = set()
    for u in state.units.values():
        if u.on_map and u.side == side and world.unit_types[u.type_id].zone_of_control:
            out.add(u.hex)
            for n in world.map.neighbours[u.hex]:
                if n >= 0 and land[n]:
                    out.add(n)
    return out


def can_move(world: World, state: GameState, unit: UnitState) -> str | None:
    """Why the unit cannot move at all this turn, or None."""
    utype = world.unit_types[unit.type_id]
    if not unit.on_map:
        return f"{unit.id} is not on the map"
    if utype.static:
        return f"{unit.id} is a static unit and cannot move"
    if unit.attacked:
        return f"{unit.id} has attacked this turn and cannot move"
    if unit.mp <= 0:
        return f"{unit.id} has no movement points left this turn"
    if (
        world.rules.morale.fortress_order_hold and state.under_fortress_order(unit)
        and state.works[unit.hex] >= 1.0
    ):
        return f"the fortress order forbids {unit.id} to leave its fortified position"
    return None


def reachable(world: World, state: GameState, unit: UnitState) -> dict[int, Reach]:
    """Every hex the unit may end its move in this turn, with cost and path (not its own hex)."""
    costs, prev = reach_costs(world, state, unit)
    return {h: Reach(h, c, prev, unit.hex) for h, c in costs.items()}


def reach_costs(
    world: World, state: GameState, unit: UnitState
) -> tuple[dict[int, float], dict[int, int]]:
    """Dijkstra over the movement rules: end-hex -> cost, and the search tree for paths."""
    if can_move(world, state, unit) is not None:
        return {}, {}
    enemy = world.enemy_of(unit.side)
    enemy_zoc = zoc_hexes(world, state, enemy)
    occupied_enemy: set[int] = set()
    own_count: dict[int, int] = {}
    for u in state.units.values():
        if not u.on_map:
            continue
        if u.side == enemy:
            occupied_enemy.add(u.hex)
        elif u.side == unit.side and u.id != unit.id:
            own_count[u.hex] = own_count.get(u.hex, 0) + 1
    limit = world.ruleset.movement.stacking_limit
    cls = world.unit_types[unit.type_id].movement_class
    adjacency = world.map.adjacency[cls]
    exit_cost = world.ruleset.movement.zoc_exit_cost
    start = unit.hex
    budget = unit.mp + 1e-9
    inf = math.inf
    best = [inf] * len(adjacency)
    best[start] = 0.0
    prev: dict[int, int] = {}
    heap: list[tuple[float, int]] = [(0.0, start)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        cost, h = pop(heap)
        if cost > best[h]:
            continue
        in_zoc = h in enemy_zoc
        if in_zoc and h != start:
            continue  # entering an enemy zone of control ends the move
        base = cost + (exit_cost if in_zoc else 0.0)
        for n, step in adjacency[h]:
            c = base + step
            if c <= budget and c < best[n] and n not in occupied_enemy:
                best[n] = c
                prev[n] = h
                push(heap, (c, n))
    return {h: best[h] for h in prev if own_count.get(h, 0) < limit}, prev
