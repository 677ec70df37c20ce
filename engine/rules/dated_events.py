"""The scenario's dated events, applied at the start of their day.

Reinforcements arrive (`units[].arrives`) in or next to their entry place; units leave
(`units[].withdraws`, `withdrawal` events); heavy-bomber raids are granted (`air_raids`);
Hitler's fortress order stiffens the garrisons of the fortresses it names (`fortress_order`);
a garrison or a whole side lays down its arms (`capitulation`); a garrison drives civilians
out of its town (`expulsion`); land floods and drains
(`flooding`, `draining`: the terrain itself changes in `World.on`, here they are told);
higher command masks or unmasks objectives (`priority`); and captions are shown (`narrative`).
"""

from __future__ import annotations

from engine.events import Event
from engine.format.scenario import (
    CapitulationEvent,
    DrainingEvent,
    ExpulsionEvent,
    FloodingEvent,
    LocalText,
    text_in,
)
from engine.rules.morale import surrender_unit
from engine.rules.movement import zoc_of
from engine.state import ACTIVE, WAITING, WITHDRAWN, GameState, RaidGrant
from engine.world import World


def start_of_day(world: World, state: GameState) -> list[Event]:
    events: list[Event] = []
    today = state.date
    for e in world.scenario.events:
        if e.date != today:
            continue
        if e.kind == "narrative":
            events.append(Event.make("narrative", today, id=e.id, caption=_text(e.caption)))
        elif e.kind == "fortress_order":
            zone = world.fortress_zone(e)
            state.fortress_order[e.side] = state.fortress_order.get(e.side, frozenset()) | zone
            bound = [u for u in state.active_units(e.side) if u.hex in zone]
            for u in bound:
                u.morale = max(0.0, min(100.0, u.morale + e.morale_change))
            events.append(Event.make("fortress_order", today, side=e.side,
                                     morale_change=e.morale_change, places=list(e.places),
                                     units=sorted(u.id for u in bound)))
        elif e.kind == "capitulation":
            events.extend(_capitulate(world, state, e))
        elif e.kind == "air_raids":
            state.raids.append(RaidGrant(e.side, e.raids, e.bombers_per_raid, e.until,
                                         e.tons_per_raid, tuple(e.objectives),
                                         e.aimed_at == "town"))
            events.append(Event.make("air_raids_granted", today, side=e.side, raids=e.raids,
                                     bombers_per_raid=e.bombers_per_raid,
                                     tons_per_raid=round(e.tons_per_raid or e.bombers_per_raid
                                                         * world.rules.air.tons_per_bomber),
                                     objectives=list(e.objectives),
                                     until=e.until.isoformat() if e.until else ""))
        elif e.kind == "priority":
            masks = state.masks.setdefault(e.side, [])
            masks.extend(m for m in e.mask if m not in masks)
            state.masks[e.side] = [m for m in masks if m not in e.unmask]
            events.append(Event.make("priority", today, side=e.side, mask=list(e.mask),
                                     unmask=list(e.unmask)))
        elif e.kind == "withdrawal":
            for uid in e.units:
                events.extend(_withdraw(state, uid))
        elif e.kind == "expulsion":
            events.extend(_expel(state, e))
    events.extend(_terrain_changes(world, state))
    for su in world.scenario.units:
        if su.withdraws == today:
            events.extend(_withdraw(state, su.id))
    for su in world.scenario.units:
        u = state.units[su.id]
        if u.status == WAITING and su.arrives is not None and su.arrives.date <= today:
            events.append(_arrive(world, state, su.id, su.arrives.place))
    return events


def _expel(state: GameState, e: ExpulsionEvent) -> list[Event]:
    """The holder drives civilians out: they leave the place and count as evacuated. Nothing
    happens if the side no longer holds it."""
    if state.owner.get(e.place) != e.side:
        return []
    n = min(e.civilians, state.civilians.get(e.place, 0))
    if n <= 0:
        return []
    state.civilians[e.place] -= n
    state.civilians_evacuated[e.place] = state.civilians_evacuated.get(e.place, 0) + n
    return [Event.make("civilians_expelled", state.date, place=e.place, side=e.side,
                       civilians=n)]


def _capitulate(world: World, state: GameState, e: CapitulationEvent) -> list[Event]:
    """Every unit of the side in the area surrenders and its places there pass to the enemy."""
    zone = world.fortress_zone(e)
    events: list[Event] = []
    for u in sorted(state.active_units(e.side), key=lambda x: x.id):
        if u.hex in zone:
            events.append(surrender_unit(world, state, u, "capitulation"))
    if not e.places:
        for u in sorted(state.units.values(), key=lambda x: x.id):
            if u.side == e.side and u.status == WAITING:
                u.status = WITHDRAWN  # a side that has laid down its arms sends nobody more
    enemy = world.enemy_of(e.side)
    for place in world.map.place_ids:
        if state.owner.get(place) == e.side and world.map.place_hex[place] in zone:
            state.owner[place] = enemy
            events.append(Event.make("place_taken", state.date, place=place, side=enemy,
                                     previous=e.side))
    return events


def _terrain_changes(world: World, state: GameState) -> list[Event]:
    """Today's floods and drainings, told (the map of the day already has them): each event
    on its own date, with its caption, even before its water reaches a hex, and on every
    later day on which its water spreads or recedes."""
    today = state.date
    changes = {c.event: c for c in world.terrain_stages.changes_on(today)}
    out = []
    for event in world.scenario.events:
        if not isinstance(event, FloodingEvent | DrainingEvent):
            continue
        change = changes.get(event.id)
        if change is None and event.date != today:
            continue
        extra = {"caption": event.caption} if event.date == today else {}
        out.append(Event.make(
            "terrain_changed", today, id=event.id, cause=event.kind,
            terrain=event.terrain if isinstance(event, FloodingEvent) else "",
            hexes=[list(world.map.grid.hex_of(h)) for h in change.hexes] if change else [],
            **extra))
    return out


def _withdraw(state: GameState, uid: str) -> list[Event]:
    u = state.units.get(uid)
    if u is None or u.status not in (ACTIVE, WAITING):
        return []
    u.status = WITHDRAWN
    u.hex = -1
    return [Event.make("withdrawn", state.date, unit=uid, men=u.men)]


def entry_hex(world: World, state: GameState, side: str, type_id: str, place: str) -> int | None:
    """The place's hex, else the nearest free land hex within two steps (deterministic); for a
    ship (`at_sea`), the nearest free sea hex within two steps."""
    limit = world.ruleset.movement.stacking_limit
    count = state.positions().count  # the live index: an arrival does not scan every unit
    enemy = world.enemy_of(side)
    enemy_at, own_at = count.get(enemy, {}), count.get(side, {})
    zoc = zoc_of(world, state, enemy)
    centre = world.map.place_hex[place]
    at_sea = world.unit_types[type_id].at_sea
    for h in world.map.within(centre, 2):
        free = bool(world.map.land[h]) != at_sea and not enemy_at.get(h) \
            and own_at.get(h, 0) < limit
        if free and (h == centre or h not in zoc):
            return h
    return None


def _arrive(world: World, state: GameState, uid: str, place: str) -> Event:
    u = state.units[uid]
    h = entry_hex(world, state, u.side, u.type_id, place)
    if h is None:
        return Event.make("arrival_delayed", state.date, unit=uid, place=place)
    u.status = ACTIVE
    u.hex = h
    hex_ = list(world.map.grid.hex_of(h))
    return Event.make("arrived", state.date, unit=uid, hex=hex_, place=place)


def _text(text: LocalText) -> str:
    return text_in(text, "en")
