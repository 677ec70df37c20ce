"""`run.py mapgen SCENARIO.yaml [--check]`: regenerate the terrain grid from coastline data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.format.mapgen import MapgenError, run_file


# --- command line -----------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", type=Path, help="scenario YAML file to (re)generate")
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the stored grid differs from what would be generated",
    )


def run(args: argparse.Namespace) -> int:
    try:
        return run_file(args.scenario, check=args.check)
    except MapgenError as exc:
        print(f"run.py mapgen: {exc}", file=sys.stderr)
        return 2
