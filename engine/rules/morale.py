"""Morale, attrition and surrender.

Quality sets a unit's starting morale and the threshold below which a beaten or broken unit
gives up. Isolation (days encircled), low stocks, hunger, being out of supply, losses and
bombardment wear morale down; quiet supplied days restore it. At the end of each day a unit whose
morale is below its threshold surrenders if an enemy is there to surrender to (adjacent), and
every strongpoint of a fortress that falls shakes the rest of its garrison. Together these make the
second-rate port garrisons of 1944 surrender in thousands rather than fight to the last man.
"""

from __future__ import annotations

from engine.events import Event
from engine.rules.bombardment import place_at
from engine.rules.supply import supply_step, unit_stocks
from engine.state import CUT_OFF, DEPOT, SURRENDERED, GameState, UnitState
from engine.world import World


def surrender_unit(world: World, state: GameState, u: UnitState, reason: str) -> Event:
    """All the unit's men become prisoners, counted by side and by the place where it happened."""
    place = place_at(world, u.hex) if u.hex >= 0 else ""
    men = u.men
    u.captured += men
    u.men = 0
    u.status = SURRENDERED
    state.prisoners_by_place[place] = state.prisoners_by_place.get(place, 0) + men
    taken = state.prisoners_taken.setdefault(world.enemy_of(u.side), {})
    taken[place] = taken.get(place, 0) + men
    u.hex = -1
    return Event.make("surrendered", state.date, unit=u.id, side=u.side, men=men, place=place,
                      reason=reason)


def surrender_threshold(world: World, state: GameState, u: UnitState) -> float:
    """Morale below which the unit gives up: its quality's, lowered in a fortress under the
    fortress order (its officers held men a little longer; a rearguard elsewhere gets no help)."""
    base = world.qualities[u.quality].surrender_morale
    if state.under_fortress_order(u):
        base -= world.rules.morale.fortress_order_surrender_shift
    return base


def in_contact(world: World, state: GameState, u: UnitState, enemy_hexes: set[int]) -> bool:
    return any(n in enemy_hexes for n in world.map.neighbours[u.hex] if n >= 0)


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
    occupied: dict[str, set[int]] = {s: set() for s in world.side_ids}
    for u in state.units.values():
        if u.deployed:
            occupied[u.side].add(u.hex)
    for u in sorted(state.active_units(), key=lambda x: x.id):
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
    for u in sorted(state.active_units(), key=lambda x: x.id):
        if u.morale >= surrender_threshold(world, state, u):
            continue
        enemy_hexes = occupied[world.enemy_of(u.side)]
        if rules.morale.collapse_contact and not in_contact(world, state, u, enemy_hexes):
            continue
        events.append(surrender_unit(world, state, u, "morale broke"))
    return events


def _start_morale(world: World, u: UnitState) -> float:
    scenario_unit = world.scenario_units.get(u.id)
    if scenario_unit is not None and scenario_unit.morale is not None:
        return float(scenario_unit.morale)
    return float(world.qualities[u.quality].morale)


def strongpoint_fell(world: World, state: GameState, place: str, loser: str) -> list[Event]:
    """A place of a fortress fell: the rest of that fortress's garrison loses heart."""
    objective = world.objective_of_place.get(place)
    if objective is None:
        return []
    o = world.objectives[objective]
    radius = world.rules.morale.fortress_radius_hexes
    centres = [world.map.place_hex[p] for p in (o.place, *o.includes)]
    # the hexes around the fortress, looked up in the state's index (not a scan of every unit:
    # a big map has many falls and many units)
    near = {h for c in centres for h in world.map.within(c, int(radius))}
    shaken = []
    for u in sorted((u for h in near for u in state.units_at(h, loser)), key=lambda x: x.id):
        u.morale = max(0.0, u.morale - world.rules.morale.strongpoint_fall)
        shaken.append(u.id)
    if not shaken:
        return []
    return [Event.make("morale_collapse", state.date, objective=objective, place=place,
                       units=shaken)]
