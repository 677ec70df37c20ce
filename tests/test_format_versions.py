"""Scenario format versions: newer files refused, older ones migrated with a notice or refused
with a message saying what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.format import versions as format_versions
from engine.format.scenario import FORMAT_VERSION
from engine.format.validation import validate_file
from engine.format.versions import FormatVersionError, upgrade


def _with_version(path: Path, version: str) -> Path:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(f"format_version: {FORMAT_VERSION}", f"format_version: {version}", 1),
        encoding="utf-8",
    )
    return path


def test_current_version_loads_without_notice(minimal_scenario_path: Path) -> None:
    report = validate_file(minimal_scenario_path)
    assert report.loaded is not None
    assert not [p for p in report.problems if "format_version" in p.key_path]


def test_newer_version_is_refused_at_its_line(minimal_scenario_path: Path) -> None:
    report = validate_file(_with_version(minimal_scenario_path, str(FORMAT_VERSION + 1)))
    assert report.loaded is None
    (problem,) = report.errors
    assert "newer than this game" in problem.message
    assert problem.key_path == "format_version"
    assert (problem.line, problem.col) == (3, 17)


def test_older_version_without_migration_lists_what_changed(minimal_scenario_path: Path) -> None:
    report = validate_file(_with_version(minimal_scenario_path, str(FORMAT_VERSION - 1)))
    (problem,) = report.errors
    assert "too old" in problem.message
    assert f"version {FORMAT_VERSION}:" in problem.message


def test_older_version_with_migration_loads_with_a_notice(
    minimal_scenario_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = FORMAT_VERSION - 1

    def rename_title(data: dict) -> dict:
        data["title"] = data.pop("name")
        return data

    monkeypatch.setitem(format_versions.MIGRATIONS, old, rename_title)
    path = _with_version(minimal_scenario_path, str(old))
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle:", "\nname:", 1), "utf-8")
    report = validate_file(path)
    assert report.loaded is not None
    assert report.loaded.scenario.title["en"] == "Minimal Boulogne"
    notices = [p for p in report.warnings if p.key_path == "format_version"]
    assert len(notices) == 1 and "upgraded from format_version" in notices[0].message


@pytest.mark.parametrize("value", ["one", 1.5, True, None])
def test_a_version_that_is_not_a_whole_number_is_refused(value: object) -> None:
    with pytest.raises(FormatVersionError, match="whole number"):
        upgrade({"format_version": value})
