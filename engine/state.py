"""The position of a game: everything that changes during play, and nothing that does not.

A `GameState` holds units, works, place ownership, civilians, stocks, air-raid grants, truces,
the day's weather and supply trace, and the game's one random generator. `copy()` is cheap
(no scenario data is copied), which is what snapshots and pure `apply_order` rely on.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

# Unit status values
WAITING, ACTIVE, WITHDRAWN, SURRENDERED, DESTROYED = (
    "waiting", "active", "withdrawn", "surrendered", "destroyed",
)

# Supply states (per unit)
SUPPLIED, DEPOT, CUT_OFF = "supplied", "depot", "out_of_supply"


@dataclass
class UnitState:
    # `_positions` is the index of the state holding the unit (see `Positions`); a slot, so it
    # stays out of `vars()`, fingerprints and copies.
    __slots__ = ("__dict__", "_positions")

    id: str
    side: str
    type_id: str
    quality: str
    hex: int  # flat index; -1 while off the map
    initial: int  # men at the start (or on arrival); never changes
    men: int
    lost: int = 0  # killed, wounded and missing
    captured: int = 0  # taken prisoner
    wounded: int = 0  # of `lost`, wounded it could not send to the rear: taken with it
    morale: float = 0.0
    status: str = WAITING
    mp: float = 0.0  # movement points left this turn
    attacked: bool = False
    fired: bool = False
    suppression: float = 0.0
    oos_days: int = 0  # consecutive days without supply
    moved_hexes: int = 0  # hexes moved today (redeployment of guns and assault armour)
    ready_day: int = 0  # day number (World.day_number) from which it may fire / lend its armour
    assailants: tuple[str, ...] = ()  # enemy units that assaulted it today
    dug_in: int = 0  # nights spent in its hex, digging in (engine.rules.entrenchment); its
    # foxholes stay behind: changing `hex` sets it back to 0

    @property
    def deployed(self) -> bool:
        """Active and on a hex (the rules keep `hex == -1` for every unit not active)."""
        return self.hex >= 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "_positions", None)

    def __setattr__(self, name: str, value: Any) -> None:
        """Every rule moves a unit by assigning `hex`; telling the state's index here keeps it
        current without each rule having to remember to (and with no scan of all units), and
        a unit that leaves its hex (a move, a retreat, an advance) leaves its foxholes.

        Every other field is set straight into the instance dict, where `object.__setattr__`
        would put it too (the class has no setters; `_positions` is a slot): the rules set
        morale, suppression, movement points and the like tens of thousands of times a
        campaign, and the generic path cost twice as much."""
        if name != "hex":
            if name == "_positions":
                object.__setattr__(self, name, value)
            else:
                self.__dict__[name] = value
            return
        old = self.__dict__.get("hex", -1)
        object.__setattr__(self, name, value)
        if value != old:
            self.__dict__["dug_in"] = 0
        positions = getattr(self, "_positions", None)
        if positions is not None:
            positions.moved(self, old)

    def __copy__(self) -> UnitState:
        """A plain copy, bound to no index (the copy belongs to another state)."""
        new = object.__new__(UnitState)
        new.__dict__.update(self.__dict__)
        object.__setattr__(new, "_positions", None)
        return new

    def __getstate__(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def __setstate__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)
        object.__setattr__(self, "_positions", None)


@dataclass(frozen=True)
class SupplyInfo:
    """Why a unit is (or is not) in supply, for the UI and the rules."""

    state: str
    path: tuple[int, ...] = ()  # hexes from the unit back to its source or depot
    source: str | None = None
    pocket: int | None = None  # pocket id (its smallest hex index) when encircled
    depot: str | None = None  # depot place drawn on (DEPOT only)


@dataclass
class Pocket:
    """A connected group of a side's units cut off from every supply source."""

    id: int
    side: str
    hexes: frozenset[int]
    units: tuple[str, ...]
    depots: tuple[str, ...]  # depot places inside the pocket
    days_encircled: int = 0


@dataclass
class Truce:
    place: str
    side: str  # the side that asked for it
    hours: int
    first_day: int  # day numbers counted from the scenario's start (World.day_number)
    last_day: int


@dataclass
class StraitState:
    """The duel across the water (`scenario.strait`): guns still in action and what the fire
    has done so far. Fractions of shells, deaths and hits carry over to the next day, so the
    counts are exact expectations with no random draw."""

    guns: dict[str, int]  # battery (unit id, or off-map battery id) -> guns not knocked out
    shells: dict[str, int] = field(default_factory=dict)  # off-map town -> shells fallen on it
    killed: dict[str, int] = field(default_factory=dict)  # off-map town -> civilians killed
    knocked_out: dict[str, int] = field(default_factory=dict)  # battery -> guns knocked out
    carry: dict[str, float] = field(default_factory=dict)
    last_shell: str | None = None  # ISO date of the last shell on an off-map town
    cleared_from: dict[str, int] = field(default_factory=dict)  # harbour -> first day (number)
    # its side held it with every covering gun silent

    def copy(self) -> StraitState:
        return StraitState(dict(self.guns), dict(self.shells), dict(self.killed),
                           dict(self.knocked_out), dict(self.carry), self.last_shell,
                           dict(self.cleared_from))


@dataclass
class Ammunition:
    """A side's artillery ammunition (tons) when its scenario makes it a finite flow."""

    stocks: dict[str, float]  # railhead and forward dumps (place) -> tons there
    in_transit: list[tuple[int, str, float]] = field(default_factory=list)  # (day due, dump, tons)
    delivered: float = 0.0  # tons unloaded at the railhead since the start
    fired: dict[str, float] = field(default_factory=dict)  # place fired at -> tons
    priority: str | None = None  # the dump the lorries build up first (a `Stockpile` order)

    def copy(self) -> Ammunition:
        return Ammunition(dict(self.stocks), list(self.in_transit), self.delivered,
                          dict(self.fired), self.priority)

    def fingerprint(self) -> dict[str, object]:
        return {"stocks": {k: round(v, 6) for k, v in sorted(self.stocks.items())},
                "priority": self.priority,
                "in_transit": [[d, p, round(t, 6)] for d, p, t in self.in_transit],
                "delivered": round(self.delivered, 6),
                "fired": {k: round(v, 6) for k, v in sorted(self.fired.items())}}


@dataclass
class RaidGrant:
    side: str
    raids: int
    bombers: int
    until: dt.date | None
    tons: float | None = None  # per raid, when the grant gives its tonnage
    objectives: tuple[str, ...] = ()  # the fortresses it was granted for (empty: anywhere)
    on_town: bool = False  # aimed at the built-up area: its civilians are hit as if unwarned


class Overlay(Protocol):
    """Something derived from where units stand (a zone of control, say), kept current by
    `Positions` one unit at a time instead of being rebuilt from every unit."""

    def add(self, u: UnitState, hex_: int) -> None: ...

    def remove(self, u: UnitState, hex_: int) -> None: ...


class Positions:
    """Which units stand in each hex, kept current as units move.

    Asking "who is in this hex" by scanning every unit made each move cost time in proportion
    to the units on the map, so a turn grew with their square. The index is built once from the
    state's units and then updated by `UnitState.__setattr__` whenever a unit's `hex` changes.
    Units in a hex are listed in the order of `GameState.units`, the order a scan gave.
    """

    def __init__(self, units: dict[str, UnitState]) -> None:
        self.size = len(units)
        self.valid = True  # False once another index took over one of the units
        self.rank = {uid: i for i, uid in enumerate(units)}
        self.at: dict[int, list[UnitState]] = {}
        self.count: dict[str, dict[int, int]] = {}  # side -> hex -> units of that side there
        self.overlays: dict[str, Overlay] = {}
        for u in units.values():
            other = u._positions
            if other is not None and other is not self:
                other.valid = False  # the unit is shared with another state (rare): it rebuilds
            object.__setattr__(u, "_positions", self)
            if u.hex >= 0:
                self._add(u, u.hex)

    def _add(self, u: UnitState, hex_: int) -> None:
        bisect.insort(self.at.setdefault(hex_, []), u, key=lambda x: self.rank[x.id])
        per = self.count.setdefault(u.side, {})
        per[hex_] = per.get(hex_, 0) + 1
        for overlay in self.overlays.values():
            overlay.add(u, hex_)

    def _remove(self, u: UnitState, hex_: int) -> None:
        here = self.at[hex_]
        del here[next(i for i, x in enumerate(here) if x is u)]
        if not here:
            del self.at[hex_]
        per = self.count[u.side]
        per[hex_] -= 1
        if not per[hex_]:
            del per[hex_]
        for overlay in self.overlays.values():
            overlay.remove(u, hex_)

    def moved(self, u: UnitState, old: int) -> None:
        """`u.hex` was just set (from `old`)."""
        if u.hex == old:
            return
        if old >= 0:
            self._remove(u, old)
        if u.hex >= 0:
            self._add(u, u.hex)

    def units(self) -> list[UnitState]:
        """Every unit on the map, hex by hex."""
        return [u for here in self.at.values() for u in here]


@dataclass
class Ring:
    """A `contain` objective's ring so far: the enemy units shut in when it closed, the days
    counted and those that ended with it whole, and whether it is broken now."""

    garrison: tuple[str, ...]
    days: int = 0
    held: int = 0
    broken: bool = False
    first_breach: str | None = None  # ISO date the ring first broke


@dataclass
class WorksSeen:
    """What one side has seen of the works (fog of war): per hex, their level when its units
    last saw them and the number of that day (`World.day_number`; -1: not seen since the
    campaign began, so the level is the scenario's, photographed beforehand).
    `engine.rules.intelligence` keeps it up to date and reads it; the truth is `works`."""

    level: np.ndarray  # (map size,) float
    day: np.ndarray  # (map size,) int

    @classmethod
    def before_the_campaign(cls, works: np.ndarray) -> WorksSeen:
        return cls(works.copy(), np.full(works.shape, -1, dtype=np.int32))

    def copy(self) -> WorksSeen:
        return WorksSeen(self.level.copy(), self.day.copy())


@dataclass
class GameState:
    turn: int
    date: dt.date
    side_index: int  # whose orders phase it is
    rng: np.random.Generator
    weather: str
    units: dict[str, UnitState]
    works: np.ndarray  # fortification level per hex (float, bombardment wears it down)
    owner: dict[str, str | None]  # place -> side holding it
    civilians: dict[str, int]
    civilian_casualties: dict[str, int]
    civilians_evacuated: dict[str, int]
    depots: dict[str, list[float]]  # place -> [food_days, ammo_days]
    raids: list[RaidGrant] = field(default_factory=list)
    # side -> hexes its fortress orders bind (empty or absent: no order in force)
    fortress_order: dict[str, frozenset[int]] = field(default_factory=dict)
    masks: dict[str, list[str]] = field(default_factory=dict)
    # every truce agreed in the campaign; in force while first_day <= today <= last_day
    truces: list[Truce] = field(default_factory=list)
    captured: dict[str, str | None] = field(default_factory=dict)  # objective -> ISO date taken
    rings: dict[str, Ring] = field(default_factory=dict)  # `contain` objective -> its ring
    prisoners_by_place: dict[str, int] = field(default_factory=dict)  # place -> men, all sides
    prisoners_taken: dict[str, dict[str, int]] = field(default_factory=dict)  # captor -> place
    supply: dict[str, SupplyInfo] = field(default_factory=dict)
    pockets: list[Pocket] = field(default_factory=list)
    strait: StraitState | None = None  # only when the scenario has a `strait` section
    ammunition: dict[str, Ammunition] = field(default_factory=dict)  # side -> its flow, if finite
    # places whose first fall has shaken their fortress's garrison (a place lost, retaken and
    # lost again held its men only once)
    strongpoints_lost: set[str] = field(default_factory=set)
    # side -> what it has seen of the works; derived from the play like `supply`, so not part
    # of the fingerprint (saves replay it)
    works_seen: dict[str, WorksSeen] = field(default_factory=dict)
    over: bool = False
    _positions: Positions | None = field(default=None, init=False, repr=False, compare=False)

    def copy(self) -> GameState:
        """An independent copy: units, tables and the random generator's position."""
        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = self.rng.bit_generator.state
        return GameState(
            turn=self.turn,
            date=self.date,
            side_index=self.side_index,
            rng=rng,
            weather=self.weather,
            units={k: u.__copy__() for k, u in self.units.items()},  # copy.copy, less dispatch
            works=self.works.copy(),
            owner=dict(self.owner),
            civilians=dict(self.civilians),
            civilian_casualties=dict(self.civilian_casualties),
            civilians_evacuated=dict(self.civilians_evacuated),
            depots={k: list(v) for k, v in self.depots.items()},
            raids=[copy.copy(r) for r in self.raids],
            fortress_order=dict(self.fortress_order),
            masks={k: list(v) for k, v in self.masks.items()},
            truces=[copy.copy(t) for t in self.truces],
            captured=dict(self.captured),
            rings={k: copy.copy(v) for k, v in self.rings.items()},
            prisoners_by_place=dict(self.prisoners_by_place),
            prisoners_taken={k: dict(v) for k, v in self.prisoners_taken.items()},
            supply=dict(self.supply),
            pockets=[copy.copy(p) for p in self.pockets],
            strait=self.strait.copy() if self.strait is not None else None,
            ammunition={k: a.copy() for k, a in self.ammunition.items()},
            strongpoints_lost=set(self.strongpoints_lost),
            works_seen={k: v.copy() for k, v in self.works_seen.items()},
            over=self.over,
        )

    def under_fortress_order(self, u: UnitState) -> bool:
        """Whether the unit stands where a fortress order in force binds its side's garrison.

        The order named fortresses, so it is where the unit stands that counts: a garrison
        inside the ring holds, a rearguard elsewhere may still give ground.
        """
        return u.hex >= 0 and u.hex in self.fortress_order.get(u.side, ())

    def active_units(self, side: str | None = None) -> list[UnitState]:
        """Units on the map (of `side`), in `units` order. `hex >= 0` is `deployed` read
        without the property call: rules and AIs ask this hundreds of times a day."""
        if side is None:
            return [u for u in self.units.values() if u.hex >= 0]
        return [u for u in self.units.values() if u.hex >= 0 and u.side == side]

    def positions(self) -> Positions:
        """The index of units per hex (built on first use, then kept current as units move;
        rebuilt if units were added, or if another state took over some of these units)."""
        p = self._positions
        if p is None or not p.valid or p.size != len(self.units):
            p = self._positions = Positions(self.units)
        return p

    def units_at(self, hex_: int, side: str | None = None) -> list[UnitState]:
        """Units in the hex, in the order of `units` (from the index: no scan of all units)."""
        here = self.positions().at.get(hex_, ())
        return [u for u in here if side is None or u.side == side]

    def occupancy(self) -> dict[int, dict[str, int]]:
        """hex -> side -> number of units there."""
        out: dict[int, dict[str, int]] = {}
        for u in self.units.values():
            if u.deployed:
                per = out.setdefault(u.hex, {})
                per[u.side] = per.get(u.side, 0) + 1
        return out

    def digest(self) -> str:
        """Short hash of the whole position: a save records it to prove its replay is exact."""
        text = json.dumps(self.fingerprint(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def fingerprint(self) -> dict[str, object]:
        """Everything that defines the position, as plain data (for determinism checks)."""
        out: dict[str, object] = {
            "turn": self.turn,
            "side_index": self.side_index,
            "weather": self.weather,
            "rng": str(self.rng.bit_generator.state),
            "units": {k: dict(vars(u)) for k, u in sorted(self.units.items())},
            "works": self.works.round(9).tolist(),
            "owner": dict(sorted(self.owner.items())),
            "civilians": dict(sorted(self.civilians.items())),
            "civilian_casualties": dict(sorted(self.civilian_casualties.items())),
            "depots": {k: [round(x, 9) for x in v] for k, v in sorted(self.depots.items())},
            "captured": dict(sorted(self.captured.items())),
            **({"rings": {k: vars(v) for k, v in sorted(self.rings.items())}}
               if self.rings else {}),  # present only where a scenario has rings
            "prisoners_by_place": dict(sorted(self.prisoners_by_place.items())),
            "prisoners_taken": {k: dict(sorted(v.items()))
                                for k, v in sorted(self.prisoners_taken.items())},
            "over": self.over,
        }
        if self.strongpoints_lost:  # absent until a strongpoint falls
            out["strongpoints_lost"] = sorted(self.strongpoints_lost)
        if self.strait is not None:  # absent for scenarios without a strait: their digests stay
            out["strait"] = {k: v if not isinstance(v, dict) else
                             {a: round(b, 9) for a, b in sorted(v.items())}
                             for k, v in sorted(vars(self.strait).items())}
        if self.ammunition:  # likewise absent when no side counts its shells
            out["ammunition"] = {k: a.fingerprint() for k, a in sorted(self.ammunition.items())}
        return out
