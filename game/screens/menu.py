"""The main menu: new game, load, history replay, settings, quit — over the campaign map."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel, UITextBox

from game.palette import TABLE
from game.saves import AUTOSAVE, slot_path
from game.text.i18n import tr
from game.widgets import dialogs

if TYPE_CHECKING:
    from game.shell import App


class MenuScreen:
    def __init__(self, app: App) -> None:
        self.app = app
        self._background: pygame.Surface | None = None
        self._background_size: object = None
        self.buttons: dict[str, UIButton] = {}

    # --- widgets --------------------------------------------------------------------------
    def build_ui(self) -> None:
        manager = self.app.manager
        lang = self.app.lang
        width, height = manager.window_resolution
        has_autosave = slot_path(AUTOSAVE).is_file()
        panel_w, panel_h = 560, (598 if has_autosave else 580)
        rect = pygame.Rect(width - panel_w - max(40, width // 12), (height - panel_h) // 2,
                           panel_w, panel_h)
        panel = UIPanel(rect, manager=manager, object_id="#menu_panel")
        inner = panel_w - 48
        UILabel(pygame.Rect(8, 24, panel_w - 16, 52), tr("app.title", lang), manager,
                container=panel, object_id="#title")
        UILabel(pygame.Rect(24, 78, inner, 24), tr("app.subtitle", lang), manager,
                container=panel, object_id="#subtitle")
        loaded = self.app.loaded
        if loaded is not None:
            from engine.format.scenario import text_in

            scenario_name = text_in(loaded.scenario.title, lang)
        else:
            scenario_name = tr("menu.loading", lang) if self.app.loading else "—"
        UITextBox(f"<b>{dialogs.esc(scenario_name)}</b>", pygame.Rect(24, 100, panel_w - 48, 48),
                  manager, container=panel, object_id="#scenario_name")
        y = 166
        self._autosave = slot_path(AUTOSAVE)
        actions = [("continue", self.continue_game)] if self._autosave.is_file() else []
        actions += [
            ("new", self.new_game),
            ("load", self.load_game),
            ("replay", self.replay),
            ("sources", self.sources),
            ("settings", self.settings),
            ("quit", self.quit),
        ]
        self.buttons = {}
        for key, command in actions:
            self.buttons[key] = UIButton(pygame.Rect(90, y, inner - 132, 50),
                                         tr(f"menu.{key}", lang), manager, container=panel,
                                         command=command, object_id=f"#menu_{key}")
            y += 58 if has_autosave else 64
        if loaded is None:
            if "continue" in self.buttons:
                self.buttons["continue"].disable()
            self.buttons["new"].disable()
            self.buttons["load"].disable()
            self.buttons["sources"].disable()

    def kill_ui(self) -> None:
        self.buttons = {}

    # --- actions --------------------------------------------------------------------------
    def continue_game(self) -> None:
        """Open the autosave (made at the start of every turn)."""
        self.app.load_saved_game(str(self._autosave))

    def new_game(self) -> None:
        loaded = self.app.loaded
        if loaded is None:
            self.app.show_scenario_problems()
            return
        from engine.format.scenario import text_in

        lang = self.app.lang
        sides = [(s.id, text_in(s.name, lang)) for s in loaded.scenario.sides]
        dialogs.NewGameWindow(self.app.manager, lang, sides, self.app.settings.difficulty,
                              self._start, scenario_choices(self.app.options.scenario, lang),
                              str(self.app.options.scenario.resolve()))

    def _start(self, choice: str, difficulty: str, fog: bool = True, scenario: str = "") -> None:
        from game.session import AI, HISTORY, HUMAN, SessionConfig

        self.app.settings.difficulty = difficulty
        if scenario and Path(scenario).resolve() != self.app.options.scenario.resolve() \
                and not self.app.switch_scenario(Path(scenario)):
            return
        sides = [s.id for s in self.app.loaded.scenario.sides]
        if choice not in (*sides, "hotseat", "watch", "history"):
            choice = sides[0]  # a side of the scenario chosen before
        if choice == "hotseat":
            controllers = dict.fromkeys(sides, HUMAN)
        elif choice == "watch":
            controllers = dict.fromkeys(sides, AI)
        elif choice == "history":
            # the first side gives the scenario's dated orders, the other is the AI opponent
            controllers = {side: (HISTORY if i == 0 else AI) for i, side in enumerate(sides)}
        else:
            controllers = {side: (HUMAN if side == choice else AI) for side in sides}
        self.app.start_game(SessionConfig(controllers=controllers, difficulty=difficulty,
                                          fog=fog))

    def load_game(self) -> None:
        from game.saves import list_saves

        lang = self.app.lang
        dialogs.LoadWindow(self.app.manager, lang, list_saves(), self._load)

    def _load(self, path: str) -> None:
        self.app.load_saved_game(path)

    def replay(self) -> None:
        """The history replay (day by day through September 1944), if this build has it."""
        lang = self.app.lang
        if self.app.loaded is None:
            self.app.show_scenario_problems()
            return
        try:
            from game.screens.replay import ReplayScreen
        except ImportError:
            dialogs.message(self.app.manager, tr("menu.replay", lang),
                            tr("menu.replay_soon", lang))
            return
        try:
            screen = ReplayScreen(self.app)
        except (ValueError, KeyError) as exc:
            self.app.error(tr("dialog.error", lang), dialogs.esc(exc))
            return
        self.app.show(screen)

    def sources(self) -> None:
        """The scenario's bibliography (game/screens/sources.py)."""
        if self.app.loaded is None:
            self.app.show_scenario_problems()
            return
        from game.screens.sources import SourcesScreen

        self.app.show(SourcesScreen(self.app))

    def settings(self) -> None:
        values = {
            "language": self.app.settings.language,
            "fullscreen": self.app.fullscreen,
            "edge_scroll": self.app.settings.edge_scroll,
            "animate_ai": self.app.settings.animate_ai,
            "sound": self.app.settings.sound,
        }
        dialogs.SettingsWindow(self.app.manager, self.app.lang, values, self.app.apply_settings)

    def quit(self) -> None:
        self.app.running = False

    # --- loop -----------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.quit()  # a dialog, if open, took the Esc (App.close_top)

    def update(self, dt: float) -> None:
        """Draw the map behind the menu a few milliseconds per frame once the scenario is in."""
        renderer = self.app.renderer() if not self.app.loading else None
        if renderer is not None and self._background_size is not None \
                and not self._background_size[1]:
            renderer.request(self.app.menu_zoom(self.app.surface.get_size()))
            if renderer.work(0.008):
                self._background = None

    def draw(self, surface: pygame.Surface) -> None:
        size = surface.get_size()
        renderer = self.app.renderer() if not self.app.loading else None
        zoom = self.app.menu_zoom(size) if renderer is not None else 0
        key = (size, renderer is not None and renderer.ready(zoom) is not None)
        if self._background is None or self._background_size != key:
            self._background = self._make_background(size)
            self._background_size = key
        surface.blit(self._background, (0, 0))

    def _make_background(self, size: tuple[int, int]) -> pygame.Surface:
        """The campaign map, zoomed to fill the window and dimmed under the menu."""
        out = pygame.Surface(size)
        out.fill(TABLE)
        renderer = self.app.renderer() if not self.app.loading else None
        # the layer, once drawn, with the place names (kept off it for the game's counters);
        # no zoom is worked out while the scenario loads: the first frame waits for no import
        zoom = self.app.menu_zoom(size) if renderer is not None else 0
        layer = renderer.labelled(zoom) if renderer is not None and renderer.ready(zoom) \
            else None
        if layer is not None:
            scale = max(size[0] / layer.get_width(), size[1] / layer.get_height())
            scaled = pygame.transform.smoothscale(
                layer, (round(layer.get_width() * scale), round(layer.get_height() * scale))
            )
            out.blit(scaled, ((size[0] - scaled.get_width()) // 2,
                              (size[1] - scaled.get_height()) // 2))
        shade = pygame.Surface(size, pygame.SRCALPHA)
        shade.fill((20, 18, 12, 120))
        out.blit(shade, (0, 0))
        return out


def scenario_choices(current: Path, lang: str) -> list[tuple[str, str]]:
    """(title, absolute path) of every scenario in the scenarios folder, and of the one open
    now (however it was named on the command line: `--scenario scenarios/x.yaml` is the
    folder's own x.yaml)."""
    import yaml

    from engine.format.scenario import text_in
    from engine.format.shipped import SCENARIOS_DIR

    paths = sorted(p.resolve() for p in SCENARIOS_DIR.glob("*.yaml"))
    if current.resolve() not in paths:
        paths.insert(0, current.resolve())
    out = []
    for path in paths:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            title = text_in(data["title"], lang)
        except Exception:  # an unreadable file is still listed; choosing it shows why
            title = path.stem
        out.append((str(title), str(path)))
    return out
