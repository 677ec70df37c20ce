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


def test_report_screen_gives_ammunition_truces_and_the_1944_sources(app) -> None:
    """The window's report said less than `run.py report`: no shells, no truces, no sources.
    It now carries the Allied ammunition line, the truces agreed, 1944 objective by objective
    with its numbered sources and the bibliography, all from the engine's report."""
    from engine.controllers import make_controller, play_out
    from engine.game import Game
    from engine.history.report import (
        ammunition_text,
        bibliography,
        build_report,
        history_by_objective,
        truces_text,
    )
    from game.screens.report import report_html

    game = Game(app.loaded, 3)
    allies, germans = game.world.side_ids
    play_out(game, {allies: make_controller("history", game, allies),
                    germans: make_controller("passive", game, germans)})
    report = build_report(game)
    html = report_html(report, "en")
    assert report.ammunition is not None and report.truces
    assert ammunition_text(report, "en") in html and "Artillery ammunition" in html
    assert truces_text(report, "en") in html and "Truces agreed" in html
    assert "1944, objective by objective, every figure with its sources" in html
    first = history_by_objective(report.scenario, "en")[0]
    assert "&nbsp;&nbsp;" + first.strip() in html  # kept indented under its heading
    entries = bibliography(report.scenario, "en")
    assert "Sources of the 1944 figures" in html and len(entries) > 3
    assert f"[{len(entries)}] " in html


def test_end_of_campaign_box_says_dunkirk_held_and_writes_numbers_whole(app) -> None:
    """The box that opens when the campaign ends gave Dunkirk '— in 1944: —' (it held until
    May 1945) and wrote '20817 taken prisoner' unlike every other panel: now '20,817' as the
    text report writes it (`timeline.format_number`)."""
    import re

    from engine.controllers import make_controller, play_out
    from game.session import Session

    session = Session(app.loaded, "en")
    allies, germans = session.game.world.side_ids
    play_out(session.game, {allies: make_controller("history", session.game, allies),
                            germans: make_controller("passive", session.game, germans)})
    session.refresh()
    box = session.report_html()
    dunkirk = next(line for line in box.split("<br>") if line.startswith("<b>Dunkirk</b>"))
    assert dunkirk.endswith("in 1944: held until 9 May 1945"), dunkirk
    assert re.search(r"<b>Germans</b>: \d{1,3}(,\d{3})* killed, wounded or missing; "
                     r"\d{1,3},\d{3} taken prisoner", box), box
    french = Session(app.loaded, "fr").report_html()  # French sets a space before a colon
    assert "<b>Allemands</b>\u00a0: " in french and "<b>Calais</b>\u00a0: " in french


def test_objectives_panel_in_french_sets_its_colons_and_counts(app) -> None:
    """French sets a space before a colon ('Histoire : '), and '0 lieux pris sur 8' broke the
    agreement of 0 and 1: the panel says 'lieux pris : 0 sur 8'."""
    from game.session import Session
    from game.widgets.hud import objectives_html

    panel = objectives_html(Session(app.loaded, "fr"))
    assert "Histoire\u00a0: " in panel and "Histoire: " not in panel
    assert "lieux pris\u00a0: 0 sur 8" in panel and "0 lieux pris" not in panel


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_screen_says_from_which_day_a_figure_is_counted_like_its_source(
        app, lang: str) -> None:
    """Boulogne's Allied casualties beside W-WH's 600 are Wellhit's, from 17 September; the
    window says so beside the figure, and gives the whole campaign's losses too (issue 12)."""
    from engine.controllers import make_controller, play_out
    from engine.game import Game
    from engine.history.report import build_report
    from engine.history.timeline import format_number
    from game.screens.report import ReportScreen

    game = Game(app.loaded, 3)
    allies, germans = game.world.side_ids
    play_out(game, {allies: make_controller("history", game, allies),
                    germans: make_controller("ai", game, germans)})  # its guns fire before
    report = build_report(game)
    boulogne = next(o for o in report.objectives if o.objective == "boulogne")
    app.set_language(lang)
    screen = ReportScreen(app, report)
    app.show(screen)
    for _ in range(2):
        app.step(1 / 60)
    html = screen.widgets["text"].html_text
    counted = format_number(boulogne.counted_figure("allied_casualties"), lang)
    whole = format_number(boulogne.figures["allied_casualties"], lang)
    assert boulogne.counted_figure("allied_casualties") < boulogne.figures["allied_casualties"]
    if lang == "en":
        assert f"{counted} (600) <i>from 17 September, as the source counts; {whole} in all</i>" \
            in html
    else:
        assert f"{counted} (600) <i>à partir du 17 septembre, comme la source les compte ; " \
            f"{whole} en tout</i>" in html
