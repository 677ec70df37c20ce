"""`run.py replay`: the history of a scenario, day by day, as text or in the window.

`--headless` prints what the documentary window shows: for each day its dated events with
captions in the chosen language and their sources, the places that changed hands, where the
sources disagree, and the orders of the historical plan. Without `--headless` the window opens
on the replay screen (game/replay_screen.py), which reads the same
`engine.history.timeline.Timeline`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from engine.format.loading import load_for_command
from engine.format.scenario import Scenario, text_in
from engine.history.timeline import Day, Timeline, format_date, word

DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "channel_ports_1944.yaml"


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
    parser.add_argument("--screenshot", metavar="PATH",
                        help="window: draw the first day shown to PATH (PNG) and exit")


def parse_date(text: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD date, or a ValueError whose message names the option."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{option}: expected a date as YYYY-MM-DD, not {text!r}") from None


def render(scenario: Scenario, lang: str, start: dt.date | None = None,
           end: dt.date | None = None, plan: bool = True) -> str:
    """The whole replay as text (what `--headless` prints)."""
    tl = Timeline(scenario)
    days = tl.window(start, end)
    title = text_in(scenario.title, lang)
    lines = [f"{title} — {'film de l’histoire' if lang == 'fr' else 'history replay'}"]
    if days:
        lines[0] += (f" ({len(days)} {'jours' if lang == 'fr' else 'days'}, "
                     f"{format_date(days[0].date, lang)} – {format_date(days[-1].date, lang)})")
    section = None
    for day in days:
        here = _section(scenario, day)
        if here != section and here is not None:
            lines += ["", f"##### {word(here, lang)} #####"]
        section = here
        lines += ["", f"=== {format_date(day.date, lang)} ==="]
        lines += tl.day_lines(day, lang, plan=plan)
    return "\n".join(lines) + "\n"


def _section(scenario: Scenario, day: Day) -> str | None:
    if day.date < scenario.start_date:
        return "before"
    if day.date > scenario.end_date:
        return "after"
    return None


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
    import os

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from game.replay_screen import run_window  # the window only: engine/ never needs pygame

    return run_window(path, args.lang, start, end,
                      Path(args.screenshot) if args.screenshot else None)
