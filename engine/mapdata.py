"""The compiled map: the scenario's terrain text, lines and places turned into numpy tables.

Built once per scenario and shared by every game state; a scenario whose terrain changes on
dated events (floods) has one map per such day, all sharing the tables terrain does not touch
(`with_terrain`, `engine.terrain_changes`). Movement
reads `edge_cost` (cost to cross from hex i in direction d, per movement class, roads and river
crossings included), supply and zones of control read `land`, combat reads `terrain_defence`
and `edge_water` (river or canal on the hexside).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from engine.format.ruleset import Ruleset
from engine.format.scenario import Scenario
from engine.hexgrid import OPPOSITE, HexGrid

MOVEMENT_CLASSES = ("foot", "motor", "tracked")
NO_WATER, RIVER, CANAL = 0, 1, 2
NO_ROAD, ROAD, MAIN_ROAD = 0, 1, 2


@dataclass(frozen=True)
class MapData:
    grid: HexGrid
    terrain_ids: tuple[str, ...]
    terrain: np.ndarray  # (size,) index into terrain_ids
    land: np.ndarray  # (size,) bool: a land unit may stand here
    blocks_supply: np.ndarray  # (size,) bool
    terrain_defence: np.ndarray  # (size,) float
    edge_road: np.ndarray  # (size, 6) int8: NO_ROAD, ROAD, MAIN_ROAD
    edge_water: np.ndarray  # (size, 6) int8: NO_WATER, RIVER, CANAL
    edge_cost: dict[str, np.ndarray]  # class -> (size, 6) float, inf = impassable
    edge_cost_lists: dict[str, list[list[float]]]  # the same as Python lists
    adjacency: dict[str, list[list[tuple[int, float]]]]  # class -> hex -> passable (n, cost)
    neighbours: list[list[int]]  # flat neighbour indices per hex, -1 off map
    place_hex: dict[str, int]
    hex_places: dict[int, tuple[str, ...]]
    base_works: np.ndarray  # (size,) float: fortification level from the places
    nearest_place: np.ndarray  # (size,) index into place_ids: where a hex's events are counted
    place_ids: tuple[str, ...]
    axial: list[tuple[int, int]]  # (q, r) per hex, for fast distances
    _within: dict[tuple[int, int], tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)  # `within`'s discs

    def distance(self, a: int, b: int) -> int:
        """Steps between two hexes given by flat index (`HexGrid.distance` takes coordinates)."""
        aq, ar = self.axial[a]
        bq, br = self.axial[b]
        dq, dr = aq - bq, ar - br
        # `hexgrid.axial_steps(dq, dr)` written out: the AI and the rules ask tens of thousands of
        # distances a campaign, and the call cost as much as the sum
        return (abs(dq) + abs(dr) + abs(dq + dr)) // 2

    def within(self, centre: int, radius: int) -> list[int]:
        """Flat indices of the hexes at most `radius` steps from `centre` (centre first, then
        by index). Kept per (centre, radius): the rules ask the same few discs every day."""
        known = self._within.get((centre, radius))
        if known is None:
            known = self._within[(centre, radius)] = tuple(self._disc(centre, radius))
        return list(known)

    def _disc(self, centre: int, radius: int) -> list[int]:
        seen = {centre}
        frontier = [centre]
        for _ in range(radius):
            nxt: list[int] = []
            for h in frontier:
                for n in self.neighbours[h]:
                    if n >= 0 and n not in seen:
                        seen.add(n)
                        nxt.append(n)
            frontier = nxt
        return sorted(seen, key=lambda h: (h != centre, h))


def compile_map(scenario: Scenario, ruleset: Ruleset) -> MapData:
    """Turn the scenario's map text and features into the tables the rules read."""
    spec = scenario.map
    grid = HexGrid(spec.bounds, spec.hex_size_km)
    terrain_ids = tuple(t.id for t in ruleset.terrain)
    by_id = {t.id: t for t in ruleset.terrain}
    water_index = next((i for i, t in enumerate(ruleset.terrain) if t.water), 0)
    rows = spec.terrain.strip("\n").splitlines()
    terrain = np.full(grid.size, water_index, dtype=np.int16)
    for r in range(min(grid.rows, len(rows))):
        line = rows[r]
        for c in range(min(grid.cols, len(line))):
            tid = spec.terrain_legend.get(line[c])
            if tid in by_id:
                terrain[r * grid.cols + c] = terrain_ids.index(tid)

    place_hex = {p.id: grid.index(grid.hex_at(p.lat, p.lon)) for p in scenario.places}
    place_hex = {k: min(max(v, 0), grid.size - 1) for k, v in place_hex.items()}
    hex_places: dict[int, list[str]] = {}
    for pid, h in place_hex.items():
        hex_places.setdefault(h, []).append(pid)
    base_works = np.zeros(grid.size, dtype=float)
    for p in scenario.places:
        h = place_hex[p.id]
        base_works[h] = max(base_works[h], float(p.fortification))

    table = grid.neighbour_table
    edge_road = _rasterise_roads(scenario, grid, place_hex)
    edge_water = _water_crossings(scenario, grid, place_hex)
    place_ids = tuple(p.id for p in scenario.places)
    return MapData(
        grid=grid,
        terrain_ids=terrain_ids,
        edge_road=edge_road,
        edge_water=edge_water,
        neighbours=table.tolist(),
        place_hex=place_hex,
        hex_places={k: tuple(v) for k, v in hex_places.items()},
        base_works=base_works,
        nearest_place=_nearest_place(grid, [place_hex[p] for p in place_ids]),
        place_ids=place_ids,
        axial=[(c - (r - (r & 1)) // 2, r) for r in range(grid.rows) for c in range(grid.cols)],
        **_terrain_tables(ruleset, grid, terrain, edge_road, edge_water),
    )


def with_terrain(base: MapData, ruleset: Ruleset, terrain: np.ndarray) -> MapData:
    """`base` with another terrain per hex (a flood, a drained polder): the same grid, places,
    roads and waterways, the terrain's tables (land, supply, defence, movement) made anew."""
    return replace(base, **_terrain_tables(ruleset, base.grid, terrain, base.edge_road,
                                           base.edge_water))


def _terrain_tables(ruleset: Ruleset, grid: HexGrid, terrain: np.ndarray, edge_road: np.ndarray,
                    edge_water: np.ndarray) -> dict[str, Any]:
    """The tables that follow from the terrain of each hex, as `MapData` fields."""
    types = list(ruleset.terrain)
    land = np.array([not types[i].water for i in terrain], dtype=bool)
    blocks = np.array([types[i].blocks_supply or types[i].water for i in terrain], dtype=bool)
    defence = np.array([types[i].defence for i in terrain], dtype=float)
    table = grid.neighbour_table
    edge_cost: dict[str, np.ndarray] = {}
    mv = ruleset.movement
    for cls in MOVEMENT_CLASSES:
        enter = np.array(
            [_or_inf(getattr(types[i].move_cost, cls)) for i in terrain],
            dtype=float,
        )
        cost = np.full((grid.size, 6), math.inf)
        valid = table >= 0
        cost[valid] = enter[table[valid]]
        road = getattr(mv.road_cost, cls)
        main = getattr(mv.main_road_cost, cls)
        crossing = np.where(edge_water == RIVER, mv.river_crossing, 0.0) + np.where(
            edge_water == CANAL, mv.canal_crossing, 0.0
        )
        cost = cost + crossing
        if road is not None:
            cost = np.where(edge_road == ROAD, road, cost)
        if main is not None:
            cost = np.where(edge_road == MAIN_ROAD, main, cost)
        dest_land = np.zeros_like(valid)
        dest_land[valid] = land[table[valid]]
        cost[~dest_land] = math.inf
        edge_cost[cls] = cost
    neighbours = table.tolist()
    return {
        "terrain": terrain, "land": land, "blocks_supply": blocks, "terrain_defence": defence,
        "edge_cost": edge_cost,
        "edge_cost_lists": {k: v.tolist() for k, v in edge_cost.items()},
        "adjacency": {k: _adjacency(neighbours, v.tolist()) for k, v in edge_cost.items()},
    }


def _adjacency(
    table: list[list[int]], cost: list[list[float]]
) -> list[list[tuple[int, float]]]:
    return [
        [(n, c) for n, c in zip(row, costs, strict=True) if n >= 0 and c != math.inf]
        for row, costs in zip(table, cost, strict=True)
    ]


def _or_inf(cost: float | None) -> float:
    return math.inf if cost is None else cost


def _waypoint_km(
    grid: HexGrid, point: str | tuple[float, float], place_hex: dict[str, int]
) -> tuple[float, float]:
    if isinstance(point, str):
        return grid.centre_km(grid.hex_of(place_hex[point]))
    lat, lon = point
    return grid.project(lat, lon)


def _rasterise_roads(scenario: Scenario, grid: HexGrid, place_hex: dict[str, int]) -> np.ndarray:
    """Mark every hexside a road runs along (both directions); main roads win over roads."""
    edge = np.zeros((grid.size, 6), dtype=np.int8)
    level = {"road": ROAD, "main_road": MAIN_ROAD}
    for feature in scenario.map.lines:
        if feature.kind not in level:
            continue
        hexes: list[tuple[int, int]] = []
        for a, b in zip(feature.points, feature.points[1:], strict=False):
            ha = grid.hex_at_km(*_waypoint_km(grid, a, place_hex))
            hb = grid.hex_at_km(*_waypoint_km(grid, b, place_hex))
            hexes.extend(grid.line(ha, hb))
        for a, b in itertools.pairwise(hexes):
            if a == b or not (grid.on_map(a) and grid.on_map(b)):
                continue
            for d in range(6):
                if grid.neighbour(a, d) == b:
                    ia, ib = grid.index(a), grid.index(b)
                    edge[ia, d] = max(edge[ia, d], level[feature.kind])
                    edge[ib, OPPOSITE[d]] = max(edge[ib, OPPOSITE[d]], level[feature.kind])
    return edge


def _water_crossings(scenario: Scenario, grid: HexGrid, place_hex: dict[str, int]) -> np.ndarray:
    """Hexsides a river or canal crosses: its polyline cuts the segment between the two centres."""
    edge = np.zeros((grid.size, 6), dtype=np.int8)
    table = grid.neighbour_table
    src, dirs = np.nonzero(table >= 0)
    if src.size == 0:
        return edge
    dst = table[src, dirs]
    centres = np.array([grid.centre_km(grid.hex_of(i)) for i in range(grid.size)])
    p, q = centres[src], centres[dst]
    kinds = {"river": RIVER, "canal": CANAL}
    for feature in scenario.map.lines:
        if feature.kind not in kinds:
            continue
        pts = [_waypoint_km(grid, w, place_hex) for w in feature.points]
        hit = np.zeros(src.size, dtype=bool)
        for a, b in itertools.pairwise(pts):
            hit |= _segments_cross(p, q, np.array(a), np.array(b))
        edge[src[hit], dirs[hit]] = np.maximum(edge[src[hit], dirs[hit]], kinds[feature.kind])
    return edge


def _segments_cross(p: np.ndarray, q: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Vectorised test: does segment p-q (one row per hexside) properly cross segment a-b?"""

    def orient(u: np.ndarray, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        return (v[..., 0] - u[..., 0]) * (w[..., 1] - u[..., 1]) - (v[..., 1] - u[..., 1]) * (
            w[..., 0] - u[..., 0]
        )

    a_b = np.broadcast_to(a, p.shape)
    b_b = np.broadcast_to(b, p.shape)
    d1 = orient(a_b, b_b, p)
    d2 = orient(a_b, b_b, q)
    d3 = orient(p, q, a_b)
    d4 = orient(p, q, b_b)
    return (d1 * d2 < 0) & (d3 * d4 < 0)


def _nearest_place(grid: HexGrid, hexes: list[int]) -> np.ndarray:
    """For each hex, the index of the nearest place (by hex distance; first listed wins ties)."""
    size = grid.size
    if not hexes:
        return np.zeros(size, dtype=np.int32)
    cols = np.arange(size) % grid.cols
    rows = np.arange(size) // grid.cols
    q = cols - (rows - (rows & 1)) // 2
    best = np.full(size, np.iinfo(np.int32).max)
    out = np.zeros(size, dtype=np.int32)
    for k, h in enumerate(hexes):
        pc, pr = h % grid.cols, h // grid.cols
        pq = pc - (pr - (pr & 1)) // 2
        dq, dr = q - pq, rows - pr
        dist = (np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2
        better = dist < best
        best = np.where(better, dist, best)
        out = np.where(better, k, out)
    return out
