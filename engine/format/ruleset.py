"""Typed description of a ruleset file: the numbers the rules engine plays with.

A scenario names its ruleset (`ruleset: rules/ww2_west_1944.yaml`), so several scenarios share
one set of unit types, terrain and combat factors, and a modder tunes the game by editing YAML.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from engine.format.scenario import Colour, Id, LocalText, Model, Source, Sources

MovementClass = Literal["foot", "motor", "tracked"]


class MoveCosts(Model):
    """Movement points to enter a hex, per movement class; null = impassable."""

    foot: float | None = Field(ge=0)
    motor: float | None = Field(ge=0)
    tracked: float | None = Field(ge=0)


class TerrainType(Model):
    id: Id
    name: LocalText
    colour: Colour
    move_cost: MoveCosts
    defence: float = Field(1.0, gt=0, le=10, description="Multiplies the defender's strength.")
    water: bool = Field(False, description="Sea: no land unit may stand here.")
    blocks_supply: bool = False
    sources: Sources
    notes: str | None = None


class FortificationLevel(Model):
    level: int = Field(ge=0, le=10)
    id: Id
    name: LocalText
    defence: float = Field(gt=0, le=20, description="Multiplies the defender's strength.")
    bombard_resistance: float = Field(
        0.0, ge=0, le=1, description="Share of bombardment effect the works absorb."
    )
    assault_losses: float = Field(
        1.0, ge=1, le=10,
        description="Multiplies an assaulting force's loss share while the works stand at this "
        "level (wire, mines and interlocking fire from concrete); assault armour cancels the "
        "same part of it as of `defence`.",
    )
    sources: Sources
    notes: str | None = None


class Quality(Model):
    id: Id
    name: LocalText
    combat: float = Field(gt=0, le=5, description="Multiplies combat strength.")
    morale: int = Field(ge=0, le=100, description="Starting morale.")
    surrender_morale: int = Field(ge=0, le=100, description="Below this, a beaten unit surrenders.")
    sources: Sources
    notes: str | None = None


class Bombard(Model):
    range_hexes: int = Field(ge=1, le=100)
    strength: float = Field(gt=0, description="Bombardment value at full strength.")
    sea_only: bool = Field(False, description="Coastal guns that can fire only at sea targets.")
    tons_per_shoot: float = Field(
        0.0, ge=0, le=10000,
        description="Tons of ammunition a day's shoot (or supporting fire) by the unit at full "
        "strength takes from its dump, for a side whose scenario lists `supply.ammunition`.",
    )
    redeploy_days: int = Field(
        0, ge=0, le=30,
        description="Days without firing after a move of more than "
        "`logistics.redeploy_after_hexes` in a day: surveying, digging in and stocking the new "
        "gun lines.",
    )


UnitSymbol = Literal[
    "infantry", "armour", "mechanised", "reconnaissance", "artillery", "anti_tank",
    "engineers", "assault_armour", "coastal_artillery", "fortress", "anti_aircraft",
    "machine_gun", "headquarters", "resistance",
]


class UnitType(Model):
    id: Id
    name: LocalText
    symbol: UnitSymbol = Field(description="APP-6 style symbol drawn on the counter.")
    echelon: Literal["company", "battalion", "regiment", "brigade", "division"]
    movement_class: MovementClass
    movement_points: float = Field(ge=0, le=100)
    full_strength: int = Field(gt=0, description="Men at full establishment.")
    attack: float = Field(ge=0, description="Attack value at full strength.")
    defence: float = Field(ge=0, description="Defence value at full strength.")
    bombard: Bombard | None = None
    assault_specialist: float = Field(
        0.0, ge=0, le=1, description="How much of a fortification's value it cancels in an assault."
    )
    specialist_redeploy_days: int = Field(
        0, ge=0, le=30,
        description="Days an assault specialist lends no help against works after a move of more "
        "than `logistics.redeploy_after_hexes` in a day (transporters, refitting, marrying up "
        "with new infantry).",
    )
    zone_of_control: bool = True
    static: bool = Field(False, description="Cannot move (fixed batteries, fortress troops).")
    at_sea: bool = Field(
        False,
        description="A ship offshore giving naval gunfire support: it starts on (or arrives at) "
        "a sea hex, never moves, is supplied from the sea, cannot be assaulted and only "
        "bombards. Give it `static: true`, `attack: 0` and a `bombard`.",
    )
    sources: Sources
    notes: str | None = None


class Weather(Model):
    id: Id
    name: LocalText
    air: float = Field(ge=0, le=1, description="Share of air effect that gets through.")
    sources: Sources


class MovementRules(Model):
    road_cost: MoveCosts
    main_road_cost: MoveCosts
    river_crossing: float = Field(ge=0, description="Extra points to cross a river hexside.")
    canal_crossing: float = Field(ge=0, description="Extra points to cross a canal hexside.")
    zoc_exit_cost: float = Field(ge=0, description="Extra points to leave enemy ZOC.")
    stacking_limit: int = Field(ge=1, le=20, description="Units of one side per hex.")


# --- rule sections read by the rules engine -------------------------------------------------
class SupplyEffect(Model):
    """What a unit suffers after `days` days without supply (the highest step reached applies)."""

    days: int = Field(ge=1, le=365)
    attack: float = Field(ge=0, le=1, description="Multiplies attack strength.")
    defence: float = Field(ge=0, le=1, description="Multiplies defence strength.")
    movement: float = Field(ge=0, le=1, description="Multiplies movement points (0 = immobile).")
    morale_per_day: float = Field(ge=0, le=100, description="Morale lost each day at this step.")
    suppression: float = Field(0.0, ge=0, le=1, description="Suppression floor at this step.")


class SupplyRules(Model):
    max_trace_hexes: int = Field(ge=1, le=1000, description="Longest supply line from a source.")
    depot_range_hexes: int = Field(
        ge=0, le=1000, description="How far a depot feeds units cut off from every source."
    )
    out_of_supply: list[SupplyEffect] = Field(min_length=1)
    no_ammo_attack: float = Field(
        ge=0, le=1, description="Attack factor when a pocket's ammo is gone.",
    )
    no_ammo_defence: float = Field(ge=0, le=1, description="Defence factor when ammo is gone.")
    low_stock_days: float = Field(
        ge=0, le=365, description="A depot this low on food or shells worries its garrison."
    )
    low_stock_morale_per_day: float = Field(
        ge=0, le=100, description="Morale lost per day while the depot is that low."
    )
    no_food_morale_per_day: float = Field(ge=0, le=100)
    ammo_days_per_combat: float = Field(ge=0, description="Pocket ammunition used per fight.")
    ammo_days_per_bombard: float = Field(ge=0, description="Pocket ammunition used per shoot.")
    wounded_share: float = Field(
        0.0, ge=0, le=1,
        description="Of the men a unit loses to fire or assault, the share wounded (the rest "
        "killed or missing). A unit with a supply line to a source sends its wounded down it; "
        "one living on a depot or cut off keeps them in its aid posts and the fortress's "
        "hospitals, and they are taken prisoner with it. 0: every loss counts as dead.",
    )
    sources: Sources
    notes: str | None = None


class CombatRules(Model):
    """The assault table, as smooth functions of the odds ratio R = attack / defence."""

    odds_for_even_chance: float = Field(
        gt=0, description="R at which the defender is beaten half the time.",
    )
    odds_steepness: float = Field(gt=0, description="Slope of the win chance in ln(R).")
    loss_exponent: float = Field(ge=0, le=2, description="Losses scale with R to this power.")
    attacker_loss_base: float = Field(ge=0, le=1, description="Attacker's loss share at R = 1.")
    defender_loss_base: float = Field(ge=0, le=1, description="Defender's loss share at R = 1.")
    beaten_defender_extra_loss: float = Field(ge=0, le=1)
    loss_noise: float = Field(ge=0, le=2, description="Spread (sd of log) of the loss draw.")
    morale_per_loss_share: float = Field(
        ge=0, le=1000, description="Morale lost per share of men lost.",
    )
    beaten_morale_loss: float = Field(ge=0, le=100)
    winner_morale_gain: float = Field(ge=0, le=100)
    support_share: float = Field(
        ge=0, le=10, description="Artillery support: share of bombard value added to attack, "
        "less what the target's works absorb (their `bombard_resistance`, as for a shoot).",
    )
    river_defence: float = Field(
        ge=1, le=10, description="Defence multiplier when attacked across a river.",
    )
    canal_defence: float = Field(
        ge=1, le=10, description="Defence multiplier when attacked across a canal.",
    )
    morale_floor: float = Field(ge=0, le=1, description="Strength factor at morale 0 (1.0 at 100).")
    suppression_effect: float = Field(ge=0, le=1, description="Strength lost at full suppression.")
    prediction_samples: int = Field(
        ge=10, le=10000, description="Monte Carlo draws for a prediction.",
    )
    prepared_suppression: float = Field(
        ge=0, le=1,
        description="An assault is prepared when guns support it or a defender is at least "
        "this suppressed (shelled or bombed that day); otherwise it is hasty.",
    )
    hasty_attack: float = Field(
        gt=0, le=1, description="Share of its strength a hasty assault goes in with.",
    )
    hasty_losses: float = Field(
        ge=1, le=5, description="Multiplies the attacker's loss share in a hasty assault.",
    )
    assault_frontage_men: int | None = Field(
        None, ge=1, le=100000,
        description="Most men of one assault its losses fall on: those in its leading waves "
        "on one hex's front. More men add their strength (follow-up waves, mopping up) but "
        "not their exposure. Omit for no limit (every man in the assault shares its losses).",
    )
    sources: Sources
    notes: str | None = None


class FireRules(Model):
    """Artillery and bombing: one firepower scale for guns and bombers."""

    suppression_per_firepower: float = Field(ge=0, description="Suppression = 1 - exp(-k * fire).")
    losses_per_firepower: float = Field(
        ge=0, le=1, description="Share of men lost per point of fire.",
    )
    max_loss_share: float = Field(ge=0, le=1, description="Cap on one shoot's loss share.")
    works_per_firepower: float = Field(ge=0, description="Fortification levels removed per point.")
    morale_per_suppression: float = Field(ge=0, le=100)
    civilian_share_per_firepower: float = Field(
        ge=0, le=1, description="Share of a hex's civilians hit per point.",
    )
    suppression_recovery: float = Field(
        ge=0, le=1, description="Share of suppression gone each night.",
    )
    fire_noise: float = Field(ge=0, le=2)
    dig_in_protection: float = Field(
        0.0, ge=0, le=1,
        description="Share of fire's killing power a unit fully dug in is spared (its men in "
        "slit trenches and foxholes). A unit in a hex with works takes the better of this and "
        "the works' `bombard_resistance`, never both. Suppression is not cut. 0: units never "
        "dig in.",
    )
    dig_in_days: int = Field(
        1, ge=1, le=30,
        description="Nights a unit must stay in the same hex to be fully dug in; each night "
        "adds an equal share. Moving, retreating or advancing loses it.",
    )
    sources: Sources
    notes: str | None = None


class AirRules(Model):
    firepower_per_bomber: float = Field(ge=0, description="Firepower of one heavy bomber's load.")
    tons_per_bomber: float = Field(
        4.8, gt=0, le=50,
        description="Tons in one heavy bomber's load: a raid given in tons (`tons_per_raid`) "
        "counts tons / this many bombers' firepower.",
    )
    stray_chance: float = Field(
        ge=0, le=1, description="Chance part of a raid strays, in clear weather.",
    )
    stray_chance_bad_weather: float = Field(
        ge=0, le=1, description="Added as the air factor falls to 0.",
    )
    stray_share: float = Field(ge=0, le=1, description="Share of the bombs that stray.")
    stray_radius_hexes: int = Field(ge=1, le=50)
    morale_per_suppression: float | None = Field(
        None, ge=0, le=100,
        description="Morale a heavy-bomber raid costs the men under it, per unit of the "
        "suppression it causes: the shock of a carpet of bombs on a position, apart from a "
        "gun shoot's (`fire.morale_per_suppression`), which mostly pins men down. Absent: "
        "the same as a gun shoot's.",
    )
    stray_civilian_share_per_firepower: float = Field(
        ge=0, le=1, description="Share of an unwarned town's civilians hit per point of stray fire."
    )
    sources: Sources
    notes: str | None = None


class MoraleRules(Model):
    encircled_per_day: float = Field(ge=0, le=100, description="Isolation: morale lost per day.")
    recovery_per_day: float = Field(ge=0, le=100, description="Regained per quiet, supplied day.")
    strongpoint_fall_per_share: float = Field(
        ge=0, le=1000,
        description="Lost by the rest of a fortress's garrison when one of its places falls, "
        "per share of the garrison's starting men the place held (a place that held a tenth "
        "of the garrison costs a tenth of this).",
    )
    command_lost: float = Field(
        ge=0, le=100,
        description="Lost by a fortress's garrison when its headquarters (a unit whose type's "
        "symbol is `headquarters`) surrenders or is destroyed. Under the fortress order the "
        "headquarters does not give up at nightfall, however low its morale, while any other "
        "unit of its garrison is on the map: it falls when beaten in its own position, or once "
        "it is alone.",
    )
    fortress_radius_hexes: int = Field(
        ge=0, le=50, description="How far from its places a fortress's garrison reaches.",
    )
    fortress_order_hold: bool = Field(
        description="Fortress order forbids retreat from fortified hexes.",
    )
    fortress_order_surrender_shift: float = Field(
        ge=0, le=100, description="Surrender threshold lowered under the order.",
    )
    collapse_contact: bool = Field(
        description="A broken unit surrenders only when in contact or encircled.",
    )
    surrender_spread: float = Field(
        ge=0, le=50,
        description="How gradual the end-of-day surrender is, in morale points: a pressed "
        "unit gives up with a chance of 1 / (1 + exp((morale - threshold) / spread)), one "
        "half at its threshold; 0 makes it certain below the threshold and nil above.",
    )
    collapse_men_ratio: float = Field(
        ge=0, le=10,
        description="With `collapse_contact`, a broken unit gives itself up only to adjacent "
        "enemies with at least this many men per man of its own.",
    )
    sources: Sources
    notes: str | None = None


class CivilianRules(Model):
    evacuation_share_per_hour: float = Field(
        ge=0, le=1, description="Share of civilians leaving per truce hour.",
    )
    truce_radius_hexes: int = Field(
        ge=0, le=50, description="Combat is paused this close to the place.",
    )
    truce_contact_hexes: int = Field(
        ge=0, le=100, description="A truce needs units of both sides this close to the place."
    )
    truce_morale_per_day: float = Field(
        ge=0, le=100, description="Garrison morale regained per truce day.",
    )
    truce_works_per_day: float = Field(
        ge=0, le=10, description="Fortification levels repaired per truce day.",
    )
    max_truce_hours: int = Field(
        ge=1, le=240, description="Longest truce either side may ask for.",
    )
    truces_per_place: int = Field(
        ge=1, le=20, description="Truces a place may have in a campaign.",
    )
    sources: Sources
    notes: str | None = None


class IntelligenceRules(Model):
    """What a side sees of the enemy when the fog of war is on (each side's own view; the
    engine always holds the truth, and saves and replays keep it)."""

    sight_hexes: int = Field(
        1, ge=0, le=20, description="How far every unit sees enemy units: 1 = the hexes next to "
        "it (contact).",
    )
    sight_by_symbol: dict[UnitSymbol, Annotated[int, Field(ge=0, le=20)]] = Field(
        default_factory=dict,
        description="Longer sight for some unit symbols (e.g. `reconnaissance: 3`): patrols, "
        "observation posts, the Resistance's reports.",
    )
    air_sight_hexes: int = Field(
        0, ge=0, le=20, description="A side that flies reconnaissance (`sides[].air_reconnaissance`"
        " in the scenario) also sees enemy units this far from its own, on days whose weather "
        "lets aircraft through (see `air_sight_min_factor`).",
    )
    air_sight_min_factor: float = Field(
        0.5, ge=0, le=1, description="Least `weather.air` factor on which reconnaissance flies.",
    )
    known_symbols: list[UnitSymbol] = Field(
        default_factory=list,
        description="Unit symbols whose position the enemy always knows (fixed works "
        "photographed for months), though not their strength until they are seen.",
    )
    estimate_spread: float = Field(
        0.4, ge=0, le=0.9, description="An unseen garrison with no figure from the sources is "
        "shown as a range this wide on each side of a figure off the truth by up to half of it.",
    )
    sources: Sources
    notes: str | None = None


class LogisticsRules(Model):
    """How a side's finite artillery ammunition reaches its guns (`supply.ammunition`)."""

    dump_reach_hexes: int = Field(
        10, ge=0, le=100,
        description="Guns draw only on a dump (or the railhead) this close: the nearest (the "
        "one the lorries load for them), or the next that holds enough when it is short.",
    )
    redeploy_after_hexes: int = Field(
        6, ge=0, le=100,
        description="A gun or assault-specialist unit moving more than this many hexes in a day "
        "must redeploy (its type's `bombard.redeploy_days` / `specialist_redeploy_days`).",
    )
    priority_share: float = Field(
        0.6, ge=0, le=1,
        description="Share of the day's lift the lorries take first to the dump a `stockpile` "
        "order names (all of it when no gun draws on any other dump).",
    )
    sources: Sources
    notes: str | None = None


class PlanRules(Model):
    """How a scenario's historical plan (`history.plan`) is carried out when the engine plays
    it: the orders are history, these numbers are the doctrine they were carried out by."""

    renew_min_win: float = Field(
        0.5, ge=0, le=1,
        description="An ordered assault goes in on the day of its order whatever the odds; on "
        "a later day (the same target, after the first attempt failed or the units came up "
        "late) it is renewed only when it is prepared (guns support it, or the defenders were "
        "shelled or bombed that day: `combat.prepared_suppression`) or its predicted chance "
        "to beat the defender is at least this. 0 renews at any odds.",
    )
    fire_plan_hexes: int = Field(
        6, ge=0, le=50,
        description="A gun the plan tells to shell a place fires instead in support of the "
        "day's assaults that lie within this many hexes of that place (the fire plan serves "
        "the phase of the operation its guns were laid for); farther assaults are left to "
        "other guns. Once its own target is taken the gun serves any assault in range.",
    )
    truce_grace_days: int = Field(
        2, ge=0, le=30,
        description="Days after its date that a plan truce is asked for again when the rules "
        "do not allow it yet (no enemy close enough, no civilians there yet), before the "
        "plan gives it up.",
    )
    sources: Sources
    notes: str | None = None


class EngineRules(Model):
    """Every number the rules engine plays with beyond the unit and terrain tables."""

    supply: SupplyRules
    combat: CombatRules
    fire: FireRules
    air: AirRules
    morale: MoraleRules
    civilians: CivilianRules
    intelligence: IntelligenceRules = Field(
        default_factory=IntelligenceRules,
        description="Fog of war: what each side sees of the other (defaults: contact only).",
    )
    logistics: LogisticsRules = Field(
        default_factory=LogisticsRules,
        description="Artillery ammunition and the redeployment of guns and assault armour.",
    )
    plan: PlanRules = Field(
        default_factory=PlanRules,
        description="How the historical plan's orders are carried out (renewing an assault).",
    )


class Ruleset(Model):
    """A whole ruleset file."""

    format_version: int
    extends: str | None = Field(
        None,
        description="Path of a ruleset this one builds on, relative to this file's folder: "
        "its keys are deep-merged under this file's (entries with an `id` merge by id, other "
        "values are replaced), so this file need only hold what it changes.",
    )
    id: Id
    name: LocalText
    sources: list[Source] = Field(default_factory=list)
    terrain: list[TerrainType] = Field(min_length=1)
    fortifications: list[FortificationLevel] = Field(min_length=1)
    qualities: list[Quality] = Field(min_length=1)
    weather: list[Weather] = Field(min_length=1)
    unit_types: list[UnitType] = Field(min_length=1)
    movement: MovementRules
    engine: EngineRules
