"""A game is a seed plus an order log: undo, replay and determinism come from that."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.game import Game, apply_order, new_game
from engine.orders import (
    AirRaid,
    Assault,
    Bombard,
    EndTurn,
    Move,
    OrderFormatError,
    Truce,
    order_from_json,
)


def random_game(loaded: LoadedScenario, seed: int, steps: int, pick: int = 0) -> Game:
    game = new_game(loaded, seed)
    chooser = random.Random(pick)
    for _ in range(steps):
        if game.over:
            break
        game.push(chooser.choice(game.legal_orders()))
    return game


def test_every_order_survives_a_json_round_trip() -> None:
    orders = [
        Move("allies", "qor", (3, 4)),
        Assault("allies", ("qor", "crocs"), (2, 5), ("agra",)),
        Assault("allies", ("qor",), (2, 5)),
        Bombard("allies", "agra", (2, 5)),
        AirRaid("allies", (2, 5)),
        Truce("germans", "calais", 22),
        EndTurn("germans"),
    ]
    for order in orders:
        assert order_from_json(order.to_json()) == order


@pytest.mark.parametrize("bad", [
    [], {"kind": "teleport"}, {"kind": "move", "side": "allies", "unit": "qor"},
    {"kind": "move", "side": "allies", "unit": "qor", "to": "north"},
    {"kind": "truce", "side": "allies", "place": "calais", "hours": "long"},
    {"kind": "end_turn", "side": "allies", "extra": 1},
    {"kind": "move", "side": "allies", "unit": "qor", "to": [1.5, 2]},
    {"kind": "assault", "side": "allies", "units": "qor", "target": [1, 2]},
])
def test_malformed_json_orders_are_refused_with_a_clear_error(bad: object) -> None:
    with pytest.raises(OrderFormatError):
        order_from_json(bad)


def test_same_seed_and_orders_give_the_same_game(minimal_scenario_path: Path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    a = random_game(loaded, seed=11, steps=60, pick=3)
    b = Game.replay(loaded, 11, list(a.orders))
    assert a.state.fingerprint() == b.state.fingerprint()
    assert [e.to_json() for e in a.all_events()] == [e.to_json() for e in b.all_events()]


def test_different_seeds_give_different_weather_or_results(minimal_scenario_path: Path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    a = random_game(loaded, seed=1, steps=80, pick=3)
    b = Game.replay(loaded, 2, [])
    fingerprints = {str(a.state.rng.bit_generator.state), str(b.state.rng.bit_generator.state)}
    assert len(fingerprints) == 2


def test_undo_restores_the_exact_previous_position(minimal_scenario_path: Path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    game = random_game(loaded, seed=5, steps=25, pick=1)
    history = []
    replay = new_game(loaded, 5)
    for order in game.orders:
        history.append(replay.state.fingerprint())
        replay.push(order)
    for expected in reversed(history):
        game.pop()
        assert game.state.fingerprint() == expected
    assert game.orders == []


def test_seek_goes_back_to_any_point_of_the_log(minimal_scenario_path: Path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    game = random_game(loaded, seed=8, steps=30, pick=2)
    orders = list(game.orders)
    game.seek(12)
    assert game.state.fingerprint() == Game.replay(loaded, 8, orders[:12]).state.fingerprint()


def test_a_game_kept_without_daily_snapshots_plays_undoes_and_seeks_the_same(
        minimal_scenario_path: Path) -> None:
    """`run.py simulate` keeps no snapshot per turn (issue 16: a campaign played straight
    through never goes back); the same orders give the same positions, and undo and seek
    replay from the start to the same ones."""
    loaded = load_scenario(minimal_scenario_path)
    orders = list(random_game(loaded, seed=8, steps=30, pick=2).orders)
    kept, bare = Game(loaded, 8), Game(loaded, 8, snapshots=False)
    for order in orders:
        assert kept.push(order) == bare.push(order)
        assert kept.state.fingerprint() == bare.state.fingerprint()
    assert kept.state.turn > 1 and len(bare._snapshots) == 1
    bare.seek(12)
    kept.seek(12)
    assert bare.state.fingerprint() == kept.state.fingerprint()
    bare.pop()
    kept.pop()
    assert bare.state.fingerprint() == kept.state.fingerprint()


def test_apply_order_is_pure(minimal_scenario_path: Path) -> None:
    game = new_game(load_scenario(minimal_scenario_path), seed=3)
    before = game.state.fingerprint()
    new_state, events = apply_order(game.world, game.state, EndTurn("allies"))
    assert game.state.fingerprint() == before
    assert new_state.side_index == 1 and events == []


def test_queries_never_change_the_game(minimal_scenario_path: Path) -> None:
    game = new_game(load_scenario(minimal_scenario_path), seed=3)
    before = game.state.fingerprint()
    game.legal_moves("qor")
    game.supply_report("germans")
    game.legal_orders()
    game.check(Move("allies", "qor", (0, 0)))
    assert game.state.fingerprint() == before


@pytest.mark.parametrize("seed", [-1, 1.5, True, "7"])
def test_a_bad_seed_is_refused_with_a_clear_message(
    minimal_scenario_path: Path, seed: object
) -> None:
    with pytest.raises(ValueError, match="seed"):
        new_game(load_scenario(minimal_scenario_path), seed)  # type: ignore[arg-type]


def test_a_fork_is_independent_of_its_parent(minimal_scenario_path: Path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    game = random_game(loaded, seed=6, steps=12, pick=4)
    before = game.state.fingerprint()
    branch = game.fork()
    while not branch.over:
        branch.push(EndTurn(branch.side_to_move))
    assert game.state.fingerprint() == before
    branch.seek(len(game.orders))
    assert branch.state.fingerprint() == before
