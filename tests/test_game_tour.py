"""The guided first turn, played as a new player would through posted events: offered once on
the first new game (kept in the settings), each hint pointing at the real widget or hex and
going on when the player does what it asks — select, move, supply, preview an assault, end the
turn; dismissible; offered again from Help; in English and French."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.window_driver import (
    arm,
    click,
    frames,
    key,
    open_app,
    pygame,
    start_new_game,
    top_window,
)


@pytest.fixture
def app(minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    arm(minimal_scenario_path)
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as window:
        window.settings.tour_done = False  # a new player
        yield window


def hover(app, pos) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                         buttons=(0, 0, 0)))
    frames(app)


def step(screen) -> str | None:
    return screen.tour.step if screen.tour is not None else None


def test_a_new_player_is_walked_through_the_first_turn(app, tmp_path: Path) -> None:
    screen = start_new_game(app)
    frames(app)
    assert step(screen) == "select"
    assert "Select a unit" in screen.tour.text.html_text
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["tour_done"] is True  # offered once

    anchor = screen._tour_anchor()  # one of the player's units, ringed on the map
    assert anchor is not None and screen.camera.contains(*anchor.center)
    click(app, anchor.center)
    frames(app)
    assert screen.view.selected is not None and step(screen) == "move"

    anchor = screen._tour_anchor()  # a hex the unit can reach
    assert screen.camera.hex_at(*anchor.center) in screen.view.reach
    orders = len(screen.session.game.orders)
    click(app, anchor.center)
    frames(app)
    assert len(screen.session.game.orders) == orders + 1 and step(screen) == "supply"
    assert screen._tour_anchor() == screen.hud.buttons["supply"].rect

    key(app, pygame.K_u)
    frames(app)
    assert step(screen) == "assault"
    screen.select(screen.session.game.orders[-1].unit)
    frames(app)
    anchor = screen._tour_anchor()  # the enemy nearest the selected unit
    assert anchor is not None
    assert any(u.side == "germans" for u in
               screen.session.units_at(screen.camera.hex_at(*anchor.center)))
    hover(app, anchor.center)
    assert screen.forecast is not None or screen.refusal is not None
    frames(app)
    assert step(screen) == "end_turn"
    assert screen._tour_anchor() == screen.hud.buttons["end_turn"].rect

    turn = screen.session.turn
    click(app, screen.hud.buttons["end_turn"].rect.center)
    for _ in range(600):
        frames(app, 1)
        if screen.session.turn != turn and screen.session.human_to_move:
            break
    frames(app)
    assert screen.tour is None
    assert not app.errors


def test_the_turns_summary_is_read_before_the_tour_begins(app) -> None:
    screen = start_new_game(app)
    frames(app)
    click(app, screen.tour.close_button.rect.center)
    screen.tour_pending, screen.summary = True, ["Turn 1 — what the enemy did"]
    frames(app, 3)
    assert screen.tour is None
    key(app, pygame.K_ESCAPE)  # the summary closes: now the tour
    frames(app)
    assert step(screen) == "select"


def test_offered_once_dismissible_and_again_from_help(app) -> None:
    screen = start_new_game(app)
    frames(app)
    assert step(screen) == "select"
    click(app, screen.tour.close_button.rect.center)
    assert screen.tour is None

    click(app, screen.hud.buttons["menu"].rect.center)  # a second game: no tour by itself
    click(app, top_window(app).confirm_button.rect.center)
    screen = start_new_game(app)
    frames(app, 4)
    assert screen.tour is None

    key(app, pygame.K_F1)
    help_window = top_window(app)
    click(app, help_window.tour_button.rect.center)
    frames(app)
    assert step(screen) == "select" and not app.dialog_open()
    click(app, screen.tour.next_button.rect.center)
    assert step(screen) == "move"
    assert not app.errors


def test_the_tour_speaks_french(minimal_scenario_path: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as app:
        app.settings.tour_done = False
        app.set_language("fr")
        screen = start_new_game(app)
        frames(app)
        assert "Choisissez une unité" in screen.tour.text.html_text
        assert screen.tour.close_button.text == "Finir la visite"
