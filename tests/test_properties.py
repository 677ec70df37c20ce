"""Property tests: random legal order sequences over whole campaigns never break an invariant."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.format.loaded import ScenarioError
from engine.format.loading import load_scenario
from engine.format.sandbox import loaded_from_data, read_yaml
from engine.game import Game
from engine.orders import EndTurn
from engine.rules.movement import zoc_hexes
from engine.rules.supply import trace
from engine.world import World

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal_scenario.yaml"
CHANNEL = ROOT / "scenarios" / "channel_ports_1944.yaml"


@lru_cache(maxsize=1)
def minimal_world() -> World:
    return World(loaded_from_data(read_yaml(MINIMAL)))


@lru_cache(maxsize=1)
def channel_world() -> World | None:
    if not CHANNEL.is_file():
        return None
    try:
        return World(load_scenario(CHANNEL))
    except ScenarioError:
        return None


def check_invariants(game: Game) -> None:
    world, state = game.world, game.state
    limit = world.ruleset.movement.stacking_limit
    for side, count in ((s, c) for per in state.occupancy().values() for s, c in per.items()):
        assert count <= limit, f"{side} stacked {count} units in one hex"
    for hex_, per in state.occupancy().items():
        assert world.map.land[hex_], f"a unit stands in the sea at {world.map.grid.hex_of(hex_)}"
        assert len(per) == 1, f"both sides share hex {world.map.grid.hex_of(hex_)}"
    for u in state.units.values():
        assert u.men >= 0 and u.lost >= 0 and u.captured >= 0, u
        assert u.men + u.lost + u.captured == u.initial, u
        assert 0.0 <= u.morale <= 100.0 and 0.0 <= u.suppression <= 1.0, u
        assert u.deployed == (u.status == "active"), u
    for place in world.scenario.places:
        total = (state.civilians[place.id] + state.civilian_casualties.get(place.id, 0)
                 + state.civilians_evacuated.get(place.id, 0))
        assert total == place.civilians and state.civilians[place.id] >= 0
    for food, ammo in state.depots.values():
        assert food >= 0 and ammo >= 0
    assert (state.works >= 0).all()
    for o in world.scenario.victory.objectives:
        held = all(state.owner.get(p) == o.side for p in (o.place, *o.includes))
        assert (state.captured[o.place] is not None) == held, o.place
    check_index(game)


def check_index(game: Game) -> None:
    """The incrementally kept index of units per hex (and its zone-of-control overlay) says
    exactly what a scan of every unit says."""
    world, state = game.world, game.state
    scan: dict[int, list[str]] = {}
    for u in state.units.values():
        if u.deployed:
            scan.setdefault(u.hex, []).append(u.id)
    indexed = {h: [u.id for u in units] for h, units in state.positions().at.items()}
    assert indexed == scan
    for side in world.side_ids:
        zoc = {h for u in state.units.values()
               if u.deployed and u.side == side and world.unit_types[u.type_id].zone_of_control
               for h in (u.hex, *world.map.neighbours[u.hex]) if h >= 0
               and (h == u.hex or world.map.land[h])}
        assert zoc_hexes(world, state, side) == zoc


def check_supply_is_fresh(game: Game) -> None:
    for side in game.world.side_ids:
        fresh, _ = trace(game.world, game.state, side)
        stored = {k: v for k, v in game.state.supply.items()
                  if game.state.units[k].side == side and game.state.units[k].deployed}
        assert stored == fresh


def play(world: World, seed: int, picks: list[int], limit_moves: int) -> None:
    game = Game(world.loaded, seed, world=world)
    check_invariants(game)
    check_supply_is_fresh(game)
    for pick in picks:
        if game.over:
            return
        options = game.legal_orders(limit_moves=limit_moves)
        order = options[pick % len(options)]
        day = game.state.turn
        game.push(order)
        check_invariants(game)
        if game.state.turn != day:
            check_supply_is_fresh(game)
    while not game.over:
        game.push(EndTurn(game.side_to_move))
        check_invariants(game)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), picks=st.lists(st.integers(0, 10_000), max_size=200))
def test_random_campaigns_on_the_minimal_scenario_keep_every_invariant(
    seed: int, picks: list[int]
) -> None:
    play(minimal_world(), seed, picks, limit_moves=6)


@pytest.mark.skipif(channel_world() is None, reason="Channel scenario missing or invalid")
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), picks=st.lists(st.integers(0, 10_000), max_size=150))
def test_random_campaigns_on_the_channel_scenario_keep_every_invariant(
    seed: int, picks: list[int]
) -> None:
    world = channel_world()
    assert world is not None
    play(world, seed, picks, limit_moves=2)
