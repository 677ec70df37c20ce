"""Dialogs built from pygame_gui windows: messages, problems, confirmations, help, new game,
settings, save and load. Each takes callbacks, so screens stay free of widget bookkeeping.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UICheckBox,
    UIDropDownMenu,
    UILabel,
    UISelectionList,
    UITextBox,
    UITextEntryLine,
    UIWindow,
)
from pygame_gui.windows import UIConfirmationDialog, UIMessageWindow

from game.settings import DIFFICULTIES
from game.text.i18n import tr


def esc(text: object) -> str:
    """Text made safe for pygame_gui's HTML subset."""
    return html.escape(str(text), quote=False)


def _centred(manager: pygame_gui.UIManager, width: int, height: int) -> pygame.Rect:
    sw, sh = manager.window_resolution
    width, height = min(width, sw - 20), min(height, sh - 20)
    return pygame.Rect((sw - width) // 2, (sh - height) // 2, width, height)


def _text_width(manager: pygame_gui.UIManager, element: str, texts: Sequence[str]) -> int:
    """Width in pixels of the widest of `texts` in the theme's font for `element`."""
    font = manager.get_theme().get_font([element])
    return max((font.size(text)[0] for text in texts), default=0)


def message(manager: pygame_gui.UIManager, title: str, text: str,
            width: int = 460, height: int = 240) -> UIMessageWindow:
    """A message with a dismiss button; `text` may use <b>, <i> and <br>."""
    return UIMessageWindow(_centred(manager, width, height), text, manager,
                           window_title=title, always_on_top=True)


def problems(manager: pygame_gui.UIManager, title: str, headline: str,
             lines: Sequence[str]) -> UIMessageWindow:
    """Every problem the validator found, one per line, in a scrolling box."""
    body = f"<b>{esc(headline)}</b><br><br>" + "<br>".join(
        f"<font face='fira_code' size=3>{esc(line)}</font>" for line in lines[:300]
    )
    if len(lines) > 300:
        body += f"<br>… (+{len(lines) - 300})"
    return message(manager, title, body, width=860, height=460)


def confirm(manager: pygame_gui.UIManager, lang: str, text: str,
            on_yes: Callable[[], None], action: str | None = None, title: str | None = None,
            size: tuple[int, int] = (420, 200)) -> UIConfirmationDialog:
    dialog = UIConfirmationDialog(
        _centred(manager, *size), text, manager,
        window_title=title or tr("dialog.confirm", lang),
        action_short_name=action or tr("button.ok", lang), always_on_top=True,
    )
    dialog.confirm_button.bind(pygame_gui.UI_BUTTON_PRESSED, lambda: on_yes())
    return dialog


class HelpWindow(UIWindow):
    """The rules in a few paragraphs, every shortcut, and handing a side over (who plays):
    three pages, a button for each."""

    PAGES = (("rules", "help.rules_tab", "help.rules"), ("keys", "help.keys_tab", "help.body"),
             ("players", "help.players_tab", "help.players"))
    TAB_W = 162

    def __init__(self, manager: pygame_gui.UIManager, lang: str, page: str = "rules",
                 on_tour: Callable[[], None] | None = None) -> None:
        super().__init__(_centred(manager, 740, 680), manager, tr("dialog.help_title", lang),
                         object_id="#help_window", always_on_top=True)
        self.lang = lang
        width, height = self.get_container().get_size()
        self.tabs: dict[str, UIButton] = {}
        for i, (name, label, _) in enumerate(self.PAGES):
            self.tabs[name] = UIButton(pygame.Rect(8 + i * (self.TAB_W + 8), 6, self.TAB_W, 30),
                                       tr(label, lang),
                                       manager, container=self, command=self._shower(name))
        self.tour_button: UIButton | None = None
        if on_tour is not None:  # in a game: the guided first turn, again
            def tour() -> None:
                self.kill()
                on_tour()

            self.tour_button = UIButton(pygame.Rect(8 + len(self.PAGES) * (self.TAB_W + 8), 6,
                                                    200, 30),
                                        tr("tour.again", lang), manager, container=self,
                                        command=tour)
        self.text = UITextBox("", pygame.Rect(8, 42, width - 16, height - 50), manager,
                              container=self)
        self.page = ""
        self.show(page)

    def _shower(self, page: str) -> Callable[[], None]:
        # pygame_gui hands its event to a command taking an argument: give it none
        return lambda: self.show(page)

    def show(self, page: str) -> None:
        body = next(key for name, _, key in self.PAGES if name == page)
        self.page = page
        self.text.set_text(tr(body, self.lang))
        for name, button in self.tabs.items():
            button.select() if name == page else button.unselect()


def help_window(manager: pygame_gui.UIManager, lang: str,
                on_tour: Callable[[], None] | None = None) -> HelpWindow:
    return HelpWindow(manager, lang, on_tour=on_tour)


class NewGameWindow(UIWindow):
    """Choose the scenario, the side to command, the difficulty and fog of war, then start."""

    def __init__(self, manager: pygame_gui.UIManager, lang: str, sides: list[tuple[str, str]],
                 difficulty: str, on_start: Callable[[str, str, bool, str], None],
                 scenarios: Sequence[tuple[str, str]] = (), scenario: str = "") -> None:
        # Tall enough for the side list (six choices) to open inside the window; wide enough
        # for the longest scenario title (a long title cut off hides which campaign it is;
        # the drop-down's choices are buttons, so measured in the buttons' font).
        width = max(480, _text_width(manager, "button", [t for t, _ in scenarios]) + 96)
        super().__init__(_centred(manager, width, 470), manager, tr("new.title", lang),
                         object_id="#new_game", always_on_top=True)
        self.on_start = on_start
        width, height = self.get_container().get_size()
        top = 0
        self.scenario: UIDropDownMenu | None = None
        if scenarios:  # every scenario of the scenarios folder, by title
            UILabel(pygame.Rect(16, 14, width - 32, 24), tr("new.scenario", lang), manager,
                    container=self, object_id="#field_label")
            choices = list(scenarios)
            current = next((c for c in choices if c[1] == scenario), choices[0])
            self.scenario = UIDropDownMenu(choices, current, pygame.Rect(16, 40, width - 32, 34),
                                           manager, container=self)
            top = 72
        options = [(name, side_id) for side_id, name in sides]
        options += [(tr("new.hotseat", lang), "hotseat"), (tr("new.watch", lang), "watch"),
                    (tr("new.watch_history", lang), "history")]
        UILabel(pygame.Rect(16, top + 14, width - 32, 24), tr("new.side", lang), manager,
                container=self, object_id="#field_label")
        self.side = UIDropDownMenu(options, options[0],
                                   pygame.Rect(16, top + 40, width - 32, 34), manager,
                                   container=self)
        UILabel(pygame.Rect(16, top + 86, width - 32, 24), tr("new.difficulty", lang), manager,
                container=self, object_id="#field_label")
        levels = [(tr(f"difficulty.{d}", lang), d) for d in DIFFICULTIES]
        start = next((o for o in levels if o[1] == difficulty), levels[1])
        self.difficulty = UIDropDownMenu(levels, start,
                                         pygame.Rect(16, top + 112, width - 32, 34), manager,
                                         container=self)
        self.fog = UICheckBox(pygame.Rect(16, top + 160, 22, 22), tr("new.fog", lang), manager,
                              container=self, initial_state=True)
        self.start_button = UIButton(pygame.Rect(width - 176, height - 56, 160, 40),
                                     tr("new.start", lang), manager, container=self,
                                     object_id="#end_turn", command=self._start)

    def _start(self) -> None:
        side = _option_id(self.side.selected_option)
        difficulty = _option_id(self.difficulty.selected_option)
        scenario = _option_id(self.scenario.selected_option) if self.scenario else ""
        fog = bool(self.fog.get_state())
        self.kill()
        self.on_start(side, difficulty, fog, scenario)


class SettingsWindow(UIWindow):
    def __init__(self, manager: pygame_gui.UIManager, lang: str, values: dict[str, object],
                 on_apply: Callable[[dict[str, object]], None]) -> None:
        super().__init__(_centred(manager, 440, 366), manager, tr("settings.title", lang),
                         object_id="#settings", always_on_top=True)
        self.on_apply = on_apply
        width = self.get_container().get_size()[0]
        UILabel(pygame.Rect(16, 14, width - 32, 24), tr("settings.language", lang), manager,
                container=self, object_id="#field_label")
        languages = [("English", "en"), ("Français", "fr")]
        current = next((o for o in languages if o[1] == values.get("language")), languages[0])
        self.language = UIDropDownMenu(languages, current, pygame.Rect(16, 40, width - 32, 34),
                                       manager, container=self)
        self.checks: dict[str, UICheckBox] = {}
        y = 94
        for key in ("fullscreen", "edge_scroll", "animate_ai", "sound"):
            box = UICheckBox(pygame.Rect(16, y, 22, 22), tr(f"settings.{key}", lang), manager,
                             container=self, initial_state=bool(values.get(key)))
            self.checks[key] = box
            y += 36
        UIButton(pygame.Rect(width - 176, y + 12, 160, 40), tr("settings.apply", lang), manager,
                 container=self, command=self._apply)

    def _apply(self) -> None:
        values: dict[str, object] = {"language": _option_id(self.language.selected_option)}
        for key, box in self.checks.items():
            values[key] = bool(box.get_state())
        self.kill()
        self.on_apply(values)


class SaveWindow(UIWindow):
    """Name a save slot (existing names are listed so one can be overwritten)."""

    def __init__(self, manager: pygame_gui.UIManager, lang: str, existing: list[str],
                 suggested: str, on_save: Callable[[str], None]) -> None:
        super().__init__(_centred(manager, 440, 380), manager, tr("dialog.save_title", lang),
                         object_id="#save", always_on_top=True)
        self.on_save = on_save
        width, height = self.get_container().get_size()
        UILabel(pygame.Rect(16, 10, width - 32, 24), tr("dialog.save_name", lang), manager,
                container=self, object_id="#field_label")
        self.entry = UITextEntryLine(pygame.Rect(16, 36, width - 32, 34), manager, container=self)
        self.entry.set_text(suggested)
        self.entry.set_allowed_characters(
            list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_")
        )
        self.entry.set_text_length_limit(40)
        self.list = UISelectionList(pygame.Rect(16, 80, width - 32, height - 150), existing,
                                    manager, container=self)
        UIButton(pygame.Rect(width - 176, height - 58, 160, 40), tr("button.save", lang),
                 manager, container=self, command=self._save)
        self.entry.focus()

    def process_event(self, event: pygame.event.Event) -> bool:
        consumed = super().process_event(event)
        if (event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION
                and event.ui_element is self.list):
            self.entry.set_text(event.text)
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self._save()
        return consumed

    def _save(self) -> None:
        name = self.entry.get_text().strip()
        if not name:
            return
        self.kill()
        self.on_save(name)


class LoadWindow(UIWindow):
    def __init__(self, manager: pygame_gui.UIManager, lang: str, saves: list[tuple[str, str]],
                 on_load: Callable[[str], None]) -> None:
        super().__init__(_centred(manager, 480, 420), manager, tr("dialog.load_title", lang),
                         object_id="#load", always_on_top=True)
        self.on_load = on_load
        width, height = self.get_container().get_size()
        if not saves:
            UILabel(pygame.Rect(16, 16, width - 32, 30), tr("dialog.no_saves", lang), manager,
                    container=self)
            return
        self.list = UISelectionList(pygame.Rect(16, 14, width - 32, height - 84), saves,
                                    manager, container=self)
        UIButton(pygame.Rect(width - 176, height - 58, 160, 40), tr("button.load", lang),
                 manager, container=self, command=self._load)

    def process_event(self, event: pygame.event.Event) -> bool:
        consumed = super().process_event(event)
        if (event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION
                and getattr(self, "list", None) is event.ui_element):
            self._load()
        return consumed

    def _load(self) -> None:
        chosen = self.list.get_single_selection(include_object_id=True)
        if chosen is None:
            return
        self.kill()
        self.on_load(_option_id(chosen))


def _option_id(option: object) -> str:
    """pygame_gui gives options as (text, id) tuples or plain strings."""
    if isinstance(option, tuple):
        return str(option[1])
    return str(option)


class TruceWindow(UIWindow):
    """Ask for an evacuation truce: the place (with its civilians) and how many hours."""

    HOURS = (6, 12, 24, 48)

    def __init__(self, manager: pygame_gui.UIManager, lang: str, places: list[tuple[str, str]],
                 on_truce: Callable[[str, int], None]) -> None:
        super().__init__(_centred(manager, 460, 400), manager, tr("button.truce", lang),
                         object_id="#truce", always_on_top=True)
        self.on_truce = on_truce
        width, height = self.get_container().get_size()
        if not places:
            UITextBox(tr("truce.none", lang), pygame.Rect(16, 16, width - 32, 80), manager,
                      container=self)
            self.list = None
            return
        UILabel(pygame.Rect(16, 8, width - 32, 24), tr("truce.place", lang), manager,
                container=self, object_id="#field_label")
        # the first town chosen already: the button never does nothing for want of a choice
        self.list = UISelectionList(pygame.Rect(16, 34, width - 32, height - 160), places,
                                    manager, container=self, default_selection=places[0])
        UILabel(pygame.Rect(16, height - 118, 120, 30), tr("truce.hours", lang), manager,
                container=self)
        options = [(f"{h} h", str(h)) for h in self.HOURS]
        self.hours = UIDropDownMenu(options, options[1], pygame.Rect(140, height - 118, 120, 32),
                                    manager, container=self)
        UIButton(pygame.Rect(width - 196, height - 62, 180, 40), tr("button.truce", lang),
                 manager, container=self, command=self._ask)

    def _ask(self) -> None:
        if self.list is None:
            return
        chosen = self.list.get_single_selection(include_object_id=True)
        if chosen is None:
            return
        self._ask_for(_option_id(chosen), int(_option_id(self.hours.selected_option)))

    def _ask_for(self, place: str, hours: int) -> None:
        self.kill()
        self.on_truce(place, hours)
