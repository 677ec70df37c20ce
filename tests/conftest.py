"""Shared fixtures: the real scenarios, and a minimal scenario in a folder of its own."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHANNEL_PORTS = SCENARIOS / "channel_ports_1944.yaml"
XDG_VARIABLES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")


def pytest_configure(config: pytest.Config) -> None:
    """Point the user's folders at a throw-away folder before any test runs.

    The game keeps settings, saves and its error log under the XDG folders; no test may touch
    the real ones. Set here, at start-up, so subprocesses that tests start inherit it too;
    likewise SDL's dummy audio driver, under which the game never opens the mixer.
    """
    home = Path(tempfile.mkdtemp(prefix="channel_ports_user_"))
    for variable in XDG_VARIABLES:
        os.environ[variable] = str(home / variable.lower())
    os.environ["SDL_AUDIODRIVER"] = "dummy"  # no test may open a real audio device


@pytest.fixture
def minimal_scenario_path(tmp_path: Path) -> Path:
    """The minimal scenario copied into a fresh folder beside a copy of the rulesets.

    A scenario's file references must stay inside its own folder, so the fixture cannot point
    at `scenarios/rules/` from `tests/fixtures/`; it builds a folder holding both instead.
    """
    shutil.copytree(SCENARIOS / "rules", tmp_path / "rules")
    target = tmp_path / "minimal_scenario.yaml"
    shutil.copy(FIXTURES / "minimal_scenario.yaml", target)
    return target
