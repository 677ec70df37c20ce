"""What loading a scenario produces: the typed scenario with its ruleset, or every problem found.

These values sit apart from `engine.format.loading` (which runs the validator) so that the
validator can build them without importing the module that calls it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from engine.format.ruleset import Ruleset
from engine.format.scenario import Scenario


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in a scenario or ruleset file."""

    file: str
    line: int  # 1-based; problems with the file as a whole (not found, empty) point at 1:1
    col: int  # 1-based
    severity: str  # "error" or "warning"
    message: str
    key_path: str = ""
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        if self.key_path:
            text += f" [{self.key_path}]"
        return text


class ScenarioError(Exception):
    """A scenario could not be loaded; `problems` lists every error and warning found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s); first: {errors[0] if errors else '-'}")


@dataclass(frozen=True)
class LoadedScenario:
    scenario: Scenario
    ruleset: Ruleset
    path: Path
    digest: str  # sha256 of the scenario file and its ruleset, for saves
    warnings: tuple[Problem, ...] = ()


def file_digest(*paths: Path) -> str:
    """sha256 over the files' bytes in order: a save names exactly the scenario it was made with."""
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.read_bytes())
    return sha.hexdigest()
