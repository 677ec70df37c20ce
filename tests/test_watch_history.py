"""Watch the historical plan: chosen in the new-game dialog, the first side gives the
scenario's dated 1944 orders (`HistoryController`) against the AI, animated like AI against
AI, while the event log and the objectives panel set the simulation beside history. Driven
through posted pygame events with the dummy video driver, as the rest of the window tests."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from tests.window_driver import click, frames, key, open_app, pygame, top_window

SHOT = os.environ.get("WATCH_HISTORY_SCREENSHOT")  # a path: save the end of the run as PNG


@pytest.fixture
def app(minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as window:
        yield window


def choose_in_dropdown(app, dropdown, option_id: str) -> None:
    """Open a drop-down with a click and click the option whose id is `option_id`."""
    if dropdown.selected_option[1] == option_id:
        return  # already chosen (clicking it would leave the list open over the dialog)
    click(app, dropdown.rect.center)
    expanded = dropdown.current_state
    items = expanded.options_selection_list.item_list
    item = next(i for i in items if i.get("object_id") == option_id)
    button = item.get("button_element")
    if button is None:  # off the visible part of the list: bring it into view first
        expanded.options_selection_list.scroll_bar.set_scroll_from_start_percentage(1.0)
        frames(app)
        button = item["button_element"]
    press(app, button.rect.center)


def press(app, pos: tuple[int, int]) -> None:
    """A click with the press and the release in separate frames, as a hand gives it (a
    list item is held first; a button under a list that just closed needs a frame too)."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    frames(app, 1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    frames(app, 3)


def start_watching_history(app, difficulty: str = "normal"):
    from game.screens.campaign import GameScreen

    click(app, app.screen.buttons["new"].rect.center)
    window = top_window(app)
    assert type(window).__name__ == "NewGameWindow"
    choose_in_dropdown(app, window.side, "history")
    assert window.side.selected_option[1] == "history"
    assert window.side.selected_option[0] == "Watch the historical plan"
    choose_in_dropdown(app, window.difficulty, difficulty)
    assert window.difficulty.selected_option[1] == difficulty
    press(app, window.start_button.rect.center)
    assert isinstance(app.screen, GameScreen)
    return app.screen


def run_to_end(app, seconds: float = 180.0) -> None:
    """Step frames until the game is over. The computer sides play in a worker thread, so the
    limit is wall-clock time, not a number of frames (frames are fast, the thread may not be)."""
    screen = app.screen
    session = screen.session
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        frames(app, 1)
        if session.over and not session.ai_busy and not screen.pending_refresh:
            return
    raise AssertionError("the watched game did not reach its end")


def expected_game(app, seed: int, difficulty: str):
    """The same campaign outside the window: the plan against the AI, through the engine."""
    from engine.controllers import make_controller, play_out
    from engine.game import new_game

    game = new_game(app.loaded, seed)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": make_controller("ai", game, "germans", difficulty)})
    return game


def test_watch_the_historical_plan_from_the_menu_to_the_report(app) -> None:
    from engine.history.timeline import Timeline
    from game.text.i18n import short_date

    screen = start_watching_history(app, "normal")
    session = screen.session
    assert session.config.controllers == {"allies": "history", "germans": "ai"}
    assert session.config.difficulty == "normal"
    assert not session.is_human("allies") and not session.is_human("germans")
    run_to_end(app)
    if SHOT:
        frames(app, 3)
        pygame.image.save(app.surface, SHOT)
    assert not app.errors

    # the first side's orders are the ones HistoryController gives for the same seed
    expected = expected_game(app, session.config.seed, "normal")
    played = session.game
    allied = [o for o in played.orders if o.side == "allies"]
    assert allied == [o for o in expected.orders if o.side == "allies"]
    assert played.orders == expected.orders
    assert played.state.fingerprint() == expected.state.fingerprint()

    # the history events of each day reached stand in the log on their date, after that
    # day's start, as italic "1944:" lines
    timeline = Timeline(app.loaded.scenario)
    log = session.log
    history_lines = [line for line in log if line.kind == "history"]
    scenario = app.loaded.scenario
    for day in timeline.window(scenario.start_date, session.date):
        for event in day.events:
            text = f"1944: {event.caption['en']}"
            found = [i for i, line in enumerate(log)
                     if line.kind == "history" and line.text.startswith(text)]
            assert found, text
            assert log[found[0]].date == day.date
            day_start = next(i for i, line in enumerate(log) if line.date == day.date
                             and line.kind != "history")
            assert day_start < found[0]
    assert history_lines and all(line.text.startswith("1944: ") for line in history_lines)
    from game.widgets.hud import log_html

    assert log_html(history_lines[0], "en").count("<i>") == 1
    # after the end, the rest of what 1944 did (Boulogne's surrender on 22 September)
    surrender = next(line for line in history_lines if "capitulates" in line.text)
    assert surrender.date == dt.date(1944, 9, 22)

    # the objectives panel: the date in 1944 and the simulated date with the gap in days
    taken = played.state.captured.get("boulogne")
    assert taken, "the plan takes Boulogne with this seed"
    fell = dt.date.fromisoformat(taken)
    gap = (fell - dt.date(1944, 9, 22)).days
    panel = screen.hud.objectives.html_text
    assert "fell 22 Sep 1944" in panel
    assert f"fell {short_date(fell, 'en', year=False)} — " in panel
    if gap:
        word = "day" if abs(gap) == 1 else "days"
        how = "later" if gap > 0 else "earlier"
        assert f"{abs(gap)} {word} {how} than 1944" in panel
    else:
        assert "the same day as in 1944" in panel
    assert "Simulation" in panel

    # the end opens the after-action report as for any game
    dialog = top_window(app)
    assert type(dialog).__name__ == "UIConfirmationDialog"
    click(app, dialog.confirm_button.rect.center)
    assert type(app.screen).__name__ == "ReportScreen"
    assert not app.errors


def test_pause_holds_the_plan_and_the_header_names_it(app) -> None:
    from game.widgets import hud

    screen = start_watching_history(app)
    session = screen.session
    key(app, pygame.K_p)
    assert screen.paused
    for _ in range(600):
        frames(app, 1)
        if not session.ai_busy and not screen.pending_refresh:
            break
    held = len(session.game.orders)
    frames(app, 30)
    assert len(session.game.orders) == held and not session.ai_busy
    assert "Paused" in screen.hud.header_labels["to_move"].text
    assert "1944 plan" in hud.header_texts(session, moving="allies")["to_move"]
    key(app, pygame.K_p)
    assert not screen.paused
    run_to_end(app)
    assert not app.errors


def test_saved_and_loaded_watch_keeps_the_plan_and_its_memory(app, tmp_path: Path) -> None:
    """The autosave's side file records the history controller; loading it plays on with
    the plan, and the game ends exactly where an unbroken run ends."""
    from game.saves import AUTOSAVE, read_meta, slot_path

    app.settings.animate_ai = False
    screen = start_watching_history(app)
    session = screen.session
    key(app, pygame.K_p)  # held after the phase under way: one phase at a time from here
    for _ in range(40):
        for _ in range(600):
            frames(app, 1)
            if not session.ai_busy and not screen.pending_refresh:
                break
        if session.turn >= 3 or session.over:
            break
        key(app, pygame.K_p)  # resume: the next phase starts ...
        key(app, pygame.K_p)  # ... and the one after it waits
    assert session.turn >= 3 and not session.over
    autosave = slot_path(AUTOSAVE)
    assert read_meta(autosave)["controllers"] == {"allies": "history", "germans": "ai"}
    app.load_saved_game(str(autosave))
    loaded = app.screen.session
    assert loaded is not session
    assert loaded.config.controllers == {"allies": "history", "germans": "ai"}
    assert loaded.watching_history
    # the history lines of the days already played are back in the log
    assert any(line.kind == "history" for line in loaded.log)
    run_to_end(app)
    expected = expected_game(app, loaded.config.seed, loaded.config.difficulty)
    assert loaded.game.orders == expected.orders
    assert not app.errors


def test_french_texts(app) -> None:
    from game.session import AI, HISTORY, SessionConfig
    from game.text.i18n import tr
    from game.widgets import hud

    assert tr("new.watch_history", "fr") == "Regarder le plan historique"
    app.set_language("fr")
    frames(app)
    app.settings.animate_ai = False
    assert app.start_game(SessionConfig(controllers={"allies": HISTORY, "germans": AI}))
    run_to_end(app)
    session = app.screen.session
    lines = [line.text for line in session.log if line.kind == "history"]
    assert lines and all(text.startswith("En 1944 : ") for text in lines)
    panel = hud.objectives_html(session)
    assert "tombée le" in panel and "qu'en 1944" in panel
    assert not app.errors


def test_resumed_history_controller_remembers_its_one_shot_orders(
        minimal_scenario_path: Path) -> None:
    """The plan's one-shot orders (a raid) are not flown twice after a save is loaded."""
    from engine.controllers import make_controller, play_out, resume_controller
    from engine.format.loading import load_scenario
    from engine.game import Game, new_game

    text = minimal_scenario_path.read_text(encoding="utf-8")
    text = text.replace(
        "supply:\n",
        "events:\n"
        "  - {id: raids, kind: air_raids, date: 1944-09-17, caption: Bombers, side: allies, "
        "raids: 3, bombers_per_raid: 300}\n"
        "supply:\n", 1)
    text = text.replace(
        "    - {date: 1944-09-17, order: assault, units: [qor], target: boulogne}\n",
        "    - {date: 1944-09-17, order: assault, units: [qor], target: boulogne}\n"
        "    - {date: 1944-09-17, order: air_raid, target: boulogne}\n", 1)
    minimal_scenario_path.write_text(text, encoding="utf-8")
    loaded = load_scenario(minimal_scenario_path)

    whole = new_game(loaded, 3)
    play_out(whole, {"allies": make_controller("history", whole, "allies"),
                     "germans": make_controller("passive", whole, "germans")})
    raids = [o for o in whole.orders if o.kind == "air_raid"]
    assert len(raids) == 1

    # stop after the first day, then go on with a resumed controller
    first_day = next(i for i, o in enumerate(whole.orders)
                     if o.kind == "end_turn" and o.side == "germans") + 1
    part = Game.replay(loaded, 3, list(whole.orders[:first_day]))
    resumed = resume_controller("history", part, "allies")
    play_out(part, {"allies": resumed, "germans": make_controller("passive", part, "germans")})
    assert part.orders == whole.orders
    fresh = Game.replay(loaded, 3, list(whole.orders[:first_day]))
    play_out(fresh, {"allies": make_controller("history", fresh, "allies"),
                     "germans": make_controller("passive", fresh, "germans")})
    assert fresh.orders != whole.orders  # a controller without its memory raids again
