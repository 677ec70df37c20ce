"""The scenario's historical plan, executed as ordinary orders.

Each dated plan order becomes the standing intent of the units it lists, from its date (or, for an
order with `after` places, from the day after the last of them falls, if that is later: a phase
ordered to follow others) until it is done or a later plan order names the same unit (when a
later assault or shoot is done, the unit goes back to an earlier one of the same pile that is
not; a `move` starts a new pile):
- `move`: go to the place (next to it if the enemy holds its hex);
- `assault`: close in on the place's hex and attack it until the side holds it. The assault
  goes in on the day of its order whatever the odds (the dates are history); on a later day
  (the first attempt failed, or the units came up late) it is renewed only when the engine's
  prediction says it is prepared (guns support it, or the defenders were shelled or bombed that
  day) or its chance to win is at least the ruleset's `plan.renew_min_win`, as a commander sent
  a beaten battalion in again only behind fresh fire or at fair odds;
- `bombard`: get in range and shell the place (or the enemy hex nearest it) every day until held;
  on a day with assaults near it, fire in support of one of them instead (the barrage the
  infantry follow: the fire plan spreads the guns over the day's assaults, the least supported
  first), and shell it after all if that assault does not go in; once the place is held, serve
  any of the day's assaults in range;
- `hold`: stay put.
`air_raid`, `truce` and `stockpile` (the lorries build up that dump first) are one-shot: the
raid is flown on the first day from its date when a raid is granted and the weather lets
bombers fly; the truce is asked for on its date (and the
two following days if it is not yet legal). Nothing is scripted: every order goes through the
rules, and the outcome is whatever they give. Under fog of war the plan is worked out on what the
side sees, so an order may run into an enemy it did not see: the rules refuse it and the plan goes
on with its next order, as a column stopped by an unseen post does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.ai.tactics import try_push
from engine.format.scenario import (
    PlanAirRaid,
    PlanAssault,
    PlanBombard,
    PlanHold,
    PlanMove,
    PlanStockpile,
    PlanTruce,
    Scenario,
)
from engine.game import Game
from engine.history.plan_tactics import (
    approach,
    assault_group,
    can_fire_at,
    fire_target,
    hex_tuple,
    is_gun,
)
from engine.orders import AirRaid, Assault, Bombard, EndTurn, Stockpile, Truce
from engine.rules.victory import objective_places
from engine.state import UnitState


def plan_sides(scenario: Scenario) -> frozenset[str]:
    """The sides whose units the historical plan gives orders to: the sides it can play."""
    side_of = {u.id: u.side for u in scenario.units}
    return frozenset(side_of[uid] for p in scenario.history.plan
                     for uid in getattr(p, "units", ()) if uid in side_of)


@dataclass(frozen=True)
class Intent:
    kind: str  # "move" | "assault" | "bombard" | "hold"
    place: str
    since: dt.date


class PlanExecutor:
    """Gives one side's orders from the scenario's `history.plan`."""

    def __init__(self, game: Game, side: str) -> None:
        self.side = side
        self.world = game.world
        self.plan = sorted(game.world.scenario.history.plan, key=lambda p: p.date)
        self.done_one_shots: set[int] = set()
        # the day each order with `after` places first found them all held (its phase began)
        self.began: dict[int, dt.date] = {}
        # an objective named in `after` stands for all its places: the fortress has fallen
        self.after_places = [
            tuple(q for place in p.after for q in (
                objective_places(self.world.objectives[place])
                if place in self.world.objectives else (place,)))
            for p in self.plan
        ]

    def since(self, n: int, today: dt.date, owner: dict[str, str | None] | None
              ) -> dt.date | None:
        """The day plan order `n` took effect, if it has by `today`: its date, or for an order
        with `after` places the first day at whose start the side held them all (they fell on an
        earlier day; an objective's place stands for all of the objective's places). Without
        `owner`, every order counts from its date."""
        p = self.plan[n]
        if p.date > today:
            return None
        if not p.after or owner is None:
            return p.date
        if n not in self.began:
            if any(owner.get(place) != self.side for place in self.after_places[n]):
                return None
            self.began[n] = today
        return self.began[n]

    def intents(self, today: dt.date, owner: dict[str, str | None] | None = None
                ) -> dict[str, Intent]:
        """Each unit's standing intent today.

        A unit's plan orders pile up: `move` and `hold` start a new pile (a redeployment ends
        what came before), `assault` and `bombard` go on top. The intent is the topmost order
        not yet done, so a battalion whose latest target has fallen goes back to an earlier
        one that still holds out; a gun whose latest shoots are all done keeps its last
        `bombard` intent (it fires for the day's assaults in range) rather than going back to
        the move that brought it. Without `owner`, the latest order is returned.
        """
        piles: dict[str, list[Intent]] = {}
        started = sorted(
            (since, n) for n in range(len(self.plan))
            if (since := self.since(n, today, owner)) is not None
        )
        for since, n in started:
            p = self.plan[n]
            if isinstance(p, PlanMove | PlanHold):
                intent = Intent("move", p.to, since) if isinstance(p, PlanMove) \
                    else Intent("hold", "", since)
                for uid in p.units:
                    piles[uid] = [intent]
            elif isinstance(p, PlanAssault | PlanBombard):
                kind = "assault" if isinstance(p, PlanAssault) else "bombard"
                for uid in p.units:
                    piles.setdefault(uid, []).append(Intent(kind, p.target, since))
        out: dict[str, Intent] = {}
        for uid, pile in piles.items():
            undone = [
                i for i in pile
                if owner is None or i.kind in ("move", "hold") or owner.get(i.place) != self.side
            ]
            if undone and undone[-1].kind in ("move", "hold") and pile[-1].kind == "bombard":
                out[uid] = pile[-1]  # its shoots done, a gun stays in the fire plan where it is
            else:
                out[uid] = undone[-1] if undone else pile[-1]
        return out

    def play_phase(self, game: Game) -> None:
        state = game.state
        today = state.date
        self._one_shots(game, today)
        intents = {
            uid: i for uid, i in self.intents(today, state.owner).items()
            if uid in state.units and state.units[uid].side == self.side
            and state.units[uid].deployed
        }
        wmap = self.world.map
        # Today's assault targets: the guns' fire plan serves them first.
        assault_hexes = sorted({
            wmap.place_hex[i.place] for i in intents.values() if i.kind == "assault"
            and state.owner.get(i.place) != self.side
        })
        # The guns first: a gun whose fire plan serves one of today's assaults is kept to fire
        # in support of it (the barrage the infantry follow); the others shoot now (preparation
        # for later assaults). Then movement, then the assaults.
        plan_reach = self.world.rules.plan.fire_plan_hexes
        support: dict[int, list[str]] = {}
        held_back: dict[str, tuple[int, bool, int | None]] = {}
        for uid, intent in sorted(intents.items()):
            u = state.units[uid]
            if intent.kind not in ("bombard", "assault") or not is_gun(game, u):
                continue
            target = wmap.place_hex[intent.place]
            # its target taken, the gun goes on firing for the day's assaults it can reach
            # (the fire plan serves each phase of the operation, nearest its old target first)
            taken = state.owner.get(intent.place) == self.side
            fallback, within = (False, None) if taken else (True, plan_reach)
            if not taken and self._served(game, u, target, assault_hexes, within, support) is None \
                    and self._fire(game, u, target, assault_hexes, fallback, within) is None:
                move = approach(game, u, target, stop_adjacent=True)
                if move is not None:
                    try_push(game, move)
            u = state.units[uid]
            served = self._served(game, u, target, assault_hexes, within, support)
            if served is not None:
                support.setdefault(served, []).append(uid)
                held_back[uid] = (target, fallback, within)
                continue
            order = self._fire(game, u, target, assault_hexes, fallback, within)
            if order is not None:
                try_push(game, order)
        for uid, intent in sorted(intents.items()):
            u = game.state.units[uid]
            if intent.kind == "hold" or (is_gun(game, u) and intent.kind != "move"):
                continue
            target = wmap.place_hex[intent.place]
            if intent.kind == "assault" and game.state.owner.get(intent.place) == self.side:
                continue
            enemy_there = any(x.side != self.side for x in game.state.units_at(target))
            move = approach(game, u, target, stop_adjacent=enemy_there)
            if move is not None:
                try_push(game, move)
        targets = sorted({
            wmap.place_hex[i.place] for i in intents.values() if i.kind == "assault"
            and game.state.owner.get(i.place) != self.side
        })
        for target in targets:
            group = [
                game.state.units[uid] for uid, i in sorted(intents.items())
                if i.kind == "assault" and wmap.place_hex[i.place] == target
            ]
            order = assault_group(game, self.side, target, group, min_win=0.0,
                                  support=tuple(support.get(target, ())))
            if order is not None and (
                any(intents[uid].since == today for uid in order.units)
                or self._renewal_ready(game, order)
            ):
                try_push(game, order)
        # guns kept for an assault that did not go in fire their shoot after all
        for uid, (target, fallback, within) in sorted(held_back.items()):
            order = self._fire(game, game.state.units[uid], target, assault_hexes, fallback,
                               within)
            if order is not None:
                try_push(game, order)
        game.push(EndTurn(self.side))

    def _renewal_ready(self, game: Game, order: Assault) -> bool:
        """Whether an assault ordered on an earlier day goes in again today: prepared (guns in
        support, or fire on the defenders today), or at a chance to win of at least
        `plan.renew_min_win`."""
        guess = game.predict(order)
        return guess.prepared or guess.win_chance >= self.world.rules.plan.renew_min_win

    def _served(self, game: Game, u: UnitState, target: int, assault_hexes: list[int],
                within: int | None, support: dict[int, list[str]]) -> int | None:
        """The day's assault the gun can fire at in support, if one: of those within `within`
        hexes of its own target (None: any), the one with the fewest guns so far (a fire plan
        spreads the guns over the day's attacks), then the nearest its target."""
        wmap = self.world.map
        fits = [(len(support.get(h, ())), wmap.distance(h, target), h) for h in assault_hexes
                if (within is None or wmap.distance(h, target) <= within)
                and can_fire_at(game, u, h)]
        return min(fits)[2] if fits else None

    def _fire(self, game: Game, u: UnitState, target: int, assault_hexes: list[int],
              fallback: bool, within: int | None) -> Bombard | None:
        """A shoot for a gun told to fire at `target`: on today's assault nearest that target
        (within `within` hexes of it, None: any; in range), so the infantry go in behind the
        fire, else (with `fallback`) on the enemy nearest the target itself."""
        wmap = self.world.map
        near = sorted((wmap.distance(h, target), h) for h in assault_hexes
                      if within is None or wmap.distance(h, target) <= within)
        for _, h in near:
            order = fire_target(game, u, h, 0)
            if order is not None:
                return order
        return fire_target(game, u, target, 2) if fallback else None

    def _one_shots(self, game: Game, today: dt.date) -> None:
        for n, p in enumerate(self.plan):
            if n in self.done_one_shots:
                continue
            since = self.since(n, today, game.state.owner)
            if since is None:
                continue
            if isinstance(p, PlanAirRaid):
                if game.state.owner.get(p.target) == self.side:
                    self.done_one_shots.add(n)  # already ours: the raid is called off
                    continue
                order = AirRaid(self.side, hex_tuple(game, self.world.map.place_hex[p.target]))
                if try_push(game, order):
                    self.done_one_shots.add(n)
            elif isinstance(p, PlanStockpile):
                order = Stockpile(self.side, p.place)
                try_push(game, order)
                self.done_one_shots.add(n)
            elif isinstance(p, PlanTruce):
                grace = self.world.rules.plan.truce_grace_days
                if (today - since).days > grace:  # its days went by without the plan: one
                    self.done_one_shots.add(n)  # handed the side after them asks for none
                    continue
                truce = Truce(self.side, p.place, p.hours)
                if try_push(game, truce) or (today - since).days >= grace:
                    self.done_one_shots.add(n)
