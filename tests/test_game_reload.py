"""F5 reloads the scenario file: errors are listed with file:line:col and the game goes on; a
good file replaces the old one and the game in progress replays on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_game_session import app
from tests.window_driver import frames, key, start_new_game, top_window

pygame = pytest.importorskip("pygame")

__all__ = ["app"]  # the fixture, imported for these tests


def _first_move(session) -> tuple[str, tuple[int, int]]:
    unit = next(u for u in session.game.state.units.values()
                if u.side == session.side_to_move and session.game.legal_moves(u.id))
    return unit.id, session.game.legal_moves(unit.id)[-1].to


def test_f5_with_a_broken_file_lists_the_problems_and_keeps_the_game(app) -> None:
    screen = start_new_game(app)
    unit, to = _first_move(screen.session)
    screen.session.move(unit, to)
    path: Path = app.options.scenario
    path.write_text(path.read_text("utf-8").replace("strength: 800", "strenght: 800"), "utf-8")
    key(app, pygame.K_F5)
    assert app.screen is screen and len(screen.session.game.orders) == 1
    text = top_window(app).text_block.html_text if hasattr(top_window(app), "text_block") else ""
    assert "strenght" in text and f"{path}:" in text


def test_f5_with_a_good_file_replays_the_game_on_it(app) -> None:
    screen = start_new_game(app)
    unit, to = _first_move(screen.session)
    screen.session.move(unit, to)
    path: Path = app.options.scenario
    path.write_text(path.read_text("utf-8").replace("civilians: 8000", "civilians: 9000"),
                    "utf-8")
    key(app, pygame.K_F5)
    frames(app)
    session = app.screen.session
    assert app.screen is not screen
    assert [o.to_json() for o in session.game.orders][:1] == [
        o.to_json() for o in screen.session.game.orders][:1]
    assert session.game.state.civilians["boulogne"] == 9000
    assert "reloaded" in session.log[-1].text
