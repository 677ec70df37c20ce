"""Each kind of mistake a modder can make is reported with the right words at the right spot.

Every test breaks the valid minimal scenario in one way and checks both the message and the
line and column of the problem, computed from where the broken text sits in the file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.format.loaded import Problem, ScenarioError
from engine.format.loading import load_scenario
from engine.format.validation import validate_file


def position(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`, plus `offset` characters."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not found"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def find(problems: list[Problem], fragment: str) -> Problem:
    matches = [p for p in problems if fragment in str(p)]
    assert matches, f"no problem mentions {fragment!r}:\n" + "\n".join(map(str, problems))
    return matches[0]


def assert_reported(
    path: Path, old: str, new: str, message: str, at: str, offset: int = 0,
    severity: str = "error",
) -> Problem:
    """Break the file, validate, and check the problem's message, severity and location."""
    text = edit(path, old, new)
    problem = find(validate_file(path).problems, message)
    assert problem.severity == severity
    assert (problem.line, problem.col) == position(text, at, offset), str(problem)
    return problem


def test_the_minimal_scenario_is_valid(minimal_scenario_path: Path) -> None:
    report = validate_file(minimal_scenario_path)
    assert report.errors == []
    assert report.loaded is not None
    assert report.loaded.scenario.id == "minimal_boulogne"


# --- the format: keys, types, ranges, allowed values -----------------------------------------
def test_unknown_key_suggests_the_closest_field(minimal_scenario_path: Path) -> None:
    problem = assert_reported(
        minimal_scenario_path, "strength: 800", "strenght: 800",
        "unknown key 'strenght' (did you mean 'strength'?)", at="strenght: 800",
    )
    assert problem.key_path == "units[0].strenght"


def test_missing_key_points_at_the_mapping_that_lacks_it(minimal_scenario_path: Path) -> None:
    problem = assert_reported(
        minimal_scenario_path, "quality: veteran, ", "",
        "missing required key 'quality'", at="{id: qor",
    )
    assert problem.key_path == "units[0].quality"


def test_wrong_type_names_the_value_given(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "strength: 800", "strength: many",
        "input should be a valid integer", at="strength: many", offset=10,
    )


def test_out_of_range_number(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "min_share: 0.8", "min_share: 1.8",
        "input should be less than or equal to 1 (got 1.8)", at="1.8",
    )


def test_value_outside_a_fixed_list_suggests_the_closest(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "kind: port", "kind: prot",
        "'prot' is not allowed here (did you mean 'port'?)", at="prot",
    )


def test_unknown_order_kind_points_at_the_tag(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "order: assault", "order: asault",
        "unknown order 'asault' (did you mean 'assault'?)", at="asault",
    )


def test_text_that_is_neither_string_nor_languages(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, 'title: {en: "Minimal Boulogne", fr: "Boulogne minimal"}',
        "title: 5", "input should be a valid string or a valid dictionary (got 5)", at="5\n",
    )


def test_badly_formed_id(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "id: minimal_boulogne", "id: Minimal-Boulogne",
        "value 'Minimal-Boulogne' is not valid: an id is lower-case letters",
        at="Minimal-Boulogne",
    )


def test_unsupported_format_version(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "format_version: 1", "format_version: 7",
        "format_version 7 is newer than this game", at="7\n",
    )


def test_duplicate_yaml_key(minimal_scenario_path: Path) -> None:
    text = edit(minimal_scenario_path, "turn_length_days: 1\n",
                "turn_length_days: 1\nturn_length_days: 2\n")
    problem = find(validate_file(minimal_scenario_path).problems, "duplicate key")
    assert "duplicate key 'turn_length_days' (first given on line" in problem.message
    assert (problem.line, problem.col) == position(text, "turn_length_days: 2")


def test_every_problem_is_reported_not_just_the_first(minimal_scenario_path: Path) -> None:
    edit(minimal_scenario_path, "strength: 800", "strenght: 800")
    edit(minimal_scenario_path, "kind: port", "kind: prot")
    edit(minimal_scenario_path, "h: heights", "h: hights")
    report = validate_file(minimal_scenario_path)
    for fragment in ("strenght", "'prot'", "'hights'", "missing required key 'strength'"):
        find(report.errors, fragment)
    assert report.loaded is None


# --- references and ids ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "message", "at"),
    [
        ("type: infantry_bn", "type: infantry_bnn",
         "unknown unit type 'infantry_bnn' (did you mean 'infantry_bn'?)", "infantry_bnn"),
        ("quality: veteran", "quality: veterans",
         "unknown quality 'veterans' (did you mean 'veteran'?)", "veterans"),
        ("start: {place: la_capelle}", "start: {place: la_capele}",
         "unknown place 'la_capele' (did you mean 'la_capelle'?)", "la_capele}"),
        ("side: allies, nation: ca", "side: alies, nation: ca",
         "unknown side 'alies' (did you mean 'allies'?)", "alies"),
        ("nation: ca,", "nation: cz,", "unknown nation 'cz'", "cz,"),
        ("nation: ca,", "nation: de,", "nation 'de' does not belong to side 'allies'", "de, type"),
        ("h: heights", "h: hights", "unknown terrain type 'hights' (did you mean 'heights'?)",
         "hights"),
        ("sources: [S4]}", "sources: [S5]}", "unknown source 'S5'", "S5"),
        ("short: QOR,", "short: QOR, formation: third_div,", "unknown formation 'third_div'",
         "third_div"),
        ("objectives: [{place: boulogne", "objectives: [{place: boulogn",
         "unknown place 'boulogn' (did you mean 'boulogne'?)", "boulogn,"),
        ("order: assault, units: [qor]", "order: assault, units: [qorr]",
         "unknown unit 'qorr' (did you mean 'qor'?)", "qorr"),
        ("points: [boulogne, la_capelle]", "points: [boulogne, la_chapelle]",
         "unknown place 'la_chapelle' (did you mean 'la_capelle'?)", "la_chapelle"),
    ],
)
def test_reference_to_something_undefined(
    minimal_scenario_path: Path, old: str, new: str, message: str, at: str
) -> None:
    assert_reported(minimal_scenario_path, old, new, message, at)


def test_unknown_weather_id(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "victory:\n",
        "weather:\n  known: [{date: 1944-09-18, weather: rian}]\nvictory:\n",
        "unknown weather 'rian' (did you mean 'rain'?)", at="rian",
    )


def test_duplicate_place_id(minimal_scenario_path: Path) -> None:
    text = minimal_scenario_path.read_text(encoding="utf-8")
    first_line = position(text, "{id: boulogne")[0]
    assert_reported(
        minimal_scenario_path, "{id: mont_lambert,", "{id: boulogne,",
        f"duplicate place id 'boulogne' (first defined on line {first_line})",
        at="{id: boulogne, name: Mont", offset=5,
    )


def test_formation_cycle(minimal_scenario_path: Path) -> None:
    formations = (
        "formations:\n"
        "  - {id: corps_a, name: A, side: allies, echelon: corps, parent: div_b}\n"
        "  - {id: div_b, name: B, side: allies, echelon: division, parent: corps_a}\n"
        "units:\n"
    )
    assert_reported(
        minimal_scenario_path, "units:\n", formations,
        "formation cycle: corps_a -> div_b -> corps_a", at="div_b}",
    )


# --- the map --------------------------------------------------------------------------------
def test_place_outside_the_map(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "lat: 50.733, lon: 1.701", "lat: 50.95, lon: 1.701",
        "place 'la_capelle' at 50.95, 1.701 lies outside the map bounds", at="50.95",
    )


def test_unit_starting_in_the_sea(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "start: {place: la_capelle}", "start: {at: [50.75, 1.561]}",
        "unit 'qor' starts in the sea: hex (0, 2) is 'sea'", at="[50.75",
    )


def test_unit_starting_off_the_map(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "start: {place: la_capelle}", "start: {at: [51.5, 1.6]}",
        "unit 'qor' starts off the map", at="[51.5",
    )


def test_terrain_grid_with_too_few_rows(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "    ~.....\n  lines:", "  lines:",
        "the terrain grid has 8 rows; bounds and hex_size_km give 6 columns × 9 rows",
        at="|\n",
    )


def test_terrain_row_of_the_wrong_width(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "    ~.h...\n", "    ~.h....\n",
        "terrain row 3 has 7 hexes; bounds and hex_size_km give 6 columns",
        at="    ~.h....", offset=4,
    )


def test_unknown_terrain_character(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "    ~..h..\n    ~..h..\n", "    ~..h..\n    ~..hx.\n",
        "terrain character 'x' is not in terrain_legend", at="hx.", offset=1,
    )


# --- dates and numbers ----------------------------------------------------------------------
def test_end_before_start(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "end_date: 1944-09-24", "end_date: 1944-09-10",
        "end_date 1944-09-10 is not after start_date 1944-09-17", at="1944-09-10",
    )


def test_plan_order_outside_the_scenario(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "{date: 1944-09-17, order: assault",
        "{date: 1944-10-17, order: assault",
        "plan order 1944-10-17 is outside the scenario dates (1944-09-17 to 1944-09-24)",
        at="1944-10-17",
    )


def test_plan_order_after_an_unknown_place(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "order: assault, units: [qor], target: boulogne}",
        "order: assault, units: [qor], target: boulogne, after: [boulgne]}",
        "unknown place 'boulgne'", at="boulgne",
    )


def test_arrival_before_the_start(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "start: {place: la_capelle}",
        "arrives: {date: 1944-09-10, place: la_capelle}",
        "arrival 1944-09-10 is before the start (1944-09-17)", at="1944-09-10",
    )


def test_invalid_calendar_date(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "start_date: 1944-09-17", "start_date: 1944-09-31",
        "invalid date '1944-09-31'", at="1944-09-31",
    )


def test_unit_that_never_enters_the_map(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, ", start: {place: la_capelle}", "",
        "unit 'qor' has neither `start` nor `arrives`", at="{id: qor",
    )


def test_unit_far_over_establishment(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "strength: 800", "strength: 5000",
        "strength 5000 is over 1.5× the full strength of unit type 'infantry_bn' (800 men)",
        at="5000",
    )


def test_victory_levels_must_cover_zero(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "min_share: 0.0}", "min_share: 0.1}",
        "no victory level has min_share 0", at="- {id: decisive",
    )


def test_place_without_sources_is_only_a_warning(minimal_scenario_path: Path) -> None:
    report = validate_file(minimal_scenario_path)
    problem = find(report.problems, "place 'mont_lambert' cites no sources")
    assert problem.severity == "warning"
    assert report.loaded is not None
    assert problem in report.loaded.warnings


# --- file references ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("../rules/ww2_west_1944.yaml", "leads outside the scenario's folder"),
        ("/etc/hostname", "must be relative to the scenario's folder: '/etc/hostname' is absolute"),
        ("rules/nowhere.yaml", "ruleset file 'rules/nowhere.yaml' not found next to the scenario"),
        ("rules", "ruleset path 'rules' is not a file"),
    ],
)
def test_ruleset_path_must_resolve_inside_the_folder(
    minimal_scenario_path: Path, reference: str, message: str
) -> None:
    assert_reported(
        minimal_scenario_path, "ruleset: rules/ww2_west_1944.yaml", f"ruleset: {reference}",
        message, at=f"ruleset: {reference}", offset=9,
    )


def test_symlink_leading_out_of_the_folder(minimal_scenario_path: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}_outside.yaml"
    outside.write_text((tmp_path / "rules" / "ww2_west_1944.yaml").read_text(encoding="utf-8"))
    os.symlink(outside, tmp_path / "rules" / "linked.yaml")
    assert_reported(
        minimal_scenario_path, "ruleset: rules/ww2_west_1944.yaml", "ruleset: rules/linked.yaml",
        "leads outside the scenario's folder (through a symbolic link)", at="rules/linked.yaml",
    )


def test_missing_cover_image(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "turn_length_days: 1\n",
        "turn_length_days: 1\ncover_image: art/cover.png\n",
        "cover image file 'art/cover.png' not found", at="art/cover.png",
    )


# --- the ruleset ----------------------------------------------------------------------------
def test_ruleset_problems_are_located_in_the_ruleset_file(minimal_scenario_path: Path) -> None:
    rules = minimal_scenario_path.parent / "rules" / "ww2_west_1944.yaml"
    text = edit(rules, "  - id: dunes\n", "  - id: woods\n")
    problem = find(validate_file(minimal_scenario_path).problems, "duplicate terrain type id")
    assert problem.file.endswith(os.path.join("rules", "ww2_west_1944.yaml"))
    first_line = position(text, "woods\n    name: {en: Beach")[0]
    assert f"duplicate terrain type id 'woods' (first defined on line {first_line})" in str(problem)
    assert (problem.line, problem.col) == position(text, "woods\n    name: {en: Woods")


def test_ruleset_type_errors_are_located_in_the_ruleset_file(
    minimal_scenario_path: Path,
) -> None:
    rules = minimal_scenario_path.parent / "rules" / "ww2_west_1944.yaml"
    text = edit(rules, "defence: 1.2\n", "defence: -1.2\n")
    problem = find(validate_file(minimal_scenario_path).problems, "greater than 0")
    assert problem.file.endswith("ww2_west_1944.yaml")
    assert (problem.line, problem.col) == position(text, "-1.2")
    assert problem.key_path == "terrain[2].defence"


# --- the loader uses all of this --------------------------------------------------------------
def test_load_scenario_raises_with_every_problem(minimal_scenario_path: Path) -> None:
    edit(minimal_scenario_path, "strength: 800", "strenght: 800")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(minimal_scenario_path)
    messages = [str(p) for p in caught.value.problems]
    assert any("unknown key 'strenght'" in m for m in messages)
    assert any("missing required key 'strength'" in m for m in messages)


def test_problem_line_format(minimal_scenario_path: Path) -> None:
    problem = assert_reported(
        minimal_scenario_path, "strength: 800", "strenght: 800", "strenght", at="strenght"
    )
    assert str(problem) == (
        f"{minimal_scenario_path}:{problem.line}:{problem.col}: error: unknown key 'strenght' "
        "(did you mean 'strength'?) [units[0].strenght]"
    )


def test_unit_arriving_at_a_place_in_the_sea(minimal_scenario_path: Path) -> None:
    edit(minimal_scenario_path, "  - {id: la_capelle,",
         "  - {id: offshore, name: Offshore, kind: landmark, lat: 50.75, lon: 1.561}\n"
         "  - {id: la_capelle,")
    assert_reported(
        minimal_scenario_path, "start: {place: la_capelle}",
        "arrives: {date: 1944-09-19, place: offshore}",
        "unit 'qor' arrives in the sea: hex (0, 2) is 'sea'", at="offshore}",
    )


def test_text_in_an_undeclared_language_is_a_warning(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "{en: Boulogne, fr: Boulogne-sur-Mer}",
        "{en: Boulogne, fr: Boulogne-sur-Mer, de: Boulogne}",
        "text in 'de', which `languages` does not list (en, fr)", at="de: Boulogne}",
        severity="warning",
    )


def test_text_without_the_fallback_language_is_a_warning(minimal_scenario_path: Path) -> None:
    assert_reported(
        minimal_scenario_path, "{en: Boulogne, fr: Boulogne-sur-Mer}", "{fr: Boulogne-sur-Mer}",
        "no 'en' text: 'en' is the fallback language", at="{fr: Boulogne-sur-Mer}",
        severity="warning",
    )


def test_a_bug_in_a_check_becomes_a_problem_not_a_traceback(
    minimal_scenario_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("engine.format.validation._ScenarioChecks._units", broken)
    report = validate_file(minimal_scenario_path)
    problem = find(report.errors, "internal validator error while checking")
    assert "RuntimeError: boom" in problem.message
    assert report.loaded is None


def test_fortress_order_names_known_places(minimal_scenario_path: Path) -> None:
    problem = assert_reported(
        minimal_scenario_path, "supply:\n",
        "events:\n  - {id: hold, date: 1944-09-17, kind: fortress_order, side: germans, "
        "caption: Hold, places: [bolougne]}\nsupply:\n",
        "unknown place 'bolougne'", at="bolougne",
    )
    assert "did you mean 'boulogne'" in problem.message + problem.hint
