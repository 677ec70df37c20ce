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
from engine.hexbits import HexBits, hex_bits
from engine.rules.movement import zoc_hexes
from engine.rules.strait import harbour_open
from engine.state import CUT_OFF, DEPOT, SUPPLIED, GameState, Pocket, SupplyInfo, UnitState
from engine.world import World


def take_losses(world: World, state: GameState, u: UnitState, lost: int) -> None:
    """The unit loses `lost` men to fire or assault. A unit with a supply line to a source
    sends its wounded down it; one living on a depot or cut off keeps them (the ruleset's
    `supply.wounded_share` of its losses), and they are taken prisoner with it
    (`morale.surrender_unit`): a besieged garrison's wounded lay in its own hospitals."""
    u.men -= lost
    u.lost += lost
    info = state.supply.get(u.id)
    if info is not None and info.state != SUPPLIED:
        u.wounded += round(lost * world.rules.supply.wounded_share)


def active_sources(world: World, state: GameState, side: str) -> list[tuple[str, int]]:
    """(source id, hex) of the side's sources active on the state's date; a harbour only
    while its side holds it and no enemy gun commands it (`rules.strait.harbour_open`)."""
    out = []
    for s in world.scenario.supply.sources:
        if s.side != side:
            continue
        if s.from_date is not None and state.date < s.from_date:
            continue
        if s.until is not None and state.date > s.until:
            continue
        if s.harbour and (state.owner.get(s.place) != side
                          or not harbour_open(world, state, s.place)):
            continue
        out.append((s.id, world.map.place_hex[s.place]))
    return out


def passable_for(world: World, state: GameState, side: str) -> np.ndarray:
    """Hexes a supply line of `side` may pass through."""
    enemy = world.enemy_of(side)
    ok = world.map.land & ~world.map.blocks_supply
    ok = ok.copy()
    friendly = np.zeros_like(ok)
    count = state.positions().count  # hex -> units, per side: no scan of every unit
    for hexes, flags, value in ((count.get(enemy, {}), ok, False),
                                (count.get(side, {}), friendly, True)):
        if hexes:
            flags[np.fromiter(hexes, dtype=np.int64, count=len(hexes))] = value
    zoc = zoc_hexes(world, state, enemy)
    if zoc:
        z = np.fromiter(zoc, dtype=np.int64)
        ok[z] &= friendly[z]
    return ok


class Flood:
    """A breadth-first flood from some hexes (a side's sources, or its depots) over the hexes
    its supply may pass, up to a number of steps: the hexes first reached at each step, as
    sets of bits (`engine.hexbits`), and the steps to the hexes asked for (the units').
    A whole frontier moves at each step, so a flood over most of the map costs its number of
    steps, not of hexes."""

    def __init__(self, world: World, passable: int, starts: list[int], limit: int,
                 asked: list[int]) -> None:
        bits = _bits(world)
        self.world = world
        self.levels = bits.levels(passable, bits.set_of(starts), limit)
        self.rows = [x.to_bytes(bits.nbytes, "little") for x in self.levels]  # bit tests
        self.reached: dict[int, int] = {}
        wanted = bits.set_of(asked)
        for step, hexes in enumerate(self.levels):
            hit = hexes & wanted
            while hit:
                low = hit & -hit
                self.reached[low.bit_length() - 1] = step
                hit ^= low

    def steps(self, h: int) -> int:
        """Steps from the nearest start to `h` (one of the hexes asked for), -1 if never."""
        return self.reached.get(h, -1)

    def path(self, start: int, known: dict[int, tuple[list[int], int]]) -> tuple[int, ...]:
        """From `start` (a hex asked for, reached) back to where the flood began: each step to
        the first neighbour (in direction order) one step nearer, so paths are the same on
        every run and platform. `known` holds the hexes of the paths already walked on this
        flood (units share their roads), each as (a path through it, its place there): a
        path is copied once per unit, not once per hex of it."""
        nbrs, rows = self.world.map.neighbours, self.rows
        walked = []
        h = start
        step = self.reached[start]
        while h not in known and step > 0:
            walked.append(h)
            step -= 1
            row = rows[step]
            for n in nbrs[h]:  # the first one step nearer (a flood reached h from one)
                if n >= 0 and row[n >> 3] >> (n & 7) & 1:
                    h = n
                    break
        if h in known:
            through, at = known[h]
            walked.extend(through[at:])
        else:
            walked.append(h)
        for i, hex_ in enumerate(walked):
            if hex_ in known:
                break  # the rest was walked before
            known[hex_] = (walked, i)
        return tuple(walked)


def _bits(world: World) -> HexBits:
    return hex_bits(world, world.map.neighbours)


def trace(
    world: World, state: GameState, side: str
) -> tuple[dict[str, SupplyInfo], list[Pocket]]:
    """Supply state of each of the side's units on the map, and the side's pockets."""
    sources = active_sources(world, state, side)
    passable_array = passable_for(world, state, side)
    units = state.active_units(side)
    info: dict[str, SupplyInfo] = {
        u.id: SupplyInfo(SUPPLIED) for u in units if world.unit_types[u.type_id].at_sea
    }  # ships are supplied from the sea
    units = [u for u in units if u.id not in info]
    for u in units:
        passable_array[u.hex] = world.map.land[u.hex]  # a unit always draws from its own hex
    passable: list[bool] = passable_array.tolist()
    open_ = _bits(world).of(passable_array)
    at = [u.hex for u in units]
    # One flood at any distance: within `max_trace_hexes` a unit is supplied; beyond, it is
    # out of range but not encircled; never reached, it is in a pocket.
    flood = Flood(world, open_, [h for _, h in sources], len(passable), at)
    limit = world.rules.supply.max_trace_hexes
    source_at = {h: sid for sid, h in reversed(sources)}
    cut: list[str] = []
    known: dict[int, tuple[list[int], int]] = {}
    for u in units:
        if 0 <= flood.steps(u.hex) <= limit:
            path = flood.path(u.hex, known)
            info[u.id] = SupplyInfo(SUPPLIED, path, source_at.get(path[-1]))
        else:
            cut.append(u.id)
    if not cut:
        return info, []
    pockets = _pockets(world, state, side,
                       [uid for uid in cut if flood.steps(state.units[uid].hex) < 0],
                       passable, open_)
    pocket_of = {uid: p for p in pockets for uid in p.units}
    depots = {
        world.map.place_hex[d.place]: d.place for d in reversed(world.scenario.supply.depots)
        if d.side == side and state.owner.get(d.place) == side
        and (state.depots[d.place][0] > 0 or state.depots[d.place][1] > 0)
    }
    from_depots = Flood(world, open_, sorted(depots), world.rules.supply.depot_range_hexes, at)
    known = {}
    for uid in cut:
        u = state.units[uid]
        pocket = pocket_of.get(uid)
        pid = pocket.id if pocket else None
        if from_depots.steps(u.hex) >= 0:
            path = from_depots.path(u.hex, known)
            info[uid] = SupplyInfo(DEPOT, path, pocket=pid, depot=depots[path[-1]])
        else:
            info[uid] = SupplyInfo(CUT_OFF, pocket=pid)
    return info, pockets


def _pockets(
    world: World, state: GameState, side: str, encircled: list[str], passable: list[bool],
    open_: int,
) -> list[Pocket]:
    """Connected groups of the units no source reaches at any distance, each named by the
    smallest hex index of its area (a unit off land: every impassable hex, named `size`).
    `open_` is `passable` as a set of bits (`engine.hexbits`)."""
    bits = _bits(world)
    areas: dict[int, frozenset[int]] = {}  # label -> area (a few: one per pocket)
    by_label: dict[int, list[str]] = {}
    for uid in encircled:
        h = state.units[uid].hex
        label = next((lb for lb, area in areas.items() if h in area), None)
        if label is None:
            if passable[h]:
                found = bits.area(open_, h)
                open_ &= ~found  # areas are disjoint: a later one never walks this one
                hexes = bits.members(found)  # in index order: the first names it
                label, areas[hexes[0]] = hexes[0], frozenset(hexes)
            else:
                label = len(passable)
                areas[label] = frozenset(i for i, ok in enumerate(passable) if not ok)
        by_label.setdefault(label, []).append(uid)
    depot_hex = {
        d.place: world.map.place_hex[d.place] for d in world.scenario.supply.depots
        if d.side == side and state.owner.get(d.place) == side
    }
    pockets: list[Pocket] = []
    for pid, members in sorted(by_label.items()):
        hexes = areas[pid]
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
    if info.state == DEPOT:  # `unit_stocks`' ammunition, read here without a second look-up
        if info.depot is None or state.depots[info.depot][1] <= 0:
            return rules.no_ammo_attack, rules.no_ammo_defence, 1.0
        return 1.0, 1.0, 1.0
    step = supply_step(world, state.units[unit_id].oos_days)
    if step is None:
        return 1.0, 1.0, 1.0
    return step.attack, step.defence, step.movement


def supply_step(world: World, days: int) -> SupplyEffect | None:
    """The out-of-supply step reached after `days` days cut off, if any (the first of the
    latest, as `max` gives it)."""
    found = None
    for step in world.rules.supply.out_of_supply:
        if step.days <= days and (found is None or step.days > found.days):
            found = step
    return found
