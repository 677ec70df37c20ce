"""Supply lines, pockets, depots and the growing cost of being cut off."""

from __future__ import annotations

import pytest

from engine.format.sandbox import Field, ruleset_data
from engine.game import Game
from engine.orders import EndTurn
from engine.rules.supply import factors, trace
from engine.state import CUT_OFF, DEPOT, SUPPLIED

OPEN = ["~.........."] * 7


def end_day(game: Game) -> None:
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))


def test_a_unit_linked_to_its_source_is_supplied_and_the_path_is_reported() -> None:
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.unit("inf", "allies", "infantry_bn", (5, 3))
    game = Game(f.loaded(), seed=1)
    report = game.supply_report("allies")["inf"]
    assert report["state"] == SUPPLIED and report["source"] == "s"
    assert report["path"][0] == [5, 3] and report["path"][-1] == [1, 3]
    assert len(report["path"]) == 5


def test_enemy_units_and_their_uncontested_zones_block_supply() -> None:
    # A German line across the map between the Allied unit and its source.
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.unit("inf", "allies", "infantry_bn", (8, 3))
    for row in (0, 2, 4, 6):
        f.unit(f"g{row}", "germans", "fortress_bn", (5, row))
    game = Game(f.loaded(), seed=1)
    assert game.supply_report("allies")["inf"]["state"] != SUPPLIED


def test_a_friendly_unit_in_an_enemy_zone_keeps_the_line_open() -> None:
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.unit("inf", "allies", "infantry_bn", (8, 3))
    for row in (0, 2, 4, 6):
        f.unit(f"g{row}", "germans", "fortress_bn", (5, row))
    f.unit("gap", "allies", "infantry_bn", (5, 3))  # stands between g2 and g4
    f.unit("lane", "allies", "infantry_bn", (4, 3))  # and in the zone in front of the gap
    game = Game(f.loaded(), seed=1)
    assert game.supply_report("allies")["inf"]["state"] == SUPPLIED


def test_supply_lines_have_a_maximum_length() -> None:
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.unit("inf", "allies", "infantry_bn", (9, 3))
    rules = ruleset_data()
    rules["engine"]["supply"]["max_trace_hexes"] = 3
    game = Game(f.loaded(rules), seed=1)
    info, pockets = trace(game.world, game.state, "allies")
    assert info["inf"].state == CUT_OFF
    assert pockets == []  # out of reach, but not encircled


def ringed() -> Field:
    """A German fortress at (5, 3) with a depot, ringed by Allied units."""
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("fort", (5, 3), side="germans").depot("fort", "germans", food=3, ammo=2)
    f.unit("garrison", "germans", "fortress_bn", (5, 3), quality="regular")
    for n, h in enumerate([(4, 1), (6, 1), (3, 3), (7, 3), (4, 5), (6, 5)]):
        f.unit(f"ring{n}", "allies", "infantry_bn", h)
    return f


def test_an_encircled_garrison_lives_on_the_depot_inside_its_pocket() -> None:
    game = Game(ringed().loaded(), seed=1)
    report = game.supply_report("germans")["garrison"]
    assert report["state"] == DEPOT and report["depot"] == "fort"
    assert report["pocket"]["depots"] == ["fort"]
    assert report["stocks"] == {"food_days": 3, "ammo_days": 2}
    assert any(e.kind == "encircled" for e in game.opening_events)


def test_a_depot_feeds_only_units_within_its_range() -> None:
    f = ringed()
    f.unit("far_post", "germans", "fortress_bn", (10, 6))  # cut off, far from the fort
    rules = ruleset_data()
    rules["engine"]["supply"]["depot_range_hexes"] = 2
    game = Game(f.loaded(rules), seed=1)
    report = game.supply_report("germans")
    assert report["garrison"]["state"] == DEPOT
    assert report["far_post"]["state"] == CUT_OFF


def test_depot_stocks_run_down_one_day_per_day() -> None:
    game = Game(ringed().loaded(), seed=1)
    end_day(game)
    assert game.state.depots["fort"] == [2.0, 1.0]
    end_day(game)
    assert game.state.depots["fort"][1] == 0.0
    assert any(e.kind == "depot_empty" and e.get("stock") == "ammo" for e in game.events[-1])


def test_a_pocket_without_stocks_is_out_of_supply_and_suffers_more_each_day() -> None:
    game = Game(ringed().loaded(), seed=1)
    for _ in range(4):
        end_day(game)
    assert game.state.supply["garrison"].state == CUT_OFF
    early = factors(game.world, game.state, "garrison")
    for _ in range(3):
        end_day(game)
    if game.state.units["garrison"].deployed:
        late = factors(game.world, game.state, "garrison")
        assert late[0] < early[0] and late[2] <= early[2]
    assert game.state.units["garrison"].oos_days >= 1 or not game.state.units["garrison"].deployed


def test_out_of_supply_steps_cut_attack_then_movement() -> None:
    game = Game(ringed().loaded(), seed=1)
    steps = game.world.rules.supply.out_of_supply
    assert steps[0].attack < 1.0
    assert steps[-1].movement == 0.0
    assert [s.days for s in steps] == sorted(s.days for s in steps)


def test_stored_supply_equals_a_fresh_trace_at_the_start_of_each_day() -> None:
    game = Game(ringed().loaded(), seed=1)
    end_day(game)
    for side in ("allies", "germans"):
        fresh, _ = trace(game.world, game.state, side)
        stored = {k: v for k, v in game.state.supply.items() if game.state.units[k].side == side}
        assert fresh == stored


@pytest.mark.parametrize("side", ["allies", "germans"])
def test_supply_report_covers_every_unit_on_the_map(side: str) -> None:
    game = Game(ringed().loaded(), seed=1)
    on_map = {u.id for u in game.state.active_units(side)}
    assert set(game.supply_report(side)) == on_map
