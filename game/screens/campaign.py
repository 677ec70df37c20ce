"""The game screen: the map, the widgets, and what mouse and keys do.

Clicks become engine orders through the session; hover shows the engine's legal moves, path
and combat prediction. The AI plays in a worker thread and its moves are then animated (any
click or key skips the animation).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from engine.hexgrid import Hex
from engine.orders import Move
from game.map.animation import Animator
from game.map.camera import DEFAULT_ZOOM, ZOOM_RADII, Camera, px_per_km
from game.map.enemy_turn import EnemyTurn
from game.map.markers import BANNER, REFUSAL, draw_label_box, draw_notice, draw_story
from game.map.minimap import Minimap
from game.map.strait import draw_strait
from game.map.view import MapView, ViewState
from game.palette import TABLE
from game.players import HUMAN
from game.saves import AUTOSAVE, slot_path, write_players
from game.session import OrderRefused, Session
from game.text.events import decimal, plural, result_lines
from game.text.i18n import long_date, short_date, tr
from game.widgets import dialogs, hud
from game.widgets.ammunition import STOCKPILE_LINK, ammunition_html
from game.widgets.tour import Tour

if TYPE_CHECKING:
    from game.shell import App

PAN_SPEED = 900.0  # screen pixels per second for keys and screen edges
EDGE = 6  # pixels from the window border that scroll the map
DRAG_THRESHOLD = 6
# Lines kept in the event log box. pygame_gui gives the scroll handle a minimum height, so
# with hundreds of lines the newest ones could no longer be scrolled into view; the whole log
# stays in the session (and in the after-action report).
LOG_LINES_SHOWN = 40
NOTICE_SECONDS = 5.0
OVERLAYS = ("supply", "zoc", "forts", "civilians")  # in the legend's order
RESULT_SECONDS = 6.0  # an assault's or a shoot's result stays beside its hex
MAX_REPLAY_SECONDS = 8.0  # the enemy's phase shown again plays faster to fit
BOMBARD_TIP_WIDTH = 360  # the Bombard button's tooltip wraps the reason it is greyed out


class GameScreen:
    def __init__(self, app: App, session: Session) -> None:
        self.app = app
        self.session = session
        self.renderer = app.renderer()
        size = app.surface.get_size()
        self.camera = Camera(session.facts.grid, hud.map_viewport(size))
        self.map = MapView(session, self.renderer, self.camera)
        self.minimap = Minimap(session, self.renderer, self.camera)
        self.view = ViewState()
        self.hud = hud.Hud()
        self.mode: str | None = None  # None, "bombard" or "air_raid"
        self.targets: set[Hex] = set()
        self.forecast = None
        self.refusal: str | None = None  # the engine's reason an assault here is impossible
        self.anim = Animator()
        self.pending_refresh = False  # the AI's phase is being animated; views refresh after
        self._press: tuple[int, int] | None = None
        self._press_button = 0
        self._dragging = False
        self._mouse: tuple[int, int] = (0, 0)
        self._shift = False
        self._shift_down = False  # Shift was held when the button went down
        self._held: set[int] = set()  # keys down now (a repeated KEYDOWN is ignored)
        self.notice_text: str | None = None  # shown over the map (why an order was refused)
        self.notice_left = 0.0  # seconds it stays
        self.notice_banner = False  # a place or objective fell (not a refusal)
        self.log_filter = "all"  # or "key": no moves, supply or weather lines
        self.results: list[tuple[Hex, list[str], float]] = []  # on the map: hex, lines, seconds
        self._results_phase: tuple[int, str] | None = None  # the phase they were told in
        self.summary: list[str] = []  # the story of the turn so far, until the first click
        self.enemy: EnemyTurn | None = None  # what the player saw of the other side's last phase
        self.replaying = False  # the enemy's phase is being shown again (R)
        self.tour: Tour | None = None  # the guided first turn, while it runs
        self.tour_pending = False  # offer it as soon as the person has the move
        self._tour_mark: tuple[str | None, int, int] = (None, 0, 0)  # step, orders, turn
        self._clock = 0.0
        self._story_from = len(session.log)  # where the log's story of the next turn begins
        self._shown_revision: object = None  # (revision, may order) last shown
        self._header_key: object = None
        self._info_key: object = None
        self._autosaved_turn = session.turn
        self._game_over_shown = False
        self.paused = False  # AI against AI: P holds the next phase
        self._last_human = session.side_to_move
        self._centre_on_side()

    # --- widgets --------------------------------------------------------------------------
    def build_ui(self) -> None:
        lang = self.app.lang
        commands = {
            "help": self.show_help, "menu": self.ask_menu, "undo": self.undo,
            "save": self.ask_save, "load": self.ask_load, "end_turn": self.end_turn,
            "supply": lambda: self.toggle_overlay("supply"),
            "zoc": lambda: self.toggle_overlay("zoc"),
            "forts": lambda: self.toggle_overlay("forts"),
            "civilians": lambda: self.toggle_overlay("civilians"),
            "bombard": self.start_bombard, "air_raid": self.start_air_raid,
            "truce": self.ask_truce, "sound": self.app.toggle_sound,
            "log_filter": self.toggle_log_filter, "replay": self.replay_enemy_turn,
            "players": self.show_players,
        }
        self.hud = hud.build(self.app.manager, lang, commands)
        self.camera.viewport = hud.map_viewport(self.app.surface.get_size(), self.hud.bottom_h)
        self.camera.clamp()
        self.renderer.layer_now(self.camera.zoom)
        self.minimap.fit(self.hud.minimap_area)
        self._shown_revision = None
        self._info_key = None
        self.hud.log_count = 0
        self.hud.buttons["log_filter"].set_text(tr(f"log.filter_{self.log_filter}", lang))
        if self.tour is not None:  # the widgets were all rebuilt: so is the hint
            self.tour.manager, self.tour.lang = self.app.manager, lang
            self.tour.build()
        self.sound_changed()
        self.refresh_hud(force=True)

    def sound_changed(self) -> None:
        """Show on the header's button whether sound is on."""
        key = "button.sound_on" if self.app.settings.sound else "button.sound_off"
        self.hud.buttons["sound"].set_text(tr(key, self.app.lang))

    def kill_ui(self) -> None:
        self.hud = hud.Hud()
        if self.tour is not None:
            self.tour.panel = None  # the manager is about to drop every widget

    def set_language(self, lang: str) -> None:
        self.session.lang = lang
        self.session.refresh()

    def refresh_hud(self, force: bool = False) -> None:
        session = self.session
        if self.hud.info is None:
            return
        header_key = (session.revision, session.ai_busy, self.pending_refresh, self.paused)
        if force or self._header_key != header_key:
            self._header_key = header_key
            moving = session.ai_side if self.pending_refresh else None
            texts = hud.header_texts(session, moving, self.paused, self.hud.date_weekday)
            for key, text in texts.items():
                if key in self.hud.header_labels:
                    self.hud.header_labels[key].set_text(text)
        can_order = session.human_to_move and not self.pending_refresh
        if force or self._shown_revision != (session.revision, can_order):
            box = self.hud.objectives
            # every order rewrites the panel: keep it where the player scrolled (to the
            # ammunition at its end, say) instead of jumping back to the top
            kept = box.scroll_bar.start_percentage if box.scroll_bar is not None else 0.0
            box.set_text(hud.objectives_html(session) + ammunition_html(session, can_order))
            if box.scroll_bar is not None and kept > 0:
                box.scroll_bar.set_scroll_from_start_percentage(kept)
            self._shown_revision = (session.revision, can_order)
            self._update_buttons()
            self._info_key = None
        self._append_log()
        key = (self.view.selected, self.view.hover_hex, session.revision)
        if key != self._info_key:
            self._info_key = key
            self.hud.info.set_text(self._info_html())

    def _info_html(self) -> str:
        session = self.session
        parts = []
        unit = session.unit(self.view.selected) if self.view.selected else None
        if unit is not None:
            parts.append(hud.unit_html(session, unit))
        hex_ = self.view.hover_hex or (unit.hex if unit else None)
        if hex_ is not None:
            parts.append(hud.hex_html(session, hex_))
        if not parts:
            return f"<i>{tr('panel.nothing_selected', session.lang)}</i>"
        return "<br><br>".join(parts)

    def _append_log(self) -> None:
        box = self.hud.log
        lines = self.session.log
        if box is None or self.hud.log_count == len(lines):
            return
        if self.hud.log_count == 0 or len(lines) > LOG_LINES_SHOWN \
                or len(lines) < self.hud.log_count or self.log_filter == "key":
            kept = [line for line in lines if self.log_filter == "all"
                    or line.kind not in hud.KEY_EVENTS_HIDDEN]
            shown = kept[-LOG_LINES_SHOWN:]
            box.set_text("".join(hud.log_html(line, self.session.lang) for line in shown))
        else:
            for line in lines[self.hud.log_count:]:
                box.append_html_text(hud.log_html(line, self.session.lang))
        self.hud.log_count = len(lines)
        if box.scroll_bar is not None:
            box.scroll_bar.set_scroll_from_start_percentage(1.0)

    def _update_buttons(self) -> None:
        session = self.session
        buttons = self.hud.buttons
        can_act = session.human_to_move and not self.pending_refresh
        for key in ("end_turn", "save"):
            buttons[key].enable() if can_act else buttons[key].disable()
        buttons["undo"].enable() if can_act and session.can_undo() else buttons["undo"].disable()
        unit = session.unit(self.view.selected) if self.view.selected else None
        why = session.bombard_refusal(unit.id) if can_act and unit is not None else None
        can_fire = can_act and unit is not None and unit.can_bombard and why is None \
            and unit.side == session.side_to_move
        buttons["bombard"].enable() if can_fire else buttons["bombard"].disable()
        tip = tr("tip.bombard", self.app.lang)  # greyed out: the reason the order would meet
        buttons["bombard"].set_tooltip(f"{tip}<br><b>{dialogs.esc(why)}</b>" if why else tip,
                                       wrap_width=BOMBARD_TIP_WIDTH)
        raids = session.raids_left(session.side_to_move)
        buttons["air_raid"].set_text(f"{tr('button.air_raid', self.app.lang)} ({raids})")
        if can_act and raids > 0:
            buttons["air_raid"].enable()
        else:
            buttons["air_raid"].disable()
        buttons["truce"].enable() if can_act and session.civilians() else buttons["truce"].disable()
        if self.enemy is not None and self.enemy.steps and not session.ai_busy \
                and not self.pending_refresh:
            buttons["replay"].enable()
        else:
            buttons["replay"].disable()
        for key in ("supply", "zoc", "forts", "civilians"):
            if key in self.view.overlays:
                buttons[key].select()
            else:
                buttons[key].unselect()

    # --- camera ---------------------------------------------------------------------------
    def _centre_on_side(self) -> None:
        """Open on the viewing side's first objective and its nearest forces, all in view."""
        side = self.session.viewing_side()
        grid = self.session.facts.grid
        objectives = self.session.facts.objectives
        mine = [o for o in objectives if o.side == side] or objectives
        own = [u.hex for u in self.session.units() if u.side == side and u.hex is not None]
        if not mine:
            if own:
                xs, ys = zip(*(grid.centre_km(h) for h in own), strict=True)
                self.camera.centre_on(sum(xs) / len(xs), sum(ys) / len(ys))
            return
        goal = mine[0].hex
        nearest = sorted(own, key=lambda h: grid.distance(h, goal))[:3]
        points = [grid.centre_km(h) for h in (goal, *nearest)]
        xs, ys = zip(*points, strict=True)
        west, east, north, south = min(xs), max(xs), min(ys), max(ys)
        _, _, vw, vh = self.camera.viewport
        margin = 3 * grid.hex_size_km
        for zoom in range(DEFAULT_ZOOM, 3, -1):  # no smaller than 4: counters stay readable
            scale = px_per_km(ZOOM_RADII[zoom], grid.hex_size_km)
            if (east - west + margin) * scale <= vw and (south - north + margin) * scale <= vh:
                break
        self.camera.zoom = zoom
        self.camera.centre_on((west + east) / 2, (north + south) / 2)

    def _key_pan(self, dt_s: float) -> None:
        if self.app.input_owned():
            return
        keys = pygame.key.get_pressed()
        mods = pygame.key.get_mods()
        if mods & (pygame.KMOD_CTRL | pygame.KMOD_META):
            return
        dx = dy = 0.0
        if keys[pygame.K_LEFT] or keys[pygame.K_a] or keys[pygame.K_q]:
            dx += 1
        if keys[pygame.K_RIGHT] or keys[pygame.K_d]:
            dx -= 1
        if keys[pygame.K_UP] or keys[pygame.K_w]:
            dy += 1
        if keys[pygame.K_DOWN] or keys[pygame.K_s]:
            dy -= 1
        if self.app.settings.edge_scroll and pygame.mouse.get_focused() and not self._dragging:
            mx, my = pygame.mouse.get_pos()
            width, height = self.app.surface.get_size()
            if 0 <= mx < EDGE:
                dx += 1
            elif width - EDGE <= mx < width:
                dx -= 1
            if 0 <= my < EDGE:
                dy += 1
            elif height - EDGE <= my < height:
                dy -= 1
        if dx or dy:
            self.camera.pan_pixels(dx * PAN_SPEED * dt_s, dy * PAN_SPEED * dt_s)

    # --- selection and orders -------------------------------------------------------------
    def select(self, unit_id: str | None) -> None:
        if unit_id != self.view.selected:
            self.view.group = []
        self.view.selected = unit_id
        self.mode = None
        self.targets = set()
        self.view.path = ()
        self.view.attack_target = None
        self.forecast = None
        self.view.reach = self.session.reachable(unit_id) if unit_id else {}
        self._update_buttons()
        self._rehover()

    def _rehover(self) -> None:
        """Recompute the hover path / forecast after the selection or position changed."""
        hover = self.view.hover_hex
        self.view.hover_hex = None
        if hover is not None:
            self._hover_hex(hover)

    def cancel(self) -> bool:
        """Esc / right click: leave a targeting mode, else drop the selection; False if idle."""
        if self.mode is not None:
            self.mode = None
            self.targets = set()
            self.view.reach = self.session.reachable(self.view.selected) if self.view.selected \
                else {}
            return True
        if self.view.selected is not None:
            self.select(None)
            return True
        return False

    def click_hex(self, hex_: Hex) -> None:
        session = self.session
        self.summary = []
        if self.anim:
            self.skip_animations()
        stack = session.units_at(hex_)
        selected = session.unit(self.view.selected) if self.view.selected else None
        to_move = session.side_to_move
        if self.mode == "bombard" and selected is not None:
            self._order(lambda: session.bombard(selected.id, hex_), flash=hex_)
            self.mode = None
            self.targets = set()
            return
        if self.mode == "air_raid":
            self._order(lambda: session.air_raid(hex_), flash=hex_)
            self.mode = None
            self.targets = set()
            return
        if self._shift:
            self._shift_click(hex_, selected, stack)
            return
        if selected is not None and selected.side == to_move and session.human_to_move:
            if hex_ in self.view.reach:
                path = self.view.reach[hex_].path
                if self._order(lambda: session.move(selected.id, hex_)):
                    self.anim.add_move(selected.id, path)
                    self.view.reach = session.reachable(selected.id)
                    self.view.path = ()
                return
            if stack and all(u.side != to_move for u in stack):
                forecast = session.forecast(selected.id, hex_, tuple(self.view.group))
                if forecast is not None:
                    self._order(lambda: session.attack(forecast.attackers, hex_,
                                                       forecast.support), flash=hex_)
                    self.select(selected.id if session.unit(selected.id) else None)
                    return
                reason = session.assault_refusal(selected.id, hex_)
                if reason:  # the assault cannot be given: say why, keep the selection
                    self.notice(tr("engine.refused", self.app.lang, reason=reason))
                    return
        if stack:
            own = [u for u in stack if u.side == to_move] or stack
            ids = [u.id for u in own]
            if self.view.selected in ids:
                nxt = ids[(ids.index(self.view.selected) + 1) % len(ids)]
            else:
                nxt = ids[0]
            self.select(nxt)
        else:
            self.select(None)
            self.view.hover_hex = hex_

    def _shift_click(self, hex_: Hex, selected: object, stack: list) -> None:
        """Shift+click adds a friendly stack to the next assault (or takes it out); it never
        moves, attacks or changes the selection."""
        to_move = self.session.side_to_move
        own = selected is not None and selected.side == to_move and self.session.human_to_move
        if own and stack and all(u.side == to_move for u in stack) and selected.hex != hex_:
            self._toggle_group(hex_)
        else:
            self.notice(tr("refuse.shift_click", self.app.lang))

    def _toggle_group(self, hex_: Hex) -> None:
        """Shift+click: add (or remove) a friendly hex's units to the next assault."""
        ids = [u.id for u in self.session.units_at(hex_)]
        if all(uid in self.view.group for uid in ids):
            self.view.group = [u for u in self.view.group if u not in ids]
        else:
            self.view.group += [uid for uid in ids if uid not in self.view.group]
        self._rehover()

    def _order(self, action: Callable[[], object], flash: Hex | None = None) -> bool:
        try:
            action()
        except OrderRefused as exc:
            self.notice(tr("engine.refused", self.app.lang, reason=exc.reason))
            return False
        if flash is not None:
            self.anim.add_flash(flash)
        self.app.sounds.events(e.kind for e in self.session.last_events)
        self._tell(self.session.last_lines, self.session.last_events)
        self._after_change()
        return True

    def notice(self, text: str) -> None:
        """Say something the player must see now (why an order cannot be given): a box over
        the map for a few seconds, and a line in the log."""
        self.notice_text = text
        self.notice_left = NOTICE_SECONDS
        self.notice_banner = False
        self.session.note(text, "important")
        self.refresh_hud()

    def toggle_log_filter(self) -> None:
        self.log_filter = "key" if self.log_filter == "all" else "all"
        self.hud.buttons["log_filter"].set_text(tr(f"log.filter_{self.log_filter}",
                                                   self.app.lang))
        self.hud.log_count = 0
        self._append_log()

    def _tell(self, lines: list, events: list) -> None:
        """What an order or the AI's phase brought about, shown where the player looks: a
        banner when a place or an objective falls, results beside the hexes fought over."""
        for kinds in (("objective_taken", "objective_lost"), ("place_taken", "surrendered")):
            line = next((ln for ln in lines if ln.event in kinds), None)
            if line is not None:
                self.notice_text, self.notice_left = line.text, NOTICE_SECONDS
                self.notice_banner = True
                break
        lang = self.app.lang
        phase = (self.session.turn, self.session.side_to_move)
        if phase != self._results_phase:  # a new phase's results: an earlier one's go
            self._results_phase = phase
            self.results = []
        for hex_, text in result_lines(events, lang, self.session.facts.grid.on_map):
            self.results = [r for r in self.results if r[0] != hex_]
            self.results.append((hex_, text, RESULT_SECONDS))

    def _after_change(self) -> None:
        self.refresh_hud(force=True)
        if self.session.over:
            self._show_game_over()

    def next_unit(self) -> None:
        session = self.session
        side = session.side_to_move
        ready = sorted((u for u in session.units() if u.side == side and not u.static
                        and u.mp_left > 0), key=lambda u: (u.hex or (0, 0))[::-1])
        if not ready:
            return
        ids = [u.id for u in ready]
        index = (ids.index(self.view.selected) + 1) % len(ids) if self.view.selected in ids else 0
        self.select(ids[index])
        unit = ready[index]
        if unit.hex is not None:
            self.camera.centre_on(*self.session.facts.grid.centre_km(unit.hex))

    def start_bombard(self) -> None:
        lang = self.app.lang
        unit = self.session.unit(self.view.selected) if self.view.selected else None
        if unit is None:
            self.notice(tr("refuse.bombard_nothing", lang))
            return
        if not unit.can_bombard:
            self.notice(tr("refuse.bombard_not_guns", lang, unit=unit.name))
            return
        if unit.side != self.session.side_to_move or not self.session.human_to_move:
            self.notice(tr("refuse.not_yours", lang, unit=unit.name))
            return
        why = self.session.bombard_refusal(unit.id)
        if why is not None:
            self.notice(why)
            return
        targets = self.session.bombard_targets(unit.id)
        self.mode = "bombard"
        self.targets = targets
        self.view.reach = {}

    def start_air_raid(self) -> None:
        if self.session.raids_left(self.session.side_to_move) <= 0:
            self.notice(tr("refuse.no_raids", self.app.lang))
            return
        self.mode = "air_raid"
        side = self.session.side_to_move
        self.targets = {h for h, stack in self.session.stacks().items()
                        if any(u.side != side for u in stack)}
        self.view.reach = {}

    def ask_truce(self) -> None:
        session = self.session
        places = [(f"{session.facts.place_name(p)} — "
                   f"{plural(session.civilians()[p], 'civilian', session.lang)}", p)
                  for p in session.truce_places()]
        dialogs.TruceWindow(self.app.manager, self.app.lang, places, self._truce)

    def stockpile(self, place: str) -> None:
        """The ammunition panel's link: the lorries build up the dump at `place` first."""
        if self.session.human_to_move and not self.pending_refresh:
            self._order(lambda: self.session.stockpile(place))

    def _truce(self, place: str, hours: int) -> None:
        self._order(lambda: self.session.truce(place, hours))

    def end_turn(self) -> None:
        session = self.session
        if not session.human_to_move or self.pending_refresh:
            return
        self.skip_animations()
        self.select(None)
        self._order(session.end_turn)
        self._after_phase()

    def _after_phase(self) -> None:
        """After a phase: autosave on a new turn, then hand over to the AI if it moves next."""
        session = self.session
        if session.turn != self._autosaved_turn and not session.over:
            self._autosaved_turn = session.turn
            self.save(AUTOSAVE, quiet=True)
        if not session.over and not session.is_human(session.side_to_move) and not self.paused:
            session.start_ai()
        if not session.over and session.human_to_move:
            self.summary = self._story()
            self._story_from = len(session.log)
        if not session.over and self._hot_seat() and session.side_to_move != self._last_human:
            self._last_human = session.side_to_move
            lang = self.app.lang
            side = session.side_name(session.side_to_move)
            dialogs.message(self.app.manager, tr("hotseat.title", lang),
                            tr("hotseat.body", lang, side=dialogs.esc(side)), width=420,
                            height=200)
            self._centre_on_side()
        self.refresh_hud(force=True)

    def _story(self) -> list[str]:
        """The start-of-turn summary: the weather, what the enemy did, places and objectives
        that changed hands, surrenders, arrivals, departures — since the person last moved."""
        session = self.session
        lang = self.app.lang
        lines = session.log[self._story_from:]
        me = session.side_to_move
        groups: list[tuple[str, list[str]]] = [
            (tr("summary.places", lang), [ln.text for ln in lines if ln.event in
                                          ("objective_taken", "objective_lost", "place_taken")]),
            (tr("summary.surrendered", lang), [ln.text for ln in lines
                                               if ln.event == "surrendered"]),
            (tr("summary.arrived", lang), [ln.text for ln in lines if ln.event == "arrived"]),
            (tr("summary.withdrawn", lang), [ln.text for ln in lines if ln.event == "withdrawn"]),
            (tr("summary.schedule", lang), session.schedule(me)),
        ]
        enemy = [ln for ln in lines if ln.side and ln.side != me]
        # what the enemy was seen doing, in the order it did it: fire first, then moves
        acts = [ln.text for ln in enemy if ln.event in ("bombarded", "air_raid", "assault")]
        acts += [ln.text for ln in enemy if ln.event == "moved"]
        other = session.world.enemy_of(me)
        groups.insert(0, (tr("summary.enemy", lang, side=session.side_name(other)),
                          acts or [tr("summary.quiet", lang)]))
        if acts and self.enemy is not None and self.enemy.steps:
            groups.insert(1, ("", [tr("summary.replay", lang)]))
        story = [tr("summary.title", lang, turn=session.turn, date=long_date(session.date, lang))]
        story += [f" {ln.text}" for ln in lines if ln.event == "weather"][-1:]
        for title, items in groups:
            if items:
                if title:
                    story.append(f"{title}:")
                story += [f"  {item}" for item in items[:6]]
                if len(items) > 6:
                    story.append(f"  … (+{len(items) - 6})")
        return [*story, f" {tr('summary.close', lang)}"]

    def _hot_seat(self) -> bool:
        controllers = self.session.config.controllers
        return sum(1 for c in controllers.values() if c == "human") > 1

    def toggle_pause(self) -> None:
        """Hold (or resume) the AI's next phase — for watching AI against AI at one's own pace."""
        self.paused = not self.paused
        session = self.session
        lang = self.app.lang
        session.note(tr("log.paused" if self.paused else "log.resumed", lang), "quiet")
        if not self.paused and not self.pending_refresh and not session.ai_busy \
                and not session.over and not session.is_human(session.side_to_move):
            session.start_ai()
        self.refresh_hud(force=True)

    def show_players(self) -> None:
        """The Players window (H): who plays each side from now on."""
        from game.widgets.players import PlayersWindow

        PlayersWindow(self.app.manager, self.app.lang, self.session, self.choose_player)

    def choose_player(self, side: str, kind: str) -> None:
        """Hand `side` over to `kind` (HUMAN, AI, HISTORY): at once if its phase is not under
        way, else from its next phase (Session.hand_over); the game goes on either way."""
        session = self.session
        if session.over:
            return
        if self.anim:
            self.skip_animations()  # the AI's phase shown to its end first
        self.mode = None
        self.targets = set()
        told = len(session.log)
        now = session.hand_over(side, kind)
        if kind == HUMAN:
            self.paused = False  # a person plays: the AI's phases need no holding now
        if now and session.human_to_move:
            self._last_human = session.side_to_move  # taken over: no hot-seat hand-over box
        self.select(self.view.selected if session.human_to_move else None)
        if not session.human_to_move:
            self.summary = []  # the turn's story was the person's
        if self.tour is not None and HUMAN not in session.config.controllers.values():
            self.tour.close()  # nobody left to guide
        if not session.over and not session.ai_busy and not self.pending_refresh \
                and not session.is_human(session.side_to_move) and not self.paused:
            session.start_ai()
        if len(session.log) > told:  # over the map too: who plays the side, from when
            self.notice_text, self.notice_left = session.log[-1].text, NOTICE_SECONDS
            self.notice_banner = True
        self.refresh_hud(force=True)

    def undo(self) -> None:
        if self.anim:
            self.skip_animations()
        reason = self.session.undo_refusal()
        if reason is not None:
            self.notice(tr(reason, self.app.lang))
            return
        if self.session.undo():
            self.session.note(tr("log.undone", self.app.lang), "quiet")
            selected = self.view.selected
            self.select(selected if selected and self.session.unit(selected) else None)
            self.refresh_hud(force=True)

    def toggle_overlay(self, name: str) -> None:
        overlays = self.view.overlays
        overlays.symmetric_difference_update({name})
        self._update_buttons()

    # --- save / load / menu ---------------------------------------------------------------
    def ask_save(self) -> None:
        from game.saves import list_saves

        if not self.session.human_to_move:
            return
        existing = [label.split("  ·  ")[0] for label, _ in list_saves()]
        suggested = f"{short_date(self.session.date, 'en').replace(' ', '_')}_t{self.session.turn}"
        dialogs.SaveWindow(self.app.manager, self.app.lang, existing, suggested,
                           lambda name: self.save(name))

    def save(self, name: str, quiet: bool = False) -> bool:
        from engine.save import SaveError, save_game

        path = slot_path(name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            save_game(self.session.game, path)
        except (SaveError, OSError) as exc:
            if not quiet:
                self.app.error(tr("dialog.error", self.app.lang),
                               tr("dialog.save_failed", self.app.lang, error=dialogs.esc(exc)))
            return False
        write_players(path, self.session.saved_players())
        if not quiet:
            self.session.note(tr("dialog.saved", self.app.lang, name=path.stem))
            self.refresh_hud()
        return True

    def ask_load(self) -> None:
        from game.saves import list_saves

        dialogs.LoadWindow(self.app.manager, self.app.lang, list_saves(),
                           self.app.load_saved_game)

    def ask_menu(self) -> None:
        dialogs.confirm(self.app.manager, self.app.lang, tr("dialog.quit_game", self.app.lang),
                        self.app.show_menu)

    def show_help(self) -> None:
        dialogs.help_window(self.app.manager, self.app.lang, on_tour=self.start_tour)

    # --- the guided first turn -------------------------------------------------------------
    def start_tour(self) -> None:
        """Show the guided first turn (game/widgets/tour.py); offered once by itself, kept in
        the settings, and again whenever asked for from Help."""
        self.tour_pending = False
        if self.tour is not None:
            self.tour.close()
        self.summary = []
        self.tour = Tour(self.app.manager, self.app.lang, self._tour_closed)
        self._tour_mark = (None, 0, 0)
        if not self.app.settings.tour_done:
            self.app.settings.tour_done = True
            self.app.save_settings()

    def _tour_closed(self) -> None:
        self.tour = None

    def _update_tour(self) -> None:
        if self.tour_pending and self.session.human_to_move and not self.pending_refresh \
                and not self.anim and not self.summary and self.hud.info is not None:
            self.start_tour()
        tour = self.tour
        if tour is None or tour.step is None:
            return
        session = self.session
        if self._tour_mark[0] != tour.step:  # a new hint: count from here, show its target
            self._tour_mark = (tour.step, len(session.game.orders), session.turn)
            self._show_tour_target()
        if self._tour_step_done(tour.step):
            tour.advance()
            return
        tour.place(self._tour_anchor(), pygame.Rect(self.camera.viewport))

    def _tour_step_done(self, step: str) -> bool:
        session = self.session
        _, orders, turn = self._tour_mark
        selected = session.unit(self.view.selected) if self.view.selected else None
        if step == "select":
            return selected is not None and selected.side == session.side_to_move
        if step == "move":
            return any(isinstance(o, Move) for o in session.game.orders[orders:])
        if step == "supply":
            return "supply" in self.view.overlays
        if step == "assault":  # a preview read: the odds, or why there can be none
            return self.forecast is not None or self.refusal is not None
        return session.turn != turn or session.over

    def _tour_anchor(self) -> pygame.Rect | None:
        """What the current hint points at, on the screen (None if it is not in view)."""
        tour = self.tour
        step = tour.step if tour is not None else None
        if step in ("supply", "end_turn"):
            button = self.hud.buttons.get(step)
            return button.rect if button is not None else None
        hex_ = self._tour_hex(step)
        if hex_ is None or not self._visible(hex_):
            return None
        cx, cy = self.camera.hex_centre(hex_)
        r = self.camera.radius
        return pygame.Rect(round(cx - r), round(cy - r), 2 * r, 2 * r)

    def _tour_hex(self, step: str | None) -> Hex | None:
        """The hex a map hint points at: a unit that can move, the reachable hex nearest the
        enemy, the enemy nearest one's units."""
        session = self.session
        me = session.side_to_move
        own = [u for u in session.units() if u.side == me and u.hex is not None]
        enemies = [u.hex for u in session.units() if u.side != me and u.hex is not None]
        grid = session.facts.grid
        selected = session.unit(self.view.selected) if self.view.selected else None
        if step == "select":
            movers = [u for u in own if not u.static and u.mp_left > 0] or own
            if not movers:
                return None
            centre = self.camera.hex_at(*pygame.Rect(self.camera.viewport).center)
            return min(movers, key=lambda u: grid.distance(u.hex, centre) if centre else 0).hex
        if step == "move":
            if not self.view.reach:
                return selected.hex if selected is not None else None
            if not enemies:
                return next(iter(self.view.reach))
            return min(self.view.reach, key=lambda h: min(grid.distance(h, e) for e in enemies))
        if step == "assault" and enemies:
            mine = [selected.hex] if selected is not None and selected.hex else \
                [u.hex for u in own]
            return min(enemies, key=lambda e: min(grid.distance(e, h) for h in mine)) \
                if mine else enemies[0]
        return None

    def _show_tour_target(self) -> None:
        """Bring a map hint's target into view."""
        tour = self.tour
        hex_ = self._tour_hex(tour.step if tour is not None else None)
        if hex_ is not None and not self._visible(hex_):
            self.camera.centre_on(*self.session.facts.grid.centre_km(hex_))
            self._hover(self._mouse)  # the map moved under the pointer

    def _show_game_over(self) -> None:
        if self._game_over_shown:
            return
        self._game_over_shown = True
        lang = self.app.lang
        try:
            body = self.session.report_html()
        except (KeyError, ValueError, AttributeError) as exc:
            body = dialogs.esc(f"{self.session.score_text()} ({exc})")
        dialogs.confirm(self.app.manager, lang, body, self.show_report,
                        action=tr("report.open", lang), title=tr("report.title", lang),
                        size=(620, 440))

    def show_report(self) -> None:
        """The full after-action report against history (engine.history.report), if available."""
        try:
            from engine.history.report import build_report
            from game.screens.report import ReportScreen
        except ImportError:
            return
        try:
            screen = ReportScreen(self.app, build_report(self.session.game))
        except (ValueError, KeyError) as exc:
            self.app.error(tr("dialog.error", self.app.lang), dialogs.esc(exc))
            return
        self.app.show(screen)

    # --- animation ------------------------------------------------------------------------
    def skip_animations(self) -> None:
        self.anim.clear()
        self.anim.hold_parked = False
        self.view.moving.clear()
        self.view.attack_target = None
        self.replaying = False
        self._finish_ai_animation()

    def _finish_ai_animation(self) -> None:
        if self.pending_refresh:
            self.pending_refresh = False
            self.anim.hold_parked = False
            self.anim.parked.clear()
            self.view.moving.clear()
            self.session.refresh()
            self.refresh_hud(force=True)
            if self.session.over:
                self._show_game_over()
            else:
                self._after_phase()

    def _queue_ai_events(self, events: list) -> None:
        """The AI's phase just played: keep what the player saw of it (to replay with R) and
        animate the part of it on screen."""
        side = self.session.ai_side or self.session.side_to_move
        self.enemy = self.session.enemy_turn(side, events)
        if self.app.settings.animate_ai:
            for step in self.enemy.steps:
                if step.kind == "moved" and step.unit is not None:
                    if self._visible(step.path[0]) or self._visible(step.path[-1]):
                        self.anim.add_move(step.unit, step.path)
                elif step.target is not None and self._visible(step.target):
                    self.anim.add_flash(step.target)
        self.anim.fit()
        self.anim.hold_parked = True
        self.pending_refresh = True
        if not self.anim:
            self._finish_ai_animation()

    def replay_enemy_turn(self) -> None:
        """Show the other side's last phase again, as the player saw it: each moving unit set
        back where it started, its moves along their paths, its fire marked, the results beside
        the hexes. Any click or key skips it."""
        enemy = self.enemy
        if enemy is None or not enemy.steps or self.pending_refresh or self.session.ai_busy:
            self.notice(tr("replay.nothing", self.app.lang))
            return
        self.skip_animations()
        self.summary = []
        grid = self.session.facts.grid
        self.anim.parked = {unit: grid.centre_km(start) for unit, start in enemy.starts().items()}
        self.anim.hold_parked = True
        for step in enemy.steps:
            if step.unit is not None:
                self.anim.add_move(step.unit, step.path)
            elif step.target is not None:
                self.anim.add_flash(step.target)
        self.anim.fit(MAX_REPLAY_SECONDS)
        self.replaying = True
        hexes = enemy.hexes
        if hexes and not any(self._visible(h) for h in hexes):
            xs, ys = zip(*(grid.centre_km(h) for h in hexes), strict=True)
            self.camera.centre_on(sum(xs) / len(xs), sum(ys) / len(ys))
            self._hover(self._mouse)  # the map moved under the pointer
        self.view.moving = {unit: self.camera.to_screen(*km)
                            for unit, km in self.anim.positions().items()}
        self._tell([], list(enemy.events))
        self._update_buttons()

    def _visible(self, hex_: Hex) -> bool:
        return self.camera.contains(*self.camera.hex_centre(hex_))

    def _step_animations(self, dt_s: float) -> None:
        if not self.anim:
            return
        finished = self.anim.step(dt_s, self.session.facts.grid)
        self.view.moving = {unit: self.camera.to_screen(*km)
                            for unit, km in self.anim.positions().items()}
        self.view.attack_target = self.anim.flash
        if finished:
            if self.pending_refresh:
                self._finish_ai_animation()
            else:
                self.anim.speed = 1.0
            if self.replaying:
                self.replaying = False
                self.anim.hold_parked = False
                self.anim.parked.clear()
                self.view.moving.clear()
            self._update_buttons()

    # --- events ---------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_TEXT_BOX_LINK_CLICKED:
            target = str(getattr(event, "link_target", ""))
            if target.startswith(STOCKPILE_LINK):
                self.stockpile(target.removeprefix(STOCKPILE_LINK))
                return
            hex_ = self.session.facts.place_hex.get(target)
            if target.startswith("hex:"):
                try:
                    col, row = (int(v) for v in target[4:].split(","))
                    hex_ = (col, row)
                except ValueError:
                    hex_ = None
            if hex_ is not None and self.session.facts.grid.on_map(hex_):
                self.camera.centre_on(*self.session.facts.grid.centre_km(hex_))
                self.view.hover_hex = hex_
            return
        if event.type == pygame.MOUSEBUTTONDOWN:
            if self.minimap.contains(event.pos) and event.button == 1:
                self.minimap.jump(event.pos)
                self._press = None
                self._press_button = 4  # dragging on the minimap keeps jumping
                return
            if not self.camera.contains(*event.pos):
                return
            if event.button in (1, 2):
                self._press = event.pos
                self._press_button = event.button
                self._shift_down = self._shift_held(event)
                self._dragging = event.button == 2
            elif event.button == 3:
                if self.anim:
                    self.skip_animations()
                else:
                    self.cancel()
        elif event.type == pygame.MOUSEBUTTONUP:
            if self._press_button == 4:
                self._press_button = 0
                return
            self._shift = self._shift_down or self._shift_held(event)
            if event.button == 1 and self._press is not None and not self._dragging:
                hex_ = self.camera.hex_at(*event.pos)
                if hex_ is not None and self.camera.contains(*event.pos):
                    self.click_hex(hex_)
            if event.button in (1, 2):
                self._press = None
                self._dragging = False
                self._press_button = 0
        elif event.type == pygame.MOUSEMOTION:
            self._motion(event)
        elif event.type == pygame.MOUSEWHEEL:
            mx, my = self._mouse
            if self.camera.contains(mx, my):
                self.camera.zoom_at(1 if event.y > 0 else -1 if event.y < 0 else 0, mx, my)
        elif event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.KEYUP:
            self.key_up(event.key)

    def key_up(self, key_code: int) -> None:
        """A key is let go: pressed again, it acts again."""
        self._held.discard(key_code)

    @staticmethod
    def _shift_held(event: pygame.event.Event) -> bool:
        return bool(pygame.key.get_mods() & pygame.KMOD_SHIFT) or bool(
            getattr(event, "shift", False))

    def release(self) -> None:
        """The mouse button went up over a widget: forget any press or drag on the map."""
        self._press = None
        self._dragging = False
        self._press_button = 0

    def _motion(self, event: pygame.event.Event) -> None:
        self._mouse = event.pos
        if self._press_button == 4 and event.buttons[0] and self.minimap.contains(event.pos):
            self.minimap.jump(event.pos)
            return
        if self._press is not None and self._press_button in (1, 2):
            dx = event.pos[0] - self._press[0]
            dy = event.pos[1] - self._press[1]
            if not self._dragging and abs(dx) + abs(dy) >= DRAG_THRESHOLD:
                self._dragging = True
                self.camera.pan_pixels(dx, dy)
            elif self._dragging:
                self.camera.pan_pixels(*event.rel)
            return
        self._hover(event.pos)

    def _hover(self, pos: tuple[int, int]) -> None:
        hex_ = self.camera.hex_at(*pos) if self.camera.contains(*pos) else None
        if hex_ == self.view.hover_hex:
            return
        self._hover_hex(hex_)

    def _hover_hex(self, hex_: Hex | None) -> None:
        self.view.hover_hex = hex_
        self.refusal = None
        self.view.path = ()
        self.forecast = None
        self.view.attack_target = None if not self.anim else self.view.attack_target
        if hex_ is None or self.view.selected is None:
            return
        if hex_ in self.view.reach:
            self.view.path = self.view.reach[hex_].path
            return
        session = self.session
        selected = session.unit(self.view.selected)
        stack = session.units_at(hex_)
        if self.mode is None and selected is not None and stack \
                and all(u.side != selected.side for u in stack) \
                and selected.side == session.side_to_move:
            self.forecast = session.forecast(selected.id, hex_, tuple(self.view.group))
            if self.forecast is not None:
                self.view.attack_target = hex_
            else:
                self.refusal = session.assault_refusal(selected.id, hex_)

    def _key(self, event: pygame.event.Event) -> None:
        ctrl = event.mod & (pygame.KMOD_CTRL | pygame.KMOD_META)
        key = event.key
        if key in self._held:  # the system repeats a held key: an order is given once
            return
        self._held.add(key)
        if self.anim and key in (pygame.K_SPACE, pygame.K_ESCAPE, pygame.K_RETURN):
            self.skip_animations()
            return
        if ctrl and key == pygame.K_z:
            self.undo()
        elif ctrl and key == pygame.K_s:
            self.ask_save()
        elif ctrl and key == pygame.K_l:
            self.ask_load()
        elif ctrl:
            return
        elif key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER):
            self.end_turn()
        elif key == pygame.K_ESCAPE:
            if self.summary:
                self.summary = []
            else:
                self.cancel()  # the Menu button, not Esc, offers to leave the game
        elif key == pygame.K_F1:
            self.show_help()
        elif key == pygame.K_u:
            self.toggle_overlay("supply")
        elif key == pygame.K_z:
            self.toggle_overlay("zoc")
        elif key == pygame.K_f:
            self.toggle_overlay("forts")
        elif key == pygame.K_c:
            self.toggle_overlay("civilians")
        elif key == pygame.K_b:
            self.start_bombard()
        elif key == pygame.K_TAB:
            self.next_unit()
        elif key == pygame.K_p:
            self.toggle_pause()
        elif key == pygame.K_h:
            self.show_players()
        elif key == pygame.K_r:
            self.replay_enemy_turn()
        elif key == pygame.K_m:
            self.app.toggle_sound()
        elif key == pygame.K_n:
            self.view.numbers = not self.view.numbers
        elif key == pygame.K_HOME:
            self.camera.show_all()
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self._zoom_centre(1)
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self._zoom_centre(-1)

    def _zoom_centre(self, steps: int) -> None:
        vx, vy, vw, vh = self.camera.viewport
        self.camera.zoom_at(steps, vx + vw / 2, vy + vh / 2)

    # --- frame ----------------------------------------------------------------------------
    def update(self, dt_s: float) -> None:
        self._clock += dt_s
        self._key_pan(dt_s)
        if self.notice_left > 0:
            self.notice_left -= dt_s
            if self.notice_left <= 0:
                self.notice_text = None
        self.results = [(h, t, s - dt_s) for h, t, s in self.results if s > dt_s]
        self._prepare_layers()
        result = self.session.poll_ai()
        if result is not None:
            events, error = result
            if error is not None:
                self.app.error(tr("dialog.error", self.app.lang),
                               dialogs.esc(f"AI: {type(error).__name__}: {error}"))
            self.app.sounds.events(e.kind for e in events)
            self._tell(self.session.last_lines, events)
            self._queue_ai_events(events)
        if self.anim.parked:
            # parked units stay where their animation left them, even when the camera moves
            self.view.moving = {unit: self.camera.to_screen(*km)
                                for unit, km in self.anim.positions().items()}
        self._step_animations(dt_s)
        self.refresh_hud()
        self._update_tour()

    def _prepare_layers(self) -> None:
        """Draw map layers a few milliseconds per frame: the current zoom, then its neighbours."""
        renderer = self.renderer
        zoom = self.camera.zoom
        if not renderer.busy():
            for near in (zoom - 1, zoom + 1):
                if 0 <= near < len(ZOOM_RADII) and not renderer.has_layer(near):
                    renderer.request(near)
                    break
            renderer.request(zoom)
        renderer.work(0.006)

    def draw(self, surface: pygame.Surface) -> None:
        self.renderer.show_terrain(self.session.world.map.terrain)  # a flood's day
        self.map.draw(surface, self.view)
        strait = self.session.world.scenario.strait
        if strait is not None and strait.targets:
            draw_strait(surface, self.camera, strait.targets, self.session.state,
                        self.session.strait_guns(), self.app.lang)
        if self.targets:
            self._draw_targets(surface)
        area = self.hud.minimap_area
        surface.fill(TABLE, pygame.Rect(area.left - 10, area.top - 10, area.width + 20,
                                        area.height + 16))
        self.minimap.draw(surface, self.view.selected)
        viewport = pygame.Rect(self.camera.viewport)
        drawn: list[pygame.Rect] = []  # a phase's boxes on neighbouring hexes, one under another
        for hex_, lines, _ in self.results:
            if self._visible(hex_):
                cx, cy = self.camera.hex_centre(hex_)
                drawn.append(draw_label_box(surface, lines, (round(cx), round(cy)), 13,
                                            bounds=viewport, avoid=drawn))
        if self.summary:
            draw_story(surface, self.summary, viewport)
        if self.view.overlays:
            lang = self.app.lang
            legend = [tr("legend.title", lang)] + [
                f" {tr(f'legend.{name}', lang)}" for name in OVERLAYS if name in self.view.overlays]
            draw_story(surface, legend, viewport, bottom=True)
        if self.notice_text:
            draw_notice(surface, self.notice_text, viewport,
                        BANNER if self.notice_banner else REFUSAL)
        self._draw_hover_box(surface)

    def draw_over(self, surface: pygame.Surface) -> None:
        """Above the widgets: the guided first turn's pointer (it may point at a button)."""
        if self.tour is not None and not self.app.dialog_open():
            self.tour.draw_pointer(surface, self._tour_anchor(), self._clock)

    def _draw_targets(self, surface: pygame.Surface) -> None:
        from game.map.markers import hex_fill

        radius = self.camera.radius
        ring = hex_fill(radius, (230, 60, 30, 190), max(2, radius // 9))
        vx, vy, vw, vh = self.camera.viewport
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(vx, vy, vw, vh))
        for hex_ in self.targets:
            cx, cy = self.camera.hex_centre(hex_)
            surface.blit(ring, (cx - ring.get_width() / 2, cy - ring.get_height() / 2))
        surface.set_clip(clip)

    def left_out(self) -> tuple[str, ...]:
        """Names of the units added with Shift+click that the forecast assault cannot use."""
        if self.forecast is None:
            return ()
        used = {*self.forecast.attackers, *self.forecast.support}
        return tuple(unit.name for uid in self.view.group if uid not in used
                     and (unit := self.session.unit(uid)) is not None)

    def _draw_hover_box(self, surface: pygame.Surface) -> None:
        hex_ = self.view.hover_hex
        if hex_ is None or self._dragging or self.app.dialog_open():
            return
        lang = self.app.lang
        mouse = pygame.mouse.get_pos()
        lines: list[str] = []
        if self.forecast is not None:
            lines = hud.forecast_lines(self.forecast, lang, self.left_out())
        elif hex_ in self.view.reach:
            unit = self.session.unit(self.view.selected)
            cost = self.view.reach[hex_].cost
            left = unit.mp_left if unit else 0.0
            lines = [tr("move.cost", lang, cost=decimal(cost, lang), left=decimal(left, lang))]
        elif self.mode == "bombard" and hex_ in self.targets:
            lines = self.session.fire_preview(hex_, self.view.selected)
        elif self.mode == "air_raid" and hex_ in self.targets:
            lines = self.session.fire_preview(hex_)
        else:
            stack = self.session.units_at(hex_)
            if stack and (self.view.selected is None or self.camera.radius < 28
                          or self.refusal):
                lines = [f"{u.short} — {u.name} ({u.shown_men(self.app.lang)})"
                         for u in stack[:5]]
            if self.refusal:
                lines.append(self.refusal)
        if lines:
            draw_label_box(surface, lines, mouse, 14, bounds=pygame.Rect(self.camera.viewport))

