"""`run.py schema`: the JSON Schema of the scenario format (or, with `--ruleset`, of rulesets).

Generated from the pydantic models, so it can never disagree with what the loader accepts.
Editors use it for completion and checking: put `# yaml-language-server: $schema=schema.json`
on the first line of a scenario in `scenarios/` (or `$schema=../schema.json` from a sub-folder)
with the YAML extension of VS Code installed. The checked-in copies, `scenarios/schema.json` and
`scenarios/ruleset.schema.json`, are rewritten by `run.py schema --write` (`make schema`).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from engine.format.ruleset import Ruleset
from engine.format.scenario import FORMAT_VERSION, Scenario

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# name -> (model, checked-in file, title, description)
SCHEMAS: dict[str, tuple[type[BaseModel], str, str, str]] = {
    "scenario": (
        Scenario,
        "schema.json",
        "Channel Ports 1944 scenario",
        "A scenario file of Channel Ports 1944 (format version {v}): map, places, sides, "
        "units, supply, weather, events, victory conditions and the historical record.",
    ),
    "ruleset": (
        Ruleset,
        "ruleset.schema.json",
        "Channel Ports 1944 ruleset",
        "A ruleset file of Channel Ports 1944 (format version {v}): terrain, fortifications, "
        "troop qualities, weather, unit types and the numbers of the rules.",
    ),
}


def schema_of(name: str) -> dict[str, Any]:
    """The JSON Schema document for `name` ('scenario' or 'ruleset')."""
    model, _, title, description = SCHEMAS[name]
    body = model.model_json_schema()
    body.pop("title", None)
    body.pop("description", None)
    return {
        "$schema": DIALECT,
        "$id": f"urn:channel-ports-1944:{name}:v{FORMAT_VERSION}",
        "title": title,
        "description": description.format(v=FORMAT_VERSION),
        **body,
    }


def schema_text(name: str) -> str:
    """The schema as written to disk: stable key order, two-space indent, final newline."""
    return json.dumps(schema_of(name), indent=2, ensure_ascii=False) + "\n"
