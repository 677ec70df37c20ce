"""Morale, attrition and surrender.

Quality sets a unit's starting morale and the threshold below which a beaten or broken unit
gives up. Isolation (days encircled), low stocks, hunger, being out of supply, losses and
bombardment wear morale down; quiet supplied days restore it. At the end of each day a unit
pressed by the enemy (attacked that day, cut off, or besieged by an enemy that stayed at its
door) gives up to an adjacent enemy unit (its captor) with a chance that grows as its morale
falls below its threshold (`surrender_spread`); a unit that is only passed by does not. A place of a
fortress that falls shakes the rest of the garrison in proportion to the share of the garrison's
starting men it held (a battery's crew little, the citadel much), and the loss of the fortress's
headquarters shakes it by `command_lost`. Together these make the second-rate port garrisons of
1944 surrender in thousands once their main positions go, while a bigger garrison must be beaten
in more of its positions before it breaks.
"""

from __future__ import annotations

import math
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from engine.events import Event
from engine.rules.bombardment import place_at
from engine.rules.movement import zoc_of
from engine.rules.supply import supply_step, unit_stocks
from engine.state import CUT_OFF, DEPOT, SURRENDERED, GameState, UnitState
from engine.world import World


def surrender_unit(world: World, state: GameState, u: UnitState, reason: str,
                   by: str = "") -> Event:
    """All the unit's men become prisoners, with the wounded it could not send to the rear
    (`supply.take_losses`), counted by side and by the place where it happened; `by` is the
    enemy unit they gave themselves up to, if one."""
    place = place_at(world, u.hex) if u.hex >= 0 else ""
    hex_ = list(world.map.grid.hex_of(u.hex)) if u.hex >= 0 else []
    wounded = take_wounded(world, state, u, place)
    men = u.men + wounded
    _count_prisoners(world, state, u, place, u.men)
    u.men = 0
    u.status = SURRENDERED
    u.hex = -1
    return Event.make("surrendered", state.date, unit=u.id, side=u.side, men=men, place=place,
                      reason=reason, hex=hex_, by=by, wounded=wounded)


def take_wounded(world: World, state: GameState, u: UnitState, place: str) -> int:
    """The wounded the unit kept (`supply.take_losses`) fall into the enemy's hands with the
    ground they lay on: prisoners, no longer lost to the enemy's count, as the sources count
    them. Returns how many."""
    wounded = u.wounded
    u.lost -= wounded
    u.wounded = 0
    _count_prisoners(world, state, u, place, wounded)
    return wounded


def _count_prisoners(world: World, state: GameState, u: UnitState, place: str, men: int) -> None:
    u.captured += men
    state.prisoners_by_place[place] = state.prisoners_by_place.get(place, 0) + men
    taken = state.prisoners_taken.setdefault(world.enemy_of(u.side), {})
    taken[place] = taken.get(place, 0) + men


def surrender_threshold(world: World, state: GameState, u: UnitState) -> float:
    """Morale below which the unit gives up: its quality's, lowered in a fortress under the
    fortress order (its officers held men a little longer; a rearguard elsewhere gets no help)."""
    base = world.qualities[u.quality].surrender_morale
    if state.under_fortress_order(u):
        base -= world.rules.morale.fortress_order_surrender_shift
    return base


LOGISTIC_CUT = 8.0  # gap / spread beyond which the chance counts as nil


def surrender_chance(world: World, state: GameState, u: UnitState) -> float:
    """The chance the unit gives up tonight if an enemy is pressing it: a logistic curve in how
    far its morale is below its surrender threshold, one half at the threshold and steeper as
    `surrender_spread` is smaller (at 0, certain below the threshold and nil above). Losses,
    isolation, hunger, a lack of ammunition and the loss of command all weigh through the
    morale they cost."""
    gap = u.morale - surrender_threshold(world, state, u)
    spread = world.rules.morale.surrender_spread
    if spread <= 0:
        return 1.0 if gap < 0 else 0.0
    if gap / spread > LOGISTIC_CUT:
        return 0.0  # far above its threshold: not worth a draw (below 1 in 3,000)
    return 1.0 / (1.0 + math.exp(max(-50.0, gap / spread)))


def in_contact(world: World, state: GameState, u: UnitState,
               enemy_hexes: AbstractSet[int]) -> bool:
    # off-map neighbours are -1, never an enemy hex: no need to leave them out
    return not enemy_hexes.isdisjoint(world.map.neighbours[u.hex])


def hemmed_in(world: World, state: GameState, u: UnitState) -> bool:
    """No way out: every passable neighbour is held by the enemy or in its zone of control
    without a friendly unit standing there."""
    enemy = world.enemy_of(u.side)
    zoc = zoc_of(world, state, enemy)
    costs = world.map.edge_cost_lists[world.unit_types[u.type_id].movement_class][u.hex]
    count = state.positions().count
    enemy_at, own_at = count.get(enemy, {}), count.get(u.side, {})
    for d, n in enumerate(world.map.neighbours[u.hex]):
        if n < 0 or costs[d] == math.inf or enemy_at.get(n, 0):
            continue
        if own_at.get(n, 0) or n not in zoc:
            return False
    return True


def cut_off(world: World, state: GameState, u: UnitState) -> bool:
    """Cut off by the enemy: no supply line even to a depot, or hemmed in where it stands."""
    info = state.supply.get(u.id)
    return (info is not None and info.state == CUT_OFF) or hemmed_in(world, state, u)


def captor(world: World, state: GameState, u: UnitState) -> str:
    """The enemy unit a broken unit gives itself up to, or '' if none: broken men surrender to
    an enemy pressing them — an adjacent one that assaulted them today; else any adjacent one
    if they were attacked today (shelled or bombed from afar) or are cut off where they stand;
    else, in an encircled fortress, an adjacent one that stayed at their door all day — never
    to one that only passed by today. Those adjacent must also have at least
    `collapse_men_ratio` men per man of the unit's. A ship offshore (`at_sea`) takes nobody:
    men ashore cannot give themselves up to it, and it cannot land to take their place."""
    enemy = world.enemy_of(u.side)
    neighbours = world.map.neighbours[u.hex]
    if state.positions().count.get(enemy, {}).keys().isdisjoint(neighbours):
        return ""  # no enemy next to it (most units, most nights): nobody to give up to
    near = sorted((x.id, x.men, x.moved_hexes > 0) for n in neighbours
                  if n >= 0 for x in state.units_at(n, enemy)
                  if not world.unit_types[x.type_id].at_sea)
    if not near or sum(men for _, men, _ in near) < world.rules.morale.collapse_men_ratio * u.men:
        return ""
    pressing = [uid for uid, _, _ in near if uid in u.assailants]
    if pressing:
        return pressing[0]
    if u.assailants or cut_off(world, state, u):
        return near[0][0]
    info = state.supply.get(u.id)
    if info is not None and info.state == DEPOT:
        investing = [uid for uid, _, moved in near if not moved]
        return investing[0] if investing else ""
    return ""


def end_of_day(world: World, state: GameState) -> list[Event]:
    """Stocks, attrition, isolation, recovery and surrender, in that order."""
    events: list[Event] = []
    rules = world.rules
    days = 1  # the end of every day (engine.rules.turn)
    # Depots: each depot some unit draws on loses a day of food and ammunition per day.
    drawn = sorted({i.depot for i in state.supply.values() if i.state == DEPOT and i.depot})
    for place in drawn:
        stock = state.depots[place]
        before = list(stock)
        stock[0] = max(0.0, stock[0] - days)
        stock[1] = max(0.0, stock[1] - days)
        for i, name in enumerate(("food", "ammo")):
            if before[i] > 0 and stock[i] <= 0:
                events.append(Event.make("depot_empty", state.date, place=place, stock=name))
    for pocket in state.pockets:
        pocket.days_encircled += days
    pocket_of = {uid: p for p in state.pockets for uid in p.units}
    count = state.positions().count  # side -> hexes its units stand in (no unit moves here)
    occupied = {s: count.get(s, {}).keys() for s in world.side_ids}
    units = sorted(state.active_units(), key=lambda x: x.id)  # those on the map tonight
    for u in units:
        info = state.supply.get(u.id)
        enemy_hexes = occupied[world.enemy_of(u.side)]
        contact = in_contact(world, state, u, enemy_hexes)
        pocket = pocket_of.get(u.id)
        drain = 0.0
        if info is not None and info.state == CUT_OFF:
            u.oos_days += days
            step = supply_step(world, u.oos_days)
            if step is not None:
                drain += step.morale_per_day * days
                u.suppression = max(u.suppression, step.suppression)
                events.append(Event.make("attrition", state.date, unit=u.id, days=u.oos_days,
                                         morale=u.morale - drain))
        else:
            u.oos_days = 0
        if pocket is not None:
            drain += rules.morale.encircled_per_day * days
        stocks = unit_stocks(state, u.id)
        if stocks is not None:
            if stocks[0] <= 0:
                drain += rules.supply.no_food_morale_per_day * days
            elif min(stocks) < rules.supply.low_stock_days:
                drain += rules.supply.low_stock_morale_per_day * days
        if drain == 0 and not contact and u.suppression < 0.05:
            start = _start_morale(world, u)
            u.morale = min(max(u.morale, start), u.morale + rules.morale.recovery_per_day * days)
        u.morale = max(0.0, u.morale - drain)
        u.suppression *= 1.0 - rules.fire.suppression_recovery
    for u in units:
        chance = surrender_chance(world, state, u)
        if chance <= 0 or commands_a_fortress(world, state, u):
            continue
        taker = captor(world, state, u)
        if rules.morale.collapse_contact and not taker:
            continue
        if chance < 1 and state.rng.random() >= chance:  # a sure thing draws nothing
            continue
        events.extend(command_lost(world, state, u))
        events.append(surrender_unit(world, state, u, "morale broke", taker))
    return events


def commands_a_fortress(world: World, state: GameState, u: UnitState) -> bool:
    """A fortress headquarters under the fortress order while any other unit of its garrison is
    still on the map: it does not give up in the night however low its own morale, as a
    battalion does. Its commander answered for the fortress (S0): he gave it up when his own
    position was overrun (Heim in his bunker at Alprech: W-WH, EQU) or he was left alone; until
    then it is the garrison's morale that breaks. (Counting only units not yet broken was
    tried: Calais's garrison, all broken by 28 September, then gave the fortress up the first
    night its town was attacked, whatever that assault's result.)"""
    if world.unit_types[u.type_id].symbol != "headquarters" or not state.under_fortress_order(u):
        return False
    forts = fortresses(world)
    objective = forts.zone_of_hex.get(u.hex)
    if objective is None:
        return False
    return any(state.units[g].deployed for g in forts.garrison[objective] if g != u.id)


def _start_morale(world: World, u: UnitState) -> float:
    scenario_unit = world.scenario_units.get(u.id)
    if scenario_unit is not None and scenario_unit.morale is not None:
        return float(scenario_unit.morale)
    return float(world.qualities[u.quality].morale)


@dataclass(frozen=True)
class Fortresses:
    """Each fortress's garrison as the scenario deploys it: who, where, how many men."""

    garrison: dict[str, frozenset[str]]  # objective -> units of the defender starting in its zone
    share: dict[str, tuple[str, float]]  # place -> (objective, share of its garrison's men there)
    zone_of_hex: dict[int, str]  # hex within the fortress radius of its places -> objective


def start_hex(world: World, unit_id: str) -> int | None:
    """Where a scenario unit starts on the map (None: it arrives later)."""
    su = world.scenario_units[unit_id]
    if su.start is None:
        return None
    if su.start.place is not None:
        return world.map.place_hex[su.start.place]
    if su.start.at is not None:
        return world.map.grid.index(world.map.grid.hex_at(*su.start.at))
    return None


@lru_cache(maxsize=8)
def fortresses(world: World) -> Fortresses:
    """A fortress's zone is every hex within `fortress_radius_hexes` of its objective's places
    (the nearest objective where zones overlap); its garrison, the defender's units starting
    there; a place's share, the men starting in its hex over the garrison's men."""
    radius = int(world.rules.morale.fortress_radius_hexes)
    zone: dict[int, tuple[int, str]] = {}
    for o in world.scenario.victory.objectives:
        for p in (o.place, *o.includes):
            c = world.map.place_hex[p]
            for h in world.map.within(c, radius):
                d = world.map.distance(h, c)
                if h not in zone or (d, o.place) < zone[h]:
                    zone[h] = (d, o.place)
    zone_of_hex = {h: objective for h, (_, objective) in zone.items()}
    garrison: dict[str, set[str]] = {o.place: set() for o in world.scenario.victory.objectives}
    men_at: dict[int, int] = {}
    for su in world.scenario.units:
        h = start_hex(world, su.id)
        if h is None or h not in zone_of_hex:
            continue
        objective = zone_of_hex[h]
        if su.side == world.enemy_of(world.objectives[objective].side):
            garrison[objective].add(su.id)
            men_at[h] = men_at.get(h, 0) + su.strength
    total = {o: sum(world.scenario_units[u].strength for u in ids) for o, ids in garrison.items()}
    share = {}
    for place in world.map.place_ids:
        h = world.map.place_hex[place]
        objective = zone_of_hex.get(h)
        if objective is not None and total[objective] > 0:
            share[place] = (objective, men_at.get(h, 0) / total[objective])
    return Fortresses({o: frozenset(ids) for o, ids in garrison.items()}, share, zone_of_hex)


def shake_fortress(world: World, state: GameState, objective: str, side: str, loss: float,
                   place: str, cause: str) -> list[Event]:
    """Every unit of `side` within the fortress radius of the objective's places loses `loss`."""
    o = world.objectives[objective]
    radius = world.rules.morale.fortress_radius_hexes
    centres = [world.map.place_hex[p] for p in (o.place, *o.includes)]
    # the hexes around the fortress, looked up in the state's index (not a scan of every unit:
    # a big map has many falls and many units)
    near = {h for c in centres for h in world.map.within(c, int(radius))}
    shaken = []
    for u in sorted((u for h in near for u in state.units_at(h, side)), key=lambda x: x.id):
        u.morale = max(0.0, u.morale - loss)
        shaken.append(u.id)
    if not shaken:
        return []
    return [Event.make("morale_collapse", state.date, objective=objective, place=place,
                       units=shaken, loss=round(loss, 3), cause=cause)]


def strongpoint_fell(world: World, state: GameState, place: str, loser: str) -> list[Event]:
    """A place of a fortress fell to the besiegers: the rest of that fortress's garrison loses
    heart in proportion to the share of the garrison's starting men the place held.

    Only the garrison's side is shaken (the shares are of its men), and only the first time the
    place falls: an outwork the besiegers take, leave and take again held its men once."""
    found = fortresses(world).share.get(place)
    if found is None or place in state.strongpoints_lost:
        return []
    objective, share = found
    if loser != world.enemy_of(world.objectives[objective].side):
        return []
    state.strongpoints_lost.add(place)
    loss = world.rules.morale.strongpoint_fall_per_share * share
    if loss <= 0:
        return []
    return shake_fortress(world, state, objective, loser, loss, place, "strongpoint")


def command_lost(world: World, state: GameState, u: UnitState) -> list[Event]:
    """A fortress's headquarters (a unit drawn as one) is taken or destroyed: its garrison
    loses `command_lost` morale. Call before the unit leaves the map."""
    if u.hex < 0 or world.unit_types[u.type_id].symbol != "headquarters":
        return []
    objective = fortresses(world).zone_of_hex.get(u.hex)
    if objective is None:
        return []
    return shake_fortress(world, state, objective, u.side, world.rules.morale.command_lost,
                          place_at(world, u.hex), "command")
