"""Supply and encirclement.

Supply is traced from a side's active sources (`supply.sources`, dated) through land hexes that
do not block supply, hold no enemy unit and are not in an *uncontested* enemy zone of control
(an enemy ZOC hex with a friendly unit in it still passes supply), for at most
`max_trace_hexes` steps. A unit whose hex is reached is SUPPLIED, with the path back to its
source. The other units are grouped into pockets (connected components of the same passable
area): a pocket that no source could reach at any distance is *encircled*; its units live on
the depots inside it (DEPOT) until they run dry, then they are out of supply (CUT_OFF).
"""

from __future__ import annotations

import numpy as np

from engine.movement import zoc_hexes
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
        if u.on_map:
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
    """Breadth-first distances and parents from `starts` over `passable` hexes, up to `limit`."""
    table = world.map.grid.neighbour_table
    size = passable.size
    dist = np.full(size, -1, dtype=np.int32)
    parent = np.full(size, -1, dtype=np.int32)
    frontier = np.unique(starts[passable[starts]]) if starts.size else starts
    dist[frontier] = 0
    level = 0
    while frontier.size and level < limit:
        level += 1
        nb = table[frontier].ravel()
        par = np.repeat(frontier, 6)
        keep = nb >= 0
        nb, par = nb[keep], par[keep]
        keep = passable[nb] & (dist[nb] < 0)
        nb, par = nb[keep], par[keep]
        if not nb.size:
            break
        frontier, first = np.unique(nb, return_index=True)
        dist[frontier] = level
        parent[frontier] = par[first]
    return dist, parent


def trace(
    world: World, state: GameState, side: str
) -> tuple[dict[str, SupplyInfo], list[Pocket]]:
    """Supply state of each of the side's units on the map, and the side's pockets."""
    sources = active_sources(world, state, side)
    passable = passable_for(world, state, side)
    units = [u for u in state.units.values() if u.on_map and u.side == side]
    for u in units:
        passable[u.hex] = world.map.land[u.hex]  # a unit always draws from its own hex
    src_hexes = np.array([h for _, h in sources], dtype=np.int64)
    dist, parent = flood(world, passable, src_hexes, world.rules.supply.max_trace_hexes)
    source_at = {h: sid for sid, h in reversed(sources)}
    info: dict[str, SupplyInfo] = {}
    cut: list[str] = []
    for u in units:
        if dist[u.hex] >= 0:
            path = [u.hex]
            while parent[path[-1]] >= 0:
                path.append(int(parent[path[-1]]))
            info[u.id] = SupplyInfo(SUPPLIED, tuple(path), source_at.get(path[-1]))
        else:
            cut.append(u.id)
    pockets: list[Pocket] = []
    if cut:
        reach_all, _ = flood(world, passable, src_hexes, world.map.grid.size)
        label: dict[int, int] = {}
        for uid in cut:
            u = state.units[uid]
            if u.hex in label:
                continue
            comp_dist, _ = flood(world, passable, np.array([u.hex]), world.map.grid.size)
            comp = np.flatnonzero(comp_dist >= 0)
            encircled = not bool((reach_all[comp] >= 0).any())
            pid = int(comp.min())
            for h in comp.tolist():
                label[h] = pid
            if encircled:
                hexes = frozenset(comp.tolist())
                depots = tuple(
                    d.place for d in world.scenario.supply.depots
                    if d.side == side and world.map.place_hex[d.place] in hexes
                    and state.owner.get(d.place) == side
                )
                members = tuple(sorted(
                    x for x in cut if state.units[x].hex in hexes
                ))
                previous = max(
                    (p.days_encircled for p in state.pockets
                     if p.side == side and set(p.units) & set(members)),
                    default=0,
                )
                pockets.append(Pocket(pid, side, hexes, members, depots, previous))
        pocket_of = {uid: p for p in pockets for uid in p.units}
        for uid in cut:
            pocket = pocket_of.get(uid)
            if pocket is None:
                info[uid] = SupplyInfo(CUT_OFF)
            elif any(state.depots[d][0] > 0 or state.depots[d][1] > 0 for d in pocket.depots):
                info[uid] = SupplyInfo(DEPOT, pocket=pocket.id)
            else:
                info[uid] = SupplyInfo(CUT_OFF, pocket=pocket.id)
    return info, pockets


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


def pocket_stocks(state: GameState, pocket: Pocket) -> tuple[float, float]:
    """(food days, ammo days) a pocket can draw on: its best depot for each."""
    food = max((state.depots[d][0] for d in pocket.depots), default=0.0)
    ammo = max((state.depots[d][1] for d in pocket.depots), default=0.0)
    return food, ammo


def pocket_of_unit(state: GameState, unit_id: str) -> Pocket | None:
    info = state.supply.get(unit_id)
    if info is None or info.pocket is None:
        return None
    return next((p for p in state.pockets if p.id == info.pocket and unit_id in p.units), None)


def draw_ammo(state: GameState, unit_id: str, days: float) -> None:
    """A pocketed unit fights or fires: take ammunition from its pocket's best depot."""
    pocket = pocket_of_unit(state, unit_id)
    if pocket is None or not pocket.depots or days <= 0:
        return
    best = max(pocket.depots, key=lambda d: (state.depots[d][1], d))
    state.depots[best][1] = max(0.0, state.depots[best][1] - days)


def factors(world: World, state: GameState, unit_id: str) -> tuple[float, float, float]:
    """(attack, defence, movement) multipliers from the unit's supply state."""
    info = state.supply.get(unit_id)
    if info is None or info.state == SUPPLIED:
        return 1.0, 1.0, 1.0
    rules = world.rules.supply
    if info.state == DEPOT:
        pocket = pocket_of_unit(state, unit_id)
        _, ammo = pocket_stocks(state, pocket) if pocket else (0.0, 0.0)
        if ammo <= 0:
            return rules.no_ammo_attack, rules.no_ammo_defence, 1.0
        return 1.0, 1.0, 1.0
    step = supply_step(world, state.units[unit_id].oos_days)
    if step is None:
        return 1.0, 1.0, 1.0
    return step.attack, step.defence, step.movement


def supply_step(world: World, days: int):
    steps = [s for s in world.rules.supply.out_of_supply if s.days <= days]
    return max(steps, key=lambda s: s.days) if steps else None
