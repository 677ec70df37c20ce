"""The checked-in JSON Schemas match the format models.

If this fails after a change to `engine/format/scenario.py` or `engine/format/ruleset.py`,
regenerate them with
`make schema` (or `python run.py schema --write`) and commit the result.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from cli import schema as schema_command
from engine.format import schema_export
from engine.format.shipped import SCENARIOS_DIR

REGENERATE = "out of date: regenerate with `make schema` (python run.py schema --write)"


@pytest.mark.parametrize("name", list(schema_export.SCHEMAS))
def test_checked_in_schema_is_current(name: str) -> None:
    file_name = schema_export.SCHEMAS[name][1]
    stored = (SCENARIOS_DIR / file_name).read_text(encoding="utf-8")
    assert stored == schema_export.schema_text(name), f"scenarios/{file_name} is {REGENERATE}"


def test_schema_names_its_dialect_identity_and_purpose() -> None:
    schema = schema_export.schema_of("scenario")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:channel-ports-1944:scenario:")
    assert schema["title"] == "Channel Ports 1944 scenario"
    assert "units" in schema["required"]
    assert schema["additionalProperties"] is False


def test_every_scenario_field_is_described() -> None:
    """Editors show these descriptions on hover; a field without one is a gap in the docs."""
    schema = schema_export.schema_of("scenario")
    missing = [
        f"{model}.{name}"
        for model, body in [("Scenario", schema), *schema["$defs"].items()]
        for name, prop in body.get("properties", {}).items()
        if "description" not in prop
    ]
    assert missing == []


def test_cli_prints_the_scenario_schema_or_the_ruleset_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = argparse.ArgumentParser()
    schema_command.add_arguments(parser)
    assert schema_command.run(parser.parse_args([])) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Channel Ports 1944 scenario"
    assert schema_command.run(parser.parse_args(["--ruleset"])) == 0
    assert "unit_types" in json.loads(capsys.readouterr().out)["properties"]


def test_check_reports_a_stale_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(schema_command, "SCENARIOS_DIR", tmp_path)
    parser = argparse.ArgumentParser()
    schema_command.add_arguments(parser)
    assert schema_command.run(parser.parse_args(["--check"])) == 1
    assert "out of date" in capsys.readouterr().err
    assert schema_command.run(parser.parse_args(["--write"])) == 0
    assert schema_command.run(parser.parse_args(["--check"])) == 0
    assert (tmp_path / "ruleset.schema.json").is_file()
