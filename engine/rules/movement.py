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
import weakref
from typing import NamedTuple

from engine.orders import IllegalOrder
from engine.state import GameState, Positions, UnitState
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
        return tree_path(self.tree, self.start, self.hex)


def tree_path(tree: dict[int, int], start: int, end: int) -> tuple[int, ...]:
    """Hexes from `start` to `end`, both included, along a search's tree (hex -> the hex it
    was entered from)."""
    out = [end]
    while out[-1] != start:
        out.append(tree[out[-1]])
    return tuple(reversed(out))


class ZocCounts:
    """Per side, how many of its zone-of-control units reach each hex (their own hexes and land
    neighbours): an overlay of the state's `Positions`, updated unit by unit as they move, so a
    move asks "is this hex in the enemy's zone?" without rebuilding the zone from every unit."""

    def __init__(self, world: World, positions: Positions) -> None:
        self.world = world
        self.zoc_type = {tid: t.zone_of_control for tid, t in world.unit_types.items()}
        self.footprint = _footprints(world)
        self.counts: dict[str, dict[int, int]] = {side: {} for side in world.side_ids}
        # per side, how many times its zone has changed: a copy taken at one count is current
        # while the count stays (`zoc_hexes`)
        self.changes: dict[str, int] = {}
        self.copied: tuple[tuple[str, int], set[int]] | None = None  # `zoc_hexes`' last copy
        for u in positions.units():
            self.add(u, u.hex)

    def add(self, u: UnitState, hex_: int) -> None:
        if self.zoc_type[u.type_id]:
            self.changes[u.side] = self.changes.get(u.side, 0) + 1
            per = self.counts.setdefault(u.side, {})
            for h in self.footprint[hex_]:
                per[h] = per.get(h, 0) + 1

    def remove(self, u: UnitState, hex_: int) -> None:
        if self.zoc_type[u.type_id]:
            self.changes[u.side] += 1
            per = self.counts[u.side]
            for h in self.footprint[hex_]:
                per[h] -= 1
                if not per[h]:
                    del per[h]


_FOOTPRINTS: weakref.WeakKeyDictionary[World, list[tuple[int, ...]]] = (
    weakref.WeakKeyDictionary()
)


def _footprints(world: World) -> list[tuple[int, ...]]:
    """Per hex, the hexes a zone-of-control unit standing there controls (itself and its land
    neighbours); computed once per world, as every state's overlay uses it."""
    out = _FOOTPRINTS.get(world)
    if out is None:
        land, neighbours = world.map.land.tolist(), world.map.neighbours
        out = [(h, *(n for n in ns if n >= 0 and land[n])) for h, ns in enumerate(neighbours)]
        _FOOTPRINTS[world] = out
    return out


def zoc_counts(world: World, state: GameState) -> ZocCounts:
    """The state's zone-of-control overlay for this world (built on first use)."""
    positions = state.positions()
    overlay = positions.overlays.get("zoc")
    if not isinstance(overlay, ZocCounts) or overlay.world is not world:
        overlay = positions.overlays["zoc"] = ZocCounts(world, positions)
    return overlay


def zoc_of(world: World, state: GameState, side: str) -> dict[int, int]:
    """Live view of `side`'s zone of control: hex -> units exerting it (test with `in`; never
    modify it). Per-move code uses this; `zoc_hexes` gives an independent set."""
    return zoc_counts(world, state).counts.setdefault(side, {})


def zoc_hexes(world: World, state: GameState, side: str) -> set[int]:
    """Hexes in the zone of control of `side`'s units (their own hexes and land neighbours).

    A copy, kept with the overlay until that side's zone changes: the AI reads the enemy's
    zone at every step of its phase, and it changes only when an enemy unit moves or falls.
    Do not modify it."""
    overlay = zoc_counts(world, state)
    key = (side, overlay.changes.get(side, 0))
    if overlay.copied is None or overlay.copied[0] != key:
        overlay.copied = (key, set(overlay.counts.setdefault(side, {})))
    return overlay.copied[1]


def retreat_hex(world: World, state: GameState, u: UnitState, away_from: list[int]) -> int | None:
    """Where a beaten unit falls back: a free, passable neighbour outside enemy ZOC."""
    enemy = world.enemy_of(u.side)
    zoc = zoc_of(world, state, enemy)
    cls = world.unit_types[u.type_id].movement_class
    costs = world.map.edge_cost_lists[cls][u.hex]
    count = state.positions().count  # the live index: no scan of every unit per defender
    enemy_at, own_at = count.get(enemy, {}), count.get(u.side, {})
    limit = world.ruleset.movement.stacking_limit
    options = []
    for d, n in enumerate(world.map.neighbours[u.hex]):
        if n < 0 or costs[d] == math.inf or n in zoc:
            continue
        if enemy_at.get(n, 0) or own_at.get(n, 0) >= limit:
            continue
        distance = sum(world.map.distance(n, a) for a in away_from)
        options.append((-distance, n))
    return min(options)[1] if options else None


def can_move(world: World, state: GameState, unit: UnitState) -> str | None:
    """Why the unit cannot move at all this turn (the English reason), or None."""
    refusal = move_refusal(world, state, unit)
    return refusal.reason if refusal is not None else None


def move_refusal(world: World, state: GameState, unit: UnitState) -> IllegalOrder | None:
    """The refusal a `Move` of this unit meets whatever its destination, or None.

    Returned, not raised: queries ask it for every unit to grey out counters, and a `Move`
    raises it with its code and params so the interface can word it in the player's language.
    """
    code = move_blocked(world, state, unit)
    if code is None:
        return None
    if code == "not_on_map":
        return IllegalOrder(f"{unit.id} is not on the map", code="not_on_map",
                            params={"unit": unit.id})
    if code == "static_unit":
        return IllegalOrder(f"{unit.id} is a static unit and cannot move", code="static_unit",
                            params={"unit": unit.id})
    if code == "attacked_cannot_move":
        return IllegalOrder(f"{unit.id} has attacked this turn and cannot move",
                            code="attacked_cannot_move", params={"unit": unit.id})
    if code == "no_movement_points":
        return IllegalOrder(f"{unit.id} has no movement points left this turn",
                            code="no_movement_points", params={"unit": unit.id})
    return IllegalOrder(f"the fortress order forbids {unit.id} to leave its fortified position",
                        code="fortress_order_holds", params={"unit": unit.id})


def move_blocked(world: World, state: GameState, unit: UnitState) -> str | None:
    """The code of `move_refusal`'s refusal, or None: the same checks without wording them,
    for an AI that asks whether each of its units may move several times a phase."""
    if not unit.deployed:
        return "not_on_map"
    if world.unit_types[unit.type_id].static:
        return "static_unit"
    if unit.attacked:
        return "attacked_cannot_move"
    if unit.mp <= 0:
        return "no_movement_points"
    if (
        world.rules.morale.fortress_order_hold and state.under_fortress_order(unit)
        and state.works[unit.hex] >= 1.0
    ):
        return "fortress_order_holds"
    return None


def reachable(world: World, state: GameState, unit: UnitState) -> dict[int, Reach]:
    """Every hex the unit may end its move in this turn, with cost and path (not its own hex)."""
    costs, prev = reach_costs(world, state, unit)
    return {h: Reach(h, c, prev, unit.hex) for h, c in costs.items()}


def reach(world: World, state: GameState, unit: UnitState, target: int) -> Reach | None:
    """The cheapest legal move of the unit to `target` (the one `reachable` gives), or None.

    Checking one `Move` needs one destination, not all of them: a search already begun goes
    on only until `target` is settled (Dijkstra settles hexes in the same order either way);
    with none begun, a search aimed at `target` walks only the ground on its way
    (`Search.reach_toward`). Either way the cost and the path are exactly those of the full
    search.
    """
    if move_blocked(world, state, unit) is not None or target == unit.hex:
        return None
    positions = state.positions()
    enemy = world.enemy_of(unit.side)
    if target in positions.count.get(enemy, {}):
        return None
    if positions.count.get(unit.side, {}).get(target, 0) >= world.ruleset.movement.stacking_limit:
        return None
    found = search(world, state, unit, toward=target)
    if found.toward is None:  # a whole search already begun: settled on from where it stopped
        if target not in found.settled and found.settle_until({target}) is None:
            return None
    elif not found.reach_toward():
        return None
    return Reach(target, found.best[target], found.prev, unit.hex)


def reach_costs(
    world: World, state: GameState, unit: UnitState
) -> tuple[dict[int, float], dict[int, int]]:
    """Dijkstra over the movement rules: end-hex -> cost, and the search tree for paths."""
    if move_blocked(world, state, unit) is not None:
        return {}, {}
    found = search(world, state, unit)
    found.settle_until(None)
    return end_costs(world, state, unit, found.best), found.prev


def end_costs(world: World, state: GameState, unit: UnitState, best: dict[int, float]
              ) -> dict[int, float]:
    """The hexes of a search's costs the unit may end its move in: not its own hex, nor one
    already holding `stacking_limit` of its side's other units."""
    own_count = state.positions().count.get(unit.side, {})
    limit = world.ruleset.movement.stacking_limit
    # `best` holds the start (its first key) and then the tree's hexes in the tree's order:
    # copy it and drop the start and the few full hexes, rather than rebuild it hex by hex.
    # The unit itself stands at the start, so own_count counts the others.
    costs = dict(best)
    del costs[unit.hex]
    for h, n in own_count.items():
        if n >= limit:
            costs.pop(h, None)
    return costs


class Search:
    """Dijkstra from one unit's hex within its movement points, settled only as far as it has
    been asked and resumed on a later question: checking a `Move` settles hexes until its
    target, the plan's `approach` until the first hex next to its goal, and a whole search
    (`reach_costs`) to the end. The settle order is the same however the work is split, so
    every answer is the one a whole search gives. Stacking at the end hex is left to the
    caller. Enemy hexes and zones come from the state's live indexes (a kept search is
    dropped when the enemy moves: `Searches`), so it costs the same however many units are
    on the map.

    A search `toward` one hex (a `Move`'s check with no search begun) answers for that hex
    only, with `reach_toward` instead of `settle_until`."""

    __slots__ = ("adjacency", "answer", "best", "budget", "cheap", "distance", "enemy_zoc",
                 "exit_cost", "heap", "occupied_enemy", "pending", "prev", "settled", "start",
                 "toward")

    def __init__(self, world: World, state: GameState, unit: UnitState,
                 toward: int | None = None) -> None:
        enemy = world.enemy_of(unit.side)
        cls = world.unit_types[unit.type_id].movement_class
        self.enemy_zoc = zoc_of(world, state, enemy)
        self.occupied_enemy = state.positions().count.get(enemy, {})
        self.adjacency = world.map.adjacency[cls]
        self.exit_cost = world.ruleset.movement.zoc_exit_cost
        self.start = unit.hex
        self.budget = unit.mp + 1e-9
        self.toward = toward
        self.distance = world.map.distance
        # aimed: a lower bound of the cost from a hex to `toward` is `cheap` times their distance
        self.cheap = _cheapest_step(world, cls) if toward is not None else 0.0
        self.answer: bool | None = None  # aimed: whether `toward` is reachable, once known
        self.best: dict[int, float] = {unit.hex: 0.0}  # hex -> cost (final once settled)
        self.prev: dict[int, int] = {}  # the search tree
        self.heap: list[tuple[float, int]] = [(0.0, unit.hex)]
        self.settled: set[int] = set()
        self.pending: int | None = None  # settled and returned, its neighbours not yet seen

    def settle_until(self, stop: set[int] | None) -> int | None:
        """Settle hexes in order until one of `stop` is settled (returned), or to the end of
        the search (None). A hex of `stop` settled earlier is not looked for again."""
        best, prev, heap, settled = self.best, self.prev, self.heap, self.settled
        enemy_zoc, occupied_enemy, adjacency = self.enemy_zoc, self.occupied_enemy, self.adjacency
        exit_cost, start, budget = self.exit_cost, self.start, self.budget
        pop, push, get = heapq.heappop, heapq.heappush, best.get
        inf = math.inf
        h = self.pending
        self.pending = None
        while True:
            if h is None:
                if not heap:
                    return None
                cost, h = pop(heap)
                if cost > best[h]:
                    h = None
                    continue
                settled.add(h)
                if stop is not None and h in stop:
                    self.pending = h
                    return h
            else:
                cost = best[h]
            in_zoc = h in enemy_zoc
            if in_zoc and h != start:
                h = None
                continue  # entering an enemy zone of control ends the move
            base = cost + (exit_cost if in_zoc else 0.0)
            for n, step in adjacency[h]:
                c = base + step
                if c <= budget and c < get(n, inf) and n not in occupied_enemy:
                    best[n] = c
                    prev[n] = h
                    push(heap, (c, n))
            h = None

    def reach_toward(self) -> bool:
        """Aimed at `toward`: whether the unit can reach it, its cost and path then in `best`
        and `prev` exactly as a whole search gives them (the other hexes' entries are not).

        An A* search: hexes are taken in order of their cost plus a bound of the cost left
        (`cheap` per hex of distance, the cheapest step on the map, never more than the real
        cost), so it walks the ground on the way and hardly any of the unit's rear. It goes on
        until no hex left could lead there at the cost found (plus a margin for the rounding
        of sums), so every hex of every cheapest way there is expanded, each at its final cost:
        the cost is the whole search's. The path is too, because where two hexes give the same
        cost the one kept is the one a whole search keeps, the first it settles: the cheaper,
        then the lower index. (Checked hex by hex against the whole search in
        tests/test_rules_positions.py.)"""
        if self.answer is not None:
            return self.answer
        target, best, prev = self.toward, self.best, self.prev
        assert target is not None
        enemy_zoc, occupied_enemy, adjacency = self.enemy_zoc, self.occupied_enemy, self.adjacency
        exit_cost, start, budget, cheap = self.exit_cost, self.start, self.budget, self.cheap
        distance = self.distance
        pop, push, get = heapq.heappop, heapq.heappush, best.get
        inf = math.inf
        heap = [(cheap * distance(start, target), 0.0, start)]  # (cost + bound, cost, hex)
        limit = budget + 1e-6  # lowered to the target's cost (and margin) once it is reached
        while heap:
            guess, cost, h = pop(heap)
            if guess > limit:
                break  # every hex left is too dear to lead to the target
            if cost > best[h]:
                continue  # reached again more cheaply since
            in_zoc = h in enemy_zoc
            if in_zoc and h != start:
                continue  # entering an enemy zone of control ends the move
            base = cost + (exit_cost if in_zoc else 0.0)
            for n, step in adjacency[h]:
                c = base + step
                if c > budget or n in occupied_enemy:
                    continue
                known = get(n, inf)
                if c < known:
                    best[n] = c
                    prev[n] = h
                    if n == target:  # found; never taken (nothing beyond it counts): the
                        limit = min(limit, c + 1e-6)  # bar drops to its cost
                    else:
                        guess = c + cheap * distance(n, target)
                        if guess <= limit:  # else it would only end the search when taken
                            push(heap, (guess, c, n))
                elif c == known and (cost, h) < (best[prev[n]], prev[n]):
                    prev[n] = h  # the one of equal cost a whole search settles first
        self.answer = target in best
        return self.answer


class Searches:
    """Searches already begun on the current positions, per side: a unit's search depends
    only on its hex, movement points and class and on where the enemy stands, so the same
    search asked again (the plan chooses a move, then the engine checks it) goes on from
    where it stopped. An overlay of the state's `Positions`: a unit moving drops the other
    side's searches."""

    LIMIT = 64  # searches kept per side; the oldest goes first

    def __init__(self, world: World) -> None:
        self.world = world
        self.found: dict[str, dict[tuple[int, float, str], Search]] = {}

    def add(self, u: UnitState, hex_: int) -> None:
        for side, found in self.found.items():
            if side != u.side:
                found.clear()

    remove = add

    def get(self, world: World, state: GameState, unit: UnitState,
            toward: int | None) -> Search:
        key = (unit.hex, unit.mp, world.unit_types[unit.type_id].movement_class)
        found = self.found.setdefault(unit.side, {})
        kept = found.get(key)
        if kept is None or kept.toward not in (None, toward):
            if kept is None and len(found) >= self.LIMIT:
                del found[next(iter(found))]
            kept = found[key] = Search(world, state, unit, toward)
        return kept


def search(world: World, state: GameState, unit: UnitState,
           toward: int | None = None) -> Search:
    """The unit's search on the current positions (kept, or begun now); `toward`: only the
    way to that hex is asked (a whole search already begun serves as well)."""
    positions = state.positions()
    overlay = positions.overlays.get("searches")
    if not isinstance(overlay, Searches) or overlay.world is not world:
        overlay = positions.overlays["searches"] = Searches(world)
    return overlay.get(world, state, unit, toward)


_CHEAPEST: weakref.WeakKeyDictionary[World, dict[str, float]] = weakref.WeakKeyDictionary()


def _cheapest_step(world: World, cls: str) -> float:
    """The cheapest step of a movement class anywhere on the world's map (computed once per
    world): times a hex's distance to a search's target, a bound its cost there cannot beat."""
    cheapest = _CHEAPEST.get(world)
    if cheapest is None:
        cheapest = _CHEAPEST[world] = {
            c: min((step for row in rows for _, step in row), default=0.0)
            for c, rows in world.map.adjacency.items()}
    return cheapest[cls]
