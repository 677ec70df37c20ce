"""Turns of several days: every day is played, dated things act on their day, the replay groups
by turn, and a weekly and a daily version of a scenario give the same results.

The modules under test are engine/rules/turn.py, engine/rules/dated_events.py and
engine/history/replay.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.format.loading import load_scenario
from engine.game import Game
from engine.history import replay
from engine.history.simulate import run_campaign
from engine.orders import EndTurn
from tests.conftest import SCENARIOS

EXTRA = """\
events:
  - {id: caption_day_4, kind: narrative, date: 1944-09-20, caption: "Day four of the week."}
"""


def _with_turn_length(source: Path, folder: Path, days: int, extra: str = "") -> Path:
    target = folder / f"{source.stem}_{days}.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("turn_length_days: 1\n", f"turn_length_days: {days}\n")
    target.write_text(text + extra, encoding="utf-8")
    return target


def test_dated_things_inside_a_week_act_on_their_own_day(minimal_scenario_path: Path) -> None:
    text = minimal_scenario_path.read_text(encoding="utf-8").replace(
        "start: {place: la_capelle}}",
        "start: {place: la_capelle}}\n  - {id: reserve, name: Reserve, side: allies, nation: ca, "
        "type: infantry_bn, strength: 700, quality: veteran, "
        "arrives: {date: 1944-09-19, place: la_capelle}}", 1)
    minimal_scenario_path.write_text(text, encoding="utf-8")
    path = _with_turn_length(minimal_scenario_path, minimal_scenario_path.parent, 7, EXTRA)
    game = Game(load_scenario(path), seed=3)
    seen: dict[str, str] = {}
    while not game.over:
        for event in game.push(EndTurn(game.side_to_move)):
            seen.setdefault(event.kind, event.date)
            if event.kind == "turn_began":
                assert event.get("turn") == (0 if event.date < "1944-09-24" else 1)
    assert seen["narrative"] == "1944-09-20"  # once lost: it was not a turn's first day
    assert seen["arrived"] == "1944-09-19"  # once carried to the next turn
    assert game.state.turn == 1 and str(game.state.date) == "1944-09-24"


@pytest.mark.parametrize("seed", [1, 2])
def test_a_weekly_and_a_daily_version_give_the_same_results(tmp_path: Path, seed: int) -> None:
    """The Liberation of the North played by its historical plan against the AI: with week-long
    turns it once took Abbeville, Cambrai and Marquise in none of the runs that took them daily."""
    shutil.copytree(SCENARIOS / "rules", tmp_path / "rules")
    source = SCENARIOS / "liberation_of_the_north_1944.yaml"
    daily = _with_turn_length(source, tmp_path, 1)
    weekly = _with_turn_length(source, tmp_path, 7)
    three = _with_turn_length(source, tmp_path, 3)
    results = [run_campaign(str(p), "history", "ai", seed) for p in (daily, weekly, three)]
    assert results[0]["capture_dates"] == results[1]["capture_dates"] == \
        results[2]["capture_dates"]
    assert results[0] == results[1] == results[2]
    assert sum(d is not None for d in results[0]["capture_dates"].values()) >= 10


def test_the_replay_prints_one_block_per_turn(minimal_scenario_path: Path) -> None:
    path = _with_turn_length(minimal_scenario_path, minimal_scenario_path.parent, 7, EXTRA)
    scenario = load_scenario(path).scenario
    text = replay.render(scenario, "en")
    blocks = [line for line in text.splitlines() if line.startswith("=== ")]
    assert blocks == ["=== Turn 1: 17 September 1944 – 23 September 1944 ===",
                      "=== Turn 2: 24 September 1944 ==="]
    days = [line for line in text.splitlines() if line.startswith("--- ")]
    assert days == ["--- 17 September 1944 ---", "--- 22 September 1944 ---"]  # not empty days
    assert "No dated event recorded." in text.split("=== Turn 2")[1]
    assert "=== Tour 1\u00a0: 17 septembre 1944" in replay.render(scenario, "fr")
