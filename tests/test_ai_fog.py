"""Under fog of war a controller plays on what its side sees: hidden enemy units are not in its
position, known works stand at their type's full strength, its own orders still reach the real
game, and the real game is never changed by what the side believes."""

from __future__ import annotations

from typing import Any

from engine.ai.belief import BelievedGame, believed_position
from engine.controllers import make_controller, play_out
from engine.format.sandbox import Field, ruleset_data
from engine.game import Game
from engine.orders import AirRaid, Bombard, Move

OPEN = ["~.............."] * 9


def no_air_sight() -> dict[str, Any]:
    data = ruleset_data()
    data["engine"]["intelligence"] = {**data["engine"]["intelligence"], "air_sight_hexes": 0,
                                      "known_symbols": ["fortress"]}
    return data


def field() -> Field:
    """Allied guns and infantry in the west; one German infantry battalion next to the infantry,
    one out of sight but in the guns' range, a fortress battalion far east in the objective."""
    f = Field(OPEN, days=6).place("rear", (1, 4), side="allies").source("s", "allies", "rear")
    f.place("town", (12, 4), side="germans")
    f.unit("inf", "allies", "infantry_bn", (3, 4))
    f.unit("guns", "allies", "medium_artillery_regt", (2, 6))
    f.unit("contact", "germans", "infantry_bn", (4, 4))
    f.unit("hidden", "germans", "infantry_bn", (7, 7), strength=300)
    f.unit("works", "germans", "fortress_bn", (12, 4), strength=250)
    return f


def test_the_believed_position_hides_what_the_side_cannot_see() -> None:
    game = Game(field().loaded(no_air_sight()), seed=1)
    believed = believed_position(game.world, game.state, "allies")
    assert believed.units["hidden"].hex == -1
    assert believed.units["contact"].hex == game.state.units["contact"].hex
    full = game.world.unit_types["fortress_bn"].full_strength
    assert (believed.units["works"].men, game.state.units["works"].men) == (full, 250)
    assert game.state.units["hidden"].hex >= 0  # the truth is untouched


def test_orders_reach_the_real_game_and_the_belief_follows_in_place() -> None:
    game = Game(field().loaded(no_air_sight()), seed=1)
    fogged = BelievedGame(game, "allies")
    believed = fogged.state
    inf = believed.units["inf"]
    fogged.push(Move("allies", "inf", (6, 7)))  # next to the hidden unit
    assert game.state.units["inf"].hex == game.world.map.grid.index((6, 7))
    assert fogged.state is believed and inf.hex == game.state.units["inf"].hex
    assert believed.units["hidden"].hex == game.state.units["hidden"].hex  # now in contact
    assert [u.id for u in believed.units_at(inf.hex)] == ["inf"]


def test_a_fogged_player_never_fires_at_what_it_cannot_see() -> None:
    fired = {True: 0, False: 0}
    for seed in range(12):
        for fog in (True, False):
            f = field()
            f.data["units"] = [u for u in f.data["units"] if u["id"] != "contact"]
            game = Game(f.loaded(no_air_sight()), seed=seed)
            make_controller("random", game, "allies", fog=fog).play_phase(game)
            shots = [o for o in game.orders if isinstance(o, (Bombard, AirRaid))]
            fired[fog] += len(shots)
    assert fired[True] == 0 < fired[False]


def test_a_whole_campaign_under_fog_runs_to_its_end_the_same_for_the_same_seed() -> None:
    def campaign(seed: int) -> Game:
        game = Game(field().loaded(no_air_sight()), seed=seed)
        return play_out(game, {"allies": make_controller("ai", game, "allies", fog=True),
                               "germans": make_controller("ai", game, "germans", fog=True)})

    first, again = campaign(3), campaign(3)
    assert first.over and first.orders == again.orders
    assert first.state.digest() == again.state.digest()
