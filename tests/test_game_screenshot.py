"""The opening screen renders real content: map, sea, counters where the units stand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

pygame = pytest.importorskip("pygame")
ROOT = Path(__file__).resolve().parent.parent
CHANNEL = ROOT / "scenarios" / "channel_ports_1944.yaml"


def _open_game(scenario: Path, tmp_path: Path, size: tuple[int, int] = (1600, 900)):
    from game.session import SessionConfig
    from game.shell import App, LaunchOptions

    app = App(LaunchOptions(scenario=scenario, size=size, lang="en",
                            settings_path=tmp_path / "settings.json"))
    app.open_window()
    app.load()
    assert app.loaded is not None, app.load_problems
    sides = [s.id for s in app.loaded.scenario.sides]
    app.start_game(SessionConfig(controllers={sides[0]: "human", sides[1]: "human"}))
    app.running = True
    for _ in range(3):
        app.step(1 / 60)
    return app


def _check_frame(app) -> None:
    from game.palette import hex_rgb

    surface = app.surface
    screen = app.screen
    session = screen.session
    # many distinct colours: terrain, texture, counters, widgets — not a blank window
    small = pygame.transform.scale(surface, (400, 225))
    colours = {tuple(small.get_at((x, y)))[:3] for x in range(400) for y in range(225)}
    assert len(colours) > 300
    # the sea is there (bluish pixels in the map viewport)
    vx, vy, vw, vh = screen.camera.viewport
    blue = sum(
        1 for x in range(vx, vx + vw, 8) for y in range(vy, vy + vh, 8)
        if (c := surface.get_at((x, y))).b > c.r + 30 and c.b > c.g
    )
    assert blue > 50
    # a counter in its side's colour at a unit's hex
    found = 0
    for unit in session.units():
        cx, cy = screen.camera.hex_centre(unit.hex)
        if not screen.camera.contains(cx, cy):
            continue
        side = hex_rgb(session.facts.side_colour(unit.side))
        size = screen.map.counter_size()
        near = [surface.get_at((int(cx + dx), int(cy + dy)))
                for dx in range(-size // 2, size // 2, 2) for dy in range(-size // 2, size // 2, 2)
                if screen.camera.contains(cx + dx, cy + dy)]
        if any(sum(abs(a - b) for a, b in zip(c[:3], side, strict=True)) < 60 for c in near):
            found += 1
    assert found >= 1
    assert not app.errors


def test_opening_position_of_minimal_scenario(minimal_scenario_path: Path, tmp_path: Path) -> None:
    app = _open_game(minimal_scenario_path, tmp_path)
    try:
        _check_frame(app)
        out = tmp_path / "shot.png"
        pygame.image.save(app.surface, str(out))
        assert out.stat().st_size > 20_000
    finally:
        pygame.quit()


@pytest.mark.skipif(not CHANNEL.is_file(), reason="Channel ports scenario not present")
def test_opening_position_of_channel_ports(tmp_path: Path) -> None:
    from engine.format.loaded import ScenarioError
    from engine.format.loading import load_scenario

    try:
        load_scenario(CHANNEL)
    except ScenarioError:
        pytest.skip("the Channel ports scenario does not validate right now")
    app = _open_game(CHANNEL, tmp_path)
    try:
        _check_frame(app)
        assert len(app.screen.session.units()) > 20
    finally:
        pygame.quit()


def test_run_py_screenshot_writes_png(minimal_scenario_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "opening.png"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "run.py"), "play", "--scenario", str(minimal_scenario_path),
         "--screenshot", str(out), "--lang", "fr"],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    image = pygame.image.load(str(out))
    assert image.get_size() == (1600, 900)


def test_missing_scenario_shows_message_not_traceback(tmp_path: Path) -> None:
    out = tmp_path / "missing.png"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "run.py"), "play", "--scenario", str(tmp_path / "nope.yaml"),
         "--screenshot", str(out)],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert out.is_file()


def test_invalid_scenario_lists_problems_in_window(minimal_scenario_path: Path,
                                                   tmp_path: Path) -> None:
    from game.shell import App, LaunchOptions

    text = minimal_scenario_path.read_text(encoding="utf-8")
    minimal_scenario_path.write_text(text.replace("strength: 800", "strength: -5"),
                                     encoding="utf-8")
    app = App(LaunchOptions(scenario=minimal_scenario_path, size=(1280, 800),
                            settings_path=tmp_path / "s.json"))
    app.open_window()
    try:
        app.load()
        assert app.loaded is None
        assert any(":" in p and "error" in p for p in app.load_problems)
        app.show_menu()
        app.running = True
        app.step(1 / 60)
        stack = app.manager.get_window_stack().get_full_stack()
        assert stack and type(stack[-1]).__name__ == "UIMessageWindow"
        assert not app.screen.buttons["new"].is_enabled
    finally:
        pygame.quit()
