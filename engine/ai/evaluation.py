"""What a side sees at the start of its orders phase, and what it makes of it.

The engine has no hidden information: both sides see every unit, works level and stock. The AI
still reads only public state (`game.state`, `game.world`) and the documented queries
(`supply_report`, `predict`), and it never peeks at the game's random generator.

`Picture` gathers, once per phase: the units of both sides, occupied hexes, the enemy's zone
of control, strengths (the rules' own `combat.unit_strength` and `bombardment.gun_firepower`),
influence maps (strength spread over nearby hexes) and each objective's front: its
places still to take, the enemy garrison inside the fortress radius and what it would cost.
Estimates are for planning only; every assault is confirmed with `game.predict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from engine.game import Game
from engine.rules.bombardment import gun_firepower
from engine.rules.combat import unit_strength
from engine.rules.movement import move_blocked, zoc_hexes
from engine.state import UnitState

from .geometry import Geometry, geometry

INFLUENCE_RADIUS = 3  # hexes over which a unit's weight is felt, fading with distance


@dataclass
class Front:
    """One objective seen from one side: what is left to take and who holds it."""

    objective: str
    points: float
    places: list[str]  # every place of the objective (its own, then its `includes`; a ring's
    # places for a `contain` objective)
    left: list[str]  # places not yet held by the objective's side
    place_hexes: list[int]
    garrison: list[UnitState]  # enemy (for the attacker) units inside the fortress radius
    garrison_defence: float
    masked: bool = False
    captured: bool = False
    priority: int = 0
    main_effort: bool = False  # the one fortress the attacker's siege train serves
    units: list[UnitState] = field(default_factory=list)  # own units assigned to it


class Picture:
    """The public position from one side's point of view, with the estimates built on it."""

    def __init__(self, game: Game, side: str) -> None:
        self.game = game
        self.world = game.world
        self.state = game.state
        self.side = side
        self.enemy = game.world.enemy_of(side)
        self.geo: Geometry = geometry(game.world)
        wmap = self.world.map
        self.limit = self.world.ruleset.movement.stacking_limit
        self.fort_radius = int(self.world.rules.morale.fortress_radius_hexes)
        self.terrain_defence = wmap.terrain_defence
        self.reindex()

    def reindex(self) -> None:
        """Re-read where every unit stands (after moves or assaults changed the position).

        Only orders change the position, so with no order given since the last reading (a
        step of the phase that found nothing to do) the index and estimates stand as they are.
        """
        seen = (self.game.state, len(self.game.orders))
        if self.__dict__.get("_indexed") == seen:
            return
        self._indexed = seen
        own_all, foes_all = self._by_id()
        self.own: list[UnitState] = [u for u in own_all if u.hex >= 0]
        self.foes: list[UnitState] = [u for u in foes_all if u.hex >= 0]
        self.own_at: dict[int, list[UnitState]] = {}
        for u in self.own:
            self.own_at.setdefault(u.hex, []).append(u)
        self.foe_at: dict[int, list[UnitState]] = {}
        for u in self.foes:
            self.foe_at.setdefault(u.hex, []).append(u)
        self.enemy_zoc = zoc_hexes(self.world, self.state, self.enemy)
        self.own_count = {h: len(units) for h, units in self.own_at.items()}
        self.blocked = set(self.foe_at)
        for key in ("gun_threat", "under_fire", "contact", "foe_arrays", "own_arrays",
                    "foe_attack", "own_attack", "own_guns"):
            self.__dict__.pop(key, None)

    def _by_id(self) -> tuple[list[UnitState], list[UnitState]]:
        """Every unit of our side and of the enemy's, sorted by id, on the map or not: sorted
        once per phase (no unit joins the game during a phase), then each `reindex` keeps
        those on the map in that order instead of sorting again."""
        units = self.state.units
        cached = self.__dict__.get("_sorted")
        if cached is None or cached[0] is not units or cached[1] != len(units):
            ordered = sorted(units.values(), key=lambda u: u.id)
            cached = self._sorted = (units, len(units),
                                     [u for u in ordered if u.side == self.side],
                                     [u for u in ordered if u.side == self.enemy])
        return cached[2], cached[3]

    def note_move(self, u: UnitState, old_hex: int) -> None:
        """Keep the own-unit index current after one of our moves (cheaper than reindex)."""
        here = self.own_at.get(old_hex, [])
        if u in here:
            here.remove(u)
            if not here:
                del self.own_at[old_hex]
        self.own_at.setdefault(u.hex, []).append(u)
        self.own_count[old_hex] = self.own_count.get(old_hex, 1) - 1
        self.own_count[u.hex] = self.own_count.get(u.hex, 0) + 1

    def own_here(self, h: int) -> list[UnitState]:
        """Our units standing in `h` now (the index, checked against the live units)."""
        return [u for u in self.own_at.get(h, []) if u.hex == h]  # on the map: h >= 0

    def foes_here(self, h: int) -> list[UnitState]:
        return [u for u in self.foe_at.get(h, []) if u.hex == h]

    # --- zones and stacking ----------------------------------------------------------------
    def stack_limit(self, spread: int | None = None) -> int:
        """How many of our units a move may join in a hex: the rule, or a softer cap."""
        return min(self.limit, spread) if spread else self.limit

    def enemy_hexes(self) -> set[int]:
        return {h for h in self.foe_at if self.foes_here(h)}

    @cached_property
    def gun_threat(self) -> np.ndarray:
        """Enemy firepower that can reach each hex this turn (guns that may fire on land)."""
        out = np.zeros(self.geo.size)
        for u in self.foes:
            power = self.gun_power(u)
            if power > 0:
                out[self.geo.disc_array(u.hex, self.gun_range(u))] += power
        return out

    def _arrays(self, units: list[UnitState]) -> dict[str, np.ndarray]:
        return {
            "hex": np.array([u.hex for u in units], dtype=np.int64),
            "power": np.array([self.gun_power(u) for u in units]),
            "range": np.array([self.gun_range(u) for u in units]),
            "gun": np.array([self.is_gun(u) for u in units], dtype=bool),
        }

    @cached_property
    def foe_arrays(self) -> dict[str, np.ndarray]:
        """Enemy units as arrays (hex, gun power, gun range, is gun) for vector maths."""
        return self._arrays(self.foes)

    @cached_property
    def own_arrays(self) -> dict[str, np.ndarray]:
        return self._arrays(self.own)

    @cached_property
    def foe_attack(self) -> np.ndarray:
        """Each enemy unit's attack, in `foe_arrays`' order: apart, as only the influence
        map reads it and it costs a strength per unit."""
        return np.array([self.strength(u, attacking=True) for u in self.foes])

    @cached_property
    def own_attack(self) -> np.ndarray:
        return np.array([self.strength(u, attacking=True) for u in self.own])

    @cached_property
    def own_guns(self) -> list[UnitState]:
        """Our units that can fire on land targets."""
        return [u for u in self.own if self.can_fire_on_land(u)]

    def guns_in_range(self, h: int, slack: int = 0) -> list[UnitState]:
        """Our land-firing guns whose range reaches `h` (plus `slack` hexes), any shoot left."""
        guns = self.own_guns
        if not guns:
            return []
        arr = self.own_arrays
        d = self.geo.distances(h)[arr["hex"]]
        ok = np.flatnonzero((d <= arr["range"] + slack) & (arr["power"] > 0))
        return [self.own[i] for i in ok.tolist() if self.own[i].deployed]

    def foes_within(self, h: int, radius: int) -> bool:
        """Whether any enemy unit stands within `radius` hexes of `h`."""
        hexes = self.foe_arrays["hex"]
        return bool(hexes.size) and int(self.geo.distances(h)[hexes].min()) <= radius

    @cached_property
    def contact(self) -> np.ndarray:
        """Hexes holding or next to an enemy unit (bool per hex): in contact."""
        out = np.zeros(self.geo.size, dtype=bool)
        for h in self.foe_at:
            out[h] = True
            for n in self.geo.neighbours[h]:
                if n >= 0:
                    out[n] = True
        return out

    @cached_property
    def under_fire(self) -> np.ndarray:
        """Hexes some enemy gun can reach (bool per hex)."""
        return self.gun_threat > 0

    # --- strength estimates ------------------------------------------------------------------
    def strength(self, u: UnitState, attacking: bool) -> float:
        """Attack or defence of a unit now: the rules' own function (men, quality, supply and
        ammunition, morale, suppression), so the AI's estimates cannot drift from them."""
        return unit_strength(self.world, self.state, u, defending=not attacking)

    def hex_defence(self, h: int, fort_keep: float = 1.0,
                    extra_suppression: float = 0.0) -> float:
        """Estimated defence of an enemy hex; `fort_keep` is the share of the works' bonus left
        after assault armour, `extra_suppression` the suppression a planned shoot would add."""
        units = self.foes_here(h)
        if not units:
            return 0.0
        rules = self.world.rules.combat
        total = 0.0
        for u in units:
            s = self.strength(u, attacking=False)
            if extra_suppression > 0:
                before = 1.0 - rules.suppression_effect * u.suppression
                after_supp = 1.0 - (1.0 - u.suppression) * (1.0 - extra_suppression)
                after = 1.0 - rules.suppression_effect * after_supp
                s *= after / max(1e-6, before)
            total += s
        fort, _ = self.world.fortification(float(self.state.works[h]))
        return total * float(self.terrain_defence[h]) * (1.0 + (fort - 1.0) * fort_keep)

    def unit_attack(self, units: list[UnitState]) -> float:
        return sum(self.strength(u, attacking=True) for u in units)

    def fort_keep(self, units: list[UnitState]) -> float:
        """Share of a fortification's bonus left when these units attack together."""
        keep = 1.0
        for u in units:
            t = self.world.unit_types[u.type_id]
            keep *= 1.0 - t.assault_specialist * min(1.0, u.men / t.full_strength)
        return keep

    def shoot_suppression(self, firepower: float, h: int) -> float:
        """Suppression a shoot of `firepower` would put on hex `h` (noise left out)."""
        _, resist = self.world.fortification(float(self.state.works[h]))
        k = self.world.rules.fire.suppression_per_firepower
        return 1.0 - float(np.exp(-k * firepower * (1.0 - resist)))

    def gun_power(self, u: UnitState) -> float:
        """Firepower the unit can put on a land hex now (the rules' `gun_firepower`)."""
        b = self.world.unit_types[u.type_id].bombard
        if b is None or b.sea_only:
            return 0.0
        return gun_firepower(self.world, self.state, u)

    def is_gun(self, u: UnitState) -> bool:
        t = self.world.unit_types[u.type_id]
        return t.bombard is not None and not t.bombard.sea_only and t.bombard.strength > t.attack

    def can_fire_on_land(self, u: UnitState) -> bool:
        b = self.world.unit_types[u.type_id].bombard
        return b is not None and not b.sea_only

    def gun_range(self, u: UnitState) -> int:
        b = self.world.unit_types[u.type_id].bombard
        return 0 if b is None else int(b.range_hexes)

    def mobile(self, u: UnitState) -> bool:
        """Whether the unit may move at all this turn (static guns, spent or attacked units,
        and garrisons the fortress order pins to their works may not)."""
        t = self.world.unit_types[u.type_id]
        if t.static or t.movement_points <= 0:
            return False
        return move_blocked(self.world, self.state, u) is None  # `game.can_move`, unworded

    # --- influence --------------------------------------------------------------------------
    def power_at(self, h: int, enemy: bool) -> float:
        """Strength of one side felt at hex `h`: each unit's weight halves with each hex of
        distance, out to `INFLUENCE_RADIUS` (an influence map read one hex at a time)."""
        arr = self.foe_arrays if enemy else self.own_arrays
        if not arr["hex"].size:
            return 0.0
        attack = self.foe_attack if enemy else self.own_attack
        d = self.geo.distances(h)[arr["hex"]]
        near = d <= INFLUENCE_RADIUS
        weight = attack[near] + 0.5 * arr["power"][near]
        return float((weight * np.power(0.5, d[near])).sum())

    # --- objectives -------------------------------------------------------------------------
    def fronts(self, attacker: str) -> list[Front]:
        """Every objective `attacker` scores by, with the other side's garrison around it."""
        out = []
        world, state = self.world, self.state
        defender = world.enemy_of(attacker)
        defenders = self.own if defender == self.side else self.foes
        defender_hexes = np.array([u.hex for u in defenders], dtype=np.int64)
        for o in world.scenario.victory.objectives:
            if o.side != attacker or (o.kind == "contain" and not o.ring):
                continue
            # a ring is fought for at its ring places (to take and keep), never at the fortress
            places = list(o.ring) if o.kind == "contain" else [o.place, *o.includes]
            hexes = [world.map.place_hex[p] for p in places]
            near = self.geo.distance_to_set(hexes)
            inside = np.flatnonzero(near[defender_hexes] <= self.fort_radius)
            garrison = [defenders[i] for i in inside.tolist()]
            seen: set[int] = set()
            defence = 0.0
            for u in garrison:
                if u.hex not in seen:
                    seen.add(u.hex)
                    defence += self._defence_of(u.hex, defender)
            out.append(Front(
                objective=o.place, points=float(o.points), places=places,
                left=[p for p in places if state.owner.get(p) != attacker],
                place_hexes=hexes, garrison=garrison, garrison_defence=defence,
                captured=state.captured.get(o.place) is not None if o.kind == "capture"
                else all(state.owner.get(p) == attacker for p in places),
            ))
        return out

    def _defence_of(self, h: int, side: str) -> float:
        units = self.own_here(h) if side == self.side else self.foes_here(h)
        total = sum(self.strength(u, attacking=False) for u in units)
        fort, _ = self.world.fortification(float(self.state.works[h]))
        return total * float(self.terrain_defence[h]) * fort
