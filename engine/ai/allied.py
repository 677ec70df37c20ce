"""The attacker's AI (the Allies in the Channel ports): isolate, prepare, then assault.

Each phase it:
1. reads the fronts (one per objective it scores by) and decides which to assault and which to
   *mask* — the scenario's `ai.sides.<side>.mask`, masks ordered by `priority` events, and
   (by profile) ports whose garrison is far beyond its means; fronts are taken in the
   scenario's `priorities` order and each absorbs at most `front_capacity` units;
2. picks the one fortress its siege train (mobile guns and assault armour) serves, and judges
   whether that fortress's main assault is ready (`siege.py`: isolated, the train in place,
   no bombers only days away); every other front, and the main one until it is ready, only
   probes positions lighter than `probe_max_works`;
3. splits each assault front's units between a cordon that cuts the port off from the rest of
   the enemy (checked on the morning's public supply trace: the port's garrison must be in a
   pocket of its own) and assault groups on the next targets;
4. asks an evacuation truce before fighting in a town full of civilians (by profile);
5. moves the assault groups next to their targets and the guns into range of the main effort;
6. spends a granted heavy-bomber raid on the day's hardest target of a main assault when the
   weather is good enough, then shoots: suppression on today's targets, support kept for the
   assaults, the rest wearing down the works of the main effort;
7. assaults only when `game.predict` gives at least the win chance the profile and the
   scenario's aggression ask for, choosing among several groupings the one worth most — and
   never works of `hasty_max_works` or more without preparation (guns in support or the
   defenders shelled that day), nor works of `armour_works_level` or more without assault
   armour;
8. walks into strongpoints the enemy has left, and ends its turn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.game import Game
from engine.orders import AirRaid, EndTurn, Stockpile, Truce
from engine.state import UnitState

from .difficulty import Profile, SideSettings, min_win
from .evaluation import Front, Picture
from .siege import Preparation, TrainPiece, main_effort, prepare, siege_train, stockpile_dump
from .tactics import (
    best_assault,
    move_toward,
    odds_for,
    ready_attackers,
    ready_support,
    shoot,
    truces_asked,
)
from .tactics import try_push as push

PRIORITY_HEXES = 6  # a front one rank higher draws a unit from up to this many hexes farther
PRIORITY_RANKS = 4  # ranks beyond this one weigh no more
OVERFLOW_REACH = 24  # hexes a unit goes out of its way to join a front that still has room
CLOSED = np.iinfo(np.int64).max  # a full front's key when looking for an open one
OPPORTUNITY_VALUE = 1.0  # victory points an attack on a stray enemy unit is worth (prisoners aside)


@dataclass
class Target:
    hex: int
    front: Front
    value: float  # victory points the hex is worth taking
    defence: float  # estimated, with the front's assault armour


class AttackerAI:
    """Plays the side that scores by taking objectives."""

    def __init__(self, game: Game, side: str, profile: Profile, settings: SideSettings) -> None:
        self.side = side
        self.profile = profile
        self.settings = settings
        self.min_win = min_win(profile, settings)

    # --- the phase --------------------------------------------------------------------------
    def play_phase(self, game: Game) -> None:
        pic = Picture(game, self.side)
        train = siege_train(game, pic, self.profile.build_up_days)
        fronts = self.plan_fronts(game, pic, train)
        main = next((f for f in fronts if f.main_effort), None)
        active = [f for f in fronts if not f.masked and not f.captured]
        isolated = self.isolation(game, pic, fronts, active)
        preps = prepare(game, pic, self.profile, active, isolated, train, main)
        aims = self.targets(pic, main, isolated[main.objective]) if main else []
        self.stockpile(game, pic, aims)
        targets = {f.objective: self.targets(pic, f, isolated[f.objective])
                   if preps[f.objective].ready else self.probes(game, pic, f, isolated)
                   for f in active}
        self.truces(game, pic, active, targets, isolated)
        pic.reindex()
        self.move_fronts(game, pic, fronts, targets, isolated, preps, aims)
        pic.reindex()
        self.move_guns(game, pic, aims)
        pic.reindex()
        self.fire(game, pic, active, targets, preps, aims)
        pic.reindex()
        self.assaults(game, pic, fronts, targets)
        pic.reindex()
        self.occupy(game, pic, active)
        game.push(EndTurn(self.side))

    # --- strategy ---------------------------------------------------------------------------
    def masked(self, game: Game) -> set[str]:
        """Objectives to contain, not assault, by the settings or a `priority` event. A `contain`
        objective is never masked: masking is what it asks for, and its front is its ring
        places, which the AI takes and keeps."""
        rings = {o.place for o in game.world.scenario.victory.objectives if o.kind == "contain"}
        return (set(game.state.masks.get(self.side, [])) | set(self.settings.mask)) - rings

    def stockpile(self, game: Game, pic: Picture, aims: list[Target]) -> None:
        """Where shells are counted, the lorries build up the dump nearest the main effort."""
        dump = stockpile_dump(pic, [t.hex for t in aims])
        amm = game.state.ammunition.get(self.side)
        if dump is not None and amm is not None and amm.priority != dump:
            push(game, Stockpile(self.side, dump))

    def preparations(self, game: Game) -> dict[str, Preparation]:
        """How far each front's main assault is prepared (for a window showing the AI's plan)."""
        pic = Picture(game, self.side)
        train = siege_train(game, pic, self.profile.build_up_days)
        fronts = self.plan_fronts(game, pic, train)
        main = next((f for f in fronts if f.main_effort), None)
        active = [f for f in fronts if not f.masked and not f.captured]
        return prepare(game, pic, self.profile, active,
                       self.isolation(game, pic, fronts, active), train, main)

    def plan_fronts(self, game: Game, pic: Picture,
                    train: list[TrainPiece] | None = None) -> list[Front]:
        """The fronts in the commander's order, masked or not, the main effort marked and
        every maneuver unit assigned to one (`train`: the siege train, when already read)."""
        if train is None:
            train = siege_train(game, pic, self.profile.build_up_days)
        fronts = pic.fronts(self.side)
        order = {p: i for i, p in enumerate(self.settings.priorities)}
        fronts.sort(key=lambda f: (order.get(f.objective, len(order)), -f.points, f.objective))
        masked = self.masked(game)
        maneuver = [u for u in pic.own if not pic.is_gun(u) and pic.mobile(u)
                    and pic.world.unit_types[u.type_id].attack > 0]
        total_attack = pic.unit_attack(maneuver) + 0.5 * sum(pic.gun_power(u) for u in pic.own)
        for i, f in enumerate(fronts):
            f.priority = i
            f.masked = f.objective in masked
            if (not f.masked and not f.captured and self.profile.dynamic_mask
                    and f.garrison_defence * self.profile.mask_ratio > total_attack):
                f.masked = True  # far beyond our means: contain it instead
        active = [f for f in fronts if not f.masked and not f.captured]
        main = main_effort(pic, active, train, self.settings.priorities,
                           self.profile.probe_max_works)
        if main is not None:
            main.main_effort = True
        self.assign(pic, fronts, maneuver, main)
        return fronts

    def assign(self, pic: Picture, fronts: list[Front], maneuver: list[UnitState],
               main: Front | None) -> None:
        """Contain masked ports with a few units, give the assault armour to the main effort,
        then fill the assault fronts in order."""
        free = list(maneuver)
        if main is not None:
            armour = [u for u in free if pic.world.unit_types[u.type_id].assault_specialist > 0]
            main.units.extend(armour)
            given = {u.id for u in armour}  # by id: `in` on a list compares every field
            free = [u for u in free if u.id not in given]
        contain = [f for f in fronts if f.masked and not f.captured]
        for f in contain:
            mobile_threat = sum(pic.strength(u, attacking=True) for u in f.garrison
                                if pic.mobile(u))
            want = max(2, min(6, math.ceil(mobile_threat / 8.0)))
            near = pic.geo.distance_to_set(f.place_hexes)
            free.sort(key=lambda u: (near[u.hex], u.id))
            f.units, free = free[:want], free[want:]
        active = [f for f in fronts if not f.masked and not f.captured]
        if not active:
            return
        loads = [0] * len(active)
        dist = pic.geo.stacked(tuple(tuple(sorted(set(f.place_hexes))) for f in active))
        weight = np.array([self.priority_weight(f) for f in active], dtype=np.int64)
        cap = self.profile.front_capacity
        free.sort(key=lambda u: u.id)
        # every unit's key to every front at once (a few fronts: plain lists from here on)
        keys = (dist[:, [u.hex for u in free]] + weight[:, None]).T.tolist()
        fronts_at = range(len(active))
        for u, key in zip(free, keys, strict=True):
            # The first front by priority, unless another is much nearer; a full front passes
            # its extra units to an open one, but not across the map: too far, they stay.
            i = min(fronts_at, key=key.__getitem__)  # the first of the lowest, as argmin
            if loads[i] >= cap:
                open_key = [k if load < cap else CLOSED for k, load in zip(key, loads, strict=True)]
                j = min(fronts_at, key=open_key.__getitem__)
                if loads[j] < cap and open_key[j] <= key[i] + OVERFLOW_REACH:
                    i = j
            active[i].units.append(u)
            loads[i] += 1

    @staticmethod
    def priority_weight(f: Front) -> int:
        """Hexes of marching a front's rank is worth: each of the first ranks counts, after
        that nearness alone decides (a long priority list must not pull units across a map)."""
        return PRIORITY_HEXES * min(f.priority, PRIORITY_RANKS)

    def isolation(self, game: Game, pic: Picture, fronts: list[Front],
                  active: list[Front]) -> dict[str, bool]:
        """Whether each front's core garrison is in a pocket holding no other fortress's
        (`fronts`: every front, as `plan_fronts` gave them on this position)."""
        out = {f.objective: True for f in active}
        if not self.profile.isolate_first or not active:
            return out
        # This morning's supply trace (public state) tells which pocket each unit is in.
        pocket_units = {p.id: set(p.units) for p in game.state.pockets if p.side == pic.enemy}
        # A unit inside two fortresses' radius counts for the later one in the scenario's
        # order, whatever the order of priority `fronts` are in.
        rank = {o.place: i for i, o in enumerate(pic.world.scenario.victory.objectives)}
        garrison_of = {u.id: f.objective for f in sorted(fronts, key=lambda f: rank[f.objective])
                       for u in f.garrison}
        for f in active:
            core = pic.world.map.place_hex[f.objective]
            for u in pic.foe_at.get(core, []):
                info = game.state.supply.get(u.id)
                if info is None or info.pocket is None:
                    continue
                members = pocket_units.get(info.pocket, set())
                others = {garrison_of.get(x) for x in members} - {f.objective, None}
                if others:
                    out[f.objective] = False
        return out

    def probes(self, game: Game, pic: Picture, f: Front,
               isolated: dict[str, bool]) -> list[Target]:
        """Before its main assault a front attacks only positions lighter than
        `probe_max_works`: outposts and field works, never the fortress's main works — and,
        while the port is not cut off, the light posts nearby that link its pocket to
        another fortress's."""
        links = set() if isolated[f.objective] else self.links(game, pic, f)
        light = {h for h in {u.hex for u in f.garrison} | links
                 if float(pic.state.works[h]) < self.profile.probe_max_works}
        return self.targets(pic, f, isolated[f.objective], among=light)

    def links(self, game: Game, pic: Picture, f: Front) -> set[int]:
        """Hexes of enemy units outside this fortress, in its core's pocket and near its
        ring: what keeps it from being cut off."""
        core = pic.world.map.place_hex[f.objective]
        pockets = {game.state.supply[u.id].pocket for u in pic.foes_here(core)
                   if u.id in game.state.supply} - {None}
        own = {u.id for u in f.garrison}
        near = pic.geo.distance_to_set(f.place_hexes)
        reach = self.profile.ring_radius + pic.fort_radius
        return {u.hex for u in pic.foes if u.id not in own and near[u.hex] <= reach
                and game.state.supply.get(u.id) is not None
                and game.state.supply[u.id].pocket in pockets}

    def targets(self, pic: Picture, f: Front, isolated: bool,
                among: set[int] | None = None) -> list[Target]:
        """The enemy hexes this front works on now (of `among`, if given), most worthwhile
        first."""
        left_hexes = {pic.world.map.place_hex[p] for p in f.left}
        core = pic.world.map.place_hex[f.objective]
        per_place = f.points / max(1, len(f.places))
        keep = pic.fort_keep([u for u in f.units
                              if pic.world.unit_types[u.type_id].assault_specialist > 0])
        own_near = pic.geo.distance_to_set({u.hex for u in f.units} or f.place_hexes)
        out = []
        for h in sorted({u.hex for u in f.garrison} | (among or set())):
            if among is not None and h not in among:
                continue
            near_own = int(own_near[h])  # hexes to the nearest of our units (or its places)
            if h == core and not isolated and len(f.left) > 1:
                continue  # the core waits until the port is cut off
            value = per_place * (1.0 if h in left_hexes else 0.3)
            defence = pic.hex_defence(h, fort_keep=keep)
            free_sides = sum(1 for n in pic.geo.neighbours[h]
                             if n >= 0 and pic.geo.land[n] and n not in pic.foe_at)
            if free_sides == 0:
                continue
            score = value / (1.0 + defence) * (0.7 ** near_own) * (0.6 + 0.1 * free_sides)
            out.append((score, h, value, defence))
        out.sort(key=lambda x: (-x[0], x[1]))
        return [Target(h, f, v, d) for _, h, v, d in out[: self.profile.targets_per_front]]

    # --- civilians --------------------------------------------------------------------------
    def truces(self, game: Game, pic: Picture, active: list[Front],
               targets: dict[str, list[Target]], isolated: dict[str, bool]) -> None:
        """Evacuate a crowded town before fighting in it, on a day of preparation."""
        threshold = self.profile.truce_min_civilians
        if threshold <= 0:
            return
        rules = pic.world.rules.civilians
        hours = min(24 * pic.world.scenario.turn_length_days,
                    math.ceil(1.0 / max(1e-6, rules.evacuation_share_per_hour)))
        guns = [g for g in pic.own if pic.is_gun(g)]
        asked = truces_asked(game, self.side)
        for f in active:
            if not isolated.get(f.objective, True):
                continue  # the siege proper has not begun
            for place in f.left:
                if place in asked or game.state.civilians.get(place, 0) < threshold:
                    continue
                h = pic.world.map.place_hex[place]
                if sum(pic.world.map.distance(g.hex, h) <= pic.gun_range(g) for g in guns) < 2:
                    continue  # no guns yet to make the town dangerous
                soon = any(pic.world.map.distance(t.hex, h) <= rules.truce_radius_hexes
                           for t in targets[f.objective])
                ready = any(ready_attackers(game, pic, t.hex) for t in targets[f.objective]
                            if pic.world.map.distance(t.hex, h) <= rules.truce_radius_hexes)
                if soon and not ready and push(game, Truce(self.side, place, hours)):
                    asked.add(place)

    # --- movement ---------------------------------------------------------------------------
    def cordon_hexes(self, pic: Picture, f: Front) -> list[int]:
        """Hexes on a ring round the fortress, every third one: their zones close the ring."""
        ring = [h for h in pic.geo.ring(f.place_hexes, self.profile.ring_radius)
                if h not in pic.foe_at]
        if not ring:
            return []
        cq = float(np.mean(pic.geo.q[f.place_hexes]))
        cr = float(np.mean(pic.geo.r[f.place_hexes]))
        ring.sort(key=lambda h: math.atan2(float(pic.geo.r[h]) - cr,
                                           float(pic.geo.q[h]) - cq + 0.5 * (pic.geo.r[h] - cr)))
        chosen: list[int] = []
        for h in ring:
            if not chosen or pic.world.map.distance(h, chosen[-1]) >= 3:
                chosen.append(h)
        if len(chosen) > 1 and pic.world.map.distance(chosen[0], chosen[-1]) < 2:
            chosen.pop()
        return chosen

    def move_fronts(self, game: Game, pic: Picture, fronts: list[Front],
                    targets: dict[str, list[Target]], isolated: dict[str, bool],
                    preps: dict[str, Preparation], aims: list[Target]) -> None:
        for f in fronts:
            if f.captured:
                continue
            units = [u for u in f.units if game.state.units[u.id].deployed]
            tlist = targets.get(f.objective, [])
            if not f.masked and not preps[f.objective].ready and aims:
                # The assault armour is kept for the main assault, staged within a day's
                # reach of it and out of contact, not spent on probes.
                armour = [u for u in units if pic.world.unit_types[u.type_id].assault_specialist]
                for u in armour:
                    move_toward(game, pic, u, aims[0].hex, pic.fort_radius, avoid=pic.contact)
                staged = {u.id for u in armour}  # by id: `in` on a list compares every field
                units = [u for u in units if u.id not in staged]
            if f.masked:
                self.hold_cordon(game, pic, units, self.cordon_hexes_contain(pic, f))
                continue
            if not isolated.get(f.objective, True):
                cordon = self.cordon_hexes(pic, f)
                screeners = sorted(units, key=lambda u: (pic.strength(u, attacking=True), u.id))
                n = min(len(cordon), max(0, len(units) - 2))
                self.hold_cordon(game, pic, screeners[:n], cordon)
                units = screeners[n:]
            if not tlist and not preps[f.objective].ready:
                # nothing light enough to probe: hold a ring round the works
                self.hold_cordon(game, pic, units, self.cordon_hexes_contain(pic, f))
                continue
            self.close_in(game, pic, units, tlist, f)

    def cordon_hexes_contain(self, pic: Picture, f: Front) -> list[int]:
        ring = [h for h in pic.geo.ring(f.place_hexes, pic.fort_radius + 1)
                if h not in pic.foe_at]
        ours = sorted({u.hex for u in f.units}) or f.place_hexes
        near = pic.geo.distance_to_set(ours)  # hex distance to the nearest of ours
        at = np.array(ring, dtype=np.int64)
        ring = at[np.lexsort((at, near[at]))].tolist()  # nearest first, then by index
        chosen: list[int] = []
        taken: set[int] = set()  # hexes within 2 of a post chosen: the next one is 3 away
        for h in ring:
            if h not in taken:
                chosen.append(h)
                taken.update(pic.geo.disc(h, 2))
        return chosen

    def hold_cordon(self, game: Game, pic: Picture, units: list[UnitState],
                    posts: list[int]) -> None:
        """Send each unit to the nearest free post (already there: it stays)."""
        free_posts = set(posts)
        movers = []
        for u in sorted(units, key=lambda u: u.id):
            if u.hex in free_posts:
                free_posts.discard(u.hex)
            else:
                movers.append(u)
        for u in movers:
            if not free_posts:
                break
            unit = game.state.units[u.id]
            best = min(free_posts, key=lambda h: (pic.world.map.distance(unit.hex, h), h))
            free_posts.discard(best)
            move_toward(game, pic, unit, best, 0)

    def close_in(self, game: Game, pic: Picture, units: list[UnitState], tlist: list[Target],
                 f: Front) -> None:
        """Bring each unit next to a target: assault armour to the hardest, the rest by need."""
        if not tlist:
            goal_hexes = [pic.world.map.place_hex[p] for p in f.left] or f.place_hexes
            for u in units:
                move_toward(game, pic, u, goal_hexes[0], 1)
            return
        desired = odds_for(pic, self.min_win + 0.05)
        need = {t.hex: desired * t.defence for t in tlist}
        got = {t.hex: 0.0 for t in tlist}
        hardest = max(tlist, key=lambda t: t.defence).hex
        specialists = [u for u in units if pic.world.unit_types[u.type_id].assault_specialist > 0]
        armour = {u.id for u in specialists}  # by id: `in` on a list compares every field
        rest = [u for u in units if u.id not in armour]
        plan: list[tuple[UnitState, int]] = []
        for u in specialists:
            got[hardest] += pic.strength(u, attacking=True)
            plan.append((u, hardest))
        for u in sorted(rest, key=lambda u: -pic.strength(u, attacking=True)):
            unit = game.state.units[u.id]
            cls = pic.world.unit_types[unit.type_id].movement_class

            def cost(t: Target, unit: UnitState = unit, cls: str = cls) -> tuple[float, int]:
                short = 0.0 if got[t.hex] < need[t.hex] else 50.0
                return (self.approx_cost(pic, cls, unit.hex, t.hex) + short, t.hex)

            t = min(tlist, key=cost)
            got[t.hex] += pic.strength(unit, attacking=True)
            plan.append((unit, t.hex))
        # A target is "on" when the troops sent to it and the guns in range promise the odds;
        # until then its troops wait where the enemy guns cannot reach them (by profile).
        avoid_all = pic.under_fire
        support = {t.hex: 0.5 * sum(pic.gun_power(g) for g in pic.guns_in_range(t.hex, 2))
                   for t in tlist}
        for u, h in plan:
            if pic.world.map.distance(game.state.units[u.id].hex, h) <= 1:
                continue
            on = got[h] + support[h] >= need[h]
            avoid = avoid_all if self.profile.stage_out_of_range and not on else None
            move_toward(game, pic, u, h, 1, spread=self.profile.spread, avoid=avoid)

    @staticmethod
    def approx_cost(pic: Picture, cls: str, start: int, goal: int) -> float:
        """Movement cost near the goal (terrain matters there); hex distance farther off."""
        d = pic.world.map.distance(start, goal)
        return pic.geo.cost(cls, start, goal) if d <= 8 else d + 8.0

    def move_guns(self, game: Game, pic: Picture, aims: list[Target]) -> None:
        """The siege train's guns close to a few hexes short of their range from the main
        effort's first target: one fortress at a time."""
        if not aims:
            return
        t = aims[0]
        guns = [u for u in pic.own if pic.is_gun(u) and pic.mobile(u)]
        for u in sorted(guns, key=lambda u: u.id):
            unit = game.state.units[u.id]
            reach = pic.gun_range(unit)
            if pic.world.map.distance(unit.hex, t.hex) <= reach:
                continue
            move_toward(game, pic, unit, t.hex, max(2, reach - 2))

    # --- fire -------------------------------------------------------------------------------
    def fire(self, game: Game, pic: Picture, active: list[Front],
             targets: dict[str, list[Target]], preps: dict[str, Preparation],
             aims: list[Target]) -> None:
        today = [t for f in active for t in targets.get(f.objective, [])]
        ready = [t for t in today if ready_attackers(game, pic, t.hex)]
        main_assault = [t for t in ready if preps[t.front.objective].ready
                        and self.may_storm(pic, t.hex, ready_attackers(game, pic, t.hex))]
        self.air_raid(game, pic, main_assault, aims)
        guns = [u for u in pic.own_guns if not u.fired]
        if not guns:
            return
        plan = self.profile.fire_plan
        if plan == "nearest":
            for g in guns:
                foes = sorted(pic.foe_at, key=lambda h: (pic.world.map.distance(g.hex, h), h))
                for h in foes[:3]:
                    if shoot(game, pic, g, h):
                        break
            return
        held_for_support: set[str] = set()
        for t in sorted(ready, key=lambda t: -t.defence):
            attackers = ready_attackers(game, pic, t.hex)
            attack = pic.unit_attack(attackers)
            keep = pic.fort_keep(attackers)
            in_range = sorted((g for g in pic.guns_in_range(t.hex) if not g.fired
                               and g.id not in held_for_support),
                              key=lambda g: -pic.gun_power(g))
            if in_range and float(pic.state.works[t.hex]) >= self.profile.hasty_max_works:
                # works are stormed only with guns firing in support: keep the heaviest one
                held_for_support.add(in_range[0].id)
                attack += 0.5 * pic.gun_power(in_range[0])
                in_range = in_range[1:]
            supp = 0.0
            for g in in_range:
                power = pic.gun_power(g)
                if plan == "split":
                    gain_fire = pic.shoot_suppression(power, t.hex)
                    d_now = pic.hex_defence(t.hex, keep, supp)
                    d_fire = pic.hex_defence(t.hex, keep, 1 - (1 - supp) * (1 - gain_fire))
                    odds_fire = attack / max(1e-6, d_fire)
                    odds_support = (attack + 0.5 * power) / max(1e-6, d_now)
                    if odds_support >= odds_fire:
                        held_for_support.add(g.id)
                        attack += 0.5 * power
                        continue
                    if shoot(game, pic, g, t.hex):
                        supp = 1 - (1 - supp) * (1 - gain_fire)
                else:
                    if supp < 0.6 and shoot(game, pic, g, t.hex):
                        supp = 1 - (1 - supp) * (1 - pic.shoot_suppression(power, t.hex))
                    else:
                        held_for_support.add(g.id)
        # Guns with nothing to do today wear down the works of tomorrow's targets, and of the
        # main effort's while its assault is prepared — unless shells are counted: then the
        # stockpile is kept for the assault itself.
        later = sorted(today, key=lambda t: -t.defence)
        if self.side not in game.state.ammunition:
            later += aims
        for g in guns:
            unit = game.state.units[g.id]
            if unit.fired or g.id in held_for_support:
                continue
            for t in later:
                if shoot(game, pic, unit, t.hex):
                    break

    def air_raid(self, game: Game, pic: Picture, ready: list[Target],
                 today: list[Target]) -> None:
        grants = [g for g in game.state.raids if g.side == self.side and g.raids > 0
                  and (g.until is None or game.state.date <= g.until)]
        if not grants:
            return
        air = pic.world.weathers[game.state.weather].air
        if air <= 0:
            return
        last_day = min((g.until for g in grants if g.until is not None), default=None)
        expiring = last_day is not None and (last_day - game.state.date).days < \
            sum(g.raids for g in grants)
        if air < self.profile.raid_min_air and not expiring:
            return
        pool = ready or (today if expiring else [])
        if not pool:
            return

        def worth(t: Target) -> float:
            civilians = sum(game.state.civilians.get(p, 0)
                            for p in pic.world.map.hex_places.get(t.hex, ()))
            penalty = 0.0 if self.profile.raid_targets_civilians else civilians / 2000.0
            return t.defence * (2.0 if ready_attackers(game, pic, t.hex) else 1.0) - penalty

        best = max(pool, key=lambda t: (worth(t), -t.hex))
        push(game, AirRaid(self.side, pic.world.map.grid.hex_of(best.hex)))

    # --- assaults ---------------------------------------------------------------------------
    def assaults(self, game: Game, pic: Picture, fronts: list[Front],
                 targets: dict[str, list[Target]]) -> None:
        planned = [t for f in fronts for t in targets.get(f.objective, [])]
        done: set[int] = set()
        for t in sorted(planned, key=lambda t: (-t.value, t.hex)):
            done.add(t.hex)
            self.try_assault(game, pic, t.hex, t.value, self.min_win)
        # Opportunities: enemies next to our units, outside masked fortresses (their outposts
        # included), at slightly better odds than a planned assault needs.
        masked_cores = [f for f in fronts if f.masked and not f.captured]
        core_near = pic.geo.distance_to_set([h for f in masked_cores for h in f.place_hexes])
        for h in sorted(pic.enemy_hexes()):
            if h in done or core_near[h] <= pic.fort_radius or not ready_attackers(game, pic, h):
                continue
            self.try_assault(game, pic, h, OPPORTUNITY_VALUE, min(0.95, self.min_win + 0.05))

    def may_storm(self, pic: Picture, h: int, attackers: list[UnitState]) -> bool:
        """Works of `armour_works_level` or more are stormed only with assault armour."""
        return float(pic.state.works[h]) < self.profile.armour_works_level or any(
            pic.world.unit_types[u.type_id].assault_specialist > 0 for u in attackers)

    def try_assault(self, game: Game, pic: Picture, h: int, value: float, need: float) -> None:
        attackers = ready_attackers(game, pic, h)
        if not attackers or not pic.foes_here(h):
            return
        if not self.may_storm(pic, h, attackers):
            return  # intact concrete: infantry alone would only fill the ditches
        works = float(pic.state.works[h])
        support = ready_support(game, pic, h)
        keep = pic.fort_keep(attackers)
        est = (pic.unit_attack(attackers) + 0.5 * sum(pic.gun_power(g) for g in support)) / \
            max(1e-6, pic.hex_defence(h, keep))
        if est < odds_for(pic, need) * 0.6:
            return  # far short: spare the prediction
        order = best_assault(game, pic, h, attackers, support, min_win=need,
                             breadth=self.profile.compositions, place_value=value,
                             casualty_weight=self.profile.casualty_weight,
                             prepared_only=works >= self.profile.hasty_max_works)
        if order is not None:
            push(game, order)

    def occupy(self, game: Game, pic: Picture, active: list[Front]) -> None:
        """Walk into places of our objectives that the enemy no longer stands in."""
        for f in active:
            empty = [p for p in f.left if game.state.owner.get(p) != self.side
                     and not pic.foes_here(pic.world.map.place_hex[p])]
            if not empty:
                continue
            cands = [u for u in pic.own if pic.mobile(u) and not pic.is_gun(u)
                     and u.deployed and not u.attacked and u.mp > 0]
            for place in empty:
                h = pic.world.map.place_hex[place]
                for u in sorted(cands, key=lambda u: (pic.world.map.distance(u.hex, h), u.id))[:3]:
                    if move_toward(game, pic, u, h, 0) and \
                            game.state.owner.get(place) == self.side:
                        break
