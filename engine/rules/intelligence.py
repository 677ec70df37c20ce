"""Fog of war: what one side knows of the other.

The engine always holds the truth (`GameState`); `observe` gives one side's view of it, as an
OpenSpiel observer does: its own units as they are, the enemy units it sees (next to its own,
in reach of its patrols, or from the air on flying days) as they are, the enemy works whose
places it has long known without their strength, and for every garrison it attacks a strength
range in place of the figure it cannot count. Observing changes nothing, draws no random
number and is the same for the same position, so saves, replays and determinism are untouched.

Works are known by their places (photographed before the campaign), their level only as a
side last saw it: `GameState.works_seen` keeps, per side, the level and the day its units last
had each fortified hex in sight. The rules note it whenever that can change — a new day (new
units, flying weather), a move or an assault's advance, fire or a truce's repairs on works —
so fire on works out of sight leaves the side with the level it saw before, until its units
or its reconnaissance aircraft come within sight of them again.
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import dataclass

import numpy as np

from engine.hexgrid import axial_steps
from engine.state import GameState, UnitState, WorksSeen
from engine.world import World


@dataclass(frozen=True)
class SeenUnit:
    """An enemy unit as the observing side knows it."""

    id: str
    hex: int
    type_id: str
    men: int | None  # None when only its position is known


@dataclass(frozen=True)
class GarrisonView:
    """What the observer believes of the enemy garrison of one of its objectives."""

    objective: str
    low: int  # the range of men believed to hold it
    high: int
    seen_men: int  # men of the garrison's units actually seen
    sources: tuple[str, ...]  # where the range comes from; () when it is the rules' estimate


@dataclass(frozen=True)
class Observation:
    side: str
    fog: bool
    visible: np.ndarray  # (map size,) bool: hexes in which the side sees enemy units
    seen: tuple[SeenUnit, ...]  # enemy units in sight, exactly
    known: tuple[SeenUnit, ...]  # enemy units whose position only is known
    garrisons: tuple[GarrisonView, ...]
    # (map size,) float: the works as the side knows them — their level now where it sees,
    # else as it last saw them
    works: np.ndarray
    # (map size,) int: the day (`World.day_number`) of `works`: today where it sees; -1 where
    # not seen since the campaign began (the scenario's level, known beforehand)
    works_day: np.ndarray

    def sees(self, unit_id: str) -> bool:
        return any(u.id == unit_id for u in self.seen)

    def enemy_hexes(self) -> set[int]:
        """Hexes where the side knows enemy units stand (seen or known)."""
        return {u.hex for u in (*self.seen, *self.known)}


def works_known(world: World, state: GameState, side: str, visible: np.ndarray,
                fog: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """`side`'s works and the day it saw each (see `Observation.works`); `visible` is its
    sight now. Without fog, the truth as of today."""
    today = world.day_number(state.date)
    if not fog:
        return state.works.copy(), np.full(state.works.shape, today, dtype=np.int32)
    seen = state.works_seen[side]
    return (np.where(visible, state.works, seen.level),
            np.where(visible, today, seen.day).astype(np.int32))


def start_works_seen(world: World, state: GameState) -> None:
    """Every side knows the scenario's works before the campaign (its first day's sight is
    noted at the start of that day, like every other day's)."""
    state.works_seen = {side: WorksSeen.before_the_campaign(state.works)
                        for side in world.side_ids}


def note_works_in_sight(world: World, state: GameState, side: str,
                        units: list[UnitState] | None = None) -> None:
    """`side` notes the level of every work in sight of its units (`units`: of these only, the
    ones that moved), as of today: called where its sight may have grown."""
    units = state.active_units(side) if units is None else units
    if not units or not len(world.works_sites[0]):
        return
    air = _air_reach(world, state, side)
    reach: dict[str, int] = {}  # per unit type
    places: set[tuple[int, int]] = set()  # (hex, reach) of the units: a stack counts once
    for u in units:
        r = reach.get(u.type_id)
        if r is None:
            r = reach[u.type_id] = max(sight_of(world, u), air)
        places.add((u.hex, r))
    within = _sites_within(world)
    in_sight = [within(h, r) for h, r in places]
    _remember(world, state, state.works_seen[side],
              in_sight[0] if len(in_sight) == 1 else np.concatenate(in_sight))


class _SitesWithin:
    """The works sites (`World.works_sites`) within some reach of a hex, kept per world by
    (hex, reach): units stand on the same hexes day after day, and each move asks for its
    unit's."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.kept: dict[tuple[int, int], np.ndarray] = {}

    def __call__(self, hex_: int, reach: int) -> np.ndarray:
        found = self.kept.get((hex_, reach))
        if found is None:
            hexes, q, r = self.world.works_sites
            hq, hr = self.world.map.axial[hex_]
            found = self.kept[hex_, reach] = hexes[axial_steps(q - hq, r - hr) <= reach]
        return found


_SITES_WITHIN: weakref.WeakKeyDictionary[World, _SitesWithin] = weakref.WeakKeyDictionary()


def _sites_within(world: World) -> _SitesWithin:
    found = _SITES_WITHIN.get(world)
    if found is None:
        found = _SITES_WITHIN[world] = _SitesWithin(world)
    return found


def note_works_changed(world: World, state: GameState, hex_: int) -> None:
    """The works at `hex_` changed (fire, a truce's repairs): each side in sight of them sees
    the new level; the others keep the one they saw before."""
    for side, seen in state.works_seen.items():
        if sees_hex(world, state, side, hex_):
            _remember(world, state, seen, np.array([hex_]))


def sees_hex(world: World, state: GameState, side: str, hex_: int) -> bool:
    """Whether `side` has `hex_` in sight now (the test `visible_hexes` makes for every hex,
    made for one: only the units near it are looked at)."""
    rules = world.rules.intelligence
    air = _air_reach(world, state, side)
    reach = max(rules.sight_hexes, air, *rules.sight_by_symbol.values())
    wmap = world.map
    for h in wmap.within(hex_, reach):
        units = state.units_at(h, side)
        if units:
            steps = wmap.distance(h, hex_)
            if any(steps <= max(sight_of(world, u), air) for u in units):
                return True
    return False


def _remember(world: World, state: GameState, seen: WorksSeen, hexes: np.ndarray) -> None:
    seen.level[hexes] = state.works[hexes]
    seen.day[hexes] = world.day_number(state.date)


def _air_reach(world: World, state: GameState, side: str) -> int:
    """How far `side`'s reconnaissance aircraft see from its units today (0 when they do not
    fly)."""
    return world.rules.intelligence.air_sight_hexes if flies_reconnaissance(world, state, side) \
        else 0


def sight_of(world: World, unit: UnitState) -> int:
    rules = world.rules.intelligence
    symbol = world.unit_types[unit.type_id].symbol
    return max(rules.sight_hexes, rules.sight_by_symbol.get(symbol, 0))


def flies_reconnaissance(world: World, state: GameState, side: str) -> bool:
    """Whether `side`'s reconnaissance aircraft fly today (the side has them, the weather lets
    them through, the rules give them a reach)."""
    rules = world.rules.intelligence
    has_aircraft = any(s.id == side and s.air_reconnaissance for s in world.scenario.sides)
    weather = world.weathers.get(state.weather)
    return has_aircraft and rules.air_sight_hexes > 0 and weather is not None \
        and weather.air >= rules.air_sight_min_factor


def visible_hexes(world: World, state: GameState, side: str) -> np.ndarray:
    """Hexes within sight of any of `side`'s units, by spreading each unit's sight outwards one
    ring at a time over the map's neighbour table (the same hexes as a walk of `sight` steps)."""
    size = world.map.grid.size
    air = _air_reach(world, state, side)
    reach = np.full(size + 1, -1, dtype=np.int32)  # sight left at each hex; the last is off map
    for unit in state.active_units(side):
        reach[unit.hex] = max(reach[unit.hex], sight_of(world, unit), air)
    table = world.map.grid.neighbour_table  # -1 (off the map) reads the spare last entry
    for _ in range(int(reach.max())):
        reach[:size] = np.maximum(reach[:size], reach[table].max(axis=1) - 1)
    return reach[:size] >= 0


SEEN, KNOWN, HIDDEN = "seen", "known", "hidden"


def how_known(world: World, enemy: UnitState, visible: np.ndarray) -> str:
    """How a side knows an enemy unit on the map: `seen` (in sight: exactly), `known` (out
    of sight, but its kind is one everybody knows where it stands: its place, not its men) or
    `hidden`."""
    if visible[enemy.hex]:
        return SEEN
    symbol = world.unit_types[enemy.type_id].symbol
    return KNOWN if symbol in world.rules.intelligence.known_symbols else HIDDEN


def observe(world: World, state: GameState, side: str, *, fog: bool = True) -> Observation:
    """`side`'s view of the position (with `fog=False`, the whole truth)."""
    enemies = [u for u in state.active_units() if u.side != side]
    visible = visible_hexes(world, state, side) if fog \
        else np.ones(world.map.grid.size, dtype=bool)
    seen: list[SeenUnit] = []
    known: list[SeenUnit] = []
    for u in sorted(enemies, key=lambda u: u.id):
        how = how_known(world, u, visible)
        if how == SEEN:
            seen.append(SeenUnit(u.id, u.hex, u.type_id, u.men))
        elif how == KNOWN:
            known.append(SeenUnit(u.id, u.hex, u.type_id, None))
    seen_ids = {u.id for u in seen}
    garrisons = tuple(_garrison_view(world, objective, units, seen_ids)
                      for objective, units in _garrisons(world, enemies, side).items())
    works, works_day = works_known(world, state, side, visible, fog)
    return Observation(side, fog, visible, tuple(seen), tuple(known), garrisons, works,
                       works_day)


def _garrisons(world: World, enemies: list[UnitState], side: str) -> dict[str, list[UnitState]]:
    """The enemy units of each of `side`'s objectives: those whose nearest place belongs to it."""
    wmap = world.map
    out: dict[str, list[UnitState]] = {o.place: [] for o in world.scenario.victory.objectives
                                       if o.side == side}
    for u in enemies:
        objective = world.objective_of_place.get(wmap.place_ids[wmap.nearest_place[u.hex]])
        if objective in out:
            out[objective].append(u)
    return out


def _garrison_view(world: World, objective: str, units: list[UnitState],
                   seen_ids: set[str]) -> GarrisonView:
    seen_men = sum(u.men for u in units if u.id in seen_ids)
    estimate = world.objectives[objective].garrison_estimate
    if estimate is not None:
        low, high = estimate.men
        return GarrisonView(objective, max(low, seen_men), max(high, seen_men), seen_men,
                            tuple(estimate.sources))
    truth = sum(u.men for u in units)
    spread = world.rules.intelligence.estimate_spread
    centre = truth * (1 + spread * _skew(world.scenario.id, objective) / 2)
    low = max(seen_men, _round_figure(centre * (1 - spread)))
    high = max(low, _round_figure(centre * (1 + spread)))
    return GarrisonView(objective, low, high, seen_men, ())


def _skew(*key: str) -> float:
    """A fixed number in [-1, 1] for the key: the estimate's error, the same in every game of
    the scenario and drawn without touching the game's random generator."""
    digest = hashlib.sha256("/".join(key).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**63 - 1


def _round_figure(men: float) -> int:
    """An intelligence figure: to the hundred (the sources never count a garrison closer)."""
    return round(men / 100.0) * 100
