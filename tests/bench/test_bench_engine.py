"""Engine speed (pytest-benchmark; `make bench`). Budgets from the design, measured not asserted:
supply for the whole map < 5 ms, legal moves of one unit < 1 ms, one whole day < 20 ms,
a whole campaign with the historical plan against passive Germans < 1 s.
Uses the Channel ports scenario when it loads, else the minimal one."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from engine.controllers import make_controller, play_out
from engine.format.loaded import ScenarioError
from engine.format.loading import load_scenario
from engine.format.sandbox import loaded_from_data, read_yaml
from engine.game import Game
from engine.orders import EndTurn
from engine.rules.movement import zoc_of
from engine.rules.supply import retrace_all
from engine.world import World

ROOT = Path(__file__).resolve().parent.parent.parent
CHANNEL = ROOT / "scenarios" / "channel_ports_1944.yaml"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal_scenario.yaml"


@lru_cache(maxsize=1)
def world() -> World:
    try:
        return World(load_scenario(CHANNEL))
    except (ScenarioError, OSError):
        return World(loaded_from_data(read_yaml(MINIMAL)))


def mid_campaign() -> Game:
    """The historical plan played to the eve of the main assaults, when the map is busiest."""
    w = world()
    game = Game(w.loaded, 1, world=w)
    controllers = {w.side_ids[0]: make_controller("history", game, w.side_ids[0]),
                   w.side_ids[1]: make_controller("passive", game, w.side_ids[1])}
    for _ in range(min(12, w.last_turn - 1) * 2):
        controllers[game.side_to_move].play_phase(game)
    return game


@pytest.mark.budget(ms=5)
def test_supply_and_encirclement_for_the_whole_map(benchmark: BenchmarkFixture) -> None:
    game = mid_campaign()
    state = game.state.copy()
    benchmark(retrace_all, game.world, state)


@pytest.mark.budget(ms=1)
def test_legal_moves_of_one_unit(benchmark: BenchmarkFixture) -> None:
    """A typical unit: the infantry battalion with the most movement points left."""
    game = mid_campaign()
    side = game.side_to_move
    unit = max((u for u in game.state.active_units(side)
                if game.world.unit_types[u.type_id].movement_class == "foot"),
               key=lambda u: (u.mp, u.id))
    fresh_search(benchmark, game, unit.id)


def test_legal_moves_of_the_fastest_unit(benchmark: BenchmarkFixture) -> None:
    """The worst case: a reconnaissance regiment that can run 80 hexes down a main road."""
    game = mid_campaign()
    side = game.side_to_move
    unit = max(game.state.active_units(side), key=lambda u: (u.mp, u.id))
    fresh_search(benchmark, game, unit.id)


def fresh_search(benchmark: BenchmarkFixture, game: Game, unit_id: str) -> None:
    """`legal_moves` searched anew each round: the state keeps a search until a unit moves, so
    asking again would time the lookup. Each round starts on a fresh copy of the state with its
    indexes built (units per hex, the enemy's zone of control), as they are in play."""
    position = game.state
    enemy = game.world.enemy_of(position.units[unit_id].side)

    def setup() -> tuple[tuple[str], dict[str, object]]:
        game.state = position.copy()
        zoc_of(game.world, game.state, enemy)
        return (unit_id,), {}

    benchmark.pedantic(game.legal_moves, setup=setup, rounds=50, iterations=1)


@pytest.mark.budget(ms=20)
def test_one_whole_day(benchmark: BenchmarkFixture) -> None:
    game = mid_campaign()
    snapshot = game.state.copy()

    def one_day() -> None:
        game.state = snapshot.copy()
        game.push(EndTurn(game.side_to_move))
        game.push(EndTurn(game.side_to_move))

    benchmark(one_day)


@pytest.mark.budget(ms=1000)
def test_a_whole_campaign_history_against_passive(benchmark: BenchmarkFixture) -> None:
    w = world()

    def campaign() -> Game:
        game = Game(w.loaded, 1, world=w)
        return play_out(game, {
            w.side_ids[0]: make_controller("history", game, w.side_ids[0]),
            w.side_ids[1]: make_controller("passive", game, w.side_ids[1]),
        })

    game = benchmark.pedantic(campaign, rounds=3, iterations=1)
    assert game.over
