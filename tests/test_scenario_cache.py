"""A scenario is validated once: kept for the process and, on disk, for the next process.

The cache folder is the test's own (conftest points XDG_CACHE_HOME at a temporary folder)."""

from __future__ import annotations

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
    assert load_scenario(scenario).digest != first.digest and len(calls) == 2
    scenario.write_text(scenario.read_text().replace("map:", "map:  # edited", 1))
    assert load_scenario(scenario).digest != first.digest and len(calls) == 3


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
    parent.write_text(parent.read_text() + "\n# edited\n")
    loading._MEMO.clear()
    assert load_scenario(scenario).digest != first.digest and len(calls) == 2
