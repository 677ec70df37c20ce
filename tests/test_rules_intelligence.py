"""Fog of war: each side sees the enemy in contact, in reach of its patrols and, on flying days,
from the air; fixed works are known by position only, their level as the side last saw it;
garrisons are shown as strength ranges; observing never changes the game."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.ai.belief import BelievedGame, believed_position
from engine.format.loaded import ScenarioError
from engine.format.loading import load_scenario
from engine.format.sandbox import Field, ruleset_data
from engine.game import Game
from engine.orders import Bombard, EndTurn, Move
from engine.rules.intelligence import observe, visible_hexes
from engine.rules.prediction import predict_fire
from tests.conftest import CHANNEL_PORTS

OPEN = ["~.............."] * 9


def front(**allies: Any) -> Field:
    """Allied infantry at (2, 4); German units 1, 2, 3 and 8 hexes east of it, the last a
    fortress battalion in the German town (10, 4), the Allies' objective."""
    f = Field(OPEN, days=6).place("rear", (1, 4), side="allies").source("s", "allies", "rear")
    f.place("town", (10, 4), side="germans")
    f.unit("inf", "allies", "infantry_bn", (2, 4))
    f.unit("next_door", "germans", "infantry_bn", (3, 4))
    f.unit("two_off", "germans", "infantry_bn", (4, 4))
    f.unit("three_off", "germans", "infantry_bn", (5, 4))
    f.unit("far", "germans", "fortress_bn", (10, 4))
    sides = f.data["sides"]
    sides[0].update(allies)
    return f


def seen_ids(game: Game, side: str = "allies", fog: bool = True) -> set[str]:
    return {u.id for u in observe(game.world, game.state, side, fog=fog).seen}


def ruleset(**intelligence: Any) -> dict[str, Any]:
    data = ruleset_data()
    data["engine"]["intelligence"] = {**data["engine"]["intelligence"], **intelligence}
    return data


def test_a_unit_sees_the_enemy_next_to_it_and_no_further() -> None:
    game = Game(front().loaded(ruleset(air_sight_hexes=0)), seed=1)
    assert seen_ids(game) == {"next_door"}


def test_reconnaissance_sees_further_than_infantry() -> None:
    f = front()
    f.unit("recce", "allies", "recce_regt", (2, 5))
    game = Game(f.loaded(ruleset(air_sight_hexes=0, sight_by_symbol={"reconnaissance": 3})),
                seed=1)
    assert {"next_door", "two_off", "three_off"} <= seen_ids(game)
    assert "far" not in seen_ids(game)


def flying(weather: str, air_reconnaissance: bool = True) -> Game:
    f = front(air_reconnaissance=air_reconnaissance)
    f.data["weather"] = {"known": [{"date": f.data["start_date"], "weather": weather}],
                         "chances": {}}
    return Game(f.loaded(ruleset(air_sight_hexes=3, air_sight_min_factor=0.5)), seed=1)


def test_air_reconnaissance_sees_further_on_flying_days_only() -> None:
    air = {w["id"]: w["air"] for w in ruleset_data()["weather"]}
    clear = max(air, key=air.get)
    grounded = min(air, key=air.get)
    assert air[clear] >= 0.5 > air[grounded]
    assert {"two_off", "three_off"} <= seen_ids(flying(clear))
    assert seen_ids(flying(grounded)) == {"next_door"}
    assert seen_ids(flying(clear, air_reconnaissance=False)) == {"next_door"}


def test_fixed_works_are_known_by_position_not_by_strength() -> None:
    game = Game(front().loaded(ruleset(air_sight_hexes=0, known_symbols=["fortress"])), seed=1)
    view = observe(game.world, game.state, "allies")
    known = {u.id: u for u in view.known}
    assert set(known) == {"far"}
    assert known["far"].men is None
    assert known["far"].hex == game.state.units["far"].hex
    assert "far" not in {u.id for u in view.seen}


def test_with_the_fog_off_everything_is_seen_exactly() -> None:
    game = Game(front().loaded(), seed=1)
    view = observe(game.world, game.state, "allies", fog=False)
    assert {u.id for u in view.seen} == {"next_door", "two_off", "three_off", "far"}
    assert all(u.men == game.state.units[u.id].men for u in view.seen)
    assert view.visible.all()


def test_moving_next_to_the_enemy_brings_it_into_sight() -> None:
    f = front()
    f.unit("patrol", "allies", "infantry_bn", (8, 6))
    game = Game(f.loaded(ruleset(air_sight_hexes=0)), seed=1)
    assert "far" not in seen_ids(game)
    game.push(Move("allies", "patrol", (9, 5)))
    assert "far" in seen_ids(game)


def test_a_garrison_range_comes_from_the_sources_when_the_scenario_gives_one() -> None:
    f = front()
    f.objective("town", garrison_estimate={"men": [1500, 4000], "sources": ["s1"]})
    f.data.setdefault("sources", []).append({"id": "s1", "title": "A source"})
    game = Game(f.loaded(ruleset(air_sight_hexes=0)), seed=1)
    (view,) = observe(game.world, game.state, "allies").garrisons
    assert (view.objective, view.low, view.high, view.sources) == ("town", 1500, 4000, ("s1",))
    assert view.seen_men == 0


def test_without_a_source_the_range_is_the_rules_estimate_and_holds_the_truth_loosely() -> None:
    game = Game(front().loaded(ruleset(air_sight_hexes=0, estimate_spread=0.4)), seed=1)
    (view,) = observe(game.world, game.state, "allies").garrisons
    truth = game.state.units["far"].men
    assert view.sources == ()
    assert view.low < truth < view.high  # a 40% spread round a centre off by at most 20%
    assert view.low % 100 == 0 and view.high % 100 == 0
    again = Game(front().loaded(ruleset(air_sight_hexes=0, estimate_spread=0.4)), seed=99)
    assert observe(again.world, again.state, "allies").garrisons == (view,)


def test_a_range_in_the_wrong_order_and_an_unknown_symbol_are_located_errors(
        minimal_scenario_path: Path) -> None:
    scenario = minimal_scenario_path.read_text(encoding="utf-8")
    objective = "{place: boulogne, side: allies, points: 100,"
    assert objective in scenario
    minimal_scenario_path.write_text(scenario.replace(
        objective, objective + " garrison_estimate: {men: [4000, 1500]},"), encoding="utf-8")
    rules = minimal_scenario_path.parent / "rules" / "ww2_west_1944.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "      reconnaissance: 3" in text
    rules.write_text(text.replace("      reconnaissance: 3", "      recon: 3"), encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(minimal_scenario_path)
    found = {p.key_path: p for p in raised.value.problems if p.severity == "error"}
    estimate = found["victory.objectives[0].garrison_estimate.men"]
    assert "low" in estimate.message and estimate.line == scenario.count(
        "\n", 0, scenario.index(objective)) + 1
    assert any("sight_by_symbol" in key and found[key].file.endswith("ww2_west_1944.yaml")
               for key in found)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), turns=st.integers(0, 4))
def test_observing_changes_nothing_and_draws_no_random_number(seed: int, turns: int) -> None:
    game = Game(front().loaded(), seed=seed)
    for _ in range(turns):
        game.push(EndTurn("allies"))
        game.push(EndTurn("germans"))
    before = game.state.digest()
    rng_before = game.state.rng.bit_generator.state
    for side in game.world.side_ids:
        observe(game.world, game.state, side)
        observe(game.world, game.state, side, fog=False)
    assert game.state.digest() == before
    assert game.state.rng.bit_generator.state == rng_before


FORT = (8, 3)


def shelled_out_of_sight(air_reconnaissance: bool = False, **intelligence: Any) -> Game:
    """Two groups of army guns six hexes from a German fort (works 2.0): in range, out of
    their sight (2 hexes for artillery); an Allied patrol three hexes from it that may walk
    up to it."""
    f = Field(["~.........."] * 7, days=6).place("rear", (1, 3), side="allies")
    f.source("s", "allies", "rear")
    f.place("fort", FORT, side="germans", fortification=2)
    f.unit("garrison", "germans", "fortress_bn", FORT)
    f.unit("guns", "allies", "agra", (2, 3))
    f.unit("more_guns", "allies", "agra", (2, 4))
    f.unit("patrol", "allies", "infantry_bn", (5, 5))
    f.data["sides"][0]["air_reconnaissance"] = air_reconnaissance
    return Game(f.loaded(ruleset(**{"air_sight_hexes": 0, **intelligence})), seed=1)


def test_works_shelled_out_of_sight_keep_the_level_the_side_last_saw() -> None:
    game = shelled_out_of_sight()
    h = game.world.map.grid.index(FORT)
    start = observe(game.world, game.state, "allies")
    assert not start.visible[h] and start.works[h] == 2.0 and start.works_day[h] == -1
    game.push(Bombard("allies", "guns", FORT))
    truth = float(game.state.works[h])
    assert truth < 2.0  # the truth is worn down...
    allies = observe(game.world, game.state, "allies")
    assert allies.works[h] == 2.0 and allies.works_day[h] == -1  # ...the Allies saw none of it
    assert float(game.state.works[h]) == truth  # and observing changed nothing
    germans = observe(game.world, game.state, "germans")  # the garrison sits in them
    assert germans.works[h] == truth and germans.works_day[h] == 0
    assert observe(game.world, game.state, "allies", fog=False).works[h] == truth
    # what the Allied AI plays on and the window's previews read: the level they saw
    believed = believed_position(game.world, game.state, "allies")
    assert believed.works[h] == 2.0
    assert BelievedGame(game, "allies").state.works[h] == 2.0
    assert game.state.works[h] == truth
    game.push(Move("allies", "patrol", (7, 3)))  # next to the fort: now they see
    seen = observe(game.world, game.state, "allies")
    assert seen.visible[h] and seen.works[h] == truth and seen.works_day[h] == 0


def test_works_keep_the_day_the_side_last_saw_them_until_it_sees_them_again() -> None:
    game = shelled_out_of_sight()
    h = game.world.map.grid.index(FORT)
    game.push(Bombard("allies", "guns", FORT))
    game.push(Move("allies", "patrol", (7, 3)))
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))  # day 1 dawns with the patrol still next to the fort
    game.push(Move("allies", "patrol", (4, 5)))  # it falls back out of sight
    seen_level = float(game.state.works[h])
    game.push(Bombard("allies", "guns", FORT))
    assert game.state.works[h] < seen_level
    view = observe(game.world, game.state, "allies")
    assert not view.visible[h]
    assert view.works[h] == seen_level and view.works_day[h] == 1
    prediction = predict_fire(game.world, believed_position(game.world, game.state, "allies"),
                              Bombard("allies", "more_guns", FORT))
    assert prediction.works_before == seen_level  # previews read the belief, not the truth
    # the side's memory is part of the game's record: a replay of the log gives the same view
    again = Game.replay(game.loaded, 1, game.orders)
    replayed = observe(again.world, again.state, "allies")
    assert (replayed.works == view.works).all() and (replayed.works_day == view.works_day).all()


def test_flying_reconnaissance_sees_the_works_the_guns_shelled() -> None:
    game = shelled_out_of_sight(True, air_sight_hexes=6, air_sight_min_factor=0.0)
    h = game.world.map.grid.index(FORT)
    game.push(Bombard("allies", "guns", FORT))
    view = observe(game.world, game.state, "allies")
    assert view.visible[h] and view.works[h] == game.state.works[h] < 2.0


def test_over_a_campaign_a_side_knows_the_works_it_sees_and_only_those() -> None:
    """The historical plan against the German AI in the Channel scenario: at the end of every
    phase, each side's memory holds the level of every work in its sight now (the rules noted
    every change of sight and of works), and works shelled out of sight differ from it at
    times — the fog of the works is real in the campaign, not only in made-up fields."""
    from engine.controllers import make_controller

    game = Game(load_scenario(CHANNEL_PORTS), seed=3, snapshots=False)
    players = {side: make_controller("history" if side == "allies" else "ai", game, side)
               for side in game.world.side_ids}
    sites = game.world.works_sites[0]
    out_of_date = 0
    while not game.over:
        players[game.side_to_move].play_phase(game)
        state = game.state
        for side in game.world.side_ids:
            sees = visible_hexes(game.world, state, side)[sites]
            seen = state.works_seen[side]
            differs = seen.level[sites] != state.works[sites]
            assert not (differs & sees).any(), (state.date, side)
            assert (seen.day[sites][sees] == game.world.day_number(state.date)).all()
            out_of_date += int((differs & ~sees).sum())
    assert out_of_date > 0
