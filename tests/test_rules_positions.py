"""The per-hex unit index and the targeted move check: same answers as a scan and a full search.

`Move` orders are checked by a search that stops at their destination (`movement.reach`) and
the rules look units up in an index kept current as units move (`GameState.positions`); both
are there for speed only, so they must agree exactly with `legal_moves` and with a scan.
"""

from __future__ import annotations

import copy

import pytest

from engine.format.loading import load_scenario
from engine.format.sandbox import Field
from engine.game import Game
from engine.history.plan_tactics import approach
from engine.orders import Assault, EndTurn, Move
from engine.rules.movement import move_blocked, reach, reach_costs, reachable
from tests.conftest import CHANNEL_PORTS

OPEN = ["~........"] * 7


def game() -> Game:
    f = (
        Field(OPEN).place("rear", (1, 3), side="allies").place("town", (7, 3), side="germans")
        .source("rear_src", "allies", "rear")
        .unit("inf", "allies", "infantry_bn", (2, 3))
        .unit("inf2", "allies", "infantry_bn", (2, 2))
        .unit("inf3", "allies", "infantry_bn", (5, 3))
        .unit("g", "germans", "fortress_bn", (6, 3))
    )
    f.line("rd", "main_road", [(2, 1), (7, 1)])
    return Game(f.loaded(), seed=1)


def test_the_targeted_check_agrees_with_the_full_search_on_every_hex() -> None:
    g = game()
    world, state = g.world, g.state
    for uid in ("inf", "inf2"):
        unit = state.units[uid]
        full = reachable(world, state, unit)
        for h in range(world.map.grid.size):
            one = reach(world, state, unit, h)
            assert (one is None) == (h not in full), (uid, world.map.grid.hex_of(h))
            if one is not None:
                assert (one.cost, one.path) == (full[h].cost, full[h].path)


def test_a_move_is_legal_exactly_where_legal_moves_says() -> None:
    g = game()
    options = {o.to: o for o in g.legal_moves("inf")}
    for h in range(g.world.map.grid.size):
        to = g.world.map.grid.hex_of(h)
        order = Move("allies", "inf", to)
        assert (g.check(order) is None) == (to in options), to
    to, option = next(iter(options.items()))
    moved = next(e for e in g.push(Move("allies", "inf", to)) if e.kind == "moved")
    assert moved.get("cost") == round(option.cost, 6)
    assert moved.get("path") == tuple(tuple(h) for h in option.path)


def test_the_index_follows_every_move_and_a_copy_has_its_own() -> None:
    g = game()
    state = g.state
    before = copy.copy(state.units["inf"])
    snapshot = state.copy()
    to = g.legal_moves("inf")[0].to
    g.push(Move("allies", "inf", to))
    h = g.world.map.grid.index(to)
    assert [u.id for u in g.state.units_at(h)] == ["inf"]
    assert g.state.units_at(before.hex, "allies") == []
    assert [u.id for u in snapshot.units_at(before.hex)] == ["inf"]  # the copy did not move
    assert snapshot.units_at(h) == []
    snapshot.units["inf"].hex = h  # moving a unit of the copy leaves the game's index alone
    assert [u.id for u in snapshot.units_at(h)] == ["inf"]
    assert [u.id for u in g.state.units_at(h)] == ["inf"]
    assert before == copy.copy(before) and "_positions" not in vars(before)


def test_can_move_gives_the_reason_a_move_would_be_refused() -> None:
    g = game()
    assert g.can_move("inf") is None
    g.push(Assault("allies", ("inf3",), (6, 3)))
    reason = g.can_move("inf3")
    assert reason is not None and "attacked" in reason
    assert g.check(Move("allies", "inf3", (4, 4))) == reason
    with pytest.raises(KeyError):
        g.can_move("nobody")


def test_a_search_stopped_at_one_target_and_resumed_for_others_answers_as_a_whole_one() -> None:
    """A unit's search is kept and resumed (issue 16): checking one move settles hexes only
    up to its target, a later question goes on from there. Targets asked far first, near
    first and at random give the costs, paths and tree of one whole search."""
    g = game()
    world = g.world
    whole = reachable(world, g.state.copy(), g.state.units["inf"])
    far_first = sorted(whole, key=lambda h: -whole[h].cost)
    for order in (far_first, far_first[::-1], sorted(whole, key=lambda h: (h * 7919) % 101)):
        state = g.state.copy()
        unit = state.units["inf"]
        for h in order:
            one = reach(world, state, unit, h)
            assert one is not None and (one.cost, one.path) == (whole[h].cost, whole[h].path)
        assert reach_costs(world, state, unit) == reach_costs(world, g.state.copy(),
                                                              g.state.copy().units["inf"])


def test_the_plans_approach_is_the_nearest_cheapest_lowest_hex_of_the_whole_search() -> None:
    """`approach` stops its search at the first hex it settles at (or next to) the goal; on
    every goal of the map it picks what ranking the whole search's hexes picks."""
    g = game()
    world = g.world
    for uid in ("inf", "inf2", "inf3"):
        for goal in range(world.map.grid.size):
            for adjacent in (False, True):
                state = g.state.copy()
                unit = state.units[uid]
                g.state, saved = state, g.state
                move = approach(g, unit, goal, adjacent)
                g.state = saved
                costs, _ = reach_costs(world, g.state.copy(), g.state.copy().units[uid])
                here = world.map.distance(unit.hex, goal)
                want = 1 if adjacent else 0
                ranked = sorted((world.map.distance(h, goal), c, h) for h, c in costs.items()
                                if world.map.distance(h, goal) >= want)
                expected = None
                if here > want and ranked and ranked[0][0] < here:
                    expected = world.map.grid.hex_of(ranked[0][2])
                assert (move.to if move else None) == expected, (uid, goal, adjacent)


def test_a_check_aimed_at_one_hex_gives_the_whole_searchs_cost_and_path_on_the_channel_map(
) -> None:
    """A `Move`'s check with no search begun leaves out the hexes from which even the
    cheapest ground could not reach its target in time (issue 16): on the real map, with
    roads, rivers and the enemy's zones, every reachable hex of the fastest units of both
    sides gets the cost and the path of the whole search."""
    g = Game(load_scenario(CHANNEL_PORTS), seed=3)
    g.push(EndTurn("allies"))  # the Germans' phase, then the Allies' again, all on the map
    g.push(EndTurn("germans"))
    world = g.world
    for side in ("allies", "germans"):
        units = sorted((u for u in g.state.active_units(side)
                        if move_blocked(world, g.state, u) is None),
                       key=lambda u: (-u.mp, u.id))[:3]
        for u in units:
            whole = reachable(world, g.state.copy(), u)
            assert len(whole) > 20
            for h, r in whole.items():
                state = g.state.copy()  # no search begun: the check aims at `h` alone
                one = reach(world, state, state.units[u.id], h)
                assert one is not None and (one.cost, one.path) == (r.cost, r.path), (u.id, h)
