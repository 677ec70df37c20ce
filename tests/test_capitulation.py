"""The `capitulation` event: a garrison, or a whole side, lays down its arms on a date.

The module under test is engine/rules/dated_events.py.
"""

from __future__ import annotations

from pathlib import Path

from engine.format.loading import load_scenario
from engine.game import Game
from engine.orders import EndTurn
from engine.state import SURRENDERED, WITHDRAWN


def _scenario(path: Path, event: str, extra_unit: str = "") -> Path:
    text = path.read_text(encoding="utf-8")
    if extra_unit:
        text = text.replace("start: {place: boulogne}}", "start: {place: boulogne}}\n" + extra_unit)
    path.write_text(text + "events:\n" + event, encoding="utf-8")
    return path


def _play_to(game: Game, date: str) -> list[str]:
    kinds = []
    while not game.over and str(game.state.date) < date:
        kinds += [f"{e.date} {e.kind}" for e in game.push(EndTurn(game.side_to_move))]
    return kinds


def test_a_garrison_lays_down_its_arms_and_its_places_change_hands(
        minimal_scenario_path: Path) -> None:
    path = _scenario(minimal_scenario_path,
                     "  - {id: boulogne_gives_up, kind: capitulation, date: 1944-09-20, "
                     "side: germans, places: [boulogne], radius_hexes: 0, "
                     "caption: {en: The garrison capitulates., fr: La garnison capitule.}}\n")
    game = Game(load_scenario(path), seed=1)
    men = game.state.units["fest_bn_1"].men
    _play_to(game, "1944-09-19")
    outside = game.state.owner["mont_lambert"]
    kinds = _play_to(game, "1944-09-20")
    assert "1944-09-20 surrendered" in kinds and "1944-09-20 objective_taken" in kinds
    assert game.state.units["fest_bn_1"].status == SURRENDERED
    assert game.state.units["fest_bn_1"].captured == men
    assert game.state.owner["boulogne"] == "allies"
    assert game.state.owner["mont_lambert"] == outside  # next door, outside a ring of 0 hexes
    assert game.state.captured["boulogne"] == "1944-09-20"


def test_a_whole_side_capitulates_and_sends_nobody_more(minimal_scenario_path: Path) -> None:
    late = ("  - {id: late_bn, name: Late, side: germans, nation: de, type: fortress_bn, "
            "strength: 500, quality: fortress, arrives: {date: 1944-09-22, place: mont_lambert}}")
    path = _scenario(minimal_scenario_path,
                     "  - {id: war_ends, kind: capitulation, date: 1944-09-19, side: germans, "
                     "caption: {en: The war ends., fr: La guerre finit.}}\n", late)
    game = Game(load_scenario(path), seed=1)
    _play_to(game, "1944-09-24")
    assert game.state.units["fest_bn_1"].status == SURRENDERED
    assert game.state.units["late_bn"].status == WITHDRAWN
    assert game.state.owner["mont_lambert"] == "allies" and game.state.owner["boulogne"] == "allies"
    assert game.over and game.state.captured["boulogne"] == "1944-09-19"


def test_a_capitulation_naming_an_unknown_place_is_refused(minimal_scenario_path: Path) -> None:
    from engine.format.validation import validate_file

    path = _scenario(minimal_scenario_path,
                     "  - {id: x, kind: capitulation, date: 1944-09-20, side: germans, "
                     "places: [bolougne], caption: x}\n")
    errors = validate_file(path).errors
    assert [(p.key_path, p.hint) for p in errors] == [
        ("events[0].places[0]", "did you mean 'boulogne'?")]
