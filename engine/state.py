"""The position of a game: everything that changes during play, and nothing that does not.

A `GameState` holds units, works, place ownership, civilians, stocks, air-raid grants, truces,
the day's weather and supply trace, and the game's one random generator. `copy()` is cheap
(no scenario data is copied), which is what snapshots and pure `apply_order` rely on.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

import numpy as np

# Unit status values
WAITING, ACTIVE, WITHDRAWN, SURRENDERED, DESTROYED = (
    "waiting", "active", "withdrawn", "surrendered", "destroyed",
)

# Supply states (per unit)
SUPPLIED, DEPOT, CUT_OFF = "supplied", "depot", "out_of_supply"


@dataclass
class UnitState:
    id: str
    side: str
    type_id: str
    quality: str
    hex: int  # flat index; -1 while off the map
    initial: int  # men at the start (or on arrival); never changes
    men: int
    lost: int = 0  # killed, wounded and missing
    captured: int = 0  # taken prisoner
    morale: float = 0.0
    status: str = WAITING
    mp: float = 0.0  # movement points left this turn
    attacked: bool = False
    fired: bool = False
    suppression: float = 0.0
    oos_days: int = 0  # consecutive days without supply

    @property
    def on_map(self) -> bool:
        """Active and on a hex (the rules keep `hex == -1` for every unit not active)."""
        return self.hex >= 0


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
    first_turn: int
    last_turn: int


@dataclass
class RaidGrant:
    side: str
    raids: int
    bombers: int
    until: dt.date | None


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
    truces: list[Truce] = field(default_factory=list)
    captured: dict[str, str | None] = field(default_factory=dict)  # objective -> ISO date taken
    prisoners_by_place: dict[str, int] = field(default_factory=dict)  # place -> men, all sides
    prisoners_taken: dict[str, dict[str, int]] = field(default_factory=dict)  # captor -> place
    supply: dict[str, SupplyInfo] = field(default_factory=dict)
    pockets: list[Pocket] = field(default_factory=list)
    over: bool = False

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
            units={k: copy.copy(u) for k, u in self.units.items()},
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
            prisoners_by_place=dict(self.prisoners_by_place),
            prisoners_taken={k: dict(v) for k, v in self.prisoners_taken.items()},
            supply=dict(self.supply),
            pockets=[copy.copy(p) for p in self.pockets],
            over=self.over,
        )

    def under_fortress_order(self, u: UnitState) -> bool:
        """Whether the unit stands where a fortress order in force binds its side's garrison.

        The order named fortresses, so it is where the unit stands that counts: a garrison
        inside the ring holds, a rearguard elsewhere may still give ground.
        """
        return u.hex >= 0 and u.hex in self.fortress_order.get(u.side, ())

    def active_units(self, side: str | None = None) -> list[UnitState]:
        return [u for u in self.units.values() if u.on_map and (side is None or u.side == side)]

    def units_at(self, hex_: int, side: str | None = None) -> list[UnitState]:
        return [
            u for u in self.units.values()
            if u.on_map and u.hex == hex_ and (side is None or u.side == side)
        ]

    def occupancy(self) -> dict[int, dict[str, int]]:
        """hex -> side -> number of units there."""
        out: dict[int, dict[str, int]] = {}
        for u in self.units.values():
            if u.on_map:
                per = out.setdefault(u.hex, {})
                per[u.side] = per.get(u.side, 0) + 1
        return out

    def digest(self) -> str:
        """Short hash of the whole position: a save records it to prove its replay is exact."""
        text = json.dumps(self.fingerprint(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def fingerprint(self) -> dict[str, object]:
        """Everything that defines the position, as plain data (for determinism checks)."""
        return {
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
            "prisoners_by_place": dict(sorted(self.prisoners_by_place.items())),
            "prisoners_taken": {k: dict(sorted(v.items()))
                                for k, v in sorted(self.prisoners_taken.items())},
            "over": self.over,
        }
