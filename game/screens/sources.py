"""The Sources screen: the scenario's bibliography, in English or French.

Every source the scenario cites, in the scenario's order: author, title, date and web address
(or what kind of document it is), weak sources marked as such. The text comes from
`engine.history.bibliography`, so the screen, the replay and the after-action report cite the
same way; the keys the data uses (`S4`, `W-WH`) and the seed documents' file names are never
shown. Opened from the main menu and from the history replay; Escape or the button goes back.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel, UITextBox

from engine.format.scenario import Scenario, text_in
from engine.history.bibliography import Bibliography
from game.palette import TABLE

if TYPE_CHECKING:
    from game.shell import App

HEADER_H = 46
BAR_H = 58
MARGIN = 16

_TEXT = {
    "en": {"title": "Sources", "back": "Back",
           "intro": "Where the scenario's dates, places, orders of battle and figures come "
                    "from. Figures no source gives are the designers' estimates and say so.",
           "count": "{n} sources"},
    "fr": {"title": "Sources", "back": "Retour",
           "intro": "D'où viennent les dates, les lieux, les ordres de bataille et les chiffres "
                    "du scénario. Les chiffres qu'aucune source ne donne sont des estimations "
                    "des auteurs, signalées comme telles.",
           "count": "{n} sources"},
}


def _t(key: str, lang: str, **values: object) -> str:
    return _TEXT.get(lang, _TEXT["en"])[key].format(**values)


def sources_html(scenario: Scenario, lang: str) -> str:
    """The bibliography in pygame_gui's HTML subset, one numbered entry per source."""
    bib = Bibliography(scenario.sources)
    rows = [f"<b>{html.escape(text_in(scenario.title, lang))}</b>",
            f"<i>{html.escape(_t('intro', lang))}</i>", ""]
    for n, ref in enumerate(bib.refs.values(), 1):
        rows.append(f"{n}. {html.escape(ref.entry(lang))}")
    return "<br>".join(rows)


class SourcesScreen:
    """The bibliography (see the module docstring); `back` reopens the screen it came from."""

    def __init__(self, app: App, back: Callable[[], None] | None = None) -> None:
        loaded = app.loaded
        if loaded is None:
            raise ValueError("no scenario is loaded")
        self.app = app
        self.scenario = loaded.scenario
        self.back = back or app.show_menu
        self.widgets: dict[str, object] = {}

    def build_ui(self) -> None:
        manager = self.app.manager
        lang = self.app.lang
        width, height = self.app.surface.get_size()
        header = UIPanel(pygame.Rect(0, 0, width, HEADER_H), manager=manager)
        self.widgets = {"header": header}
        self.widgets["title"] = UILabel(pygame.Rect(12, 6, 520, 32), _t("title", lang), manager,
                                        container=header, object_id="#title")
        self.widgets["count"] = UILabel(
            pygame.Rect(width - 260, 8, 240, 28), _t("count", lang, n=len(self.scenario.sources)),
            manager, container=header)
        self.widgets["text"] = UITextBox(
            sources_html(self.scenario, lang),
            pygame.Rect(MARGIN, HEADER_H + MARGIN, width - 2 * MARGIN,
                        height - HEADER_H - BAR_H - 2 * MARGIN), manager)
        bar = UIPanel(pygame.Rect(0, height - BAR_H, width, BAR_H), manager=manager)
        self.widgets["bar"] = bar
        self.widgets["back"] = UIButton(pygame.Rect(MARGIN, 8, 160, 38), _t("back", lang),
                                        manager, container=bar, command=self.back)

    def kill_ui(self) -> None:
        self.widgets = {}

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and \
                not self.app.dialog_open():
            self.back()

    def update(self, dt: float) -> None:
        return

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(TABLE)
