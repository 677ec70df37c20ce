"""Assault combat and its prediction, computed by one code path.

Strength of a unit = value (attack or defence of its type) x men / full strength x quality x
supply factor x morale factor x (1 - suppression effect). The defence of a hex is multiplied by
its terrain, its fortification (whose bonus specialised assault armour cancels in part) and by
a river or canal on the hexsides the attack comes across. The odds R = attack / defence give
the chance the defender is beaten (a logistic curve in ln R) and the loss shares of both sides.
The attacker's share falls on the men of its leading waves only (the ruleset's
`assault_frontage_men`): a brigade thrown at one hex pays for the two battalions up front, not
for every man in the stack. A beaten defender whose morale falls below its surrender threshold
gives up (its men become prisoners); otherwise it retreats, or, where the fortress order forbids
falling back, is overrun and taken where it stands.

`resolve` is pure: it reads an `AssaultSetup` and draws from the generator it is given. The
game passes its own generator; `engine.rules.prediction` applies the same rules to many draws of
a private, fixed-seed generator at once, so asking for odds never changes the game.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.events import Event
from engine.orders import Assault, IllegalOrder
from engine.rules.bombardment import (
    check_gun_ready,
    civilian_toll,
    gun_firepower,
    hit_civilians,
    place_at,
    truce_blocks,
)
from engine.rules.logistics import draw_shoot, lends_armour, shoot_cost
from engine.rules.morale import (
    command_lost,
    surrender_threshold,
    surrender_unit,
    take_wounded,
)
from engine.rules.movement import retreat_hex
from engine.rules.supply import draw_ammo, factors, take_losses
from engine.rules.victory import occupy
from engine.state import SUPPLIED, GameState, UnitState
from engine.world import World


@dataclass(frozen=True)
class Defender:
    unit: str
    men: int
    strength: float
    morale: float
    surrender_below: float
    may_retreat: bool  # a free hex exists and no order forbids it


@dataclass(frozen=True)
class AssaultSetup:
    target: int
    attackers: tuple[tuple[str, int, float], ...]  # (unit, men, strength)
    support: tuple[str, ...]
    attack: float
    defence: float
    defenders: tuple[Defender, ...]
    terrain: float
    fortification: float  # after assault armour
    hexside: float
    prepared: bool  # supported by guns, or the defenders shelled that day; else hasty
    ammunition_tons: float = 0.0  # shells the supporting guns take from their dumps
    works_losses: float = 1.0  # the attacker's loss multiplier from the works (after armour)
    exposure: float = 1.0  # share of the attackers' men in the leading waves (frontage)
    support_fire: float = 0.0  # the supporting guns' firepower, before the works take theirs
    civilians_at_risk: int = 0  # the people of the hex the supporting fire kills (no draw)

    @property
    def odds(self) -> float:
        return self.attack / self.defence if self.defence > 0 else math.inf


@dataclass(frozen=True)
class AssaultResult:
    beaten: bool
    attacker_losses: dict[str, int]
    defender_losses: dict[str, int]
    fates: dict[str, str]  # defender -> "holds" | "retreats" | "surrenders" | "destroyed"
    morale_after: dict[str, float]


@dataclass(frozen=True)
class Prediction:
    """What to expect before giving an assault order."""

    odds: float
    attack: float
    defence: float
    win_chance: float  # the defender is beaten
    capture_chance: float  # the hex is emptied and taken
    surrender_chance: float  # at least one defending unit surrenders
    expected_attacker_losses: float
    expected_defender_losses: float
    expected_prisoners: float
    terrain: float
    fortification: float
    hexside: float
    prepared: bool  # supported or the defenders shelled today; a hasty assault is weaker
    ammunition_tons: float = 0.0  # shells the supporting guns would take from their dumps
    expected_civilians_killed: float = 0.0  # by the supporting guns' shells

    def to_json(self) -> dict[str, float]:
        return {k: round(float(v), 4) for k, v in vars(self).items()}


def unit_strength(world: World, state: GameState, u: UnitState, defending: bool) -> float:
    """The unit's attack (or defence) now, every factor applied: the one formula the assault,
    the prediction, the unit report and the AI's estimates all use, so they cannot drift apart."""
    utype = world.unit_types[u.type_id]
    return strength(world, state, u, utype.defence if defending else utype.attack, defending)


def strength(world: World, state: GameState, u: UnitState, value: float, defending: bool) -> float:
    """`value` (a type's attack or defence) scaled by men left, quality, supply (out of supply
    or an empty depot's ammunition), morale and suppression."""
    utype = world.unit_types[u.type_id]
    rules = world.rules.combat
    info = state.supply.get(u.id)
    if info is None or info.state == SUPPLIED:
        att = dfn = 1.0  # `factors`' answer for a supplied unit, most units, asked most often
    else:
        att, dfn, _ = factors(world, state, u.id)
    m = u.morale  # clamped to 0-100 (by comparisons: `max`/`min` calls cost more than the rest)
    m = 0.0 if m < 0.0 else 100.0 if m > 100.0 else m
    morale = rules.morale_floor + (1.0 - rules.morale_floor) * m / 100
    return (
        value * u.men / utype.full_strength * world.qualities[u.quality].combat
        * (dfn if defending else att) * morale * (1.0 - rules.suppression_effect * u.suppression)
    )


def setup(world: World, state: GameState, order: Assault) -> AssaultSetup:
    """Check an assault order and gather every number its resolution needs."""
    if not order.units:
        raise IllegalOrder("an assault needs at least one attacking unit", code="no_attackers")
    if len(set(order.units)) != len(order.units) or len(set(order.support)) != len(order.support):
        raise IllegalOrder("a unit is listed twice", code="unit_listed_twice")
    if not world.map.grid.on_map(order.target):
        raise IllegalOrder(f"hex {list(order.target)} is off the map", code="off_map",
                           params={"col": order.target[0], "row": order.target[1]})
    target = world.map.grid.index(order.target)
    if not world.map.land[target]:
        raise IllegalOrder("ships at sea cannot be assaulted", code="target_at_sea")
    defenders = [u for u in state.units_at(target) if u.side != order.side]
    if not defenders:
        raise IllegalOrder("there is no enemy unit in the target hex", code="no_enemy_in_target")
    place = truce_blocks(world, state, target)
    if place:
        raise IllegalOrder(f"a truce at {world.place_names[place]} forbids fighting there today",
                           code="truce_forbids_fighting", params={"place": place})
    rules = world.rules.combat
    attackers: list[tuple[str, int, float]] = []
    hexside_weight = 0.0
    cancel_keep = 1.0
    for uid in order.units:
        u = state.units.get(uid)
        if u is None or u.side != order.side or not u.deployed:
            raise IllegalOrder(f"{uid} is not a unit of {order.side} on the map",
                               code="not_own_unit_on_map", params={"unit": uid, "side": order.side})
        if u.attacked:
            raise IllegalOrder(f"{uid} has already attacked this turn", code="already_attacked",
                               params={"unit": uid})
        if target not in world.map.neighbours[u.hex]:
            raise IllegalOrder(f"{uid} is not adjacent to the target hex", code="not_adjacent",
                               params={"unit": uid})
        utype = world.unit_types[u.type_id]
        if utype.attack <= 0:
            raise IllegalOrder(f"{uid} cannot attack", code="cannot_attack", params={"unit": uid})
        s = unit_strength(world, state, u, defending=False)
        attackers.append((uid, u.men, s))
        d = world.map.neighbours[u.hex].index(target)
        water = int(world.map.edge_water[u.hex, d])
        mult = rules.canal_defence if water == 2 else rules.river_defence if water == 1 else 1.0
        hexside_weight += s * mult
        if lends_armour(world, state, u):
            cancel_keep *= 1.0 - utype.assault_specialist * min(1.0, u.men / utype.full_strength)
    attack = sum(s for _, _, s in attackers)
    hexside = hexside_weight / attack if attack > 0 else 1.0
    tons = 0.0  # shells the supporting guns will fire
    support_fire = 0.0
    # supporting fire counts for what it does to the defenders: works shrug off as much of it
    # as of a shoot (their bombard resistance), so a barrage on casemates keeps heads down
    # without standing in for the infantry the works call for
    _, resist = world.fortification(float(state.works[target]))
    for uid in order.support:
        u = state.units.get(uid)
        if u is None or u.side != order.side or not u.deployed:
            raise IllegalOrder(f"{uid} is not a unit of {order.side} on the map",
                               code="not_own_unit_on_map", params={"unit": uid, "side": order.side})
        utype = world.unit_types[u.type_id]
        if utype.bombard is None or utype.bombard.sea_only:
            raise IllegalOrder(f"{uid} cannot fire in support of an assault",
                               code="cannot_support", params={"unit": uid})
        if world.map.distance(u.hex, target) > utype.bombard.range_hexes:
            raise IllegalOrder(f"the target is out of range of {uid}",
                               code="support_out_of_range", params={"unit": uid})
        check_gun_ready(world, state, u)  # what a shoot by it would meet, whatever the target
        fire = gun_firepower(world, state, u)
        support_fire += fire
        attack += fire * rules.support_share * (1.0 - resist)
        tons += shoot_cost(world, state, u).tons
    prepared = bool(order.support) or any(
        u.suppression >= rules.prepared_suppression for u in defenders)
    if not prepared:
        attack *= rules.hasty_attack
    fort_def, _ = world.fortification(float(state.works[target]))
    fortification = 1.0 + (fort_def - 1.0) * cancel_keep
    works_losses = 1.0 + (world.assault_losses(float(state.works[target])) - 1.0) * cancel_keep
    terrain = float(world.map.terrain_defence[target])
    men = sum(m for _, m, _ in attackers)
    frontage = rules.assault_frontage_men
    exposure = 1.0 if frontage is None or men <= frontage else frontage / men
    hold_rule = world.rules.morale.fortress_order_hold
    attacker_hexes = [state.units[a].hex for a, _, _ in attackers]
    out_defenders = []
    for u in defenders:
        utype = world.unit_types[u.type_id]
        s = unit_strength(world, state, u, defending=True)
        holds = bool(
            hold_rule and state.under_fortress_order(u) and state.works[target] >= 1.0
        )
        may_retreat = (
            not holds and not utype.static
            and retreat_hex(world, state, u, attacker_hexes) is not None
        )
        out_defenders.append(Defender(
            u.id, u.men, s, u.morale, surrender_threshold(world, state, u), may_retreat,
        ))
    defence = sum(d.strength for d in out_defenders) * terrain * fortification * hexside
    return AssaultSetup(
        target=target, attackers=tuple(attackers), support=tuple(order.support),
        attack=attack, defence=max(defence, 1e-6), defenders=tuple(out_defenders),
        terrain=terrain, fortification=fortification, hexside=hexside, prepared=prepared,
        ammunition_tons=tons, works_losses=works_losses, exposure=exposure,
        support_fire=support_fire,
        civilians_at_risk=sum(civilian_toll(world, state, target, support_fire).values()),
    )


def win_chance(world: World, odds: float) -> float:
    rules = world.rules.combat
    if odds <= 0:
        return 0.0
    x = rules.odds_steepness * math.log(odds / rules.odds_for_even_chance)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def resolve(world: World, s: AssaultSetup, rng: np.random.Generator) -> AssaultResult:
    """One draw of the assault's outcome (pure: only `rng` advances)."""
    rules = world.rules.combat
    odds = min(max(s.odds, 1e-3), 1e3)
    beaten = bool(rng.random() < win_chance(world, odds))
    noise_a = float(rng.lognormal(0.0, rules.loss_noise))
    noise_d = float(rng.lognormal(0.0, rules.loss_noise))
    hasty = 1.0 if s.prepared else rules.hasty_losses
    a_share = min(0.9, rules.attacker_loss_base * odds ** (-rules.loss_exponent) * noise_a * hasty
                  * s.works_losses) * s.exposure
    d_share = rules.defender_loss_base * odds**rules.loss_exponent * noise_d
    if beaten:
        d_share += rules.beaten_defender_extra_loss
    d_share = min(0.9, d_share)
    attacker_losses = {uid: min(men, round(men * a_share)) for uid, men, _ in s.attackers}
    defender_losses: dict[str, int] = {}
    fates: dict[str, str] = {}
    morale_after: dict[str, float] = {}
    for d in s.defenders:
        lost = min(d.men, round(d.men * d_share))
        defender_losses[d.unit] = lost
        morale = d.morale - rules.morale_per_loss_share * d_share
        if beaten:
            morale -= rules.beaten_morale_loss
        morale = max(0.0, morale)
        morale_after[d.unit] = morale
        if lost >= d.men:
            fates[d.unit] = "destroyed"
        elif not beaten:
            fates[d.unit] = "holds"
        elif morale < d.surrender_below:
            fates[d.unit] = "surrenders"
        elif d.may_retreat:
            fates[d.unit] = "retreats"
        else:  # overrun where it stands (the fortress order forbids falling back): taken
            fates[d.unit] = "surrenders"
    return AssaultResult(beaten, attacker_losses, defender_losses, fates, morale_after)


def assault(world: World, state: GameState, order: Assault) -> list[Event]:
    """Resolve an assault on the game's generator and apply it to the state."""

    s = setup(world, state, order)
    r = resolve(world, s, state.rng)
    rules = world.rules.combat
    # the supporting guns' shells fall where a shoot's would, on the people of the hex too
    civilians = hit_civilians(world, state, s.target, s.support_fire) if s.support_fire else 0
    events = [Event.make(
        "assault", state.date, side=order.side, target=list(order.target),
        units=list(order.units), support=list(order.support),
        defenders=[d.unit for d in s.defenders], attack=s.attack,
        defence=s.defence, odds=s.odds, win_chance=win_chance(world, s.odds), beaten=r.beaten,
        place=place_at(world, s.target), prepared=s.prepared,
        attacker_losses=sum(r.attacker_losses.values()),
        defender_losses=sum(r.defender_losses.values()), civilians_killed=civilians,
    )]
    for uid, _, _ in s.attackers:
        u = state.units[uid]
        lost = r.attacker_losses[uid]
        take_losses(world, state, u, lost)
        u.attacked = True
        u.mp = 0.0
        share = lost / max(1, u.men + lost)
        u.morale = max(0.0, u.morale - rules.morale_per_loss_share * share)
        if r.beaten:
            u.morale = min(100.0, u.morale + rules.winner_morale_gain)
        draw_ammo(state, uid, world.rules.supply.ammo_days_per_combat)
    for uid in s.support:
        state.units[uid].fired = True
        draw_ammo(state, uid, world.rules.supply.ammo_days_per_bombard)
        draw_shoot(world, state, state.units[uid], place_at(world, s.target))
    attacker_hexes = [state.units[a].hex for a, _, _ in s.attackers]
    for d in s.defenders:
        u = state.units[d.unit]
        lost = r.defender_losses[d.unit]
        take_losses(world, state, u, lost)
        u.morale = r.morale_after[d.unit]
        draw_ammo(state, u.id, world.rules.supply.ammo_days_per_combat)
        u.assailants = tuple(sorted({*u.assailants, *order.units}))
        fate = r.fates[d.unit]
        if fate in ("destroyed", "surrenders") or u.men <= 0:
            events.extend(command_lost(world, state, u))
        if fate == "destroyed" or u.men <= 0:
            # the wounded it kept lie where it fell: taken by the victors, or, the place
            # still held by the rest of its garrison, among its losses (no unit carries them)
            place = place_at(world, u.hex)
            falls = r.beaten or all(f == "destroyed" for f in r.fates.values())
            wounded = take_wounded(world, state, u, place) if falls else 0
            u.status = "destroyed"
            u.hex = -1
            events.append(Event.make("destroyed", state.date, unit=u.id, side=u.side,
                                     place=place, wounded=wounded))
        elif fate == "surrenders":
            events.append(surrender_unit(world, state, u, "beaten in an assault",
                                         order.units[0]))
        elif fate == "retreats":
            to = retreat_hex(world, state, u, attacker_hexes)
            if to is None:
                events.append(surrender_unit(world, state, u, "beaten with no way out"))
            else:
                events.append(Event.make(
                    "retreated", state.date, unit=u.id,
                    **{"from": list(world.map.grid.hex_of(u.hex))},
                    to=list(world.map.grid.hex_of(to)),
                ))
                u.hex = to
                u.mp = 0.0
    if not any(u.side != order.side for u in state.units_at(s.target)):
        advanced = _advance(world, state, order, s.target)
        # nobody could move in (static guns, an impassable hexside): the place falls all the same
        events.extend(advanced or occupy(world, state, s.target, order.side, order.units[0]))
    return events


def _advance(world: World, state: GameState, order: Assault, target: int) -> list[Event]:
    for uid in order.units:
        u = state.units[uid]
        utype = world.unit_types[u.type_id]
        if not u.deployed or utype.static:
            continue
        d = world.map.neighbours[u.hex].index(target)
        if world.map.edge_cost_lists[utype.movement_class][u.hex][d] == math.inf:
            continue
        u.hex = target
        advanced = Event.make("advanced", state.date, unit=uid,
                              hex=list(world.map.grid.hex_of(target)))
        return [advanced, *occupy(world, state, target, order.side, uid)]
    return []
