"""The location-aware YAML reader gives the data `yaml.safe_load` would, plus where it came from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from engine.format.yaml_source import YamlDocument, YamlSourceError, read_yaml

ROOT = Path(__file__).resolve().parent.parent


def read(tmp_path: Path, text: str) -> YamlDocument:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path)


@pytest.mark.parametrize(
    "path",
    [ROOT / "tests" / "fixtures" / "minimal_scenario.yaml",
     ROOT / "scenarios" / "rules" / "ww2_west_1944.yaml"],
)
def test_same_data_as_the_safe_loader(path: Path) -> None:
    expected = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert read_yaml(path).data == expected


def test_dates_become_dates_and_numbers_keep_their_yaml_types(tmp_path: Path) -> None:
    doc = read(tmp_path, "d: 1944-09-17\ni: 0x10\nf: 1_000.5\nb: yes\nn: ~\ns: '1944'\n")
    assert doc.data == {"d": dt.date(1944, 9, 17), "i": 16, "f": 1000.5, "b": True, "n": None,
                        "s": "1944"}


def test_every_key_and_value_has_a_location(tmp_path: Path) -> None:
    doc = read(tmp_path, "units:\n  - id: qor\n    start: {place: la_capelle}\n")
    assert doc.locate(("units",), key=True) == (1, 1)
    assert doc.locate(("units", 0)) == (2, 5)
    assert doc.locate(("units", 0, "id")) == (2, 9)
    assert doc.locate(("units", 0, "start", "place"), key=True) == (3, 13)
    assert doc.locate(("units", 0, "start", "place")) == (3, 20)
    assert doc.locate(("units", 0, "missing_key")) == (2, 5)


def test_rows_of_a_block_string_are_located(tmp_path: Path) -> None:
    doc = read(tmp_path, "map:\n  terrain: |\n    ~~..\n    ~...\n")
    assert doc.locate_in_text(("map", "terrain"), 1, 2) == (4, 7)


def test_duplicate_keys_are_reported_and_the_last_kept(tmp_path: Path) -> None:
    doc = read(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert doc.data == {"a": 3, "b": 2}
    [issue] = doc.issues
    assert (issue.line, issue.col, issue.key_path) == (3, 1, ("a",))
    assert "first given on line 1" in issue.message


def test_merge_keys_work_like_pyyaml(tmp_path: Path) -> None:
    text = "base: &b {side: allies, quality: veteran}\nunit:\n  <<: *b\n  quality: green\n"
    doc = read(tmp_path, text)
    assert doc.data == yaml.safe_load(text)
    assert doc.issues == []
    assert doc.locate(("unit", "side")) == (3, 3)


def test_an_alias_shares_the_anchored_value(tmp_path: Path) -> None:
    doc = read(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert doc.locate(("b",)) == (2, 4)
    assert doc.locate(("b", 1)) == (1, 11)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: x\n")
    assert read_yaml(path).data == {"id": "x"}


def test_a_mapping_used_as_a_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(YamlSourceError) as caught:
        read(tmp_path, "? {a: 1}\n: x\n")
    assert "a mapping key must be a plain value" in caught.value.message
    assert (caught.value.line, caught.value.col) == (1, 3)


DEDENTED = {  # text, (line, col) of the key indented by mistake, words of the message
    "a key closes its mapping; the next key fails lines later": (
        "map:\n  hex_size_km: 2\nbounds:\n    west: 1\n    east: 2\n    south: 3\n"
        "    north: 4\n  terrain_legend: {a: b}\n", (3, 1),
        "key 'bounds' is indented 0 spaces, less than 'hex_size_km' on line 2 (2 spaces): it "
        "closes that mapping, so line 8, indented like 'hex_size_km', fits nowhere"),
    "a key less indented than the keys of its list item": (
        "units:\n  - id: a\n    name: A\n  side: allies\n  - id: b\n", (4, 3),
        "key 'side' is indented 2 spaces, which lines up with no key above it ('name' on line "
        "3 has 4 spaces)"),
    "a key between two levels": (
        "map:\n  bounds:\n    west: 1\n   south: 3\n", (4, 4),
        "key 'south' is indented 3 spaces, which lines up with no key above it ('west' on line "
        "3 has 4 spaces)"),
    "a key dedented inside a list item, the next one indented as before": (
        "victory:\n  objectives:\n    - place: b\n      side: allies\n  points: 100\n"
        "      full_value_until: 1944-09-22\n", (5, 3),
        "key 'points' is indented 2 spaces, less than 'side' on line 4 (6 spaces)"),
}


@pytest.mark.parametrize("name", sorted(DEDENTED))
def test_a_key_indented_by_mistake_is_reported_at_its_own_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The project's words at the key's own line, whatever the parser says where it stops."""
    text, where, words = DEDENTED[name]
    with pytest.raises(YamlSourceError) as caught:
        read(tmp_path, text)
    assert (caught.value.line, caught.value.col) == where
    assert caught.value.message.startswith(words) and caught.value.hint

    real_parse = yaml.parse

    def parser_with_other_words(*args: object, **kwargs: object) -> object:
        try:
            yield from real_parse(*args, **kwargs)
        except yaml.MarkedYAMLError as exc:
            raise yaml.MarkedYAMLError(problem="some other wording",
                                       problem_mark=exc.problem_mark) from None

    monkeypatch.setattr(yaml, "parse", parser_with_other_words)
    with pytest.raises(YamlSourceError) as again:
        read(tmp_path, text)
    assert (again.value.line, again.value.col, again.value.message) == \
        (caught.value.line, caught.value.col, caught.value.message)


def test_a_dedented_block_key_in_a_scenario_is_located_and_hinted(
        minimal_scenario_path: Path) -> None:
    """`terrain: |` dedented by mistake: the parser stops at `lines:`, eleven lines on."""
    from engine.format.validation import validate_file

    text = minimal_scenario_path.read_text(encoding="utf-8")
    minimal_scenario_path.write_text(text.replace("\n  terrain: |\n", "\nterrain: |\n"),
                                     encoding="utf-8")
    lines = minimal_scenario_path.read_text(encoding="utf-8").splitlines()
    problem = validate_file(minimal_scenario_path).errors[0]
    assert (problem.line, problem.col) == (lines.index("terrain: |") + 1, 1)
    assert problem.message.startswith("key 'terrain' is indented 0 spaces, less than "
                                      "'terrain_legend'")
    assert problem.hint == "indent 'terrain' by 2 spaces if it belongs with 'terrain_legend'"
    assert "YAML syntax error" not in str(problem)
