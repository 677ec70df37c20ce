"""Scenario validation: every problem in a scenario file, located by file:line:col and key path.

(First version: type checks only, locations to come from the location-aware YAML reader.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from engine.loading import LoadedScenario, Problem, file_digest
from engine.ruleset import Ruleset
from engine.scenario import Scenario


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    loaded: LoadedScenario | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _pydantic_problems(file: Path, exc: ValidationError) -> list[Problem]:
    return [
        Problem(str(file), 0, 0, "error", err["msg"], ".".join(str(x) for x in err["loc"]))
        for err in exc.errors()
    ]


def validate_file(path: Path) -> Report:
    report = Report()
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        report.problems += _pydantic_problems(path, exc)
        return report
    rules_path = path.parent / scenario.ruleset
    rules_data = yaml.load(rules_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    try:
        ruleset = Ruleset.model_validate(rules_data)
    except ValidationError as exc:
        report.problems += _pydantic_problems(rules_path, exc)
        return report
    report.loaded = LoadedScenario(scenario, ruleset, path, file_digest(path, rules_path))
    return report
