"""The game uses assets/: its fonts for every text, its window icon, its toolbar icons and its
sound effects — found whatever the current directory, and never opening an audio device in tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.window_driver import frames, key, open_app, pygame, start_new_game

ROOT = Path(__file__).resolve().parent.parent


def test_fonts_come_from_assets_not_from_pygame_gui() -> None:
    from game.assets import FONTS_DIR
    from game.text import fonts

    for style in fonts.STYLES:
        path = fonts.font_path(style)
        assert path is not None and path.parent == FONTS_DIR
    theme = json.loads((ROOT / "game" / "theme.json").read_text(encoding="utf-8"))
    names = {block["font"]["name"] for block in theme.values() if "font" in block}
    assert names == {fonts.FAMILY}


def test_a_font_cached_before_pygame_quits_is_not_handed_out_after() -> None:
    """A window test quits pygame; a later drawing in the same process asked the cache for the
    same size and got a dead font ('font module quit since font created')."""
    from game.text import fonts

    pygame.font.init()
    fonts.font(13, "bold").render("Dover", True, (0, 0, 0))
    for _ in range(2):  # pygame runs a quit hook once: the second quit must clear it too
        pygame.quit()
        pygame.font.init()
        assert fonts.font(13, "bold").render("Dover", True, (0, 0, 0)).get_width() > 0
    pygame.quit()


def test_the_window_uses_the_asset_fonts_icon_and_toolbar_icons(
        minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.assets import ASSETS_DIR
    from game.text import fonts
    from game.theme import ICONS

    icons: list[tuple[int, int]] = []
    real_set_icon = pygame.display.set_icon
    monkeypatch.setattr(pygame.display, "set_icon",
                        lambda surface: (icons.append(surface.get_size()), real_set_icon(surface)))
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as app:
        assert icons == [(64, 64)]  # assets/icons/window_icon_64.png
        known = app.manager.get_theme().get_font_dictionary().known_font_paths[fonts.FAMILY]
        assert all(Path(str(entry[0])).is_relative_to(ASSETS_DIR) for entry in known)
        screen = start_new_game(app)
        button = screen.hud.buttons["end_turn"]
        assert button.normal_images, "the End turn button has its icon"
        assert len(ICONS) == 7
        assert app.manager.get_theme().get_font_info(button.combined_element_ids)["name"] \
            == fonts.FAMILY


def test_assets_are_found_from_any_current_directory(tmp_path: Path) -> None:
    code = ("from game.assets import FONTS_DIR, ICONS_DIR, SOUNDS_DIR; "
            "print(all(d.is_dir() for d in (FONTS_DIR, ICONS_DIR, SOUNDS_DIR)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env={"PYTHONPATH": str(ROOT)}, check=True)
    assert done.stdout.strip() == "True"


def test_effects_follow_the_events_and_never_open_the_mixer_under_the_dummy_driver() -> None:
    from game.sound import Sounds

    sounds = Sounds(enabled=True)
    sounds.events(["moved", "bombarded", "place_taken"])
    sounds.events(["moved"])
    sounds.events(["air_raid", "bombarded"])
    assert list(sounds.asked) == ["place_falls", "bombers"]
    assert pygame.mixer.get_init() is None


def test_every_effect_file_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each effect the game asks for has its WAV (checked without opening the mixer)."""
    import wave

    from game.assets import SOUNDS_DIR
    from game.sound import EVENT_EFFECTS, PRIORITY

    for effect in {*EVENT_EFFECTS.values(), *PRIORITY}:
        with wave.open(str(SOUNDS_DIR / f"{effect}.wav")) as wav:
            assert wav.getnframes() > 0


def test_m_mutes_and_the_setting_is_kept(minimal_scenario_path: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from game.settings import load_settings

    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as app:
        screen = start_new_game(app)
        assert screen.hud.buttons["sound"].text == "Sound"
        key(app, pygame.K_m)
        assert not app.settings.sound and not app.sounds.enabled
        assert screen.hud.buttons["sound"].text == "Muted"
        assert load_settings(tmp_path / "settings.json").sound is False
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1,
                                             pos=screen.hud.buttons["sound"].rect.center))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1,
                                             pos=screen.hud.buttons["sound"].rect.center))
        frames(app)
        assert app.settings.sound and app.sounds.enabled
        assert pygame.mixer.get_init() is None
