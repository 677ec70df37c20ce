"""Loading a scenario and its ruleset from disk into typed, immutable models.

`load_scenario(path)` is what the game, the simulator and the tests call. It either returns a
`LoadedScenario` or raises `ScenarioError` carrying *every* problem found, each located in its
file by line, column and key path (see `engine.format.validation`, which also documents which
problems are errors and which are warnings).
"""

from __future__ import annotations

import hashlib
import sys
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


def load_scenario(path: str | Path) -> LoadedScenario:
    """Load and fully validate a scenario file (and the ruleset it names)."""
    from engine.format.validation import validate_file  # validation imports this module's types

    report = validate_file(Path(path))
    if report.errors or report.loaded is None:
        raise ScenarioError(list(report.problems))
    return report.loaded


MISSING_FILE = 2  # exit codes of the command-line tools, as for a bad option
HAS_ERRORS = 1  # as `run.py validate` says for a file with errors


def load_for_command(path: str | Path, command: str) -> LoadedScenario | int:
    """The scenario a command-line tool asked for, or its exit code after saying why not.

    Every problem goes to stderr, one `file:line:col` line each, so a tool never shows a
    traceback for a bad scenario and every tool words it the same way.
    """
    path = Path(path)
    if not path.is_file():
        print(f"{command}: no scenario file at {path}", file=sys.stderr)
        return MISSING_FILE
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        print(f"{command}: {path} has errors:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return HAS_ERRORS
