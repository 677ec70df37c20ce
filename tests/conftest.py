"""Shared fixtures: the real scenarios, and a minimal scenario in a folder of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHANNEL_PORTS = SCENARIOS / "channel_ports_1944.yaml"


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
