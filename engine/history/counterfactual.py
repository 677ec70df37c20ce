"""Counterfactual variants of a scenario: what the rules do when one thing about a siege changes.

The siege model is honest only if a fortress's fall date answers to what the sides did: a
bigger garrison should hold longer or cost more, assaults thrown in before the guns and bombers
arrive should gain less than they hurry, and assaults held back should fall later. Each variant
here changes one thing about one objective (by default Boulogne) and names the controllers that
play it; `run.py counterfactuals` plays every variant over the same seeds and prints the
table (scenarios/CALIBRATION.md holds the measured numbers), and tests/test_counterfactuals.py
checks the directions on small seed batches.

A variant only edits the loaded scenario in memory (`model_copy`); the file on disk is never
touched, and the changed scenario is as valid as the original (dates stay inside the campaign,
strengths stay positive).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from engine.format.loaded import LoadedScenario
from engine.format.scenario import PlanAirRaid, PlanAssault, PlanBombard, PlanOrder
from engine.world import World

SHIFT_DAYS = 4  # the shift the table uses for the plan's assaults


def objective_places(world: World, objective: str) -> frozenset[str]:
    """The objective's place and its strongpoints."""
    o = world.objectives[objective]
    return frozenset((o.place, *o.includes))


def garrison_ids(world: World, objective: str) -> frozenset[str]:
    """Units of the defending side that start within the fortress radius of the objective."""
    o = world.objectives[objective]
    defender = world.enemy_of(o.side)
    radius = int(world.rules.morale.fortress_radius_hexes)
    zone = {h for p in objective_places(world, objective)
            for h in world.map.within(world.map.place_hex[p], radius)}
    out = set()
    for u in world.scenario.units:
        if u.side != defender or u.start is None:
            continue
        if u.start.place is not None:
            h = world.map.place_hex[u.start.place]
        elif u.start.at is not None:
            h = world.map.grid.index(world.map.grid.hex_at(*u.start.at))
        else:
            continue
        if h in zone:
            out.add(u.id)
    return frozenset(out)


def _with_scenario(loaded: LoadedScenario, **update: object) -> LoadedScenario:
    scenario = loaded.scenario.model_copy(update=update)
    return dataclasses.replace(loaded, scenario=scenario)


def _with_plan(loaded: LoadedScenario, plan: list[PlanOrder]) -> LoadedScenario:
    history = loaded.scenario.history.model_copy(update={"plan": plan})
    return _with_scenario(loaded, history=history)


def _shift(order: PlanOrder, days: int, first: dt.date, last: dt.date) -> PlanOrder:
    date = min(last, max(first, order.date + dt.timedelta(days=days)))
    return order.model_copy(update={"date": date})


def shift_assaults(loaded: LoadedScenario, objective: str, days: int) -> LoadedScenario:
    """The plan's assaults on the objective's places `days` later (earlier if negative)."""
    world = World(loaded)
    places = objective_places(world, objective)
    s = loaded.scenario
    plan = [
        _shift(p, days, s.start_date, s.end_date)
        if isinstance(p, PlanAssault) and p.target in places else p
        for p in s.history.plan
    ]
    return _with_plan(loaded, plan)


def without_preparation(loaded: LoadedScenario, objective: str) -> LoadedScenario:
    """The plan without its shoots and heavy-bomber raids on the objective's places."""
    world = World(loaded)
    places = objective_places(world, objective)
    plan = [
        p for p in loaded.scenario.history.plan
        if not (isinstance(p, PlanBombard | PlanAirRaid) and p.target in places)
    ]
    return _with_plan(loaded, plan)


def garrison_times(loaded: LoadedScenario, objective: str, factor: float) -> LoadedScenario:
    """The objective's garrison `factor` times as strong in men (same units, same quality)."""
    ids = garrison_ids(World(loaded), objective)
    units = [
        u.model_copy(update={"strength": max(1, round(u.strength * factor))}) if u.id in ids else u
        for u in loaded.scenario.units
    ]
    return _with_scenario(loaded, units=units)


def depot_ammo_times(loaded: LoadedScenario, objective: str, factor: float) -> LoadedScenario:
    """The defender's depots at the objective's places hold `factor` times the ammunition."""
    places = objective_places(World(loaded), objective)
    supply = loaded.scenario.supply
    depots = [
        d.model_copy(update={"ammo_days": d.ammo_days * factor}) if d.place in places else d
        for d in supply.depots
    ]
    return _with_scenario(loaded, supply=supply.model_copy(update={"depots": depots}))


def attacker_shells_times(loaded: LoadedScenario, objective: str,
                          factor: float) -> LoadedScenario:
    """The objective's attacker gets `factor` times the artillery ammunition: its initial
    stocks and every dated delivery (`supply.ammunition`; unchanged where shells are not
    counted)."""
    side = next(o.side for o in loaded.scenario.victory.objectives if o.place == objective)
    supply = loaded.scenario.supply
    flows = [
        a.model_copy(update={
            "initial_tons": a.initial_tons * factor,
            "dumps": [d.model_copy(update={"initial_tons": d.initial_tons * factor})
                      for d in a.dumps],
            "deliveries": [d.model_copy(update={"tons_per_day": d.tons_per_day * factor})
                           for d in a.deliveries],
        }) if a.side == side else a
        for a in supply.ammunition
    ]
    return _with_scenario(loaded, supply=supply.model_copy(update={"ammunition": flows}))


@dataclass(frozen=True)
class Variant:
    name: str
    description: str
    allies: str  # controller kinds, as `run.py simulate --allies/--germans`
    germans: str
    change: Callable[[LoadedScenario, str], LoadedScenario] | None = None


VARIANTS: dict[str, Variant] = {v.name: v for v in (
    Variant("none", "the scenario as written", "history", "ai"),
    Variant("assaults_later", f"the plan's assaults on it {SHIFT_DAYS} days later",
            "history", "ai", lambda ld, o: shift_assaults(ld, o, SHIFT_DAYS)),
    Variant("assaults_earlier", f"the plan's assaults on it {SHIFT_DAYS} days earlier",
            "history", "ai", lambda ld, o: shift_assaults(ld, o, -SHIFT_DAYS)),
    Variant("no_preparation", "the plan without its shoots and bomber raids on it",
            "history", "ai", without_preparation),
    Variant("garrison_x2", "its garrison doubled", "history", "ai",
            lambda ld, o: garrison_times(ld, o, 2.0)),
    Variant("depot_ammo_x2", "its depot's ammunition doubled", "history", "ai",
            lambda ld, o: depot_ammo_times(ld, o, 2.0)),
    Variant("shells_quarter", "a quarter of the attacker's artillery ammunition", "history",
            "ai", lambda ld, o: attacker_shells_times(ld, o, 0.25)),
    Variant("passive", "a passive defender", "history", "passive"),
    Variant("ai_vs_ai", "the AI on both sides", "ai", "ai"),
)}


def apply_variant(loaded: LoadedScenario, variant: str, objective: str) -> LoadedScenario:
    """The scenario with the variant's change made to `objective` (unchanged if it has none)."""
    v = VARIANTS[variant]
    return loaded if v.change is None else v.change(loaded, objective)
