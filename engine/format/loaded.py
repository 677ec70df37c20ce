"""What loading a scenario produces: the typed scenario with its ruleset, or every problem found.

These values sit apart from `engine.format.loading` (which runs the validator) so that the
validator can build them without importing the module that calls it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from engine.format.ruleset import Ruleset
from engine.format.scenario import Scenario
from engine.format.yaml_source import MAX_FILE_BYTES
from engine.guarded_read import read_bytes


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
    warnings: tuple[Problem, ...] = ()

    @cached_property
    def parts(self) -> dict[str, str]:
        """A short digest of each part of the scenario's meaning: its top-level fields as
        parsed, and the ruleset as merged. Comments, key order, quoting and layout are not
        part of it, so a save compares these to say what changed."""
        data = {**self.scenario.model_dump(mode="json"),
                "ruleset": self.ruleset.model_dump(mode="json")}
        return {key: _sha256(value)[:16] for key, value in data.items()}

    @cached_property
    def digest(self) -> str:
        """sha256 of the scenario's meaning (all its parts): what a save names it by."""
        return _sha256(self.parts)


def _sha256(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def file_digest(*paths: Path) -> str:
    """sha256 over the files' bytes in order: whether files are still the ones read before.

    Read through the guarded reader: `UnreadableFile` for anything but a regular file of a
    scenario's size."""
    sha = hashlib.sha256()
    for path in paths:
        sha.update(read_bytes(path, MAX_FILE_BYTES))
    return sha.hexdigest()
