"""Typed description of a ruleset file: the numbers the rules engine plays with.

A scenario names its ruleset (`ruleset: rules/ww2_west_1944.yaml`), so several scenarios share
one set of unit types, terrain and combat factors, and a modder tunes the game by editing YAML.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.scenario import Colour, Id, LocalText, Model, Source, Sources

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


class UnitType(Model):
    id: Id
    name: LocalText
    symbol: Literal[
        "infantry", "armour", "mechanised", "reconnaissance", "artillery", "anti_tank",
        "engineers", "assault_armour", "coastal_artillery", "fortress", "anti_aircraft",
        "machine_gun", "headquarters", "resistance",
    ] = Field(description="APP-6 style symbol drawn on the counter.")
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
    zone_of_control: bool = True
    static: bool = Field(False, description="Cannot move (fixed batteries, fortress troops).")
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


class Ruleset(Model):
    """A whole ruleset file."""

    format_version: int
    id: Id
    name: LocalText
    sources: list[Source] = Field(default_factory=list)
    terrain: list[TerrainType] = Field(min_length=1)
    fortifications: list[FortificationLevel] = Field(min_length=1)
    qualities: list[Quality] = Field(min_length=1)
    weather: list[Weather] = Field(min_length=1)
    unit_types: list[UnitType] = Field(min_length=1)
    movement: MovementRules
