"""The Players window in the game: hand the side one plays to the AI with a click, take it back,
let the AI finish the campaign; a save whose side file is damaged is refused and nothing is
written; the help says how (English and French)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.window_driver import (
    click,
    frames,
    key,
    open_app,
    pygame,
    start_new_game,
    top_window,
    wait_for_ai,
)


@pytest.fixture
def app(minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as window:
        window.settings.animate_ai = False
        yield window


def players_window(app):
    window = top_window(app)
    assert type(window).__name__ == "PlayersWindow"
    return window


def frames_until(app, done, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        frames(app, 1)
        if done():
            return
    raise AssertionError("the game did not get there")


def test_hand_the_side_to_the_ai_take_it_back_and_let_it_finish(app, tmp_path: Path) -> None:
    screen = start_new_game(app)
    session = screen.session
    assert session.config.controllers == {"allies": "human", "germans": "ai"}

    # a move: the Allies' phase is begun, so the AI will take over from their next phase
    click(app, screen.camera.hex_centre(session.unit("qor").hex))
    dest = sorted(screen.view.reach)[0]
    click(app, screen.camera.hex_centre(dest))
    frames(app, 20)
    click(app, screen.hud.buttons["players"].rect.center)
    window = players_window(app)
    assert window.buttons["allies", "human"].is_selected
    assert not window.buttons["germans", "history"].is_enabled  # the plan commands no German
    click(app, window.buttons["allies", "ai"].rect.center)
    assert window.buttons["allies", "ai"].is_selected
    assert not window.buttons["allies", "human"].is_selected
    plan = window.buttons["germans", "history"]
    assert not plan.is_enabled and plan.drawable_shape.active_state.state_id == "disabled"
    assert window.status["allies"].text == ("Played by you. Next phase: AI. "
                                            "(End turn hands it over.)")
    assert session.human_to_move and session.player("allies") == "human"
    assert "from their next phase" in screen.notice_text
    window.kill()
    frames(app)

    # End turn: the Germans' AI phase, then the AI plays the Allies' next one. P (pause) holds
    # each phase until P lets it go, and P at once after holds the one after it, so the test
    # knows which phase it takes the side back in
    key(app, pygame.K_p)
    click(app, screen.hud.buttons["end_turn"].rect.center)
    assert session.player("allies") == "ai"
    def between() -> bool:
        return not session.ai_busy and not screen.pending_refresh

    for held in ((1, "germans"), (2, "allies"), (2, "germans")):
        frames_until(app, between)
        assert (session.turn, session.side_to_move) == held and screen.paused
        if held != (2, "germans"):
            screen.toggle_pause()  # P: the phase held plays ...
            screen.toggle_pause()  # ... P again at once: the next one waits
    allies_moves = [o for o in session.game.orders[-40:] if o.side == "allies"]
    assert allies_moves and allies_moves[-1].kind == "end_turn"  # the AI played them

    # H: take the Allies back: their phase is not under way, so at once; the Germans go on
    key(app, pygame.K_h)
    window = players_window(app)
    click(app, window.buttons["allies", "human"].rect.center)
    assert session.player("allies") == "human" and not screen.paused
    window.kill()
    frames_until(app, lambda: session.human_to_move and not screen.pending_refresh)
    assert session.side_to_move == "allies" and session.player("allies") == "human"
    assert screen.hud.buttons["end_turn"].is_enabled
    orders = len(session.game.orders)
    assert not screen.hud.buttons["undo"].is_enabled  # nothing of the AI's phase goes back
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert len(session.game.orders) == orders
    assert "nothing" in screen.notice_text.lower()

    # at the start of its phase a side goes to the AI at once, which plays on to the end
    key(app, pygame.K_h)  # again: the key let go over the window was let go
    window = players_window(app)
    click(app, window.buttons["allies", "ai"].rect.center)
    assert session.player("allies") == "ai"
    assert session.ai_busy or len(session.game.orders) > orders  # started at once
    window.kill()
    frames_until(app, lambda: session.over and not session.ai_busy
                 and not screen.pending_refresh)
    summary = top_window(app)
    assert type(summary).__name__ == "UIConfirmationDialog"  # the campaign's summary
    # the day each player's first phase was played: the AI's on day 2; the person's day 3
    # phase, handed straight back to the AI before an order was given
    assert "<b>Allies</b>: played by you, the AI from 18 Sep 1944, you from 19 Sep 1944, the " \
        "AI from 19 Sep 1944" in summary.confirmation_text.html_text
    assert not app.errors

    # saved at the end: who played each side last, and one log that replays to this end
    from engine.save import load_game

    assert screen.save("finished")
    saves = tmp_path / "data" / "channel_ports_1944" / "saves"
    meta = json.loads((saves / "finished.meta.json").read_text())
    assert meta["controllers"] == {"allies": "ai", "germans": "ai"} and meta["pending"] == {}
    assert [(h["from"], h["to"]) for h in meta["handovers"]] == [
        ("human", "ai"), ("ai", "human"), ("human", "ai")]
    replayed = load_game(saves / "finished.json", app.loaded)
    assert replayed.over and replayed.state.digest() == session.game.state.digest()


def test_a_save_with_a_damaged_side_file_is_refused_and_nothing_is_written(app) -> None:
    screen = start_new_game(app)
    assert screen.save("mine")
    saves = Path(app.options.settings_path).parent / "data" / "channel_ports_1944" / "saves"
    save, meta = saves / "mine.json", saves / "mine.meta.json"
    meta.write_text(json.dumps({"controllers": {"allies": "robot", "germans": "ai"}}))
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (save, meta)}
    app.load_saved_game(str(save))
    frames(app)
    assert app.screen is screen  # the game on screen goes on
    window = top_window(app)
    assert type(window).__name__ == "UIMessageWindow"
    assert "the player 'robot'" in window.text_block.html_text
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in before} == before
    assert not app.errors


def test_a_save_keeps_a_change_waiting_for_its_phase(app) -> None:
    screen = start_new_game(app)
    session = screen.session
    click(app, screen.camera.hex_centre(session.unit("qor").hex))
    click(app, screen.camera.hex_centre(sorted(screen.view.reach)[0]))
    frames(app, 20)
    screen.choose_player("allies", "ai")
    assert screen.save("waiting")
    saves = Path(app.options.settings_path).parent / "data" / "channel_ports_1944" / "saves"
    app.load_saved_game(str(saves / "waiting.json"))
    frames(app)
    loaded = app.screen.session
    assert loaded is not session
    assert loaded.config.controllers == {"allies": "human", "germans": "ai"}
    assert loaded.config.pending == {"allies": "ai"}  # the phase saved was begun
    assert loaded.human_to_move
    key(app, pygame.K_SPACE)
    assert loaded.player("allies") == "ai" and not loaded.config.pending
    wait_for_ai(app)
    assert not app.errors


@pytest.mark.parametrize(("lang", "words"), [("en", "Players button"),
                                              ("fr", "bouton Joueurs")])
def test_the_help_says_how_to_hand_a_side_over(app, lang: str, words: str) -> None:
    from game.widgets.dialogs import HelpWindow

    start_new_game(app)
    window = HelpWindow(app.manager, lang, on_tour=lambda: None)
    click(app, window.tabs["players"].rect.center)
    assert window.page == "players"
    assert words in window.text.html_text
    tabs = [window.tabs[name].rect for name, _, _ in HelpWindow.PAGES]
    assert window.tour_button is not None
    for left, right in zip(tabs, [*tabs[1:], window.tour_button.rect], strict=True):
        assert left.right <= right.left  # side by side, none over another
    assert window.tour_button.rect.right <= window.rect.right


def test_handing_the_last_side_to_the_ai_ends_the_guided_turn(app) -> None:
    from game.widgets.dialogs import HelpWindow

    screen = start_new_game(app)
    screen.start_tour()
    frames(app)
    assert screen.tour is not None
    screen.choose_player("allies", "ai")  # nobody plays now: the AI takes this very phase
    assert screen.tour is None and not screen.summary
    keys = HelpWindow(app.manager, "en")
    keys.show("keys")
    assert "H or Players" in keys.text.html_text
    screen.session.wait_ai(120)
    assert not app.errors
