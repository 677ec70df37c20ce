"""`run.py replay`: the history of a scenario, day by day, as text or in the window.

`--headless` prints what the documentary window shows: for each day (each turn, in a scenario
whose turns last several days) its dated events with
captions in the chosen language and their sources, the places that changed hands, where the
sources disagree, and the orders of the historical plan. Without `--headless` the window opens
on the replay screen (game/screens/replay.py), which reads the same
`engine.history.timeline.Timeline`.
"""

from __future__ import annotations

import datetime as dt

from engine.format.scenario import Scenario, text_in
from engine.history.timeline import Day, Timeline, colon, format_date, word


def render(scenario: Scenario, lang: str, start: dt.date | None = None,
           end: dt.date | None = None, plan: bool = True) -> str:
    """The whole replay as text (what `--headless` prints): one block per day, or, when a turn
    lasts several days, one block per turn holding the days that have something to show."""
    tl = Timeline(scenario)
    days = tl.window(start, end)
    title = text_in(scenario.title, lang)
    lines = [f"{title} — {'film de l’histoire' if lang == 'fr' else 'history replay'}"]
    if days:
        lines[0] += (f" ({len(days)} {'jours' if lang == 'fr' else 'days'}, "
                     f"{format_date(days[0].date, lang)} – {format_date(days[-1].date, lang)})")
    section = None
    for turn, group in _blocks(scenario, days):
        here = _section(scenario, group[0])
        if here != section and here is not None:
            lines += ["", f"##### {word(here, lang)} #####"]
        section = here
        if turn is None:
            lines += ["", f"=== {format_date(group[0].date, lang)} ==="]
            lines += tl.day_lines(group[0], lang, plan=plan)
            continue
        first, last = scenario_turn_span(scenario, turn)
        span = format_date(first, lang) if first == last else \
            f"{format_date(first, lang)} – {format_date(last, lang)}"
        lines += ["", f"=== {word('turn', lang)} {turn + 1}{colon(lang)}{span} ==="]
        shown = [(day, tl.day_lines(day, lang, plan=plan, empty=False)) for day in group]
        shown = [(day, text) for day, text in shown if text]
        for day, text in shown:
            lines += [f"--- {format_date(day.date, lang)} ---", *text]
        if not shown:
            lines.append(word("no_event", lang))
    return "\n".join(lines) + "\n"


def scenario_turn_span(scenario: Scenario, turn: int) -> tuple[dt.date, dt.date]:
    """First and last day of a turn (the last turn ends on `end_date`)."""
    length = scenario.turn_length_days
    first = scenario.start_date + dt.timedelta(days=turn * length)
    return first, min(first + dt.timedelta(days=length - 1), scenario.end_date)


def _blocks(scenario: Scenario, days: list[Day]) -> list[tuple[int | None, list[Day]]]:
    """The days as printed: a day alone (daily turns, or outside the scenario's dates), or the
    days of one turn together (turn index from 0)."""
    out: list[tuple[int | None, list[Day]]] = []
    for day in days:
        if scenario.turn_length_days == 1 or not day.in_scenario:
            out.append((None, [day]))
            continue
        turn = (day.date - scenario.start_date).days // scenario.turn_length_days
        if out and out[-1][0] == turn:
            out[-1][1].append(day)
        else:
            out.append((turn, [day]))
    return out


def _section(scenario: Scenario, day: Day) -> str | None:
    if day.date < scenario.start_date:
        return "before"
    if day.date > scenario.end_date:
        return "after"
    return None
