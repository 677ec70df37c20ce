"""`run.py replay --headless`: every dated event in order, in both languages, with sources."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cli import replay as replay_command
from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.scenario import text_in
from engine.history import replay
from engine.history.timeline import Timeline, format_date
from tests.conftest import CHANNEL_PORTS, ROOT


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(CHANNEL_PORTS)


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    replay_command.add_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_dated_event_is_shown_in_order(loaded: LoadedScenario, lang: str) -> None:
    text = replay.render(loaded.scenario, lang)
    position = 0
    events = sorted(enumerate(loaded.scenario.history.events), key=lambda ie: (ie[1].date, ie[0]))
    for _, event in events:
        header = f"=== {format_date(event.date, lang)} ==="
        day_at = text.find(header)
        assert day_at >= 0, header
        caption = text_in(event.caption, lang)
        found = text.find(caption, max(position, day_at))
        assert found >= 0, f"{event.date}: {caption!r} missing or out of order"
        position = found


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_disagreements_are_announced(loaded: LoadedScenario, lang: str) -> None:
    text = replay.render(loaded.scenario, lang)
    tl = Timeline(loaded.scenario)
    assert tl.disagreements
    for d in tl.disagreements:
        assert tl.disagreement_text(d, lang) in text
    marker = "Sources disagree" if lang == "en" else "Les sources divergent"
    assert marker in text


def test_sources_and_changes_of_hands_are_printed(loaded: LoadedScenario) -> None:
    text = replay.render(loaded.scenario, "en")
    seed = next(s for s in loaded.scenario.sources if s.file)
    assert seed.title in text and seed.file not in text  # a seed is cited by its title
    assert re.search(r"Changes hands: Boulogne(, [^→]+)? → Allies", text)
    assert "Plan:" in text


def test_window_of_dates(loaded: LoadedScenario) -> None:
    text = replay.render(loaded.scenario, "en", dt.date(1944, 9, 17), dt.date(1944, 9, 18))
    headers = [line for line in text.splitlines() if line.startswith("=== ")]
    assert headers == ["=== 17 September 1944 ===", "=== 18 September 1944 ==="]
    assert "Plan:" not in replay.render(loaded.scenario, "en", plan=False)


def test_bad_dates_and_files_are_refused_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    assert replay_command.run(_args("--headless", "--from", "17/09/1944")) == 2
    assert "--from: expected a date as YYYY-MM-DD" in capsys.readouterr().err
    backwards = _args("--headless", "--from", "1944-09-20", "--to", "1944-09-10")
    assert replay_command.run(backwards) == 2
    assert "--to is before --from" in capsys.readouterr().err
    assert replay_command.run(_args("/no/such/scenario.yaml", "--headless")) == 2
    assert "no scenario file" in capsys.readouterr().err


def test_broken_scenario_lists_its_problems(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 1\nid: Not An Id\n", encoding="utf-8")
    assert replay_command.run(_args(str(bad), "--headless")) == 1
    assert "has errors" in capsys.readouterr().err


def test_command_line_runs_headless_without_pygame() -> None:
    code = (
        "import sys, run; rc = run.main(['replay', '--headless', '--lang', 'fr', '--from', "
        "'1944-09-29', '--to', '1944-09-30']); "
        "assert 'pygame' not in sys.modules, 'headless replay imported pygame'; sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "=== 29 septembre 1944 ===" in done.stdout
    assert "1er octobre 1944" in done.stdout  # Calais' other date, announced


def test_a_modders_scenario_replays_with_no_code_change(minimal_scenario_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    assert replay_command.run(_args(str(minimal_scenario_path), "--headless", "--lang", "fr")) == 0
    out = capsys.readouterr().out
    scenario = load_scenario(minimal_scenario_path).scenario
    for event in scenario.history.events:
        assert text_in(event.caption, "fr") in out
    assert "=== 22 septembre 1944 ===" in out
