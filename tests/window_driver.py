"""Driving the game window in tests: open it on a scenario with the dummy video driver, and
post the mouse and keyboard events a player would give. Shared by every window test."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

pygame = pytest.importorskip("pygame")
pygame_gui = pytest.importorskip("pygame_gui")


@contextmanager
def open_app(scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             size: tuple[int, int] = (1600, 900), menu: bool = True) -> Iterator[Any]:
    """The window on `scenario`, settings and saves kept under `tmp_path`, on the main menu."""
    from game.shell import App, LaunchOptions

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = App(LaunchOptions(scenario=scenario, size=size, lang="en",
                            settings_path=tmp_path / "settings.json"))
    app.settings.tour_done = True  # the guided first turn is tested on its own
    app.open_window()
    app.load()
    assert app.loaded is not None, app.load_problems
    if menu:
        app.show_menu()
    app.running = True
    app.step(1 / 60)
    try:
        yield app
    finally:
        pygame.quit()


def frames(app: Any, n: int = 2) -> None:
    for _ in range(n):
        app.step(1 / 60)


def click(app: Any, pos: tuple[float, float], button: int = 1) -> None:
    pos = (int(pos[0]), int(pos[1]))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                         buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
    frames(app)


def key(app: Any, key_code: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key_code, mod=mod, unicode="",
                                         scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key_code, mod=mod, unicode="",
                                         scancode=0))
    frames(app)


def top_window(app: Any) -> Any:
    return app.manager.get_window_stack().get_full_stack()[-1]


def start_new_game(app: Any) -> Any:
    """Main menu → New game → Start with the dialog's defaults; the game screen."""
    from game.screens.campaign import GameScreen

    click(app, app.screen.buttons["new"].rect.center)
    window = top_window(app)
    assert type(window).__name__ == "NewGameWindow"
    click(app, window.start_button.rect.center)
    assert isinstance(app.screen, GameScreen)
    return app.screen


def wait_for_ai(app: Any, seconds: float = 60.0) -> None:
    """Step frames until the AI's phase (a worker thread) and its animation are done; the limit
    is wall-clock time, since a loaded machine slows the thread, not the frames."""
    screen = app.screen
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        frames(app, 1)
        if not screen.session.ai_busy and not screen.anim and not screen.pending_refresh:
            return
    raise AssertionError("the AI turn did not finish")


def arm(scenario: Path) -> None:
    """Give the (minimal) scenario Allied guns beside the infantry and two heavy-bomber raids."""
    text = scenario.read_text(encoding="utf-8")
    text = text.replace(
        "supply:\n",
        "  - {id: guns, name: Field guns, short: 14 Fd, side: allies, nation: ca, "
        "type: field_artillery_regt, strength: 650, quality: veteran, "
        "start: {place: la_capelle}}\n"
        "events:\n"
        "  - {id: raids, kind: air_raids, date: 1944-09-17, caption: Bombers, side: allies, "
        "raids: 2, bombers_per_raid: 300}\n"
        "supply:\n", 1)
    scenario.write_text(text, encoding="utf-8")
