"""The duel across the Strait: the batteries on the map shell the enemy's towns across the water,
the enemy's batteries over there fire back at them, and a harbour stays shut to its side while
enemy guns still command it.

Everything is set by the scenario's `strait` section. Each evening (before morale and
surrender are settled, so that a shoot or a raid of the day counts), every battery in
`strait.guns` fires `shells_per_gun_day` shells from each gun still in action:
- a battery on the map at the enemy's off-map *towns* within its range, split evenly between
  them (the nearer town gets the odd shell); each shell kills `killed_per_shell` civilians;
- an off-map battery at the enemy battery on the map within its range that has the most guns in
  action (counter-battery fire); each shell puts `hits_per_shell` guns out of action.
A battery on the map fires only while its unit is on the map and not suppressed as much as
`silenced_suppression`, and with as many guns as its crew can serve. Shells, deaths and hits
are expectations whose fractions carry over to the next day: the duel draws no random number,
so the rest of a game's dice are the same with or without it.
"""

from __future__ import annotations

import math

from engine.events import Event
from engine.format.scenario import StraitGun, StraitSpec, StraitTarget
from engine.state import ACTIVE, GameState, StraitState
from engine.world import World


def initial(world: World) -> StraitState | None:
    spec = world.scenario.strait
    if spec is None:
        return None
    return StraitState(guns={key(g): g.guns for g in spec.guns})


def key(gun: StraitGun) -> str:
    """The battery's id: its unit's on the map, its target's off the map."""
    return gun.unit if gun.unit is not None else str(gun.at)


def guns_in_action(world: World, state: GameState, gun: StraitGun) -> int:
    """Guns of the battery that can fire today."""
    spec = world.scenario.strait
    left = state.strait.guns.get(key(gun), 0) if state.strait is not None else 0
    if gun.unit is None or spec is None:
        return left
    u = state.units[gun.unit]
    if u.status != ACTIVE or not u.deployed or u.suppression >= spec.silenced_suppression:
        return 0
    return min(left, math.ceil(left * u.men / max(1, u.initial)))


def silenced(world: World, state: GameState, unit_id: str) -> bool:
    """Whether a battery on the map is out of the fight for good: its unit taken, destroyed or
    gone, or every one of its cross-Channel guns knocked out. (A shoot that only suppresses it
    for a day does not count.)"""
    u = state.units[unit_id]
    if u.status != ACTIVE or not u.deployed or u.men <= 0:
        return True
    strait = state.strait
    return strait is not None and unit_id in strait.guns and strait.guns[unit_id] <= 0


def harbour_open(world: World, state: GameState, place: str) -> bool:
    """Whether the side holding `place` can use it as a harbour: every enemy gun that
    `strait.harbours` lists for it has been silenced for its `clearing_days` (counted from the
    evening its side first held it with the guns silent). A place no entry lists is open."""
    spec = world.scenario.strait
    harbours = [h for h in spec.harbours if h.place == place] if spec is not None else []
    if not harbours:
        return True
    if state.strait is None or place not in state.strait.cleared_from:
        return False
    days = world.day_number(state.date) - state.strait.cleared_from[place]
    return days >= max(h.clearing_days for h in harbours)


def _clearing(world: World, state: GameState, spec: StraitSpec) -> None:
    """Start a harbour's clearing the first evening its side holds it with its guns silent."""
    strait = state.strait
    assert strait is not None
    for h in spec.harbours:
        user = world.enemy_of(state.units[h.covered_by[0]].side)  # the guns' enemy lands there
        if h.place in strait.cleared_from or state.owner.get(h.place) != user:
            continue
        if all(silenced(world, state, uid) for uid in h.covered_by):
            strait.cleared_from[h.place] = world.day_number(state.date) + 1


def _target_km(world: World, target_id: str) -> tuple[float, float]:
    t = _targets(world.scenario.strait)[target_id]
    return world.map.grid.project(t.lat, t.lon)


def _unit_km(world: World, state: GameState, unit_id: str) -> tuple[float, float]:
    grid = world.map.grid
    return grid.centre_km(grid.hex_of(state.units[unit_id].hex))


def _targets(spec: StraitSpec | None) -> dict[str, StraitTarget]:
    return {t.id: t for t in spec.targets} if spec is not None else {}


def strait_day(world: World, state: GameState) -> list[Event]:
    """The day's fire across the water, in the order of `strait.guns`."""
    spec = world.scenario.strait
    if spec is None or state.strait is None:
        return []
    events: list[Event] = []
    for gun in spec.guns:
        n = guns_in_action(world, state, gun)
        if n <= 0:
            continue
        if gun.unit is not None:
            events.extend(_shell_towns(world, state, spec, gun, n))
        else:
            events.extend(_counter_battery(world, state, spec, gun, n))
    _clearing(world, state, spec)
    return events


def _fire(state: StraitState, gun_key: str, shells: float) -> int:
    """Whole shells fired today, carrying the fraction to tomorrow."""
    total = state.carry.get("fire:" + gun_key, 0.0) + shells
    fired = math.floor(total + 1e-9)
    state.carry["fire:" + gun_key] = total - fired
    return fired


def _count(state: StraitState, name: str, amount: float) -> int:
    total = state.carry.get(name, 0.0) + amount
    whole = math.floor(total + 1e-9)
    state.carry[name] = total - whole
    return whole


def _shell_towns(world: World, state: GameState, spec: StraitSpec, gun: StraitGun,
                 n: int) -> list[Event]:
    side = state.units[str(gun.unit)].side
    here = _unit_km(world, state, str(gun.unit))
    in_range = sorted(
        (math.dist(here, _target_km(world, t.id)), t.id) for t in spec.targets
        if t.kind == "town" and t.side != side
        and math.dist(here, _target_km(world, t.id)) <= gun.range_km
    )
    if not in_range:
        return []
    strait = state.strait
    assert strait is not None
    fired = _fire(strait, key(gun), n * gun.shells_per_gun_day)
    events = []
    base, extra = divmod(fired, len(in_range))
    for i, (km, town) in enumerate(in_range):
        shells = base + (1 if i < extra else 0)
        if shells == 0:
            continue
        killed = _count(strait, "killed:" + town, shells * spec.killed_per_shell)
        strait.shells[town] = strait.shells.get(town, 0) + shells
        strait.killed[town] = strait.killed.get(town, 0) + killed
        strait.last_shell = state.date.isoformat()
        events.append(Event.make("strait_fire", state.date, unit=gun.unit, target=town,
                                 guns=n, shells=shells, killed=killed, km=round(km, 1)))
    return events


def _counter_battery(world: World, state: GameState, spec: StraitSpec, gun: StraitGun,
                     n: int) -> list[Event]:
    here = _target_km(world, str(gun.at))
    side = _targets(spec)[str(gun.at)].side
    choices = []
    for other in spec.guns:
        if other.unit is None or state.units[other.unit].side == side:
            continue
        active = guns_in_action(world, state, other)
        if active <= 0:
            continue
        km = math.dist(here, _unit_km(world, state, other.unit))
        if km <= gun.range_km:
            choices.append((-active, km, other.unit))
    if not choices:
        return []
    _, km, target = min(choices)
    strait = state.strait
    assert strait is not None
    fired = _fire(strait, key(gun), n * gun.shells_per_gun_day)
    if fired == 0:
        return []
    hits = min(strait.guns[target], _count(strait, "hits:" + target,
                                           fired * spec.hits_per_shell))
    strait.guns[target] -= hits
    if hits:
        strait.knocked_out[target] = strait.knocked_out.get(target, 0) + hits
    return [Event.make("counter_battery", state.date, battery=gun.at, unit=target, guns=n,
                       shells=fired, knocked_out=hits, km=round(km, 1))]


def outcome(state: GameState) -> dict[str, object] | None:
    """What the duel did in a game: shells and civilians killed per off-map town, guns each
    battery lost to counter-battery fire, and the day of the last shell (None without one)."""
    strait = state.strait
    if strait is None:
        return None
    return {"shells": dict(sorted(strait.shells.items())),
            "killed": dict(sorted(strait.killed.items())),
            "knocked_out": dict(sorted(strait.knocked_out.items())),
            "last_shell": strait.last_shell}
