"""`run.py study`: a sensitivity study from a small YAML file, its tidy table, its charts and
its resumption after an interruption."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from cli import study as study_command
from engine.history.study import COLUMNS, TOTALS, StudyError, read_study, variant


def write_study(folder: Path, scenario: Path, vary: str, seeds: int = 2) -> Path:
    path = folder / "study.yaml"
    path.write_text(f"scenario: {scenario.name}\nallies: history\ngermans: passive\n"
                    f"seeds: {seeds}\nvary:\n{vary}")
    return path


ODDS = "  - number: ruleset.engine.combat.odds_for_even_chance\n    values: [1.0, 3.0]\n"


def run(study: Path, *extra: str) -> int:
    parser = argparse.ArgumentParser()
    study_command.add_arguments(parser)
    return study_command.run(parser.parse_args([str(study), "--jobs", "1", *extra]))


def table_rows(out: Path) -> list[dict[str, str]]:
    with (out / "results.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_varied_number_reaches_the_rules(minimal_scenario_path: Path) -> None:
    path = str(minimal_scenario_path)
    changed = variant(path, "ruleset.engine.combat.odds_for_even_chance", 3.0)
    assert changed.ruleset.engine.combat.odds_for_even_chance == 3.0
    flame = variant(path, "ruleset.unit_types[flame_tank_sqn].attack", 9)
    assert next(t for t in flame.ruleset.unit_types if t.id == "flame_tank_sqn").attack == 9
    assert len({changed.digest, flame.digest, variant(path, "baseline", "").digest}) == 3


@pytest.mark.parametrize(("vary", "message"), [
    ("  - number: ruleset.engine.combat.no_such_number\n    values: [1]\n", "no 'no_such_number'"),
    ("  - number: ruleset.engine.combat.odds_for_even_chance\n    values: [-5]\n", "greater"),
    ("  - number: ruleset.unit_types[tiger]\n    values: [1]\n", "no item with id 'tiger'"),
    ("  - number: engine.combat.odds_for_even_chance\n    values: [1]\n", "'ruleset.'"),
])
def test_a_bad_study_is_refused_before_any_campaign(
    minimal_scenario_path: Path, vary: str, message: str, capsys: pytest.CaptureFixture[str],
) -> None:
    study = write_study(minimal_scenario_path.parent, minimal_scenario_path, vary)
    with pytest.raises(StudyError, match=message):
        read_study(study)
    assert run(study) == 1
    err = capsys.readouterr().err
    assert err.startswith("study: ") and "Traceback" not in err


def test_a_study_writes_a_tidy_table_and_a_chart_and_resumes(
    minimal_scenario_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    study = write_study(minimal_scenario_path.parent, minimal_scenario_path, ODDS)
    out = minimal_scenario_path.parent / "out"
    assert run(study, "--out", str(out)) == 0
    rows = table_rows(out)
    base = variant(str(minimal_scenario_path), "baseline", "")
    objectives = [o.place for o in base.scenario.victory.objectives]
    per_campaign = len(objectives) + len(TOTALS)
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 3 * 2 * per_campaign  # baseline + two values, two seeds each
    assert {r["number"] for r in rows} == {"baseline", "ruleset.engine.combat.odds_for_even_chance"}
    assert {r["measure"] for r in rows} == {f"fall_day:{p}" for p in objectives} | set(TOTALS)
    chart = out / "charts" / "effect_ruleset.engine.combat.odds_for_even_chance.png"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    capsys.readouterr()

    # Interrupted in the middle of the last campaign's rows: only that campaign is played again.
    table = out / "results.csv"
    text = table.read_text()
    table.write_text(text[: len(text) - 12])
    assert run(study, "--out", str(out)) == 0
    assert "5 of 6 campaigns already" in capsys.readouterr().err
    assert table_rows(out) == rows

    assert run(study, "--out", str(out)) == 0  # nothing left to play
    assert "6 of 6 campaigns already" in capsys.readouterr().err
    assert table_rows(out) == rows
