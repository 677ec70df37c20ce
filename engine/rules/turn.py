"""The turn sequence and the one function that applies an order.

A turn groups the scenario's `turn_length_days` days, and every one of its days runs:
1. start of day: scenario events dated that day (arrivals, withdrawals, raids, orders, captions);
2. weather (known, or drawn with the game's generator);
3. supply: both sides traced, pockets found; movement points set;
4. the first side's orders, ended by its `EndTurn`;
5. the second side's orders, ended by its `EndTurn`;
6. end of day: truces, the fire across the Strait, stocks, attrition, isolation, recovery,
   surrender, objectives; then the next day starts at 1 (the next turn's first day after the
   turn's last), or the game ends after `end_date`.
So a dated event, arrival, withdrawal, truce or plan order acts on its own day whatever the
turn length, and every event carries its day: a weekly and a daily version of a scenario play
the same days by the same rules. The turn numbers the days' groups (`state.turn`, the window's
turn counter, the replay's blocks).
Steps 1-3 and 6 run inside the `EndTurn` that closes a day, so every state a player sees is
"some side's orders phase" (or game over).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from engine.events import Event
from engine.orders import (
    AirRaid,
    Assault,
    Bombard,
    EndTurn,
    IllegalOrder,
    Move,
    Order,
    Stockpile,
    Truce,
)
from engine.rules.bombardment import air_raid, bombard, check_air_raid, check_bombard
from engine.rules.civilians import check_truce, truce, truce_day
from engine.rules.combat import assault
from engine.rules.combat import setup as combat_setup
from engine.rules.dated_events import start_of_day
from engine.rules.entrenchment import dig_in_overnight
from engine.rules.intelligence import note_works_in_sight, start_works_seen
from engine.rules.logistics import check_stockpile, initial_ammunition, note_move, stockpile
from engine.rules.logistics import start_of_day as ammunition_day
from engine.rules.morale import end_of_day
from engine.rules.movement import Reach, move_refusal, reach, zoc_of
from engine.rules.strait import initial as initial_strait
from engine.rules.strait import strait_day
from engine.rules.supply import factors, retrace_all
from engine.rules.victory import (
    check_objectives,
    check_rings,
    occupy,
    score,
    settle_control,
    surrendered_places,
)
from engine.rules.weather import draw_weather
from engine.state import ACTIVE, WAITING, GameState, UnitState
from engine.world import World


def initial_state(world: World, seed: int) -> tuple[GameState, list[Event]]:
    """The position before the first order, with the first day's start-of-day events."""
    world = world.on(world.scenario.start_date)
    scenario = world.scenario
    units: dict[str, UnitState] = {}
    for su in scenario.units:
        quality = world.qualities[su.quality]
        u = UnitState(
            id=su.id, side=su.side, type_id=su.type, quality=su.quality, hex=-1,
            initial=su.strength, men=su.strength,
            morale=float(su.morale if su.morale is not None else quality.morale),
        )
        if su.start is not None:
            u.status = ACTIVE
            if su.start.place is not None:
                u.hex = world.map.place_hex[su.start.place]
            elif su.start.at is not None:
                u.hex = world.map.grid.index(world.map.grid.hex_at(*su.start.at))
        else:
            u.status = WAITING
        units[su.id] = u
    state = GameState(
        turn=0,
        date=scenario.start_date,
        side_index=0,
        rng=np.random.default_rng(seed),
        weather=world.ruleset.weather[0].id,
        units=units,
        works=world.map.base_works.copy(),
        owner={p.id: p.side for p in scenario.places},
        civilians={p.id: p.civilians for p in scenario.places},
        civilian_casualties={},
        civilians_evacuated={},
        depots={d.place: [d.food_days, d.ammo_days] for d in scenario.supply.depots},
        captured={o.place: None for o in scenario.victory.objectives},
        strait=initial_strait(world),
        ammunition=initial_ammunition(world),
    )
    _start_holders(world, state)
    start_works_seen(world, state)
    events = begin_day(world, state)
    return state, events


def _start_holders(world: World, state: GameState) -> None:
    """A place nobody holds belongs from the start to the side whose units alone stand on it:
    they were there before the game began, so no "taken" is logged on the first day."""
    for h, sides in _start_sides(state).items():
        if len(sides) == 1:
            for place in world.map.hex_places.get(h, ()):
                if state.owner.get(place) is None:
                    state.owner[place] = next(iter(sides))


def _start_sides(state: GameState) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for u in state.units.values():
        if u.status == ACTIVE and u.hex >= 0:
            out.setdefault(u.hex, set()).add(u.side)
    return out


def begin_day(world: World, state: GameState) -> list[Event]:
    day = (state.date - world.turn_date(state.turn)).days + 1
    events = [Event.make("turn_began", state.date, turn=state.turn, date=state.date.isoformat(),
                         day=day)]
    events.extend(start_of_day(world, state))
    events.append(draw_weather(world, state))
    retrace_all(world, state)
    for side in world.side_ids:
        counts = {"supplied": 0, "depot": 0, "out_of_supply": 0}
        for u in state.active_units(side):
            counts[state.supply[u.id].state] += 1
        events.append(Event.make("supply", state.date, side=side, pockets=len(
            [p for p in state.pockets if p.side == side]), **counts))
    for p in state.pockets:
        if p.days_encircled == 0:
            events.append(Event.make("encircled", state.date, side=p.side, pocket=p.id,
                                     units=list(p.units), depots=list(p.depots)))
    for u in state.active_units():
        utype = world.unit_types[u.type_id]
        u.mp = 0.0 if utype.static else utype.movement_points * factors(world, state, u.id)[2]
        u.attacked = False
        u.fired = False
        u.moved_hexes = 0
        u.assailants = ()
    events.extend(ammunition_day(world, state))
    for u in sorted(state.active_units(), key=lambda x: x.id):
        events.extend(occupy(world, state, u.hex, u.side, u.id))
    events.extend(check_objectives(world, state))
    for side in world.side_ids:  # the day's units, and its weather for the aircraft
        note_works_in_sight(world, state, side)
    return events


def active_side(world: World, state: GameState) -> str:
    return world.side_ids[state.side_index]


def validate(world: World, state: GameState, order: Order) -> None:
    """Raise IllegalOrder(reason) if `order` would be refused now; never changes anything.

    Runs the very checks `apply_in_place` runs, without the cost of a trial copy.
    """
    world = world.on(state.date)
    _check_phase(world, state, order)
    if isinstance(order, Move):
        _check_move(world, state, order)
    elif isinstance(order, Assault):
        combat_setup(world, state, order)
    elif isinstance(order, Bombard):
        check_bombard(world, state, order)
    elif isinstance(order, AirRaid):
        check_air_raid(world, state, order)
    elif isinstance(order, Truce):
        check_truce(world, state, order)
    elif isinstance(order, Stockpile):
        check_stockpile(world, state, order)
    elif not isinstance(order, EndTurn):
        raise IllegalOrder(f"unknown order {order!r}", code="unknown_order",
                           params={"order": repr(order)})


def _check_phase(world: World, state: GameState, order: Order) -> None:
    if not isinstance(order, Order):
        raise IllegalOrder(f"{order!r} is not an order", code="not_an_order",
                           params={"order": repr(order)})
    if state.over:
        raise IllegalOrder("the campaign is over", code="campaign_over")
    if order.side not in world.side_ids:
        raise IllegalOrder(f"there is no side {order.side!r}", code="unknown_side",
                           params={"side": order.side})
    side = active_side(world, state)
    if order.side != side:
        raise IllegalOrder(f"it is the {side} orders phase, not {order.side}'s",
                           code="wrong_phase", params={"side": side, "other_side": order.side})


def apply_in_place(world: World, state: GameState, order: Order) -> list[Event]:
    """Check `order` and apply it to `state`. Raises IllegalOrder before changing anything.
    The rules read the world of the state's day (its terrain, if floods change it)."""
    world = world.on(state.date)
    _check_phase(world, state, order)
    if isinstance(order, Move):
        return _move(world, state, order)
    if isinstance(order, Assault):
        events = assault(world, state, order)
        for side in world.side_ids:  # the winner may have advanced, the loser fallen back
            note_works_in_sight(world, state, side)
        return events
    if isinstance(order, Bombard):
        return bombard(world, state, order)
    if isinstance(order, AirRaid):
        return air_raid(world, state, order)
    if isinstance(order, Truce):
        return truce(world, state, order)
    if isinstance(order, Stockpile):
        return stockpile(world, state, order)
    if isinstance(order, EndTurn):
        return _end_turn(world, state)
    raise IllegalOrder(f"unknown order {order!r}", code="unknown_order",
                       params={"order": repr(order)})


def _check_move(world: World, state: GameState, order: Move) -> Reach:
    unit = state.units.get(order.unit)
    if unit is None or unit.side != order.side:
        raise IllegalOrder(f"{order.side} has no unit {order.unit!r}", code="no_such_unit",
                           params={"side": order.side, "unit": order.unit})
    refusal = move_refusal(world, state, unit)
    if refusal is not None:
        raise refusal
    if not world.map.grid.on_map(order.to):
        raise IllegalOrder(f"hex {list(order.to)} is off the map", code="off_map",
                           params={"col": order.to[0], "row": order.to[1]})
    found = reach(world, state, unit, world.map.grid.index(order.to))
    if found is None:
        raise IllegalOrder(f"{order.unit} cannot reach {list(order.to)} this turn",
                           code="unreachable", params={"unit": order.unit, "hex": list(order.to)})
    return found


def _move(world: World, state: GameState, order: Move) -> list[Event]:
    found = _check_move(world, state, order)
    unit = state.units[order.unit]
    target = found.hex
    unit.hex = target
    unit.mp = max(0.0, unit.mp - found.cost)
    path = found.path  # walked back along the search's tree: once
    note_move(world, state, unit, len(path) - 1)
    note_works_in_sight(world, state, unit.side, [unit])
    if target in zoc_of(world, state, world.enemy_of(unit.side)):
        unit.mp = 0.0
    events = [Event.make("moved", state.date, unit=unit.id,
                         path=[world.map.grid.hex_of(h) for h in path], cost=found.cost,
                         mp_left=unit.mp)]  # (col, row) pairs: the event keeps them as tuples
    events.extend(occupy(world, state, target, unit.side, unit.id))
    return events


def _end_turn(world: World, state: GameState) -> list[Event]:
    if state.side_index + 1 < len(world.side_ids):
        state.side_index += 1
        return []
    events = truce_day(world, state)
    events.extend(strait_day(world, state))  # before the evening: today's shoots still count
    evening = end_of_day(world, state)
    events.extend(evening)
    dig_in_overnight(state)
    events.extend(surrendered_places(world, state, evening))
    events.extend(settle_control(world, state))
    events.extend(check_objectives(world, state))
    events.extend(check_rings(world, state))
    if state.date < world.turn_last_day(state.turn) and not _no_defenders_left(world, state):
        state.date += dt.timedelta(days=1)  # the next day of the same turn
        state.side_index = 0
        events.extend(begin_day(world.on(state.date), state))
        return events
    if state.turn >= world.last_turn or _no_defenders_left(world, state):
        state.over = True
        s = score(world, state)
        events.append(Event.make("game_over", state.date, reason="end of the campaign"
                                 if state.turn >= world.last_turn else "every objective decided",
                                 score=s.total, share=s.share, level=s.level))
        return events
    state.turn += 1
    state.date = world.turn_date(state.turn)
    state.side_index = 0
    events.extend(begin_day(world.on(state.date), state))
    return events


def _no_defenders_left(world: World, state: GameState) -> bool:
    """Every objective taken and no reinforcement to come: nothing left to play for."""
    if any(v is None for v in state.captured.values()):
        return False
    return not any(u.status == WAITING for u in state.units.values())
