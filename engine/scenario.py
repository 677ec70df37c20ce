"""Typed, immutable description of a scenario file (the format modders write).

The models here are the single source of truth for the format: `python run.py schema` exports
their JSON Schema, the validator reports against them, and the engine reads nothing else.
Cross-references (a unit's place, a road's waypoints, a source id) are checked afterwards by
`engine.validation`, which knows where every key sits in the file.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

FORMAT_VERSION = 1

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=64),
    Field(description="Identifier: lower-case letters, digits and underscores."),
]
SourceId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$", max_length=32),
    Field(description="Key of an entry in the scenario's `sources` list, e.g. `S4` or `W-WH`."),
]
Colour = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    Field(description="Colour as #rrggbb."),
]
Lat = Annotated[float, Field(ge=-90, le=90, description="Latitude in decimal degrees (north +).")]
Lon = Annotated[float, Field(ge=-180, le=180, description="Longitude in decimal degrees (east +).")]
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class Model(BaseModel):
    """Base of every format model: unknown keys are errors and values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


LocalText = Annotated[
    str | dict[LangCode, str],
    Field(
        description="Text a player reads: a plain string, or one string per language code, "
        "e.g. `{en: Boulogne, fr: Boulogne-sur-Mer}`."
    ),
]


def text_in(text: LocalText | None, lang: str, fallback: str = "en") -> str:
    """The text in `lang`, else in `fallback`, else in any language given."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get(fallback) or next(iter(text.values()), "")


Sources = Annotated[
    list[SourceId],
    Field(default_factory=list, description="Keys of the sources that support this entry."),
]


class Source(Model):
    """A document the scenario's facts and numbers come from."""

    id: SourceId
    title: str
    kind: Literal["seed", "web", "book", "archive", "data", "estimate"] = "web"
    file: str | None = Field(None, description="File name of a seed document, if any.")
    url: str | None = None
    reliability: Literal["high", "medium", "low"] = "medium"


Waypoint = Annotated[
    Id | tuple[Lat, Lon],
    Field(description="A place id, or a `[lat, lon]` pair."),
]


class Bounds(Model):
    """Geographic rectangle the hex grid covers."""

    west: Lon
    east: Lon
    south: Lat
    north: Lat


class LineFeature(Model):
    """A road, railway, river or canal, drawn through waypoints and rasterised onto the hexes."""

    id: Id
    kind: Literal["main_road", "road", "railway", "river", "canal"]
    name: LocalText | None = None
    points: list[Waypoint] = Field(min_length=2)
    sources: Sources


class Area(Model):
    """A polygon painted with one terrain type when the grid is generated (`run.py mapgen`)."""

    id: Id
    terrain: Id = Field(description="Terrain type id of the ruleset.")
    polygon: list[tuple[Lat, Lon]] = Field(min_length=3, description="Corners as [lat, lon].")
    sources: Sources
    notes: str | None = None


class MapSpec(Model):
    """The hex map.

    Hexes are pointy-topped, in rows from north to south; odd rows are shifted half a hex east.
    The number of columns and rows follows from `bounds` and `hex_size_km`; `terrain` holds one
    text row per hex row, one legend character per hex.
    """

    hex_size_km: float = Field(gt=0.2, le=50, description="Distance between adjacent hex centres.")
    bounds: Bounds
    terrain_legend: dict[Annotated[str, StringConstraints(min_length=1, max_length=1)], Id] = Field(
        description="One character per terrain type id of the ruleset."
    )
    terrain: str = Field(description="One line per hex row (north first), one character per hex.")
    lines: list[LineFeature] = Field(default_factory=list)
    areas: list[Area] = Field(
        default_factory=list,
        description="Terrain areas applied by `run.py mapgen` on top of the land/sea mask; "
        "the engine reads only `terrain`.",
    )
    generated_by: str | None = Field(None, description="Tool and data that produced the grid.")


class Place(Model):
    """A named location: town, port, battery, strongpoint, height."""

    id: Id
    name: LocalText
    kind: Literal[
        "port", "city", "town", "village", "fort", "battery", "strongpoint", "radar", "height",
        "landmark",
    ]
    lat: Lat
    lon: Lon
    side: Id | None = Field(None, description="Side holding the place at the start.")
    civilians: int = Field(0, ge=0, le=5_000_000, description="Civilians present at the start.")
    fortification: int = Field(0, ge=0, le=10, description="Level in the ruleset's fortifications.")
    label: bool = Field(True, description="Draw the name on the map.")
    sources: Sources
    notes: str | None = None


class Nation(Model):
    id: Id
    name: LocalText
    colour: Colour


class Side(Model):
    id: Id
    name: LocalText
    colour: Colour
    nations: list[Nation] = Field(min_length=1)


class Formation(Model):
    """A headquarters in the order of battle (army, corps, division, brigade)."""

    id: Id
    name: LocalText
    side: Id
    nation: Id | None = None
    parent: Id | None = None
    echelon: Literal["army_group", "army", "corps", "division", "brigade", "regiment", "group"]
    commander: str | None = None
    sources: Sources


class Position(Model):
    """Where a unit is: at a place, or at a coordinate."""

    place: Id | None = None
    at: tuple[Lat, Lon] | None = None


class Arrival(Model):
    date: dt.date
    place: Id = Field(description="Entry place; the unit appears in or next to its hex.")


class Unit(Model):
    id: Id
    name: LocalText
    short: str | None = Field(None, max_length=12, description="Label drawn on the counter.")
    side: Id
    nation: Id
    type: Id = Field(description="Unit type id of the ruleset.")
    formation: Id | None = None
    strength: int = Field(gt=0, le=100_000, description="Men.")
    quality: Id = Field(description="Quality id of the ruleset (e.g. veteran, fortress).")
    morale: int | None = Field(None, ge=0, le=100, description="Default: the quality's morale.")
    start: Position | None = Field(None, description="Start position; omit for late arrivals.")
    arrives: Arrival | None = None
    withdraws: dt.date | None = Field(None, description="Leaves the map at the start of this day.")
    sources: Sources
    notes: str | None = None


class SupplySource(Model):
    """Where a side's supply comes from (a map edge road head, a port, a depot)."""

    id: Id
    side: Id
    place: Id
    from_date: dt.date | None = None
    until: dt.date | None = None
    sources: Sources


class Depot(Model):
    """Finite stocks held inside a fortress; an encircled pocket lives on them."""

    place: Id
    side: Id
    food_days: float = Field(ge=0, le=3650)
    ammo_days: float = Field(ge=0, le=3650)
    sources: Sources
    notes: str | None = None


class SupplySpec(Model):
    sources: list[SupplySource] = Field(default_factory=list)
    depots: list[Depot] = Field(default_factory=list)


class WeatherDay(Model):
    date: dt.date
    weather: Id = Field(description="Weather id of the ruleset.")
    sources: Sources


class WeatherSpec(Model):
    """Known weather on given days; other days are drawn from `chances`."""

    known: list[WeatherDay] = Field(default_factory=list)
    chances: dict[Id, float] = Field(default_factory=dict, description="Weather id -> weight.")


class EventBase(Model):
    id: Id
    date: dt.date
    caption: LocalText
    sources: Sources


class NarrativeEvent(EventBase):
    kind: Literal["narrative"]


class FortressOrderEvent(EventBase):
    """Garrisons of `side` must hold to the end (Hitler's order of 4 September 1944)."""

    kind: Literal["fortress_order"]
    side: Id
    morale_change: int = Field(0, ge=-100, le=100)


class AirRaidsEvent(EventBase):
    """Grants a side a number of heavy-bomber raids to use from this date."""

    kind: Literal["air_raids"]
    side: Id
    raids: int = Field(ge=1, le=100)
    bombers_per_raid: int = Field(ge=1, le=5000)
    until: dt.date | None = None


class PriorityEvent(EventBase):
    """Higher command shifts priority: objectives to mask (not assault) for a side's AI."""

    kind: Literal["priority"]
    side: Id
    mask: list[Id] = Field(default_factory=list, description="Objective places to mask.")
    unmask: list[Id] = Field(default_factory=list)


class WithdrawalEvent(EventBase):
    kind: Literal["withdrawal"]
    units: list[Id] = Field(min_length=1)


Event = Annotated[
    NarrativeEvent | FortressOrderEvent | AirRaidsEvent | PriorityEvent | WithdrawalEvent,
    Field(discriminator="kind"),
]


class Objective(Model):
    """A place worth victory points to the side that takes (or holds) it."""

    place: Id
    includes: list[Id] = Field(
        default_factory=list,
        description="Strongpoints that must also be held for the objective to count as taken.",
    )
    side: Id = Field(description="Side that scores by capturing it.")
    points: int = Field(ge=0, le=10_000)
    full_value_until: dt.date | None = Field(None, description="After this day it is worth less.")
    late_loss_per_day: float = Field(0.0, ge=0, le=1, description="Value share lost per late day.")
    sources: Sources


class VictoryLevel(Model):
    id: Id
    name: LocalText
    min_share: float = Field(ge=0, le=1, description="Minimum share of the available points.")


class VictorySpec(Model):
    objectives: list[Objective] = Field(min_length=1)
    points_per_1000_prisoners: float = Field(0, ge=0)
    points_per_100_own_casualties: float = Field(0, ge=0)
    points_per_100_civilian_casualties: float = Field(0, ge=0)
    levels: list[VictoryLevel] = Field(min_length=1)


class SideAI(Model):
    aggression: float = Field(0.5, ge=0, le=1)
    priorities: list[Id] = Field(default_factory=list, description="Objectives, first = most.")
    mask: list[Id] = Field(default_factory=list, description="Objectives to contain, not assault.")


class AISpec(Model):
    sides: dict[Id, SideAI] = Field(default_factory=dict)


class Figure(Model):
    """A number history gives, with the sources that give it."""

    value: float
    sources: Sources
    note: str | None = None


class DatedClaim(Model):
    date: dt.date
    sources: Sources
    note: str | None = None


class Outcome(Model):
    """What happened to one objective. The first entry of each list is the preferred figure."""

    objective: Id
    fell: list[DatedClaim] = Field(default_factory=list, description="Empty: it held.")
    held_until: dt.date | None = None
    prisoners: list[Figure] = Field(default_factory=list)
    allied_casualties: list[Figure] = Field(default_factory=list)
    civilians_evacuated: list[Figure] = Field(default_factory=list)
    civilian_deaths: list[Figure] = Field(default_factory=list)
    notes: LocalText | None = None


class HistoryEvent(Model):
    date: dt.date
    date_note: str | None = Field(None, description="e.g. 'or 19 September per S2'.")
    kind: Literal[
        "context", "move", "encirclement", "bombardment", "air_raid", "assault", "truce",
        "surrender", "capture", "order", "civilians", "demolition",
    ]
    places: list[Id] = Field(default_factory=list)
    units: list[Id] = Field(default_factory=list)
    caption: LocalText
    sources: Sources


class PlanOrderBase(Model):
    date: dt.date
    note: str | None = None
    sources: Sources


class PlanMove(PlanOrderBase):
    order: Literal["move"]
    units: list[Id] = Field(min_length=1)
    to: Id


class PlanAssault(PlanOrderBase):
    order: Literal["assault"]
    units: list[Id] = Field(min_length=1)
    target: Id


class PlanBombard(PlanOrderBase):
    order: Literal["bombard"]
    units: list[Id] = Field(min_length=1)
    target: Id


class PlanAirRaid(PlanOrderBase):
    order: Literal["air_raid"]
    target: Id


class PlanTruce(PlanOrderBase):
    order: Literal["truce"]
    place: Id
    hours: int = Field(ge=1, le=240)


class PlanHold(PlanOrderBase):
    order: Literal["hold"]
    units: list[Id] = Field(min_length=1)


PlanOrder = Annotated[
    PlanMove | PlanAssault | PlanBombard | PlanAirRaid | PlanTruce | PlanHold,
    Field(discriminator="order"),
]


class HistorySpec(Model):
    outcomes: list[Outcome] = Field(default_factory=list)
    events: list[HistoryEvent] = Field(default_factory=list)
    plan: list[PlanOrder] = Field(default_factory=list)


class Scenario(Model):
    """A whole scenario file."""

    format_version: int = Field(description=f"Version of this format; currently {FORMAT_VERSION}.")
    id: Id
    ruleset: str = Field(description="Path of the ruleset file, relative to this file's folder.")
    title: LocalText
    description: LocalText
    authors: list[str] = Field(min_length=1)
    languages: list[LangCode] = Field(default_factory=lambda: ["en"])
    start_date: dt.date
    end_date: dt.date
    turn_length_days: int = Field(1, ge=1, le=31)
    cover_image: str | None = Field(None, description="Image path, relative to this file's folder.")
    sources: list[Source] = Field(default_factory=list)
    map: MapSpec
    places: list[Place] = Field(min_length=1)
    sides: list[Side] = Field(min_length=2, description="In turn order: the first side moves first.")
    formations: list[Formation] = Field(default_factory=list)
    units: list[Unit] = Field(min_length=1)
    supply: SupplySpec = Field(default_factory=SupplySpec)
    weather: WeatherSpec = Field(default_factory=WeatherSpec)
    events: list[Event] = Field(default_factory=list)
    victory: VictorySpec
    ai: AISpec = Field(default_factory=AISpec)
    history: HistorySpec = Field(default_factory=HistorySpec)

    @field_validator("format_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != FORMAT_VERSION:
            raise ValueError(
                f"format_version {value} is not supported; this game reads version {FORMAT_VERSION}"
            )
        return value
