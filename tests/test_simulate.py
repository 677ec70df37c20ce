"""`run.py simulate`: whole campaigns headless, summarised against history."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from cli import simulate as simulate_command
from cli.progress import Progress
from engine.format.loaded import ScenarioError
from engine.format.loading import load_scenario
from engine.history import simulate

CHANNEL = Path(__file__).resolve().parent.parent / "scenarios" / "channel_ports_1944.yaml"


def args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    simulate_command.add_arguments(parser)
    return parser.parse_args(list(argv))


def channel_ok() -> bool:
    try:
        load_scenario(CHANNEL)
    except (ScenarioError, OSError):
        return False
    return True


def test_json_summary_has_every_objective_and_the_historical_figures(
    minimal_scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = simulate_command.run(args(str(minimal_scenario_path), "--allies", "history", "--germans",
                             "passive", "--seed", "3", "--runs", "3", "--jobs", "1", "--json"))
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    boulogne = out["objectives"]["boulogne"]
    assert boulogne["historical_date"] == "1944-09-22"
    assert len(boulogne["capture_dates"]) == 3
    assert 0.0 <= boulogne["captured_share"] <= 1.0
    for key in ("median_capture_date", "p10_capture_date", "p90_capture_date"):
        assert key in boulogne
    for key in ("prisoners", "civilian_casualties"):
        assert set(out[key]) == {"median", "historical"}
    # the whole game's losses, and those at the ports as the sources count them
    assert set(out["allied_casualties"]) == {"median", "median_as_counted", "historical"}
    assert set(boulogne["allied_casualties"]) == {"median", "median_as_counted", "counted_from",
                                                  "historical"}
    assert out["civilians_evacuated"]["historical"] == 8000


def test_passive_allies_take_nothing(minimal_scenario_path: Path) -> None:
    result = simulate.run_campaign(str(minimal_scenario_path), "passive", "passive", 1)
    assert result["capture_dates"] == {"boulogne": None}
    assert result["prisoners"] == 0 and result["allied_casualties"] == 0


def test_the_same_seed_gives_the_same_campaign(minimal_scenario_path: Path) -> None:
    path = str(minimal_scenario_path)
    assert simulate.run_campaign(path, "history", "ai", 5) == simulate.run_campaign(
        path, "history", "ai", 5)


def test_a_held_objective_counts_as_never_in_the_date_quantiles() -> None:
    dates = ["1944-09-20", None, None, "1944-09-22"]
    assert simulate._quantile_date(dates, 0.1) == "1944-09-20"
    assert simulate._quantile_date(dates, 0.5) == "1944-09-22"
    assert simulate._quantile_date(dates, 0.9) is None


def test_the_table_reads_like_a_report(
    minimal_scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert simulate_command.run(args(str(minimal_scenario_path), "--runs", "2", "--jobs", "1")) == 0
    text = capsys.readouterr().out
    assert "Boulogne" in text and "prisoners taken" in text and "history" in text


def test_a_missing_or_broken_scenario_gives_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert simulate_command.run(args(str(tmp_path / "none.yaml"))) == 2
    assert "no scenario file" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text("format_version: 1\nid: x\n", encoding="utf-8")
    assert simulate_command.run(args(str(broken), "--runs", "1")) == 1
    assert "has errors" in capsys.readouterr().err


@pytest.mark.skipif(not channel_ok(), reason="Channel scenario missing or invalid")
def test_channel_campaigns_run_in_parallel_with_the_historical_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = simulate_command.run(args(str(CHANNEL), "--allies", "history", "--germans", "ai",
                             "--runs", "2", "--jobs", "2", "--json"))
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["objectives"]) == {"boulogne", "cap_gris_nez", "calais", "dunkirk"}
    assert out["objectives"]["dunkirk"]["historical_date"] is None
    assert out["prisoners"]["median"] > 0


def test_difficulty_and_random_orders_reach_the_controllers(minimal_scenario_path: Path) -> None:
    path = str(minimal_scenario_path)
    expert = simulate.simulate(path, "ai", "ai", 5, 1, 1, difficulty="expert")
    random_ = simulate.simulate(path, "random", "ai", 5, 1, 1)
    assert len(expert) == len(random_) == 1
    with pytest.raises(ValueError, match="unknown AI difficulty"):
        simulate.simulate(path, "ai", "ai", 5, 1, 1, difficulty="godlike")


class _Terminal:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        return None


@pytest.mark.parametrize("tty", [True, False])
def test_the_progress_bar_shows_only_on_a_terminal(minimal_scenario_path: Path, tty: bool) -> None:
    out = _Terminal(tty)
    simulate.simulate(str(minimal_scenario_path), "passive", "passive", 1, 3, 1,
                      progress=Progress(3, out))
    assert ("3/3 campaigns" in out.text) is tty


def test_an_objective_that_held_is_compared_with_its_figures_too(
    minimal_scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A port that held through the campaign still has history's figures for the fighting:
    they were once shown as 'history n/a'."""
    text = minimal_scenario_path.read_text(encoding="utf-8").replace(
        "      fell: [{date: 1944-09-22, sources: [S4]}]\n",
        "      prisoners: [{value: 300, sources: [S4]}]\n"
        "      allied_casualties: [{value: 450, sources: [S4]}]\n")
    minimal_scenario_path.write_text(text, encoding="utf-8")
    code = simulate_command.run(args(str(minimal_scenario_path), "--allies", "history",
                                     "--germans", "passive", "--runs", "2", "--jobs", "1"))
    assert code == 0
    out = capsys.readouterr().out
    assert "prisoners taken       median" in out and "history 300" in out
    assert "Allied casualties" in out and "history 450" in out
    port = [line.split() for line in out.splitlines() if line.startswith(("prisoners at",
                                                                          "casualties at"))]
    assert [row[:4] for row in port] == [["prisoners", "at", "Boulogne", "median"],
                                         ["casualties", "at", "Boulogne", "median"]]
    assert port[1][-2:] == ["history", "450"]  # no counted_from here: the whole game
    summary = simulate.summarise(load_scenario(minimal_scenario_path), [
        {"capture_dates": {"boulogne": None}, "prisoners": 120, "allied_casualties": 80,
         "civilian_casualties": 0, "civilians_evacuated": 0, "level": "defeat",
         "by_objective": {"boulogne": {"prisoners": 120, "allied_casualties": 80,
                                       "civilian_casualties": 0, "civilians_evacuated": 0}},
         "as_counted": {"boulogne": {"prisoners": 120, "allied_casualties": 60,
                                     "civilian_casualties": 0, "civilians_evacuated": 0}}}],
        {"scenario": "x"})
    boulogne = summary["objectives"]["boulogne"]
    assert boulogne["prisoners"] == {"median": 120, "median_as_counted": 120,
                                     "counted_from": None, "historical": 300}
    assert boulogne["allied_casualties"]["median_as_counted"] == 60
