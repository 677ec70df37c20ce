"""The replay and report screens in the window (SDL dummy driver): they step through history,
draw units where the plan had them, and show the engine's report."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CHANNEL_PORTS, ROOT
from tests.window_driver import open_app, pygame


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with open_app(CHANNEL_PORTS, tmp_path, monkeypatch, menu=False) as window:
        yield window


def _key(app, key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="",
                                         scancode=0))
    app.step(1 / 60)


def test_replay_steps_plays_and_jumps(app) -> None:
    from game.screens.replay import ReplayScreen

    screen = ReplayScreen(app, start=dt.date(1944, 9, 17))
    app.show(screen)
    app.step(1 / 60)
    assert screen.day.date == dt.date(1944, 9, 17)
    _key(app, pygame.K_RIGHT)
    assert screen.day.date == dt.date(1944, 9, 18)
    _key(app, pygame.K_LEFT)
    _key(app, pygame.K_LEFT)
    assert screen.day.date == dt.date(1944, 9, 16)
    _key(app, pygame.K_SPACE)
    assert screen.playing
    screen.update(100.0)  # a long frame moves on exactly one day
    assert screen.day.date == dt.date(1944, 9, 17)
    _key(app, pygame.K_SPACE)
    assert not screen.playing
    assert screen.jump("1944-09-30") and screen.day.date == dt.date(1944, 9, 30)
    assert not screen.jump("30/09/1944")
    assert "Not a date" in screen.notice
    _key(app, pygame.K_END)
    assert screen.index == len(screen.days) - 1


def test_replay_board_follows_history(app) -> None:
    from game.screens.replay import ReplayScreen, day_html

    screen = ReplayScreen(app, start=dt.date(1944, 9, 22))
    app.show(screen)
    app.step(1 / 60)
    tl = screen.timeline
    day = screen.day.date
    units = {u.id for u in screen.board.units()}
    assert units == set(tl.positions(day))
    assert screen.board.objective_holder("boulogne") == tl.owners_on(day)["boulogne"]
    text = day_html(tl, screen.day, "en")
    for event in screen.day.events:
        assert tl.event_lines(event, "en")[0][:40] in text.replace("&#x27;", "'")
    surface = app.surface
    colours = {tuple(surface.get_at((x, y)))[:3] for x in range(0, surface.get_width(), 13)
               for y in range(0, surface.get_height(), 13)}
    assert len(colours) > 30


def test_report_screen_shows_the_engines_report(app) -> None:
    from engine.controllers import make_controller, play_out
    from engine.game import Game
    from engine.history.report import build_report, verdict
    from game.screens.report import ReportScreen, report_html

    game = Game(app.loaded, 3)
    allies, germans = game.world.side_ids
    play_out(game, {allies: make_controller("history", game, allies),
                    germans: make_controller("passive", game, germans)})
    report = build_report(game)
    screen = ReportScreen(app, report)
    app.show(screen)
    for _ in range(2):
        app.step(1 / 60)
    assert verdict(report, "en").replace("'", "&#x27;") in report_html(report, "en")
    corner = app.surface.get_at((40, 40))[:3]
    assert corner != (46, 44, 38)  # the chart is drawn over the table colour
    _key(app, pygame.K_ESCAPE)
    assert app.screen is not screen


def test_replay_screenshot_from_the_command_line(tmp_path: Path) -> None:
    png = tmp_path / "replay.png"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "run.py", "replay", "--lang", "fr", "--from",
                           "1944-09-29", "--screenshot", str(png)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    image = pygame.image.load(str(png))
    assert image.get_width() >= 1000


def test_report_window_from_the_command_line(tmp_path: Path) -> None:
    import shutil

    from engine.controllers import make_controller, play_out
    from engine.format.loading import load_scenario
    from engine.game import Game
    from engine.save import save_game

    shutil.copytree(CHANNEL_PORTS.parent / "rules", tmp_path / "rules")
    scenario = tmp_path / CHANNEL_PORTS.name
    shutil.copy(CHANNEL_PORTS, scenario)
    game = Game(load_scenario(scenario), 5)
    allies, germans = game.world.side_ids
    play_out(game, {allies: make_controller("history", game, allies),
                    germans: make_controller("passive", game, germans)})
    save = tmp_path / "game.json"
    save_game(game, save)
    png = tmp_path / "report.png"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "run.py", "report", str(save), "--scenario",
                           str(scenario), "--window", "--screenshot", str(png)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert "Verdict:" in done.stdout
    image = pygame.image.load(str(png))
    assert image.get_width() >= 1000
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    done = subprocess.run([sys.executable, "run.py", "report", str(broken), "--scenario",
                           str(scenario), "--window"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "damaged or truncated" in done.stderr
