"""The order-of-battle faults that changed the fighting (issue 14): each unit counted once,
the 226th Infantry Division's three real regiments, the 2nd Division's brigades as their
battalions, the flooded western polders, the plan as the sources give it, and the Dunkirk
truce that moved 17,500–18,500 civilians, not all of them."""

from __future__ import annotations

import re

import pytest

from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.scenario import PlanMove, PlanTruce, text_in
from engine.world import World
from tests.conftest import CHANNEL_PORTS


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(CHANNEL_PORTS)


def _units(loaded: LoadedScenario):
    return {u.id: u for u in loaded.scenario.units}


def test_no_unit_is_counted_twice(loaded: LoadedScenario) -> None:
    units = _units(loaded)
    names = [text_in(u.name, "en") for u in units.values()]
    assert len(names) == len(set(names))
    full_agra = 3000  # a whole army group RA (EST), the figure the AGRAs are given
    assert units["agra_2_cdn"].strength + units["medium_3_cdn"].strength <= full_agra
    assert "3rd Canadian Medium" in (units["agra_2_cdn"].notes or "")


def test_the_226th_division_has_its_three_regiments(loaded: LoadedScenario) -> None:
    regiments: dict[str, set[str]] = {}
    for u in loaded.scenario.units:
        m = re.search(r"Grenadier-Regiment (\d{4})", text_in(u.name, "en"))
        if m:
            regiments.setdefault(m.group(1), set()).add(u.formation)
    assert regiments == {"1040": {"festung_duenkirchen"}, "1041": {"festung_calais"},
                         "1042": {"festung_duenkirchen"}}
    assert not [u.id for u in loaded.scenario.units if "226th ID)" in text_in(u.name, "en")]


@pytest.mark.parametrize(("formation", "battalions"), [
    ("cdn_4_bde", {"Royal Regiment of Canada", "Royal Hamilton Light Infantry",
                   "Essex Scottish Regiment"}),
    ("cdn_6_bde", {"South Saskatchewan Regiment", "Queen's Own Cameron Highlanders of Canada",
                   "Les Fusiliers Mont-Royal"}),
])
def test_brigades_are_their_battalions(loaded: LoadedScenario, formation: str,
                                       battalions: set[str]) -> None:
    units = [u for u in loaded.scenario.units if u.formation == formation]
    assert {text_in(u.name, "en") for u in units} == battalions
    assert {u.type for u in units} == {"infantry_bn"}


def test_western_dunkirk_polders_are_flooded(loaded: LoadedScenario) -> None:
    area = next(a for a in loaded.scenario.map.areas if a.id == "dunkirk_west_polders")
    assert area.terrain == "inundated" and "LLF-5" in area.sources
    world = World(loaded)
    lat = sum(p[0] for p in area.polygon) / len(area.polygon)
    lon = sum(p[1] for p in area.polygon) / len(area.polygon)
    centre = world.map.grid.index(world.map.grid.hex_at(lat, lon))
    assert world.map.terrain_ids[world.map.terrain[centre]] == "inundated"  # the stored grid


def test_plan_follows_the_sources(loaded: LoadedScenario) -> None:
    plan = loaded.scenario.history.plan
    places = {p.id: p for p in loaded.scenario.places}
    assert not [p for p in plan if isinstance(p, PlanTruce) and p.place == "boulogne"]
    calais = places["calais"].lon
    screen = [p for p in plan if isinstance(p, PlanMove) and "camh_ottawa" in p.units]
    assert screen and all(places[p.to].lon > calais for p in screen)


def test_no_german_garrison_waits_where_the_highlanders_stood(loaded: LoadedScenario) -> None:
    assert not [u.id for u in loaded.scenario.units if u.side == "germans" and u.start
                and u.start.place in ("bray_dunes", "ghyvelde")]


def test_the_dunkirk_truce_moves_17500_to_18500(loaded: LoadedScenario) -> None:
    world = World(loaded)
    truce = next(p for p in loaded.scenario.history.plan
                 if isinstance(p, PlanTruce) and p.place == "dunkirk")
    share = min(1.0, truce.hours * world.rules_at("dunkirk").civilians.evacuation_share_per_hour)
    dunkirk = next(p for p in loaded.scenario.places if p.id == "dunkirk")
    assert 17500 <= round(dunkirk.civilians * share) <= 18500
