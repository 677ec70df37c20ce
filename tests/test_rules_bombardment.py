"""Preparation fire: artillery shoots and heavy-bomber raids, their effects and their limits."""

from __future__ import annotations

import pytest

from engine.format.sandbox import Field, ruleset_data
from engine.game import Game
from engine.orders import AirRaid, Bombard, EndTurn, IllegalOrder, Move

OPEN = ["~.........."] * 7
TARGET = (8, 3)


def range_field(guns: str = "agra", at: tuple[int, int] = (2, 3), fortification: int = 2,
                civilians: int = 0) -> Field:
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("fort", TARGET, side="germans", fortification=fortification, civilians=civilians)
    f.place("village", (10, 5), civilians=5000)
    f.unit("garrison", "germans", "fortress_bn", TARGET)
    f.unit("guns", "allies" if guns != "coastal_battery_heavy" else "germans", guns, at)
    return f


def raids(f: Field, weather: str = "clear", raids: int = 2, bombers: int = 700) -> Field:
    f.event(id="raids", date="1944-09-17", kind="air_raids", side="allies", raids=raids,
            bombers_per_raid=bombers)
    f.data["weather"]["known"].append({"date": "1944-09-17", "weather": weather})
    return f


def test_a_shoot_suppresses_kills_and_wears_down_the_works() -> None:
    game = Game(range_field().loaded(), seed=1)
    game.push(Bombard("allies", "guns", TARGET))
    garrison = game.state.units["garrison"]
    h = game.world.map.grid.index(TARGET)
    assert garrison.suppression > 0
    assert garrison.lost > 0 and garrison.men + garrison.lost == garrison.initial
    assert game.state.works[h] < 2.0
    assert garrison.morale < game.world.qualities["regular"].morale


def test_concrete_absorbs_more_of_the_fire_than_field_works() -> None:
    light = Game(range_field(fortification=1).loaded(), seed=1)
    heavy = Game(range_field(fortification=4).loaded(), seed=1)
    for game in (light, heavy):
        game.push(Bombard("allies", "guns", TARGET))
    assert heavy.state.units["garrison"].suppression < light.state.units["garrison"].suppression


def test_guns_fire_only_within_their_range() -> None:
    game = Game(range_field(guns="field_artillery_regt", at=(1, 3)).loaded(), seed=1)
    assert game.world.unit_types["field_artillery_regt"].bombard.range_hexes == 6
    with pytest.raises(IllegalOrder, match="reaches 6"):
        game.push(Bombard("allies", "guns", TARGET))


def test_a_gun_fires_once_per_turn() -> None:
    game = Game(range_field().loaded(), seed=1)
    game.push(Bombard("allies", "guns", TARGET))
    with pytest.raises(IllegalOrder, match="already fired"):
        game.push(Bombard("allies", "guns", TARGET))


def test_a_sea_only_coastal_battery_cannot_fire_inland() -> None:
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("cape", (9, 3), side="germans").unit("inf", "allies", "infantry_bn", (5, 3))
    f.unit("lindemann", "germans", "coastal_battery_heavy", (9, 3))
    game = Game(f.loaded(), seed=1)
    from engine.orders import EndTurn

    game.push(EndTurn("allies"))
    with pytest.raises(IllegalOrder, match="only at sea"):
        game.push(Bombard("germans", "lindemann", (5, 3)))


def test_fire_on_a_town_kills_civilians_counted_by_place() -> None:
    game = Game(range_field(civilians=8000).loaded(), seed=1)
    game.push(Bombard("allies", "guns", TARGET))
    killed = game.state.civilian_casualties.get("fort", 0)
    assert killed > 0
    assert game.state.civilians["fort"] == 8000 - killed


def test_an_air_raid_needs_a_granted_raid() -> None:
    game = Game(range_field().loaded(), seed=1)
    with pytest.raises(IllegalOrder, match="no heavy-bomber raid"):
        game.push(AirRaid("allies", TARGET))


def test_granted_raids_are_used_up() -> None:
    game = Game(raids(range_field(), raids=1).loaded(), seed=1)
    game.push(AirRaid("allies", TARGET))
    with pytest.raises(IllegalOrder, match="no heavy-bomber raid"):
        game.push(AirRaid("allies", TARGET))


def test_a_gale_grounds_the_bombers() -> None:
    game = Game(raids(range_field(), weather="storm").loaded(), seed=1)
    with pytest.raises(IllegalOrder, match="grounds the bombers"):
        game.push(AirRaid("allies", TARGET))


def test_bad_weather_weakens_a_raid() -> None:
    clear = Game(raids(range_field(), weather="clear").loaded(), seed=1)
    rain = Game(raids(range_field(), weather="rain").loaded(), seed=1)
    fire = []
    for game in (clear, rain):
        events = game.push(AirRaid("allies", TARGET))
        fire.append(sum(e.get("firepower") for e in events if e.kind == "bombarded"))
    assert fire[1] < fire[0]


def shock_per_suppression(game: Game, order: Bombard | AirRaid) -> float:
    """Morale the garrison lost to one shoot or raid, per unit of the suppression it caused."""
    garrison = game.state.units["garrison"]
    before = garrison.morale
    bombarded = next(e for e in game.push(order) if e.kind == "bombarded")
    return (before - garrison.morale) / bombarded.get("suppression")


def test_a_heavy_raid_shakes_the_men_under_it_more_than_a_shoot_pins_them() -> None:
    """Bombers and guns have their own shock on morale (`air` and `fire`
    `morale_per_suppression`): a carpet of bombs breaks men where a shoot pins them down."""
    shoot = Game(range_field().loaded(), seed=1)
    raid = Game(raids(range_field()).loaded(), seed=1)
    rules = raid.world.rules
    assert rules.air.morale_per_suppression is not None
    assert rules.air.morale_per_suppression > rules.fire.morale_per_suppression
    assert shock_per_suppression(shoot, Bombard("allies", "guns", TARGET)) == pytest.approx(
        rules.fire.morale_per_suppression)
    assert shock_per_suppression(raid, AirRaid("allies", TARGET)) == pytest.approx(
        rules.air.morale_per_suppression)


def test_a_ruleset_without_a_raid_shock_gives_raids_the_shoot_s() -> None:
    ruleset = ruleset_data()
    ruleset["engine"]["air"].pop("morale_per_suppression")
    raid = Game(raids(range_field()).loaded(ruleset), seed=1)
    assert raid.world.rules.air.morale_per_suppression is None
    assert shock_per_suppression(raid, AirRaid("allies", TARGET)) == pytest.approx(
        raid.world.rules.fire.morale_per_suppression)


def test_stray_bombs_can_fall_on_a_nearby_town_more_often_in_bad_weather() -> None:
    strays = {"clear": 0, "rain": 0}
    for weather in strays:
        for seed in range(60):
            game = Game(raids(range_field(), weather=weather).loaded(), seed=seed)
            events = game.push(AirRaid("allies", TARGET))
            hits = [e for e in events if e.kind == "bombs_strayed"]
            strays[weather] += bool(hits)
            for e in hits:
                assert e.get("place") == "village"
                assert game.state.civilian_casualties.get("village", 0) == e.get("civilians_killed")
    assert strays["rain"] > strays["clear"] > 0


def test_the_bombard_targets_query_lists_exactly_the_legal_shoots() -> None:
    game = Game(range_field().loaded(), seed=1)
    assert game.bombard_targets("guns") == [TARGET]
    game.push(Bombard("allies", "guns", TARGET))
    assert game.bombard_targets("guns") == []


# Digging in (engine.rules.entrenchment): German guns shell an Allied brigade in the open.
DUG = (5, 3)


def dig_field(start: tuple[int, int] = DUG, fortification: int = 0) -> Game:
    """An Allied brigade at `start`, a German AGRA-sized battery in range of DUG; a place of
    the given works at DUG."""
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("post", DUG, side="allies", fortification=fortification)
    f.place("fort", (10, 3), side="germans").source("g", "germans", "fort")
    f.unit("guns", "germans", "agra", (10, 3))
    f.unit("bde", "allies", "infantry_bde", start)
    return Game(f.loaded(), seed=5)


def shelled_next_day(game: Game, move_in: bool) -> dict:
    """Day 1 passes quietly; on day 2 the brigade moves into DUG first if `move_in`, then the
    German guns fire on it. The shoot's event."""
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    if move_in:
        game.push(Move("allies", "bde", DUG))
    game.push(EndTurn("allies"))
    (shot,) = [e for e in game.push(Bombard("germans", "guns", DUG)) if e.kind == "bombarded"]
    return shot


def test_a_unit_that_stood_still_loses_fewer_men_to_the_same_fire_than_one_that_moved() -> None:
    stayed, moved = dig_field(), dig_field(start=(4, 3))
    stayed_shot, moved_shot = shelled_next_day(stayed, False), shelled_next_day(moved, True)
    assert stayed_shot.get("firepower") == moved_shot.get("firepower")  # the same fire
    rules = stayed.world.rules.fire
    assert stayed.state.units["bde"].dug_in >= rules.dig_in_days  # a night: fully dug in
    assert moved.state.units["bde"].dug_in == 0
    assert stayed.unit_report("bde")["fire_spared"] == rules.dig_in_protection
    assert moved.unit_report("bde")["fire_spared"] == 0.0
    fire, men = stayed_shot.get("firepower"), 2500
    open_share = min(rules.max_loss_share, rules.losses_per_firepower * fire)
    assert moved_shot.get("losses") == round(men * open_share) > 0
    assert stayed_shot.get("losses") == round(men * open_share * (1 - rules.dig_in_protection))
    assert stayed_shot.get("losses") < moved_shot.get("losses")
    # digging in saves men, it does not keep their heads up: the same suppression and morale
    assert stayed.state.units["bde"].suppression == moved.state.units["bde"].suppression
    assert stayed.state.units["bde"].morale == moved.state.units["bde"].morale


def test_moving_retreating_or_advancing_leaves_the_foxholes_behind() -> None:
    game = dig_field(start=(4, 3))
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    bde = game.state.units["bde"]
    assert bde.dug_in == 1  # a night where it stands
    game.push(Move("allies", "bde", DUG))
    assert bde.dug_in == 0  # moved: digging starts again
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    assert game.state.units["bde"].dug_in == 1
    # a retreat or an advance after an assault changes the unit's hex the same way
    bde = game.state.units["bde"]
    bde.hex = game.world.map.grid.index((6, 3))
    assert bde.dug_in == 0
    assert game.state.units_at(game.world.map.grid.index((6, 3))) == [bde]


def test_works_and_digging_in_do_not_stack() -> None:
    rules = dig_field().world.rules.fire

    def losses(fortification: int, move_in: bool) -> int:
        game = dig_field(start=(4, 3) if move_in else DUG, fortification=fortification)
        return shelled_next_day(game, move_in).get("losses")

    # field works protect less than a dug-in unit's own holes: a dug-in unit there loses as
    # many as one dug in on open ground (the better of the two, not both)
    assert dig_field().world.fortification(1.0)[1] < rules.dig_in_protection
    assert losses(1, move_in=False) == losses(0, move_in=False) < losses(1, move_in=True)
    # in casemates a foxhole adds nothing: the men who stood still lose as many as new ones
    assert dig_field().world.fortification(3.0)[1] >= rules.dig_in_protection
    assert losses(3, move_in=False) == losses(3, move_in=True) > 0


def test_the_fire_prediction_counts_the_dig_in_as_the_rule_does() -> None:
    from tests.test_rules_fire_prediction import predicted, reference

    games = {}
    for move_in in (False, True):
        game = dig_field(start=(4, 3) if move_in else DUG, fortification=1)
        game.push(EndTurn("allies"))
        game.push(EndTurn("germans"))
        if move_in:
            game.push(Move("allies", "bde", DUG))
        game.push(EndTurn("allies"))
        games[move_in] = game
    order = Bombard("germans", "guns", DUG)
    for game in games.values():
        assert predicted(game, order) == pytest.approx(reference(game, order), rel=1e-6, abs=1e-6)
    assert predicted(games[False], order)["losses"] < predicted(games[True], order)["losses"]
