"""Speed of the window: one frame of the whole map with every unit at 1600×900 (budget 8 ms),
the static layer drawn at each zoom, and `python run.py` start to first interactive frame
(budget 1.0 s, issue 16; timed as the CPU time of the child process, see cpu_clock.py). Run with
`make bench`; nothing here asserts a time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

pygame = pytest.importorskip("pygame")
ROOT = Path(__file__).resolve().parents[2]
CHANNEL = ROOT / "scenarios" / "channel_ports_1944.yaml"


def _scenario(fallback: Path) -> Path:
    from engine.format.loaded import ScenarioError
    from engine.format.loading import load_scenario

    try:
        load_scenario(CHANNEL)
    except (ScenarioError, OSError):
        return fallback
    return CHANNEL


@pytest.fixture
def game_app(minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from game.session import SessionConfig
    from game.shell import App, LaunchOptions

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = App(LaunchOptions(scenario=_scenario(minimal_scenario_path), size=(1600, 900),
                            lang="en", settings_path=tmp_path / "settings.json"))
    app.open_window()
    app.load()
    sides = [s.id for s in app.loaded.scenario.sides]
    app.start_game(SessionConfig(controllers=dict.fromkeys(sides, "human")))
    app.running = True
    screen = app.screen
    screen.camera.show_all()
    for _ in range(3):
        app.step(1 / 60)
    yield app
    pygame.quit()


@pytest.mark.budget(ms=8)
def test_bench_map_frame_whole_map_every_unit(benchmark, game_app) -> None:
    screen = game_app.screen
    surface = game_app.surface
    units = screen.session.units()
    assert units and all(screen.camera.contains(*screen.camera.hex_centre(u.hex)) for u in units)
    benchmark(screen.map.draw, surface, screen.view)


def test_bench_full_frame_with_widgets(benchmark, game_app) -> None:
    """A steady frame: update, map, widgets (the neighbouring zoom layers already drawn, as
    they are a second after any zoom change)."""
    from game.map.camera import ZOOM_RADII

    screen = game_app.screen
    surface = game_app.surface
    manager = game_app.manager
    zoom = screen.camera.zoom
    for near in (zoom - 1, zoom, zoom + 1):
        if 0 <= near < len(ZOOM_RADII):
            screen.renderer.layer_now(near)

    def frame() -> None:
        screen.update(1 / 60)
        manager.update(1 / 60)
        screen.draw(surface)
        manager.draw_ui(surface)

    benchmark(frame)


@pytest.mark.parametrize("zoom", [0, 3, 5])
def test_bench_static_layer(benchmark, game_app, zoom: int) -> None:
    from game.map.camera import ZOOM_RADII

    renderer = game_app.screen.renderer
    benchmark.pedantic(renderer.render, args=(ZOOM_RADII[zoom],), rounds=3, iterations=1)


@pytest.mark.budget(ms=1000)
def test_bench_start_to_first_frame(benchmark, tmp_path: Path) -> None:
    """Process start to the first drawn frame of the menu (the scenario loads behind it)."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data")}
    command = [sys.executable, str(ROOT / "run.py"), "play"]

    def start() -> None:
        subprocess.run([*command, "--frames", "1"], check=True, env=env, cwd=ROOT,
                       capture_output=True, timeout=60)

    benchmark.pedantic(start, rounds=5, iterations=1, warmup_rounds=1)
