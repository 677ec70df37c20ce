"""The historical plan as standing intents, and the controllers that give a side's orders."""

from __future__ import annotations

import datetime as dt

from engine.controllers import BaselineController, PassiveController, make_controller, play_out
from engine.events import Event
from engine.format.sandbox import Field, ruleset_data
from engine.game import Game
from engine.history.plan import PlanExecutor
from engine.orders import Assault

OPEN = ["~.........."] * 7


def plan_field(plan: list[dict[str, object]]) -> Field:
    f = Field(OPEN, days=6).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("fort", (7, 3), side="germans", fortification=1, civilians=3000)
    f.place("outpost", (7, 1), side="germans")
    f.unit("garrison", "germans", "fortress_bn", (7, 3), quality="fortress")
    f.unit("inf", "allies", "infantry_bn", (2, 3), quality="veteran")
    f.unit("inf2", "allies", "infantry_bn", (2, 4), quality="veteran")
    f.unit("guns", "allies", "medium_artillery_regt", (1, 3))
    f.objective("fort", includes=["outpost"])
    f.data["history"] = {"plan": plan}
    return f


def test_a_plan_order_stays_the_units_intent_until_a_later_one_names_it() -> None:
    plan = [
        {"date": "1944-09-17", "order": "move", "units": ["inf"], "to": "rear"},
        {"date": "1944-09-19", "order": "assault", "units": ["inf"], "target": "fort"},
    ]
    game = Game(plan_field(plan).loaded(), seed=1)
    executor = PlanExecutor(game, "allies")
    assert executor.intents(dt.date(1944, 9, 18))["inf"].kind == "move"
    assert executor.intents(dt.date(1944, 9, 21))["inf"].place == "fort"


def test_when_the_latest_target_is_held_the_unit_returns_to_an_earlier_one() -> None:
    plan = [
        {"date": "1944-09-17", "order": "assault", "units": ["inf"], "target": "fort"},
        {"date": "1944-09-18", "order": "assault", "units": ["inf"], "target": "outpost"},
    ]
    game = Game(plan_field(plan).loaded(), seed=1)
    executor = PlanExecutor(game, "allies")
    owner = dict(game.state.owner)
    assert executor.intents(dt.date(1944, 9, 18), owner)["inf"].place == "outpost"
    owner["outpost"] = "allies"
    assert executor.intents(dt.date(1944, 9, 18), owner)["inf"].place == "fort"


def test_the_plan_closes_in_and_assaults_behind_its_guns_fire() -> None:
    """On the day of an assault the guns whose fire plan serves it fire in its support (the
    barrage the infantry follow), so the attack is a prepared one, not a hasty one."""
    plan = [
        {"date": "1944-09-17", "order": "assault", "units": ["inf", "inf2"], "target": "fort"},
        {"date": "1944-09-17", "order": "bombard", "units": ["guns"], "target": "fort"},
    ]
    game = Game(plan_field(plan).loaded(), seed=1)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": PassiveController("germans")})
    assaults = [o for o in game.orders if o.kind == "assault"]
    assert any(o.kind == "move" for o in game.orders) and assaults
    assert all(o.support == ("guns",) for o in assaults)
    assert all(e.get("prepared") for e in game.all_events() if e.kind == "assault")
    assert game.state.owner["fort"] == "allies"


def test_a_gun_with_no_assault_to_serve_shells_its_target() -> None:
    plan = [{"date": "1944-09-17", "order": "bombard", "units": ["guns"], "target": "fort"}]
    game = Game(plan_field(plan).loaded(), seed=1)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": PassiveController("germans")})
    assert any(o.kind == "bombard" and o.unit == "guns" for o in game.orders)
    assert not any(o.kind == "assault" for o in game.orders)


def test_the_fire_plan_spreads_the_guns_over_the_day_s_assaults() -> None:
    f = plan_field([
        {"date": "1944-09-17", "order": "assault", "units": ["inf"], "target": "fort"},
        {"date": "1944-09-17", "order": "assault", "units": ["inf2"], "target": "outpost"},
        {"date": "1944-09-17", "order": "bombard", "units": ["guns", "guns2"], "target": "fort"},
    ])
    f.unit("outpost_post", "germans", "fortress_bn", (7, 1), quality="fortress")
    f.unit("guns2", "allies", "medium_artillery_regt", (1, 4))
    game = Game(f.loaded(), seed=1)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": PassiveController("germans")})
    first_day = [e for e in game.all_events() if e.kind == "assault"
                 and e.date == min(x.date for x in game.all_events() if x.kind == "assault")]
    supported = {e.get("place"): e.get("support") for e in first_day}
    assert sorted(g for guns in supported.values() for g in guns) == ["guns", "guns2"]
    assert all(len(guns) == 1 for guns in supported.values()), supported


def fire_plan_reach_game(reach: int | None) -> Game:
    """A gun told to shell the fort while the day's only assault goes in on the outpost, two
    hexes away; `reach`: the ruleset's `plan.fire_plan_hexes` (None: the shipped one)."""
    f = plan_field([
        {"date": "1944-09-17", "order": "assault", "units": ["inf"], "target": "outpost"},
        {"date": "1944-09-17", "order": "bombard", "units": ["guns"], "target": "fort"},
    ])
    f.unit("outpost_post", "germans", "fortress_bn", (7, 1), quality="fortress")
    ruleset = ruleset_data()
    if reach is not None:
        ruleset["engine"]["plan"]["fire_plan_hexes"] = reach
    game = Game(f.loaded(ruleset), seed=1)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": PassiveController("germans")})
    return game


def test_the_fire_plan_serves_assaults_within_its_reach_of_the_guns_target() -> None:
    """`plan.fire_plan_hexes` is data: the outpost two hexes from the gun's target gets its
    support within the shipped reach of six hexes, and not within a reach of one, where the
    gun shells its own target instead."""
    near = fire_plan_reach_game(None)
    assert near.world.rules.plan.fire_plan_hexes >= 2
    first = next(e for e in near.all_events() if e.kind == "assault")
    assert first.get("place") == "outpost" and tuple(first.get("support")) == ("guns",)
    far = fire_plan_reach_game(1)
    first = next(e for e in far.all_events() if e.kind == "assault")
    assert first.get("place") == "outpost" and not first.get("support")
    shoots = [e for e in far.all_events() if e.kind == "bombarded" and e.get("by") == "guns"
              and e.date == first.date]
    assert [e.get("place") for e in shoots] == ["fort"]


def test_a_planned_raid_waits_for_a_grant_and_flying_weather() -> None:
    plan = [{"date": "1944-09-17", "order": "air_raid", "target": "fort"}]
    f = plan_field(plan)
    f.event(id="bc", date="1944-09-19", kind="air_raids", side="allies", raids=1,
            bombers_per_raid=300)
    f.data["weather"]["known"] = [{"date": "1944-09-19", "weather": "storm"},
                                  {"date": "1944-09-20", "weather": "clear"}]
    game = Game(f.loaded(), seed=1)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": PassiveController("germans")})
    raids = [e for e in game.all_events() if e.kind == "air_raid"]
    assert [e.date for e in raids] == ["1944-09-20"]


def test_a_planned_truce_is_asked_for_on_its_date() -> None:
    plan = [
        {"date": "1944-09-17", "order": "move", "units": ["inf"], "to": "fort"},
        {"date": "1944-09-18", "order": "truce", "place": "fort", "hours": 12},
    ]
    game = Game(plan_field(plan).loaded(), seed=1)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": PassiveController("germans")})
    truces = [e for e in game.all_events() if e.kind == "truce"]
    assert len(truces) == 1 and truces[0].date == "1944-09-18"


def test_passive_allies_leave_the_map_as_it_was() -> None:
    game = Game(plan_field([]).loaded(), seed=1)
    play_out(game, {"allies": PassiveController("allies"), "germans": PassiveController("germans")})
    assert all(o.kind == "end_turn" for o in game.orders)
    assert game.state.owner["fort"] == "germans"


def test_the_baseline_controller_attacks_the_objective_it_needs() -> None:
    game = Game(plan_field([]).loaded(), seed=2)
    play_out(game, {"allies": BaselineController(game, "allies"),
                    "germans": BaselineController(game, "germans")})
    assert any(o.kind == "assault" and o.side == "allies" for o in game.orders)


def test_under_fog_a_plan_move_into_an_unseen_enemy_is_refused_and_the_plan_goes_on() -> None:
    """The plan is worked out on what the side sees; the rules judge it on the truth. A column
    sent down the only road, through a post it has not seen, is stopped by the rules, and the
    plan plays on to the end instead of failing."""
    road = ["~~~~~~~~~~~"] * 3 + ["..........."] + ["~~~~~~~~~~~"] * 3
    f = Field(road, days=3).place("rear", (0, 3), side="allies").source("s", "allies", "rear")
    f.place("far", (10, 3), side="germans")
    f.unit("inf", "allies", "infantry_bn", (1, 3))
    f.unit("post", "germans", "infantry_bn", (6, 3))
    f.data["history"] = {"plan": [
        {"date": "1944-09-17", "order": "move", "units": ["inf"], "to": "far"}]}
    ruleset = ruleset_data()
    ruleset["engine"]["intelligence"] = {**ruleset["engine"]["intelligence"],
                                         "air_sight_hexes": 0}
    game = Game(f.loaded(ruleset), seed=1)
    play_out(game, {"allies": make_controller("history", game, "allies", fog=True),
                    "germans": PassiveController("germans")})
    assert game.over
    assert game.state.units["inf"].hex != game.world.map.place_hex["far"]


def renewal_field(with_guns: bool) -> Field:
    """A veteran battalion next to the fort, ordered on the first day to take it, at odds that
    beat the garrison about one time in five; with or without the guns told to shell it from
    the second day (so the first assault goes in alone)."""
    plan: list[dict[str, object]] = [
        {"date": "1944-09-17", "order": "assault", "units": ["inf"], "target": "fort"}]
    if with_guns:
        plan.append({"date": "1944-09-18", "order": "bombard", "units": ["guns"], "target": "fort"})
    f = plan_field(plan)
    f.data["units"] = [u for u in f.data["units"] if u["id"] in ("garrison", "inf2")
                       or (with_guns and u["id"] == "guns")]
    f.unit("inf", "allies", "infantry_bn", (6, 3), quality="veteran")
    return f


def play_until(game: Game, last_day: dt.date) -> None:
    """The plan against a passive defender, up to the end of `last_day`'s Allied phase."""
    controllers = {"allies": make_controller("history", game, "allies"),
                   "germans": PassiveController("germans")}
    while not game.over and (game.state.date < last_day or game.side_to_move == "allies"):
        controllers[game.side_to_move].play_phase(game)


def allied_assaults(game: Game) -> list[Event]:
    return [e for e in game.all_events() if e.kind == "assault" and e.get("side") == "allies"]


def test_the_ordered_assault_goes_in_on_its_day_at_any_odds() -> None:
    game = Game(renewal_field(with_guns=False).loaded(), seed=1)
    guess = game.predict(Assault("allies", ("inf",), (7, 3)))
    assert not guess.prepared and guess.win_chance < game.world.rules.plan.renew_min_win
    play_until(game, dt.date(1944, 9, 17))
    assert [e.date for e in allied_assaults(game)] == ["1944-09-17"]


def test_a_failed_assault_is_not_renewed_the_next_day_at_bad_odds_without_fire() -> None:
    game = Game(renewal_field(with_guns=False).loaded(), seed=1)
    play_until(game, dt.date(1944, 9, 17))
    assert not allied_assaults(game)[0].get("beaten")
    while game.side_to_move != "allies":  # the Germans' phase: 18 Sep begins
        PassiveController("germans").play_phase(game)
    renewal = game.predict(Assault("allies", ("inf",), (7, 3)))
    assert not renewal.prepared and renewal.win_chance < game.world.rules.plan.renew_min_win
    play_until(game, dt.date(1944, 9, 18))
    assert [e.date for e in allied_assaults(game)] == ["1944-09-17"]
    assert game.state.owner["fort"] == "germans" and not game.state.units["inf"].attacked


def test_a_renewal_goes_in_behind_the_days_fire() -> None:
    game = Game(renewal_field(with_guns=True).loaded(), seed=1)
    play_until(game, dt.date(1944, 9, 18))
    assaults = allied_assaults(game)
    assert [e.date for e in assaults] == ["1944-09-17", "1944-09-18"]
    assert not assaults[0].get("beaten") and assaults[1].get("prepared")


def test_a_renewal_goes_in_at_the_odds_the_ruleset_calls_fair() -> None:
    """`plan.renew_min_win` is data: at a threshold below the renewal's chance it goes in."""
    ruleset = ruleset_data()
    ruleset["engine"]["plan"] = {"renew_min_win": 0.1, "sources": ["EST"]}
    game = Game(renewal_field(with_guns=False).loaded(ruleset), seed=1)
    play_until(game, dt.date(1944, 9, 18))
    assaults = allied_assaults(game)
    assert [e.date for e in assaults] == ["1944-09-17", "1944-09-18"]
    assert not assaults[1].get("prepared") and 0.1 <= assaults[1].get("win_chance") < 0.5


def test_an_order_with_after_waits_for_its_places_then_starts_the_next_day() -> None:
    """A phase ordered to follow another: the move on the 17th waits until the outpost has
    fallen, and starts the day after."""
    plan = [
        {"date": "1944-09-17", "order": "assault", "units": ["inf"], "target": "outpost"},
        {"date": "1944-09-17", "order": "move", "units": ["inf2"], "to": "rear",
         "after": ["outpost"]},
    ]
    game = Game(plan_field(plan).loaded(), seed=1)
    executor = PlanExecutor(game, "allies")
    owner = dict(game.state.owner)
    assert "inf2" not in executor.intents(dt.date(1944, 9, 18), owner)
    owner["outpost"] = "allies"  # fell on the 18th: seen at the start of the 19th
    intent = executor.intents(dt.date(1944, 9, 19), owner)["inf2"]
    assert (intent.kind, intent.place, intent.since) == ("move", "rear", dt.date(1944, 9, 19))
    # it stays begun on that day
    assert executor.intents(dt.date(1944, 9, 20), owner)["inf2"].since == dt.date(1944, 9, 19)


def test_an_objective_in_after_stands_for_all_its_places() -> None:
    plan = [{"date": "1944-09-17", "order": "move", "units": ["inf2"], "to": "rear",
             "after": ["fort"]}]
    game = Game(plan_field(plan).loaded(), seed=1)
    executor = PlanExecutor(game, "allies")
    owner = dict(game.state.owner)
    owner["fort"] = "allies"  # the objective's own place, but not its outpost
    assert "inf2" not in executor.intents(dt.date(1944, 9, 18), owner)
    owner["outpost"] = "allies"
    assert executor.intents(dt.date(1944, 9, 18), owner)["inf2"].kind == "move"


def test_a_one_shot_order_with_after_waits_too() -> None:
    plan = [{"date": "1944-09-17", "order": "stockpile", "place": "rear", "after": ["outpost"]}]
    game = Game(plan_field(plan).loaded(), seed=1)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": PassiveController("germans")})
    assert not any(o.kind == "stockpile" for o in game.orders)  # the outpost never fell
