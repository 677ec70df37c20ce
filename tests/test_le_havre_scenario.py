"""Le Havre 1944 (Operation Astonia), the held-out scenario of the model (issue 12, point 8).

It must play on the shipped ruleset exactly as the other scenarios do — no scenario or place
`rules:` overriding a number — so its error against 1944 measures the model honestly. These
tests check that promise, that the file is clean (strict validation, a current terrain grid),
that it is on the current siege model (shells counted in tons, Bomber Command granted raid by
raid with its tonnages, the Navy's guns, the 79th Armoured Division), that the historical plan
orders what was ordered and never an assault on or after the surrender day and that the rules
accept its orders, that the history keeps every competing figure, and that a campaign runs to
its end with each controller. Its error against 1944 is computed and printed, never asserted
to be small: the scenario is held out (the 200-seed figures are in scenarios/CALIBRATION.md).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.controllers import CONTROLLER_KINDS, make_controller, play_out
from engine.format import mapgen
from engine.format.loading import load_scenario
from engine.format.validation import validate_file
from engine.game import new_game
from engine.history.simulate import run_campaign, summarise

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "le_havre_1944.yaml"
SURRENDER = dt.date(1944, 9, 12)


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.load(SCENARIO.read_text("utf-8"), Loader=yaml.CSafeLoader)


def test_validates_strictly_without_warnings() -> None:
    report = validate_file(SCENARIO)
    assert report.errors == [], "\n".join(map(str, report.errors))
    assert report.warnings == [], "\n".join(map(str, report.warnings))


@pytest.mark.skipif(importlib.util.find_spec("global_land_mask") is None,
                    reason="global-land-mask not installed (make .venv/.installed-dev)")
def test_terrain_grid_matches_mapgen_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert mapgen.run_file(SCENARIO, check=True) == 0
    assert "up to date" in capsys.readouterr().out


def test_plays_on_the_shared_ruleset_with_no_number_changed(raw: dict) -> None:
    assert raw["ruleset"] == "rules/ww2_west_1944.yaml"
    assert "rules" not in raw, "a held-out scenario may not override the ruleset"
    assert [p["id"] for p in raw["places"] if p.get("rules")] == []
    channel = yaml.load((ROOT / "scenarios" / "channel_ports_1944.yaml").read_text("utf-8"),
                        Loader=yaml.CSafeLoader)
    assert raw["map"]["hex_size_km"] == channel["map"]["hex_size_km"]  # same scale as the fit


def test_plan_orders_the_phases_and_leaves_the_fall_to_the_rules(raw: dict) -> None:
    plan = raw["history"]["plan"]
    assaults = [p for p in plan if p["order"] == "assault"]
    assert assaults and all(p["date"] < SURRENDER for p in assaults), \
        "an assault dated on or after the surrender re-codes the outcome as an order"
    first_day = min(p["date"] for p in assaults)
    assert first_day == dt.date(1944, 9, 10)  # the 49th Division, evening of 10 Sep
    units = {u["id"]: u for u in raw["units"]}
    first = {u for p in assaults if p["date"] == first_day for u in p["units"]}
    assert {units[u]["formation"] for u in first} >= {"br_49_div"}
    second = {u for p in assaults if p["date"] == dt.date(1944, 9, 11) for u in p["units"]}
    assert {units[u]["formation"] for u in second} >= {"br_51_div"}
    assert any(p["order"] == "bombard" for p in plan)
    assert any(p["order"] == "air_raid" for p in plan)
    assert not any(p["order"] == "truce" for p in plan)  # the Allies refused the evacuation


def test_the_allies_refuse_the_evacuation_truce(raw: dict) -> None:
    allies = next(side for side in raw["sides"] if side["id"] == "allies")
    policies = [t for t in allies["truces"] if "le_havre" in t.get("places", [])]
    assert [t["policy"] for t in policies] == ["refuses"]
    assert policies[0]["sources"]


def test_history_keeps_every_competing_figure(raw: dict) -> None:
    outcome = raw["history"]["outcomes"][0]
    assert outcome["objective"] == "le_havre"
    assert outcome["fell"][0]["date"] == SURRENDER
    assert {f["value"] for f in outcome["civilian_deaths"]} == {1500, 2000, 5000, 10000}
    assert outcome["civilian_deaths"][0]["value"] == 2000  # W-AS's "over 2,000" is compared
    assert {f["value"] for f in outcome["allied_casualties"]} == {388, 400, 500}
    assert {f["value"] for f in outcome["prisoners"]} >= {11300}
    assert [f["value"] for f in outcome["civilians_evacuated"]] == [0]
    sources = {s["id"] for s in raw["sources"]}
    for figure in [*outcome["civilian_deaths"], *outcome["allied_casualties"],
                   *outcome["prisoners"]]:
        assert figure["sources"] and set(figure["sources"]) <= sources


def test_the_allies_count_their_shells_with_le_havre_first(raw: dict) -> None:
    """On the current siege model: I British Corps fires on tons delivered, and the army's
    priority (the big flow) ends the day Le Havre fell in 1944, never later."""
    [ammo] = raw["supply"]["ammunition"]
    assert ammo["side"] == "allies"
    places = {p["id"] for p in raw["places"]}
    assert {ammo["railhead"], *(d["place"] for d in ammo["dumps"])} <= places
    flows = sorted(ammo["deliveries"], key=lambda d: d["from_date"])
    priority = max(flows, key=lambda d: d["tons_per_day"])
    assert priority["until"] == SURRENDER
    assert all(d["tons_per_day"] < priority["tons_per_day"] for d in flows if d is not priority)
    assert all(d["sources"] for d in flows)


def test_bomber_command_is_granted_raid_by_raid_with_its_tonnages(raw: dict) -> None:
    grants = [e for e in raw["events"] if e["kind"] == "air_raids"]
    assert [g["date"] for g in grants] == sorted(g["date"] for g in grants)
    assert grants[0]["date"] == dt.date(1944, 9, 5)  # the first raid, on the town centre
    for g in grants:
        assert g["objectives"] == ["le_havre"]
        assert "until" not in g, "a grant ending on a fall date scripts the result"
        assert g["tons_per_raid"] > 0 and g["sources"]
    # 5 and 6 Sep on the town centre and its east (HB; UNESCO-LH), 10 Sep on the strongpoints
    assert [g.get("aimed_at", "works") for g in grants] == ["town", "town", "works"]
    tons = sum(g["raids"] * g["tons_per_raid"] for g in grants)
    assert 8000 <= tons <= 10000  # 1,820 + 1,458 + over 5,000 t (UNESCO-LH, IBCC-33565)


def test_the_navy_and_the_79th_armoured_division_are_there(raw: dict) -> None:
    units = {u["id"]: u for u in raw["units"]}
    ships = [u for u in units.values() if u["type"] == "bombardment_ship"]
    assert {u["id"] for u in ships} == {"hms_warspite", "hms_erebus"}
    funnies = {u["type"] for u in units.values() if u.get("formation") == "br_79_armd_div"}
    assert {"flame_tank_sqn", "assault_engineer_sqn", "kangaroo_sqn"} <= funnies
    fired = {p["units"][0] for p in raw["history"]["plan"] if p["order"] == "bombard"}
    assert {u["id"] for u in ships} <= fired


def test_garrison_adds_up_to_prisoners_plus_dead_within_the_estimate(raw: dict) -> None:
    objective = raw["victory"]["objectives"][0]
    assert objective["place"] == "le_havre"
    assert {"fort_de_tourneville", "cap_de_la_heve", "harfleur"} <= set(objective["includes"])
    low, high = objective["garrison_estimate"]["men"]
    garrison = sum(u["strength"] for u in raw["units"] if u["side"] == "germans")
    assert garrison == 11300 + 600
    assert low <= garrison <= high


@pytest.mark.parametrize("allies", CONTROLLER_KINDS)
def test_a_campaign_runs_to_the_end_with_each_allied_controller(allies: str) -> None:
    loaded = load_scenario(SCENARIO)
    game = new_game(loaded, seed=5)
    play_out(game, {"allies": make_controller(allies, game, "allies"),
                    "germans": make_controller("ai", game, "germans")})
    assert game.over  # at the end date, or earlier when every objective is taken
    assert any(e.kind == "game_over" for e in game.all_events())


@pytest.mark.parametrize("germans", CONTROLLER_KINDS)
def test_a_campaign_runs_to_the_end_with_each_german_controller(germans: str) -> None:
    loaded = load_scenario(SCENARIO)
    game = new_game(loaded, seed=5)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": make_controller(germans, game, "germans")})
    assert game.over  # at the end date, or earlier when every objective is taken
    assert any(e.kind == "game_over" for e in game.all_events())


def test_the_historical_plan_takes_le_havre_without_scripting_its_date() -> None:
    """The plan against the German AI takes the fortress, and the day is the rules' choice:
    after the first assault (10 Sep) and within the scenario."""
    loaded = load_scenario(SCENARIO)
    game = new_game(loaded, seed=1)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": make_controller("ai", game, "germans")})
    taken = game.state.captured.get("le_havre")
    assert taken is not None
    assert sum(game.state.civilians_evacuated.values()) == 0  # no truce: the Allies refused
    assert dt.date(1944, 9, 10) <= dt.date.fromisoformat(taken) <= loaded.scenario.end_date


def test_the_rules_accept_every_order_of_the_plan() -> None:
    """Played against the German AI, each of the plan's one-shot orders goes through (every
    raid it names is flown, the lorries build up its dump) and every gun it names fires (a
    shoot, or in support of an assault)."""
    loaded = load_scenario(SCENARIO)
    game = new_game(loaded, seed=1)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": make_controller("ai", game, "germans")})
    plan = loaded.scenario.history.plan
    events = game.all_events()
    raids = [e for e in events if e.kind == "air_raid"]
    assert len(raids) == sum(1 for p in plan if p.order == "air_raid")
    assert [e.get("place") for e in events if e.kind == "stockpile"] == \
        [p.place for p in plan if p.order == "stockpile"]
    gunners = {u for p in plan if p.order == "bombard" for u in p.units}
    fired = {e.get("by") for e in events if e.kind == "bombarded"} | \
        {g for e in events if e.kind == "assault" for g in e.get("support", ())}
    assert gunners <= fired


def held_out_error(summary: dict[str, Any], objective: str = "le_havre") -> dict[str, float]:
    """A `simulate` summary's error against 1944: the median fall's days after the historical
    date, and the relative error (simulated / history - 1) of the median prisoners, Allied
    casualties and civilians killed, each counted as its source counts it (Astonia's casualties
    from 10 September: `median_as_counted`)."""
    o = summary["objectives"][objective]
    median_day = dt.date.fromisoformat(o["median_capture_date"])
    error = {"fall_days": float((median_day - dt.date.fromisoformat(o["historical_date"])).days)}
    for key in ("prisoners", "allied_casualties", "civilian_casualties"):
        counted = o[key].get("median_as_counted")
        error[key] = (o[key]["median"] if counted is None else counted) / \
            o[key]["historical"] - 1.0
    return error


def test_held_out_error_is_the_distance_from_1944() -> None:
    figure = {"median": 50.0, "historical": 200.0}
    summary = {"objectives": {"le_havre": {
        "median_capture_date": "1944-09-15", "historical_date": "1944-09-12",
        "prisoners": {"median": 11300.0, "historical": 11300.0},
        "allied_casualties": {"median": 1300.0, "median_as_counted": 970.0,
                              "historical": 388.0},
        "civilian_casualties": figure}}}
    assert held_out_error(summary) == {"fall_days": 3.0, "prisoners": 0.0,
                                       "allied_casualties": 1.5, "civilian_casualties": -0.75}


def test_the_held_out_error_is_taken_and_printed(capsys: pytest.CaptureFixture[str]) -> None:
    """A few seeds of the plan against the German AI, compared with 1944. Nothing here asks the
    error to be small (the scenario is held out); it must be measured against the file's own
    historical figures, and shown."""
    loaded = load_scenario(SCENARIO)
    results = [run_campaign(str(SCENARIO), "history", "ai", seed) for seed in (1, 2, 3)]
    summary = summarise(loaded, results, {})
    o = summary["objectives"]["le_havre"]
    assert o["captured_share"] > 0  # taken at all, so that a fall date can be compared
    assert (o["historical_date"], o["prisoners"]["historical"],
            o["allied_casualties"]["historical"], o["civilian_casualties"]["historical"]) == \
        ("1944-09-12", 11300.0, 388.0, 2000.0)
    error = held_out_error(summary)
    assert all(math.isfinite(v) for v in error.values())
    with capsys.disabled():
        print(f"\nLe Havre held out, 3 seeds: falls {o['median_capture_date']} "
              f"({error['fall_days']:+.0f} d); prisoners {error['prisoners']:+.0%}, "
              f"Allied casualties {error['allied_casualties']:+.0%} (from "
              f"{o['allied_casualties']['counted_from']}, as the source counts), "
              f"civilians killed {error['civilian_casualties']:+.0%}")
