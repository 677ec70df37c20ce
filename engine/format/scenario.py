"""Typed, immutable description of a scenario file (the format modders write).

The models here are the single source of truth for the format: `python run.py schema` exports
their JSON Schema, the validator reports against them, and the engine reads nothing else.
Cross-references (a unit's place, a road's waypoints, a source id) are checked afterwards by
`engine.format.validation`, which knows where every key sits in the file.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

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
    """Base of every format model: unknown keys are errors, values never change and every
    number is finite (`.inf` and `.nan` are refused: no rule can compute with them)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    title: str = Field(description="Title of the document, as a reader would look it up.")
    kind: Literal["seed", "web", "book", "archive", "data", "estimate"] = Field(
        "web",
        description="What the document is: seed (project source text), web page, book, archive, "
        "data set or design estimate.",
    )
    author: str | None = Field(
        None,
        description="Who wrote or published it (a person, an institution or a site), as a "
        "bibliography gives it.",
    )
    published: str | None = Field(
        None,
        description="When it was published, as precisely as known: `1960`, `30 September 1944`, "
        "`2011`. Left out when the document gives no date.",
    )
    file: str | None = Field(
        None,
        description="File name of a seed document, if any: for the project's records, never "
        "shown to players (they see the title).",
    )
    url: str | None = Field(None, description="Web address, if the document is online.")
    reliability: Literal["high", "medium", "low"] = Field(
        "medium",
        description="How far the document can be trusted for figures.",
    )


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
    kind: Literal["main_road", "road", "railway", "river", "canal"] = Field(
        description="main_road and road speed movement; river and canal add a crossing cost; "
        "railway is drawn only.",
    )
    name: LocalText | None = Field(None, description="Name shown on the map, if any.")
    points: list[Waypoint] = Field(
        min_length=2,
        description="Waypoints in order, at least two; place ids snap to the place's hex.",
    )
    sources: Sources


class Area(Model):
    """A polygon painted with one terrain type when the grid is generated (`run.py mapgen`)."""

    id: Id
    terrain: Id = Field(description="Terrain type id of the ruleset.")
    polygon: list[tuple[Lat, Lon]] = Field(min_length=3, description="Corners as [lat, lon].")
    sources: Sources
    notes: str | None = Field(
        None,
        description="Free text for other modders: what the area is and how it was drawn.",
    )


class MapSpec(Model):
    """The hex map.

    Hexes are pointy-topped, in rows from north to south; odd rows are shifted half a hex east.
    The number of columns and rows follows from `bounds` and `hex_size_km`; `terrain` holds one
    text row per hex row, one legend character per hex.
    """

    hex_size_km: float = Field(gt=0.2, le=50, description="Distance between adjacent hex centres.")
    bounds: Bounds = Field(
        description="Rectangle covered; hex (0, 0) is centred on its north-west corner.",
    )
    terrain_legend: dict[Annotated[str, StringConstraints(min_length=1, max_length=1)], Id] = Field(
        description="One character per terrain type id of the ruleset."
    )
    terrain: str = Field(description="One line per hex row (north first), one character per hex.")
    lines: list[LineFeature] = Field(
        default_factory=list,
        description="Roads, railways, rivers and canals.",
    )
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
    ] = Field(description="What the place is; it sets the map symbol and, for ports, supply rules.")
    lat: Lat
    lon: Lon
    side: Id | None = Field(None, description="Side holding the place at the start.")
    civilians: int = Field(0, ge=0, le=5_000_000, description="Civilians present at the start.")
    fortification: int = Field(0, ge=0, le=10, description="Level in the ruleset's fortifications.")
    label: bool = Field(True, description="Draw the name on the map.")
    rules: dict[Literal["fire", "air", "civilians"], dict[str, Any]] | None = Field(
        None,
        description="Overrides of the ruleset's `engine.fire`, `engine.air` and "
        "`engine.civilians` numbers at this place only (e.g. `{air: "
        "{stray_civilian_share_per_firepower: 0.03}}` for a town without shelters): they apply "
        "to fire on the place's hex, to its civilians and to truces at it.",
    )
    sources: Sources
    notes: str | None = Field(
        None,
        description="Free text: what happened here, doubts about the position.",
    )


class Nation(Model):
    id: Id
    name: LocalText
    colour: Colour


class TrucePolicy(Model):
    """What a side's commander does about evacuation truces, over some dates and places."""

    policy: Literal["asks", "accepts", "refuses"] = Field(
        description="asks: may ask for a truce and agrees to one; accepts: agrees when the "
        "enemy asks, never asks; refuses: no truce at all.",
    )
    from_date: dt.date | None = Field(None, description="First day; omit for the start.")
    until: dt.date | None = Field(None, description="Last day; omit for the end.")
    places: list[Id] = Field(
        default_factory=list,
        description="Places it applies to; empty: everywhere.",
    )
    sources: Sources
    note: LocalText | None = Field(
        None,
        description="What the commander did, for the report (e.g. `Heyna refused: the civilians "
        "stayed in Le Havre`).",
    )


class Side(Model):
    id: Id
    name: LocalText
    colour: Colour
    nations: list[Nation] = Field(
        min_length=1,
        description="Nations fighting on this side; a unit's `nation` must be one of them.",
    )
    air_reconnaissance: bool = Field(
        False, description="The side flies reconnaissance over the enemy (fog of war: it sees "
        "further on flying days; the ruleset's `engine.intelligence.air_sight_hexes`).",
    )
    truces: list[TrucePolicy] = Field(
        default_factory=list,
        description="The side's truce policy; where several entries cover a day and place, "
        "the last one listed applies; where none does, the side `asks`.",
    )


class Command(Model):
    """One spell in command of a formation at one rank: a promotion or a stand-in starts a new
    entry."""

    name: str = Field(description="Rank and name as the sources give them for these dates, e.g. "
                      "`Konteradmiral Friedrich Frisius`.")
    from_date: dt.date | None = Field(
        None, description="First day in command at this rank; empty: from before the scenario.")
    until: dt.date | None = Field(
        None, description="Last day in command at this rank; empty: beyond the scenario.")
    acting: bool = Field(False, description="Standing in for the commander (illness, leave).")
    note: str | None = Field(None, description="How precise the dates are, or what happened.")
    sources: Sources


class Formation(Model):
    """A headquarters in the order of battle (army, corps, division, brigade)."""

    id: Id
    name: LocalText
    side: Id
    nation: Id | None = Field(None, description="Nation id of the formation's side, if it has one.")
    parent: Id | None = Field(None, description="Formation id of the next higher headquarters.")
    echelon: Literal[
        "army_group", "army", "corps", "division", "brigade", "regiment", "group"
    ] = Field(description="Level of command.")
    commander: str | None = Field(None, description="Name and rank of the commander at the time.")
    commanders: list[Command] = Field(
        default_factory=list,
        description="Who commanded it when, ranks dated, in date order, each spell ending before "
        "the next starts; the replay announces every change on its day. Give it where the "
        "command or a rank changed during the scenario's history.",
    )
    sources: Sources


class Position(Model):
    """Where a unit is: at a place, or at a coordinate."""

    place: Id | None = Field(
        None,
        description="Place id: the unit starts in (or next to) the place's hex.",
    )
    at: tuple[Lat, Lon] | None = Field(
        None,
        description="A [lat, lon] pair, for positions that are not named places.",
    )


class Arrival(Model):
    date: dt.date = Field(description="Day the unit enters the map (within the scenario dates).")
    place: Id = Field(description="Entry place; the unit appears in or next to its hex.")


class Unit(Model):
    id: Id
    name: LocalText
    short: str | None = Field(None, max_length=12, description="Label drawn on the counter.")
    side: Id
    nation: Id
    type: Id = Field(description="Unit type id of the ruleset.")
    formation: Id | None = Field(
        None,
        description="Formation id of the headquarters the unit belongs to.",
    )
    strength: int = Field(gt=0, le=100_000, description="Men.")
    quality: Id = Field(description="Quality id of the ruleset (e.g. veteran, fortress).")
    morale: int | None = Field(None, ge=0, le=100, description="Default: the quality's morale.")
    start: Position | None = Field(None, description="Start position; omit for late arrivals.")
    arrives: Arrival | None = Field(
        None,
        description="Late arrival: date and entry place; omit for units present at the start.",
    )
    withdraws: dt.date | None = Field(None, description="Leaves the map at the start of this day.")
    sources: Sources
    notes: str | None = Field(
        None,
        description="Free text: history of the unit, reasons for the numbers chosen.",
    )


class SupplySource(Model):
    """Where a side's supply comes from (a map edge road head, a port, a depot)."""

    id: Id
    side: Id
    place: Id
    from_date: dt.date | None = Field(
        None,
        description="First day the source works; omit for the start.",
    )
    until: dt.date | None = Field(None, description="Last day the source works; omit for the end.")
    harbour: bool = Field(
        False, description="A harbour: it works only while no enemy gun listed for its place "
        "in `strait.harbours` is still in action (and while its side holds the place).",
    )
    sources: Sources


class Depot(Model):
    """Finite stocks held inside a fortress; an encircled pocket lives on them."""

    place: Id
    side: Id
    food_days: float = Field(
        ge=0, le=3650,
        description="Days of food for the garrison at the start.",
    )
    ammo_days: float = Field(
        ge=0, le=3650,
        description="Days of ammunition for the garrison at the start.",
    )
    sources: Sources
    notes: str | None = Field(
        None,
        description="Free text: what the stocks were and how they are estimated.",
    )


class AmmunitionDelivery(Model):
    """Tons of artillery ammunition reaching a side's railhead each day of a period."""

    from_date: dt.date = Field(description="First day of the period.")
    until: dt.date | None = Field(None, description="Last day of the period; omit for the end.")
    tons_per_day: float = Field(
        ge=0, le=100000, description="Tons unloaded at the railhead a day.",
    )
    sources: Sources
    notes: str | None = Field(
        None, description="Free text: what set the flow (priorities, ports, transport).",
    )


class AmmunitionDump(Model):
    """A forward ammunition point: guns near it draw their shells from it."""

    place: Id
    initial_tons: float = Field(0.0, ge=0, le=1000000, description="Tons held at the start.")
    sources: Sources
    notes: str | None = Field(None, description="Free text: where and why the dump stood.")


class AmmunitionSupply(Model):
    """A side whose artillery ammunition is a finite flow (see *Ammunition and logistics*).

    Deliveries arrive at the railhead; lorries carry up to `lift_tons_per_day` a day forward,
    shared between the dumps in proportion to the guns each serves, and a load reaches its
    dump `transport_days` later. A gun fires only on shells from a dump (or the railhead)
    within the ruleset's `logistics.dump_reach_hexes`; each shoot or supporting fire takes its
    type's `bombard.tons_per_shoot`. A side with no entry here never runs short.
    """

    side: Id
    railhead: Id = Field(description="Place where deliveries arrive (a railhead or a port).")
    initial_tons: float = Field(
        0.0, ge=0, le=1000000, description="Tons at the railhead at the start.",
    )
    lift_tons_per_day: float = Field(
        ge=0, le=100000,
        description="Tons the side's transport carries forward from the railhead a day.",
    )
    transport_days: int = Field(
        ge=0, le=30, description="Days a load takes from the railhead to a forward dump.",
    )
    dumps: list[AmmunitionDump] = Field(default_factory=list, description="Forward dumps.")
    deliveries: list[AmmunitionDelivery] = Field(
        default_factory=list, description="Dated flows to the railhead (periods may not overlap).",
    )
    sources: Sources
    notes: str | None = Field(None, description="Free text: how the flow was estimated.")


class SupplySpec(Model):
    sources: list[SupplySource] = Field(
        default_factory=list,
        description="Where each side's supply comes from.",
    )
    depots: list[Depot] = Field(
        default_factory=list,
        description="Finite stocks inside fortresses.",
    )
    ammunition: list[AmmunitionSupply] = Field(
        default_factory=list,
        description="Sides whose artillery ammunition is a finite, dated flow; a side not "
        "listed has as many shells as its guns can fire.",
    )


class WeatherDay(Model):
    date: dt.date = Field(description="Day of the observation.")
    weather: Id = Field(description="Weather id of the ruleset.")
    sources: Sources


class WeatherSpec(Model):
    """Known weather on given days; other days are drawn from `chances`."""

    known: list[WeatherDay] = Field(
        default_factory=list,
        description="Weather recorded on given days; these days are never drawn at random.",
    )
    chances: dict[Id, float] = Field(default_factory=dict, description="Weather id -> weight.")


class EventBase(Model):
    id: Id
    date: dt.date = Field(description="Day the event fires, at the start of that day's turn.")
    caption: LocalText
    sources: Sources


class NarrativeEvent(EventBase):
    kind: Literal["narrative"] = Field(
        description="A message shown to the player; no effect on play.",
    )


class FortressOrderEvent(EventBase):
    """Garrisons of named fortresses must hold to the end (Hitler's order of 4 September 1944).

    The order named places, not armies: it binds the units standing in and around the listed
    fortresses (a rearguard in an open town elsewhere may still fall back), so the scenario
    lists the fortress places and how far round each one its garrison reaches.
    """

    kind: Literal["fortress_order"] = Field(
        description="Garrisons of the listed fortresses of `side` are ordered to hold to the last.",
    )
    side: Id
    morale_change: int = Field(
        0, ge=-100, le=100,
        description="Morale added to (or taken from) the fortress garrisons on the day.",
    )
    places: list[Id] = Field(
        default_factory=list,
        description=(
            "Fortress places the order covers; a victory objective brings its `includes` with "
            "it. A unit of `side` within `radius_hexes` of one of them is a fortress garrison. "
            "Empty: every unit of the side (an order to all troops, not to fortresses)."
        ),
    )
    radius_hexes: int | None = Field(
        None, ge=0, le=50,
        description=(
            "How far round each listed place the garrison reaches; omit for the ruleset's "
            "`engine.morale.fortress_radius_hexes`."
        ),
    )


class CapitulationEvent(EventBase):
    """A garrison, or a whole side, lays down its arms (Dunkirk, 9 May 1945)."""

    kind: Literal["capitulation"] = Field(
        description="The units of `side` in the listed places lay down their arms (their men "
        "become prisoners) and its places there pass to the enemy; with no `places`, the whole "
        "side, and its units still to arrive never come.",
    )
    side: Id = Field(description="The side that capitulates.")
    places: list[Id] = Field(
        default_factory=list,
        description="Places whose garrisons capitulate; a victory objective brings its "
        "`includes`. A unit of `side` within `radius_hexes` of one of them surrenders (its men "
        "become prisoners) and every place of `side` in that area passes to the enemy. Empty: "
        "the whole side, everywhere, and its units still to arrive never come.",
    )
    radius_hexes: int | None = Field(
        None, ge=0, le=50,
        description="How far round each listed place the garrison reaches; omit for the "
        "ruleset's `engine.morale.fortress_radius_hexes`.",
    )


class FloodingEvent(EventBase):
    """Land flooded on purpose — sluices opened, dykes cut — from a date, the water spreading
    outward day by day (the Germans' inundations round Dunkirk and Calais)."""

    kind: Literal["flooding"] = Field(
        description="Land in the listed areas and round the listed places takes the `terrain` "
        "type: movement, supply and combat then follow that terrain's rules.",
    )
    terrain: Id = Field(
        description="Terrain type of the ruleset the land becomes, e.g. `inundated`; a land "
        "type (the sea never spreads where units stand).",
    )
    areas: list[Id] = Field(
        default_factory=list,
        description="Ids of `map.areas` whose polygons the water covers.",
    )
    places: list[Id] = Field(
        default_factory=list,
        description="Places the water covers, with every hex within `radius_hexes` of them.",
    )
    radius_hexes: int = Field(
        0, ge=0, le=50, description="How far round each of `places` the water reaches.",
    )
    covers: list[Id] = Field(
        default_factory=list,
        description="Terrain types (as the map gives them) the water covers, e.g. `[open, "
        "marsh]` to leave towns, woods and heights dry; empty: every land terrain.",
    )
    starts_at: list[Id] = Field(
        default_factory=list,
        description="Places where the water comes in (a sluice, a breached dyke). With "
        "`hexes_per_day`, a hex floods one day later for every `hexes_per_day` hexes it lies "
        "from the nearest of them; empty: everything floods on the date.",
    )
    hexes_per_day: int | None = Field(
        None, ge=1, le=50,
        description="How many hexes the water advances each day from `starts_at`; omit for "
        "everything at once.",
    )


class DrainingEvent(EventBase):
    """Flood water let out again (sluices closed and pumps started): the land a `flooding`
    event covered returns to the terrain the map gives it."""

    kind: Literal["draining"] = Field(
        description="The land a `flooding` event covered dries out; that flooding spreads no "
        "further from this date.",
    )
    flooding: Id = Field(description="Id of the `flooding` event whose water goes.")
    hexes_per_day: int | None = Field(
        None, ge=1, le=50,
        description="How many hexes a day dry out, from the flooding's `starts_at` outward; "
        "omit for all the land at once.",
    )


class AirRaidsEvent(EventBase):
    """Grants a side a number of heavy-bomber raids to use from this date."""

    kind: Literal["air_raids"] = Field(
        description="Gives `side` a number of heavy-bomber raids to use from this date.")
    side: Id
    raids: int = Field(ge=1, le=100, description="Number of raids granted.")
    bombers_per_raid: int = Field(ge=1, le=5000, description="Heavy bombers in each raid.")
    tons_per_raid: float | None = Field(
        None, gt=0, le=50000,
        description="Tons of bombs in each raid, where the sources give them; omit to count "
        "`bombers_per_raid` x the ruleset's `air.tons_per_bomber`.",
    )
    objectives: list[Id] = Field(
        default_factory=list,
        description="Victory objectives the raids were granted for: they may be spent only on "
        "hexes within the ruleset's `morale.fortress_radius_hexes` of those objectives' places "
        "(empty: anywhere).",
    )
    until: dt.date | None = Field(
        None,
        description="Last day the raids may be used, when the grant had one; omit while the "
        "bombers stay at the army's call (a raid kept for a day the weather lets them fly).",
    )
    aimed_at: Literal["works", "town"] = Field(
        "works",
        description="What the bombers were sent to hit. `works`: the defences, whose "
        "neighbours have shelter or have gone (civilians in the hex at the ruleset's "
        "`fire.civilian_share_per_firepower`). `town`: the built-up area itself, its people in "
        "their homes and cellars (Le Havre, 5 and 6 September 1944): they are hit as by bombs "
        "falling unwarned, at `air.stray_civilian_share_per_firepower`.",
    )


class PriorityEvent(EventBase):
    """Higher command shifts priority: objectives to mask (not assault) for a side's AI."""

    kind: Literal["priority"] = Field(
        description="Higher command tells `side`'s AI to contain (`mask`) or attack again "
        "(`unmask`) objectives.",
    )
    side: Id
    mask: list[Id] = Field(default_factory=list, description="Objective places to mask.")
    unmask: list[Id] = Field(default_factory=list, description="Objective places to attack again.")


class WithdrawalEvent(EventBase):
    kind: Literal["withdrawal"] = Field(description="Units leave the map (sent to another front).")
    units: list[Id] = Field(min_length=1, description="Unit ids that leave the map.")


class ExpulsionEvent(EventBase):
    """A side drives civilians out of a town it holds, with no truce: the fighting does not
    pause and the garrison gains nothing (Boulogne, September 1944)."""

    kind: Literal["expulsion"] = Field(
        description="`side` drives `civilians` people out of `place`; they count as evacuated.",
    )
    side: Id = Field(description="The side that drives them out; it must hold the place.")
    place: Id
    civilians: int = Field(ge=1, le=5_000_000, description="How many leave (at most those "
                           "still there).")


Event = Annotated[
    NarrativeEvent | FortressOrderEvent | CapitulationEvent | FloodingEvent | DrainingEvent
    | AirRaidsEvent | PriorityEvent | WithdrawalEvent | ExpulsionEvent,
    Field(discriminator="kind"),
]


class StraitTarget(Model):
    """A place across the sea, off the map, that guns on the map can reach or that fires
    back: a town under shell fire, or a battery of the other side's coast artillery."""

    id: Id
    name: LocalText
    kind: Literal["town", "battery"] = Field(
        description="`town`: its civilians are shelled; `battery`: it holds guns listed in "
        "`strait.guns` (by `at`) that fire back at the batteries on the map.",
    )
    side: Id = Field(description="Side holding it.")
    lat: Lat = Field(description="Latitude; must lie outside the map's bounds.")
    lon: Lon = Field(description="Longitude; must lie outside the map's bounds.")
    sources: Sources
    notes: str | None = Field(None, description="Anything a reader should know about it.")


class StraitGun(Model):
    """A battery in the duel across the sea: a unit on the map (`unit`) or an off-map battery
    target (`at`). Each day every gun still in action fires `shells_per_gun_day` shells at the
    enemy targets in range: a battery on the map at the enemy's off-map towns, an off-map
    battery at the enemy's batteries on the map (counter-battery fire)."""

    unit: Id | None = Field(None, description="Unit id of a battery on the map.")
    at: Id | None = Field(None, description="Id of a `battery` target in `strait.targets`.")
    guns: int = Field(ge=1, le=100, description="Guns in action at the start.")
    range_km: float = Field(gt=0, le=200, description="Longest range, in km.")
    shells_per_gun_day: float = Field(
        gt=0, le=100, description="Shells each gun in action fires a day at what it can reach.",
    )
    sources: Sources
    notes: str | None = Field(None, description="Calibre, names of the guns, what is estimated.")


class StraitHarbour(Model):
    """A harbour the enemy's guns command: its side can land supplies there only once every
    gun in `covered_by` is silenced and `clearing_days` have passed (see
    `supply.sources[].harbour`)."""

    place: Id = Field(description="The harbour's place.")
    covered_by: list[Id] = Field(
        min_length=1, description="Unit ids of the enemy batteries whose fire closes it.",
    )
    clearing_days: int = Field(
        0, ge=0, le=365, description="Days of clearing (wrecks, mines) from the first day its "
        "side holds it with every covering gun silenced to the day it takes supplies.",
    )
    sources: Sources
    notes: str | None = Field(None, description="Why these guns close it.")


class StraitHistory(Model):
    """What the duel across the sea cost in 1944, for the comparison after a campaign."""

    shells: list[Figure] = Field(
        default_factory=list, description="Shells that fell on the off-map towns, per source.",
    )
    civilian_deaths: list[Figure] = Field(
        default_factory=list, description="Civilians killed in the off-map towns, per source.",
    )
    last_shell: list[DatedClaim] = Field(
        default_factory=list, description="Day the last shell fell on an off-map town.",
    )


class StraitSpec(Model):
    """The fight across a strait: off-map towns and batteries, the guns that duel over the
    water, and the harbours those guns close. See *The Strait* in the guide."""

    targets: list[StraitTarget] = Field(
        default_factory=list, description="Off-map towns and batteries across the water.",
    )
    guns: list[StraitGun] = Field(
        default_factory=list, description="The batteries that fire across the water.",
    )
    harbours: list[StraitHarbour] = Field(
        default_factory=list, description="Harbours closed while enemy guns cover them.",
    )
    killed_per_shell: float = Field(
        0.0, ge=0, le=10, description="Civilians killed, on average, per shell falling on a town.",
    )
    hits_per_shell: float = Field(
        0.0, ge=0, le=1,
        description="Guns put out of action, on average, per counter-battery shell fired.",
    )
    silenced_suppression: float = Field(
        0.5, ge=0, le=1,
        description="A battery suppressed at least this much (by fire or bombs that day) does "
        "not fire across the water.",
    )
    sources: Sources
    history: StraitHistory = Field(
        default_factory=StraitHistory, description="The 1944 figures for the comparison.",
    )


class GarrisonEstimate(Model):
    """A strength range for a garrison the attacker has not yet seen, with its sources."""

    men: tuple[int, int] = Field(description="Lowest and highest figure, e.g. `[6000, 10000]`.")
    sources: Sources

    @field_validator("men")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        low, high = value
        if not 0 <= low <= high:
            raise ValueError(f"men must be [low, high] with 0 <= low <= high, not {list(value)}")
        return value


class Objective(Model):
    """A place worth victory points to the side that takes it — or, with `kind: contain`, that
    keeps its garrison shut inside a ring."""

    place: Id
    kind: Literal["capture", "contain"] = Field(
        "capture",
        description="capture: `side` scores by taking the place and its `includes`; contain: "
        "`side` scores by keeping the enemy garrison of the place (and its `includes`) inside "
        "a ring from `from_date` to `until` — every `ring` place held, no unit of the garrison "
        "beyond `radius_hexes` — worth `points` times the share of those days the ring held.",
    )
    includes: list[Id] = Field(
        default_factory=list,
        description="Strongpoints that must also be held for the objective to count as taken; "
        "for `contain`, the pocket's other places (the garrison may stand round them too).",
    )
    side: Id = Field(description="Side that scores by capturing (or containing) it.")
    points: int = Field(ge=0, le=10_000, description="Victory points for taking (or containing) "
                        "it.")
    ring: list[Id] = Field(
        default_factory=list,
        description="contain only: the places `side` must keep to hold the ring (the outpost "
        "line round the pocket).",
    )
    radius_hexes: int | None = Field(
        None, ge=0, le=50,
        description="contain only: how far from the place and its `includes` the garrison may "
        "go before the ring counts as broken; omit for the ruleset's "
        "`engine.morale.fortress_radius_hexes`.",
    )
    from_date: dt.date | None = Field(
        None, description="contain only: the day the ring closes — the enemy units then within "
        "`radius_hexes` are the garrison it must keep in; omit for `start_date`.",
    )
    until: dt.date | None = Field(
        None, description="contain only: the last day the ring must hold (Dunkirk: "
        "1945-05-09); omit for `end_date`. A date after `end_date` counts the days played.",
    )
    full_value_until: dt.date | None = Field(None, description="After this day it is worth less.")
    late_loss_per_day: float = Field(0.0, ge=0, le=1, description="Value share lost per late day.")
    garrison_estimate: GarrisonEstimate | None = Field(
        None, description="What the attacker believed the garrison to be, shown under fog of "
        "war until its units are seen.",
    )
    sources: Sources


class VictoryLevel(Model):
    id: Id
    name: LocalText
    min_share: float = Field(ge=0, le=1, description="Minimum share of the available points.")


class VictorySpec(Model):
    objectives: list[Objective] = Field(
        min_length=1,
        description="Places that score victory points.",
    )
    points_per_1000_prisoners: float = Field(
        0, ge=0,
        description="Points for every 1,000 enemy soldiers taken prisoner.",
    )
    points_per_100_own_casualties: float = Field(
        0, ge=0,
        description="Points lost for every 100 of the side's own casualties.",
    )
    points_per_100_civilian_casualties: float = Field(
        0, ge=0,
        description="Points lost for every 100 civilian casualties.",
    )
    levels: list[VictoryLevel] = Field(
        min_length=1,
        description="Result names by share of the available points; one must have min_share 0.",
    )

    def objective_of_place(self) -> dict[str, str]:
        """Which objective a place belongs to: the objective itself or one it `includes`
        (the first objective that lists a place keeps it)."""
        out: dict[str, str] = {}
        for o in self.objectives:
            out[o.place] = o.place
            for p in o.includes:
                out.setdefault(p, o.place)
        return out


class SideAI(Model):
    aggression: float = Field(0.5, ge=0, le=1, description="0 = cautious, 1 = attacks at any odds.")
    priorities: list[Id] = Field(default_factory=list, description="Objectives, first = most.")
    mask: list[Id] = Field(default_factory=list, description="Objectives to contain, not assault.")


class AISpec(Model):
    sides: dict[Id, SideAI] = Field(
        default_factory=dict,
        description="Settings of the computer opponent per side id.",
    )


class Figure(Model):
    """A number history gives, with the sources that give it."""

    value: float = Field(description="The number.")
    sources: Sources
    note: str | None = Field(
        None,
        description="How the source gives it (e.g. 'about', 'including wounded').",
    )


class OutcomeFigure(Figure):
    """A figure of one objective's outcome: what a game's figure at that objective is set
    against."""

    counted_from: dt.date | None = Field(
        None,
        description="The first day the source's count covers (an operation's opening, say): "
        "the game's figure compared with it is counted from the same day. Omit: the whole "
        "scenario. A day before `start_date` also means the whole scenario; a day after "
        "`end_date` is an error.",
    )


class DatedClaim(Model):
    date: dt.date = Field(description="The date a source gives.")
    sources: Sources
    note: str | None = Field(None, description="How the source words it, or why sources differ.")


class Outcome(Model):
    """What happened to one objective. The first entry of each list is the preferred figure."""

    objective: Id
    fell: list[DatedClaim] = Field(default_factory=list, description="Empty: it held.")
    held_until: dt.date | None = Field(
        None,
        description="If it held: last day it was still held (e.g. the war's end).",
    )
    prisoners: list[OutcomeFigure] = Field(
        default_factory=list,
        description="Garrison soldiers taken prisoner, per source.",
    )
    allied_casualties: list[OutcomeFigure] = Field(
        default_factory=list,
        description="Attackers killed, wounded and missing, per source.",
    )
    civilians_evacuated: list[OutcomeFigure] = Field(
        default_factory=list,
        description="Civilians evacuated before or during the battle, per source.",
    )
    civilian_deaths: list[OutcomeFigure] = Field(
        default_factory=list,
        description="Civilians killed, per source.",
    )
    notes: LocalText | None = Field(
        None,
        description="What happened, for the end-of-game comparison.",
    )


class HistoryEvent(Model):
    date: dt.date = Field(description="Day it happened.")
    date_note: LocalText | None = Field(
        None,
        description="Doubt about the date, e.g. `{en: 'or 19 September per S2', fr: 'ou le 19 "
        "septembre selon S2'}`; a plain string, taken as written in the first of `languages`, "
        "is shown to every reader.",
    )
    kind: Literal[
        "context", "move", "encirclement", "bombardment", "air_raid", "assault", "truce",
        "surrender", "capture", "order", "civilians", "demolition",
    ] = Field(description="What sort of event it was (sets the icon in the timeline).")
    places: list[Id] = Field(
        default_factory=list,
        description="Place ids involved. A `capture` or `surrender` event hands exactly these "
        "places to the side that took them, that day, in the replay; no other place moves.",
    )
    units: list[Id] = Field(default_factory=list, description="Unit ids involved.")
    targets: list[Id] = Field(
        default_factory=list, description="Off-map targets involved (`strait.targets` ids).",
    )
    side: Id | None = Field(
        None,
        description="For `capture` and `surrender`: the side that took the places (default: "
        "the side of the first victory objective). A raid or a recapture is a `capture` by the "
        "other side, later.",
    )
    caption: LocalText
    sources: Sources


class HistoryPosition(Model):
    """Where units stood on a day, as the sources place them: on a place, before one (`near`,
    a place the enemy still held) or at a coordinate. They stand there until their next
    record; the replay draws its map from these, never from the plan."""

    date: dt.date = Field(description="First day the units stood there.")
    units: list[Id] = Field(
        min_length=1, description="Unit ids standing there (a brigade's battalions together "
        "when the sources name only the brigade; cite `EST` then).",
    )
    place: Id | None = Field(None, description="On this place.")
    near: Id | None = Field(None, description="Before this place (next to it, facing it).")
    at: tuple[Lat, Lon] | None = Field(None, description="At this [lat, lon].")
    note: str | None = Field(None, description="What the sources say, or what is estimated.")
    sources: Sources


class PlanOrderBase(Model):
    date: dt.date = Field(description="Day the order was given or carried out.")
    after: list[Id] = Field(
        default_factory=list,
        description="Places the side must hold before the order takes effect (an objective's "
        "place stands for all of the objective's places): a phase ordered to follow others (the "
        "move north once Boulogne had fallen) starts on its `date` or, if they fall later, the "
        "day after the last of them falls — never before.",
    )
    note: str | None = Field(None, description="What the order was historically, in a few words.")
    sources: Sources


class PlanMove(PlanOrderBase):
    order: Literal["move"] = Field(description="Move the units towards a place.")
    units: list[Id] = Field(min_length=1, description="Unit ids given the order.")
    to: Id


class PlanAssault(PlanOrderBase):
    order: Literal["assault"] = Field(description="Assault a place.")
    units: list[Id] = Field(min_length=1, description="Unit ids given the order.")
    target: Id


class PlanBombard(PlanOrderBase):
    order: Literal["bombard"] = Field(description="Bombard a place with artillery.")
    units: list[Id] = Field(min_length=1, description="Unit ids given the order.")
    target: Id


class PlanAirRaid(PlanOrderBase):
    order: Literal["air_raid"] = Field(description="Use a heavy-bomber raid on a place.")
    target: Id


class PlanTruce(PlanOrderBase):
    order: Literal["truce"] = Field(description="Agree a truce at a place (to evacuate civilians).")
    place: Id
    hours: int = Field(ge=1, le=240, description="Length of the truce in hours.")


class PlanStockpile(PlanOrderBase):
    order: Literal["stockpile"] = Field(
        description="Send the ammunition lorries to build up the dump at a place first.",
    )
    place: Id


class PlanHold(PlanOrderBase):
    order: Literal["hold"] = Field(description="Hold position.")
    units: list[Id] = Field(min_length=1, description="Unit ids given the order.")


PlanOrder = Annotated[
    PlanMove | PlanAssault | PlanBombard | PlanAirRaid | PlanTruce | PlanStockpile | PlanHold,
    Field(discriminator="order"),
]


class CombinedFigures(Model):
    """Figures a source gives only for several objectives together (a whole coast, say): the
    report shows them apart and never counts them to any one objective."""

    objectives: list[Id] = Field(min_length=2, description="The objectives the figures cover.")
    prisoners: list[Figure] = Field(
        default_factory=list, description="Garrison soldiers taken prisoner, per source.")
    allied_casualties: list[Figure] = Field(
        default_factory=list, description="Attackers killed, wounded and missing, per source.")
    notes: LocalText | None = Field(
        None, description="Which battles the totals cover and how they compare with the "
        "objectives' own figures.")


class HistorySpec(Model):
    outcomes: list[Outcome] = Field(
        default_factory=list,
        description="What happened to each objective, with competing claims.",
    )
    combined: list[CombinedFigures] = Field(
        default_factory=list,
        description="Totals sources give for several objectives at once, kept apart from each "
        "objective's own figures.",
    )
    events: list[HistoryEvent] = Field(
        default_factory=list,
        description="Dated events of the historical timeline.",
    )
    positions: list[HistoryPosition] = Field(
        default_factory=list,
        description="Where the units stood, day by day, as the sources place them (the "
        "replay's map); a record citing `EST` is shown as an estimate.",
    )
    plan: list[PlanOrder] = Field(
        default_factory=list,
        description="The historical orders, replayed by the history mode (orders only, never "
        "outcomes).",
    )


class Scenario(Model):
    """A whole scenario file."""

    format_version: int = Field(description=f"Version of this format; currently {FORMAT_VERSION}.")
    id: Id
    ruleset: str = Field(description="Path of the ruleset file, relative to this file's folder.")
    rules: dict[str, Any] | None = Field(
        None,
        description="Overrides of the ruleset's numbers for this scenario only: any part of a "
        "ruleset, deep-merged over the one `ruleset` names (e.g. `{engine: {air: "
        "{stray_chance: 0.3}}}`); checked like a ruleset after merging.",
    )
    title: LocalText
    description: LocalText
    authors: list[str] = Field(min_length=1, description="Who wrote the scenario.")
    languages: list[LangCode] = Field(
        default_factory=lambda: ["en"],
        description="Language codes the texts are given in; the first is the fallback.",
    )
    start_date: dt.date = Field(description="Day of the first turn.")
    end_date: dt.date = Field(description="Day of the last turn; must be after start_date.")
    turn_length_days: int = Field(
        1, ge=1, le=31,
        description="Days grouped in one turn (every day is still played; see *Turn lengths*).",
    )
    cover_image: str | None = Field(None, description="Image path, relative to this file's folder.")
    sources: list[Source] = Field(
        default_factory=list,
        description="Documents the scenario's facts and figures come from.",
    )
    map: MapSpec = Field(
        description="The hex map: bounds, hex size, terrain grid, lines and areas.",
    )
    places: list[Place] = Field(min_length=1, description="Named locations.")
    sides: list[Side] = Field(
        min_length=2, description="In turn order: the first side moves first."
    )
    formations: list[Formation] = Field(
        default_factory=list,
        description="Headquarters of the order of battle.",
    )
    units: list[Unit] = Field(min_length=1, description="Units on the map or arriving later.")
    supply: SupplySpec = Field(
        default_factory=SupplySpec,
        description="Supply sources and fortress depots.",
    )
    weather: WeatherSpec = Field(
        default_factory=WeatherSpec,
        description="Known weather and the chances of each weather on other days.",
    )
    events: list[Event] = Field(
        default_factory=list,
        description="Scripted events that change play on given days.",
    )
    victory: VictorySpec = Field(description="Objectives, points and result levels.")
    ai: AISpec = Field(default_factory=AISpec, description="Settings of the computer opponent.")
    strait: StraitSpec | None = Field(
        None, description="Towns and batteries across the sea, off the map, and the gun duel "
        "over the water (optional).",
    )
    history: HistorySpec = Field(
        default_factory=HistorySpec,
        description="What really happened: outcomes, timeline and the historical plan.",
    )

    @field_validator("format_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != FORMAT_VERSION:
            raise ValueError(
                f"format_version {value} is not supported; this game reads version {FORMAT_VERSION}"
            )
        return value
