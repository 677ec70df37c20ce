"""`run.py play`: the options of the game window (pygame is imported only when it opens)."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.format.shipped import DEFAULT_SCENARIO


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario", type=Path, default=DEFAULT_SCENARIO,
        help="scenario file to open (default: the Channel ports 1944 campaign)",
    )
    parser.add_argument("--lang", choices=("en", "fr"), help="interface language for this run")
    parser.add_argument(
        "--screenshot", type=Path, metavar="PATH",
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
    """'1600x900' -> (1600, 900); at least 800x600."""
    try:
        width, height = (int(v) for v in text.lower().split("x", 1))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT, e.g. 1600x900, not {text!r}") from exc
    return max(800, width), max(600, height)


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
