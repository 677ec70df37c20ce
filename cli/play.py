"""`run.py play`: the options of the game window (pygame is imported only when it opens)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.output_file import output_file
from engine.format.shipped import DEFAULT_SCENARIO
from game.settings import MAX_WINDOW, MIN_WINDOW


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario", type=Path, default=DEFAULT_SCENARIO,
        help="scenario file to open (default: the Channel ports 1944 campaign)",
    )
    parser.add_argument("--lang", choices=("en", "fr"), help="interface language for this run")
    parser.add_argument(
        "--screenshot", type=output_file, metavar="PATH",
        help="draw the opening position to PATH (PNG) and exit; works with SDL_VIDEODRIVER=dummy",
    )
    parser.add_argument(
        "--size", default=None, type=parse_size, metavar="WxH",
        help="window size, e.g. 1600x900",
    )
    parser.add_argument("--fullscreen", action="store_true", help="start in full screen")
    parser.add_argument(
        "--frames", type=int, default=None, metavar="N",
        help="close the window after N frames (for timing the start-up)",
    )
    parser.add_argument(
        "--menu", action="store_true",
        help="with --screenshot: draw the main menu instead of the opening position",
    )


def parse_size(text: str) -> tuple[int, int]:
    """'1600x900' -> (1600, 900), from 800x600 to 7680x4320 (an 8K screen)."""
    shown = text if len(text) <= 40 else text[:40] + "…"
    try:
        width, height = (int(v) for v in text.lower().split("x", 1))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT, e.g. 1600x900, not {shown!r}") from exc
    (low_w, low_h), (high_w, high_h) = MIN_WINDOW, MAX_WINDOW
    if not (low_w <= width <= high_w and low_h <= height <= high_h):
        raise argparse.ArgumentTypeError(
            f"{shown} is outside {low_w}x{low_h} to {high_w}x{high_h}")
    return width, height


def run(args: argparse.Namespace) -> int:
    from game.app import play
    from game.shell import LaunchOptions

    return play(LaunchOptions(
        scenario=Path(args.scenario),
        lang=args.lang,
        size=args.size,
        fullscreen=bool(args.fullscreen),
        screenshot=Path(args.screenshot) if args.screenshot else None,
        screenshot_menu=bool(args.menu),
        max_frames=args.frames,
    ))
