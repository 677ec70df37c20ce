"""Movement: terrain costs, roads, river crossings, zones of control, stacking, static units."""

from __future__ import annotations

import pytest

from engine.format.sandbox import Field
from engine.game import Game
from engine.orders import EndTurn, IllegalOrder, Move

OPEN = ["~........"] * 7


def field() -> Field:
    return (
        Field(OPEN).place("rear", (1, 3), side="allies").place("town", (7, 3), side="germans")
        .source("rear_src", "allies", "rear")
    )


def costs(game: Game, unit: str) -> dict[tuple[int, int], float]:
    return {m.to: m.cost for m in game.legal_moves(unit)}


def test_open_ground_costs_one_point_per_hex_for_foot() -> None:
    game = Game(field().unit("inf", "allies", "infantry_bn", (2, 3)).loaded(), seed=1)
    assert costs(game, "inf")[(5, 3)] == pytest.approx(3.0)


def test_a_unit_cannot_reach_past_its_movement_points() -> None:
    game = Game(field().unit("g", "germans", "fortress_bn", (7, 3)).loaded(), seed=1)
    game.push(EndTurn("allies"))
    reach = costs(game, "g")
    assert max(reach.values()) <= 5.0
    assert (1, 3) not in reach  # six hexes away, five points


def test_road_along_the_hexsides_is_cheaper_than_open_ground() -> None:
    f = field().unit("inf", "allies", "infantry_bn", (2, 1))
    f.line("rd", "main_road", [(2, 1), (7, 1)])
    game = Game(f.loaded(), seed=1)
    assert costs(game, "inf")[(6, 1)] == pytest.approx(4 * 0.5)


def test_crossing_a_river_hexside_costs_extra() -> None:
    f = field().unit("inf", "allies", "infantry_bn", (2, 3))
    lat_a, lon_a = f.at((3, 0))
    lat_b, lon_b = f.at((3, 6))
    # a north-south river between columns 3 and 4
    dlon = (f.at((4, 0))[1] - lon_a) / 2
    f.line_points("river", "river", [[lat_a + 0.01, lon_a + dlon], [lat_b - 0.01, lon_b + dlon]])
    game = Game(f.loaded(), seed=1)
    assert costs(game, "inf")[(3, 3)] == pytest.approx(1.0)
    assert costs(game, "inf")[(4, 3)] == pytest.approx(2.0 + 2.0)  # two hexes + river crossing


def test_entering_enemy_zoc_ends_movement() -> None:
    f = field().unit("inf", "allies", "infantry_bn", (2, 3))
    f.unit("g", "germans", "fortress_bn", (5, 3))
    game = Game(f.loaded(), seed=1)
    reach = costs(game, "inf")
    assert (4, 3) in reach  # adjacent to the enemy: may enter
    assert (6, 2) not in reach or reach[(6, 2)] > 4  # cannot slip through the zone
    move = next(m for m in game.legal_moves("inf") if m.to == (4, 3))
    game.push(Move("allies", "inf", (4, 3)))
    assert game.state.units["inf"].mp == 0.0
    assert move.path[-1] == (4, 3)


def test_leaving_an_enemy_zoc_costs_extra_points() -> None:
    f = field().unit("inf", "allies", "infantry_bn", (4, 3))
    f.unit("g", "germans", "fortress_bn", (5, 3))
    game = Game(f.loaded(), seed=1)
    assert costs(game, "inf")[(3, 3)] == pytest.approx(1.0 + 2.0)


def test_no_unit_may_enter_a_hex_held_by_the_enemy() -> None:
    f = field().unit("inf", "allies", "infantry_bn", (4, 3))
    f.unit("g", "germans", "fortress_bn", (5, 3))
    game = Game(f.loaded(), seed=1)
    assert (5, 3) not in costs(game, "inf")
    with pytest.raises(IllegalOrder, match="cannot reach"):
        game.push(Move("allies", "inf", (5, 3)))


def test_a_move_may_not_end_in_a_full_stack() -> None:
    f = field()
    for n in range(4):
        f.unit(f"s{n}", "allies", "infantry_bn", (3, 3))
    f.unit("inf", "allies", "infantry_bn", (2, 3))
    game = Game(f.loaded(), seed=1)
    assert (3, 3) not in costs(game, "inf")
    assert (4, 3) in costs(game, "inf")  # passing through the full stack is allowed


def test_static_units_never_move() -> None:
    f = field().unit("bty", "germans", "coastal_battery_medium", (7, 3))
    game = Game(f.loaded(), seed=1)
    game.push(EndTurn("allies"))
    assert game.legal_moves("bty") == []
    with pytest.raises(IllegalOrder, match="static"):
        game.push(Move("germans", "bty", (6, 3)))


def test_motor_units_cannot_enter_inundated_land_but_may_use_a_dyke_road() -> None:
    f = Field(["~.iii....", "~.iii....", "~.iii...."]).place("rear", (0 + 1, 1), side="allies")
    f.source("src", "allies", "rear").unit("mg", "allies", "machine_gun_bn", (1, 1))
    assert (3, 1) not in costs(Game(f.loaded(), seed=1), "mg")
    f.line("dyke", "road", [(1, 1), (6, 1)])
    assert (5, 1) in costs(Game(f.loaded(), seed=1), "mg")


def test_a_refused_move_changes_nothing() -> None:
    game = Game(field().unit("inf", "allies", "infantry_bn", (2, 3)).loaded(), seed=1)
    before = game.state.fingerprint()
    with pytest.raises(IllegalOrder):
        game.push(Move("allies", "inf", (0, 0)))  # sea
    assert game.state.fingerprint() == before
    assert game.orders == []


def test_the_path_of_a_legal_move_is_connected_and_starts_at_the_unit() -> None:
    game = Game(field().unit("inf", "allies", "infantry_bn", (2, 3)).loaded(), seed=1)
    grid = game.world.map.grid
    for option in game.legal_moves("inf"):
        assert option.path[0] == (2, 3) and option.path[-1] == option.to
        for a, b in zip(option.path, option.path[1:], strict=False):
            assert b in grid.neighbours(a)


def test_under_the_fortress_order_garrisons_may_not_leave_fortified_positions() -> None:
    f = field().place("works", (6, 3), side="germans", fortification=2)
    f.unit("g", "germans", "fortress_bn", (6, 3)).unit("h", "germans", "fortress_bn", (7, 5))
    f.event(id="fo", date="1944-09-17", kind="fortress_order", side="germans", morale_change=0)
    game = Game(f.loaded(), seed=1)
    game.push(EndTurn("allies"))
    assert game.legal_moves("g") == []
    with pytest.raises(IllegalOrder, match="fortress order"):
        game.push(Move("germans", "g", (5, 3)))
    assert game.legal_moves("h")  # in the open it may still move


def test_a_search_kept_for_reuse_is_dropped_when_the_enemy_moves() -> None:
    """Searches are reused on unchanged positions (issue 16); an enemy moving must change the
    answer next time: here a German battalion steps into the Allied battalion's path."""
    f = field().unit("inf", "allies", "infantry_bn", (2, 3))
    f.unit("g", "germans", "infantry_bn", (7, 3))
    game = Game(f.loaded(), seed=1)
    before = costs(game, "inf")
    assert (5, 3) in before and before == costs(game, "inf")
    game.push(EndTurn("allies"))
    game.push(Move("germans", "g", (4, 3)))
    game.push(EndTurn("germans"))
    after = costs(game, "inf")
    assert (4, 3) in before and (4, 3) not in after  # the enemy now stands there
    assert after[(5, 3)] > before[(5, 3)]  # the way past it goes round
    fresh = Game(f.loaded(), seed=1)
    for order in game.orders:
        fresh.push(order)
    assert costs(fresh, "inf") == after


def test_a_kept_search_survives_a_friendly_move_and_still_gives_the_same_answer() -> None:
    f = field().unit("inf", "allies", "infantry_bn", (2, 3)).unit("b", "allies", "infantry_bn",
                                                                  (2, 5))
    f.unit("g", "germans", "infantry_bn", (7, 3))
    game = Game(f.loaded(), seed=1)
    costs(game, "inf")
    game.push(Move("allies", "b", (3, 5)))
    fresh = Game(f.loaded(), seed=1)
    fresh.push(Move("allies", "b", (3, 5)))
    assert costs(game, "inf") == costs(fresh, "inf")
    assert [m.path for m in game.legal_moves("inf")] == [m.path for m in fresh.legal_moves("inf")]
