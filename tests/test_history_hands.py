"""Who held what, and which figure belongs to which port (issue 14, items 1 and 6): the
replay's changes of hands fall on the days the sources give, each named by a dated event with
its sources; figures given for the whole coast are kept apart from any one port's."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.format.loading import load_scenario
from engine.history.report import bibliography, history_by_objective, history_sources
from engine.history.timeline import CHANGE_KINDS, Timeline, format_number
from tests.conftest import CHANNEL_PORTS

D = dt.date


@pytest.fixture(scope="module")
def tl() -> Timeline:
    return Timeline(load_scenario(CHANNEL_PORTS).scenario)


@pytest.mark.parametrize(("place", "day"), [
    ("gravelines", D(1944, 9, 7)),
    ("bergues", D(1944, 9, 16)),
    ("saint_martin_boulogne", D(1944, 9, 17)),
    ("mont_lambert", D(1944, 9, 18)),
    ("la_tresorerie", D(1944, 9, 18)),
    ("boulogne", D(1944, 9, 22)),
    ("cap_blanc_nez", D(1944, 9, 25)),
    ("bray_dunes", D(1944, 9, 26)),
    ("ghyvelde", D(1944, 9, 26)),
    ("batterie_oldenburg", D(1944, 10, 1)),
])
def test_places_change_hands_on_the_sourced_day(tl: Timeline, place: str, day: dt.date) -> None:
    assert place in tl.changes, f"{place} never changes hands"
    when, change = tl.changes[place]
    assert when == day and change.sources


def test_every_change_of_hands_is_named_by_a_dated_event(tl: Timeline) -> None:
    """A place changes hands only on a day a capture or surrender event names it, or on its
    objective's preferred fall date (the objective and what it includes)."""
    events = tl.scenario.history.events
    for place, (day, _change) in tl.changes.items():
        named = any(e.date == day and e.kind in CHANGE_KINDS and place in e.places
                    for e in events)
        objective = next((o for o in tl.scenario.victory.objectives
                          if place in (o.place, *o.includes)), None)
        outcome = tl.outcomes.get(objective.place) if objective else None
        by_fall = bool(outcome and outcome.fell and outcome.fell[0].date == day)
        assert named or by_fall, f"{place} changes hands on {day} with no event naming it"


def test_whole_coast_totals_are_no_port_figure() -> None:
    scenario = load_scenario(CHANNEL_PORTS).scenario
    tl = Timeline(scenario)
    boulogne = tl.outcomes["boulogne"]
    assert all(f.value < 19000 for f in boulogne.prisoners)
    assert all(f.value < 1000 for f in boulogne.allied_casualties)
    assert not [d for d in tl.disagreements if d.subject == "boulogne" and d.topic != "fell"]
    combined = scenario.history.combined
    assert any(len(c.objectives) >= 2 and c.prisoners[0].value == 19000
               and c.allied_casualties[0].value == 1000 for c in combined)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_gives_every_competing_figure_with_its_sources(lang: str) -> None:
    scenario = load_scenario(CHANNEL_PORTS).scenario
    lines = history_by_objective(scenario, lang)
    text = "\n".join(lines)
    number = {key: n for n, key in enumerate(history_sources(scenario), 1)}
    assert len(bibliography(scenario, lang)) == len(number)
    for outcome in scenario.history.outcomes:
        for topic in ("prisoners", "allied_casualties", "civilians_evacuated",
                      "civilian_deaths"):
            for figure in getattr(outcome, topic):
                shown = format_number(figure.value, lang)
                refs = ", ".join(str(number[k]) for k in figure.sources)
                assert shown in text and f"[{refs}]" in text, (outcome.objective, figure)
    word = "together" if lang == "en" else "ensemble"
    apart = next(i for i, line in enumerate(lines) if word in line)
    assert format_number(19000, lang) in "\n".join(lines[apart:])
    assert format_number(19000, lang) not in "\n".join(lines[:apart])
