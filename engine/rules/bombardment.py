"""Preparation fire: artillery shoots and heavy-bomber raids on a hex.

Guns and bombers share one firepower scale (ruleset `engine.fire`). Fire on a hex suppresses
the enemy units there, kills some of their men, shakes their morale and wears the works down;
the works' `bombard_resistance` absorbs a share of all that (concrete casemates shrugged off
bombs). A unit that has dug in where it stands loses fewer men, by the better of the works'
protection and its own (`engine.rules.entrenchment`). Civilians in the hex are hit by the raw
fire: sheltered from fire aimed at works, as if unwarned from a raid sent against the town
itself (a grant `aimed_at: town`: Le Havre, 5-6 September 1944). A raid can stray: part of
its bombs fall on a nearby inhabited place (Marck, 28 September 1944), more often in bad
weather.
"""

from __future__ import annotations

import math

from engine.events import Event
from engine.format.ruleset import EngineRules
from engine.orders import AirRaid, Bombard, IllegalOrder
from engine.rules.civilians import truce_in_force
from engine.rules.entrenchment import loss_protection, loss_share
from engine.rules.intelligence import note_works_changed
from engine.rules.logistics import check_can_fire, draw_shoot
from engine.rules.supply import draw_ammo, factors, take_losses, unit_stocks
from engine.state import DEPOT, GameState, RaidGrant, UnitState
from engine.world import World


def place_at(world: World, hex_: int) -> str:
    """The place a hex's events are counted at: the place in it, else the nearest one."""
    here = world.map.hex_places.get(hex_)
    if here:
        return here[0]
    return world.map.place_ids[int(world.map.nearest_place[hex_])]


def shock_per_suppression(rules: EngineRules, raid: bool) -> float:
    """Morale lost per unit of suppression: a raid's (bombers: `air`) or a shoot's (`fire`)."""
    if raid and rules.air.morale_per_suppression is not None:
        return rules.air.morale_per_suppression
    return rules.fire.morale_per_suppression


def fire_on_hex(
    world: World, state: GameState, target: int, firepower: float, firing_side: str, by: str,
    tons: float = 0.0, on_town: bool = False, raid: bool = False,
) -> Event:
    """Apply `firepower` to the hex: suppression, losses, morale, works, civilians (`tons`: the
    shells or bombs it took, for the record; `on_town`: bombs aimed at the built-up area, whose
    people are hit as if unwarned; `raid`: heavy bombers', whose shock on morale is the
    ruleset's `air.morale_per_suppression`)."""
    here = world.rules_at_hex(target)
    rules = here.fire
    shock = shock_per_suppression(here, raid)
    rng = state.rng
    noise = float(rng.lognormal(0.0, rules.fire_noise)) if rules.fire_noise > 0 else 1.0
    fire = firepower * noise
    works_before = float(state.works[target])
    _, resist = world.fortification(works_before)
    effective = fire * (1.0 - resist)
    suppression = 1.0 - math.exp(-rules.suppression_per_firepower * effective)
    total_losses = 0
    for u in state.units_at(target):
        if u.side == firing_side:
            continue
        u.suppression = 1.0 - (1.0 - u.suppression) * (1.0 - suppression)
        share = float(loss_share(rules, fire, loss_protection(rules, u, resist)))
        lost = min(u.men, round(u.men * share))
        take_losses(world, state, u, lost)
        total_losses += lost
        u.morale = max(0.0, u.morale - shock * suppression)
        u.assailants = tuple(sorted({*u.assailants, by}))
    state.works[target] = max(0.0, works_before - rules.works_per_firepower * effective)
    if works_before > 0:
        note_works_changed(world, state, target)  # seen to fall only by those in sight
    killed = hit_civilians(world, state, target, fire, unwarned=on_town)
    return Event.make(
        "bombarded", state.date, by=by, target=list(world.map.grid.hex_of(target)),
        firepower=fire, suppression=suppression, losses=total_losses,
        works_before=works_before, works_after=float(state.works[target]),
        civilians_killed=killed, place=place_at(world, target),
        **({"tons": round(tons, 1)} if tons else {}),
    )


def civilian_rate(world: World, place: str, unwarned: bool) -> float:
    """Share of a place's people one point of fire kills: sheltered (warned) from fire aimed at
    works, `unwarned` from a raid's stray bombs or bombs aimed at the town itself."""
    rules = world.rules_at(place)
    return rules.air.stray_civilian_share_per_firepower if unwarned \
        else rules.fire.civilian_share_per_firepower


def civilian_toll(
    world: World, state: GameState, hex_: int, fire: float, unwarned: bool = False
) -> dict[str, int]:
    """Civilians `fire` on a hex would kill, per place, at each place's `civilian_rate`. No
    draw: what a forecast says is what happens."""
    toll = {}
    for place in world.map.hex_places.get(hex_, ()):
        present = state.civilians.get(place, 0)
        rate = civilian_rate(world, place, unwarned)
        killed = min(present, round(present * min(1.0, rate * fire)))
        if killed:
            toll[place] = killed
    return toll


def hit_civilians(
    world: World, state: GameState, hex_: int, fire: float, unwarned: bool = False
) -> int:
    """Kill the `civilian_toll` of `fire` on a hex; returns how many died."""
    toll = civilian_toll(world, state, hex_, fire, unwarned)
    for place, killed in toll.items():
        state.civilians[place] -= killed
        state.civilian_casualties[place] = state.civilian_casualties.get(place, 0) + killed
    return sum(toll.values())


def truce_blocks(world: World, state: GameState, target: int) -> str | None:
    """The truce, if any, that forbids fighting at this hex today."""
    for t in state.truces:
        radius = world.rules_at(t.place).civilians.truce_radius_hexes
        near = world.map.distance(world.map.place_hex[t.place], target) <= radius
        if near and truce_in_force(world, state, t):
            return t.place
    return None


def check_bombard(world: World, state: GameState, order: Bombard) -> tuple[int, float]:
    """Validate a shoot; returns (target hex, firepower) or raises IllegalOrder."""
    unit = check_gun(world, state, order.side, order.unit)
    utype = world.unit_types[unit.type_id]
    assert utype.bombard is not None  # check_gun refused a unit without guns
    target = _target_index(world, order.target)
    if utype.bombard.sea_only and world.map.land[target]:
        raise IllegalOrder(f"{order.unit} is a coastal battery that can fire only at sea targets",
                           code="sea_only_battery", params={"unit": order.unit})
    distance = world.map.distance(unit.hex, target)
    if distance > utype.bombard.range_hexes:
        raise IllegalOrder(
            f"target is {distance} hexes away; {order.unit} reaches {utype.bombard.range_hexes}",
            code="out_of_range",
            params={"unit": order.unit, "distance": distance,
                    "range": utype.bombard.range_hexes},
        )
    if not any(u.side != order.side for u in state.units_at(target)):
        raise IllegalOrder("no enemy unit in the target hex", code="no_enemy_in_target")
    place = truce_blocks(world, state, target)
    if place:
        raise IllegalOrder(f"a truce at {world.place_names[place]} forbids firing there today",
                           code="truce_forbids_firing", params={"place": place})
    check_gun_ready(world, state, unit)
    return target, gun_firepower(world, state, unit)


def check_gun(world: World, state: GameState, side: str, unit_id: str) -> UnitState:
    """The side's gun unit on the map, or IllegalOrder: no such unit, off the map, no guns."""
    unit = state.units.get(unit_id)
    if unit is None or unit.side != side:
        raise IllegalOrder(f"{side} has no unit {unit_id!r}", code="no_such_unit",
                           params={"side": side, "unit": unit_id})
    if not unit.deployed:
        raise IllegalOrder(f"{unit_id} is not on the map", code="not_on_map",
                           params={"unit": unit_id})
    if world.unit_types[unit.type_id].bombard is None:
        raise IllegalOrder(f"{unit_id} has no guns to bombard with", code="no_guns",
                           params={"unit": unit_id})
    return unit


def check_gun_ready(world: World, state: GameState, unit: UnitState) -> None:
    """Raise IllegalOrder if the gun may fire at nothing today, whatever the target: it has
    fired, it is laying its lines after a long move, it has no dump in reach or too few shells
    there (`logistics.check_can_fire`), or the depot its pocket lives on has no shells left."""
    if unit.fired:
        raise IllegalOrder(f"{unit.id} has already fired this turn", code="already_fired",
                           params={"unit": unit.id})
    check_can_fire(world, state, unit)
    info = state.supply.get(unit.id)
    if info is not None and info.state == DEPOT:
        stocks = unit_stocks(state, unit.id)
        if stocks is not None and stocks[1] <= 0:
            raise IllegalOrder(f"{unit.id} has no ammunition left", code="no_ammunition",
                               params={"unit": unit.id})


def gun_firepower(world: World, state: GameState, u: UnitState) -> float:
    """A gun unit's firepower now: its bombard strength by men left and supply (0 without
    guns). A shoot uses it whole; an assault's supporting fire counts `support_share` of it."""
    bombard_spec = world.unit_types[u.type_id].bombard
    if bombard_spec is None:
        return 0.0
    full = world.unit_types[u.type_id].full_strength
    return bombard_spec.strength * u.men / full * factors(world, state, u.id)[0]


def bombard(world: World, state: GameState, order: Bombard) -> list[Event]:
    target, firepower = check_bombard(world, state, order)
    unit = state.units[order.unit]
    unit.fired = True
    draw_ammo(state, unit.id, world.rules.supply.ammo_days_per_bombard)
    tons = draw_shoot(world, state, unit, place_at(world, target))
    return [fire_on_hex(world, state, target, firepower, order.side, order.unit, tons)]


def grant_covers(world: World, grant: RaidGrant, target: int | None) -> bool:
    """Whether the grant may be spent on `target`: anywhere, or near the objectives it names
    (their places within `morale.fortress_radius_hexes`). `None`: any target will do."""
    if not grant.objectives or target is None:
        return True
    radius = world.rules.morale.fortress_radius_hexes
    for objective in grant.objectives:
        o = world.objectives[objective]
        for place in (o.place, *o.includes):
            if world.map.distance(world.map.place_hex[place], target) <= radius:
                return True
    return False


def available_raid(world: World, state: GameState, side: str,
                   target: int | None = None) -> RaidGrant | None:
    """The side's raid grant usable today (on `target`, if given) that expires first; among
    grants with no end, the one given first."""
    grants = [
        g for g in state.raids
        if g.side == side and g.raids > 0 and (g.until is None or state.date <= g.until)
        and grant_covers(world, g, target)
    ]
    return min(grants, key=lambda g: (g.until or state.date.max)) if grants else None


def raid_firepower(world: World, state: GameState, grant: RaidGrant) -> float:
    """A raid's firepower today: its tons (given, or bombers x a bomber's load) at the
    ruleset's firepower per bomber's load, scaled by the weather's air factor."""
    rules = world.rules.air
    bombers = grant.tons / rules.tons_per_bomber if grant.tons is not None else grant.bombers
    return bombers * rules.firepower_per_bomber * world.weathers[state.weather].air


def check_air_raid(world: World, state: GameState, order: AirRaid) -> int:
    if available_raid(world, state, order.side) is None:
        raise IllegalOrder(f"{order.side} has no heavy-bomber raid available today",
                           code="no_raid_available", params={"side": order.side})
    air = world.weathers[state.weather].air
    if air <= 0:
        raise IllegalOrder(f"the weather ({state.weather}) grounds the bombers today",
                           code="weather_grounds_bombers", params={"weather": state.weather})
    target = _target_index(world, order.target)
    if available_raid(world, state, order.side, target) is None:
        raise IllegalOrder(
            f"the {order.side}' heavy bombers were granted for other fortresses",
            code="raid_not_granted_here", params={"side": order.side})
    place = truce_blocks(world, state, target)
    if place:
        raise IllegalOrder(f"a truce at {world.place_names[place]} forbids bombing there today",
                           code="truce_forbids_bombing", params={"place": place})
    return target


def air_raid(world: World, state: GameState, order: AirRaid) -> list[Event]:
    target = check_air_raid(world, state, order)
    grant = available_raid(world, state, order.side, target)
    assert grant is not None
    grant.raids -= 1
    rules = world.rules.air
    air = world.weathers[state.weather].air
    firepower = raid_firepower(world, state, grant)
    # the bombs that fell: the weather sends part of the bombers home
    tons = grant.tons if grant.tons is not None else grant.bombers * rules.tons_per_bomber
    stray_chance = rules.stray_chance + rules.stray_chance_bad_weather * (1.0 - air)
    strayed = bool(state.rng.random() < stray_chance)
    events: list[Event] = []
    stray_fire = firepower * rules.stray_share if strayed else 0.0
    events.append(Event.make(
        "air_raid", state.date, side=order.side, target=list(order.target),
        bombers=grant.bombers, weather_factor=air, strayed=strayed,
    ))
    events.append(fire_on_hex(world, state, target, firepower - stray_fire, order.side, "air",
                              tons * air * (1.0 - (rules.stray_share if strayed else 0.0)),
                              on_town=grant.on_town, raid=True))
    if strayed:
        candidates = [
            h for h in world.map.within(target, rules.stray_radius_hexes)
            if h != target
            and any(state.civilians.get(p, 0) > 0 for p in world.map.hex_places.get(h, ()))
        ]
        if candidates:
            hit = candidates[int(state.rng.integers(len(candidates)))]
            killed = hit_civilians(world, state, hit, stray_fire, unwarned=True)
            events.append(Event.make(
                "bombs_strayed", state.date, place=place_at(world, hit),
                hex=list(world.map.grid.hex_of(hit)), civilians_killed=killed,
            ))
    return events


def _target_index(world: World, target: tuple[int, int]) -> int:
    if not world.map.grid.on_map(target):
        raise IllegalOrder(f"hex {list(target)} is off the map", code="off_map",
                           params={"col": target[0], "row": target[1]})
    return world.map.grid.index(target)
