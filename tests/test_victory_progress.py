"""One answer to "how far is each objective?" (engine.rules.victory.objective_progress): the
panel, the log, the end screen and the report all read it, so they cannot disagree."""

from __future__ import annotations

import random

from engine.format.loading import load_scenario
from engine.format.sandbox import Field
from engine.game import Game, new_game
from engine.orders import Move
from engine.rules.victory import objective_progress, owners_from_events
from tests.conftest import CHANNEL_PORTS

OPEN = ["~........"] * 5


def port_with_strongpoint() -> Field:
    f = Field(OPEN, days=6).place("rear", (1, 2), side="allies").source("s", "allies", "rear")
    f.place("port", (4, 2), side="germans").place("fort", (6, 2), side="germans")
    f.objective("port", includes=["fort"], points=100)
    f.unit("a", "allies", "infantry_bn", (3, 2)).unit("b", "allies", "infantry_bn", (5, 1))
    return f


def progress(game: Game):
    return objective_progress(game.world.scenario, game.state.owner, game.state.captured)[0]


def test_the_port_alone_is_one_of_two_and_not_taken() -> None:
    game = Game(port_with_strongpoint().loaded(), seed=1)
    start = progress(game)
    assert (start.places, start.held, start.taken) == (("port", "fort"), (), False)
    game.push(Move("allies", "a", (4, 2)))
    half = progress(game)
    assert half.held == ("port",) and half.missing == ("fort",) and not half.taken
    game.push(Move("allies", "b", (6, 2)))
    done = progress(game)
    assert done.held == ("port", "fort") and done.missing == ()
    assert done.taken and done.taken_on == game.state.captured["port"]


def test_taken_exactly_when_every_place_is_held_after_every_order(minimal_scenario_path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    for seed in range(4):
        game = new_game(loaded, seed)
        chooser = random.Random(seed)
        for _ in range(60):
            if game.over:
                break
            game.push(chooser.choice(game.legal_orders()))
            for p in objective_progress(game.world.scenario, game.state.owner, game.state.captured):
                assert p.taken == (not p.missing), (seed, p)


def test_the_event_stream_alone_gives_the_same_holders(minimal_scenario_path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    game = new_game(loaded, 3)
    chooser = random.Random(3)
    for _ in range(80):
        if game.over:
            break
        game.push(chooser.choice(game.legal_orders()))
    rebuilt = owners_from_events(game.world.scenario, game.all_events())
    assert rebuilt == game.state.owner


def test_boulogne_needs_eight_places_in_the_channel_scenario() -> None:
    """The town, its six outworks and Fort d'Alprech, where Heim held out to the end."""
    game = new_game(load_scenario(CHANNEL_PORTS), 1)
    boulogne = next(p for p in progress_all(game) if p.objective == "boulogne")
    assert len(boulogne.places) == 8 and boulogne.places[0] == "boulogne"
    assert not boulogne.taken and boulogne.held == ()


def progress_all(game: Game):
    return objective_progress(game.world.scenario, game.state.owner, game.state.captured)


def test_panel_log_end_screen_and_report_agree(monkeypatch) -> None:
    """The port's town falls first: every view says 1 of 2 and none says the objective is
    taken; then the fort: every view says taken, on the same day."""
    import os

    monkeypatch.setitem(os.environ, "SDL_VIDEODRIVER", "dummy")
    from engine.history.report import build_report, render
    from game.session import Session
    from game.widgets.hud import objectives_html

    session = Session(port_with_strongpoint().loaded(), "en")
    session.move("a", (4, 2))
    line = session.log[-1].text
    assert "1 of the 2 places" in line and "OBJECTIVE" not in line
    panel = objectives_html(session)
    assert "1 of 2 places taken" in panel and "Still to take" in panel
    assert "not taken (1 of 2 places taken)" in session.report_html()
    report = build_report(session.game)
    assert (report.objectives[0].held, report.objectives[0].places) == (1, 2)
    assert "not taken 1/2" in render(report, "en")

    session.move("b", (6, 2))
    assert any("OBJECTIVE" in line.text for line in session.log[-3:])
    day = session.game.state.captured["port"]
    assert day is not None
    assert "taken 17 Sep" in objectives_html(session) and "Still to take" not in \
        objectives_html(session)
    report = build_report(session.game)
    assert report.objectives[0].yours is not None
    assert report.objectives[0].yours.isoformat() == day
    assert "not taken" not in session.report_html()
