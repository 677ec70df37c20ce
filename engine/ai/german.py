"""The defender's AI (the German fortresses): hold, reinforce, strike back only when it pays.

Each phase it:
1. sorts its units into garrisons (standing on a fortified place or a place of an objective
   the enemy wants), fortress troops free to move, outposts beyond the fortress radius, and
   static batteries;
2. pulls outposts back inside the perimeter before they can be cut off (by profile: how many
   turns of enemy movement it foresees) and any unit whose pocket has no depot left toward one
   that has;
3. shoots with every gun that can reach land — coastal batteries included — at the enemy stacks
   pressing on its strongpoints, assault armour and artillery first, and holds fire when its
   pocket's ammunition runs low unless an assault is imminent;
4. moves free troops into the most threatened strongpoints, keeping a share back as a reserve
   near each fortress's core;
5. counter-attacks weak or unsupported enemy units next to its lines when `game.predict` says
   it will probably win and gain more than it loses; a lone garrison never leaves its works.
"""

from __future__ import annotations

import math

import numpy as np

from engine.game import Game
from engine.orders import EndTurn
from engine.state import CUT_OFF, UnitState

from .difficulty import Profile, SideSettings, counter_min_win
from .evaluation import Front, Picture
from .tactics import best_assault, move_toward, odds_for, shoot, try_push

HOLD_WORKS = 1.0  # a hex with at least field works is worth holding for its own sake


class DefenderAI:
    """Plays the side that defends objectives."""

    def __init__(self, game: Game, side: str, profile: Profile, settings: SideSettings) -> None:
        self.side = side
        self.profile = profile
        self.settings = settings
        self.min_win = counter_min_win(profile, settings)
        self.home: dict[str, int] = {}  # garrison unit -> strongpoint it sallied from

    def rng(self, game: Game) -> np.random.Generator:
        return np.random.default_rng([game.seed, game.state.turn, 11])

    def play_phase(self, game: Game) -> None:
        pic = Picture(game, self.side)
        fronts = pic.fronts(pic.enemy)
        cores = self.cores(pic, fronts)
        self.go_home(game, pic)
        pic.reindex()
        self.withdraw(game, pic, fronts, cores)
        pic.reindex()
        self.fire(game, pic)
        pic.reindex()
        self.reinforce(game, pic, fronts, cores)
        pic.reindex()
        self.counter_attack(game, pic)
        game.push(EndTurn(self.side))

    # --- what we hold -----------------------------------------------------------------------
    def cores(self, pic: Picture, fronts: list[Front]) -> list[int]:
        """Hexes of objectives we still hold, in the scenario's priority order."""
        order = {p: i for i, p in enumerate(self.settings.priorities)}
        held = [f for f in fronts if pic.state.owner.get(f.objective) == self.side]
        held.sort(key=lambda f: (order.get(f.objective, len(order)), -f.points))
        return [pic.world.map.place_hex[f.objective] for f in held]

    def strongpoints(self, pic: Picture, fronts: list[Front]) -> set[int]:
        """Hexes to hold: our places of objectives the enemy wants, and fortified places."""
        out = {pic.world.map.place_hex[p] for f in fronts for p in f.places
               if pic.state.owner.get(p) == self.side}
        for place, h in pic.world.map.place_hex.items():
            if pic.state.owner.get(place) == self.side and pic.state.works[h] >= HOLD_WORKS:
                out.add(h)
        return out

    def is_lone_garrison(self, pic: Picture, u: UnitState, strong: set[int]) -> bool:
        return u.hex in strong and len(pic.own_here(u.hex)) <= 1

    def go_home(self, game: Game, pic: Picture) -> None:
        """Garrisons that sallied out yesterday walk back into their works."""
        for uid, home in sorted(self.home.items()):
            u = game.state.units.get(uid)
            place_ours = any(pic.state.owner.get(p) == self.side
                             for p in pic.world.map.hex_places.get(home, ()))
            if u is None or not u.on_map or u.hex == home or not place_ours or home in pic.foe_at:
                del self.home[uid]
                continue
            if move_toward(game, pic, u, home, 0):
                del self.home[uid]

    # --- pulling back -----------------------------------------------------------------------
    def withdraw(self, game: Game, pic: Picture, fronts: list[Front], cores: list[int]) -> None:
        if not cores:
            return
        strong = self.strongpoints(pic, fronts)
        core_near = pic.geo.distance_to_set(cores)
        depot_cores = self.depot_hexes(pic)
        look = self.profile.cutoff_lookahead
        for u in pic.own:
            if not pic.mobile(u) or (u.hex in strong and core_near[u.hex] <= pic.fort_radius):
                continue
            if u.id in self.home:
                continue
            info = pic.state.supply.get(u.id)
            starving = info is not None and info.state == CUT_OFF
            outside = core_near[u.hex] > pic.fort_radius
            danger = False
            if outside and look > 0:
                reach = 4 * look  # hexes an enemy column covers in `look` turns, roughly
                enemy_close = pic.foes_within(u.hex, reach)
                danger = enemy_close and \
                    pic.power_at(u.hex, enemy=True) > 0.8 * pic.power_at(u.hex, enemy=False)
            if not (starving or danger):
                continue
            goals = depot_cores if starving and depot_cores else cores
            goal = min(goals, key=lambda h: (pic.geo.distance(u.hex, h), h))
            move_toward(game, pic, u, goal, max(1, pic.fort_radius - 2))

    def depot_hexes(self, pic: Picture) -> list[int]:
        return [pic.world.map.place_hex[d.place] for d in pic.world.scenario.supply.depots
                if d.side == self.side and pic.state.owner.get(d.place) == self.side
                and pic.state.depots.get(d.place, [0.0, 0.0])[0] > 0]

    # --- fire -------------------------------------------------------------------------------
    def fire(self, game: Game, pic: Picture) -> None:
        guns = [u for u in pic.own if pic.can_fire_on_land(u) and not u.fired]
        if not guns or not pic.foes:
            return
        ours = set(pic.own_at)
        hexes = sorted(pic.foe_at)
        worth = np.zeros(len(hexes))
        pressing = np.zeros(len(hexes), dtype=bool)
        for i, h in enumerate(hexes):
            pressing[i] = any(n in ours for n in pic.geo.neighbours[h] if n >= 0)
            value = 0.0
            for e in pic.foe_at[h]:
                t = pic.world.unit_types[e.type_id]
                weight = 1.0 + 2.0 * t.assault_specialist + (1.0 if pic.is_gun(e) else 0.0)
                value += weight * (pic.strength(e, attacking=True) + 0.3 * pic.gun_power(e))
            _, resist = pic.world.fortification(float(pic.state.works[h]))
            worth[i] = value * (2.0 if pressing[i] else 1.0) * (1.0 - resist)
        hex_arr = np.array(hexes, dtype=np.int64)
        for g in guns:
            short = self.ammo_days(pic, g) < self.profile.ammo_floor_days
            ok = pic.geo.distances(g.hex)[hex_arr] <= pic.gun_range(g)
            if short:
                ok &= pressing
            picks = np.flatnonzero(ok)
            for i in sorted(picks.tolist(), key=lambda i: (-worth[i], hexes[i]))[:2]:
                if shoot(game, pic, g, hexes[i]):
                    break

    def ammo_days(self, pic: Picture, u: UnitState) -> float:
        """Ammunition days left to the gun's pocket (this morning's trace; inf if supplied)."""
        info = pic.state.supply.get(u.id)
        if info is None or info.pocket is None:
            return math.inf
        pocket = next((p for p in pic.state.pockets
                       if p.id == info.pocket and p.side == self.side), None)
        if pocket is None:
            return math.inf
        return max((pic.state.depots[d][1] for d in pocket.depots), default=0.0)

    # --- reserves ---------------------------------------------------------------------------
    def reinforce(self, game: Game, pic: Picture, fronts: list[Front], cores: list[int]) -> None:
        """Free troops into the strongpoints the enemy presses hardest; a reserve stays home."""
        strong = self.strongpoints(pic, fronts)
        if not cores:
            return
        core_near = pic.geo.distance_to_set(cores)
        free = [u for u in pic.own if pic.mobile(u) and u.hex not in strong
                and core_near[u.hex] <= pic.fort_radius + 2 and u.id not in self.home]
        free.sort(key=lambda u: (-pic.strength(u, attacking=False), u.id))
        n_reserve = math.ceil(self.profile.reserve_share * len(free)) if free else 0
        reserve, free = free[:n_reserve], free[n_reserve:]
        for u in reserve:
            goal = min(cores, key=lambda h: (pic.geo.distance(u.hex, h), h))
            move_toward(game, pic, u, goal, 1)
        if not self.profile.reinforce:
            return
        threat = self.threats(pic, strong)
        pressed = [h for h, r in sorted(threat.items(), key=lambda x: (-x[1], x[0])) if r > 0.5]
        for h in pressed:
            if not free:
                break
            room = pic.limit - len(pic.own_here(h))
            if room <= 0:
                continue
            for u in sorted(free, key=lambda u: (pic.geo.distance(u.hex, h), u.id))[:room]:
                if pic.geo.distance(u.hex, h) > 6:
                    break
                if move_toward(game, pic, u, h, 0):
                    free.remove(u)
        # The rest of the free troops stand just behind the line, next to a strongpoint.
        for u in free:
            if core_near[u.hex] > pic.fort_radius:
                goal = min(cores, key=lambda h: (pic.geo.distance(u.hex, h), h))
                move_toward(game, pic, u, goal, 1)

    def threats(self, pic: Picture, strong: set[int]) -> dict[int, float]:
        """Enemy attack within reach of each strongpoint, over its defence as they see it."""
        out: dict[int, float] = {}
        arr = pic.foe_arrays
        if not arr["hex"].size:
            return out
        melee = np.where(arr["gun"], 0.0, arr["attack"])
        for h in sorted(strong):
            if not pic.own_here(h):
                continue
            d = pic.geo.distances(h)[arr["hex"]]
            attack = float((melee * ((d == 1) + 0.5 * (d == 2))).sum()
                           + (0.5 * arr["power"] * (arr["gun"] & (d <= arr["range"]))).sum())
            if attack > 0:
                defence = self.own_hex_defence(pic, h)
                out[h] = attack / max(1e-6, defence) / odds_for(pic, 0.5)
        return out

    def own_hex_defence(self, pic: Picture, h: int) -> float:
        total = sum(pic.strength(u, attacking=False) for u in pic.own_at.get(h, []))
        fort, _ = pic.world.fortification(float(pic.state.works[h]))
        return total * float(pic.terrain_defence[h]) * fort

    # --- counter-attacks --------------------------------------------------------------------
    def counter_attack(self, game: Game, pic: Picture) -> None:
        strong = self.strongpoints(pic, pic.fronts(pic.enemy))
        ours = set(pic.own_at)
        options = []
        for h in pic.foe_at:
            if not any(n in ours for n in pic.geo.neighbours[h] if n >= 0):
                continue
            support = sum(1 for n in pic.geo.neighbours[h] if n >= 0 and n in pic.foe_at)
            options.append((pic.hex_defence(h) * (1.0 + 0.3 * support), h))
        for _, h in sorted(options):
            attackers = []
            for n in pic.geo.neighbours[h]:
                if n < 0:
                    continue
                for u in pic.own_here(n):
                    t = pic.world.unit_types[u.type_id]
                    if u.attacked or t.attack <= 0 or pic.is_gun(u):
                        continue
                    if self.is_lone_garrison(pic, u, strong):
                        continue
                    attackers.append(u)
            if not attackers:
                continue
            est = pic.unit_attack(attackers) / max(1e-6, pic.hex_defence(h))
            if est < odds_for(pic, self.min_win) * 0.7:
                continue
            keep_home = {u.id for u in attackers if u.hex in strong}
            order = best_assault(game, pic, h, attackers, [], min_win=self.min_win,
                                 breadth=self.profile.compositions, place_value=0.0,
                                 casualty_weight=1.0, keep_home=keep_home)
            if order is None:
                continue
            pred = game.predict(order)
            if pred.expected_defender_losses + pred.expected_prisoners < \
                    pred.expected_attacker_losses:
                continue  # a bloody swap a garrison cannot afford
            origin = {uid: game.state.units[uid].hex for uid in order.units}
            if try_push(game, order):
                for uid, h in origin.items():
                    u = game.state.units[uid]
                    if h in strong and u.on_map and u.hex != h:
                        self.home[uid] = h  # it advanced out of its works: it will go back
            pic.reindex()
            ours = set(pic.own_at)
