"""Date notes per language: the replay shows a history event's `date_note` in the reader's
language, labels it as English only when it falls back to English, and an old file whose notes
are plain strings still validates and replays."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.format.loading import load_scenario
from engine.format.scenario import text_in
from engine.format.validation import validate_file
from engine.history import replay
from engine.history.timeline import Timeline, colon
from game.screens.replay import day_html
from tests.conftest import CHANNEL_PORTS, SCENARIOS

SHIPPED = [CHANNEL_PORTS, SCENARIOS / "liberation_of_the_north_1944.yaml"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_date_note_has_english_and_french(path: Path) -> None:
    notes = [e.date_note for e in load_scenario(path).scenario.history.events if e.date_note]
    assert notes
    for note in notes:
        assert isinstance(note, dict) and note.get("en") and note.get("fr"), note
        assert note["en"] != note["fr"]


def test_the_french_replay_of_the_channel_shows_french_date_notes() -> None:
    scenario = load_scenario(CHANNEL_PORTS).scenario
    french = replay.render(scenario, "fr")
    english = replay.render(scenario, "en")
    noted = [e for e in scenario.history.events if e.date_note]
    tl = Timeline(scenario)  # source keys in a note are shown as the sources' titles
    for event in noted:
        fr, en = (tl.expand(text_in(event.date_note, x), x) for x in ("fr", "en"))
        assert f"Date{colon('fr')}{fr}" in french
        assert f"Date{colon('en')}{en}" in english
        assert en not in french
    assert "note en anglais" not in french
    assert "Date\u00a0: Nuit du 5 au 6 juin." in french


def test_the_replay_window_shows_the_french_note() -> None:
    scenario = load_scenario(CHANNEL_PORTS).scenario
    timeline = Timeline(scenario)
    day = next(d for d in timeline.days if any(e.date_note for e in d.events))
    event = next(e for e in day.events if e.date_note)
    html = day_html(timeline, day, "fr")
    assert text_in(event.date_note, "fr").replace("'", "&#x27;") in html
    assert "note en anglais" not in html


def test_a_plain_string_date_note_still_validates_and_is_labelled_english_in_french(
        minimal_scenario_path: Path) -> None:
    text = minimal_scenario_path.read_text(encoding="utf-8")
    old = '{date: 1944-09-17, kind: assault,'
    assert old in text, "fixture changed"
    minimal_scenario_path.write_text(text.replace(
        old, '{date: 1944-09-17, date_note: "Or the 18th per S4.", kind: assault,', 1),
        encoding="utf-8")
    report = validate_file(minimal_scenario_path)
    assert report.errors == []
    assert not [p for p in report.problems if "date_note" in p.key_path + p.message]
    assert report.loaded is not None
    event = report.loaded.scenario.history.events[0]
    assert event.date_note == "Or the 18th per S4."
    french = replay.render(report.loaded.scenario, "fr")
    assert "Date (note en anglais)\u00a0: Or the 18th per « " in french
    assert "Date: Or the 18th per “" in replay.render(report.loaded.scenario, "en")


def test_a_note_missing_in_french_falls_back_and_says_so(minimal_scenario_path: Path) -> None:
    text = minimal_scenario_path.read_text(encoding="utf-8")
    old = '{date: 1944-09-17, kind: assault,'
    minimal_scenario_path.write_text(text.replace(
        old, '{date: 1944-09-17, date_note: {en: "Or the 18th."}, kind: assault,', 1),
        encoding="utf-8")
    scenario = load_scenario(minimal_scenario_path).scenario
    assert "Date (note en anglais)\u00a0: Or the 18th." in replay.render(scenario, "fr")
    minimal_scenario_path.write_text(text.replace(
        old, '{date: 1944-09-17, date_note: {en: "Or the 18th.", fr: "Ou le 18."}, '
             'kind: assault,', 1), encoding="utf-8")
    scenario = load_scenario(minimal_scenario_path).scenario
    assert "Date\u00a0: Ou le 18." in replay.render(scenario, "fr")
