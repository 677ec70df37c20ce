"""`run.py new-scenario NAME [--dir DIR]`: write a small, valid scenario to start modding from."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from engine.format.shipped import SCENARIOS_DIR
from engine.format.template import TemplateError, new_scenario


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name", help="id of the new scenario (lower-case letters, digits, underscores)"
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=SCENARIOS_DIR,
        help="folder to write NAME.yaml into (default: the game's scenarios folder)",
    )


def run(args: argparse.Namespace, out: Callable[[str], None] = print) -> int:
    try:
        written = new_scenario(args.name, args.dir)
    except TemplateError as exc:
        print(f"run.py new-scenario: {exc}", file=sys.stderr)
        return 2
    out(f"wrote {written.scenario}")
    for path in written.rules:
        out(f"copied ruleset {path}")
    out(
        f"next: edit it, then `python run.py validate --strict {written.scenario}`; "
        "the guide is scenarios/README.md"
    )
    return 0
