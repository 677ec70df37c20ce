"""The window and its main loop: one pygame_gui manager, the current screen, dialogs, F11.

Screens (main menu, game) get every event the widgets did not consume, an update per frame and
a draw call. Any error that reaches the loop is shown in a dialog; the window stays open.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextEntryBox, UITextEntryLine

from engine.user_dirs import record_internal_error
from game import theme
from game.assets import ICONS_DIR, asset
from game.palette import TABLE
from game.png_file import write_png
from game.settings import Settings, load_settings, save_settings
from game.sound import Sounds
from game.text import fonts
from game.text.i18n import tr
from game.widgets import dialogs
from game.widgets.line_breaks import keep_breaks_on_their_row

if TYPE_CHECKING:
    from engine.format.loaded import LoadedScenario
    from game.map.render import MapRenderer

MIN_SIZE = (1024, 640)
KEY_EVENTS = frozenset((pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.TEXTEDITING))
MOUSE_EVENTS = frozenset((pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION,
                          pygame.MOUSEWHEEL))


@dataclass
class LaunchOptions:
    scenario: Path
    lang: str | None = None
    size: tuple[int, int] | None = None
    fullscreen: bool = False
    screenshot: Path | None = None
    screenshot_menu: bool = False
    settings_path: Path | None = None  # tests point this at a temporary file
    max_frames: int | None = None  # tests: stop after this many frames
    extra: dict[str, object] = field(default_factory=dict)


class Screen(Protocol):
    def build_ui(self) -> None: ...
    def kill_ui(self) -> None: ...
    def handle_event(self, event: pygame.event.Event) -> None: ...
    def update(self, dt: float) -> None: ...
    def draw(self, surface: pygame.Surface) -> None: ...


class App:
    """Owns the window, the widget manager, the settings and the current screen."""

    def __init__(self, options: LaunchOptions) -> None:
        self.options = options
        self.settings: Settings = load_settings(options.settings_path)
        self._stored_language = self.settings.language  # --lang is for this run only
        if options.lang:
            self.settings.language = options.lang
        self.running = False
        self.screen: Screen | None = None
        self.loaded: LoadedScenario | None = None
        self.load_problems: list[str] = []
        self.load_error_title = ""
        self.frames = 0
        self.first_frame_at: float | None = None
        self.started_at = time.perf_counter()
        self.surface: pygame.Surface | None = None
        self.manager: pygame_gui.UIManager | None = None
        self.clock: pygame.time.Clock | None = None
        self._renderer = None
        self.fullscreen = False
        self.loading = False
        self._loader: threading.Thread | None = None
        self.sounds = Sounds(self.settings.sound)
        self.errors: list[Exception] = []  # unexpected errors shown in dialogs (tests read it)
        self._windowed_size = options.size or (
            self.settings.window_width, self.settings.window_height
        )

    @property
    def lang(self) -> str:
        return self.settings.language

    # --- start-up -------------------------------------------------------------------------
    def open_window(self) -> None:
        os.environ.setdefault("SDL_VIDEO_CENTERED", "1")
        # Only what the game uses: the game has no sound, and opening the audio device costs
        # start-up time and floods the terminal with driver warnings on machines without one.
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(tr("app.title", self.lang))
        icon = asset(ICONS_DIR, "window_icon_64.png")
        if icon is not None:
            with contextlib.suppress(pygame.error):  # an unreadable icon leaves SDL's own
                pygame.display.set_icon(pygame.image.load(str(icon)))
        fullscreen = self.options.fullscreen or (
            self.settings.fullscreen and not self.options.screenshot
        )
        self._set_mode(fullscreen)
        keep_breaks_on_their_row()  # no blank row under a line that fills a text box
        self.manager = pygame_gui.UIManager(self.surface.get_size(), None,
                                            enable_live_theme_updates=False,
                                            starting_language=self.lang)
        theme.apply(self.manager)
        self.manager.preload_fonts([
            {"name": fonts.FAMILY, "point_size": size, "style": style}
            for size, style in ((14, "italic"),)
        ])
        self.clock = pygame.time.Clock()
        pygame.key.set_repeat(350, 40)

    def _set_mode(self, fullscreen: bool) -> None:
        if fullscreen:
            self.surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.surface = pygame.display.set_mode(self._windowed_size, pygame.RESIZABLE)
        self.fullscreen = fullscreen

    def load(self) -> None:
        """Load the scenario; on failure keep the problems to show in the window."""
        from engine.format.loaded import ScenarioError
        from engine.format.loading import load_scenario

        path = self.options.scenario
        self.loaded = None
        self.load_problems = []
        try:
            if not path.is_file():
                self.load_error_title = tr("dialog.scenario_missing", self.lang, path=path)
                self.load_problems = [str(path)]
                return
            self.loaded = load_scenario(path)
        except ScenarioError as exc:
            self.load_error_title = tr("dialog.scenario_error", self.lang)
            ordered = sorted(exc.problems, key=lambda p: p.severity != "error")
            self.load_problems = [str(p) for p in ordered]
        except Exception as exc:  # any unreadable file: show it, never crash
            self.load_error_title = tr("dialog.scenario_error", self.lang)
            self.load_problems = [f"{path}: {type(exc).__name__}: {exc}"]

    def load_in_background(self) -> None:
        """Load (and validate) the scenario in a worker thread while the menu is already up."""
        self.loading = True

        def work() -> None:
            try:
                self.load()
                if self.loaded is not None:
                    self.renderer()  # compile the map facts off the main thread too
            finally:
                self.loading = False

        self._loader = threading.Thread(target=work, name="scenario-loader", daemon=True)
        self._loader.start()

    def _check_loader(self) -> None:
        if self._loader is not None and not self.loading:
            self._loader.join()
            self._loader = None
            if isinstance(self.screen, _menu_type()):
                self.show_menu()

    # --- screens --------------------------------------------------------------------------
    def show(self, screen: Screen) -> None:
        if self.screen is not None:
            self.screen.kill_ui()
        self.manager.clear_and_reset()
        self.screen = screen
        screen.build_ui()

    def show_menu(self) -> None:
        from game.screens.menu import MenuScreen

        self.show(MenuScreen(self))
        if self.load_problems and not self.loading:
            self.show_scenario_problems()

    def start_game(self, config: object) -> bool:
        """Open the game screen for a new game; False (with a dialog) if it cannot start."""
        from game.screens.campaign import GameScreen
        from game.session import Session, SessionConfig

        if self.loaded is None:
            self.show_scenario_problems()
            return False
        try:
            session = Session(self.loaded, self.lang,
                              config if isinstance(config, SessionConfig) else None,
                              facts=self.renderer().data)
        except Exception as exc:
            self.error(tr("dialog.error", self.lang), f"{type(exc).__name__}: {exc}")
            return False
        screen = GameScreen(self, session)
        # the guided first turn, offered once, to a person playing a side
        screen.tour_pending = not self.settings.tour_done and any(
            session.is_human(side.id) for side in self.loaded.scenario.sides)
        self.show(screen)
        if not session.is_human(session.side_to_move):
            session.start_ai()
        return True

    def switch_scenario(self, path: Path) -> bool:
        """Open another scenario for the new game (its problems shown if it cannot load)."""
        previous, previous_loaded = self.options.scenario, self.loaded
        self.options.scenario = path
        self.load()
        if self.loaded is None:
            problems, title = self.load_problems, self.load_error_title
            self.options.scenario, self.loaded = previous, previous_loaded
            self.load_problems = []
            dialogs.problems(self.manager, tr("dialog.error", self.lang), title, problems)
            return False
        return True

    def rebuild(self) -> None:
        """Rebuild every widget (after a language change or a resize)."""
        if self.screen is not None:
            self.screen.kill_ui()
            self.manager.clear_and_reset()
            self.screen.build_ui()

    def renderer(self) -> MapRenderer | None:
        """The map renderer of the loaded scenario, shared by the menu and the game."""
        if self.loaded is None:
            return None
        from game.map.features import MapFacts
        from game.map.render import MapRenderer

        if self._renderer is None or self._renderer.data.loaded is not self.loaded \
                or self._renderer.data.lang != self.lang:
            self._renderer = MapRenderer(MapFacts(self.loaded, self.lang))
        return self._renderer

    def menu_zoom(self, size: tuple[int, int]) -> int:
        """The smallest zoom whose map layer covers a window of `size` when scaled up a little."""
        from game.map.camera import ZOOM_RADII, layer_size

        renderer = self.renderer()
        if renderer is None:
            return 0
        for zoom, radius in enumerate(ZOOM_RADII):
            width, height = layer_size(renderer.data.grid, radius)
            if width >= size[0] * 0.8 and height >= size[1] * 0.8:
                return zoom
        return len(ZOOM_RADII) - 1

    def load_saved_game(self, path: str) -> None:
        """Open a saved game with who played each side; a refused save (or side file) is
        explained in a dialog and nothing changes: the game on screen goes on, no file is
        written."""
        from engine.history.plan import plan_sides
        from engine.save import SaveError, load_game
        from game.players import PlayersError
        from game.saves import read_players
        from game.screens.campaign import GameScreen
        from game.session import Session, SessionConfig
        from game.settings import DIFFICULTIES

        if self.loaded is None:
            self.show_scenario_problems()
            return
        scenario = self.loaded.scenario
        try:
            players = read_players(Path(path), [s.id for s in scenario.sides],
                                   plan_sides(scenario), DIFFICULTIES, self.settings.difficulty)
            game = load_game(path, self.loaded)
        except (SaveError, PlayersError) as exc:
            self.error(tr("dialog.error", self.lang),
                       tr("dialog.bad_save", self.lang, error=dialogs.esc(exc)))
            return
        except Exception as exc:
            self.error(tr("dialog.error", self.lang),
                       tr("dialog.bad_save", self.lang,
                          error=dialogs.esc(f"{type(exc).__name__}: {exc}")))
            return
        config = SessionConfig(controllers=players.controllers, pending=players.pending,
                               handovers=players.handovers, difficulty=players.difficulty,
                               seed=game.seed, fog=players.fog)
        session = Session(self.loaded, self.lang, config, game=game,
                          facts=self.renderer().data)
        session.note(tr("log.loaded", self.lang, name=Path(path).stem))
        screen = GameScreen(self, session)
        self.show(screen)
        if not session.over and not session.is_human(session.side_to_move):
            session.start_ai()

    def reload_scenario(self) -> None:
        """F5, for modders: read the scenario file again and carry on with the changed rules.

        A file with errors is listed problem by problem (file:line:col) and the game in
        progress goes on untouched. A good file replaces the old one; the game in progress
        replays its order log on it, or starts again if an order no longer fits the new file.
        """
        from engine.game import Game, new_game
        from engine.orders import IllegalOrder
        from game.screens.campaign import GameScreen
        from game.session import Session
        from game.text.refusals import refusal_text

        previous = self.loaded
        self.load()
        if self.loaded is None:
            self.loaded, problems = previous, self.load_problems
            self.load_problems = []
            dialogs.problems(self.manager, tr("dialog.error", self.lang),
                             tr("dialog.reload_failed", self.lang), problems)
            return
        if not isinstance(self.screen, GameScreen):
            self.show_menu()
            return
        old = self.screen.session
        note = tr("log.reloaded", self.lang)
        try:
            game = Game.replay(self.loaded, old.game.seed, list(old.game.orders))
        except Exception as exc:  # an order of the log that the changed file no longer allows
            game = new_game(self.loaded, old.game.seed)
            reason = refusal_text(exc, self.lang, game.world) \
                if isinstance(exc, IllegalOrder) else str(exc)
            note = tr("log.reloaded_restart", self.lang, reason=reason)
        session = Session(self.loaded, self.lang, old.config, game=game,
                          facts=self.renderer().data)
        session.note(note)
        self.show(GameScreen(self, session))
        if not session.over and not session.is_human(session.side_to_move):
            session.start_ai()

    def apply_settings(self, values: dict[str, object]) -> None:
        self.settings.edge_scroll = bool(values.get("edge_scroll", self.settings.edge_scroll))
        self.settings.animate_ai = bool(values.get("animate_ai", self.settings.animate_ai))
        self.settings.sound = self.sounds.enabled = bool(values.get("sound", self.settings.sound))
        want_full = bool(values.get("fullscreen", self.fullscreen))
        language = str(values.get("language", self.lang))
        if want_full != self.fullscreen:
            self.toggle_fullscreen()
        if language != self.lang:
            self.set_language(language)
        self.save_settings()

    def toggle_sound(self) -> None:
        """M, or the header's sound button: mute or unmute, remembered in the settings."""
        self.settings.sound = self.sounds.enabled = not self.settings.sound
        if self.screen is not None and hasattr(self.screen, "sound_changed"):
            self.screen.sound_changed()
        self.save_settings()

    # --- dialogs --------------------------------------------------------------------------
    def dialog_open(self) -> bool:
        return bool(self.manager.get_window_stack().get_full_stack())

    def error(self, title: str, message: str) -> None:
        dialogs.message(self.manager, title, message)

    def show_scenario_problems(self) -> None:
        dialogs.problems(self.manager, tr("dialog.error", self.lang), self.load_error_title,
                         self.load_problems)

    def save_settings(self) -> None:
        try:
            stored = dataclasses.replace(self.settings, language=self._stored_language)
            save_settings(stored, self.options.settings_path)
        except OSError as exc:
            self.error(tr("dialog.error", self.lang),
                       tr("settings.save_failed", self.lang, error=exc))

    def set_language(self, lang: str) -> None:
        self._stored_language = lang  # chosen in the settings: remembered
        if lang == self.settings.language:
            return
        self.settings.language = lang
        self._stored_language = lang
        self.manager.set_locale(lang)
        pygame.display.set_caption(tr("app.title", self.lang))
        if self.screen is not None and hasattr(self.screen, "set_language"):
            self.screen.set_language(lang)
        self.rebuild()

    def toggle_fullscreen(self) -> None:
        if not self.fullscreen:
            self._windowed_size = self.surface.get_size()
        self._set_mode(not self.fullscreen)
        self.settings.fullscreen = self.fullscreen
        self._resized(self.surface.get_size())

    def _resized(self, size: tuple[int, int]) -> None:
        width, height = max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1])
        self.surface = pygame.display.get_surface()
        if not self.fullscreen and self.surface.get_size() != (width, height):
            self.surface = pygame.display.set_mode((width, height), pygame.RESIZABLE)
        if not self.fullscreen:
            self.settings.window_width, self.settings.window_height = width, height
        self.manager.set_window_resolution(self.surface.get_size())
        self.rebuild()

    # --- loop -----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE and not self.fullscreen:
            self._resized((event.w, event.h))
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F5 and not self.loading:
            self.reload_scenario()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.close_top():
            return
        owned = self.input_owned(event.type)  # before the event may open or close a dialog
        consumed = self.manager.process_events(event)
        if consumed and event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 \
                and self._button_at(event.pos):
            self.sounds.play("click")
        withheld = owned or (consumed and event.type < pygame.USEREVENT)
        if withheld and event.type == pygame.MOUSEBUTTONUP and hasattr(self.screen, "release"):
            self.screen.release()  # a drag begun on the map ends even over a widget
        if withheld and event.type == pygame.KEYUP and hasattr(self.screen, "key_up"):
            self.screen.key_up(event.key)  # a key let go over a dialog it opened (H, F1)
        if self.screen is not None and not withheld:
            self.screen.handle_event(event)

    def typing(self) -> bool:
        """A text field has the keyboard."""
        return bool(self._text_fields_focused())

    def _text_fields_focused(self) -> list[UITextEntryLine | UITextEntryBox]:
        return [e for e in self.manager.get_sprite_group().sprites()
                if isinstance(e, (UITextEntryLine, UITextEntryBox)) and e.is_focused]

    def input_owned(self, event_type: int | None = None) -> bool:
        """A dialog (all of them are modal) owns the mouse and the keyboard, a text field the
        keyboard: such input never reaches the screen beneath. Without `event_type`: whether
        the screen must ignore the keys held and the mouse at the edges (panning) now."""
        if event_type is None:
            return self.dialog_open() or self.typing()
        if event_type in KEY_EVENTS:
            return self.dialog_open() or self.typing()
        return event_type in MOUSE_EVENTS and self.dialog_open()

    def close_top(self) -> bool:
        """Esc: close the top dialog, else let go of a text field; False if neither was there."""
        stack = self.manager.get_window_stack().get_full_stack()
        if stack:
            stack[-1].kill()
            return True
        fields = self._text_fields_focused()
        for entry in fields:
            entry.unfocus()
        return bool(fields)

    def _button_at(self, pos: tuple[int, int]) -> bool:
        """An enabled, visible button is under `pos` (a press there clicks)."""
        return any(isinstance(e, UIButton) and e.is_enabled and e.visible
                   and e.rect.collidepoint(pos) for e in self.manager.get_sprite_group().sprites())

    def step(self, dt: float) -> None:
        """One frame: events, update, draw, flip."""
        for event in pygame.event.get():
            try:
                self.handle(event)
            except Exception as exc:
                self._report(exc)
            if not self.running:
                return
        try:
            self._check_loader()
            if self.screen is not None:
                self.screen.update(dt)
            self.manager.update(dt)
            self.surface.fill(TABLE)
            if self.screen is not None:
                self.screen.draw(self.surface)
            self.manager.draw_ui(self.surface)
            if self.screen is not None and hasattr(self.screen, "draw_over"):
                self.screen.draw_over(self.surface)  # what must show above the widgets
        except Exception as exc:
            self._report(exc)
        pygame.display.flip()
        self.frames += 1
        if self.first_frame_at is None:
            self.first_frame_at = time.perf_counter()

    def _report(self, exc: Exception) -> None:
        """An unexpected error: keep the window, say what happened, keep details in a log."""
        self.errors.append(exc)
        log = record_internal_error(traceback.format_exc())
        where = f"<br>({log})" if log else ""
        self.error(tr("dialog.error", self.lang), f"{type(exc).__name__}: {exc}{where}")

    def run(self) -> int:
        self.open_window()
        if self.options.screenshot is not None:
            self.load()
            return self.screenshot(self.options.screenshot)
        self.show_menu()
        self.load_in_background()
        return self.loop()

    def loop(self) -> int:
        """Run the window until it is closed (or `--frames` are drawn), then keep the settings."""
        self.running = True
        while self.running:
            dt = self.clock.tick(60) / 1000.0
            self.step(dt)
            if self.options.max_frames is not None and self.frames >= self.options.max_frames:
                break
        self.save_settings()
        pygame.quit()
        return 0

    def capture(self, path: Path) -> int:
        """Draw a few frames, so every layer and widget is in place, and save the window.

        0, or 2 after a one-line message when the file cannot be written."""
        self.running = True
        for _ in range(3):
            self.step(1 / 60)
        try:
            write_png(self.surface, path)
        except OSError as exc:
            print(f"cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        finally:
            pygame.quit()
        return 0

    def screenshot(self, path: Path) -> int:
        """Draw the opening position (or the menu) for a few frames and save it as PNG."""
        from game.session import SessionConfig

        if self.options.screenshot_menu or self.loaded is None:
            if self.loaded is not None:
                self.renderer().layer_now(self.menu_zoom(self.surface.get_size()))
            self.show_menu()
        else:
            sides = [s.id for s in self.loaded.scenario.sides]
            controllers = {side: ("human" if i == 0 else "ai") for i, side in enumerate(sides)}
            self.start_game(SessionConfig(controllers=controllers))
        return self.capture(path) or (0 if self.loaded is not None else 1)


def _menu_type() -> type:
    from game.screens.menu import MenuScreen

    return MenuScreen
