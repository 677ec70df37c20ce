"""Rulesets in layers: `extends:`, a scenario's `rules:` and a place's `rules:`.

The modules under test are engine/format/ruleset_layers.py (the merge) and
engine/format/validation.py (located errors in every layer), with World.rules_at.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from engine.format.loading import load_scenario
from engine.format.ruleset_layers import merge, merge_with_origins, origin_of
from engine.format.validation import validate_any, validate_file
from engine.rules.bombardment import hit_civilians
from engine.rules.turn import initial_state
from engine.world import World

CHILD = """\
format_version: 1
extends: ww2_west_1944.yaml
id: child
name: Child rules
engine:
  supply: {no_food_morale_per_day: 1.5}
unit_types:
  - {id: infantry_bn, movement_points: 3}
"""


def test_merge_keeps_what_it_does_not_name_and_merges_entries_by_id() -> None:
    base = {"engine": {"a": 1, "b": 2, "steps": [{"days": 1}, {"days": 3}]},
            "unit_types": [{"id": "x", "attack": 1, "sources": ["S1"]}, {"id": "y", "attack": 2}]}
    over = {"engine": {"b": 5, "steps": [{"days": 9}]},
            "unit_types": [{"id": "y", "attack": 7, "sources": []}, {"id": "z", "attack": 3}]}
    merged, origins = merge_with_origins([base, over])
    assert merged["engine"] == {"a": 1, "b": 5, "steps": [{"days": 9}]}  # no ids: replaced
    assert merged["unit_types"] == [{"id": "x", "attack": 1, "sources": ["S1"]},
                                    {"id": "y", "attack": 7, "sources": []},
                                    {"id": "z", "attack": 3}]
    assert origin_of(("engine", "a"), origins) == (0, ("engine", "a"))
    assert origin_of(("engine", "b"), origins) == (1, ("engine", "b"))
    assert origin_of(("unit_types", 1, "attack"), origins) == (1, ("unit_types", 0, "attack"))
    assert origin_of(("unit_types", 2, "missing"), origins) == (1, ("unit_types", 1, "missing"))
    assert base["engine"]["b"] == 2  # layers are never changed in place
    assert merge(base) == base


def test_an_id_twice_in_one_layer_stays_twice_so_the_duplicate_is_reported() -> None:
    merged = merge([{"id": "a", "v": 1}], [{"id": "a", "v": 2}, {"id": "a", "v": 3}])
    assert merged == [{"id": "a", "v": 2}, {"id": "a", "v": 3}]


@pytest.fixture
def child_scenario(minimal_scenario_path: Path) -> Path:
    (minimal_scenario_path.parent / "rules" / "child.yaml").write_text(CHILD, encoding="utf-8")
    text = minimal_scenario_path.read_text(encoding="utf-8")
    minimal_scenario_path.write_text(text.replace("rules/ww2_west_1944.yaml", "rules/child.yaml"),
                                     encoding="utf-8")
    return minimal_scenario_path


def test_a_ruleset_extending_another_loads_with_its_changes_only(child_scenario: Path) -> None:
    loaded = load_scenario(child_scenario)
    rules = loaded.ruleset
    assert rules.id == "child"
    assert rules.engine.supply.no_food_morale_per_day == 1.5
    infantry = next(t for t in rules.unit_types if t.id == "infantry_bn")
    assert infantry.movement_points == 3
    assert infantry.attack > 0 and len(rules.unit_types) > 5  # the rest comes from the base
    before = loaded.digest
    base_file = child_scenario.parent / "rules" / "ww2_west_1944.yaml"
    base_text = base_file.read_text(encoding="utf-8")
    base_file.write_text(base_text + "\n# edited\n", encoding="utf-8")
    assert load_scenario(child_scenario).digest == before  # a comment changes no meaning
    base_file.write_text(base_text.replace("odds_for_even_chance: 1.6",
                                           "odds_for_even_chance: 1.7"), encoding="utf-8")
    assert load_scenario(child_scenario).digest != before  # a save names every layer
    assert not validate_any(child_scenario.parent / "rules" / "child.yaml").problems


def test_a_cycle_of_extends_is_refused_where_it_closes(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("format_version: 1\nextends: b.yaml\nid: a\n")
    (tmp_path / "b.yaml").write_text("format_version: 1\nid: b\nextends: a.yaml\n")
    problems = validate_any(tmp_path / "a.yaml").problems
    cycle = [p for p in problems if "cycle" in p.message]
    assert len(cycle) == 1
    assert cycle[0].file.endswith("b.yaml") and (cycle[0].line, cycle[0].col) == (3, 10)
    assert cycle[0].key_path == "extends"
    assert "a.yaml -> b.yaml -> a.yaml" in cycle[0].message


def test_extends_may_not_leave_the_scenario_folder(child_scenario: Path) -> None:
    child = child_scenario.parent / "rules" / "child.yaml"
    child.write_text(CHILD.replace("ww2_west_1944.yaml", "../../elsewhere.yaml"))
    errors = validate_file(child_scenario).errors
    assert any("leads outside the scenario's folder" in p.message and p.key_path == "extends"
               for p in errors)


def test_every_error_of_every_layer_is_reported_where_it_was_written(
        child_scenario: Path) -> None:
    child = child_scenario.parent / "rules" / "child.yaml"
    child.write_text(CHILD.replace("movement_points: 3", "movement_points: -3")
                     .replace("no_food_morale_per_day: 1.5", "no_food_morale_pre_day: 1.5"))
    text = child_scenario.read_text(encoding="utf-8")
    text = text.replace("fortification: 2}", "fortification: 2, rules: {civilians: "
                        "{evacuation_share_per_hour: 3}, combat: {odds_steepness: 1}}}")
    child_scenario.write_text(text + "rules:\n  engine: {fire: {fire_noise: 7}}\n")
    found = {(Path(p.file).name, p.key_path): p for p in validate_file(child_scenario).errors}
    assert set(found) == {
        ("child.yaml", "unit_types[0].movement_points"),
        ("child.yaml", "engine.supply.no_food_morale_pre_day"),
        ("minimal_scenario.yaml", "rules.engine.fire.fire_noise"),
        ("minimal_scenario.yaml", "places[1].rules.civilians.evacuation_share_per_hour"),
        ("minimal_scenario.yaml", "places[1].rules.combat"),
    }
    typo = found[("child.yaml", "engine.supply.no_food_morale_pre_day")]
    assert (typo.line, typo.col) == (6, 12) and "no_food_morale_per_day" in typo.hint
    lines = child_scenario.read_text(encoding="utf-8").splitlines()
    noise = found[("minimal_scenario.yaml", "rules.engine.fire.fire_noise")]
    assert lines[noise.line - 1][noise.col - 1:].startswith("7")
    assert re.search(r"minimal_scenario\.yaml:\d+:\d+: error: ", str(noise))


def test_a_scenario_override_changes_one_number_and_cannot_extend(
        minimal_scenario_path: Path) -> None:
    text = minimal_scenario_path.read_text(encoding="utf-8")
    minimal_scenario_path.write_text(text + "rules:\n  engine: {air: {stray_chance: 0.9}}\n")
    loaded = load_scenario(minimal_scenario_path)
    assert loaded.ruleset.engine.air.stray_chance == 0.9
    assert loaded.ruleset.engine.air.stray_share > 0  # kept from the ruleset
    minimal_scenario_path.write_text(text + "rules:\n  extends: other.yaml\n")
    errors = validate_file(minimal_scenario_path).errors
    assert [p.key_path for p in errors] == ["rules.extends"]


def test_a_place_override_changes_the_numbers_on_its_hex_only(
        minimal_scenario_path: Path) -> None:
    text = minimal_scenario_path.read_text(encoding="utf-8")
    text = text.replace("fortification: 2}", "fortification: 2, civilians: 8000, rules: "
                        "{fire: {civilian_share_per_firepower: 0.01}}}")
    minimal_scenario_path.write_text(text)
    world = World(load_scenario(minimal_scenario_path))
    assert world.rules_at("mont_lambert").fire.civilian_share_per_firepower == 0.01
    assert world.rules_at("boulogne") is world.rules
    state, _ = initial_state(world, seed=1)
    state.rng = np.random.default_rng(0)
    shelled = hit_civilians(world, state, world.map.place_hex["mont_lambert"], 10.0)
    sheltered = hit_civilians(world, state, world.map.place_hex["boulogne"], 10.0)
    assert shelled == 800  # 8,000 × 0.01 × 10
    assert sheltered == round(8000 * min(1.0, world.rules.fire.civilian_share_per_firepower * 10))
    assert shelled != sheltered
