"""Whatever a modder does to a valid scenario, the validator answers with located problems.

Hypothesis breaks the minimal scenario (drops required keys, puts values of the wrong type,
points references at nothing, duplicates ids) and checks that validation never raises and that
every error sits on a real line and column of the file written.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.format.validation import validate_file

ROOT = Path(__file__).resolve().parent.parent
BASE: dict[str, Any] = yaml.load(
    (ROOT / "tests" / "fixtures" / "minimal_scenario.yaml").read_text(encoding="utf-8"),
    Loader=yaml.CSafeLoader,
)

REQUIRED = [
    ("format_version",), ("id",), ("ruleset",), ("start_date",), ("map", "bounds"),
    ("map", "terrain"), ("map", "bounds", "north"), ("places", 0, "lat"), ("places", 1, "kind"),
    ("sides", 0, "colour"), ("sides", 1, "nations", 0, "id"), ("units", 0, "side"),
    ("units", 1, "strength"), ("units", 0, "quality"), ("victory",), ("victory", "levels"),
    ("victory", "objectives", 0, "points"), ("supply", "depots", 0, "food_days"),
    ("history", "plan", 0, "order"), ("history", "events", 0, "caption"),
]
REFERENCES = [
    ("units", 0, "side"), ("units", 1, "nation"), ("units", 0, "type"), ("units", 1, "quality"),
    ("units", 0, "start", "place"), ("places", 0, "side"), ("victory", "objectives", 0, "place"),
    ("history", "plan", 0, "units", 0), ("history", "plan", 0, "target"),
    ("map", "lines", 0, "points", 1), ("map", "terrain_legend", "h"), ("supply", "sources", 0,
                                                                       "place"),
    ("history", "outcomes", 0, "objective"), ("places", 0, "sources", 0),
]
QUIET = [HealthCheck.function_scoped_fixture]  # the folder fixture is shared on purpose
DUPLICABLE = [("places",), ("units",), ("sides",), ("sources",), ("victory", "levels"),
              ("map", "lines")]


def _all_paths(value: Any, prefix: tuple[Hashable, ...] = ()) -> list[tuple[Hashable, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            paths += _all_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths += _all_paths(item, (*prefix, index))
    return paths


ALL_PATHS = _all_paths(BASE)


def _parent(data: Any, path: tuple[Hashable, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


def drop(data: Any, path: tuple[Hashable, ...]) -> None:
    del _parent(data, path)[path[-1]]


def retype(data: Any, path: tuple[Hashable, ...]) -> None:
    _parent(data, path)[path[-1]] = {"x": [1]}


def break_reference(data: Any, path: tuple[Hashable, ...]) -> None:
    _parent(data, path)[path[-1]] = "zz_nowhere"


def duplicate(data: Any, path: tuple[Hashable, ...]) -> None:
    items = _parent(data, path)[path[-1]]
    items.append(copy.deepcopy(items[0]))


MUTATIONS = st.one_of(
    st.tuples(st.just(drop), st.sampled_from(REQUIRED)),
    st.tuples(st.just(retype), st.sampled_from(ALL_PATHS)),
    st.tuples(st.just(break_reference), st.sampled_from(REFERENCES)),
    st.tuples(st.just(duplicate), st.sampled_from(DUPLICABLE)),
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mutated")
    shutil.copytree(ROOT / "scenarios" / "rules", path / "rules")
    return path


def _write(folder: Path, data: Any, flow: bool) -> Path:
    path = folder / "scenario.yaml"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=flow)
    path.write_text(text, encoding="utf-8")
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=QUIET)
@given(mutations=st.lists(MUTATIONS, min_size=1, max_size=3), flow=st.booleans())
def test_broken_scenarios_get_located_errors(
    folder: Path, mutations: list[tuple[Any, tuple[Hashable, ...]]], flow: bool
) -> None:
    data = copy.deepcopy(BASE)
    applied = 0
    for mutate, path in mutations:
        try:
            mutate(data, path)
            applied += 1
        except (KeyError, IndexError, TypeError, AttributeError):
            continue  # an earlier mutation removed or replaced what this one targets
    path = _write(folder, data, flow)
    line_count = len(path.read_text(encoding="utf-8").splitlines())
    report = validate_file(path)
    if applied:
        assert report.errors, f"no error after {mutations}"
        assert report.loaded is None
    for problem in report.problems:
        assert "internal validator error" not in problem.message, str(problem)
        assert 1 <= problem.line <= max(line_count, 1), str(problem)
        assert problem.col >= 1, str(problem)


@settings(max_examples=80, deadline=None, suppress_health_check=QUIET)
@given(path=st.sampled_from(ALL_PATHS))
def test_dropping_any_key_never_crashes(folder: Path, path: tuple[Hashable, ...]) -> None:
    data = copy.deepcopy(BASE)
    drop(data, path)
    written = _write(folder, data, flow=False)
    report = validate_file(written)
    assert all(p.line >= 1 and p.col >= 1 for p in report.problems)
    assert not any("internal validator error" in p.message for p in report.problems)
    assert (report.loaded is None) == bool(report.errors)
