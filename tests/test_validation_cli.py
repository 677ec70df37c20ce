"""`run.py validate`: exit codes, output formats, strictness, and the real scenario."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from cli import validate as validation_cli
from engine.format.validation import validate_file

ROOT = Path(__file__).resolve().parent.parent
CHANNEL_PORTS = ROOT / "scenarios" / "channel_ports_1944.yaml"
RULESET = ROOT / "scenarios" / "rules" / "ww2_west_1944.yaml"


def run_cli(*argv: str | Path) -> int:
    parser = argparse.ArgumentParser()
    validation_cli.add_arguments(parser)
    return validation_cli.run(parser.parse_args([str(a) for a in argv]))


def test_valid_file_exits_0_with_warnings_listed(
    minimal_scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(minimal_scenario_path) == 0
    lines = capsys.readouterr().out.splitlines()
    warnings = len(lines) - 1
    assert warnings > 0  # the fixture leaves some places and units unsourced
    assert lines[-1] == f"0 errors, {warnings} warning{'s' * (warnings != 1)} in 1 file"
    assert all(": warning: " in line for line in lines[:-1])


def test_strict_counts_warnings_as_errors(minimal_scenario_path: Path) -> None:
    assert run_cli("--strict", minimal_scenario_path) == 1


def test_errors_exit_1_and_each_is_one_compiler_style_line(
    minimal_scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = minimal_scenario_path.read_text(encoding="utf-8")
    minimal_scenario_path.write_text(text.replace("kind: port", "kind: prot"), encoding="utf-8")
    assert run_cli(minimal_scenario_path) == 1
    out = capsys.readouterr().out.splitlines()
    line = next(x for x in out if "prot" in x)
    assert line.startswith(f"{minimal_scenario_path}:33:")
    assert ": error: 'prot' is not allowed here (did you mean 'port'?) [places[0].kind]" in line
    assert out[-1].startswith("1 error, ")


def test_json_format_lists_problem_objects_and_keeps_the_summary_apart(
    minimal_scenario_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli("--format", "json", minimal_scenario_path, tmp_path / "missing.yaml") == 1
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    assert {r["severity"] for r in records} == {"warning", "error"}
    missing = next(r for r in records if r["severity"] == "error")
    assert missing == {
        "file": str(tmp_path / "missing.yaml"), "line": 1, "column": 1, "severity": "error",
        "message": "file not found", "key_path": "", "hint": "",
        "text": f"{tmp_path / 'missing.yaml'}:1:1: error: file not found",
    }
    warnings = sum(r["severity"] == "warning" for r in records)
    assert captured.err.strip() == f"1 error, {warnings} warnings in 2 files"


def test_a_ruleset_can_be_checked_on_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(RULESET) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 errors")


def test_a_shared_ruleset_problem_is_reported_once(
    minimal_scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = minimal_scenario_path.parent / "rules" / "ww2_west_1944.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("  - id: dunes\n", "  - id: woods\n"),
        encoding="utf-8",
    )
    second = minimal_scenario_path.parent / "second.yaml"
    second.write_text(minimal_scenario_path.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli(minimal_scenario_path, second) == 1
    out = capsys.readouterr().out
    assert out.count("duplicate terrain type id 'woods'") == 1


def test_the_channel_ports_scenario_has_no_errors() -> None:
    if not CHANNEL_PORTS.exists():
        pytest.skip("scenarios/channel_ports_1944.yaml is still being written")
    report = validate_file(CHANNEL_PORTS)
    assert report.errors == [], "\n".join(map(str, report.errors))
    assert report.loaded is not None
