"""The one place the front end talks to the rules engine.

A `Session` owns the engine's `Game` and turns its state into plain views the screens draw
(`UnitView`, objective holders, works, civilians), and turns clicks into engine orders. The
screens never read engine internals and never decide anything about the rules: legal moves,
odds, supply and zones of control all come from engine queries made here.

Views are rebuilt after every change and read from a cache, so while the AI thinks in a worker
thread the window keeps drawing the last position without touching the engine.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.ai.belief import believed_position
from engine.controllers import Controller, resume_controller
from engine.events import Event
from engine.format.loaded import LoadedScenario
from engine.format.scenario import text_in
from engine.game import Game, new_game
from engine.hexgrid import Hex
from engine.history.bibliography import Bibliography
from engine.history.plan import plan_sides
from engine.history.strait_report import strait_names
from engine.history.timeline import Timeline, colon, format_number
from engine.orders import (
    AirRaid,
    Assault,
    Bombard,
    EndTurn,
    IllegalOrder,
    Move,
    Order,
    Stockpile,
    Truce,
)
from engine.rules.bombardment import available_raid
from engine.rules.combat import surrender_threshold
from engine.rules.entrenchment import dug_in_share, spared_where_it_stands
from engine.rules.intelligence import Observation, observe
from engine.rules.movement import zoc_hexes
from engine.rules.prediction import predict, predict_fire
from engine.rules.strait import guns_in_action
from engine.rules.victory import ObjectiveProgress, objective_progress, owners_from_events
from engine.state import CUT_OFF, DEPOT, GameState
from engine.world import World
from game.fog import event_shown, fire_as_seen, shooter_hidden
from game.map.enemy_turn import EnemyTurn, enemy_turn
from game.map.features import MapFacts
from game.palette import RGB, hex_rgb
from game.players import AI, HISTORY, HUMAN, PLAYER_KINDS, Handover, SavedPlayers
from game.text.events import IMPORTANT, QUIET, decimal, describe, plural
from game.text.i18n import long_date, tr
from game.text.refusals import refusal_text

SUPPRESSED_FROM = 0.3  # suppression at which a counter shows the suppressed mark


@dataclass(frozen=True)
class GunShells:
    """A gun's shells as its card tells them, from the engine (`Game.shoot_cost`), for a side
    whose shells are counted: the dump that serves it and its stock, what one shoot (or
    supporting fire) takes, and whether they are too few to fire."""

    tons: float  # one shoot
    dump: str | None  # the place id of the dump in reach; None: no dump within reach
    place: str  # that dump's name in the player's language ("" without one)
    stock: float  # tons there now
    short: bool  # no dump in reach, or too few shells there for one shoot


@dataclass(frozen=True)
class UnitView:
    """A unit as the interface shows it."""

    id: str
    name: str
    short: str
    side: str
    nation: str
    type_id: str
    type_name: str
    symbol: str
    echelon: str
    men: int
    full_strength: int
    quality: str
    morale: float
    hex: Hex | None
    mp_left: float
    mp_max: float
    static: bool
    marks: frozenset[str] = frozenset()
    formation: str = ""
    can_bombard: bool = False
    bombard_range: int = 0
    attacked: bool = False
    fired: bool = False
    estimated: bool = False  # fog of war: an enemy whose position only is known
    dug_in: float = 0.0  # how far it has dug in where it stands (0-1); 0 when not known
    fire_spared: float = 0.0  # share of fire's killing power it is spared (works or holes)
    shells: GunShells | None = None  # a gun of a side counting its shells (under fog: own)
    ready_from: dt.date | None = None  # a gun (assault armour) redeploying: the day it fires

    def shown_men(self, lang: str) -> str:
        """Its men as the viewer may know them: a number, or '?' under the fog."""
        return "?" if self.estimated else format_number(self.men, lang)

    @property
    def strength_share(self) -> float:
        return self.men / self.full_strength if self.full_strength else 0.0


@dataclass(frozen=True)
class Reachable:
    """A hex a unit may move to: cost in movement points and the path (start first)."""

    hex: Hex
    cost: float
    path: tuple[Hex, ...]


@dataclass(frozen=True)
class CombatForecast:
    """The engine's prediction for an assault, in the numbers a player reads."""

    odds: float
    win_chance: float
    capture_chance: float
    surrender_chance: float
    attacker_losses: float
    defender_losses: float
    prisoners: float
    terrain: float
    fortification: float
    hexside: float
    attackers: tuple[str, ...]
    target: Hex
    support: tuple[str, ...] = ()
    ammunition_tons: float = 0.0  # shells the supporting guns would take from their dumps
    civilians: float = 0.0  # the people of the hex the supporting guns' shells would kill


@dataclass
class LogLine:
    date: dt.date
    text: str
    kind: str = "info"
    where: Hex | None = None  # the hex the event happened in, for "show me" in the log
    event: str = ""  # the engine event kind it tells (empty for notes and history lines)
    side: str = ""  # the side that acted, when the event names one


@dataclass
class SessionConfig:
    controllers: dict[str, str] = field(default_factory=dict)  # side -> HUMAN | AI | HISTORY
    pending: dict[str, str] = field(default_factory=dict)  # side -> its player from its next phase
    handovers: list[Handover] = field(default_factory=list)  # each change of player, in order
    difficulty: str = "normal"
    seed: int = 1944
    fog: bool = True  # each person sees the enemy only as its side knows it


class OrderRefused(Exception):
    """The engine refused an order; `reason` is its sentence for the player, in the player's
    language; `refusal` is the engine's `IllegalOrder` (code, params, English reason for logs)."""

    def __init__(self, reason: str, refusal: IllegalOrder | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.refusal = refusal


class Session:
    """A game in progress: scenario facts, the engine game and the views built from them."""

    def __init__(self, loaded: LoadedScenario, lang: str, config: SessionConfig | None = None,
                 game: Game | None = None, facts: MapFacts | None = None) -> None:
        self.loaded = loaded
        self.facts = facts or MapFacts(loaded, lang)
        self.lang = lang
        self.config = config or SessionConfig()
        for side in loaded.scenario.sides:
            self.config.controllers.setdefault(side.id, HUMAN)
        self.game: Game = game or new_game(loaded, self.config.seed)
        self.log: list[LogLine] = []
        self.last_events: list[Event] = []  # what the last order (or AI phase) brought about
        self.last_lines: list[LogLine] = []  # and the log lines that tell it
        self.revision = 0
        self.phase_start = len(self.game.orders)
        self._log_marks: list[int] = []  # log length before each order of this phase (undo)
        self._views: dict[str, UnitView] = {}
        self._supply_cache: tuple[int, str, dict[str, Any]] | None = None
        self._believed: tuple[int, GameState] | None = None
        self._bibliography: Bibliography | None = None
        self._forecasts: dict[tuple, CombatForecast | None] = {}
        self._ai_thread: threading.Thread | None = None
        self._ai_result: tuple[int, BaseException | None] | None = None
        self.ai_side: str | None = None  # the side the AI played last
        self._controllers: dict[str, Controller] = {}  # built on a side's first phase
        self._history_until: dt.date | None = None  # last day whose 1944 lines are logged
        self._timeline: Timeline | None = None  # the scenario's history, read when needed
        self._owners = owners_from_events(self.world.scenario, ())  # as of the last event logged
        self.refresh()
        self.add_events(self.game.all_events())
        self._settle()

    # --- facts ----------------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        return self.game.state

    @property
    def date(self) -> dt.date:
        return self.game.state.date

    @property
    def turn(self) -> int:
        """Turn number as players count it (the engine counts from 0)."""
        return self.game.state.turn + 1

    @property
    def last_turn(self) -> int:
        return self.world.last_turn + 1

    @property
    def side_to_move(self) -> str:
        return self.game.side_to_move

    @property
    def over(self) -> bool:
        return self.game.over

    @property
    def weather(self) -> str:
        weather = self.world.weathers.get(self.game.state.weather)
        return text_in(weather.name, self.lang) if weather else self.game.state.weather

    def side_name(self, side_id: str) -> str:
        return self.facts.side_name(side_id, self.lang)

    def is_human(self, side_id: str) -> bool:
        return self.config.controllers.get(side_id, HUMAN) == HUMAN

    @property
    def human_to_move(self) -> bool:
        return not self.over and self.is_human(self.side_to_move) and not self.ai_busy

    def viewing_side(self) -> str:
        """The side whose eyes the player sees with: the human one, else the side to move."""
        humans = [s for s, c in self.config.controllers.items() if c == HUMAN]
        if len(humans) == 1:
            return humans[0]
        return self.side_to_move

    # --- views ----------------------------------------------------------------------------
    @property
    def fog(self) -> bool:
        """Fog of war is on: a person plays (not AI against AI, not the historical plan)."""
        return self.config.fog and HUMAN in self.config.controllers.values() \
            and not self.watching_history

    def observation(self) -> Observation | None:
        """The viewing side's view of the position (engine.rules.intelligence), None without
        fog. The engine keeps the truth; saves and replays hold the truth too."""
        if not self.fog:
            return None
        return observe(self.world, self.game.state, self.viewing_side())

    @property
    def world(self) -> World:
        """The game's world of today (its map floods on the scenario's dates)."""
        return self.game.world

    def believed(self) -> GameState:
        """The position as the viewing side believes it (engine.ai.belief: unseen enemy units
        off the map, those known by position at full strength); the truth without fog. Every
        preview the person reads is made on it, so no forecast tells what the side cannot
        know."""
        if not self.fog:
            return self.game.state
        if self._believed is None or self._believed[0] != self.revision:
            self._believed = (self.revision, believed_position(self.world, self.game.state,
                                                               self.viewing_side()))
        return self._believed[1]

    def refresh(self) -> None:
        """Rebuild the unit views from engine state (call after every change)."""
        state = self.game.state
        world = self.world
        grid = world.map.grid
        scenario_units = world.scenario_units
        to_move = self.side_to_move
        self._observation = obs = self.observation()
        seen = {u.id for u in obs.seen} if obs is not None else set()
        known = {u.id for u in obs.known} if obs is not None else set()
        views: dict[str, UnitView] = {}
        for uid, u in state.units.items():
            if not u.deployed:
                continue
            own = obs is None or u.side == obs.side  # under fog, what only its side knows
            hidden = not own and uid not in seen
            if hidden and uid not in known:
                continue
            su = scenario_units.get(uid)
            utype = world.unit_types[u.type_id]
            quality = world.qualities.get(u.quality)
            marks: set[str] = set()
            supply = state.supply.get(uid)
            if supply is not None:
                if supply.state == CUT_OFF:
                    marks.add("out_of_supply")
                if supply.pocket is not None or supply.state == DEPOT:
                    marks.add("encircled")
            if u.suppression >= SUPPRESSED_FROM:
                marks.add("suppressed")
            if u.morale < surrender_threshold(world, state, u):
                marks.add("broken")
            if hidden:
                marks = set()  # what intelligence cannot tell
            if u.side == to_move and not utype.static and u.mp <= 1e-6:
                marks.add("spent")
            fire = world.rules_at_hex(u.hex).fire
            dug_in = 0.0 if hidden or fire.dig_in_protection <= 0 else dug_in_share(fire, u)
            spared = 0.0 if hidden else spared_where_it_stands(world, state, u)
            formation = ""
            if su is not None and su.formation:
                f = next((f for f in world.scenario.formations if f.id == su.formation), None)
                formation = text_in(f.name, self.lang) if f else ""
            views[uid] = UnitView(
                id=uid,
                name=text_in(su.name, self.lang) if su else uid,
                short=(su.short if su and su.short else uid[:6].upper()),
                side=u.side,
                nation=su.nation if su else "",
                type_id=u.type_id,
                type_name=text_in(utype.name, self.lang),
                symbol=utype.symbol,
                echelon=utype.echelon,
                men=u.men,
                full_strength=utype.full_strength,
                quality=text_in(quality.name, self.lang) if quality else u.quality,
                morale=float(u.morale),
                hex=grid.hex_of(u.hex),
                mp_left=float(u.mp),
                mp_max=float(utype.movement_points),
                static=utype.static,
                marks=frozenset(marks),
                formation=formation,
                can_bombard=utype.bombard is not None,
                bombard_range=utype.bombard.range_hexes if utype.bombard else 0,
                attacked=u.attacked,
                fired=u.fired,
                estimated=hidden,
                dug_in=dug_in,
                fire_spared=spared,
                shells=self._shells(uid) if own else None,
                ready_from=self._ready_from(uid) if own else None,
            )
        self._views = views
        self._stacks: dict[Hex, list[UnitView]] = {}
        for view in views.values():
            if view.hex is not None:
                self._stacks.setdefault(view.hex, []).append(view)
        works = state.works if obs is None else obs.works  # under fog: as the side knows them
        fortified = works > 0.05
        self._works = {grid.hex_of(int(i)): float(works[i]) for i in np.flatnonzero(fortified)}
        self._works_day = {} if obs is None else {
            grid.hex_of(int(i)): int(obs.works_day[i])
            for i in np.flatnonzero(fortified & ~obs.visible)}
        self._owner = dict(state.owner)
        self._progress = {p.objective: p for p in objective_progress(
            world.scenario, state.owner, state.captured, state.rings)}
        self._civilians = {p: n for p, n in state.civilians.items() if n > 0}
        self._pockets = [  # under fog, the enemy's pockets are its own knowledge
            (p.side, {grid.hex_of(h) for h in p.hexes}) for p in state.pockets
            if obs is None or p.side == obs.side
        ]
        self.revision += 1

    def _shells(self, unit_id: str) -> GunShells | None:
        """The unit's shells for its card; None unless it fires shells its side counts."""
        cost = self.game.shoot_cost(unit_id)
        if cost["tons"] <= 0:
            return None
        dump = cost["dump"]
        return GunShells(tons=cost["tons"], dump=dump,
                         place=self.facts.place_name(dump) if dump else "",
                         stock=cost["stock"], short=cost["short"])

    def _ready_from(self, unit_id: str) -> dt.date | None:
        ready = self.game.ready_from(unit_id)
        return dt.date.fromisoformat(ready) if ready else None

    def schedule(self, side: str, days: int = 3) -> list[str]:
        """The side's own reinforcements and withdrawals of the next `days` days, from the
        scenario (what its command knew was coming), soonest first."""
        from game.text.i18n import short_date, tr

        today = self.date
        until = today + dt.timedelta(days=days)
        coming: list[tuple[dt.date, str]] = []
        for unit in self.world.scenario.units:
            if unit.side != side:
                continue
            name = text_in(unit.name, self.lang)
            if unit.arrives is not None and today < unit.arrives.date <= until:
                coming.append((unit.arrives.date, tr(
                    "schedule.arrives", self.lang, date=short_date(unit.arrives.date, self.lang),
                    unit=name, place=self.facts.place_name(unit.arrives.place))))
            if unit.withdraws is not None and today < unit.withdraws <= until:
                coming.append((unit.withdraws, tr(
                    "schedule.leaves", self.lang, date=short_date(unit.withdraws, self.lang),
                    unit=name)))
        return [text for _, text in sorted(coming, key=lambda c: c[0])]

    def garrison_estimate(self, objective: str) -> tuple[int, int, tuple[str, ...]] | None:
        """Under the fog, the men believed to hold an objective: (low, high, the titles of
        the sources that give the range — as the Sources screen lists them, never their keys;
        none when the range is the rules' own estimate)."""
        obs = self._observation
        if obs is None:
            return None
        view = next((g for g in obs.garrisons if g.objective == objective), None)
        if view is None:
            return None
        if self._bibliography is None:
            self._bibliography = Bibliography(self.world.scenario.sources)
        titles = tuple(ref.title for ref in self._bibliography.resolve(view.sources)
                       if not ref.estimate)
        return view.low, view.high, titles

    def sees(self, unit_id: str) -> bool:
        """The viewing side sees this unit now (always true without fog, or for its own)."""
        obs = self.observation()
        unit = self.game.state.units.get(unit_id)
        return obs is None or unit is None or unit.side == obs.side or obs.sees(unit_id)

    def units(self) -> list[UnitView]:
        return list(self._views.values())

    def unit(self, unit_id: str) -> UnitView | None:
        return self._views.get(unit_id)

    def units_at(self, hex_: Hex) -> list[UnitView]:
        return list(self._stacks.get(hex_, ()))

    def stacks(self) -> dict[Hex, list[UnitView]]:
        return self._stacks

    def counter_colours(self, unit: UnitView) -> tuple[RGB, RGB]:
        return (
            hex_rgb(self.facts.side_colour(unit.side)),
            hex_rgb(self.facts.nation_colour(unit.side, unit.nation)),
        )

    def place_owner(self, place_id: str) -> str | None:
        return self._owner.get(place_id)

    def works_level(self, hex_: Hex) -> float:
        return self._works.get(hex_, 0.0)

    def works_hexes(self) -> dict[Hex, float]:
        return self._works

    def works_sighting(self, hex_: Hex) -> tuple[dt.date, bool] | None:
        """Under fog, for works out of the viewing side's sight (whose level `works_level`
        gives as it last saw them): the day it last saw them, and whether that was before the
        campaign (the scenario's level, photographed beforehand; the date is then the first
        day). None when it sees them now, or without fog."""
        day = self._works_day.get(hex_)
        if day is None:
            return None
        start = self.world.scenario.start_date
        return start + dt.timedelta(days=max(day, 0)), day < 0

    def civilians(self) -> dict[str, int]:
        return self._civilians

    def objective_holder(self, place_id: str) -> str:
        """The side the objective belongs to now: its attacker once it counts as taken, else
        the other side (whoever stands in its town)."""
        done = self._progress[place_id]
        if done.kind == "contain":  # a ring never takes the place it shuts in
            return self._owner.get(place_id) or self.world.enemy_of(done.side)
        return done.side if done.taken else self.world.enemy_of(done.side)

    def objective_taken(self, place_id: str) -> str | None:
        """ISO date the objective was taken in this game, or None."""
        return self.game.state.captured.get(place_id)

    def progress(self) -> dict[str, ObjectiveProgress]:
        """Each objective's progress now (the engine's one answer), by objective id."""
        return self._progress

    def progress_text(self, progress: ObjectiveProgress) -> str:
        """'taken 17 Sep' once the objective counts, else '3 of 7 places taken'; for a ring,
        'ring held 12 of 34 days' (and whether it is broken now)."""
        from game.text.i18n import short_date, tr

        if progress.kind == "contain":
            ring = progress.ring
            return tr("progress.ring_broken" if ring and ring.broken else "progress.ring",
                      self.lang, held=ring.held if ring else 0, days=progress.ring_total)
        if progress.taken_on:
            return tr("progress.taken", self.lang,
                      date=short_date(dt.date.fromisoformat(progress.taken_on), self.lang))
        key = "progress.place_one" if len(progress.places) == 1 else "progress.places"
        return tr(key, self.lang, held=len(progress.held), total=len(progress.places))

    def pockets(self) -> list[set[Hex]]:
        return [hexes for _, hexes in self._pockets]

    def supply_paths(self) -> list[tuple[list[Hex], RGB]]:
        """The selected side's traced supply lines, for the supply overlay."""
        if self.ai_busy:
            return []
        side = self.viewing_side()
        report = self.supply_report(side)
        colour = hex_rgb(self.facts.side_colour(side))
        out = []
        for entry in report.values():
            path = entry.get("path") or []
            if len(path) >= 2:
                out.append(([tuple(h) for h in path], colour))
        return out

    def supply_report(self, side: str) -> dict[str, Any]:
        if self._supply_cache and self._supply_cache[:2] == (self.revision, side):
            return self._supply_cache[2]
        report = self.game.supply_report(side)
        self._supply_cache = (self.revision, side, report)
        return report

    def supply_state(self, unit_id: str) -> dict[str, Any] | None:
        view = self._views.get(unit_id)
        if view is None or self.ai_busy:
            return None
        return self.supply_report(view.side).get(unit_id)

    def zoc(self, side: str) -> set[Hex]:
        if self.ai_busy:
            return set()
        grid = self.world.map.grid
        return {grid.hex_of(h) for h in zoc_hexes(self.world, self.believed(), side)}

    def fire_preview(self, target: Hex, unit_id: str | None = None) -> list[str]:
        """What to expect of a shoot by `unit_id` (or, without it, a heavy-bomber raid) on
        `target`, from the engine's fire prediction (engine.rules.prediction.predict_fire) on
        the position the side believes: the fire sent and the weather's share, the works'
        share and how far they should come down, the expected enemy losses (none of one's own),
        the civilians at risk — so a raid in the rain is not a surprise. Empty if the order
        could not be given."""
        lang = self.lang
        side = self.side_to_move
        order: Bombard | AirRaid = Bombard(side, unit_id, target) if unit_id is not None \
            else AirRaid(side, target)
        try:
            p = predict_fire(self.world, self.believed(), order)
        except (IllegalOrder, KeyError, ValueError):
            return []
        state = self.game.state
        if unit_id is not None:
            lines = [tr("preview.guns", lang, unit=self._unit_name(unit_id),
                        fire=f"{p.firepower:.0f}")]
            cost = self.game.shoot_cost(unit_id)
            if cost["dump"] is not None:
                lines.append(tr("preview.shells", lang, tons=format_number(cost["tons"], lang),
                                place=self.facts.place_name(cost["dump"]),
                                stock=format_number(cost["stock"], lang)))
        else:
            grant = available_raid(self.world, state, side,
                                   self.world.map.grid.index(target))
            weather = self.world.weathers[state.weather]
            bombers = format_number(grant.bombers if grant else 0, lang)
            lines = [tr("preview.bombers", lang, bombers=bombers,
                        weather=text_in(weather.name, lang), share=f"{p.weather_factor:.0%}")]
        unseen = "~" if self.works_sighting(target) is not None else ""  # as last seen
        level = self.facts.fortifications.get(round(p.works_before))
        lines.append(tr("preview.works", lang, level=unseen + decimal(p.works_before, lang),
                        name=text_in(level.name, lang) if level else "",
                        top=max(self.facts.fortifications, default=0),
                        share=f"{p.resistance:.0%}",
                        after=decimal(p.expected_works_after, lang, 2)))
        enemies = [u for u in self._stacks.get(target, ()) if u.side != side]
        guessed = any(u.estimated for u in enemies)
        men = "?" if guessed else format_number(sum(u.men for u in enemies), lang)
        lines.append(tr("preview.target", lang, units=plural(len(enemies), "enemy_unit", lang),
                        men=men))
        lines.append(tr("preview.losses_guessed" if guessed else "preview.losses", lang,
                        enemy=format_number(p.expected_losses, lang),
                        pinned=f"{p.expected_suppression:.0%}"))
        if enemies:
            lines.append(tr("preview.morale" if unit_id is not None else "preview.morale_raid",
                            lang, loss=f"{p.expected_morale_loss:.0f}"))
        if p.expected_civilians_killed >= 0.5 or p.stray_chance > 0:
            lines.append(tr("preview.civilians", lang,
                            killed=format_number(p.expected_civilians_killed, lang))
                         + (tr("preview.stray", lang, chance=f"{p.stray_chance:.0%}")
                            if p.stray_chance > 0 else ""))
        return lines

    def ammunition(self) -> dict[str, Any] | None:
        """The viewing side's artillery ammunition (None: its shells are not counted)."""
        return self.game.ammunition(self.viewing_side())

    def raids_left(self, side: str) -> int:
        return sum(r.raids for r in self.game.state.raids if r.side == side)

    def report_html(self) -> str:
        """The end-of-campaign summary: score, objectives against history, the losses."""
        from html import escape as esc

        from game.text.i18n import short_date, tr

        lang = self.lang
        score = self.game.score()
        lines = [f"<b>{esc(self.score_text())}</b>"]
        lines.append(tr("report.points", lang, objectives=f"{score.objective_points:.0f}",
                        prisoners=f"{score.prisoner_points:.0f}",
                        losses=f"{score.casualty_points:.0f}",
                        civilians=f"{score.civilian_points:.0f}"))
        lines.append("")
        progress = self.progress()
        for objective in self.facts.objectives:
            done = progress[objective.place_id]
            history = short_date(objective.fell, lang) if objective.fell else (
                tr("panel.held", lang, date=short_date(objective.held_until, lang))
                if objective.held_until else "—")
            if done.taken_on and done.kind == "capture":
                text = tr("report.objective", lang, history=history,
                          yours=short_date(dt.date.fromisoformat(done.taken_on), lang))
            else:
                text = tr("report.not_taken", lang, history=history,
                          progress=self.progress_text(done))
            lines.append(f"<b>{esc(objective.name)}</b>{colon(lang)}{esc(text)}")
        lines.append("")
        for side, tally in self.game.tallies().items():
            lines.append(f"<b>{esc(self.side_name(side))}</b>{colon(lang)}"
                         + tr("report.tally", lang,
                              lost=format_number(tally.get("lost", 0), lang),
                              captured=format_number(tally.get("captured", 0), lang)))
        killed = sum(self.game.state.civilian_casualties.values())
        saved = sum(self.game.state.civilians_evacuated.values())
        lines.append(tr("report.civilians", lang, killed=format_number(killed, lang),
                        saved=format_number(saved, lang)))
        played = self.played_by()
        if played:
            lines.append("")
            lines += [f"<b>{esc(self.side_name(side))}</b>{colon(lang)}{esc(text)}"
                      for side, text in played.items()]
        return "<br>".join(lines)

    def saved_players(self) -> SavedPlayers:
        """Who plays each side, for the save's side file (game/saves.py)."""
        config = self.config
        return SavedPlayers(dict(config.controllers), dict(config.pending), config.difficulty,
                            config.fog, list(config.handovers))

    def played_by(self) -> dict[str, str]:
        """For each side handed over during the game, who played it and from when: 'played by
        you, the AI from 7 Sep 1944'; empty when nobody changed hands."""
        from game.text.i18n import short_date

        out: dict[str, str] = {}
        for side in self.config.controllers:
            changes = [h for h in self.config.handovers if h.side == side]
            if not changes:
                continue
            who = [tr(f"players.by_{changes[0].before}", self.lang)]
            who += [tr("players.by_from", self.lang, who=tr(f"players.by_{h.after}", self.lang),
                       date=short_date(dt.date.fromisoformat(h.date), self.lang))
                    for h in changes]
            out[side] = tr("report.played_by", self.lang, who=", ".join(who))
        return out

    def score_text(self) -> str:
        score = self.game.score()
        levels = self.world.scenario.victory.levels
        level = next((lv for lv in levels if lv.id == score.level), None)
        name = text_in(level.name, self.lang) if level else str(score.level)
        return f"{score.total:.0f} / {score.available:.0f} — {name}"

    # --- queries --------------------------------------------------------------------------
    def reachable(self, unit_id: str) -> dict[Hex, Reachable]:
        if not self.human_to_move:
            return {}
        view = self._views.get(unit_id)
        if view is None or view.side != self.side_to_move:
            return {}
        try:
            options = self.game.legal_moves(unit_id)
        except KeyError:
            return {}
        return {o.to: Reachable(o.to, o.cost, o.path) for o in options}

    def candidates_for(self, unit_id: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The selected unit, the rest of its stack and any units the player added."""
        view = self._views.get(unit_id)
        if view is None or view.hex is None:
            return ()
        out = [unit_id]
        for other in [*self._stacks.get(view.hex, ()), *(self._views[u] for u in extra
                                                        if u in self._views)]:
            if other.id not in out and other.side == view.side:
                out.append(other.id)
        return tuple(out)

    def forecast(self, unit_id: str, target: Hex,
                 extra: tuple[str, ...] = ()) -> CombatForecast | None:
        """Engine prediction for the largest assault the engine accepts from the selected unit,
        its stack and the units the player added (guns that cannot join give fire support)."""
        if not self.human_to_move:
            return None
        key = (self.revision, unit_id, target, extra)
        if key in self._forecasts:
            return self._forecasts[key]
        if len(self._forecasts) > 256:
            self._forecasts.clear()
        self._forecasts[key] = result = self._forecast(unit_id, target, extra)
        return result

    def _forecast(self, unit_id: str, target: Hex,
                  extra: tuple[str, ...]) -> CombatForecast | None:
        side = self.side_to_move
        attackers: list[str] = []
        support: list[str] = []
        best = None
        for uid in self.candidates_for(unit_id, extra):
            for role in ("attack", "support"):
                trial_a = [*attackers, uid] if role == "attack" else attackers
                trial_s = [*support, uid] if role == "support" else support
                if not trial_a:
                    continue
                try:
                    p = predict(self.world, self.believed(),
                                Assault(side, tuple(trial_a), target, tuple(trial_s)))
                except (IllegalOrder, KeyError, ValueError):
                    continue
                attackers, support, best = trial_a, trial_s, p
                break
        if best is None:
            return None
        p = best
        return CombatForecast(
            odds=p.odds, win_chance=p.win_chance, capture_chance=p.capture_chance,
            surrender_chance=p.surrender_chance,
            attacker_losses=p.expected_attacker_losses,
            defender_losses=p.expected_defender_losses, prisoners=p.expected_prisoners,
            terrain=p.terrain, fortification=p.fortification, hexside=p.hexside,
            attackers=tuple(attackers), target=target, support=tuple(support),
            ammunition_tons=p.ammunition_tons, civilians=p.expected_civilians_killed,
        )

    def assault_refusal(self, unit_id: str, target: Hex) -> str | None:
        """Why the engine would refuse an assault by this unit on target (None if it would not)."""
        if not self.human_to_move:
            return None
        return self.check(Assault(self.side_to_move, (unit_id,), target))

    def check(self, order: Order) -> str | None:
        """Why the engine would refuse the order, in the player's language (None if legal)."""
        refusal = self.game.refusal(order)
        return self.refusal_text(refusal) if refusal is not None else None

    def refusal_text(self, refusal: IllegalOrder) -> str:
        """An engine refusal worded for the player (names, not ids; French when chosen)."""
        return refusal_text(refusal, self.lang, self.world)

    def bombard_refusal(self, unit_id: str) -> str | None:
        """Why the gun can shell no hex now, in the player's language; None if it can shell
        one (or is not a gun of the side to move). First the engine's refusal of any shoot by
        the gun, whatever the target (`Game.fire_refusal`: fired, laying its lines, no shells in
        reach or too few), then that no enemy is in range, then the engine's reason at the
        nearest enemy stack within range. What greys out the Bombard button, and says why."""
        view = self._views.get(unit_id)
        if view is None or view.hex is None or not view.can_bombard \
                or not self.human_to_move or view.side != self.side_to_move:
            return None
        refusal = self.game.fire_refusal(unit_id)
        if refusal is not None:
            return self.refusal_text(refusal)
        if self.bombard_targets(unit_id):
            return None
        distance = self.world.map.grid.distance
        enemy = sorted((distance(view.hex, h), h) for h, stack in self._stacks.items()
                       if any(u.side != view.side for u in stack))
        in_range = [h for d, h in enemy if d <= view.bombard_range]
        if not in_range:
            return tr("refuse.bombard_no_target", self.lang, unit=view.name,
                      range=view.bombard_range)
        return self.check(Bombard(view.side, unit_id, in_range[0]))

    def bombard_targets(self, unit_id: str) -> set[Hex]:
        """Enemy hexes the unit could shell now (the engine checks each)."""
        view = self._views.get(unit_id)
        if view is None or not view.can_bombard or not self.human_to_move \
                or self.game.fire_refusal(unit_id) is not None:
            return set()
        out = set()
        for hex_, stack in self._stacks.items():
            if any(u.side != view.side for u in stack) and view.hex is not None \
                    and self.world.map.grid.distance(view.hex, hex_) <= view.bombard_range \
                    and self.game.check(Bombard(view.side, unit_id, hex_)) is None:
                out.add(hex_)
        return out

    def truce_places(self) -> list[str]:
        """Places where the side to move may ask for an evacuation truce now."""
        side = self.side_to_move
        return [p for p in sorted(self._civilians)
                if self.game.check(Truce(side, p, 12)) is None]

    # --- orders ---------------------------------------------------------------------------
    def _push(self, order: Order) -> list[LogLine]:
        try:
            events = self.game.push(order)
        except IllegalOrder as exc:
            raise OrderRefused(self.refusal_text(exc), exc) from exc
        self._log_marks.append(len(self.log))
        self.last_events = self.as_seen(events)
        self.refresh()
        self.last_lines = self.add_events(events)
        return self.last_lines

    def move(self, unit_id: str, to: Hex) -> list[LogLine]:
        return self._push(Move(self.side_to_move, unit_id, to))

    def attack(self, attackers: tuple[str, ...], target: Hex,
               support: tuple[str, ...] = ()) -> list[LogLine]:
        return self._push(Assault(self.side_to_move, attackers, target, support))

    def bombard(self, unit_id: str, target: Hex) -> list[LogLine]:
        return self._push(Bombard(self.side_to_move, unit_id, target))

    def air_raid(self, target: Hex) -> list[LogLine]:
        return self._push(AirRaid(self.side_to_move, target))

    def truce(self, place: str, hours: int) -> list[LogLine]:
        return self._push(Truce(self.side_to_move, place, hours))

    def stockpile(self, place: str) -> list[LogLine]:
        """From tomorrow the side's lorries build up the ammunition dump at `place` first."""
        return self._push(Stockpile(self.side_to_move, place))

    def end_turn(self) -> list[LogLine]:
        lines = self._push(EndTurn(self.side_to_move))
        self.phase_start = len(self.game.orders)
        self._log_marks.clear()
        self._settle()
        return lines

    def can_undo(self) -> bool:
        return self.undo_refusal() is None

    def undo_refusal(self) -> str | None:
        """Why the last order cannot be taken back (an interface string key), None if it can.
        Only a move of this phase can: once dice are rolled, a raid flown or a truce asked
        for, the result has been seen and it stands."""
        if not self.human_to_move:
            return "refuse.undo_not_your_turn"
        if len(self.game.orders) <= self.phase_start:
            return "refuse.undo_nothing"
        if not isinstance(self.game.orders[-1], Move):
            return "refuse.undo_stands"
        return None

    def undo(self) -> bool:
        """Take back the last order of this side's current phase if it is a move."""
        if not self.can_undo():
            return False
        self.game.pop()
        if self._log_marks:
            del self.log[self._log_marks.pop():]
        self._owners = owners_from_events(self.world.scenario, self.game.all_events())
        self.refresh()
        return True

    # --- the AI ---------------------------------------------------------------------------
    @property
    def ai_busy(self) -> bool:
        return self._ai_thread is not None

    def controller_kind(self, side_id: str) -> str:
        """The engine controller kind that plays a side the person does not: `ai` or
        `history` (the scenario's dated plan); anything unknown is played by the AI."""
        kind = self.config.controllers.get(side_id, HUMAN)
        return HISTORY if kind == HISTORY else AI

    def controller(self, side_id: str) -> Controller:
        """The side's controller, made once per game so whatever it remembers from one phase
        to the next (the plan's one-shot raids and truces) carries on; in a game already under
        way (a save, a reloaded file) the engine rebuilds that memory from the order log."""
        controller = self._controllers.get(side_id)
        if controller is None:
            controller = resume_controller(self.controller_kind(side_id), self.game, side_id,
                                           self.config.difficulty, fog=self.fog)
            self._controllers[side_id] = controller
        return controller

    # --- who plays each side ----------------------------------------------------------------
    @property
    def plan_sides(self) -> frozenset[str]:
        """The sides the scenario's historical plan gives orders to (it may play only those)."""
        return plan_sides(self.world.scenario)

    def player(self, side_id: str) -> str:
        """Who plays the side now: HUMAN, AI or HISTORY."""
        return self.config.controllers.get(side_id, HUMAN)

    def next_player(self, side_id: str) -> str:
        """Who plays the side from its next phase (a change waiting, else the player now)."""
        return self.config.pending.get(side_id, self.player(side_id))

    def phase_begun(self) -> bool:
        """The side to move has given an order of its phase (the log does not end a phase)."""
        orders = self.game.orders
        return bool(orders) and not isinstance(orders[-1], EndTurn)

    def hand_over(self, side_id: str, kind: str) -> bool:
        """From now on `kind` (HUMAN, AI, HISTORY) plays the side; True if it does at once.

        The game goes on: the order log stays one log, whoever gives the orders. A phase
        already begun — the AI thinking, or the side to move having given an order — is
        finished by whoever began it, and the change waits for that side's next phase; any
        other takes effect now. Fog of war and the 1944 lines of the log then follow the new
        players (`fog`, `watching_history`)."""
        if side_id not in self.config.controllers:
            raise ValueError(f"there is no side {side_id!r}")
        if kind not in PLAYER_KINDS or (kind == HISTORY and side_id not in self.plan_sides):
            raise ValueError(f"side {side_id!r} cannot be played by {kind!r}")
        self.config.pending.pop(side_id, None)
        if kind == self.player(side_id):
            return True
        self.config.pending[side_id] = kind
        self._settle()
        if side_id not in self.config.pending:
            return True
        self.note(tr(f"log.handover_next_{kind}", self.lang, side=self.side_name(side_id)))
        return False

    def _settle(self) -> bool:
        """Give each side waiting for a new player its new player, where it may have it now
        (see `hand_over`); True if any did."""
        if self.ai_busy:  # the worker thread is playing on the game: nothing changes under it
            return False
        ready = [side for side in self.config.pending
                 if side != self.side_to_move or self.over or not self.phase_begun()]
        if not ready:
            return False
        fog, history = self.fog, self.watching_history
        order = list(self.world.side_ids)
        for side in ready:
            before, after = self.player(side), self.config.pending.pop(side)
            self.config.controllers[side] = after
            # the day of the side's first phase with its new player: today if it still moves
            # today (it moves now, or after the side to move), else tomorrow
            later = order.index(side) < order.index(self.side_to_move)
            day = self.date + dt.timedelta(days=1 if later else 0)
            self.config.handovers.append(Handover(day.isoformat(), side, before, after))
            self._controllers.pop(side, None)  # a new one, for the new player
        if self.fog != fog:
            self._controllers.clear()  # the AI plays on what its side sees only under fog
        if self.watching_history and not history:  # the 1944 lines begin with today
            self._history_until = self.date - dt.timedelta(days=1)
        self.refresh()
        for side in ready:
            kind = self.player(side)
            self.note(tr(f"log.handover_{kind}", self.lang, side=self.side_name(side)))
        return True

    @property
    def watching_history(self) -> bool:
        """A side plays the historical plan: the log and panel set the game beside 1944."""
        return HISTORY in self.config.controllers.values()

    def start_ai(self) -> bool:
        """Play the AI side's phase in a worker thread; the window keeps the last views."""
        if self.ai_busy or self.over or self.is_human(self.side_to_move):
            return False
        side = self.side_to_move
        self.ai_side = side
        before = len(self.game.orders)
        self._ai_result = None

        def work() -> None:
            error: BaseException | None = None
            try:
                self.controller(side).play_phase(self.game)
            except BaseException as exc:  # reported to the player by the main thread
                error = exc
            self._ai_result = (before, error)

        self._ai_thread = threading.Thread(target=work, name=f"ai-{side}", daemon=True)
        self._ai_thread.start()
        return True

    def poll_ai(self) -> tuple[list[Event], BaseException | None] | None:
        """None while the AI thinks; then its events (for animation) and any error."""
        if self._ai_thread is None or self._ai_thread.is_alive() or self._ai_result is None:
            return None
        self._ai_thread.join()
        self._ai_thread = None
        before, error = self._ai_result
        events = self.as_seen([e for batch in self.game.events[before:] for e in batch])
        self.last_events = events
        self.phase_start = len(self.game.orders)
        self._log_marks.clear()
        self.last_lines = self.add_events(events)
        self._settle()
        return events, error

    def wait_ai(self, timeout: float = 30.0) -> None:
        if self._ai_thread is not None:
            self._ai_thread.join(timeout)

    # --- the log --------------------------------------------------------------------------
    def _unit_name(self, unit_id: str) -> str:
        su = self.world.scenario_units.get(unit_id)
        return text_in(su.name, self.lang) if su else unit_id

    def hex_name(self, value: Any) -> str:
        """The place in or nearest a hex, for sentences ("moves to Wimille")."""
        try:
            col, row = int(value[0]), int(value[1])
        except (TypeError, ValueError, IndexError):
            return "?"
        places = self.facts.places_at((col, row))
        if places:
            return text_in(places[0].name, self.lang)
        index = self.world.map.grid.index((col, row))
        nearest = self.world.map.nearest_place
        if 0 <= index < len(nearest):
            place_id = self.world.map.place_ids[int(nearest[index])]
            near = {"en": "near", "fr": "près de"}["fr" if self.lang == "fr" else "en"]
            return f"{near} {self.facts.place_name(place_id, self.lang)}"
        return f"{col},{row}"

    def add_events(self, events: list[Event]) -> list[LogLine]:
        lines = []
        eyes = self._fog_eyes()
        state = self.game.state
        if eyes is not None:  # under fog: only what the viewing side may know
            events = self.as_seen([e for e in events if event_shown(e, *eyes, state=state)])
        starved = [e for e in events if e.kind == "attrition"]
        if len(starved) > 1:  # one line for all the units going hungry, not one each
            events = [e for e in events if e.kind != "attrition"]
        for event in events:
            if event.kind == "place_taken":
                self._owners = owners_from_events(self.world.scenario, (event,), self._owners)
            masked = eyes is not None and shooter_hidden(event, *eyes, state=state)
            text = self.event_text(event, masked)
            if not text:
                continue
            kind = "important" if event.kind in IMPORTANT else (
                "quiet" if event.kind in QUIET else "info")
            try:
                date = dt.date.fromisoformat(event.date)
            except ValueError:
                date = self.date
            line = LogLine(date, text, kind, self._event_hex(event), event.kind,
                           self._acting_side(event))
            self.log.append(line)
            lines.append(line)
            if event.kind == "turn_began":  # every day of a turn begins with one
                lines += self._history_lines(date)
            elif event.kind == "game_over":
                lines += self._history_lines(self.world.scenario.end_date)
        if len(starved) > 1:
            line = self._starved_line(starved)
            self.log.append(line)
            lines.append(line)
        return lines

    def as_seen(self, events: list[Event]) -> list[Event]:
        """The events as the viewing side may read them (game.fog.fire_as_seen): under fog,
        fire on a hex out of its sight tells neither the men it killed nor the works' level."""
        if not self.fog:
            return events
        visible = observe(self.world, self.game.state, self.viewing_side()).visible
        index = self.world.map.grid.index
        return [fire_as_seen(e, lambda h: bool(visible[index(h)])) for e in events]

    def _fog_eyes(self) -> tuple[str, Callable[[str], bool]] | None:
        """Under fog, the viewing side and whether it sees a unit now; None without fog."""
        if not self.fog:
            return None
        obs = observe(self.world, self.game.state, self.viewing_side())
        units = self.game.state.units

        def sees(unit_id: str) -> bool:
            unit = units.get(unit_id)
            return unit is None or unit.side == obs.side or obs.sees(unit_id)

        return obs.side, sees

    def enemy_turn(self, side: str, events: list[Event]) -> EnemyTurn:
        """What the viewing side saw of `side`'s phase (its events): moves of the units it
        sees now, cut to the hexes where it sees enemy units; fire on what it may know of."""
        eyes = self._fog_eyes()
        on_map = self.facts.grid.on_map
        if eyes is None:
            return enemy_turn(side, events, on_map, lambda e: True, lambda h: True)
        state = self.game.state
        visible = observe(self.world, state, eyes[0]).visible
        index = self.world.map.grid.index
        return enemy_turn(side, events, on_map,
                          lambda e: event_shown(e, *eyes, state=state),
                          lambda h: bool(visible[index(h)]))

    def _starved_line(self, events: list[Event]) -> LogLine:
        """Units without supply, told once per batch: how many, for how long, the first few."""
        from game.text.i18n import tr

        days = sorted({int(e.get("days", 0) or 0) for e in events})
        names = ", ".join(self._unit_name(str(e.get("unit"))) for e in events[:3])
        more = len(events) - 3
        span = plural(days[0], "day", self.lang) if len(days) == 1 else \
            f"{days[0]}–{plural(days[-1], 'day', self.lang)}"
        text = tr("log.starved", self.lang, units=plural(len(events), "unit", self.lang),
                  days=span, names=names + (f" (+{more})" if more > 0 else ""))
        try:
            date = dt.date.fromisoformat(events[0].date)
        except ValueError:
            date = self.date
        return LogLine(date, text, "quiet", None, "attrition")

    def _acting_side(self, event: Event) -> str:
        """The side that acted in an event (its orders' side, a shooting unit's side)."""
        side = event.get("side")
        unit = event.get("by") or event.get("unit")
        if event.kind in ("bombarded", "moved") and isinstance(unit, str) and unit != "air":
            state_unit = self.game.state.units.get(unit)
            return state_unit.side if state_unit is not None else ""
        return str(side) if isinstance(side, str) else ""

    def _history_lines(self, until: dt.date) -> list[LogLine]:
        """What history records from the day after the last one logged up to `until`, as
        "1944:" lines beside the game's own, so a viewer of the historical plan reads the
        simulation and history side by side; at the game's end, the rest of the campaign.
        Only while a side plays the historical plan (a player's log stays the player's)."""
        if not self.watching_history:
            return []
        from game.text.i18n import tr

        scenario = self.world.scenario
        start = scenario.start_date if self._history_until is None \
            else self._history_until + dt.timedelta(days=1)
        until = min(until, scenario.end_date)
        if until < start:
            return []
        self._history_until = until
        if self._timeline is None:
            self._timeline = Timeline(scenario)
        lines = []
        for day in self._timeline.window(start, until):
            for event in day.events:
                caption = text_in(event.caption, self.lang, scenario.languages[0])
                if event.sources:
                    caption = f"{caption} ({self._timeline.sources_text(event.sources)})"
                where = next((self.facts.place_hex[p] for p in event.places
                              if p in self.facts.place_hex), None)
                line = LogLine(day.date, tr("log.history", self.lang, year=day.date.year,
                                            text=caption), "history", where)
                self.log.append(line)
                lines.append(line)
        return lines

    def _event_hex(self, event: Event) -> Hex | None:
        data = event.fields
        value = data.get("target") or data.get("hex") or data.get("to")
        path = data.get("path")
        if value is None and isinstance(path, (list, tuple)) and path:
            value = path[-1]
        if value is None and isinstance(data.get("place"), str):
            return self.facts.place_hex.get(data["place"])
        if value is None and isinstance(data.get("objective"), str):
            return self.facts.place_hex.get(data["objective"])
        try:
            hex_ = (int(value[0]), int(value[1]))
        except (TypeError, ValueError, IndexError):
            return None
        return hex_ if self.facts.grid.on_map(hex_) else None

    def strait_guns(self) -> dict[str, int]:
        """Guns in action today at each off-map battery (`scenario.strait`)."""
        spec = self.world.scenario.strait
        return {str(g.at): guns_in_action(self.world, self.state, g)
                for g in (spec.guns if spec is not None else ()) if g.at is not None}

    def event_text(self, event: Event, unseen_guns: bool = False) -> str:
        """The event as a sentence; `unseen_guns`: a shoot by guns the viewer cannot see,
        told without naming them."""
        data = event.fields
        guns = data.get("by") if unseen_guns else None

        def unit_name(unit_id: str) -> str:
            return tr("fog.unseen_guns", self.lang) if unit_id == guns \
                else self._unit_name(unit_id)

        if event.kind == "weather":
            weather = self.world.weathers.get(str(data.get("weather")))
            data = {**data, "weather_name": text_in(weather.name, self.lang) if weather else ""}
        if event.kind == "game_over":
            level = next((lv for lv in self.world.scenario.victory.levels
                          if lv.id == data.get("level")), None)
            data = {**data, "level_name": text_in(level.name, self.lang) if level else ""}
        if event.kind in ("strait_fire", "counter_battery"):
            data = {**data, **strait_names(self.world.scenario, data, self.lang)}
        if event.kind == "place_taken":
            text = self._place_of_objective_text(event)
            if text:
                return text
        return describe(
            event.kind, data, self.lang, unit_name,
            lambda p: self.facts.place_name(p, self.lang), self.side_name, self.hex_name,
            lambda iso: long_date(dt.date.fromisoformat(iso), self.lang),
        )

    def _place_of_objective_text(self, event: Event) -> str | None:
        """A place of an objective changing hands, said with how far the objective now is (the
        holders as of this event): "taken" alone would claim the objective."""
        from game.text.i18n import tr

        place = str(event.get("place"))
        captured = {o.place: None for o in self.world.scenario.victory.objectives}
        for p in objective_progress(self.world.scenario, self._owners, captured):
            if place in p.places and p.kind == "capture":
                return tr("log.place_of_objective", self.lang,
                          place=self.facts.place_name(place),
                          side=self.side_name(str(event.get("side"))),
                          objective=self.facts.place_name(p.objective),
                          held=len(p.held), total=len(p.places),
                          holder=self.side_name(p.side))
        return None

    def note(self, text: str, kind: str = "info") -> None:
        self.log.append(LogLine(self.date, text, kind))
