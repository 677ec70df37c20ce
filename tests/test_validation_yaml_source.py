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
