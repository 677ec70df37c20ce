"""`run.py replay`: the history of a scenario day by day, as text or in the window."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from cli.output_file import output_file
from cli.scenario_file import load_for_command
from engine.format.shipped import DEFAULT_SCENARIO
from engine.history.replay import render


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO),
                        help="scenario file (default: the Channel ports campaign)")
    parser.add_argument("--headless", action="store_true",
                        help="print the day-by-day sequence as text instead of opening the window")
    parser.add_argument("--lang", choices=("en", "fr"), default="en",
                        help="language of the captions (default: en)")
    parser.add_argument("--from", dest="start", metavar="DATE",
                        help="first day to show, YYYY-MM-DD (window: the day it opens on)")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day to show, YYYY-MM-DD")
    parser.add_argument("--no-plan", action="store_true",
                        help="leave out the orders of the historical plan")
    parser.add_argument("--screenshot", type=output_file, metavar="PATH",
                        help="window: draw the first day shown to PATH (PNG) and exit")


def parse_date(text: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD date, or a ValueError whose message names the option."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{option}: expected a date as YYYY-MM-DD, not {text!r}") from None


def run(args: argparse.Namespace) -> int:
    try:
        start = parse_date(args.start, "--from")
        end = parse_date(args.end, "--to")
    except ValueError as exc:
        print(f"replay: {exc}", file=sys.stderr)
        return 2
    if start and end and end < start:
        print("replay: --to is before --from", file=sys.stderr)
        return 2
    path = Path(args.scenario)
    loaded = load_for_command(path, "replay")
    if isinstance(loaded, int):
        return loaded
    if args.headless:
        sys.stdout.write(render(loaded.scenario, args.lang, start, end, plan=not args.no_plan))
        return 0
    from game.app import open_replay  # the window only: engine/ never needs pygame

    return open_replay(path, args.lang, start, end,
                      Path(args.screenshot) if args.screenshot else None)
