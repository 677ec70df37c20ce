"""A history figure counts what its source counts: `counted_from` (issue 12 points 8 and 9).

Operation Astonia's 388 Allied casualties count 10-12 September at Le Havre, not the week of
investment before; a game set against that figure must count from the same day. The game's
whole-campaign figure stays in the report beside it (the player's losses are all their losses).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from engine.format.sandbox import Field
from engine.format.validation import validate_file
from engine.game import Game
from engine.history.report import build_report, by_objective, render
from engine.history.simulate import outcome, summarise
from engine.orders import Assault, EndTurn
from tests.conftest import CHANNEL_PORTS

FIRST_DAY = dt.date(1944, 9, 17)  # the field's first day
OPERATION = dt.date(1944, 9, 19)  # the day the source's count starts
TARGET = (5, 3)
WEST = [(4, 3), (5, 2), (5, 4)]  # row 3 is odd: (5, 2) and (5, 4) touch (5, 3)


def field(counted_from: dt.date | None) -> Field:
    """A casemated fort that holds against one battalion at a time, and a 1944 figure of the
    attackers' losses there that counts from `counted_from`."""
    f = Field(["~........"] * 7).place("rear", (1, 3), side="allies")
    f.source("s", "allies", "rear")
    f.place("fort", TARGET, side="germans", fortification=3)
    f.unit("garrison", "germans", "fortress_bn", TARGET, quality="veteran")
    for n in range(3):
        f.unit(f"a{n}", "allies", "infantry_bn", WEST[n])
    figure: dict[str, Any] = {"value": 100, "sources": ["S"]}
    if counted_from is not None:
        figure["counted_from"] = counted_from.isoformat()
    f.objective("fort")
    return f.set("history", {"outcomes": [{"objective": "fort", "allied_casualties": [figure]}]})


def assault_before_and_after(counted_from: dt.date | None) -> Game:
    """One battalion storms the fort on the first day, another on the day the count starts."""
    game = Game(field(counted_from).loaded(), seed=3)
    game.push(Assault("allies", ("a0",), TARGET))
    while game.state.date < OPERATION:
        game.push(EndTurn(game.side_to_move))
    game.push(Assault("allies", ("a1",), TARGET))
    return game


def attackers_lost(game: Game, since: dt.date) -> int:
    """The raw log, added up by hand: the attackers' losses in assaults from `since` on."""
    return sum(e.get("attacker_losses") for e in game.all_events()
               if e.kind == "assault" and e.date >= since.isoformat())


def test_a_figure_counted_from_a_day_is_set_against_the_game_from_that_day_only() -> None:
    game = assault_before_and_after(OPERATION)
    before = attackers_lost(game, FIRST_DAY) - attackers_lost(game, OPERATION)
    after = attackers_lost(game, OPERATION)
    assert before > 0 and after > 0  # losses on both sides of the day, or the test proves nothing
    fort = build_report(game).objectives[0]
    assert fort.figures["allied_casualties"] == before + after  # the whole game, still there
    assert fort.counted_figure("allied_casualties") == after  # what the source's count covers
    assert fort.counted_from["allied_casualties"] == OPERATION
    assert fort.counted_figure("prisoners") == fort.figures["prisoners"]  # no date: all of it


def test_the_report_says_what_it_compares() -> None:
    game = assault_before_and_after(OPERATION)
    r = build_report(game)
    after, whole = attackers_lost(game, OPERATION), attackers_lost(game, FIRST_DAY)
    text = render(r, "en")
    assert f"{after} (100)*" in text
    assert f"* fort, Allied casualties: from 19 September, as the source counts; {whole} in all" \
        in text
    assert "à partir du 19 septembre, comme la source les compte" in render(r, "fr")
    data = r.to_json()["objectives"]["fort"]
    assert data["allied_casualties"] == whole
    assert data["as_counted"]["allied_casualties"] == after
    assert data["counted_from"]["allied_casualties"] == "1944-09-19"
    # the verdict's cost is the like-for-like one
    assert r.casualties.yours == whole and r.casualties.compared == after
    assert f"({after} Allied casualties against 100, counted as the sources count)" in \
        r.to_json()["verdict"]["en"]


@pytest.mark.parametrize("counted_from", [None, FIRST_DAY, dt.date(1944, 8, 26)])
def test_without_a_later_day_the_whole_game_is_compared(counted_from: dt.date | None) -> None:
    """No `counted_from`, the first day or a day before the scenario's start: all of it."""
    game = assault_before_and_after(counted_from)
    fort = build_report(game).objectives[0]
    assert fort.counted_from["allied_casualties"] is None
    assert fort.counted == fort.figures == by_objective(game)["fort"]
    assert "*" not in render(build_report(game), "en").split("Per port")[1].split("\n\n")[0]


def test_simulate_gives_both_medians_and_says_from_when() -> None:
    game = assault_before_and_after(OPERATION)
    run = outcome(game)
    assert run["as_counted"]["fort"]["allied_casualties"] == attackers_lost(game, OPERATION)
    assert run["by_objective"]["fort"]["allied_casualties"] == attackers_lost(game, FIRST_DAY)
    summary = summarise(game.world.loaded, [run], {"scenario": "field"})
    casualties = summary["objectives"]["fort"]["allied_casualties"]
    assert casualties == {"median": attackers_lost(game, FIRST_DAY),
                          "median_as_counted": attackers_lost(game, OPERATION),
                          "counted_from": "1944-09-19", "historical": 100}
    assert summary["allied_casualties"]["median_as_counted"] == attackers_lost(game, OPERATION)


def test_a_count_that_starts_after_the_scenario_ends_is_refused(tmp_path: Path) -> None:
    text = CHANNEL_PORTS.read_text(encoding="utf-8").replace(
        "counted_from: 1944-09-17,", "counted_from: 1944-10-17,")
    assert "1944-10-17" in text
    (tmp_path / "rules").symlink_to(CHANNEL_PORTS.parent / "rules")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "1944-10-17" in row)
    column = text.splitlines()[line - 1].index("1944-10-17") + 1  # the date itself
    problems = [p for p in validate_file(path).errors if "counted_from" in p.message]
    assert len(problems) == 1
    shown = str(problems[0])
    assert shown.startswith(f"{path}:{line}:{column}: error: counted_from 1944-10-17 is after "
                            "the scenario's end (1944-10-07)"), shown
    assert "history.outcomes[0].allied_casualties[0].counted_from" in shown


def test_shipped_operation_figures_count_from_the_operation() -> None:
    """Le Havre's, Boulogne's and Calais' Allied casualties are Astonia's, Wellhit's and
    Undergo's: the game's figures set against them start on those operations' first days."""
    from engine.format.loading import load_scenario
    from engine.history.report import counted_from

    channel = load_scenario(CHANNEL_PORTS).scenario
    havre = load_scenario(CHANNEL_PORTS.parent / "le_havre_1944.yaml").scenario
    assert counted_from(havre, "le_havre", "allied_casualties") == dt.date(1944, 9, 10)
    assert counted_from(channel, "boulogne", "allied_casualties") == dt.date(1944, 9, 17)
    assert counted_from(channel, "calais", "allied_casualties") == dt.date(1944, 9, 25)
    # 'from 26 August', before Le Havre's scenario opens: the whole game
    assert counted_from(havre, "le_havre", "civilian_casualties") is None


def test_a_batch_report_gives_each_port_as_its_source_counts(tmp_path: Path) -> None:
    """`run.py report --batch SUMMARY`: per port, the as-counted median against history's
    figure, from which day, and the whole game's median; a malformed day is left out."""
    import json

    from cli.report import read_summary
    from engine.format.loading import load_scenario
    from engine.history.report import batch_render

    figure = {"median": 1080.0, "median_as_counted": 795.0, "counted_from": "1944-09-10",
              "historical": 388.0}
    path = tmp_path / "batch.json"
    path.write_text(json.dumps({"runs": 2, "objectives": {"le_havre": {
        "capture_dates": ["1944-09-13", "1944-09-14"], "allied_casualties": figure,
        "prisoners": {**figure, "counted_from": "10/09/1944"}}}}), encoding="utf-8")
    summary = read_summary(str(path))
    assert summary["objectives"]["le_havre"]["allied_casualties"] == figure
    assert "prisoners" not in summary["objectives"]["le_havre"]
    havre = load_scenario(CHANNEL_PORTS.parent / "le_havre_1944.yaml").scenario
    text = batch_render(havre, summary, "en")
    assert "Le Havre, Allied casualties: median 795 (1944: 388) from 10 September, as the " \
        "source counts; 1,080 in all" in text
    assert "Le Havre, Prisoners taken" not in text
