"""Sensitivity studies: how the outcome of a campaign moves when one number of the rules or of
the scenario changes.

A study file (YAML) names a scenario, who plays each side, how many seeds, and the numbers to
vary, each over a list of values; every number is varied on its own, the others left as the
scenario has them (a one-at-a-time study), and every setting is played with the same seeds:

    scenario: ../scenarios/channel_ports_1944.yaml   # relative to the study file
    allies: history
    germans: ai
    seeds: 20                 # seeds first_seed .. first_seed + 19
    vary:
      - number: ruleset.engine.combat.odds_for_even_chance
        values: [1.5, 2.0, 2.5]
      - number: ruleset.unit_types[flame_tank_sqn].attack
        values: [4, 8]

A number is a dotted path into the ruleset or the scenario as their YAML spells it; `[x]`
picks a list item by its `id` (or by position, when `x` is a whole number). Every varied copy
goes through the same format models as a file, so a value out of range is refused up front.

The results are a tidy table: one row per campaign and measure (`fall_day:<objective>` is the
day of the campaign the objective fell on, empty when it held; then prisoners, Allied and
civilian casualties, civilians evacuated). `done_keys` reads a partial table back, so an
interrupted study resumes where it stopped.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.controllers import CONTROLLER_KINDS
from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.ruleset import Ruleset
from engine.format.scenario import Scenario
from engine.history.simulate import play_campaign
from engine.world import World

COLUMNS = ("number", "value", "seed", "measure", "result")
TOTALS = ("prisoners", "allied_casualties", "civilian_casualties", "civilians_evacuated")
BASELINE = "baseline"  # the `number` of the runs with the scenario as it is


class StudyError(Exception):
    """A study file that cannot be run; the message names the file and what is wrong."""


class Variation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    number: str = Field(description="ruleset.<path> or scenario.<path> of the number to vary")
    values: tuple[float | int | str, ...] = Field(min_length=1)


class StudySpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    scenario: str
    allies: str = "history"
    germans: str = "ai"
    difficulty: str | None = None
    seeds: int = Field(20, ge=1, le=100_000)
    first_seed: int = Field(1, ge=0)
    vary: tuple[Variation, ...] = Field(min_length=1)


@dataclasses.dataclass(frozen=True)
class Study:
    spec: StudySpec
    path: Path  # the study file

    @property
    def scenario_path(self) -> Path:
        return (self.path.parent / self.spec.scenario).resolve()

    def settings(self) -> list[tuple[str, Any]]:
        """(number, value) of every setting, the unchanged scenario first."""
        return [(BASELINE, ""), *((v.number, value) for v in self.spec.vary for value in v.values)]

    def seeds(self) -> range:
        return range(self.spec.first_seed, self.spec.first_seed + self.spec.seeds)

    def tasks(self) -> list[tuple[str, Any, int]]:
        return [(n, v, s) for n, v in self.settings() for s in self.seeds()]


def read_study(path: str | Path) -> Study:
    """Read and check a study file: its format, each side's controller, and that every setting
    gives a valid scenario (so a bad value is refused before any campaign runs)."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        spec = StudySpec.model_validate(data)
    except OSError as exc:
        raise StudyError(f"{path}: cannot read the study file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise StudyError(f"{where}: not valid YAML") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise StudyError(f"{path}: {key}: {first['msg']}") from exc
    for side in (spec.allies, spec.germans):
        if side not in CONTROLLER_KINDS:
            raise StudyError(f"{path}: unknown controller '{side}' (one of "
                             f"{', '.join(CONTROLLER_KINDS)})")
    study = Study(spec, path)
    if not study.scenario_path.is_file():
        raise StudyError(f"{path}: no scenario file at {study.scenario_path}")
    for number, value in study.settings():
        try:
            variant(str(study.scenario_path), number, value)
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise StudyError(f"{path}: {number} = {value!r}: {exc}") from exc
    return study


_SEGMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]+\])*)$")


def _set(data: Any, steps: list[str], value: Any) -> None:
    """Put `value` at the dotted path `steps` (with `[id]` / `[index]` list picks)."""
    keys: list[str | int] = []
    for step in steps:
        match = _SEGMENT.match(step)
        if not match:
            raise ValueError(f"'{step}' is not a key (letters, digits, _) with optional [item]")
        keys.append(match.group(1))
        keys.extend(re.findall(r"\[([^\]]+)\]", match.group(2)))
    node = data
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(node, list):
            key = _pick(node, str(key))
        elif not isinstance(node, dict) or key not in node:
            raise KeyError(f"no '{key}' there")
        if last:
            old = node[key]
            if isinstance(old, (dict, list)):
                raise ValueError(f"'{key}' holds a {type(old).__name__}, not a number")
            node[key] = value
        else:
            node = node[key]


def _pick(items: list[Any], selector: str) -> int:
    if selector.isdigit():
        if int(selector) >= len(items):
            raise IndexError(f"the list has {len(items)} items, not {int(selector) + 1}")
        return int(selector)
    for index, item in enumerate(items):
        if isinstance(item, dict) and selector in (item.get("id"), item.get("place")):
            return index
    raise KeyError(f"no item with id '{selector}'")


@lru_cache(maxsize=16)
def variant(scenario_path: str, number: str, value: Any) -> LoadedScenario:
    """The scenario with one number changed (the scenario itself for the baseline)."""
    loaded = load_scenario(scenario_path)
    if number == BASELINE:
        return loaded
    root, _, rest = number.partition(".")
    if root not in ("ruleset", "scenario") or not rest:
        raise ValueError("a number starts with 'ruleset.' or 'scenario.'")
    model = loaded.ruleset if root == "ruleset" else loaded.scenario
    data = model.model_dump(mode="python", by_alias=True)
    _set(data, rest.split("."), value)
    try:
        new = type(model).model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(first["msg"]) from exc
    if isinstance(new, Ruleset):  # the copy's digest follows its new content
        return dataclasses.replace(loaded, ruleset=new)
    assert isinstance(new, Scenario)
    return dataclasses.replace(loaded, scenario=new)


def rows(number: str, value: Any, seed: int, start: dt.date, outcome: dict[str, Any],
         objectives: Iterable[str]) -> list[tuple[Any, ...]]:
    """The tidy rows of one campaign's outcome."""
    out: list[tuple[Any, ...]] = []
    for place in objectives:
        fell = outcome["capture_dates"].get(place)
        day = (dt.date.fromisoformat(fell) - start).days if fell else ""
        out.append((number, value, seed, f"fall_day:{place}", day))
    out.extend((number, value, seed, key, outcome[key]) for key in TOTALS)
    return out


def task_key(number: str, value: Any, seed: int) -> tuple[str, str, str]:
    """How a campaign is named in the table (values compared as the CSV writes them)."""
    return number, str(value), str(seed)


def done_keys(table: Path, per_campaign: int) -> set[tuple[str, str, str]]:
    """Campaigns already in a (possibly interrupted) table. A campaign is done when all its
    `per_campaign` rows are there; the rows of one cut short (a torn last line, a missing
    measure) are removed from the table, so playing it again cannot count it twice."""
    if not table.is_file():
        return set()
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    if not lines:
        return set()
    header = next(csv.reader(lines[:1]))
    if tuple(header) != COLUMNS:
        raise StudyError(f"{table}: not a study table (its columns are {', '.join(header)})")
    whole = [line for line in lines[1:] if line.endswith("\n")]
    parsed = [(line, row) for line, row in zip(whole, csv.reader(whole), strict=True)
              if len(row) == len(COLUMNS)]
    measures: dict[tuple[str, str, str], int] = {}
    for _, row in parsed:
        key = task_key(row[0], row[1], row[2])
        measures[key] = measures.get(key, 0) + 1
    done = {key for key, count in measures.items() if count == per_campaign}
    kept = [line for line, row in parsed if task_key(row[0], row[1], row[2]) in done]
    if len(kept) != len(lines) - 1:
        from engine.atomic_file import write_text_atomically

        write_text_atomically(table, "".join([lines[0], *kept]))
    return done


@lru_cache(maxsize=16)
def _world(scenario_path: str, number: str, value: Any) -> World:
    return World(variant(scenario_path, number, value))


def run_task(scenario_path: str, allies: str, germans: str, difficulty: str | None,
             number: str, value: Any, seed: int) -> dict[str, Any]:
    """One campaign of a study (what a worker runs): the setting's scenario, compiled once per
    process, played with `seed`."""
    return play_campaign(_world(scenario_path, number, value), allies, germans, seed, difficulty)
