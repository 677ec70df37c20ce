"""Preparation fire: artillery shoots and heavy-bomber raids, their effects and their limits."""

from __future__ import annotations

import pytest

from engine.format.sandbox import Field
from engine.game import Game
from engine.orders import AirRaid, Bombard, IllegalOrder

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
