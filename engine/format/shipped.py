"""Where the scenarios that ship with the game live, for commands and tools that need a default."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS_DIR = ROOT / "scenarios"
RULES_DIR = SCENARIOS_DIR / "rules"
DEFAULT_SCENARIO = SCENARIOS_DIR / "channel_ports_1944.yaml"
GUIDE = SCENARIOS_DIR / "README.md"
