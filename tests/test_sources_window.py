"""The Sources screen in the window (SDL dummy driver): reached from the main menu and from the
history replay, in English and French, listing every source by title and never by key."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest

from tests.conftest import CHANNEL_PORTS
from tests.window_driver import click, key, open_app, pygame


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with open_app(CHANNEL_PORTS, tmp_path, monkeypatch) as window:
        yield window


def test_sources_screen_from_the_menu_lists_every_source(app) -> None:
    from game.screens.menu import MenuScreen
    from game.screens.sources import SourcesScreen, sources_html

    click(app, app.screen.buttons["sources"].rect.center)
    assert isinstance(app.screen, SourcesScreen)
    scenario = app.loaded.scenario
    text = html.unescape(sources_html(scenario, "en"))
    assert text.count("<br>") >= len(scenario.sources)
    for source in scenario.sources:
        assert source.title in text
        if source.file:
            assert source.file not in text
    assert "Sources des" not in text and "estimations des auteurs" in sources_html(scenario, "fr")
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.screen, MenuScreen)


def test_sources_screen_from_the_replay_goes_back_to_the_same_day(app) -> None:
    from game.screens.replay import ReplayScreen
    from game.screens.sources import SourcesScreen

    replay = ReplayScreen(app, start=dt.date(1944, 9, 22))
    app.show(replay)
    app.step(1 / 60)
    click(app, replay.widgets["sources"].rect.center)
    assert isinstance(app.screen, SourcesScreen)
    click(app, app.screen.widgets["back"].rect.center)
    assert app.screen is replay and replay.day.date == dt.date(1944, 9, 22)
