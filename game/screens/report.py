"""The after-action report in the window: the timeline chart above, the figures and the verdict
below, all taken from `engine.history.report` (so the window and `run.py report` never disagree).

Open it at the end of a campaign with `app.show(ReportScreen(app, build_report(game)))`; a
batch summary (`run.py simulate --json`) adds the band of simulated runs to the chart.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pygame
from pygame_gui.elements import UIButton, UIPanel, UITextBox

from engine.game import Game
from engine.history.report import (
    PORT_FIGURES,
    PORT_LABELS,
    AfterAction,
    Comparison,
    ammunition_text,
    bibliography,
    build_report,
    counted_text,
    difference_text,
    history_by_objective,
    history_date_text,
    label,
    port_figure_text,
    semicolon,
    truces_text,
    verdict,
    yours_text,
)
from engine.history.strait_report import strait_lines
from engine.history.timeline import Timeline, colon, format_date, format_number
from game.palette import TABLE
from game.text.events import decimal
from game.widgets.timeline_chart import chart_size, draw_chart

if TYPE_CHECKING:
    from game.shell import App

BAR_H = 58
MARGIN = 16

_TEXT = {
    "en": {"menu": "Main menu", "replay": "History replay"},
    "fr": {"menu": "Menu principal", "replay": "Le film de l'histoire"},
}


def report_html(r: AfterAction, lang: str) -> str:
    """The report's figures and verdict in pygame_gui's HTML subset."""
    esc = html.escape
    tl = Timeline(r.scenario)
    state = label("over", lang) if r.over else label("not_over", lang)
    rows = [f"<b>{esc(label('title', lang))}</b> — {esc(label('on', lang))} "
            f"{esc(format_date(r.date, lang))} ({esc(state)})", ""]
    for o in r.objectives:
        yours = yours_text(o, lang)
        diff = difference_text(o, lang)
        rows.append(f"<b>{esc(tl.place_name(o.objective, lang))}</b>{colon(lang)}"
                    f"{esc(yours)} — {esc(label('history', lang))}{colon(lang)}"
                    f"{esc(history_date_text(o.history, lang))}"
                    + (f" — <i>{esc(diff)}</i>" if diff != "—" else ""))
    rows.append("")
    for key in ("prisoners", "casualties", "civilian_deaths", "evacuated"):
        c: Comparison = getattr(r, key)
        hist = label("none", lang) if c.history is None else format_number(c.history, lang)
        alike = "" if c.compared == c.yours else \
            f"{semicolon(lang)}{esc(label('as_counted', lang))}{colon(lang)}" \
            f"<b>{format_number(c.compared, lang)}</b>"
        rows.append(f"{esc(label(key, lang))}{colon(lang)}<b>{format_number(c.yours, lang)}</b>"
                    f"{alike} ({esc(label('history_col', lang))}{colon(lang)}{hist})")
    if r.ammunition is not None:
        rows.append(esc(ammunition_text(r, lang)))
    if r.truces:
        rows.append(esc(truces_text(r, lang)))
    if r.strait is not None:
        rows += [indented(line) for line in strait_lines(r.scenario, r.strait, lang)]
    rows += ["", f"<b>{esc(label('per_port', lang))}</b>"]
    for o in r.objectives:  # the same per-port figures as `run.py report` and `simulate`
        rows.append(f"<b>{esc(tl.place_name(o.objective, lang))}</b>{colon(lang)}" + " · ".join(
            f"{esc(label(PORT_LABELS[key], lang))} {esc(port_figure_text(o, key, lang))}"
            + (f" <i>{esc(since)}</i>" if (since := counted_text(o, key, lang)) else "")
            for key in PORT_FIGURES))
    rows += ["", f"{esc(label('score', lang))}{colon(lang)}{decimal(r.score, lang)} / "
             f"{r.available:.0f}",
             "", f"<b>{esc(verdict(r, lang))}</b>"]
    # 1944's figures with their sources, numbered into the bibliography, as `run.py report`
    rows += ["", f"<b>{esc(label('by_port', lang))}</b>",
             *(indented(line) for line in history_by_objective(r.scenario, lang))]
    rows += ["", f"<b>{esc(label('bibliography', lang))}</b>",
             *(f"[{n}] {esc(entry)}" for n, entry in enumerate(bibliography(r.scenario, lang), 1))]
    return "<br>".join(rows)


def indented(line: str) -> str:
    """A text line of the report in HTML: its leading spaces kept (the text boxes drop them)."""
    text = line.lstrip(" ")
    return "&nbsp;" * (len(line) - len(text)) + html.escape(text)


class ReportScreen:
    def __init__(self, app: App, report: AfterAction, summary: dict[str, Any] | None = None
                 ) -> None:
        self.app = app
        self.report = report
        self.summary = summary
        self.widgets: dict[str, object] = {}
        self._chart: pygame.Surface | None = None
        self._chart_key: tuple[int, str] | None = None

    def _chart_rect(self) -> pygame.Rect:
        width, _ = self.app.surface.get_size()
        w = width - 2 * MARGIN
        _, h = chart_size(self.report.scenario, w)
        return pygame.Rect(MARGIN, MARGIN, w, h)

    def build_ui(self) -> None:
        manager = self.app.manager
        lang = self.app.lang
        width, height = self.app.surface.get_size()
        chart = self._chart_rect()
        top = chart.bottom + MARGIN
        text_h = max(120, height - top - BAR_H - MARGIN)
        self.widgets = {"text": UITextBox(report_html(self.report, lang),
                                          pygame.Rect(MARGIN, top, width - 2 * MARGIN, text_h),
                                          manager)}
        bar = UIPanel(pygame.Rect(0, height - BAR_H, width, BAR_H), manager=manager)
        self.widgets["bar"] = bar
        self.widgets["menu"] = UIButton(pygame.Rect(MARGIN, 8, 180, 38),
                                        _TEXT.get(lang, _TEXT["en"])["menu"], manager,
                                        container=bar, command=self.app.show_menu)
        self.widgets["replay"] = UIButton(pygame.Rect(MARGIN + 192, 8, 220, 38),
                                          _TEXT.get(lang, _TEXT["en"])["replay"], manager,
                                          container=bar, command=self.open_replay)

    def kill_ui(self) -> None:
        self.widgets = {}

    def open_replay(self) -> None:
        from game.screens.replay import ReplayScreen

        self.app.show(ReplayScreen(self.app))

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.show_menu()

    def update(self, dt: float) -> None:
        return

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(TABLE)
        rect = self._chart_rect()
        key = (rect.width, self.app.lang)
        if self._chart is None or self._chart_key != key:
            self._chart = pygame.Surface(rect.size)
            draw_chart(self._chart, self._chart.get_rect(), self.report.scenario, self.app.lang,
                       self.report, self.summary)
            self._chart_key = key
        surface.blit(self._chart, rect.topleft)



def show_report(app: App, game: Game, summary: dict[str, Any] | None = None) -> ReportScreen:
    """Open the report of a game (finished or not) in the window; one call for the game screen
    to make when a campaign ends."""
    screen = ReportScreen(app, build_report(game), summary)
    app.show(screen)
    return screen
