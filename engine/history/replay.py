"""`run.py replay`: the history of a scenario, day by day, as text or in the window.

`--headless` prints what the documentary window shows: for each day its dated events with
captions in the chosen language and their sources, the places that changed hands, where the
sources disagree, and the orders of the historical plan. Without `--headless` the window opens
on the replay screen (game/screens/replay.py), which reads the same
`engine.history.timeline.Timeline`.
"""

from __future__ import annotations

import datetime as dt

from engine.format.scenario import Scenario, text_in
from engine.history.timeline import Day, Timeline, format_date, word


def render(scenario: Scenario, lang: str, start: dt.date | None = None,
           end: dt.date | None = None, plan: bool = True) -> str:
    """The whole replay as text (what `--headless` prints)."""
    tl = Timeline(scenario)
    days = tl.window(start, end)
    title = text_in(scenario.title, lang)
    lines = [f"{title} — {'film de l’histoire' if lang == 'fr' else 'history replay'}"]
    if days:
        lines[0] += (f" ({len(days)} {'jours' if lang == 'fr' else 'days'}, "
                     f"{format_date(days[0].date, lang)} – {format_date(days[-1].date, lang)})")
    section = None
    for day in days:
        here = _section(scenario, day)
        if here != section and here is not None:
            lines += ["", f"##### {word(here, lang)} #####"]
        section = here
        lines += ["", f"=== {format_date(day.date, lang)} ==="]
        lines += tl.day_lines(day, lang, plan=plan)
    return "\n".join(lines) + "\n"


def _section(scenario: Scenario, day: Day) -> str | None:
    if day.date < scenario.start_date:
        return "before"
    if day.date > scenario.end_date:
        return "after"
    return None
