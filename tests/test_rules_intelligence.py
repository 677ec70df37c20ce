"""Fog of war: each side sees the enemy in contact, in reach of its patrols and, on flying days,
from the air; fixed works are known by position only; garrisons are shown as strength ranges;
observing never changes the game."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.format.loaded import ScenarioError
from engine.format.loading import load_scenario
from engine.format.sandbox import Field, ruleset_data
from engine.game import Game
from engine.orders import EndTurn, Move
from engine.rules.intelligence import observe

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
