"""The enemy's turn, shown and replayable: after the AI's phase the start-of-turn summary lists
what the enemy was seen doing; R (or the Replay button) shows it again on the map — each
moving unit set back where it started and slid along its path, fire marked — and any click or
key skips it. Under fog only what the side saw is shown. Played through posted events on the
Channel scenario, the person commanding the Germans against the Allied AI (which moves on the
first day)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.session import AI, HUMAN, SessionConfig
from tests.conftest import CHANNEL_PORTS
from tests.window_driver import click, frames, key, open_app, pygame


def start(app, fog: bool):
    assert app.start_game(SessionConfig(controllers={"allies": AI, "germans": HUMAN}, fog=fog))
    screen = app.screen
    for _ in range(900):
        frames(app, 1)
        if screen.session.human_to_move and not screen.pending_refresh:
            return screen
    raise AssertionError("the Allied AI never finished its phase")


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with open_app(CHANNEL_PORTS, tmp_path, monkeypatch, menu=False) as window:
        yield window


def test_the_summary_lists_what_the_enemy_did_and_r_replays_it(app) -> None:
    screen = start(app, fog=False)
    enemy = screen.enemy
    assert enemy is not None and enemy.side == "allies" and enemy.moves
    story = "\n".join(screen.summary)
    assert "What the Allies did:" in story and "Move " in story and "(R or the Replay" in story
    assert screen.hud.buttons["replay"].is_enabled
    key(app, pygame.K_ESCAPE)  # close the summary
    key(app, pygame.K_r)
    assert screen.replaying and screen.anim
    starts = enemy.starts()
    grid = screen.session.facts.grid
    first = enemy.moves[0]
    # the moving units are drawn where they stood before the enemy's phase, not where they are
    for unit, hex_ in starts.items():
        if unit != first.unit:
            assert screen.anim.parked[unit] == grid.centre_km(hex_)
    seen_at_start = {u: screen.anim.parked[u] for u in starts}
    for _ in range(2000):
        frames(app, 1)
        if not screen.replaying:
            break
    assert not screen.replaying and not screen.anim.parked and not screen.view.moving
    assert seen_at_start  # something moved back and forth
    assert not app.errors


def test_a_click_skips_the_replay_and_nothing_changes_in_the_game(app) -> None:
    screen = start(app, fog=False)
    before = screen.session.game.state.fingerprint(), len(screen.session.game.orders)
    click(app, screen.hud.buttons["replay"].rect.center)
    assert screen.replaying and screen.anim
    x, y, w, h = screen.camera.viewport
    click(app, (x + w // 2, y + h // 2), button=3)
    assert not screen.replaying and not screen.anim and not screen.view.moving
    assert (screen.session.game.state.fingerprint(), len(screen.session.game.orders)) == before


def test_under_fog_only_what_the_side_saw_is_replayed(app) -> None:
    from engine.rules.intelligence import observe

    screen = start(app, fog=True)
    session = screen.session
    enemy = screen.enemy
    assert enemy is not None
    obs = observe(session.world, session.game.state, "germans")
    index = session.world.map.grid.index
    for step in enemy.moves:
        assert obs.sees(step.unit)  # a unit the Germans see now
        assert all(obs.visible[index(h)] for h in step.path)  # along hexes they watch
    truth = [e for e in session.game.all_events() if e.kind == "moved"]
    seen = [e for e in enemy.events if e.kind == "moved"]
    assert len(seen) < len(truth)  # moves far from any German were not seen
    story = "\n".join(screen.summary)
    for event in truth:
        if event not in seen:
            assert session._unit_name(event.get("unit")) not in story
