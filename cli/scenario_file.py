"""Loading the scenario a command-line tool was given, or saying why not, the same way for
every tool."""

from __future__ import annotations

import sys
from pathlib import Path

from engine.format.loaded import LoadedScenario, ScenarioError
from engine.format.loading import load_scenario

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
