"""Artillery ammunition as a finite flow, and the time guns and assault armour take to redeploy.

A side whose scenario lists it under `supply.ammunition` fires on what reaches it:
1. each day, the tons of the dated delivery in force are unloaded at the railhead;
2. the side's lorries carry up to `lift_tons_per_day` forward, shared between the forward dumps
   in proportion to the ammunition the guns each dump serves would fire in a day; a load
   reaches its dump `transport_days` later (in transit it can be fired by nobody);
3. a gun draws its shoot (`bombard.tons_per_shoot` of its type, by the share of its men left)
   from the nearest dump or railhead within `logistics.dump_reach_hexes`, or, that one short,
   from the nearest other in reach that holds enough; without enough in any, it cannot fire or
   support an assault.
So a deliberate set-piece needs days of stockpiling; guns moved to another fortress find an
empty dump until the lorries follow; the flow is what the army's priorities gave. A side not
listed has as many shells as its guns can fire (the fortress garrisons' depots are counted in
days, by `engine.rules.supply`).

Redeployment: a gun (or assault-specialist) unit that moves more than
`logistics.redeploy_after_hexes` in a day cannot fire (or lend its armour against works) for its
type's `bombard.redeploy_days` (`specialist_redeploy_days`): one siege train cannot serve two
fortresses on consecutive days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.events import Event
from engine.format.scenario import AmmunitionSupply
from engine.orders import IllegalOrder, Stockpile
from engine.state import Ammunition, GameState, UnitState
from engine.world import World


def supply_of(world: World, side: str) -> AmmunitionSupply | None:
    return next((a for a in world.scenario.supply.ammunition if a.side == side), None)


def initial_ammunition(world: World) -> dict[str, Ammunition]:
    out: dict[str, Ammunition] = {}
    for a in world.scenario.supply.ammunition:
        stocks = {a.railhead: a.initial_tons}
        for d in a.dumps:
            stocks[d.place] = stocks.get(d.place, 0.0) + d.initial_tons
        out[a.side] = Ammunition(stocks)
    return out


def delivery_on(spec: AmmunitionSupply, date: dt.date) -> float:
    """Tons unloaded at the railhead on `date`."""
    for d in spec.deliveries:
        if d.from_date <= date and (d.until is None or date <= d.until):
            return d.tons_per_day
    return 0.0


def shoot_tons(world: World, u: UnitState) -> float:
    """Tons one shoot by the unit takes: its type's figure by the share of its men left."""
    utype = world.unit_types[u.type_id]
    if utype.bombard is None or utype.at_sea:
        return 0.0  # ships carry their own magazines
    return utype.bombard.tons_per_shoot * u.men / utype.full_strength


def dumps_in_reach(world: World, state: GameState, u: UnitState) -> list[str]:
    """The dumps (and the railhead) within reach of the unit, nearest first."""
    amm = state.ammunition.get(u.side)
    if amm is None or u.hex < 0:
        return []
    reach = world.rules.logistics.dump_reach_hexes
    near = sorted((world.map.distance(u.hex, world.map.place_hex[place]), place)
                  for place in amm.stocks)
    return [place for d, place in near if d <= reach]


def serving_dump(world: World, state: GameState, u: UnitState) -> str | None:
    """The nearest dump (or the railhead) within reach of the unit, if any: the one its shells
    are sent to (the lorries load for the guns each dump serves)."""
    dumps = dumps_in_reach(world, state, u)
    return dumps[0] if dumps else None


@dataclass(frozen=True)
class ShootCost:
    tons: float  # 0: the side's ammunition is not counted (or a ship: its own magazines)
    dump: str | None  # None: not counted, or no dump within reach
    stock: float  # tons at that dump now

    @property
    def short(self) -> bool:
        """The shoot cannot be fired for want of shells: no dump in reach, or too few there."""
        return self.tons > 0 and (self.dump is None or self.stock + 1e-9 < self.tons)


def shoot_cost(world: World, state: GameState, u: UnitState) -> ShootCost:
    """What a shoot by the unit would take now, and from where (no change to the game): from
    its own dump (the nearest in reach), or, that one short, from the nearest other in reach
    that holds enough, as a gun position's ammunition point sends to the next one rather than
    let the guns fall silent."""
    amm = state.ammunition.get(u.side)
    tons = shoot_tons(world, u)
    if amm is None or tons <= 0:
        return ShootCost(0.0, None, 0.0)
    dumps = dumps_in_reach(world, state, u)
    if not dumps:
        return ShootCost(tons, None, 0.0)
    dump = next((p for p in dumps if amm.stocks[p] + 1e-9 >= tons), dumps[0])
    return ShootCost(tons, dump, amm.stocks[dump])


def check_can_fire(world: World, state: GameState, u: UnitState) -> None:
    """Raise IllegalOrder if the unit may not fire today for want of shells or of gun lines."""
    today = world.day_number(state.date)
    if u.ready_day > today:
        raise IllegalOrder(
            f"{u.id} is redeploying its guns and cannot fire before day {u.ready_day}",
            code="redeploying", params={"unit": u.id, "days": u.ready_day - today},
        )
    cost = shoot_cost(world, state, u)
    if not cost.short:
        return
    if cost.dump is None:
        raise IllegalOrder(f"{u.id} has no ammunition dump within reach",
                           code="no_dump_in_reach", params={"unit": u.id})
    raise IllegalOrder(
        f"{u.id} needs {cost.tons:.0f} t of shells; {world.place_names[cost.dump]} holds "
        f"{cost.stock:.0f} t", code="ammunition_short",
        params={"unit": u.id, "place": cost.dump, "tons": round(cost.tons),
                "stock": round(cost.stock)},
    )


def draw_shoot(world: World, state: GameState, u: UnitState, target_place: str) -> float:
    """Take one shoot's shells from the unit's dump (checked before); returns the tons."""
    cost = shoot_cost(world, state, u)
    if cost.dump is None:
        return 0.0
    amm = state.ammunition[u.side]
    amm.stocks[cost.dump] = max(0.0, amm.stocks[cost.dump] - cost.tons)
    amm.fired[target_place] = amm.fired.get(target_place, 0.0) + cost.tons
    return cost.tons


def ready_date(world: World, state: GameState, u: UnitState) -> dt.date | None:
    """The first day a unit still laying its lines after a long move (`note_move`) may fire or
    lend its armour again; None when it may today."""
    if u.ready_day <= world.day_number(state.date):
        return None
    return world.scenario.start_date + dt.timedelta(days=u.ready_day)


def lends_armour(world: World, state: GameState, u: UnitState) -> bool:
    """Whether an assault specialist's armour counts against works today (not redeploying)."""
    return u.ready_day <= world.day_number(state.date)


def note_move(world: World, state: GameState, u: UnitState, hexes: int) -> None:
    """A unit moved `hexes` hexes: guns and assault armour moved far must redeploy."""
    u.moved_hexes += hexes
    utype = world.unit_types[u.type_id]
    days = max(utype.bombard.redeploy_days if utype.bombard else 0,
               utype.specialist_redeploy_days)
    if days and u.moved_hexes > world.rules.logistics.redeploy_after_hexes:
        u.ready_day = world.day_number(state.date) + days


def check_stockpile(world: World, state: GameState, order: Stockpile) -> None:
    amm = state.ammunition.get(order.side)
    spec = supply_of(world, order.side)
    if amm is None or spec is None:
        raise IllegalOrder(f"the {order.side} do not count their shells in this scenario",
                           code="no_ammunition_count", params={"side": order.side})
    if order.place not in {d.place for d in spec.dumps}:
        raise IllegalOrder(f"{order.place!r} is not one of the {order.side}' forward dumps",
                           code="not_a_dump", params={"place": order.place})


def stockpile(world: World, state: GameState, order: Stockpile) -> list[Event]:
    """From tomorrow the lorries load for this dump first (`logistics.priority_share`)."""
    check_stockpile(world, state, order)
    state.ammunition[order.side].priority = order.place
    return [Event.make("stockpile", state.date, side=order.side, place=order.place)]


def start_of_day(world: World, state: GameState) -> list[Event]:
    """Deliveries, loads arriving and loads sent forward, for every side that counts shells."""
    events = []
    today = world.day_number(state.date)
    for side, amm in sorted(state.ammunition.items()):
        spec = supply_of(world, side)
        assert spec is not None
        delivered = delivery_on(spec, state.date)
        amm.stocks[spec.railhead] += delivered
        amm.delivered += delivered
        arrived = 0.0
        waiting = []
        for due, dump, tons in amm.in_transit:
            if due <= today:
                amm.stocks[dump] += tons
                arrived += tons
            else:
                waiting.append((due, dump, tons))
        amm.in_transit = waiting
        sent = _send_forward(world, state, spec, amm, today)
        events.append(Event.make(
            "ammunition", state.date, side=side, delivered=round(delivered, 1),
            arrived=round(arrived, 1), sent={k: round(v, 1) for k, v in sent.items()},
            stocks={k: round(v, 1) for k, v in sorted(amm.stocks.items())},
        ))
    return events


def _send_forward(world: World, state: GameState, spec: AmmunitionSupply, amm: Ammunition,
                  today: int) -> dict[str, float]:
    """Load the lorries: the day's lift from the railhead, a share first to the dump being built
    up (`Stockpile`), the rest shared by what the guns each dump serves fire in a day."""
    demand: dict[str, float] = {}
    for u in state.active_units(spec.side):
        tons = shoot_tons(world, u)
        dump = serving_dump(world, state, u) if tons > 0 else None
        if dump is not None and dump != spec.railhead:
            demand[dump] = demand.get(dump, 0.0) + tons
    total = sum(demand.values())
    lift = min(spec.lift_tons_per_day, amm.stocks[spec.railhead])
    if lift <= 0 or (total <= 0 and amm.priority is None):
        return {}
    sent: dict[str, float] = {}
    if amm.priority is not None:
        first = lift if total <= 0 else lift * world.rules.logistics.priority_share
        sent[amm.priority] = first
        lift -= first
    for dump, d in sorted(demand.items()):
        if lift > 0:
            sent[dump] = sent.get(dump, 0.0) + lift * d / total
    lift = sum(sent.values())
    amm.stocks[spec.railhead] -= lift
    for dump, tons in sorted(sent.items()):
        if spec.transport_days == 0:
            amm.stocks[dump] += tons
        else:
            amm.in_transit.append((today + spec.transport_days, dump, tons))
    return sent


def next_deliveries(
    world: World, side: str, date: dt.date, days: int = 7,
) -> list[tuple[dt.date, float]]:
    """The railhead's deliveries over the next `days` days (dated flows are known in advance)."""
    spec = supply_of(world, side)
    if spec is None:
        return []
    out = []
    for k in range(1, days + 1):
        day = date + dt.timedelta(days=k)
        if day > world.scenario.end_date:
            break
        out.append((day, delivery_on(spec, day)))
    return out


def ammunition_report(world: World, state: GameState, side: str) -> dict[str, object] | None:
    """Stocks, loads on the road and the coming deliveries (None: the side never runs short)."""
    amm = state.ammunition.get(side)
    spec = supply_of(world, side)
    if amm is None or spec is None:
        return None
    today = world.day_number(state.date)
    return {
        "railhead": spec.railhead,
        "stocks": {k: round(v, 1) for k, v in sorted(amm.stocks.items())},
        "in_transit": [{"dump": dump, "tons": round(tons, 1), "days": due - today}
                       for due, dump, tons in sorted(amm.in_transit)],
        "next_deliveries": [{"date": d.isoformat(), "tons": t}
                            for d, t in next_deliveries(world, side, state.date)],
        "lift_tons_per_day": spec.lift_tons_per_day,
        "priority": amm.priority,
        "dumps": [d.place for d in spec.dumps],
        "transport_days": spec.transport_days,
        "delivered": round(amm.delivered, 1),
        "fired": {k: round(v, 1) for k, v in sorted(amm.fired.items())},
    }
