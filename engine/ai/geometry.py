"""Map geometry the AI reuses all game long: hex distances, cost-to-goal fields, route walking.

Asking `game.legal_moves` for every unit every turn costs more than the whole time budget of
an AI turn, so the AI plans with *fields*: for one movement class and one goal hex, the cheapest
movement cost from every hex to the goal over the compiled map's edge costs (terrain, roads,
rivers; units ignored). Fields depend only on the map, so they are cached per `World` and
shared by every game and turn. A unit's move is then a walk down the field that obeys the
movement rules it can see (no entering enemy hexes, entering an enemy zone of control ends the
move, leaving one costs extra, stacking); the engine still checks every move when it is pushed.
"""

from __future__ import annotations

import heapq
import math
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

import numpy as np

from engine.hexgrid import OPPOSITE, axial_steps
from engine.world import World

INF = math.inf
_CACHES: weakref.WeakKeyDictionary[World, Geometry] = weakref.WeakKeyDictionary()
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    """A bounded cache that forgets the entry used longest ago when full, so a big map keeps
    its working set (clearing everything at once made the cost grow faster than the map)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.data: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, make: Callable[[], V]) -> V:
        data = self.data
        found = data.get(key)
        if found is not None:
            data.move_to_end(key)
            return found
        found = data[key] = make()
        if len(data) > self.maxsize:
            data.popitem(last=False)
        return found


class Field:
    """Cheapest movement cost from each hex to one goal, grown only as far as it is asked.

    A reverse Dijkstra from the goal that pauses once the hex asked for is settled and resumes
    on a later, farther question, so a unit next to its target costs a few dozen steps, not a
    sweep of the map. `dist` holds settled costs and, beyond them, tentative ones that are never
    below the true cost — which is all a walk down the field needs. Tables are sparse (dicts),
    so a field's cost follows the ground it covers, not the size of the map.
    """

    def __init__(self, geo: Geometry, move_class: str, goal: int) -> None:
        self.costs = geo.world.map.edge_cost_lists[move_class]
        self.nbrs = geo.neighbours
        self.dist: dict[int, float] = {goal: 0.0}  # sparse: only the hexes reached so far
        self.done: set[int] = set()
        self.heap: list[tuple[float, int]] = [(0.0, goal)]

    def at(self, target: int) -> float:
        """Settled cost from `target` to the goal (inf if it cannot get there)."""
        done, dist, heap, costs, nbrs = self.done, self.dist, self.heap, self.costs, self.nbrs
        while target not in done and heap:
            c, h = heapq.heappop(heap)
            if h in done:
                continue
            done.add(h)
            row = nbrs[h]
            for d in range(6):
                n = row[d]
                if n < 0 or n in done:
                    continue
                step = costs[n][OPPOSITE[d]]  # moving from n into h
                if step == INF:
                    continue
                nc = c + step
                if nc < dist.get(n, INF):
                    dist[n] = nc
                    heapq.heappush(heap, (nc, n))
        return dist[target] if target in done else INF


class StraightField:
    """A stand-in field for far goals: hex distance to the goal, at no set-up cost.

    A unit many days' march away only needs to head the right way; walking down plain
    distance (cheapest step first, so roads that lead the right way are taken) gets it there
    without growing a cost field across the map. Near the goal the true field takes over.
    """

    def __init__(self, geo: Geometry, goal: int) -> None:
        self.geo = geo
        self.goal = goal
        self.dist = self  # `walk` reads values through `dist.get`

    def at(self, h: int) -> float:
        return float(self.geo.world.map.distance(h, self.goal))

    def get(self, h: int, default: float = INF) -> float:
        return float(self.geo.world.map.distance(h, self.goal))


class Geometry:
    """Per-world tables: axial coordinates, land, neighbours and cached distances and fields."""

    def __init__(self, world: World) -> None:
        self.world = world
        wmap = world.map
        self.size = wmap.grid.size
        cols = wmap.grid.cols
        idx = np.arange(self.size)
        col, row = idx % cols, idx // cols
        self.q = (col - (row - (row & 1)) // 2).astype(np.int32)
        self.r = row.astype(np.int32)
        self.land = np.asarray(wmap.land, dtype=bool)
        self.neighbours = wmap.neighbours
        self._fields: Lru[tuple[str, int], Field] = Lru(4096)
        self._rows: Lru[int, np.ndarray] = Lru(2048)
        self._sets: Lru[tuple[int, ...], np.ndarray] = Lru(1024)
        self._discs: Lru[tuple[int, int], list[int]] = Lru(65536)
        self._disc_arrays: Lru[tuple[int, int], np.ndarray] = Lru(8192)
        self._rings: Lru[tuple[tuple[int, ...], int], list[int]] = Lru(4096)
        self._stacks: Lru[tuple[tuple[int, ...], ...], np.ndarray] = Lru(64)

    def distances(self, h: int) -> np.ndarray:
        """Hex distance from `h` to every hex (cached; do not modify the array)."""
        return self._rows.get(h, lambda: axial_steps(self.q - self.q[h], self.r - self.r[h]))

    def disc(self, h: int, radius: int) -> list[int]:
        """Hexes within `radius` of `h`, `h` first (cached)."""
        return self._discs.get((h, radius), lambda: self.world.map.within(h, radius))

    def ring(self, hexes: Iterable[int], radius: int) -> list[int]:
        """Land hexes exactly `radius` from the nearest of `hexes` (cached by the set)."""
        key = tuple(sorted(set(hexes)))

        def make() -> list[int]:
            inner: set[int] = set()
            outer: set[int] = set()
            for h in key:
                inner.update(self.disc(h, radius - 1) if radius > 0 else ())
                outer.update(self.disc(h, radius))
            return sorted(h for h in outer - inner if self.land[h])

        return self._rings.get((key, radius), make)

    def stacked(self, sets: tuple[tuple[int, ...], ...]) -> np.ndarray:
        """Distance to each of several hex sets, one row per set (cached by the sets)."""
        return self._stacks.get(sets, lambda: np.stack([self.distance_to_set(s) for s in sets])
                                if sets else np.zeros((0, self.size), dtype=np.int32))

    def disc_array(self, h: int, radius: int) -> np.ndarray:
        """`disc` as an index array, for painting numpy maps (cached)."""
        return self._disc_arrays.get(
            (h, radius), lambda: np.array(self.disc(h, radius), dtype=np.int64))

    def distance_to_set(self, hexes: Iterable[int]) -> np.ndarray:
        """Hex distance from every hex to the nearest of `hexes` (large when the set is empty).

        Cached by the set; do not modify the array."""
        key = tuple(sorted(set(hexes)))

        def make() -> np.ndarray:
            out = np.full(self.size, 10**6, dtype=np.int32)
            for h in key:
                np.minimum(out, self.distances(h), out=out)
            return out

        return self._sets.get(key, make)

    def field(self, move_class: str, goal: int) -> Field:
        return self._fields.get((move_class, goal), lambda: Field(self, move_class, goal))

    def cost(self, move_class: str, start: int, goal: int) -> float:
        """Cheapest movement cost from `start` to `goal` over the map (units ignored)."""
        return self.field(move_class, goal).at(start)


def geometry(world: World) -> Geometry:
    found = _CACHES.get(world)
    if found is None:
        found = Geometry(world)
        _CACHES[world] = found
    return found


def walk(
    geo: Geometry,
    move_class: str,
    start: int,
    budget: float,
    field: Field | StraightField,
    *,
    stop_within: float,
    goal: int,
    blocked: set[int],
    enemy_zoc: set[int],
    counts: dict[int, int],
    limit: int,
    zoc_exit_cost: float,
    avoid: np.ndarray | None = None,
) -> int | None:
    """Where walking down `field` from `start` ends this turn (None if it gets nowhere).

    The walk stops at hex distance `stop_within` of `goal`, on entering an enemy zone of
    control, or when the points run out; it never enters `blocked` (enemy) hexes and never ends
    in a hex already holding `limit` of our units (`counts`) or an `avoid` hex (under enemy
    guns while it waits), backing up along its path instead.
    """
    costs = geo.world.map.edge_cost_lists[move_class]
    nbrs = geo.neighbours
    distance = geo.world.map.distance
    if field.at(start) == INF:
        return None
    values = field.dist
    value_of = values.get
    path = [start]
    h = start
    spent = 0.0
    seen = {start}
    while distance(h, goal) > stop_within:
        if h != start and h in enemy_zoc:
            break
        extra = zoc_exit_cost if h in enemy_zoc else 0.0
        best: tuple[float, int] | None = None  # (value + a hundredth of the step, hex)
        best_step = 0.0
        here = value_of(h, INF)
        for n, step in zip(nbrs[h], costs[h], strict=True):
            if n < 0 or n in blocked or n in seen:
                continue
            if step == INF or spent + step + extra > budget + 1e-9:
                continue
            value = value_of(n, INF)
            if value >= here:
                continue
            # Prefer routes that stay out of enemy zones until the last step.
            if n in enemy_zoc and distance(n, goal) > stop_within:
                value += 2.0
            key = (value + 0.01 * step, n)
            if best is None or key < best:
                best, best_step = key, step
        if best is None:
            break
        n = best[1]
        spent += best_step + extra
        path.append(n)
        seen.add(n)
        h = n
    while len(path) > 1 and (counts.get(path[-1], 0) >= limit
                             or (avoid is not None and avoid[path[-1]])):
        path.pop()
    return path[-1] if len(path) > 1 else None
