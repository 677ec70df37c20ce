"""Le Havre 1944 (Operation Astonia), the held-out scenario of the model (issue 12, point 8).

It must play on the shipped ruleset exactly as the other scenarios do — no scenario or place
`rules:` overriding a number — so its error against 1944 measures the model honestly. These
tests check that promise, that the file is clean (strict validation, a current terrain grid),
that the historical plan orders what was ordered and never an assault on or after the surrender
day, that the history keeps every competing figure, and that a campaign runs to its end with
each controller.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
import yaml

from engine.controllers import CONTROLLER_KINDS, make_controller, play_out
from engine.format import mapgen
from engine.format.loading import load_scenario
from engine.format.validation import validate_file
from engine.game import new_game

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
    assert {f["value"] for f in outcome["civilian_deaths"]} == {2000, 5000, 10000}
    assert {f["value"] for f in outcome["allied_casualties"]} == {388, 500}
    assert {f["value"] for f in outcome["prisoners"]} >= {11300}
    assert [f["value"] for f in outcome["civilians_evacuated"]] == [0]
    sources = {s["id"] for s in raw["sources"]}
    for figure in [*outcome["civilian_deaths"], *outcome["allied_casualties"],
                   *outcome["prisoners"]]:
        assert figure["sources"] and set(figure["sources"]) <= sources


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
