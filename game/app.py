"""Opening the window: the game, the history replay, or a saved game's report.

The command line (cli/play.py, cli/replay.py, cli/report.py) parses the options and calls one
of these; the screens are imported only here, when a window is really wanted, so the other
commands never load pygame.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from game.shell import App, LaunchOptions


def play(options: LaunchOptions) -> int:
    """`run.py play`: the main menu, or straight into the options' scenario."""
    return App(options).run()


def open_replay(scenario: Path, lang: str, start: dt.date | None, end: dt.date | None,
               screenshot: Path | None = None) -> int:
    """`run.py replay` without --headless: the window opens on the replay screen."""
    app = App(LaunchOptions(scenario=scenario, lang=lang, screenshot=screenshot))
    try:
        app.open_window()
    except pygame.error as exc:
        print(f"replay: cannot open a window ({exc}); use --headless for text", file=sys.stderr)
        return 2
    app.load()
    if app.loaded is None:
        pygame.quit()
        print(f"replay: {app.load_error_title}", file=sys.stderr)
        for problem in app.load_problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    from game.screens.replay import ReplayScreen

    app.show(ReplayScreen(app, start, end))
    if screenshot is not None:
        return app.capture(screenshot)
    return app.loop()


def open_report(scenario: Path, game_path: Path, lang: str, summary: dict[str, Any] | None = None,
               screenshot: Path | None = None) -> int:
    """`run.py report SAVE --window`: the report of a saved game in the window."""
    from engine.save import SaveError, load_game

    app = App(LaunchOptions(scenario=scenario, lang=lang, screenshot=screenshot))
    app.load()
    if app.loaded is None:
        print(f"report: {app.load_error_title}", file=sys.stderr)
        return 1
    try:
        game = load_game(game_path, app.loaded)
    except SaveError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    try:
        app.open_window()
    except pygame.error as exc:
        print(f"report: cannot open a window ({exc}); leave out --window for text", file=sys.stderr)
        return 2
    from game.screens.report import show_report

    show_report(app, game, summary)
    if screenshot is not None:
        return app.capture(screenshot)
    return app.loop()
