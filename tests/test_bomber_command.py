"""Bomber Command as a sourced resource: raids granted for one fortress, on dated days, with
their tonnage; kept for a flying day, never lapsing on a historical fall date."""

from __future__ import annotations

import pytest

from engine.format.loading import load_scenario
from engine.format.sandbox import Field
from engine.game import Game
from engine.orders import AirRaid, EndTurn
from engine.rules.bombardment import available_raid, raid_firepower

OPEN = ["~" + "." * 23] * 7
FORT, OTHER = (8, 3), (20, 3)


def two_forts() -> Field:
    f = Field(OPEN, days=10).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("fort", FORT, side="germans", fortification=2)
    f.place("other", OTHER, side="germans", fortification=2)
    f.unit("g1", "germans", "fortress_bn", FORT).unit("g2", "germans", "fortress_bn", OTHER)
    f.objective("fort").objective("other")
    return f


def next_day(game: Game) -> None:
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))


def test_a_raid_granted_for_one_fortress_cannot_be_spent_on_another() -> None:
    f = two_forts().event(id="bc", date="1944-09-17", kind="air_raids", side="allies", raids=1,
                          bombers_per_raid=600, objectives=["fort"])
    f.data["weather"]["known"].append({"date": "1944-09-17", "weather": "clear"})
    game = Game(f.loaded(), seed=1)
    refusal = game.refusal(AirRaid("allies", OTHER))
    assert refusal is not None and refusal.code == "raid_not_granted_here"
    assert game.check(AirRaid("allies", FORT)) is None
    events = game.push(AirRaid("allies", FORT))
    assert any(e.kind == "bombarded" and e.get("tons") for e in events)


def test_a_tonnage_counts_as_that_many_bombers_loads() -> None:
    f = two_forts()
    f.event(id="by_tons", date="1944-09-17", kind="air_raids", side="allies", raids=1,
            bombers_per_raid=100, tons_per_raid=3300)
    f.event(id="by_count", date="1944-09-17", kind="air_raids", side="allies", raids=1,
            bombers_per_raid=100)
    f.data["weather"]["known"].append({"date": "1944-09-17", "weather": "clear"})
    game = Game(f.loaded(), seed=1)
    by_tons, by_count = game.state.raids
    per_bomber = game.world.rules.air.tons_per_bomber
    assert raid_firepower(game.world, game.state, by_tons) == pytest.approx(
        raid_firepower(game.world, game.state, by_count) * 3300 / (100 * per_bomber))


def test_a_grant_with_no_end_waits_for_a_flying_day() -> None:
    f = two_forts().event(id="bc", date="1944-09-17", kind="air_raids", side="allies", raids=1,
                          bombers_per_raid=600, objectives=["fort"])
    f.data["weather"]["known"] += [{"date": "1944-09-17", "weather": "storm"},
                                   {"date": "1944-09-18", "weather": "storm"},
                                   {"date": "1944-09-19", "weather": "clear"}]
    game = Game(f.loaded(), seed=1)
    for _ in range(2):
        refusal = game.refusal(AirRaid("allies", FORT))
        assert refusal is not None and refusal.code == "weather_grounds_bombers"
        next_day(game)
    assert available_raid(game.world, game.state, "allies") is not None
    assert game.check(AirRaid("allies", FORT)) is None


def raid_on_a_full_town(aimed_at: str) -> tuple[int, float, int]:
    """One 1,820 t raid (Le Havre, 5 Sep 1944) on a fortified town of 40,000 from a grant
    `aimed_at` works or the town: (civilians killed, the fire that fell, people there before)."""
    f = two_forts()
    f.data["places"][1]["civilians"] = 40000  # "fort"
    f.event(id="bc", date="1944-09-17", kind="air_raids", side="allies", raids=1,
            bombers_per_raid=348, tons_per_raid=1820, objectives=["fort"], aimed_at=aimed_at)
    f.data["weather"]["known"].append({"date": "1944-09-17", "weather": "clear"})
    game = Game(f.loaded(), seed=1)
    before = game.state.civilians["fort"]
    shot = next(e for e in game.push(AirRaid("allies", FORT)) if e.kind == "bombarded")
    return shot.get("civilians_killed"), shot.get("firepower"), before


def test_bombs_aimed_at_the_town_kill_its_people_as_unwarned_bombs_do() -> None:
    """Bombs sent against the houses themselves hit the people at home at the rate of bombs
    falling unwarned; bombs aimed at works hit their neighbours, sheltered, far less."""
    rules = two_forts().loaded().ruleset.engine
    on_works, fire, people = raid_on_a_full_town("works")
    on_town, same_fire, _ = raid_on_a_full_town("town")
    assert same_fire == fire  # the same raid and draws: only the civilians' rate differs
    assert on_works == round(people * rules.fire.civilian_share_per_firepower * fire)
    assert on_town == round(people * rules.air.stray_civilian_share_per_firepower * fire)
    assert on_town > 10 * on_works


def test_the_channel_grants_name_their_fortress_and_outlive_the_fall_dates() -> None:
    """Each grant is for one fortress from a sourced day; none ends on (or near) the day its
    fortress fell, so when the place falls is left to the rules, not to the air plan."""
    scenario = load_scenario("scenarios/channel_ports_1944.yaml").scenario
    grants = [e for e in scenario.events if e.kind == "air_raids"]
    assert len(grants) >= 5
    for g in grants:
        assert g.sources and len(g.objectives) == 1, g.id
        assert g.until is None, g.id
    boulogne = next(g for g in grants if g.objectives == ["boulogne"])
    assert boulogne.tons_per_raid == 3300  # LEX 3,400 t, GK-WH 3,232 t
    assert sum(g.raids for g in grants if g.objectives == ["boulogne"]) == 1
