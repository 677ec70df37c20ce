"""Loading a scenario and its ruleset from disk into typed, immutable models.

`load_scenario(path)` is what the game, the simulator and the tests call. It either returns a
`LoadedScenario` or raises `ScenarioError` carrying *every* problem found, each located in its
file by line, column and key path (see `engine.format.validation`, which also documents which
problems are errors and which are warnings).
"""

from __future__ import annotations

from pathlib import Path

from engine.format.loaded import LoadedScenario, ScenarioError
from engine.format.validation import validate_file


def load_scenario(path: str | Path) -> LoadedScenario:
    """Load and fully validate a scenario file (and the ruleset it names)."""
    report = validate_file(Path(path))
    if report.errors or report.loaded is None:
        raise ScenarioError(list(report.problems))
    return report.loaded
