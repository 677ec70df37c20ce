"""Civilians and evacuation truces.

Places hold civilians; fire on their hex kills some (see `bombardment`). An evacuation truce at
a place (Calais, 29-30 September 1944: some 20,000 left in about 22 hours) moves a share of its
civilians out of danger at once, forbids assaults, shoots and raids within
`truce_radius_hexes` of it for the days its hours cover, and gives the garrison time: each
truce day its units there regain morale and repair their works.
"""

from __future__ import annotations

import datetime as dt
import math

from engine.events import Event
from engine.orders import IllegalOrder, Truce
from engine.rules.intelligence import note_works_changed
from engine.state import GameState
from engine.state import Truce as TruceRecord
from engine.world import World


def truce_days(hours: int) -> int:
    """Days a truce covers: from the day it is agreed, one per 24 hours begun."""
    return max(1, math.ceil(hours / 24))


def truce_in_force(world: World, state: GameState, t: TruceRecord) -> bool:
    return t.first_day <= world.day_number(state.date) <= t.last_day


def check_truce(world: World, state: GameState, order: Truce) -> None:
    if order.place not in world.map.place_hex:
        raise IllegalOrder(f"there is no place {order.place!r}", code="no_such_place",
                           params={"place": order.place})
    longest = world.rules_at(order.place).civilians.max_truce_hours
    if not 1 <= order.hours <= longest:
        raise IllegalOrder(f"a truce lasts between 1 and {longest} hours", code="truce_hours",
                           params={"min": 1, "max": longest})
    name = world.place_names[order.place]
    if state.civilians.get(order.place, 0) <= 0:
        raise IllegalOrder(f"no civilians are left at {name}", code="no_civilians",
                           params={"place": order.place})
    today = world.day_number(state.date)
    if any(t.place == order.place and t.last_day >= today for t in state.truces):
        raise IllegalOrder(f"a truce is already agreed at {name}", code="truce_already_agreed",
                           params={"place": order.place})
    allowed = world.rules_at(order.place).civilians.truces_per_place
    if sum(t.place == order.place for t in state.truces) >= allowed:
        raise IllegalOrder(f"{name} has had its truce already", code="truce_already_held",
                           params={"place": order.place, "allowed": allowed})
    enemy = world.enemy_of(order.side)
    if world.truce_policy(order.side, order.place, state.date) != "asks":
        raise IllegalOrder(f"the {order.side} do not ask for a truce at {name} (their policy)",
                           code="truce_not_asked", params={"place": order.place,
                                                           "side": order.side})
    if world.truce_policy(enemy, order.place, state.date) == "refuses":
        raise IllegalOrder(f"the {enemy} refuse any truce at {name}", code="truce_refused",
                           params={"place": order.place, "side": enemy})
    if len(_sides_near(world, state, order.place)) < 2:
        raise IllegalOrder(f"there is no fighting at {name} to pause",
                           code="no_fighting_to_pause", params={"place": order.place})


def _sides_near(world: World, state: GameState, place: str) -> set[str]:
    """Sides with units within `truce_contact_hexes` of the place: a truce needs both."""
    radius = world.rules_at(place).civilians.truce_contact_hexes
    centre = world.map.place_hex[place]
    return {u.side for u in state.active_units() if world.map.distance(u.hex, centre) <= radius}


def truce(world: World, state: GameState, order: Truce) -> list[Event]:
    check_truce(world, state, order)
    rules = world.rules_at(order.place).civilians
    present = state.civilians[order.place]
    share = min(1.0, order.hours * rules.evacuation_share_per_hour)
    evacuated = min(present, round(present * share))
    state.civilians[order.place] = present - evacuated
    before = state.civilians_evacuated.get(order.place, 0)
    state.civilians_evacuated[order.place] = before + evacuated
    today = world.day_number(state.date)
    last = today + truce_days(order.hours) - 1
    state.truces.append(TruceRecord(order.place, order.side, order.hours, today, last))
    return [Event.make("truce", state.date, place=order.place, side=order.side, hours=order.hours,
                       until=(state.date + dt.timedelta(days=last - today)).isoformat(),
                       evacuated=evacuated)]


def truce_day(world: World, state: GameState) -> list[Event]:
    """End of a day: garrisons under a truce recover; truces that are over end.

    Ended truces stay in `state.truces` (a place's truces in the campaign are counted against
    `truces_per_place`); the rules look only at those whose turns cover today.
    """
    events: list[Event] = []
    for t in state.truces:
        rules = world.rules_at(t.place).civilians
        if truce_in_force(world, state, t):
            centre = world.map.place_hex[t.place]
            holder = state.owner.get(t.place)
            for h in world.map.within(centre, rules.truce_radius_hexes):
                base = float(world.map.base_works[h])
                if state.works[h] < base:
                    state.works[h] = min(base, state.works[h] + rules.truce_works_per_day)
                    note_works_changed(world, state, h)
                for u in state.units_at(h, holder):
                    u.morale = min(100.0, u.morale + rules.truce_morale_per_day)
        if t.last_day == world.day_number(state.date):
            events.append(Event.make("truce_ended", state.date, place=t.place))
    return events
