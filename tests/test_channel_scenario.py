"""The Channel ports scenario: loads cleanly and keeps faith with the fact sheet's figures."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.scenario import Scenario
from engine.hexgrid import HexGrid

CHANNEL_PORTS = Path(__file__).resolve().parent.parent / "scenarios" / "channel_ports_1944.yaml"

BOULOGNE_STRONGPOINTS = [
    "boulogne", "mont_lambert", "outreau", "le_portel", "fort_d_alprech", "wimereux",
    "la_tresorerie", "fort_de_la_creche", "saint_martin_boulogne", "herquelingue",
    "saint_etienne_au_mont", "radar_stp_262",
]

# Garrison totals chosen from the sources, with the tolerance the scenario commits to.
GARRISONS = {
    "festung_boulogne": (10_000, 0.05),  # S4, W-WH (FORT-CZ's 6,000 noted, not used)
    "gris_nez_batteries": (1_600, 0.05),  # W-UN prisoners
    "festung_calais": (7_500, 0.05),  # W-UN, CN-UN
    "festung_duenkirchen": (12_000, 2_000 / 12_000),  # 10,000-14,000 in most sources
}


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(CHANNEL_PORTS)


@pytest.fixture(scope="module")
def scenario(loaded: LoadedScenario) -> Scenario:
    return loaded.scenario


@pytest.fixture(scope="module")
def grid(scenario: Scenario) -> HexGrid:
    return HexGrid(scenario.map.bounds, scenario.map.hex_size_km)


def _places(scenario: Scenario) -> dict:
    return {p.id: p for p in scenario.places}


def test_scenario_loads_without_errors(loaded: LoadedScenario) -> None:
    s = loaded.scenario
    assert s.start_date == dt.date(1944, 9, 4) and s.end_date == dt.date(1944, 10, 7)
    assert s.languages == ["en", "fr"]
    assert len(s.units) >= 90 and len(s.places) >= 60
    assert not [w for w in loaded.warnings if "history event" not in w.message]


def test_grid_matches_the_bounds(scenario: Scenario, grid: HexGrid) -> None:
    rows = [r for r in scenario.map.terrain.splitlines() if r]
    assert (grid.cols, grid.rows) == (50, 52)
    assert len(rows) == grid.rows and {len(r) for r in rows} == {grid.cols}
    assert set("".join(rows)) <= set(scenario.map.terrain_legend)


def test_the_four_objectives_exist(scenario: Scenario) -> None:
    places = _places(scenario)
    objectives = {o.place: o for o in scenario.victory.objectives}
    for port in ("boulogne", "cap_gris_nez", "calais", "dunkirk"):
        assert port in places and port in objectives
        assert places[port].side == "germans"
    assert set(objectives["boulogne"].includes) >= {
        "mont_lambert", "outreau", "le_portel", "wimereux", "fort_de_la_creche", "la_tresorerie"
    }
    assert set(objectives["cap_gris_nez"].includes) == {"batterie_todt", "grosser_kurfurst"}
    assert set(objectives["calais"].includes) >= {"calais_citadel", "fort_lapin", "fort_nieulay"}


def test_boulogne_strongpoints_lie_in_distinct_hexes(scenario: Scenario, grid: HexGrid) -> None:
    places = _places(scenario)
    hexes = [grid.hex_at(places[p].lat, places[p].lon) for p in BOULOGNE_STRONGPOINTS]
    assert len(set(hexes)) == len(hexes), Counter(hexes).most_common(3)


def test_objective_includes_lie_outside_the_objective_hex(
    scenario: Scenario, grid: HexGrid
) -> None:
    places = _places(scenario)
    for objective in scenario.victory.objectives:
        main = places[objective.place]
        main_hex = grid.hex_at(main.lat, main.lon)
        for extra in objective.includes:
            assert grid.hex_at(places[extra].lat, places[extra].lon) != main_hex, extra


def test_every_seed_is_cited_by_a_history_event(scenario: Scenario) -> None:
    seeds = {s.id: s.file for s in scenario.sources if s.kind == "seed"}
    assert sorted(seeds) == ["S0", "S1", "S2", "S3", "S4"]
    assert all(re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", f or "") for f in seeds.values())
    cited = {key for event in scenario.history.events for key in event.sources}
    assert set(seeds) <= cited


def test_history_events_are_bilingual_and_sourced(scenario: Scenario) -> None:
    assert len(scenario.history.events) >= 60
    for event in scenario.history.events:
        assert isinstance(event.caption, dict) and set(event.caption) == {"en", "fr"}, event
        assert event.sources, event


def test_outcomes_keep_every_claimed_date(scenario: Scenario) -> None:
    outcomes = {o.objective: o for o in scenario.history.outcomes}
    boulogne = [c.date for c in outcomes["boulogne"].fell]
    assert boulogne[0] == dt.date(1944, 9, 22)
    assert dt.date(1944, 9, 19) in boulogne
    assert {c.date for c in outcomes["calais"].fell} >= {dt.date(1944, 9, 30),
                                                         dt.date(1944, 10, 1)}
    assert {c.date for c in outcomes["cap_gris_nez"].fell} == {dt.date(1944, 9, 29),
                                                              dt.date(1944, 10, 1)}
    assert outcomes["dunkirk"].fell == []
    assert outcomes["dunkirk"].held_until == dt.date(1945, 5, 9)
    s2_claim = next(c for c in outcomes["boulogne"].fell if c.date == dt.date(1944, 9, 19))
    assert s2_claim.sources == ["S2"]


def test_places_are_inside_the_bounds_and_on_land(scenario: Scenario, grid: HexGrid) -> None:
    rows = [r for r in scenario.map.terrain.splitlines() if r]
    sea_chars = {c for c, t in scenario.map.terrain_legend.items() if t == "sea"}
    for place in scenario.places:
        assert grid.contains_latlon(place.lat, place.lon), place.id
        col, row = grid.hex_at(place.lat, place.lon)
        assert grid.on_map((col, row)), place.id
        assert rows[row][col] not in sea_chars, f"{place.id} sits on a sea hex"


def _strength_by_formation(scenario: Scenario) -> Counter[str]:
    totals: Counter[str] = Counter()
    for unit in scenario.units:
        if unit.side == "germans" and unit.formation:
            totals[unit.formation] += unit.strength
    return totals


@pytest.mark.parametrize(("formation", "expected"), GARRISONS.items())
def test_german_garrisons_match_the_sources(
    scenario: Scenario, formation: str, expected: tuple[int, float]
) -> None:
    target, tolerance = expected
    total = _strength_by_formation(scenario)[formation]
    assert abs(total - target) <= target * tolerance, (formation, total)


def test_calais_has_about_2500_infantry_fit_men(scenario: Scenario) -> None:
    calais = [u for u in scenario.units if u.formation == "festung_calais"]
    infantry_fit = sum(u.strength for u in calais if u.quality == "fortress")
    sailors_and_airmen = sum(u.strength for u in calais if u.quality == "naval")
    assert abs(infantry_fit - 2_500) <= 250
    assert infantry_fit + sailors_and_airmen == sum(u.strength for u in calais)


def test_coastal_batteries_stand_at_their_batteries(scenario: Scenario) -> None:
    places = _places(scenario)
    for unit in scenario.units:
        if unit.type.startswith("coastal_battery"):
            assert unit.start and unit.start.place, unit.id
            assert places[unit.start.place].kind in {"battery", "fort", "strongpoint", "port"}


def test_starting_units_stand_on_land_within_the_stacking_limit(
    loaded: LoadedScenario, grid: HexGrid
) -> None:
    places = _places(loaded.scenario)
    stacks: Counter[tuple[str, tuple[int, int]]] = Counter()
    rows = [r for r in loaded.scenario.map.terrain.splitlines() if r]
    for unit in loaded.scenario.units:
        if unit.start is None:
            continue
        if unit.start.place:
            lat, lon = places[unit.start.place].lat, places[unit.start.place].lon
        else:
            assert unit.start.at is not None, unit.id
            lat, lon = unit.start.at
        col, row = grid.hex_at(lat, lon)
        assert loaded.scenario.map.terrain_legend[rows[row][col]] != "sea", unit.id
        stacks[unit.side, (col, row)] += 1
    assert max(stacks.values()) <= loaded.ruleset.movement.stacking_limit


def test_units_are_sourced_and_placed(scenario: Scenario) -> None:
    for unit in scenario.units:
        assert unit.sources, unit.id
        assert (unit.start is None) != (unit.arrives is None), unit.id
        if unit.withdraws and unit.arrives:
            assert unit.withdraws > unit.arrives.date, unit.id


def test_passing_divisions_leave_early_and_dunkirk_is_masked(scenario: Scenario) -> None:
    units = {u.id: u for u in scenario.units}
    for uid in ("pl_10_armd_cav_bde", "cdn_4_armd_bde", "recce_8", "calgary"):
        assert units[uid].withdraws is not None and units[uid].withdraws <= dt.date(1944, 9, 18)
    priority = [e for e in scenario.events if e.kind == "priority"]
    assert priority and priority[0].mask == ["dunkirk"]
    assert scenario.ai.sides["allies"].mask == ["dunkirk"]


def test_air_raids_follow_the_historical_sequence(scenario: Scenario) -> None:
    raids = sorted((e.date, e.objectives[0]) for e in scenario.events if e.kind == "air_raids")
    first = {}
    for day, objective in raids:
        first.setdefault(objective, day)
    assert first == {"boulogne": dt.date(1944, 9, 15), "calais": dt.date(1944, 9, 20),
                     "cap_gris_nez": dt.date(1944, 9, 26)}


def test_germans_have_no_supply_source_but_depots(scenario: Scenario) -> None:
    assert all(s.side == "allies" for s in scenario.supply.sources)
    assert {d.place for d in scenario.supply.depots} == {
        "boulogne", "calais", "cap_gris_nez", "dunkirk"
    }


def test_every_source_key_is_used(scenario: Scenario) -> None:
    text = CHANNEL_PORTS.read_text("utf-8")
    body = text.split("\nmap:\n", 1)[1]
    unused = [s.id for s in scenario.sources if not re.search(rf"[\[ ,]{re.escape(s.id)}[\],]",
                                                                body)]
    assert unused == []


def test_plan_orders_fall_inside_the_scenario(scenario: Scenario) -> None:
    plan = scenario.history.plan
    assert len(plan) >= 50
    assert all(scenario.start_date <= o.date <= scenario.end_date for o in plan)
    assert [o.date for o in plan] == sorted(o.date for o in plan)
    truces = {o.place for o in plan if o.order == "truce"}
    assert truces == {"calais", "dunkirk"}  # Boulogne's civilians were driven out (S4; PP-3)
