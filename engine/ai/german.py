"""The defender's AI (the German fortresses): hold, strike back only when it pays.

Each phase it:
1. asks an evacuation truce for a crowded town the enemy is about to storm (once per town,
   for the hours the evacuation takes): civilians leave, the garrison gets a quiet day;
2. walks garrisons that sallied out yesterday back into their works, and takes shaken units
   out of contact before their morale breaks (a fresher unit taking over; a place is left
   empty only by a unit that would surrender in it that night anyway) — as far as the fortress
   order, which pins troops to their works, allows;
3. pulls outposts back inside the perimeter before they can be cut off (the profile says how
   many turns of enemy movement it foresees), and starving units toward a depot — but a
   garrison already cut off in its works holds them (marched out, it would starve in the open
   and leave the works to the enemy for nothing);
4. shoots with every gun that can reach land — coastal batteries included — at the enemy stacks
   pressing on its strongpoints, assault armour and artillery first, but only with the shells
   its depot can spare: a depot also empties by a day's issue every day, and a garrison
   without ammunition defends at a fraction of its strength, so a depot that will not last
   the campaign fires one shoot a day, at assault armour about to fall on its works;
5. moves free troops into the most threatened strongpoints, keeping a share back as a reserve
   near each fortress's core, and brings free troops up next to a strongpoint the enemy has
   just taken when, together, they promise the odds of a counter-attack;
6. counter-attacks weak or unsupported enemy units next to its lines when `game.predict` says
   it will probably win and gain more than it loses — lost strongpoints of its fortresses
   first, each worth its share of the objective; a lone garrison never leaves its works.

It remembers nothing between phases that the order log does not hold, so a saved game
reloaded mid-campaign plays on exactly as if it had never stopped.
"""

from __future__ import annotations

import math

import numpy as np

from engine.game import Game
from engine.hexgrid import axial_steps
from engine.orders import Assault, EndTurn, Move, Truce
from engine.rules.morale import surrender_threshold
from engine.state import CUT_OFF, GameState, UnitState

from .difficulty import Profile, SideSettings, counter_min_win
from .evaluation import Front, Picture
from .tactics import (
    best_assault,
    last_phase,
    move_toward,
    odds_for,
    shoot,
    truces_asked,
    try_push,
)

HOLD_WORKS = 1.0  # a hex with at least field works is worth holding for its own sake
REINFORCE_HEXES = 6  # how far a free unit is sent to a pressed strongpoint


class DefenderAI:
    """Plays the side that defends objectives."""

    def __init__(self, game: Game, side: str, profile: Profile, settings: SideSettings) -> None:
        self.side = side
        self.profile = profile
        self.settings = settings
        self.min_win = counter_min_win(profile, settings)
        self.sallied: set[str] = set()  # this phase's sortie units (rebuilt from the log)
        # `strongpoints`' last answer: (state, orders given, fronts, hexes)
        self._strongpoints: tuple[GameState, int, list[Front], set[int]] | None = None

    def play_phase(self, game: Game) -> None:
        pic = Picture(game, self.side)
        fronts = pic.fronts(pic.enemy)
        lost = self.lost_works(pic, fronts)
        cores = self.cores(pic, fronts)
        self.sallied = self.sortie_units(game, pic, fronts)
        self.truces(game, pic, fronts)
        self.go_home(game, pic, fronts)
        pic.reindex()
        self.relieve(game, pic, fronts, cores)
        pic.reindex()
        self.withdraw(game, pic, fronts, cores)
        pic.reindex()
        self.fire(game, pic)
        pic.reindex()
        self.reinforce(game, pic, fronts, cores)
        pic.reindex()
        self.ready_riposte(game, pic, fronts, lost)
        pic.reindex()
        self.counter_attack(game, pic, fronts, lost)
        game.push(EndTurn(self.side))

    # --- what we hold -----------------------------------------------------------------------
    def cores(self, pic: Picture, fronts: list[Front]) -> list[int]:
        """Hexes of objectives we still hold, in the scenario's priority order."""
        order = {p: i for i, p in enumerate(self.settings.priorities)}
        held = [f for f in fronts if pic.state.owner.get(f.objective) == self.side]
        held.sort(key=lambda f: (order.get(f.objective, len(order)), -f.points))
        return [pic.world.map.place_hex[f.objective] for f in held]

    def strongpoints(self, pic: Picture, fronts: list[Front]) -> set[int]:
        """Hexes to hold: our places of objectives the enemy wants, and fortified places.

        Every step of the phase asks; only an order changes who holds a place or its works,
        so the answer is kept until the next one (do not modify it)."""
        game = pic.game
        kept = self._strongpoints
        if kept is not None and kept[0] is game.state and kept[1] == len(game.orders) \
                and kept[2] is fronts:
            return kept[3]
        out = {pic.world.map.place_hex[p] for f in fronts for p in f.places
               if pic.state.owner.get(p) == self.side}
        for place, h in pic.world.map.place_hex.items():
            if pic.state.owner.get(place) == self.side and pic.state.works[h] >= HOLD_WORKS:
                out.add(h)
        self._strongpoints = (game.state, len(game.orders), fronts, out)
        return out

    def lost_works(self, pic: Picture, fronts: list[Front]) -> dict[int, float]:
        """Hexes of our fortresses' places the enemy now holds, with the victory points each
        is worth to us (the objective's points shared among its places)."""
        out: dict[int, float] = {}
        for f in fronts:
            if f.captured:
                continue
            for p in f.places:
                h = pic.world.map.place_hex[p]
                if pic.state.owner.get(p) == pic.enemy and pic.foes_here(h):
                    out[h] = out.get(h, 0.0) + f.points / max(1, len(f.places))
        return out

    def is_lone_garrison(self, pic: Picture, u: UnitState, strong: set[int]) -> bool:
        return u.hex in strong and len(pic.own_here(u.hex)) <= 1

    def truces(self, game: Game, pic: Picture, fronts: list[Front]) -> None:
        """Ask an evacuation truce for a crowded town the enemy is about to storm (a place of
        its fortress nearby faces even odds or worse, the enemy at its wire): the
        civilians leave, and the garrison gains a quiet day to rest and mend its works.

        Asked once per town, for the hours the evacuation takes (the rules' rate), so it
        covers the enemy's next day of orders too."""
        threshold = self.profile.truce_min_civilians
        if threshold <= 0:
            return
        rules = pic.world.rules.civilians
        hours = min(rules.max_truce_hours,
                    math.ceil(1.0 / max(1e-6, rules.evacuation_share_per_hour)))
        contact = pic.contact
        asked = truces_asked(game, self.side)
        # Only a strongpoint in contact, of a crowded town's fortress and near the town, can
        # press for a truce: the threat is weighed there alone (the same figure as over every
        # strongpoint, each being its own), not over the whole front.
        wmap = pic.world.map
        near_towns = {h for f in fronts for place in f.places
                      if place not in asked and pic.state.owner.get(place) == self.side
                      and pic.state.civilians.get(place, 0) >= threshold
                      for h in (wmap.place_hex[p] for p in f.places)
                      if contact[h] and wmap.distance(h, wmap.place_hex[place])
                      <= rules.truce_radius_hexes}
        threat = self.threats(pic, self.strongpoints(pic, fronts) & near_towns) \
            if near_towns else {}
        for f in fronts:
            key_hexes = {pic.world.map.place_hex[p] for p in f.places}
            for place in f.places:
                if place in asked or pic.state.owner.get(place) != self.side:
                    continue
                if pic.state.civilians.get(place, 0) < threshold:
                    continue
                centre = pic.world.map.place_hex[place]
                pressed = any(r >= 1.0 and contact[h] and h in key_hexes
                              and pic.world.map.distance(h, centre) <= rules.truce_radius_hexes
                              for h, r in threat.items())
                if pressed and try_push(game, Truce(self.side, place, hours)):
                    asked.add(place)

    def sortie_units(self, game: Game, pic: Picture, fronts: list[Front]) -> set[str]:
        """Our units that won a counter-attack in our last phase and advanced out of the
        works they attacked from (read from the order log, not remembered)."""
        strong = self.strongpoints(pic, fronts)
        out: set[str] = set()
        for order, events in last_phase(game, self.side):
            if not isinstance(order, Assault):
                continue
            for e in events:
                uid = e.get("unit") if e.kind == "advanced" else None
                u = game.state.units.get(uid) if uid else None
                if u is not None and u.deployed and u.hex not in strong and any(
                        n in strong for n in pic.geo.neighbours[u.hex] if n >= 0):
                    out.add(u.id)
        return out

    def go_home(self, game: Game, pic: Picture, fronts: list[Front]) -> None:
        """Garrisons that sallied out yesterday walk back into the works next to them."""
        strong = self.strongpoints(pic, fronts)
        for uid in sorted(self.sallied):
            u = game.state.units[uid]
            homes = [n for n in pic.geo.neighbours[u.hex] if n >= 0 and n in strong
                     and n not in pic.foe_at and pic.own_count.get(n, 0) < pic.limit]
            if homes:
                home = min(homes, key=lambda n: (pic.own_count.get(n, 0), n))
                move_toward(game, pic, u, home, 0)

    # --- relief in place -------------------------------------------------------------------
    def surrender_below(self, pic: Picture, u: UnitState) -> float:
        """The morale under which a unit in contact gives up at nightfall (the engine's rule)."""
        return float(surrender_threshold(pic.world, pic.state, u))

    def relieve(self, game: Game, pic: Picture, fronts: list[Front], cores: list[int]) -> None:
        """Take shaken units out of contact before their morale breaks, a fresher unit taking
        over their strongpoint. A place is left empty only by a unit that would surrender in
        it tonight anyway: better its men fight on from the inner line than go into the bag."""
        margin = self.profile.relief_margin
        if margin is None or not cores or not pic.foes:
            return
        strong = self.strongpoints(pic, fronts)
        contact = pic.contact
        shaky = sorted((u for u in pic.own if pic.mobile(u) and contact[u.hex]
                        and u.morale < self.surrender_below(pic, u) + margin),
                       key=lambda u: (u.morale, u.id))
        leaving = {u.id for u in shaky}
        fresh = [u for u in pic.own if pic.mobile(u) and not contact[u.hex]
                 and u.id not in self.sallied
                 and u.morale >= self.surrender_below(pic, u) + 2 * margin]
        for u in shaky:
            if u.attacked or u.mp <= 0:
                continue
            stays = [x for x in pic.own_here(u.hex) if x.id not in leaving]
            doomed = u.morale < self.surrender_below(pic, u)  # it gives up tonight if it stays
            if u.hex in strong and not stays and not doomed:
                near = sorted((x for x in fresh if pic.world.map.distance(x.hex, u.hex) <= 4),
                              key=lambda x: (pic.world.map.distance(x.hex, u.hex), x.id))
                relief = next((x for x in near if move_toward(game, pic, x, u.hex, 0)
                               and x.hex == u.hex), None)
                if relief is None:
                    continue  # nobody can take over: the place is held to the end
                fresh.remove(relief)
            if self.step_out(game, pic, u, cores, contact):
                leaving.discard(u.id)

    def step_out(self, game: Game, pic: Picture, u: UnitState, cores: list[int],
                 contact: np.ndarray) -> bool:
        """Move one hex out of contact (entering an enemy zone would stop it anyway), toward
        the nearest core: the inner line of the fortress."""
        limit = pic.stack_limit()
        safe = [n for n in pic.geo.neighbours[u.hex]
                if n >= 0 and pic.geo.land[n] and not contact[n] and n not in pic.enemy_zoc
                and pic.own_count.get(n, 0) < limit]
        if not safe:
            return False
        near = pic.geo.distance_to_set(cores)
        to = min(safe, key=lambda n: (int(near[n]), n))
        old = u.hex
        if not try_push(game, Move(self.side, u.id, pic.world.map.grid.hex_of(to))):
            return False
        pic.note_move(u, old)
        return True

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
            if u.id in self.sallied:
                continue
            info = pic.state.supply.get(u.id)
            starving = info is not None and info.state == CUT_OFF
            if starving and u.hex in strong:
                continue  # cut off in its works: it holds them (see the module docstring)
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
            goal = min(goals, key=lambda h: (pic.world.map.distance(u.hex, h), h))
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
        armour = np.zeros(len(hexes), dtype=bool)
        for i, h in enumerate(hexes):
            pressing[i] = any(n in ours for n in pic.geo.neighbours[h] if n >= 0)
            value = 0.0
            for e in pic.foe_at[h]:
                t = pic.world.unit_types[e.type_id]
                armour[i] |= bool(pressing[i] and t.assault_specialist > 0)
                weight = 1.0 + 2.0 * t.assault_specialist + (1.0 if pic.is_gun(e) else 0.0)
                value += weight * (pic.strength(e, attacking=True) + 0.3 * pic.gun_power(e))
            _, resist = pic.world.fortification(float(pic.state.works[h]))
            worth[i] = value * (2.0 if pressing[i] else 1.0) * (1.0 - resist)
        hex_arr = np.array(hexes, dtype=np.int64)
        budget: dict[str, float] = {}  # depot -> shoots it can spare today
        rationed: set[str] = set()  # depots short of shells that fired their one shoot today
        for g in guns:
            ammo, depot = self.ammo_days(pic, g)
            if depot is not None and depot not in budget:
                budget[depot] = self.spare_shots(pic, ammo)
            spare = budget.get(depot, math.inf) if depot is not None else math.inf
            ok = pic.geo.distances(g.hex)[hex_arr] <= pic.gun_range(g)
            if spare < 1:
                if ammo < self.profile.ammo_floor_days or depot in rationed:
                    continue  # the last shells are kept for the garrison's own defence
                ok &= armour  # one shoot a day, at assault armour about to fall on our works
            picks = np.flatnonzero(ok)
            for i in sorted(picks.tolist(), key=lambda i: (-worth[i], hexes[i]))[:2]:
                if shoot(game, pic, g, hexes[i]):
                    if depot is not None:
                        budget[depot] = budget.get(depot, 0.0) - 1
                        if spare < 1:
                            rationed.add(depot)
                    break

    def spare_shots(self, pic: Picture, ammo: float) -> float:
        """Shoots a depot can afford today and still feed its garrison's fight to the end of
        the campaign, with the profile's reserve on top; inf when the profile does not count
        shells.

        A depot also empties by a day's issue every day, and a garrison without shells
        defends at a fraction of its strength, so every shoot brings that day closer; a
        fortress whose stocks will not outlast the campaign fires one shoot a day, at assault
        armour massing against its works."""
        reserve = self.profile.ammo_reserve_days
        if reserve is None:
            return math.inf
        days_left = (pic.world.scenario.end_date - pic.state.date).days
        per_shot = pic.world.rules.supply.ammo_days_per_bombard
        if per_shot <= 0:
            return math.inf
        return max(0.0, (ammo - days_left - reserve) / per_shot)

    def ammo_days(self, pic: Picture, u: UnitState) -> tuple[float, str | None]:
        """Ammunition days left in the depot the unit draws on, and that depot (this
        morning's trace; inf and None when it is supplied from a source)."""
        info = pic.state.supply.get(u.id)
        depot = getattr(info, "depot", None) if info is not None else None
        if depot is not None and depot in pic.state.depots:
            return pic.state.depots[depot][1], depot
        if info is None or info.pocket is None:
            return math.inf, None
        pocket = next((p for p in pic.state.pockets
                       if p.id == info.pocket and p.side == self.side), None)
        if pocket is None or not pocket.depots:
            return (0.0, None) if pocket is not None else (math.inf, None)
        best = max(pocket.depots, key=lambda d: (pic.state.depots[d][1], d))
        return pic.state.depots[best][1], best

    # --- reserves ---------------------------------------------------------------------------
    def reinforce(self, game: Game, pic: Picture, fronts: list[Front], cores: list[int]) -> None:
        """Free troops into the strongpoints the enemy presses hardest; a reserve stays home."""
        strong = self.strongpoints(pic, fronts)
        if not cores:
            return
        core_near = pic.geo.distance_to_set(cores)
        free = [u for u in pic.own if pic.mobile(u) and u.hex not in strong
                and core_near[u.hex] <= pic.fort_radius + 2 and u.id not in self.sallied]
        free.sort(key=lambda u: (-pic.strength(u, attacking=False), u.id))
        n_reserve = math.ceil(self.profile.reserve_share * len(free)) if free else 0
        reserve, free = free[:n_reserve], free[n_reserve:]
        for u in reserve:
            goal = min(cores, key=lambda h: (pic.world.map.distance(u.hex, h), h))
            move_toward(game, pic, u, goal, 1)
        if not self.profile.reinforce or not free:
            return
        # A strongpoint with no free unit within reach (6 hexes) gets nobody whatever its
        # threat, and the free units stand still until sent: weigh only those in reach.
        reach = pic.geo.distance_to_set([u.hex for u in free])
        threat = self.threats(pic, {h for h in strong if reach[h] <= REINFORCE_HEXES})
        pressed = [h for h, r in sorted(threat.items(), key=lambda x: (-x[1], x[0])) if r > 0.5]
        for h in pressed:
            if not free:
                break
            room = pic.limit - len(pic.own_here(h))
            if room <= 0:
                continue
            for u in sorted(free, key=lambda u: (pic.world.map.distance(u.hex, h), u.id))[:room]:
                if pic.world.map.distance(u.hex, h) > REINFORCE_HEXES:
                    break
                if move_toward(game, pic, u, h, 0):
                    free.remove(u)
        # The rest of the free troops stand just behind the line, next to a strongpoint.
        for u in free:
            if core_near[u.hex] > pic.fort_radius:
                goal = min(cores, key=lambda h: (pic.world.map.distance(u.hex, h), h))
                move_toward(game, pic, u, goal, 1)

    def threats(self, pic: Picture, strong: set[int]) -> dict[int, float]:
        """Enemy attack within reach of each strongpoint, over its defence as they see it."""
        out: dict[int, float] = {}
        arr = pic.foe_arrays
        if not arr["hex"].size:
            return out
        gun_idx = np.flatnonzero(arr["gun"])
        near = np.zeros(pic.geo.size, dtype=bool)  # within two hexes of an enemy rifleman
        riflemen = {e.hex for e in pic.foes if not pic.is_gun(e)}
        if riflemen:
            near[np.concatenate([pic.geo.disc_array(h, 2) for h in riflemen])] = True
        rifles: dict[int, float] = {}  # hex -> its riflemen's attack (strongpoints share hexes)

        def rifles_at(m: int) -> float:
            found = rifles.get(m)
            if found is None:
                found = rifles[m] = sum(pic.strength(e, attacking=True)
                                        for e in pic.foes_here(m) if not pic.is_gun(e))
            return found

        held = [h for h in sorted(strong) if pic.own_here(h)]
        guns = self.gun_threats(pic, held, gun_idx)
        even = odds_for(pic, 0.5)
        for i, h in enumerate(held):
            attack = 0.0
            # Riflemen next to it count fully, one hex further out half.
            if near[h]:
                disc = pic.geo.disc(h, 2)  # `h` first, then by index
                next_to = pic.geo.neighbours[h]
                for m in disc[1:]:
                    attack += (1.0 if m in next_to else 0.5) * rifles_at(m)
            if gun_idx.size:
                attack += float(guns[i])
            if attack > 0:
                defence = self.own_hex_defence(pic, h)
                out[h] = attack / max(1e-6, defence) / even
        return out

    @staticmethod
    def gun_threats(pic: Picture, hexes: list[int], gun_idx: np.ndarray) -> np.ndarray:
        """Half the firepower of the enemy guns in range of each hex, all hexes at once (one
        row of distances per hex; each row sums as a single hex's array would)."""
        if not hexes or not gun_idx.size:
            return np.zeros(len(hexes))
        arr, geo = pic.foe_arrays, pic.geo
        at, guns = np.array(hexes, dtype=np.int64), arr["hex"][gun_idx]
        d = axial_steps(geo.q[at][:, None] - geo.q[guns][None, :],
                        geo.r[at][:, None] - geo.r[guns][None, :])
        return (0.5 * arr["power"][gun_idx] * (d <= arr["range"][gun_idx])).sum(axis=1)

    def own_hex_defence(self, pic: Picture, h: int) -> float:
        total = sum(pic.strength(u, attacking=False) for u in pic.own_at.get(h, []))
        fort, _ = pic.world.fortification(float(pic.state.works[h]))
        return total * float(pic.terrain_defence[h]) * fort

    # --- counter-attacks --------------------------------------------------------------------
    def ready_riposte(self, game: Game, pic: Picture, fronts: list[Front],
                      lost: dict[int, float]) -> None:
        """Bring free troops next to a lost strongpoint when, together with those already
        there, their strength promises the counter-attack's odds (they strike next phase)."""
        if not lost or not self.profile.reinforce:
            return
        strong = self.strongpoints(pic, fronts)
        need = odds_for(pic, self.min_win)
        for h in sorted(lost, key=lambda h: (-lost[h], h)):
            defence = pic.hex_defence(h)
            around = [u for n in pic.geo.neighbours[h] if n >= 0 for u in pic.own_here(n)
                      if not pic.is_gun(u)]
            near = sorted((u for u in pic.own if pic.mobile(u) and not pic.is_gun(u)
                           and u not in around and u.id not in self.sallied
                           and not self.is_lone_garrison(pic, u, strong)
                           and pic.world.map.distance(u.hex, h) <= 2 * pic.fort_radius),
                          key=lambda u: (pic.world.map.distance(u.hex, h), u.id))
            attack = pic.unit_attack(around)
            group: list[UnitState] = []
            for u in near:
                if attack >= need * defence:
                    break
                group.append(u)
                attack += pic.strength(u, attacking=True)
            if not group or attack < need * defence:
                continue  # not enough to retake it: the troops stay where they hold
            for u in group:
                move_toward(game, pic, u, h, 1)

    def counter_attack(self, game: Game, pic: Picture, fronts: list[Front],
                       lost: dict[int, float]) -> None:
        strong = self.strongpoints(pic, fronts)  # reads only the fronts' places: no fresh fronts
        ours = set(pic.own_at)
        options = []
        for h in pic.foe_at:
            if not any(n in ours for n in pic.geo.neighbours[h] if n >= 0):
                continue
            support = sum(1 for n in pic.geo.neighbours[h] if n >= 0 and n in pic.foe_at)
            options.append((-lost.get(h, 0.0), pic.hex_defence(h) * (1.0 + 0.3 * support), h))
        for *_, h in sorted(options):
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
                                 breadth=self.profile.compositions,
                                 place_value=lost.get(h, 0.0), casualty_weight=1.0,
                                 keep_home=keep_home)
            if order is None:
                continue
            pred = game.predict(order)
            if h not in lost and pred.expected_defender_losses + pred.expected_prisoners < \
                    pred.expected_attacker_losses:
                continue  # a bloody swap a garrison cannot afford, but for its own works
            try_push(game, order)  # a garrison that advances out walks back tomorrow
            pic.reindex()
            ours = set(pic.own_at)
