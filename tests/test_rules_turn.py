"""The turn sequence: phases in order, each side in its own phase, the campaign's end."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.format.loading import load_scenario
from engine.game import new_game
from engine.orders import EndTurn, IllegalOrder


def test_a_day_opens_with_events_then_weather_then_supply(minimal_scenario_path: Path) -> None:
    game = new_game(load_scenario(minimal_scenario_path), seed=1)
    kinds = [e.kind for e in game.opening_events]
    assert kinds[0] == "turn_began"
    assert kinds.index("weather") < kinds.index("supply")


def test_sides_give_orders_in_scenario_order_and_end_turn_closes_the_day(
    minimal_scenario_path: Path,
) -> None:
    game = new_game(load_scenario(minimal_scenario_path), seed=1)
    assert game.side_to_move == "allies"
    assert game.push(EndTurn("allies")) == []
    assert game.side_to_move == "germans" and game.state.turn == 0
    events = game.push(EndTurn("germans"))
    assert game.side_to_move == "allies" and game.state.turn == 1
    assert [e.kind for e in events].index("turn_began") >= 0
    assert str(game.state.date) == "1944-09-18"


def test_a_side_cannot_end_the_other_sides_turn(minimal_scenario_path: Path) -> None:
    game = new_game(load_scenario(minimal_scenario_path), seed=1)
    with pytest.raises(IllegalOrder, match="allies orders phase"):
        game.push(EndTurn("germans"))


def test_no_order_is_accepted_after_the_campaign_ends(minimal_scenario_path: Path) -> None:
    game = new_game(load_scenario(minimal_scenario_path), seed=1)
    while not game.over:
        game.push(EndTurn(game.side_to_move))
    assert str(game.state.date) == "1944-09-24"
    with pytest.raises(IllegalOrder, match="over"):
        game.push(EndTurn("allies"))


def test_a_turn_may_last_several_days_and_stocks_run_down_by_the_day() -> None:
    from engine.format.sandbox import Field
    from engine.game import Game

    f = Field(["~......"] * 5, days=8).set("turn_length_days", 2)
    f.place("rear", (1, 2), side="allies").source("s", "allies", "rear")
    f.place("fort", (5, 2), side="germans").depot("fort", "germans", food=10, ammo=10)
    f.unit("g", "germans", "fortress_bn", (5, 2)).unit("a", "allies", "infantry_bn", (2, 2))
    game = Game(f.loaded(), seed=1)
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    assert str(game.state.date) == "1944-09-18" and game.state.turn == 0  # day 2 of turn 1
    assert game.state.depots["fort"] == [9.0, 9.0]  # every night counts
    began = [e for e in game.events[-1] if e.kind == "turn_began"]
    assert [(e.get("turn"), e.get("day")) for e in began] == [(0, 2)]
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    assert str(game.state.date) == "1944-09-19" and game.state.turn == 1
    assert game.state.depots["fort"] == [8.0, 8.0]


def test_something_that_is_not_an_order_is_refused(minimal_scenario_path: Path) -> None:
    game = new_game(load_scenario(minimal_scenario_path), seed=1)
    with pytest.raises(IllegalOrder, match="not an order"):
        game.push("end turn")  # type: ignore[arg-type]
    assert game.orders == []
