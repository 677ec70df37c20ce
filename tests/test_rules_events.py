"""Scenario events and weather: arrivals, withdrawals, raids granted, orders from above."""

from __future__ import annotations

from collections import Counter

from engine.format.sandbox import Field
from engine.game import Game
from engine.orders import EndTurn

OPEN = ["~........"] * 5


def base() -> Field:
    f = Field(OPEN, days=6).place("rear", (1, 2), side="allies").source("s", "allies", "rear")
    return f.place("port", (7, 2), side="germans").unit("g", "germans", "fortress_bn", (7, 2))


def end_day(game: Game) -> list[str]:
    game.push(EndTurn("allies"))
    return [e.kind for e in game.push(EndTurn("germans"))]


def test_a_reinforcement_arrives_at_its_place_on_its_date() -> None:
    f = base().unit("late", "allies", "infantry_bn", None,
                    arrives={"date": "1944-09-19", "place": "rear"})
    game = Game(f.loaded(), seed=1)
    assert game.state.units["late"].status == "waiting"
    end_day(game)
    assert game.state.units["late"].status == "waiting"
    assert "arrived" in end_day(game)
    assert game.world.map.grid.hex_of(game.state.units["late"].hex) == (1, 2)


def test_a_reinforcement_whose_entry_is_full_arrives_next_door() -> None:
    f = base()
    for n in range(4):
        f.unit(f"s{n}", "allies", "infantry_bn", (1, 2))
    f.unit("late", "allies", "infantry_bn", None, arrives={"date": "1944-09-17", "place": "rear"})
    game = Game(f.loaded(), seed=1)
    late = game.state.units["late"]
    assert late.deployed and game.world.map.grid.hex_of(late.hex) != (1, 2)


def test_units_withdraw_on_their_date_and_keep_their_men() -> None:
    f = base().unit("leaving", "allies", "infantry_bn", (2, 2), withdraws="1944-09-18")
    game = Game(f.loaded(), seed=1)
    assert "withdrawn" in end_day(game)
    u = game.state.units["leaving"]
    assert u.status == "withdrawn" and not u.deployed and u.men == u.initial


def test_a_withdrawal_event_takes_its_units_off_the_map() -> None:
    f = base().unit("bde", "allies", "infantry_bn", (2, 2))
    f.event(id="to_antwerp", date="1944-09-18", kind="withdrawal", units=["bde"])
    game = Game(f.loaded(), seed=1)
    end_day(game)
    assert game.state.units["bde"].status == "withdrawn"


def test_an_air_raids_event_grants_raids_until_its_end_date() -> None:
    f = base().event(id="bc", date="1944-09-17", kind="air_raids", side="allies", raids=3,
                     bombers_per_raid=500, until="1944-09-18")
    game = Game(f.loaded(), seed=1)
    grant = game.state.raids[0]
    assert (grant.raids, grant.bombers) == (3, 500)
    from engine.rules.bombardment import available_raid

    assert available_raid(game.world, game.state, "allies") is grant
    end_day(game)
    end_day(game)
    assert available_raid(game.world, game.state, "allies") is None  # expired after 18 September


def test_a_priority_event_masks_an_objective_for_a_side() -> None:
    f = base().event(id="antwerp", date="1944-09-18", kind="priority", side="allies",
                     mask=["port"])
    game = Game(f.loaded(), seed=1)
    assert game.state.masks.get("allies", []) == []
    end_day(game)
    assert game.state.masks["allies"] == ["port"]


def test_narrative_events_reach_the_event_stream_on_their_day() -> None:
    f = base().event(id="hello", date="1944-09-17", kind="narrative", caption="Contact.")
    game = Game(f.loaded(), seed=1)
    captions = [e.get("caption") for e in game.opening_events if e.kind == "narrative"]
    assert captions == ["Contact."]


def test_known_weather_is_used_on_its_day() -> None:
    f = base()
    f.data["weather"]["known"].append({"date": "1944-09-18", "weather": "storm"})
    f.data["weather"]["chances"] = {"clear": 1.0}
    game = Game(f.loaded(), seed=1)
    assert game.state.weather == "clear"
    end_day(game)
    assert game.state.weather == "storm"


def test_unknown_days_draw_weather_from_the_chances_with_the_game_generator() -> None:
    f = base()
    f.data["end_date"] = "1944-10-30"
    f.data["weather"]["chances"] = {"clear": 0.5, "rain": 0.5}
    loaded = f.loaded()
    seen: Counter[str] = Counter()
    for seed in range(3):
        game = Game(loaded, seed=seed)
        for _ in range(20):
            seen[game.state.weather] += 1
            end_day(game)
    assert set(seen) == {"clear", "rain"}
    assert 15 < seen["clear"] < 45
