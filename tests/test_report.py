"""The after-action report: its numbers come from the event log and match the engine's records.

The golden campaign is the historical plan against the German AI on a fixed seed; every figure
of the report is checked against `game.tallies()`, the state and a recount of the raw events.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli import report as report_command
from cli.report import read_summary
from engine.controllers import make_controller, play_out
from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.scenario import text_in
from engine.game import Game
from engine.history.report import (
    PORT_FIGURES,
    AfterAction,
    Comparison,
    ObjectiveResult,
    batch_objectives,
    build_report,
    by_objective,
    render,
    tally_game,
    verdict,
)
from engine.history.timeline import historical_dates
from engine.save import save_game
from tests.conftest import CHANNEL_PORTS, ROOT

GOLDEN_SEED = 7
NO_HISTORY: dict[str, float | None] = dict.fromkeys(PORT_FIGURES)
NONE = (dict.fromkeys(PORT_FIGURES, 0), NO_HISTORY)  # an objective's figures: none, and none known


@pytest.fixture(scope="module")
def scenario_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The campaign and its rulesets copied aside, so saves made here replay against the very
    files they were made with even while the scenario is being edited."""
    folder = tmp_path_factory.mktemp("scenario")
    shutil.copytree(CHANNEL_PORTS.parent / "rules", folder / "rules")
    shutil.copy(CHANNEL_PORTS, folder / CHANNEL_PORTS.name)
    return folder / CHANNEL_PORTS.name


@pytest.fixture(scope="module")
def loaded(scenario_copy: Path) -> LoadedScenario:
    return load_scenario(scenario_copy)


@pytest.fixture(scope="module")
def golden(loaded: LoadedScenario) -> Game:
    game = Game(loaded, GOLDEN_SEED)
    allies, germans = game.world.side_ids
    play_out(game, {allies: make_controller("history", game, allies),
                    germans: make_controller("ai", game, germans)})
    return game


def test_tally_matches_the_engine_records(golden: Game) -> None:
    t = tally_game(golden)
    engine = golden.tallies()
    for side, figures in engine.items():
        assert t.losses.get(side, 0) == figures["lost"], side
        assert t.prisoners.get(side, 0) == figures["captured"], side
    state = golden.state
    assert {k: v for k, v in t.civilians_killed.items() if v} == \
        {k: v for k, v in state.civilian_casualties.items() if v}
    assert {k: v for k, v in t.evacuated.items() if v} == \
        {k: v for k, v in state.civilians_evacuated.items() if v}
    assert {k: v for k, v in t.prisoners_at.items() if v} == \
        {k: v for k, v in state.prisoners_by_place.items() if v}
    assert {k: v for k, v in t.taken.items() if v} == \
        {k: v for k, v in state.captured.items() if v}


def test_report_numbers_equal_a_recount_of_the_raw_events(golden: Game) -> None:
    r = build_report(golden)
    side, enemy = golden.world.side_ids
    events = golden.all_events()
    surrendered = sum(e.get("men") for e in events if e.kind == "surrendered"
                      and e.get("side") == enemy)
    evacuated = sum(e.get("evacuated") for e in events if e.kind == "truce") + \
        sum(e.get("civilians") for e in events if e.kind == "civilians_expelled")
    killed = sum(e.get("civilians_killed") or 0 for e in events
                 if e.kind in ("bombarded", "bombs_strayed", "assault"))  # guns in support
    assert r.prisoners.yours == surrendered > 0
    assert r.evacuated.yours == evacuated
    assert r.civilian_deaths.yours == killed
    tallies = golden.tallies()
    assert r.casualties.yours == tallies[side]["lost"] + tallies[side]["captured"] > 0
    taken = {e.get("objective"): e.date for e in events if e.kind == "objective_taken"}
    for o in r.objectives:
        assert (o.yours.isoformat() if o.yours else None) == taken.get(o.objective)
    assert sum(o.prisoners for o in r.objectives) <= r.prisoners.yours
    assert r.score == pytest.approx(golden.score().total)
    assert r.over and r.date == golden.state.date


def test_history_side_of_the_report_comes_from_the_scenario(golden: Game,
                                                            loaded: LoadedScenario) -> None:
    r = build_report(golden)
    dates = historical_dates(loaded.scenario)
    for o in r.objectives:
        assert o.history == dates[o.objective]
        if o.yours and o.history.date:
            assert o.days == (o.yours - o.history.date).days
    scenario = loaded.scenario
    fell_inside = [o for o in scenario.history.outcomes
                   if o.fell and o.fell[0].date <= scenario.end_date and o.prisoners]
    assert r.prisoners.history == sum(o.prisoners[0].value for o in fell_inside)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_text_has_every_objective_and_the_verdict(golden: Game, lang: str) -> None:
    r = build_report(golden)
    text = render(r, lang)
    for o in golden.world.scenario.victory.objectives:
        name = text_in(next(p.name for p in golden.world.scenario.places if p.id == o.place), lang)
        assert name in text
    assert verdict(r, lang) in text
    assert f"{r.prisoners.yours:,}".replace(",", "\u202f" if lang == "fr" else ",") in text
    # the score as the language writes a decimal, with the scenario's name of the level reached
    level = next(v for v in golden.world.scenario.victory.levels if v.id == r.level)
    score = f"{r.score:.1f}".replace(".", "," if lang == "fr" else ".")
    assert f"{score} / {r.available:.0f} ({text_in(level.name, lang)})" in text


def _synthetic(loaded: LoadedScenario, boulogne: dt.date | None, casualties: int,
               over: bool = True) -> AfterAction:
    dates = historical_dates(loaded.scenario)
    objectives = tuple(
        ObjectiveResult(place, boulogne if place == "boulogne" else None, dates[place], *NONE)
        for place in ("boulogne", "dunkirk")
    )
    return AfterAction(loaded.scenario, 1, loaded.scenario.end_date, over, "allies", objectives,
                       Comparison(0, 18600), Comparison(casualties, 860), Comparison(0, 72),
                       Comparison(0, 46000), 0.0, 100.0, "defeat")


def test_verdict_says_how_many_days_and_at_what_cost(loaded: LoadedScenario) -> None:
    r = _synthetic(loaded, dt.date(1944, 9, 19), 1720)
    assert verdict(r, "en") == ("Boulogne fell 3 days sooner than in 1944 and Dunkirk held, "
                                "as in 1944 — at twice the cost (1,720 Allied casualties "
                                "against 860).")
    fr = verdict(r, "fr")
    assert fr.startswith("Boulogne-sur-Mer tombe 3 jours plus tôt qu'en 1944")
    assert "pour deux fois plus de pertes (1\u202f720 pertes alliées contre 860)" in fr
    late = verdict(_synthetic(loaded, dt.date(1944, 9, 23), 860), "en")
    assert "1 day later than in 1944" in late and "at about the same cost" in late
    missed = verdict(_synthetic(loaded, None, 300, over=False), "en")
    assert "Boulogne still held (it fell on 22 September 1944)" in missed
    assert "at 35% of the cost" in missed


def test_batch_comparison_counts_runs_near_history(loaded: LoadedScenario) -> None:
    captures = {"boulogne": ["1944-09-22", "1944-09-24", "1944-09-28", None],
                "calais": ["1944-10-03", "1944-09-27", None, None]}
    rows = {b.objective: b for b in batch_objectives(loaded.scenario, captures)}
    assert rows["boulogne"].taken == 3 and rows["boulogne"].on_time == 2
    assert rows["boulogne"].median_days == 2.0
    # Calais: 3 October is within two days of 1 October, the other date sources give
    assert rows["calais"].on_time == 1
    assert rows["dunkirk"].runs == 0


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    report_command.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_command_line_report_and_json(golden: Game, tmp_path: Path, scenario_copy: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "golden.json"
    save_game(golden, save)
    assert report_command.run(_args(str(save), "--scenario", str(scenario_copy))) == 0
    out = capsys.readouterr().out
    assert "After-action report" in out and "Verdict:" in out
    assert report_command.run(_args(str(save), "--scenario", str(scenario_copy), "--json",
                                   "--lang", "fr")) == 0
    data = json.loads(capsys.readouterr().out)["report"]
    r = build_report(golden)
    assert data["prisoners"]["yours"] == r.prisoners.yours
    assert data["verdict"]["fr"] == verdict(r, "fr")


def test_command_line_refuses_bad_input(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert report_command.run(_args()) == 2
    assert "give a saved game" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "channel-ports-1944-save", "format_v', encoding="utf-8")
    assert report_command.run(_args(str(broken))) == 2
    assert "damaged or truncated" in capsys.readouterr().err
    bad_batch = tmp_path / "batch.json"
    bad_batch.write_text('{"objectives": {"calais": {"capture_dates": ["30/09/1944"]}}}',
                         encoding="utf-8")
    assert report_command.run(_args("--batch", str(bad_batch))) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(ValueError, match="not a simulate --json summary"):
        read_summary(str(tmp_path / "broken.json"))


def test_png_chart_is_written_and_not_blank(golden: Game, tmp_path: Path,
                                           scenario_copy: Path) -> None:
    save = tmp_path / "golden.json"
    save_game(golden, save)
    summary = tmp_path / "batch.json"
    summary.write_text(json.dumps({"runs": 3, "allies": "history", "germans": "ai",
                                   "objectives": {
        "boulogne": {"capture_dates": ["1944-09-21", "1944-09-22", "1944-09-25"]},
        "calais": {"capture_dates": ["1944-09-30", None, "1944-10-02"]}}}), encoding="utf-8")
    png = tmp_path / "chart.png"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    done = subprocess.run([sys.executable, "run.py", "report", str(save), "--batch", str(summary),
                           "--scenario", str(scenario_copy), "--png", str(png)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "pygame" not in done.stdout.lower()
    import pygame

    image = pygame.image.load(str(png))
    assert image.get_width() >= 800 and image.get_height() >= 200
    colours = {tuple(image.get_at((x, y)))[:3] for x in range(0, image.get_width(), 7)
               for y in range(0, image.get_height(), 7)}
    assert len(colours) > 10  # drawn, not an empty fill


def test_report_dataclass_is_frozen(golden: Game) -> None:
    r = build_report(golden)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.seed = 3  # type: ignore[misc]


def test_a_modders_scenario_gets_a_report(minimal_scenario_path: Path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    game = Game(loaded, 1)
    first, second = game.world.side_ids
    play_out(game, {first: make_controller("history", game, first),
                    second: make_controller("passive", game, second)})
    r = build_report(game)
    tallies = game.tallies()
    assert r.casualties.yours == tallies[first]["lost"] + tallies[first]["captured"]
    assert r.prisoners.yours == tallies[second]["captured"]
    for lang in ("en", "fr"):
        text = verdict(r, lang)
        assert text.endswith(".") and "Boulogne" in text
    unknown = [o for o in r.objectives if not o.history.known]
    for o in unknown:
        assert "history gives no date" in verdict(r, "en")
        assert o.days is None


def test_objective_without_history_is_said_so(loaded: LoadedScenario) -> None:
    from engine.history.timeline import HistoricalDate

    unknown = HistoricalDate(None, (), None, (), known=False)
    r = AfterAction(loaded.scenario, 1, loaded.scenario.end_date, True, "allies",
                    (ObjectiveResult("calais", dt.date(1944, 9, 25), unknown, *NONE),),
                    Comparison(0, None), Comparison(0, None), Comparison(0, None),
                    Comparison(0, None), 0.0, 100.0, "defeat")
    assert verdict(r, "en") == "Calais fell on 25 September (history gives no date)."
    assert "l'histoire ne dit rien" in verdict(r, "fr")
    assert "history: no figure" in render(r, "en")


def test_objectives_with_the_same_difference_share_a_clause(loaded: LoadedScenario) -> None:
    dates = historical_dates(loaded.scenario)
    objectives = (
        ObjectiveResult("boulogne", dates["boulogne"].date, dates["boulogne"], *NONE),
        ObjectiveResult("calais", dates["calais"].date, dates["calais"], *NONE),
        ObjectiveResult("dunkirk", None, dates["dunkirk"], *NONE),
    )
    r = AfterAction(loaded.scenario, 1, loaded.scenario.end_date, True, "allies", objectives,
                    Comparison(0, None), Comparison(0, None), Comparison(0, None),
                    Comparison(0, None), 0.0, 100.0, "defeat")
    assert verdict(r, "en") == ("Boulogne and Calais fell on the same day as in 1944; "
                                "Dunkirk held, as in 1944.")
    assert verdict(r, "fr").startswith("Boulogne-sur-Mer et Calais tombent le même jour")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_per_port_figures_are_simulates_own_and_shown_in_text_and_window(
        golden: Game, lang: str) -> None:
    """Prisoners, Allied casualties, civilians killed and evacuated per objective: the report,
    its text, its JSON and the after-action window give exactly the figures `simulate --json`
    counts (`by_objective`), history's beside them."""
    from engine.history.simulate import outcome
    from engine.history.timeline import format_number
    from game.screens.report import report_html

    r = build_report(golden)
    simulated = outcome(golden)["by_objective"]
    assert {o.objective: o.figures for o in r.objectives} == simulated == by_objective(golden)
    assert any(v for figures in simulated.values() for v in figures.values())
    boulogne = next(o for o in r.objectives if o.objective == "boulogne")
    assert boulogne.history_figures["prisoners"] is not None
    text, window = render(r, lang), report_html(r, lang)
    data = r.to_json()["objectives"]["boulogne"]
    assert all(data[key] == boulogne.figures[key] for key in PORT_FIGURES)
    assert ("Per port" if lang == "en" else "Par port") in text
    for key in PORT_FIGURES:  # each as its source counts it, the whole game's when they differ
        shown = f"{format_number(boulogne.counted_figure(key), lang)} ("
        assert shown in text and shown in window, (key, shown)
        if boulogne.counted_from[key] is not None:
            whole = format_number(boulogne.figures[key], lang)
            assert f"{whole} {'in all' if lang == 'en' else 'en tout'}" in text
            assert f"{whole} {'in all' if lang == 'en' else 'en tout'}" in window
    # the per-port figures sit in their own table, not under another heading, with a note under
    # it for each figure counted from a later day than the first
    table = text.split("Per port" if lang == "en" else "Par port")[1].split("\n\n")[0]
    notes = sum(day is not None for o in r.objectives for day in o.counted_from.values())
    assert notes and table.count("\n") == len(r.objectives) + notes
