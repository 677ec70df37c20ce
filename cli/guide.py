"""`run.py guide`: rewrite (or `--check`) the generated field reference in scenarios/README.md."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from engine.format.modding_guide import GuideError, update_guide
from engine.format.shipped import GUIDE


# --- command line -----------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the guide's reference differs from the format models",
    )
    parser.add_argument(
        "--guide", type=Path, default=GUIDE, help=f"guide file (default: {GUIDE.name})"
    )


def run(args: argparse.Namespace, out: Callable[[str], None] = print) -> int:
    path: Path = args.guide
    try:
        fresh = update_guide(path, check=args.check)
    except GuideError as exc:
        print(f"run.py guide: {exc}", file=sys.stderr)
        return 2
    if fresh:
        out(f"{path}: reference is up to date")
        return 0
    if args.check:
        out(f"{path}: reference is out of date; run `python run.py guide` to rewrite it")
        return 1
    out(f"{path}: reference rewritten")
    return 0
