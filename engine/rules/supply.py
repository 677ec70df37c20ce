"""Supply and encirclement.

Supply is traced from a side's active sources (`supply.sources`, dated) through land hexes that
do not block supply, hold no enemy unit and are not in an *uncontested* enemy zone of control
(an enemy ZOC hex with a friendly unit in it still passes supply), for at most
`max_trace_hexes` steps. A unit whose hex is reached is SUPPLIED, with the path back to its
source. The other units are grouped into pockets (connected components of the same passable
area): a pocket that no source could reach at any distance is *encircled*. A unit not reached
from a source lives on the nearest depot of its side within `depot_range_hexes` along the same
passable hexes (DEPOT: a fortress feeds its own garrison, not a garrison 60 km away) until the
depot runs dry; otherwise it is out of supply (CUT_OFF).
"""

from __future__ import annotations

import numpy as np

from engine.format.ruleset import SupplyEffect
from engine.rules.movement import zoc_hexes
from engine.state import CUT_OFF, DEPOT, SUPPLIED, GameState, Pocket, SupplyInfo
from engine.world import World


def active_sources(world: World, state: GameState, side: str) -> list[tuple[str, int]]:
    """(source id, hex) of the side's sources active on the state's date."""
    out = []
    for s in world.scenario.supply.sources:
        if s.side != side:
            continue
        if s.from_date is not None and state.date < s.from_date:
            continue
        if s.until is not None and state.date > s.until:
            continue
        out.append((s.id, world.map.place_hex[s.place]))
    return out


def passable_for(world: World, state: GameState, side: str) -> np.ndarray:
    """Hexes a supply line of `side` may pass through."""
    enemy = world.enemy_of(side)
    ok = world.map.land & ~world.map.blocks_supply
    ok = ok.copy()
    friendly = np.zeros_like(ok)
    for u in state.units.values():
        if u.deployed:
            if u.side == enemy:
                ok[u.hex] = False
            elif u.side == side:
                friendly[u.hex] = True
    zoc = zoc_hexes(world, state, enemy)
    if zoc:
        z = np.fromiter(zoc, dtype=np.int64)
        ok[z] &= friendly[z]
    return ok


def flood(
    world: World, passable: np.ndarray, starts: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """Breadth-first distances and parents from `starts` over `passable` hexes, up to `limit`.

    Vectorised level by level; a hex's parent is its first neighbour (in direction order) on
    the previous level, so paths are the same on every run and platform.
    """
    table = world.map.grid.neighbour_table
    size = passable.size
    dist = np.full(size, -1, dtype=np.int32)
    parent = np.full(size, -1, dtype=np.int32)
    if not starts.size:
        return dist, parent
    starts = starts[passable[starts]]
    visited = np.zeros(size + 1, dtype=bool)  # the extra slot absorbs the -1 "off map" entries
    visited[size] = True
    open_ = np.append(passable, False)
    frontier = np.zeros(size + 1, dtype=bool)
    frontier[starts] = True
    visited[starts] = True
    dist[starts] = 0
    front_idx = np.flatnonzero(frontier)
    level = 0
    while front_idx.size and level < limit:
        level += 1
        nb = table[front_idx].ravel()
        nb = nb[open_[nb] & ~visited[nb]]
        if not nb.size:
            break
        new = np.zeros(size + 1, dtype=bool)
        new[nb] = True
        new_idx = np.flatnonzero(new)
        around = table[new_idx]
        on_prev = frontier[around] & (around >= 0)
        parent[new_idx] = around[np.arange(new_idx.size), on_prev.argmax(axis=1)]
        dist[new_idx] = level
        visited |= new
        frontier = new
        front_idx = new_idx
    return dist, parent


def trace(
    world: World, state: GameState, side: str
) -> tuple[dict[str, SupplyInfo], list[Pocket]]:
    """Supply state of each of the side's units on the map, and the side's pockets."""
    sources = active_sources(world, state, side)
    passable = passable_for(world, state, side)
    units = [u for u in state.units.values() if u.deployed and u.side == side]
    for u in units:
        passable[u.hex] = world.map.land[u.hex]  # a unit always draws from its own hex
    src_hexes = np.array([h for _, h in sources], dtype=np.int64)
    dist, parent = flood(world, passable, src_hexes, world.rules.supply.max_trace_hexes)
    source_at = {h: sid for sid, h in reversed(sources)}
    info: dict[str, SupplyInfo] = {}
    cut: list[str] = []
    for u in units:
        if dist[u.hex] >= 0:
            path = _path(parent, u.hex)
            info[u.id] = SupplyInfo(SUPPLIED, path, source_at.get(path[-1]))
        else:
            cut.append(u.id)
    if not cut:
        return info, []
    pockets = _pockets(world, state, side, cut, passable, src_hexes)
    pocket_of = {uid: p for p in pockets for uid in p.units}
    depots = {
        world.map.place_hex[d.place]: d.place for d in reversed(world.scenario.supply.depots)
        if d.side == side and state.owner.get(d.place) == side
        and (state.depots[d.place][0] > 0 or state.depots[d.place][1] > 0)
    }
    d_dist, d_parent = flood(world, passable, np.array(sorted(depots), dtype=np.int64),
                             world.rules.supply.depot_range_hexes)
    for uid in cut:
        u = state.units[uid]
        pocket = pocket_of.get(uid)
        pid = pocket.id if pocket else None
        if d_dist[u.hex] >= 0:
            path = _path(d_parent, u.hex)
            info[uid] = SupplyInfo(DEPOT, path, pocket=pid, depot=depots[path[-1]])
        else:
            info[uid] = SupplyInfo(CUT_OFF, pocket=pid)
    return info, pockets


def _path(parent: np.ndarray, start: int) -> tuple[int, ...]:
    path = [start]
    while parent[path[-1]] >= 0:
        path.append(int(parent[path[-1]]))
    return tuple(path)


def components(world: World, passable: np.ndarray) -> np.ndarray:
    """Connected-component label of every passable hex (its component's smallest index);
    impassable hexes get `size`. Min-label propagation with pointer jumping: a few whole-map
    numpy passes instead of a breadth-first search per pocket."""
    size = passable.size
    table = world.map.grid.neighbour_table
    table = np.where(table >= 0, table, size)
    label = np.where(passable, np.arange(size), size)
    label = np.append(label, size)
    while True:
        lowest = label[table].min(axis=1)
        new = np.minimum(label[:size], np.where(passable, lowest, size))
        new = np.append(new, size)
        new = new[new]
        new = new[new]
        if np.array_equal(new, label):
            return label[:size]
        label = new


def _pockets(
    world: World, state: GameState, side: str, cut: list[str], passable: np.ndarray,
    src_hexes: np.ndarray,
) -> list[Pocket]:
    """Connected groups of cut-off units that no source reaches at any distance."""
    label = components(world, passable)
    fed = set(label[src_hexes[passable[src_hexes]]].tolist()) if src_hexes.size else set()
    by_label: dict[int, list[str]] = {}
    for uid in cut:
        by_label.setdefault(int(label[state.units[uid].hex]), []).append(uid)
    depot_hex = {
        d.place: world.map.place_hex[d.place] for d in world.scenario.supply.depots
        if d.side == side and state.owner.get(d.place) == side
    }
    pockets: list[Pocket] = []
    for pid, members in sorted(by_label.items()):
        if pid in fed:
            continue  # out of range of its sources, but not encircled
        hexes = frozenset(np.flatnonzero(label == pid).tolist())
        depots = tuple(place for place, h in depot_hex.items() if h in hexes)
        previous = max(
            (p.days_encircled for p in state.pockets
             if p.side == side and set(p.units) & set(members)),
            default=0,
        )
        pockets.append(Pocket(pid, side, hexes, tuple(sorted(members)), depots, previous))
    return pockets


def retrace_all(world: World, state: GameState) -> None:
    """Recompute and store every side's supply (the supply phase)."""
    supply: dict[str, SupplyInfo] = {}
    pockets: list[Pocket] = []
    for side in world.side_ids:
        info, side_pockets = trace(world, state, side)
        supply.update(info)
        pockets.extend(side_pockets)
    state.supply = supply
    state.pockets = pockets


def unit_stocks(state: GameState, unit_id: str) -> tuple[float, float] | None:
    """(food days, ammo days) of the depot a unit draws on, or None if it draws on none."""
    info = state.supply.get(unit_id)
    if info is None or info.depot is None:
        return None
    food, ammo = state.depots[info.depot]
    return food, ammo


def pocket_of_unit(state: GameState, unit_id: str) -> Pocket | None:
    info = state.supply.get(unit_id)
    if info is None or info.pocket is None:
        return None
    return next((p for p in state.pockets if p.id == info.pocket and unit_id in p.units), None)


def draw_ammo(state: GameState, unit_id: str, days: float) -> None:
    """A unit living on a depot fights or fires: the shells come out of that depot."""
    info = state.supply.get(unit_id)
    if info is None or info.depot is None or days <= 0:
        return
    stock = state.depots[info.depot]
    stock[1] = max(0.0, stock[1] - days)


def factors(world: World, state: GameState, unit_id: str) -> tuple[float, float, float]:
    """(attack, defence, movement) multipliers from the unit's supply state."""
    info = state.supply.get(unit_id)
    if info is None or info.state == SUPPLIED:
        return 1.0, 1.0, 1.0
    rules = world.rules.supply
    if info.state == DEPOT:
        stocks = unit_stocks(state, unit_id)
        if stocks is None or stocks[1] <= 0:
            return rules.no_ammo_attack, rules.no_ammo_defence, 1.0
        return 1.0, 1.0, 1.0
    step = supply_step(world, state.units[unit_id].oos_days)
    if step is None:
        return 1.0, 1.0, 1.0
    return step.attack, step.defence, step.movement


def supply_step(world: World, days: int) -> SupplyEffect | None:
    """The out-of-supply step reached after `days` days cut off, if any."""
    steps = [s for s in world.rules.supply.out_of_supply if s.days <= days]
    return max(steps, key=lambda s: s.days) if steps else None
