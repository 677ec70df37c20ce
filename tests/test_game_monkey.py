"""5,000 random mouse and keyboard events (seeded), typing into text fields and every dialog
opened along the way, never raise and never reach the error dialog."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.window_driver import open_app, pygame

KEYS = [
    "K_SPACE", "K_RETURN", "K_ESCAPE", "K_F1", "K_u", "K_z", "K_f", "K_c", "K_b", "K_TAB",
    "K_HOME", "K_PLUS", "K_MINUS", "K_LEFT", "K_RIGHT", "K_UP", "K_DOWN", "K_a", "K_w", "K_s",
    "K_d", "K_q", "K_BACKSPACE", "K_1", "K_x", "K_m", "K_p", "K_l", "K_DELETE",
]
TYPED = "abcdefghijklmnopqrstuvwxyz 0123456789-_éè/.:*?\\<>|\"'"


def _open_a_dialog(app, rng: random.Random) -> None:
    """Open one of the dialogs of the current screen, as its button or shortcut would."""
    screen = app.screen
    name = type(screen).__name__
    if name == "MenuScreen":
        choices = [screen.new_game, screen.load_game, screen.settings]
    elif name == "GameScreen":
        if screen.paused:  # the save dialog is for a person to move, not the AI: let it play
            screen.toggle_pause()
        screen.session.wait_ai()
        screen.skip_animations()
        app.step(1 / 30)
        choices = [screen.ask_save, screen.ask_load, screen.show_help, screen.ask_truce,
                   screen.ask_menu]
    else:
        return
    rng.choice(choices)()


def _random_event(rng: random.Random, size: tuple[int, int]) -> pygame.event.Event:
    width, height = size
    pos = (rng.randrange(width), rng.randrange(height))
    roll = rng.random()
    if roll < 0.35:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos,
                                  rel=(rng.randint(-30, 30), rng.randint(-30, 30)),
                                  buttons=(rng.random() < 0.2, 0, 0))
    if roll < 0.62:
        kind = pygame.MOUSEBUTTONDOWN if rng.random() < 0.5 else pygame.MOUSEBUTTONUP
        return pygame.event.Event(kind, pos=pos, button=rng.choice((1, 1, 1, 2, 3)))
    if roll < 0.7:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice((-1, 1)), flipped=False)
    if roll < 0.8:
        return pygame.event.Event(pygame.TEXTINPUT, text=rng.choice(TYPED))
    if roll < 0.995:
        key = getattr(pygame, rng.choice(KEYS))
        mod = pygame.KMOD_CTRL if rng.random() < 0.08 else 0
        return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, scancode=0,
                                  unicode=chr(key) if 32 <= key < 127 else "")
    return pygame.event.Event(pygame.VIDEORESIZE, w=rng.randint(900, 1400),
                              h=rng.randint(600, 900), size=(0, 0))


def test_random_input_never_raises(minimal_scenario_path: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 events on the main menu, then 4,000 in a game against the AI; a dialog opens
    every 150 events, and a tenth of the events are typed characters."""
    from game.session import SessionConfig

    rng = random.Random(1944)
    screens: set[str] = set()
    dialogs: set[str] = set()
    with open_app(minimal_scenario_path, tmp_path, monkeypatch, size=(1024, 640)) as app:
        try:
            for i in range(5000):
                if i == 1000:
                    app.start_game(SessionConfig(controllers={"allies": "human",
                                                              "germans": "ai"}))
                if i % 150 == 75:
                    _open_a_dialog(app, rng)
                    dialogs.update(type(w).__name__
                                   for w in app.manager.get_window_stack().get_full_stack())
                pygame.event.post(_random_event(rng, app.surface.get_size()))
                if i % 5 == 4:
                    app.step(1 / 30)
                    screens.add(type(app.screen).__name__)
                    assert not app.errors, app.errors
            if getattr(app.screen, "session", None) is not None:
                app.screen.session.wait_ai()
            app.step(1 / 30)
            assert not app.errors, app.errors
            assert screens == {"MenuScreen", "GameScreen"}
            assert {"SaveWindow", "LoadWindow", "NewGameWindow", "SettingsWindow"} <= dialogs
        finally:
            if getattr(app.screen, "session", None) is not None:
                app.screen.session.wait_ai()
