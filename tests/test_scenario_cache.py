"""A scenario is validated once: kept for the process and, on disk, for the next process.

The cache folder is the test's own (conftest points XDG_CACHE_HOME at a temporary folder)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.format import loading
from engine.format.loaded import ScenarioError
from engine.format.loading import load_scenario


@pytest.fixture
def scenario(minimal_scenario_path: Path) -> Path:
    return minimal_scenario_path


def cached(path: Path) -> Path:
    return loading._cache_file(loading._key(path))


def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    from engine.format import validation

    real = validation.validate_file

    def counting(path: Path, *args: object) -> object:
        calls.append(path)
        return real(path, *args)

    monkeypatch.setattr(validation, "validate_file", counting)
    return calls


def test_a_scenario_is_validated_once_then_read_from_the_disk_cache(
        scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = validations(monkeypatch)
    first = load_scenario(scenario)
    assert load_scenario(scenario) is first and len(calls) == 1
    assert cached(scenario).is_file()
    loading._MEMO.clear()  # as a new process would start
    again = load_scenario(scenario)
    assert len(calls) == 1
    assert again.digest == first.digest and again.scenario == first.scenario


def test_editing_the_scenario_or_its_ruleset_means_a_fresh_validation(
        scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = validations(monkeypatch)
    first = load_scenario(scenario)
    rules = scenario.parent / "rules" / "ww2_west_1944.yaml"
    rules.write_text(rules.read_text() + "\n# edited\n")
    # validated again; the same meaning, so saves made before still load
    assert load_scenario(scenario).digest == first.digest and len(calls) == 2
    scenario.write_text(scenario.read_text().replace("map:", "map:  # edited", 1))
    assert load_scenario(scenario).digest == first.digest and len(calls) == 3


def test_a_broken_scenario_is_never_cached(scenario: Path) -> None:
    scenario.write_text(scenario.read_text().replace("units:", "unitz:", 1))
    for _ in range(2):
        with pytest.raises(ScenarioError):
            load_scenario(scenario)
    assert not cached(scenario).exists()


def test_a_damaged_cache_file_is_only_a_miss(scenario: Path) -> None:
    first = load_scenario(scenario)
    cached(scenario).write_bytes(b"not a pickle")
    loading._MEMO.clear()
    assert load_scenario(scenario).digest == first.digest


def test_editing_a_ruleset_the_ruleset_extends_means_a_fresh_validation(
        scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = scenario.parent / "rules"
    (rules / "child.yaml").write_text("extends: ww2_west_1944.yaml\n")
    scenario.write_text(scenario.read_text().replace("rules/ww2_west_1944.yaml",
                                                     "rules/child.yaml"))
    calls = validations(monkeypatch)
    first = load_scenario(scenario)
    assert load_scenario(scenario) is first and len(calls) == 1
    parent = rules / "ww2_west_1944.yaml"
    parent.write_text(parent.read_text().replace("odds_for_even_chance: 1.6",
                                                 "odds_for_even_chance: 1.7"))
    loading._MEMO.clear()
    assert load_scenario(scenario).digest != first.digest and len(calls) == 2


def test_validate_answers_an_unchanged_file_from_the_cache(
    scenario: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from cli import validate as validate_command
    from engine.format import validation

    checked: list[Path] = []
    real = validation.validate_any
    monkeypatch.setattr(validation, "validate_any", lambda p: checked.append(p) or real(p))
    parser = argparse.ArgumentParser()
    validate_command.add_arguments(parser)
    for _ in range(2):
        assert validate_command.run(parser.parse_args([str(scenario)])) == 0
    assert checked == [scenario]  # the second run found the file unchanged
    out = capsys.readouterr().out.splitlines()
    half = len(out) // 2
    assert out[:half] == out[half:]  # the same warnings, word for word
    assert "warning" in out[0] and out[half - 1].startswith("0 errors")


def test_the_menu_loads_neither_the_engine_nor_the_scenario_models() -> None:
    """Start-up: nothing the first frame does not need (python -X importtime shows the rest
    loading after it, behind the menu)."""
    code = ("import sys, game.app, game.screens.menu\n"
            "print(sorted(m for m in ('engine.game', 'engine.ai.allied', 'engine.ai.german', "
            "'engine.format.scenario', 'engine.format.validation', 'engine.history.timeline', "
            "'numpy', 'pydantic') if m in sys.modules))")
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=Path(__file__).resolve().parent.parent, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_validate_loads_no_numpy_and_a_cached_file_no_checker(tmp_path: Path) -> None:
    """`run.py validate` needs the models and the reader, never the engine's arrays; answered
    from the cache, not even the checker (python -X importtime shows what each run loads)."""
    code = ("import sys, run\n"
            "status = run.main(['validate'])\n"
            "print(status, sorted(m for m in ('numpy', 'engine.format.validation', "
            "'engine.game', 'engine.world') if m in sys.modules))")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    root = Path(__file__).resolve().parent.parent
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, cwd=root, check=True, timeout=120).stdout.splitlines()[-1]
            for _ in range(2)]
    assert runs == ["0 ['engine.format.validation']", "0 []"]  # uncached, then cached
