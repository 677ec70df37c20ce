"""Smaller gaps a modder met (issue 15 point 10): swapped coordinates are hinted, `--strict`
speaks about languages, a unit starting in a town nobody holds does not 'take' it on turn 1,
and the shipped ruleset has light anti-aircraft for both sides.

The modules under test are engine/format/validation.py and engine/rules/turn.py.
"""

from __future__ import annotations

from pathlib import Path

from engine.format.loading import load_scenario
from engine.format.validation import validate_file
from engine.game import Game
from tests.conftest import SCENARIOS


def _edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_swapped_latitude_and_longitude_are_hinted(minimal_scenario_path: Path) -> None:
    _edit(minimal_scenario_path, "lat: 50.720, lon: 1.666", "lat: 1.666, lon: 50.720")
    problem = next(p for p in validate_file(minimal_scenario_path).errors
                   if p.key_path == "places[1].lat")
    assert "outside the map bounds" in problem.message
    assert "latitude and longitude look swapped" in problem.hint


def test_strict_warns_of_a_missing_translation_and_of_a_language_nobody_writes(
        minimal_scenario_path: Path) -> None:
    _edit(minimal_scenario_path, 'title: {en: "Minimal Boulogne", fr: "Boulogne minimal"}',
          'title: {en: "Minimal Boulogne"}')
    _edit(minimal_scenario_path, "languages: [en, fr]", "languages: [en, fr, nl]")
    warnings = {(p.key_path, p.message) for p in validate_file(minimal_scenario_path).warnings}
    assert ("title", "no 'fr', 'nl' text though `languages` lists it: readers of it get 'en'") \
        in warnings
    assert ("languages[2]", "language 'nl' is listed but no text is given in it") in warnings
    assert not any(path == "languages[1]" for path, _ in warnings)


def test_a_unit_starting_in_a_town_nobody_holds_does_not_take_it(
        minimal_scenario_path: Path) -> None:
    game = Game(load_scenario(minimal_scenario_path), seed=1)  # QOR starts at La Capelle
    assert game.state.owner["la_capelle"] == "allies"
    assert not [e for e in game.opening_events if e.kind == "place_taken"]


def test_the_shipped_ruleset_has_light_anti_aircraft_for_both_sides() -> None:
    rules = load_scenario(SCENARIOS / "channel_ports_1944.yaml").ruleset
    light = {t.id: t for t in rules.unit_types if t.id in ("light_aa_regt", "light_flak_bn")}
    heavy = {t.id: t for t in rules.unit_types if t.id in ("heavy_aa_regt", "flak_bn")}
    assert set(light) == {"light_aa_regt", "light_flak_bn"}
    for unit_type in light.values():
        assert unit_type.symbol == "anti_aircraft" and unit_type.sources
        assert unit_type.bombard is not None
        assert unit_type.bombard.range_hexes < min(h.bombard.range_hexes for h in heavy.values()
                                                   if h.bombard)


def test_an_area_off_the_map_is_warned_and_swapped_corners_hinted(
        minimal_scenario_path: Path) -> None:
    _edit(minimal_scenario_path, "  lines:\n",
          "  areas:\n"
          "    - {id: swapped, terrain: heights, polygon: [[1.60, 50.70], [1.65, 50.70], "
          "[1.65, 50.74]]}\n"
          "    - {id: far_away, terrain: heights, polygon: [[10, 10], [10, 11], [11, 11]]}\n"
          "    - {id: whole_map, terrain: open, polygon: [[60, -10], [60, 10], [40, 10], "
          "[40, -10]]}\n"
          "  lines:\n")
    warnings = {p.key_path: p for p in validate_file(minimal_scenario_path).warnings}
    assert warnings["map.areas[0].polygon"].message == \
        "area 'swapped' covers no hex of the map: it paints nothing"
    assert "latitude and longitude look swapped" in warnings["map.areas[0].polygon"].hint
    assert warnings["map.areas[1].polygon"].hint == ""
    assert "map.areas[2].polygon" not in warnings  # corners all off the map, yet it covers it
