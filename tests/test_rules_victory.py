"""Objectives, their value over time, and the graded result."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.format.sandbox import Field
from engine.game import Game
from engine.orders import EndTurn, Move
from engine.rules.victory import objective_value

OPEN = ["~........"] * 5


def port_with_strongpoint() -> Field:
    f = Field(OPEN, days=6).place("rear", (1, 2), side="allies").source("s", "allies", "rear")
    f.place("port", (4, 2), side="germans").place("fort", (6, 2), side="germans")
    f.objective("port", includes=["fort"], points=100, full_value_until="1944-09-18",
                late_loss_per_day=0.1)
    f.unit("a", "allies", "infantry_bn", (3, 2)).unit("b", "allies", "infantry_bn", (5, 1))
    return f


def test_an_objective_falls_only_with_all_its_strongpoints() -> None:
    game = Game(port_with_strongpoint().loaded(), seed=1)
    events = game.push(Move("allies", "a", (4, 2)))
    assert game.state.owner["port"] == "allies"
    assert not any(e.kind == "objective_taken" for e in events)
    events = game.push(Move("allies", "b", (6, 2)))
    taken = [e for e in events if e.kind == "objective_taken"]
    assert taken and taken[0].get("objective") == "port"
    assert game.state.captured["port"] == "1944-09-17"


def test_an_objective_taken_late_is_worth_less_each_day() -> None:
    game = Game(port_with_strongpoint().loaded(), seed=1)
    on_time = objective_value(game.world, "port", dt.date(1944, 9, 18))
    late = objective_value(game.world, "port", dt.date(1944, 9, 21))
    assert on_time == 100
    assert late == pytest.approx(70)


def test_a_strongpoint_left_empty_in_the_enemy_zone_changes_hands_at_nightfall() -> None:
    game = Game(port_with_strongpoint().loaded(), seed=1)
    assert game.state.owner["fort"] == "germans"
    game.push(EndTurn("allies"))
    events = game.push(EndTurn("germans"))
    assert game.state.owner["fort"] == "allies"  # unit b stands next to it, no German near
    assert any(e.kind == "place_taken" and e.get("place") == "fort" for e in events)


def test_the_result_level_follows_the_share_of_points() -> None:
    game = Game(port_with_strongpoint().loaded(), seed=1)
    assert game.score().level == "loss"
    game.push(Move("allies", "a", (4, 2)))
    game.push(Move("allies", "b", (6, 2)))
    score = game.score()
    assert score.objective_points == 100 and score.share == 1.0 and score.level == "win"


def test_the_campaign_ends_after_its_last_day_with_a_result() -> None:
    f = port_with_strongpoint()
    f.data["units"] = [u for u in f.data["units"] if u["id"] == "a"]  # nobody near the fort
    game = Game(f.loaded(), seed=1)
    while not game.over:
        game.push(EndTurn(game.side_to_move))
    assert game.state.date == game.world.scenario.end_date
    final = game.events[-1][-1]
    assert final.kind == "game_over" and final.get("level") in ("win", "loss")
