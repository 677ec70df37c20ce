"""The documentary replay: the campaign as history tells it, day by day, on the game's map.

Everything shown comes from `engine.history.timeline.Timeline`: the day's captions with their
sources,
the places that changed hands, where the sources disagree, the day's orders and the units
standing where the sources place them that day (`history.positions`; never where the plan sent
them). The map itself is the game's own (`MapRenderer`, `MapView`,
counters): `ReplayBoard` gives `MapView` the same read-only views a game `Session` does, built
from history instead of from engine state, so nothing here draws a map of its own.

Controls: Space play/pause, Left/Right a day back/forward, Home/End first/last day, +/- speed,
a date typed in the box (YYYY-MM-DD) jumps there, Esc returns to the menu; drag and wheel move
and zoom the map as in the game.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UIPanel, UITextBox, UITextEntryLine

from engine.format.loaded import LoadedScenario
from engine.format.scenario import FloodingEvent, text_in
from engine.hexgrid import Hex
from engine.history.timeline import Day, Timeline, colon, format_date, word
from engine.rules.victory import ObjectiveProgress, objective_progress
from engine.world import World
from game.map.camera import Camera
from game.map.features import MapFacts
from game.map.view import MapView, ViewState
from game.palette import RGB, hex_rgb
from game.session import UnitView
from game.text.i18n import long_date

if TYPE_CHECKING:
    from game.shell import App

PANEL_W = 440
HEADER_H = 46
BAR_H = 58
SPEEDS = (0.5, 1.0, 2.0, 4.0)
SECONDS_PER_DAY = 2.4  # at speed 1

_TEXT = {
    "en": {"back": "< Day", "forward": "Day >", "play": "Play", "pause": "Pause",
           "speed": "Speed ×{speed:g}", "go": "Go", "menu": "Menu", "first": "First",
           "last": "Last", "title": "History replay", "bad_date": "Not a date: {text}",
           "day": "Day {n} of {total}", "placeholder": "YYYY-MM-DD",
           "sources": "Sources"},
    "fr": {"back": "< Jour", "forward": "Jour >", "play": "Lecture", "pause": "Pause",
           "speed": "Vitesse ×{speed:g}", "go": "Aller", "menu": "Menu", "first": "Début",
           "last": "Fin", "title": "Le film de l'histoire", "bad_date": "Date illisible : {text}",
           "day": "Jour {n} sur {total}", "placeholder": "AAAA-MM-JJ",
           "sources": "Sources"},
}


def _t(key: str, lang: str, **values: object) -> str:
    text = _TEXT.get(lang, _TEXT["en"])[key]
    return text.format(**values) if values else text


class ReplayBoard:
    """What `MapView` reads from a `Session`, built from history for one day at a time."""

    def __init__(self, loaded: LoadedScenario, facts: MapFacts, timeline: Timeline,
                 lang: str) -> None:
        self.loaded = loaded
        self.facts = facts
        self.timeline = timeline
        self.lang = lang
        self.revision = 0
        self._views: dict[str, UnitView] = {}
        self._stacks: dict[Hex, list[UnitView]] = {}
        self._owner: dict[str, str | None] = {}
        self._works: dict[Hex, float] = {}

    def set_day(self, day: dt.date) -> None:
        facts = self.facts
        scenario = self.loaded.scenario
        types = facts.unit_types
        hexes = self.timeline.position_hexes(day, facts.grid, lambda h: not facts.is_water(h))
        units = {u.id: u for u in scenario.units}
        qualities = {q.id: q for q in self.loaded.ruleset.qualities}
        views: dict[str, UnitView] = {}
        for uid, hex_ in hexes.items():
            u = units[uid]
            utype = types.get(u.type)
            if utype is None:
                continue
            quality = qualities.get(u.quality)
            views[uid] = UnitView(
                id=uid, name=text_in(u.name, self.lang), short=u.short or uid[:6].upper(),
                side=u.side, nation=u.nation, type_id=u.type,
                type_name=text_in(utype.name, self.lang), symbol=utype.symbol,
                echelon=utype.echelon, men=u.strength, full_strength=utype.full_strength,
                quality=text_in(quality.name, self.lang) if quality else u.quality,
                morale=float(u.morale if u.morale is not None else
                             (quality.morale if quality else 50)),
                hex=hex_, mp_left=0.0, mp_max=float(utype.movement_points),
                static=utype.static,
            )
        self._views = views
        self._stacks = {}
        for view in views.values():
            if view.hex is not None:
                self._stacks.setdefault(view.hex, []).append(view)
        self._owner = self.timeline.owners_on(day)
        self._works = {}
        for place in scenario.places:
            hex_ = facts.place_hex.get(place.id)
            if hex_ is not None and place.fortification > 0 and self._owner.get(place.id) \
                    == place.side:
                self._works[hex_] = max(self._works.get(hex_, 0.0), float(place.fortification))
        self.revision += 1

    # --- the Session views MapView draws ---------------------------------------------------
    def unit(self, unit_id: str) -> UnitView | None:
        return self._views.get(unit_id)

    def units(self) -> list[UnitView]:
        return list(self._views.values())

    def units_at(self, hex_: Hex) -> list[UnitView]:
        return list(self._stacks.get(hex_, ()))

    def stacks(self) -> dict[Hex, list[UnitView]]:
        return self._stacks

    def counter_colours(self, unit: UnitView) -> tuple[RGB, RGB]:
        return (hex_rgb(self.facts.side_colour(unit.side)),
                hex_rgb(self.facts.nation_colour(unit.side, unit.nation)))

    def objective_holder(self, place_id: str) -> str | None:
        return self._owner.get(place_id)

    def progress(self) -> dict[str, ObjectiveProgress]:
        """How far each objective had come on this day of 1944 (taken once all its places
        had fallen)."""
        scenario = self.loaded.scenario
        pending = objective_progress(scenario, self._owner, {})
        taken = {p.objective: "1944" for p in pending if not p.missing and p.kind == "capture"}
        return {p.objective: p for p in objective_progress(scenario, self._owner, taken)}

    def place_owner(self, place_id: str) -> str | None:
        return self._owner.get(place_id)

    def works_hexes(self) -> dict[Hex, float]:
        return self._works

    def civilians(self) -> dict[str, int]:
        return {}

    def pockets(self) -> list[set[Hex]]:
        return []

    def supply_paths(self) -> list[tuple[list[Hex], RGB]]:
        return []

    def zoc(self, side: str) -> set[Hex]:
        return set()


def day_html(timeline: Timeline, day: Day, lang: str) -> str:
    """The caption panel of one day, in pygame_gui's HTML subset."""
    esc = html.escape
    parts = [f"<b>{esc(long_date(day.date, lang))}</b>"]
    for event in day.events:
        lines = timeline.event_lines(event, lang)
        parts.append(f"• {esc(lines[0])}")
        parts.extend(f"<i>{esc(line)}</i>" for line in lines[1:])
    for objective in day.fallen:
        parts.append(f"<b>» {esc(timeline.place_name(objective, lang))} "
                     f"{esc(word('fell', lang))}</b>")
    for formation, command in day.commands:
        parts.append(f"<b>{esc(word('command', lang))}</b>{colon(lang)}"
                     f"{esc(timeline.command_text(formation, command, lang))}")
    if day.changes:
        parts.append(f"<b>{esc(word('changes', lang))}</b>{colon(lang)}"
                     + esc(timeline.changes_text(day.changes, lang)))
    for d in day.disagreements:
        parts.append(f"<b>{esc(word('disagree', lang))}</b> — "
                     f"{esc(timeline.disagreement_text(d, lang))}")
    if day.positions:
        parts.append(f"<b>{esc(word('positions', lang))}</b>")
        parts.extend(f"– {esc(timeline.position_text(r, lang))}" for r in day.positions)
    if day.plan:
        parts.append(f"<b>{esc(word('plan', lang))}</b>")
        parts.extend(f"– {esc(timeline.plan_text(p, lang))}" for p in day.plan)
    if len(parts) == 1:
        parts.append(f"<i>{esc(word('no_event', lang))}</i>")
    return "<br>".join(parts).replace("→", "»")  # the interface font has no arrow


class ReplayScreen:
    """The documentary screen (see the module docstring)."""

    def __init__(self, app: App, start: dt.date | None = None, end: dt.date | None = None) -> None:
        self.app = app
        loaded = app.loaded
        if loaded is None:
            raise ValueError("no scenario is loaded")
        self.loaded = loaded
        self.renderer = app.renderer()
        self.facts: MapFacts = self.renderer.data
        self.timeline = Timeline(loaded.scenario)
        days = self.timeline.window(None, end)
        self.days: list[Day] = days or self.timeline.days
        self.index = 0
        if start is not None:
            self.index = next((i for i, d in enumerate(self.days) if d.date >= start),
                              len(self.days) - 1)
        self.board = ReplayBoard(loaded, self.facts, self.timeline, app.lang)
        # the map of each day where the scenario floods land on dated events (None: it never)
        floods = any(isinstance(e, FloodingEvent) for e in loaded.scenario.events)
        self._world = World(loaded) if floods else None
        self.camera = Camera(self.facts.grid, self._viewport())
        self.map = MapView(self.board, self.renderer, self.camera)  # type: ignore[arg-type]
        self.view = ViewState()
        self.playing = False
        self.speed_index = 1
        self.elapsed = 0.0
        self.drag: tuple[int, int] | None = None
        self.widgets: dict[str, object] = {}
        self.notice = ""
        self.camera.zoom = min(self.camera.fit_zoom() + 1, 3)
        self.camera.clamp()
        self._show_day()

    def _terrain_on(self, date: dt.date) -> np.ndarray | None:
        """The terrain of the day, flooded where the scenario's floods are (None: its own)."""
        return None if self._world is None else self._world.on(date).map.terrain

    # --- layout ---------------------------------------------------------------------------
    def _viewport(self) -> tuple[int, int, int, int]:
        width, height = self.app.surface.get_size()
        return 0, HEADER_H, width - PANEL_W, height - HEADER_H - BAR_H

    @property
    def day(self) -> Day:
        return self.days[self.index]

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    def build_ui(self) -> None:
        manager = self.app.manager
        lang = self.app.lang
        width, height = self.app.surface.get_size()
        self.camera.viewport = self._viewport()
        self.camera.clamp()
        header = UIPanel(pygame.Rect(0, 0, width, HEADER_H), manager=manager)
        self.widgets = {"header": header}
        self.widgets["date"] = UILabel(pygame.Rect(12, 6, 520, 32), "", manager,
                                       container=header, object_id="#title")
        self.widgets["count"] = UILabel(pygame.Rect(width - 380, 8, 360, 28), "", manager,
                                        container=header)
        self.widgets["sources"] = UIButton(pygame.Rect(540, 4, 120, 38), _t("sources", lang),
                                           manager, container=header, command=self.open_sources)
        panel = UIPanel(pygame.Rect(width - PANEL_W, HEADER_H, PANEL_W, height - HEADER_H),
                        manager=manager)
        self.widgets["panel"] = panel
        self.widgets["text"] = UITextBox("", pygame.Rect(4, 4, PANEL_W - 14,
                                                         height - HEADER_H - 14),
                                         manager, container=panel)
        bar = UIPanel(pygame.Rect(0, height - BAR_H, width - PANEL_W, BAR_H), manager=manager)
        self.widgets["bar"] = bar
        x = 8
        buttons = (("first", self.first, 80), ("back", self.back, 96), ("play", self.toggle, 100),
                   ("forward", self.forward, 96), ("last", self.last, 80),
                   ("speed", self.faster, 130))
        for key, command, w in buttons:
            self.widgets[key] = UIButton(pygame.Rect(x, 8, w, 38), _t(key, lang, speed=self.speed),
                                         manager, container=bar, command=command)
            x += w + 6
        self.widgets["entry"] = UITextEntryLine(pygame.Rect(x + 8, 10, 130, 34), manager,
                                                container=bar,
                                                placeholder_text=_t("placeholder", lang))
        self.widgets["go"] = UIButton(pygame.Rect(x + 144, 8, 70, 38), _t("go", lang), manager,
                                      container=bar, command=self.jump_from_entry)
        self.widgets["menu"] = UIButton(pygame.Rect(x + 222, 8, 80, 38), _t("menu", lang),
                                        manager, container=bar, command=self.app.show_menu)
        self._refresh_widgets()

    def kill_ui(self) -> None:
        self.widgets = {}

    def open_sources(self) -> None:
        """The bibliography; its Back button returns to this day of the replay."""
        from game.screens.sources import SourcesScreen

        self.playing = False
        self.app.show(SourcesScreen(self.app, back=lambda: self.app.show(self)))

    def set_language(self, lang: str) -> None:
        self.board.lang = lang
        self.board.set_day(self.day.date)

    # --- stepping -------------------------------------------------------------------------
    def _show_day(self) -> None:
        self.board.set_day(self.day.date)
        self.elapsed = 0.0
        self._centre_on_day()
        self._refresh_widgets()

    def _centre_on_day(self) -> None:
        """Bring the day's places into view (the first place named by its events or changes)."""
        places = [p for e in self.day.events for p in e.places]
        places += [c.place for c in self.day.changes]
        for place in places:
            hex_ = self.facts.place_hex.get(place)
            if hex_ is not None and self.facts.grid.on_map(hex_):
                sx, sy = self.camera.hex_centre(hex_)
                if not self.camera.contains(sx, sy):
                    self.camera.centre_on(*self.facts.grid.centre_km(hex_))
                return

    def go_to(self, index: int) -> None:
        self.index = max(0, min(len(self.days) - 1, index))
        self._show_day()

    def back(self) -> None:
        self.go_to(self.index - 1)

    def forward(self) -> None:
        self.go_to(self.index + 1)

    def first(self) -> None:
        self.go_to(0)

    def last(self) -> None:
        self.go_to(len(self.days) - 1)

    def toggle(self) -> None:
        if not self.playing and self.index == len(self.days) - 1:
            self.index = 0
            self._show_day()
        self.playing = not self.playing
        self._refresh_widgets()

    def faster(self) -> None:
        self.speed_index = (self.speed_index + 1) % len(SPEEDS)
        self._refresh_widgets()

    def jump(self, text: str) -> bool:
        """Jump to the day on or after a typed date; False (with a notice) if it is not one."""
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            self.notice = _t("bad_date", self.app.lang, text=text)
            self._refresh_widgets()
            return False
        self.notice = ""
        self.go_to(next((i for i, d in enumerate(self.days) if d.date >= day),
                        len(self.days) - 1))
        return True

    def jump_from_entry(self) -> None:
        entry = self.widgets.get("entry")
        if isinstance(entry, UITextEntryLine):
            self.jump(entry.get_text())

    def _refresh_widgets(self) -> None:
        if not self.widgets:
            return
        lang = self.app.lang
        date = self.widgets["date"]
        if isinstance(date, UILabel):
            date.set_text(f"{_t('title', lang)} — {format_date(self.day.date, lang)}")
        count = self.widgets["count"]
        if isinstance(count, UILabel):
            count.set_text(_t("day", lang, n=self.index + 1, total=len(self.days)))
        text = self.widgets["text"]
        if isinstance(text, UITextBox):
            body = day_html(self.timeline, self.day, lang)
            if self.notice:
                body = f"<b>{html.escape(self.notice)}</b><br>{body}"
            text.set_text(body)
        play = self.widgets["play"]
        if isinstance(play, UIButton):
            play.set_text(_t("pause" if self.playing else "play", lang))
        speed = self.widgets["speed"]
        if isinstance(speed, UIButton):
            speed.set_text(_t("speed", lang, speed=self.speed))

    # --- loop -----------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            self.jump(event.text)
            return
        if event.type == pygame.KEYDOWN:  # never while the date field has the keyboard (App)
            keys = {pygame.K_SPACE: self.toggle, pygame.K_LEFT: self.back,
                    pygame.K_RIGHT: self.forward, pygame.K_HOME: self.first,
                    pygame.K_END: self.last, pygame.K_PLUS: self.faster,
                    pygame.K_KP_PLUS: self.faster, pygame.K_EQUALS: self.faster}
            if event.key in keys:
                keys[event.key]()
            elif event.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
                self.speed_index = max(0, self.speed_index - 1)
                self._refresh_widgets()
            elif event.key == pygame.K_ESCAPE:
                self.app.show_menu()
        elif event.type == pygame.MOUSEWHEEL:
            x, y = pygame.mouse.get_pos()
            if self.camera.contains(x, y):
                self.camera.zoom_at(1 if event.y > 0 else -1, x, y)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 \
                and self.camera.contains(*event.pos):
            self.drag = event.pos
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.drag = None
        elif event.type == pygame.MOUSEMOTION and self.drag is not None:
            self.camera.pan_pixels(event.pos[0] - self.drag[0], event.pos[1] - self.drag[1])
            self.drag = event.pos

    def update(self, dt_seconds: float) -> None:
        if not self.playing:
            return
        self.elapsed += dt_seconds
        if self.elapsed >= SECONDS_PER_DAY / self.speed:
            if self.index >= len(self.days) - 1:
                self.playing = False
                self._refresh_widgets()
            else:
                self.forward()

    def draw(self, surface: pygame.Surface) -> None:
        self.renderer.show_terrain(self._terrain_on(self.day.date))
        self.map.draw(surface, self.view)
