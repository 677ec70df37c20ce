"""The timeline chart: the player's campaign against the historical one, one row per objective.

On each row a dark diamond marks the day history gives for the objective's fall (hollow
diamonds: the other days some sources give; an arrow: it held past the scenario's end), a
disc in the scoring side's colour marks the day this campaign took it, and after a batch of
simulated runs a band shows where the middle 80% of the runs' falls lay, with a tick at the
median. Drawn on a plain Surface, so `run.py report SAVE --png PATH` needs no window.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pygame

from engine.format.scenario import Scenario, text_in
from engine.history.report import AfterAction
from engine.history.timeline import Timeline, format_date
from game.palette import INK, PAPER, RGB, blend, darker, hex_rgb
from game.png_file import write_png
from game.text.fonts import font
from game.text.i18n import short_date

ROW_H = 64
LEFT = 190
RIGHT = 150
TOP = 74
BOTTOM = 70

_WORDS = {
    "en": {"title": "Campaign against history", "history": "history (preferred date)",
           "other": "date given by other sources", "yours": "this campaign",
           "band": "simulated runs: 10th–90th percentile, median",
           "held": "held", "not_taken": "not taken", "runs": "of runs", "days": "d"},
    "fr": {"title": "La campagne face à l'histoire", "history": "histoire (date retenue)",
           "other": "date d'autres sources", "yours": "cette campagne",
           "band": "parties simulées : 10e–90e centile, médiane",
           "held": "tient", "not_taken": "non prise", "runs": "des parties", "days": "j"},
}


def _w(key: str, lang: str) -> str:
    return _WORDS.get(lang, _WORDS["en"])[key]


def _short(day: dt.date, lang: str) -> str:
    """'20 Sep' / '20 sept.' for the axis."""
    return short_date(day, lang, year=False)


def chart_size(scenario: Scenario, width: int = 1100) -> tuple[int, int]:
    return width, TOP + ROW_H * len(scenario.victory.objectives) + BOTTOM


def _quantile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def band_stats(dates: list[str | None]) -> tuple[dt.date, dt.date, dt.date, float] | None:
    """(p10, median, p90, share taken) over the runs where the objective fell."""
    fell = [dt.date.fromisoformat(d).toordinal() for d in dates if d]
    if not fell or not dates:
        return None
    p10, p50, p90 = (dt.date.fromordinal(_quantile(fell, q)) for q in (0.1, 0.5, 0.9))
    return p10, p50, p90, len(fell) / len(dates)


def draw_chart(surface: pygame.Surface, rect: pygame.Rect, scenario: Scenario, lang: str,
               report: AfterAction | None = None, summary: dict[str, Any] | None = None) -> None:
    """Draw the chart into `rect` of `surface`."""
    tl = Timeline(scenario)
    dates = tl.historical_dates()
    side = scenario.victory.objectives[0].side
    side_colour = next((hex_rgb(s.colour) for s in scenario.sides if s.id == side), (60, 90, 200))
    pygame.draw.rect(surface, PAPER, rect)
    pygame.draw.rect(surface, darker(PAPER, 0.35), rect, 1)
    start, end = scenario.start_date, scenario.end_date
    span = max(1, (end - start).days + 1)
    x0, x1 = rect.x + LEFT, rect.right - RIGHT

    def x_of(day: dt.date) -> float:
        return x0 + (x1 - x0) * ((day - start).days + 0.5) / span

    title = font(22, "bold").render(_w("title", lang), True, INK)
    surface.blit(title, (rect.x + 16, rect.y + 10))
    sub = font(14).render(text_in(scenario.title, lang), True, darker(PAPER, 0.55))
    surface.blit(sub, (rect.x + 16, rect.y + 38))
    rows = scenario.victory.objectives
    top = rect.y + TOP
    bottom = top + ROW_H * len(rows)
    grid_ink = darker(PAPER, 0.12)
    small = font(12)
    for i in range(span):
        day = start + dt.timedelta(days=i)
        x = round(x_of(day))
        pygame.draw.line(surface, grid_ink, (x, top), (x, bottom), 1)
        near_start = 0 < (day - start).days < 3
        if day == start or day.day == 1 or (day.day % 5 == 0 and day.day < 30 and not near_start):
            text = small.render(_short(day, lang), True, INK)
            surface.blit(text, (x - text.get_width() // 2, top - 18))
    captures: dict[str, list[str | None]] = {}
    if summary is not None:
        captures = {k: v.get("capture_dates", []) for k, v in summary.get("objectives", {}).items()}
    yours = {o.objective: o for o in report.objectives} if report is not None else {}
    name_font, label_font = font(16, "bold"), font(13)
    for n, objective in enumerate(rows):
        y = top + n * ROW_H
        if n % 2:
            pygame.draw.rect(surface, blend(PAPER, (255, 255, 255), 0.35),
                             (rect.x + 1, y, rect.width - 2, ROW_H))
        mid = y + ROW_H // 2
        name = name_font.render(tl.place_name(objective.place, lang), True, INK)
        name_y = mid - name.get_height() // 2 - (9 if captures else 0)
        surface.blit(name, (rect.x + 16, name_y))
        stats = band_stats(captures.get(objective.place, [])) if captures else None
        if stats is not None:
            p10, p50, p90, _ = stats
            band = pygame.Rect(round(x_of(p10)) - 5, mid - 14,
                               max(10, round(x_of(p90) - x_of(p10)) + 10), 28)
            pygame.draw.rect(surface, blend(side_colour, PAPER, 0.65), band, border_radius=6)
            pygame.draw.line(surface, darker(side_colour, 0.3), (round(x_of(p50)), mid - 16),
                             (round(x_of(p50)), mid + 16), 3)
        if captures:
            share = stats[3] if stats is not None else 0.0
            shown = f"{share:.0%}".replace("%", "\u202f%") if lang == "fr" else f"{share:.0%}"
            text = label_font.render(f"{shown} {_w('runs', lang)}", True, INK)
            surface.blit(text, (rect.x + 16, name_y + name.get_height()))
        h = dates[objective.place]
        if h.date is not None and h.date <= end:
            for claim in h.alternatives:
                if start <= claim.date <= end:
                    _diamond(surface, (x_of(claim.date), mid - 6), 7, INK, 2)
            _diamond(surface, (x_of(h.date), mid - 6), 9, INK, 0)
        else:
            pygame.draw.line(surface, INK, (x1 - 40, mid - 6), (x1 + 4, mid - 6), 3)
            pygame.draw.polygon(surface, INK, [(x1 + 4, mid - 12), (x1 + 14, mid - 6),
                                               (x1 + 4, mid)])
            until = format_date(h.held_until, lang) if h.held_until else ""
            text = label_font.render(f"{_w('held', lang)} {until}".strip(), True, INK)
            surface.blit(text, (x1 + 18, mid - 14))
        mine = yours.get(objective.place)
        if mine is not None:
            if mine.yours is not None:
                x = x_of(mine.yours)
                if h.date is not None and h.date <= end:
                    pygame.draw.line(surface, side_colour, (x_of(h.date), mid + 8), (x, mid + 8), 2)
                pygame.draw.circle(surface, side_colour, (x, mid + 8), 8)
                pygame.draw.circle(surface, INK, (x, mid + 8), 8, 1)
                if mine.days:
                    text = label_font.render(f"{mine.days:+d} {_w('days', lang)}", True, INK)
                    surface.blit(text, (x + 11, mid + 8))
            else:
                pygame.draw.circle(surface, side_colour, (x1 + 6, mid + 10), 7, 2)
                text = label_font.render(_w("not_taken", lang), True, INK)
                surface.blit(text, (x1 + 18, mid + 4))
    pygame.draw.line(surface, INK, (x0, bottom), (x1, bottom), 1)
    _legend(surface, rect.x + 16, bottom + 18, lang, side_colour, summary is not None,
            report is not None)


def _legend(surface: pygame.Surface, x: int, y: int, lang: str, colour: RGB, band: bool,
            mine: bool) -> None:
    face = font(13)
    _diamond(surface, (x + 8, y + 8), 8, INK, 0)
    text = face.render(_w("history", lang), True, INK)
    surface.blit(text, (x + 22, y))
    x += 34 + text.get_width()
    _diamond(surface, (x + 8, y + 8), 7, INK, 2)
    text = face.render(_w("other", lang), True, INK)
    surface.blit(text, (x + 22, y))
    x += 34 + text.get_width()
    if mine:
        pygame.draw.circle(surface, colour, (x + 8, y + 8), 8)
        text = face.render(_w("yours", lang), True, INK)
        surface.blit(text, (x + 22, y))
        x += 34 + text.get_width()
    if band:
        pygame.draw.rect(surface, blend(colour, PAPER, 0.65), (x, y + 1, 30, 16),
                         border_radius=5)
        pygame.draw.line(surface, darker(colour, 0.3), (x + 15, y - 1), (x + 15, y + 18), 3)
        surface.blit(face.render(_w("band", lang), True, INK), (x + 38, y))


def _diamond(surface: pygame.Surface, centre: tuple[float, float], r: float, colour: RGB,
             width: int) -> None:
    cx, cy = centre
    pygame.draw.polygon(surface, colour, [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
                        width)


def render_chart(scenario: Scenario, lang: str, report: AfterAction | None = None,
                 summary: dict[str, Any] | None = None, width: int = 1100) -> pygame.Surface:
    """The chart on a new Surface of its natural size."""
    if not pygame.font.get_init():
        pygame.font.init()
    size = chart_size(scenario, width)
    surface = pygame.Surface(size)
    draw_chart(surface, surface.get_rect(), scenario, lang, report, summary)
    return surface


def save_png(scenario: Scenario, path: Path, lang: str = "en", report: AfterAction | None = None,
             summary: dict[str, Any] | None = None) -> None:
    """Write the chart as PNG (no window needed); OSError if the file cannot be written."""
    write_png(render_chart(scenario, lang, report, summary), path)
