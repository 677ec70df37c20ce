"""Every scenario shipped in scenarios/ validates, plays a whole AI-against-AI campaign
headless, and replays its history — the modder's promise: a new file needs no code change."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.ai import make_ai
from engine.controllers import play_out
from engine.format.loading import load_scenario
from engine.format.scenario import text_in
from engine.format.validation import validate_file
from engine.game import new_game
from engine.history.replay import render

SCENARIOS = sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml"))


def test_the_three_campaigns_are_shipped() -> None:
    names = {path.stem for path in SCENARIOS}
    assert {"channel_ports_1944", "liberation_of_the_north_1944", "le_havre_1944"} <= names


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_validates_without_errors(path: Path) -> None:
    report = validate_file(path)
    assert report.errors == [], "\n".join(map(str, report.errors))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_ai_against_ai_plays_to_the_end(path: Path) -> None:
    loaded = load_scenario(path)
    game = new_game(loaded, seed=3)
    play_out(game, {side.id: make_ai(game, side.id) for side in loaded.scenario.sides})
    assert game.over
    # A game ends at its end date, or earlier once every objective has been taken.
    every_objective_taken = all(game.state.captured.get(o.place)
                                for o in loaded.scenario.victory.objectives)
    assert game.state.date >= loaded.scenario.end_date or every_objective_taken
    assert any(e.kind == "game_over" for e in game.all_events())


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_history_replays_with_every_caption(path: Path, lang: str) -> None:
    scenario = load_scenario(path).scenario
    text = render(scenario, lang)
    for event in scenario.history.events:
        assert text_in(event.caption, lang) in text
