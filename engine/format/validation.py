"""Scenario validation: every problem in a scenario file, located by file:line:col and key path.

`validate_file(path)` reads a scenario with the location-aware reader
(`engine.format.yaml_source`), checks it against the format models (`engine.format.scenario`),
reads and checks the ruleset it names
(problems there are located in the ruleset file), then runs the cross-checks a model cannot do
alone: references between entries, duplicate ids, the map grid, dates, plausible numbers, file
paths. It never stops at the first problem and never raises for bad input.

Severity, decided by one question — will the game load and behave as the author meant?
* error: the file cannot be read or typed; a reference points nowhere; an id is used twice; the
  terrain grid does not fit the map; a unit or place is off the map, or a unit starts in the sea;
  dates are out of order (start not before end, an arrival before the start, a scenario event or
  plan order outside the scenario); impossible numbers (a unit over 1.5× its type's full
  strength, no victory level covering a share of 0, a negative weather weight); a formation
  cycle; a unit without `start` or `arrives`; a file path leaving the scenario's folder.
* warning: the game runs but something is probably unintended or unsourced: a place, unit or
  historical figure without `sources`; a unit arriving or withdrawing after the end; known
  weather outside the scenario dates; a history event over a year outside them; a place
  on a sea hex; a line waypoint outside the map; a quality whose surrender morale exceeds its
  starting morale; a text in a language `languages` does not list, without the first
  (fallback) language or without another listed one, and a listed language no text is given in.
Duplicate YAML keys are errors: PyYAML would silently keep the last one.
`run.py validate --strict` treats warnings as errors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
import os
import re
import types
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from engine.format.limits import FIRST_DATE, LAST_DATE, SIDES, in_calendar, over_limits
from engine.format.loaded import LoadedScenario, Problem
from engine.format.ruleset import EngineRules, Ruleset
from engine.format.ruleset_layers import (
    extends_chain,
    merge_with_origins,
    origin_of,
    resolve_reference,
)
from engine.format.scenario import Bounds, Scenario
from engine.format.versions import FormatVersionError, upgrade
from engine.format.yaml_source import KeyPath, Location, YamlDocument, YamlSourceError, read_yaml
from engine.hexgrid import HexGrid

ERROR = "error"
WARNING = "warning"
STRENGTH_TOLERANCE = 1.5  # a unit may be over establishment, not by more than half again
# History reaches beyond the playable dates (context from D-Day on; the Dunkirk pocket held until
# May 1945), so only a date over a year outside is taken for a typo.
HISTORY_SLACK_DAYS = 366


@dataclass
class Report:
    """Everything found in one file (and the ruleset it names)."""

    problems: list[Problem] = field(default_factory=list)
    loaded: LoadedScenario | None = None
    ruleset_files: list[Path] = field(default_factory=list)  # read for `loaded`, in order

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def format_key_path(path: Iterable[Hashable]) -> str:
    """`("units", 3, "strength")` -> `units[3].strength`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def did_you_mean(word: object, candidates: Iterable[object]) -> str:
    """A hint naming the closest candidate, or '' when nothing is close."""
    if not isinstance(word, str):
        return ""
    pool = [c for c in candidates if isinstance(c, str)]
    match = difflib.get_close_matches(word, pool, n=1, cutoff=0.7)
    if not match:
        lowered = {c.lower(): c for c in pool}
        if word.lower() in lowered:
            match = [lowered[word.lower()]]
    return f"did you mean '{match[0]}'?" if match else ""


class _Sink:
    """Collects problems for one file, located through its `YamlDocument`."""

    def __init__(self, document: YamlDocument, shown_path: str) -> None:
        self.document = document
        self.file = shown_path
        self.problems: list[Problem] = []

    def add(
        self,
        severity: str,
        path: KeyPath,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        location: Location | None = None,
    ) -> None:
        line, col = location or self.document.locate(path, key=key)
        self.problems.append(
            Problem(self.file, line, col, severity, message, format_key_path(path), hint)
        )

    def error(self, path: KeyPath, message: str, hint: str = "", **kw: Any) -> None:
        self.add(ERROR, path, message, hint, **kw)

    def warning(self, path: KeyPath, message: str, hint: str = "", **kw: Any) -> None:
        self.add(WARNING, path, message, hint, **kw)

    def files(self) -> list[_Sink]:
        """The sinks of the files this one reports into (itself)."""
        return [self]


class _MergedDocument:
    """The merged data of layered files, located in the layer each value came from."""

    def __init__(self, sink: _LayeredSink, data: Any) -> None:
        self.sink = sink
        self.data = data
        self.path = sink.layers[-1][0].document.path
        self.issues: list[Any] = []

    def locate(self, path: KeyPath, *, key: bool = False) -> Location:
        layer, inner = self.sink.route(path)
        return layer.document.locate(inner, key=key)


class _LayeredSink(_Sink):
    """Problems of data merged from layers (`ruleset_layers`), each reported in the file and at
    the line where the value that causes it was written."""

    def __init__(self, layers: list[tuple[_Sink, KeyPath]], files: list[_Sink]) -> None:
        self.layers = layers
        self._files = files
        data, self.origins = merge_with_origins(
            [_get(layer.document.data, *base) for layer, base in layers])
        self.document = _MergedDocument(self, data)  # type: ignore[assignment]
        self.file = files[0].file if files else layers[-1][0].file

    @property  # type: ignore[override]
    def problems(self) -> list[Problem]:
        return [p for f in self._files for p in f.problems]

    def route(self, path: KeyPath) -> tuple[_Sink, KeyPath]:
        index, inner = origin_of(path, self.origins)
        layer, base = self.layers[index]
        return layer, (*base, *inner)

    def add(self, severity: str, path: KeyPath, message: str, hint: str = "", *,
            key: bool = False, location: Location | None = None) -> None:
        layer, inner = self.route(path)
        layer.add(severity, inner, message, hint, key=key, location=location)

    def files(self) -> list[_Sink]:
        return list(self._files)


# ------------------------------------------------------------------------------------------
# Entry points
# ------------------------------------------------------------------------------------------
def validate_file(path: Path, document: YamlDocument | None = None) -> Report:
    """Check a scenario file and the ruleset it names; `loaded` is set when there is no error.
    `document` is the file already read, if the caller has it (it is read only once)."""
    path = Path(path)
    report = Report()
    if document is None:
        document = _read(path, report)
    if document is None:
        return report
    sink = _Sink(document, str(path))
    if _looks_like_ruleset(document.data):
        sink.error(
            (),
            "this is a ruleset file, not a scenario",
            "a scenario names it with `ruleset:`; `run.py validate` also checks rulesets alone",
        )
        report.problems += sink.problems
        return report
    _source_issues(sink)
    if "format_version" in document.data:
        try:
            document.data, notices = upgrade(document.data)
        except FormatVersionError as exc:
            sink.error(("format_version",), str(exc))
            report.problems += sink.problems
            return report
        for notice in notices:
            sink.warning(("format_version",), notice)
    scenario = _typed(Scenario, sink)
    rules_sink, rules_paths = _load_ruleset(path, sink)
    ruleset = _typed(Ruleset, rules_sink) if rules_sink else None
    rules_checks: list[_RulesetChecks] = []
    if rules_sink:
        for file_sink in rules_sink.files():
            _source_issues(file_sink)
        _guarded(rules_sink, lambda: rules_checks.append(_RulesetChecks(rules_sink)), "ruleset ids")
        for checks in rules_checks:
            _guarded(rules_sink, checks.run, "the ruleset")
    _guarded(
        sink,
        lambda: _ScenarioChecks(sink, rules_checks[0] if rules_checks else None).run(),
        "the scenario",
    )
    if rules_sink is not None:  # problems of the ruleset itself found again are merged away
        _guarded(sink, lambda: _place_rules(sink, rules_sink), "the places' rules")
    report.problems = _ordered(sink.problems + (rules_sink.problems if rules_sink else []))
    if not report.errors and scenario is not None and ruleset is not None and rules_paths:
        report.ruleset_files = [Path(p) for p in rules_paths]
        report.loaded = LoadedScenario(
            scenario, ruleset, path, tuple(report.warnings)
        )
    return report


def validate_any(path: Path) -> Report:
    """Check a scenario, or a ruleset on its own (told apart by their top-level keys)."""
    path = Path(path)
    report = Report()
    document = _read(path, report)
    if document is None:
        return report
    if not _looks_like_ruleset(document.data):
        return validate_file(path, document)
    first = _Sink(document, str(path))
    folder = path.resolve().parent
    files = _extends_chain(first, folder, report.problems)
    sink = _layered([(f, ()) for f in reversed(files)], files)
    for file_sink in files:
        _source_issues(file_sink)
    _typed(Ruleset, sink)
    _guarded(sink, lambda: _RulesetChecks(sink).run(), "the ruleset")
    report.problems = _ordered(report.problems + sink.problems)
    return report


def _read(path: Path, report: Report) -> YamlDocument | None:
    try:
        document = read_yaml(path)
    except YamlSourceError as exc:
        report.problems.append(Problem(str(path), exc.line, exc.col, ERROR, exc.message,
                                       hint=exc.hint))
        return None
    if not isinstance(document.data, dict):
        kind = type(document.data).__name__.replace("NoneType", "null")
        report.problems.append(
            Problem(
                str(path), 1, 1, ERROR,
                f"the top level must be a mapping of keys (format_version, id, map, ...), "
                f"not a {kind}",
            )
        )
        return None
    return document


def _looks_like_ruleset(data: dict[Any, Any]) -> bool:
    return ("unit_types" in data or "extends" in data) and "map" not in data \
        and "units" not in data


def _ordered(problems: list[Problem]) -> list[Problem]:
    files: dict[str, int] = {}
    for problem in problems:
        files.setdefault(problem.file, len(files))
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (files[p.file], p.line, p.col))


def _source_issues(sink: _Sink) -> None:
    for issue in sink.document.issues:
        sink.error(issue.key_path, issue.message, location=(issue.line, issue.col))


def _load_ruleset(scenario_path: Path, sink: _Sink) -> tuple[_Sink | None, list[Path]]:
    """The scenario's ruleset as one sink: the named file, the rulesets it `extends:` and the
    scenario's own `rules:` overrides merged (a plain file sink when there is nothing to merge);
    and the paths of the ruleset files read, for the digest."""
    data = sink.document.data
    reference = data.get("ruleset")
    if not isinstance(reference, str):
        return None, []
    resolved = _inside_folder(scenario_path, reference, ("ruleset",), sink, "ruleset")
    if resolved is None:
        return None, []
    shown = os.path.normpath(os.path.join(os.path.dirname(str(scenario_path)), reference))
    document = _read_ruleset(resolved, shown, sink.problems)
    if document is None:
        return None, []
    files = _extends_chain(_Sink(document, shown), scenario_path.resolve().parent, sink.problems)
    layers: list[tuple[_Sink, KeyPath]] = [(f, ()) for f in reversed(files)]
    overrides = data.get("rules")
    if isinstance(overrides, dict):
        if "extends" in overrides:
            sink.error(("rules", "extends"), "a scenario's `rules:` cannot extend a ruleset",
                       "name the ruleset with `ruleset:`; `rules:` only changes its numbers",
                       key=True)
        layers.append((sink, ("rules",)))
    return _layered(layers, files), [f.document.path for f in files]


def _place_rules(sink: _Sink, rules_sink: _Sink) -> None:
    """Each place's `rules:` merged over the ruleset's engine numbers must still be valid;
    problems are located in the place's entry."""
    for path, place in _entries(sink.document.data, "places"):
        if isinstance(place.get("rules"), dict):
            layered = _LayeredSink([(rules_sink, ("engine",)), (sink, (*path, "rules"))], [])
            _typed(EngineRules, layered)


def _read_ruleset(path: Path, shown: str, problems: list[Problem]) -> YamlDocument | None:
    try:
        document = read_yaml(path)
    except YamlSourceError as exc:
        problems.append(Problem(shown, exc.line, exc.col, ERROR, exc.message, hint=exc.hint))
        return None
    if not isinstance(document.data, dict):
        problems.append(Problem(shown, 1, 1, ERROR, "a ruleset must be a mapping of keys"))
        return None
    return document


def _extends_chain(first: _Sink, folder: Path, problems: list[Problem]) -> list[_Sink]:
    """`first` and the ruleset files it extends, in that order (see `ruleset_layers`)."""
    sinks: list[_Sink] = []

    def read(path: Path) -> _Sink | None:
        if sinks:
            parent = sinks[-1]
            shown = os.path.normpath(os.path.join(os.path.dirname(parent.file),
                                                  str(parent.document.data["extends"])))
            document = _read_ruleset(path, shown, problems)
            if document is None:
                return None
            sinks.append(_Sink(document, shown))
        else:
            sinks.append(first)
        return sinks[-1]

    chain, failure = extends_chain(first.document.path, folder, read, lambda s: s.document.data)
    if failure is not None:
        chain[failure.at][1].error(("extends",), failure.message)
    return [s for _, s in chain]


def _layered(layers: list[tuple[_Sink, KeyPath]], files: list[_Sink]) -> _Sink:
    if len(layers) == 1 and not layers[0][1]:
        return layers[0][0]
    return _LayeredSink(layers, files)


def _inside_folder(
    scenario_path: Path, reference: str, path: KeyPath, sink: _Sink, what: str
) -> Path | None:
    """The file `reference` names, if it is a relative path that stays in the scenario folder."""
    folder = scenario_path.resolve().parent
    target = resolve_reference(folder, folder, reference, what)
    if isinstance(target, str):
        sink.error(path, target.replace(" not found", " not found next to the scenario"))
        return None
    return target


# ------------------------------------------------------------------------------------------
# Type checks: pydantic errors, located and worded for people
# ------------------------------------------------------------------------------------------
_ID_PATTERN = "^[a-z0-9][a-z0-9_]*$"
_PATTERN_MEANINGS = {
    _ID_PATTERN: "an id is lower-case letters, digits and underscores, starting with a "
    "letter or digit",
    "^#[0-9a-fA-F]{6}$": "a colour is written #rrggbb, e.g. '#4a7bd0' (quote it in YAML)",
    "^[a-z]{2}$": "a language is a two-letter code such as 'en' or 'fr'",
    "^[A-Za-z0-9][A-Za-z0-9_\\-]*$": "a source key is letters, digits, '_' and '-', e.g. S4",
}


def _typed(model: type[BaseModel], sink: _Sink) -> Any:
    try:
        return model.model_validate(sink.document.data)
    except ValidationError as exc:
        _report_validation_errors(model, exc, sink)
        return None


@dataclass
class _MappedError:
    error: dict[str, Any]
    path: KeyPath
    on_key: bool
    branch: KeyPath | None  # data path where a union member label was skipped


def _has_child(container: Any, part: Any) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _map_loc(data: Any, loc: tuple[Any, ...], kind: str) -> _MappedError:
    current = data
    path: list[Hashable] = []
    on_key = False
    branch: KeyPath | None = None
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if part == "[key]":
            on_key = True
        elif _has_child(current, part):
            current = current[part]
            path.append(part)
        elif last and kind == "missing":
            path.append(part)
        else:
            branch = tuple(path)
    return _MappedError({}, tuple(path), on_key, branch)


def _strip(tp: Any) -> list[Any]:
    """The concrete types an annotation may stand for (Annotated and Union unwrapped)."""
    if get_origin(tp) is Annotated:
        return _strip(get_args(tp)[0])
    if get_origin(tp) in (Union, types.UnionType):
        return [t for member in get_args(tp) for t in _strip(member) if t is not type(None)]
    return [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _literal_tags(model: type[BaseModel]) -> set[Any]:
    tags: set[Any] = set()
    for info in model.model_fields.values():
        if get_origin(info.annotation) is Literal:
            tags.update(get_args(info.annotation))
    return tags


def _field_names_at(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed in the model found at `loc` (used for did-you-mean on unknown keys)."""
    candidates: list[Any] = [root]
    for part in loc:
        following: list[Any] = []
        for tp in (t for c in candidates for t in _strip(c)):
            if _is_model(tp):
                if part in tp.model_fields:
                    following.append(tp.model_fields[part].annotation)
                elif part in _literal_tags(tp):
                    following.append(tp)
            elif get_origin(tp) in (list, tuple) and isinstance(part, int):
                args = [a for a in get_args(tp) if a is not Ellipsis]
                if args:
                    following.append(args[min(part, len(args) - 1)])
            elif get_origin(tp) is dict:
                following.append(get_args(tp)[1])
        candidates = following or candidates
    names: list[str] = []
    for tp in (t for c in candidates for t in _strip(c)):
        if _is_model(tp):
            names += [n for n in tp.model_fields if n not in names]
    return names


def _shown(value: Any) -> str:
    text = repr(value.isoformat() if isinstance(value, dt.date) else value)
    return text if len(text) <= 50 else text[:47] + "..."


def _quoted_list(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def _wording(model: type[BaseModel], mapped: _MappedError) -> tuple[str, str]:
    """Message and hint for one pydantic error."""
    err = mapped.error
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    name = mapped.path[-1] if mapped.path else ""
    if kind == "missing":
        if isinstance(name, int):
            return f"missing item {name + 1} of the list", ""
        return f"missing required key '{name}'", ""
    if kind == "extra_forbidden":
        allowed = _field_names_at(model, tuple(err["loc"][:-1]))
        hint = did_you_mean(name, allowed)
        if not hint and allowed:
            hint = "allowed keys: " + ", ".join(allowed)
        return f"unknown key '{name}'", hint
    if kind == "union_tag_invalid":
        tags = _quoted_list(ctx.get("expected_tags", ""))
        disc = ctx.get("discriminator", "").strip("'")
        hint = did_you_mean(ctx.get("tag"), tags) or ("expected one of: " + ", ".join(tags))
        return f"unknown {disc} '{ctx.get('tag')}'", hint
    if kind == "union_tag_not_found":
        disc = ctx.get("discriminator", "").strip("'")
        return f"missing required key '{disc}' saying what kind of entry this is", ""
    if kind == "literal_error":
        allowed = _quoted_list(ctx.get("expected", ""))
        hint = did_you_mean(value, allowed) or ("expected one of: " + ", ".join(allowed))
        return f"{_shown(value)} is not allowed here", hint
    if kind == "string_pattern_mismatch":
        meaning = _PATTERN_MEANINGS.get(ctx.get("pattern", ""), f"pattern {ctx.get('pattern')}")
        what = "key" if mapped.on_key else "value"
        return f"{what} {_shown(value)} is not valid: {meaning}", ""
    message = str(err["msg"])
    message = re.sub(r"^(Value|Assertion) error, ", "", message)
    message = message[0].lower() + message[1:]
    if kind not in ("value_error", "assertion_error") and (
        value is None or isinstance(value, (str, int, float, bool, dt.date))
    ):
        message += f" (got {_shown(value)})"
    return message, ""


def _report_validation_errors(model: type[BaseModel], exc: ValidationError, sink: _Sink) -> None:
    data = sink.document.data
    mapped: list[_MappedError] = []
    for err in exc.errors():
        item = _map_loc(data, tuple(err["loc"]), err["type"])
        item.error = dict(err)
        if err["type"] == "union_tag_invalid":  # point at the tag itself, e.g. `kind: narativ`
            disc = str((err.get("ctx") or {}).get("discriminator", "")).strip("'")
            item.path = (*item.path, disc)
        mapped.append(item)
    # A value failing every member of a union yields one error per member. Keep the errors of
    # the member that got furthest; several at the same depth become one "a or b" message.
    groups: dict[KeyPath, list[_MappedError]] = {}
    for item in mapped:
        if item.branch is not None and item.branch == item.path:
            groups.setdefault(item.path, []).append(item)
    deeper = {
        branch
        for branch in groups
        if any(m.path[: len(branch)] == branch and len(m.path) > len(branch) for m in mapped)
    }
    emitted: set[KeyPath] = set()
    for item in mapped:
        group = groups.get(item.path) if item.branch == item.path else None
        if group is not None:
            if item.path in deeper or item.path in emitted:
                continue
            emitted.add(item.path)
            if len(group) > 1:
                wants = [re.sub(r"^Input should be ", "", str(g.error["msg"])) for g in group]
                message = "input should be " + " or ".join(dict.fromkeys(wants))
                message += f" (got {_shown(item.error.get('input'))})"
                sink.error(item.path, message)
                continue
        message, hint = _wording(model, item)
        on_key = item.on_key or item.error["type"] == "extra_forbidden"
        sink.error(item.path, message, hint, key=on_key)


# ------------------------------------------------------------------------------------------
# Cross-checks on the plain data (they skip values of the wrong type: those are reported above)
# ------------------------------------------------------------------------------------------
def _entries(data: Any, *keys: Hashable) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """(path, mapping) for each mapping in the list at `keys`."""
    current = data
    for key in keys:
        if not isinstance(current, dict):
            return
        current = current.get(key)
    if isinstance(current, list):
        for index, item in enumerate(current):
            if isinstance(item, dict):
                yield (*keys, index), item


def _get(data: Any, *keys: Hashable) -> Any:
    for key in keys:
        if isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        elif isinstance(data, dict):
            data = data.get(key)
        else:
            return None
    return data


def _as_date(value: Any) -> dt.date | None:
    """A date the checks can compute with; None for anything else, including a date outside
    the game's calendar (reported on its own by `_calendar`)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value if isinstance(value, dt.date) and in_calendar(value) else None


def _dates_in(data: Any) -> Iterator[tuple[KeyPath, dt.date]]:
    """(path, date) for every date anywhere in `data`."""
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dt.date):
            yield path, value.date() if isinstance(value, dt.datetime) else value
        elif isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))


def _key(value: Any) -> Hashable | None:
    """`value` if it can be an id (a string or number), else None: raw data may hold anything."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _guarded(sink: _Sink, check: Callable[[], object], label: str = "") -> None:
    """Run one group of checks; a bug in it becomes a reported problem, never a traceback."""
    try:
        check()
    except Exception as exc:  # last line of defence for input nobody foresaw
        name = label or getattr(check, "__name__", "checks").strip("_").replace("_", " ")
        sink.error((), f"internal validator error while checking {name}: "
                       f"{type(exc).__name__}: {exc} (please report this file)")


_TEXT_KEYS = {"name", "title", "description", "caption", "notes", "date_note"}


class _Registry:
    """Ids of one kind of entry, with where each was first defined."""

    def __init__(self, kind: str, sink: _Sink | None) -> None:
        self.kind = kind
        self.sink = sink
        self.ids: dict[Hashable, KeyPath] = {}

    def define(self, value: Any, path: KeyPath) -> None:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return
        if value in self.ids and self.sink is not None:
            first_line = self.sink.document.locate(self.ids[value])[0]
            self.sink.error(
                path, f"duplicate {self.kind} id '{value}' (first defined on line {first_line})"
            )
            return
        self.ids[value] = path

    def __contains__(self, value: object) -> bool:
        return value in self.ids


class _RulesetChecks:
    """Duplicates and references inside a ruleset file."""

    def __init__(self, sink: _Sink) -> None:
        self.sink = sink
        data = sink.document.data
        self.terrain = self._ids("terrain", "terrain type")
        self.fortification_ids = self._ids("fortifications", "fortification")
        self.levels = self._ids("fortifications", "fortification level", key="level")
        self.qualities = self._ids("qualities", "quality")
        self.weather = self._ids("weather", "weather")
        self.unit_types = self._ids("unit_types", "unit type")
        self.sources = self._ids("sources", "source")
        self.water = {
            _key(item.get("id"))
            for _, item in _entries(data, "terrain")
            if item.get("water") is True
        }
        self.at_sea = {
            _key(item.get("id")) for _, item in _entries(data, "unit_types")
            if item.get("at_sea") is True
        }
        self.full_strength = {
            _key(item.get("id")): _number(item.get("full_strength"))
            for _, item in _entries(data, "unit_types")
        }

    def _ids(self, section: str, kind: str, key: str = "id") -> _Registry:
        registry = _Registry(kind, self.sink)
        for path, item in _entries(self.sink.document.data, section):
            registry.define(item.get(key), (*path, key))
        return registry

    def run(self) -> None:
        _check_source_refs(self.sink, self.sources, None)
        data = self.sink.document.data
        for path, item in _entries(data, "qualities"):
            morale, surrender = _number(item.get("morale")), _number(item.get("surrender_morale"))
            if morale is not None and surrender is not None and surrender > morale:
                self.sink.warning(
                    (*path, "surrender_morale"),
                    f"surrender morale {surrender:g} is above the starting morale {morale:g}: "
                    "such units give up at the first defeat",
                )
        levels = sorted(v for v in self.levels.ids if isinstance(v, int))
        if levels and levels != list(range(levels[-1] + 1)):
            self.sink.error(
                ("fortifications",),
                f"fortification levels must run 0, 1, 2, ... without gaps; found {levels}",
            )
        if self.terrain.ids and not (set(self.terrain.ids) - self.water):
            self.sink.error(
                ("terrain",), "every terrain type is water: units have nowhere to stand"
            )


def _check_source_refs(sink: _Sink, *registries: _Registry | None) -> None:
    """Every `sources: [KEY, ...]` list anywhere must name defined sources."""
    known: list[Hashable] = [k for r in registries if r is not None for k in r.ids]
    stack: list[tuple[KeyPath, Any]] = [((), sink.document.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "sources" and isinstance(item, list) and path not in ((), ("supply",)):
                    for index, ref in enumerate(item):
                        if isinstance(ref, str) and ref not in known:
                            sink.error(
                                (*path, key, index),
                                f"unknown source '{ref}'",
                                did_you_mean(ref, known) or "define it in the top-level `sources`",
                            )
                else:
                    stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))


class _ScenarioChecks:
    """Cross-checks of a scenario against itself and its ruleset."""

    def __init__(self, sink: _Sink, rules: _RulesetChecks | None) -> None:
        self.sink = sink
        self.data = sink.document.data
        self.rules = rules
        self.places = self._ids("place", ("places",))
        self.sides = self._ids("side", ("sides",))
        self.nations = _Registry("nation", sink)
        self.nations_of: dict[Any, set[Any]] = {}
        for path, side in _entries(self.data, "sides"):
            for npath, nation in _entries(side, "nations"):
                self.nations.define(nation.get("id"), (*path, *npath, "id"))
                self.nations_of.setdefault(_key(side.get("id")), set()).add(
                    _key(nation.get("id"))
                )
        self.formations = self._ids("formation", ("formations",))
        self.units = self._ids("unit", ("units",))
        self.sources = self._ids("source", ("sources",))
        self._ids("event", ("events",))
        self._ids("line", ("map", "lines"))
        self.areas = self._ids("area", ("map", "areas"))
        self._ids("supply source", ("supply", "sources"))
        self.strait_targets = self._ids("off-map target", ("strait", "targets"))
        self._ids("victory level", ("victory", "levels"))
        self.objectives = {
            _key(item.get("place")) for _, item in _entries(self.data, "victory", "objectives")
        }
        self.start = _as_date(self.data.get("start_date"))
        self.end = _as_date(self.data.get("end_date"))
        self.grid = self._grid()
        self.hex_terrain: dict[tuple[int, int], str] = {}
        self._centres: tuple[Any, Any] | None = None  # hex centres' lat, lon (areas)

    def _ids(self, kind: str, keys: tuple[str, ...]) -> _Registry:
        registry = _Registry(kind, self.sink)
        for path, item in _entries(self.data, *keys):
            registry.define(item.get("id"), (*path, "id"))
        return registry

    def _ref(
        self, registry: _Registry | None, value: Any, path: KeyPath, kind: str | None = None
    ) -> None:
        if registry is None or not isinstance(value, str) or value in registry:
            return
        what = kind or registry.kind
        hint = did_you_mean(value, registry.ids) or (
            f"known: {', '.join(map(str, list(registry.ids)[:12]))}" if registry.ids else ""
        )
        self.sink.error(path, f"unknown {what} '{value}'", hint)

    def _refs(self, registry: _Registry | None, item: dict[str, Any], path: KeyPath, key: str,
              kind: str | None = None) -> None:
        values = item.get(key)
        if isinstance(values, list):
            for index, value in enumerate(values):
                self._ref(registry, value, (*path, key, index), kind)
        else:
            self._ref(registry, values, (*path, key), kind)

    def _grid(self) -> HexGrid | None:
        bounds = _get(self.data, "map", "bounds")
        size = _number(_get(self.data, "map", "hex_size_km"))
        if not isinstance(bounds, dict) or size is None or not 0 < size < math.inf:
            return None
        try:
            box = Bounds.model_validate(bounds)
        except ValidationError:
            return None
        if box.east <= box.west or box.north <= box.south:
            self.sink.error(("map", "bounds"), "bounds are empty: east must exceed west and "
                                               "north must exceed south")
            return None
        grid = HexGrid(box, size)
        too_big = over_limits(hexes=grid.size, units=0, days=0, sides=SIDES)
        if too_big:
            self.sink.error(("map", "hex_size_km"), too_big["map"])
            return None
        return grid

    def run(self) -> None:
        rules = self.rules
        _check_source_refs(self.sink, self.sources, rules.sources if rules else None)
        for check in (
            self._limits, self._calendar, self._files, self._dates, self._map, self._places,
            self._sides_and_formations, self._units, self._supply_weather_events,
            self._victory_and_ai, self._strait, self._history, self._languages,
        ):
            _guarded(self.sink, check)

    # --- limits ---------------------------------------------------------------------------
    def _limits(self) -> None:
        sides = list(_entries(self.data, "sides"))
        units = list(_entries(self.data, "units"))
        days = (self.end - self.start).days if self.start and self.end else 0
        where = {"map": ("map", "hex_size_km"), "units": ("units",), "days": ("end_date",),
                 "sides": ("sides", SIDES) if len(sides) > SIDES else ("sides",)}
        # The map's size is checked where the grid is built (see _grid).
        for what, message in over_limits(hexes=0, units=len(units), days=days,
                                         sides=len(sides) if sides else SIDES).items():
            self.sink.error(where[what], message)

    def _calendar(self) -> None:
        for path, date in _dates_in(self.data):
            if not in_calendar(date):
                self.sink.error(path, f"{date} is outside the game's calendar ({FIRST_DATE} "
                                      f"to {LAST_DATE})")

    # --- files and dates ------------------------------------------------------------------
    def _files(self) -> None:
        cover = self.data.get("cover_image")
        if isinstance(cover, str):
            _inside_folder(self.sink.document.path, cover, ("cover_image",), self.sink,
                           "cover image")

    def _dates(self) -> None:
        if self.start and self.end and self.start >= self.end:
            self.sink.error(("end_date",), f"end_date {self.end} is not after start_date "
                                           f"{self.start}")

    def _inside_dates(self, value: Any, path: KeyPath, what: str, severity: str = ERROR,
                      slack_days: int = 0) -> None:
        date = _as_date(value)
        if not (date and self.start and self.end) or self.start >= self.end:
            return
        slack = dt.timedelta(days=slack_days)
        if date < self.start - slack or date > self.end + slack:
            extra = f" by more than {slack_days} days" if slack_days else ""
            self.sink.add(severity, path, f"{what} {date} is outside the scenario dates "
                                          f"({self.start} to {self.end}){extra}")

    def _counted_from(self, value: Any, path: KeyPath) -> None:
        """A figure's first counted day may be before the start (the whole scenario is then
        counted) but not after the end, when the game counts nothing."""
        date = _as_date(value)
        if date and self.end and date > self.end:
            self.sink.error((*path, "counted_from"),
                            f"counted_from {date} is after the scenario's end ({self.end}): "
                            "the game would count nothing to compare with this figure",
                            "give the first day the source's count covers, or omit it to "
                            "compare the whole scenario")

    # --- map ------------------------------------------------------------------------------
    def _map(self) -> None:
        legend = _get(self.data, "map", "terrain_legend")
        legend = legend if isinstance(legend, dict) else {}
        terrain_ids = self.rules.terrain if self.rules else None
        for char, terrain in legend.items():
            self._ref(terrain_ids, terrain, ("map", "terrain_legend", char), "terrain type")
        for path, area in _entries(self.data, "map", "areas"):
            self._ref(terrain_ids, area.get("terrain"), (*path, "terrain"), "terrain type")
            self._area_on_map(area, path)
        for path, line in _entries(self.data, "map", "lines"):
            points = line.get("points")
            for index, point in enumerate(points if isinstance(points, list) else []):
                if isinstance(point, str):
                    self._ref(self.places, point, (*path, "points", index))
                elif (isinstance(point, list) and len(point) == 2 and self.grid
                      and all(_number(v) is not None for v in point)
                      and abs(point[0]) <= 90 and abs(point[1]) <= 180
                      and not self.grid.contains_latlon(float(point[0]), float(point[1]))):
                    self.sink.warning((*path, "points", index),
                                      f"waypoint {point} lies outside the map bounds",
                                      self._swap_hint(point[0], point[1]))
        text = _get(self.data, "map", "terrain")
        if not isinstance(text, str) or self.grid is None:
            return
        rows = [row for row in text.splitlines() if row.strip()]
        path = ("map", "terrain")
        grid = self.grid
        if len(rows) != grid.rows:
            self.sink.error(path, f"the terrain grid has {len(rows)} rows; bounds and hex_size_km "
                                  f"give {grid.cols} columns × {grid.rows} rows",
                            "`run.py mapgen FILE` writes the grid" if not rows else "")
        unknown: dict[str, tuple[int, int, int]] = {}
        for r, row in enumerate(rows):
            if len(row) != grid.cols:
                self.sink.error(path, f"terrain row {r + 1} has {len(row)} hexes; bounds and "
                                      f"hex_size_km give {grid.cols} columns",
                                location=self.sink.document.locate_in_text(path, r, 0))
            for c, char in enumerate(row):
                if char in legend:
                    self.hex_terrain[(c, r)] = str(legend[char])
                elif char in unknown:
                    unknown[char] = (*unknown[char][:2], unknown[char][2] + 1)
                else:
                    unknown[char] = (r, c, 1)
        for char, (r, c, count) in unknown.items():
            times = f" ({count} hexes)" if count > 1 else ""
            self.sink.error(path, f"terrain character {char!r} is not in terrain_legend{times}",
                            did_you_mean(char, legend) if char.strip() else "",
                            location=self.sink.document.locate_in_text(path, r, c))

    def _area_on_map(self, area: dict[str, Any], path: KeyPath) -> None:
        """An area that covers no hex of the map paints nothing: say so, and whether its
        corners look like [lon, lat] pairs."""
        corners = area.get("polygon")
        if self.grid is None or not isinstance(corners, list) or not corners:
            return
        pairs = [c for c in corners if isinstance(c, list) and len(c) == 2
                 and all(_number(v) is not None and abs(float(v)) <= 180 for v in c)]
        if len(pairs) != len(corners) or any(abs(float(lat)) > 90 for lat, _ in pairs):
            return  # the type checks report these
        if any(self.grid.contains_latlon(float(lat), float(lon)) for lat, lon in pairs):
            return
        # numpy's point-in-polygon test, only for an area with no corner on the map (rare):
        # validation otherwise loads no numpy
        from engine.format.mapgen import hex_centres_latlon, points_in_polygon

        if self._centres is None:
            self._centres = hex_centres_latlon(self.grid)
        polygon = [(float(lat), float(lon)) for lat, lon in pairs]
        if points_in_polygon(*self._centres, polygon).any():
            return  # it covers the whole map, or a part of it between its corners
        swapped = all(abs(float(lon)) <= 90 and self.grid.contains_latlon(float(lon), float(lat))
                      for lat, lon in pairs)
        hint = "latitude and longitude look swapped: each corner is [lat, lon] (latitude, " \
            "north-south, comes first)" if swapped else ""
        self.sink.warning((*path, "polygon"), f"area '{area.get('id')}' covers no hex of the "
                          "map: it paints nothing", hint)

    def _hex_of(self, lat: Any, lon: Any) -> tuple[int, int] | None:
        lat_value, lon_value = _number(lat), _number(lon)
        if self.grid is None or lat_value is None or lon_value is None:
            return None
        if not (abs(lat_value) <= 90 and abs(lon_value) <= 180):  # also rejects NaN
            return None  # out of range: reported by the type checks
        return self.grid.hex_at(lat_value, lon_value)

    def _swap_hint(self, lat: Any, lon: Any) -> str:
        """A hint when a point off the map would be on it with latitude and longitude swapped."""
        if self.grid is not None and abs(float(lon)) <= 90 and \
                self.grid.contains_latlon(float(lon), float(lat)):
            return f"latitude and longitude look swapped: [{lon}, {lat}] is on the map " \
                   "(latitude, north-south, comes first)"
        return ""

    def _is_water(self, hex_: tuple[int, int]) -> bool:
        return bool(self.rules) and self.hex_terrain.get(hex_) in self.rules.water  # type: ignore[union-attr]

    # --- places, sides, formations, units --------------------------------------------------
    def _places(self) -> None:
        rules = self.rules
        for path, place in _entries(self.data, "places"):
            self._ref(self.sides, place.get("side"), (*path, "side"))
            level = place.get("fortification")
            if rules and isinstance(level, int) and rules.levels.ids and level not in rules.levels:
                self.sink.error((*path, "fortification"),
                                f"fortification level {level} is not defined by the ruleset",
                                f"levels: {sorted(rules.levels.ids)}")
            if not place.get("sources"):
                self.sink.warning((*path, "id"), f"place '{place.get('id')}' cites no sources")
            hex_ = self._hex_of(place.get("lat"), place.get("lon"))
            if hex_ is None:
                continue
            lat, lon = float(place["lat"]), float(place["lon"])
            if not self.grid.contains_latlon(lat, lon) or not self.grid.on_map(hex_):  # type: ignore[union-attr]
                self.sink.error((*path, "lat"), f"place '{place.get('id')}' at {lat}, {lon} lies "
                                                "outside the map bounds",
                                self._swap_hint(lat, lon))
            elif self._is_water(hex_):
                self.sink.warning((*path, "lat"), f"place '{place.get('id')}' lies on a sea hex "
                                                  f"{hex_}; units cannot stand there")

    def _sides_and_formations(self) -> None:
        for path, side in _entries(self.data, "sides"):
            for tpath, entry in _entries(side, "truces"):
                where = (*path, *tpath)
                self._refs(self.places, entry, where, "places")
                first, last = _as_date(entry.get("from_date")), _as_date(entry.get("until"))
                if first and last and last < first:
                    self.sink.error((*where, "until"), f"until {last} is before from_date {first}")
                for key in ("from_date", "until"):
                    self._inside_dates(entry.get(key), (*where, key), "truce policy date", WARNING)
        parents: dict[Any, tuple[Any, KeyPath]] = {}
        for path, formation in _entries(self.data, "formations"):
            self._ref(self.sides, formation.get("side"), (*path, "side"))
            self._nation_ref(formation, path)
            self._ref(self.formations, formation.get("parent"), (*path, "parent"))
            if isinstance(formation.get("parent"), str):
                parents[_key(formation.get("id"))] = (formation["parent"], (*path, "parent"))
            self._commanders(formation, path)
        reported: set[Any] = set()
        for start in parents:
            seen: list[Any] = []
            current = start
            while current in parents and current not in seen:
                seen.append(current)
                current = parents[current][0]
            if current in seen and current == start and not (set(seen) & reported):
                reported.update(seen)
                cycle = " -> ".join([*map(str, seen), str(start)])
                self.sink.error(parents[start][1], f"formation cycle: {cycle}")

    def _commanders(self, formation: dict[str, Any], path: KeyPath) -> None:
        """Each spell in command starts before it ends and after the previous one ends."""
        previous: tuple[Any, dt.date | None] | None = None
        for index, command in enumerate(formation.get("commanders") or []):
            if not isinstance(command, dict):
                continue
            here = (*path, "commanders", index)
            first, last = _as_date(command.get("from_date")), _as_date(command.get("until"))
            if first and last and last < first:
                self.sink.error((*here, "until"), f"until {last} is before from_date {first}")
            if previous is not None and (previous[1] is None or first is None
                                         or first <= previous[1]):
                self.sink.error((*here, "from_date"),
                                f"{command.get('name')!r} must take over after "
                                f"{previous[0]!r}'s last day",
                                hint="give the earlier spell an `until` and this one a later "
                                     "`from_date`")
            previous = (command.get("name"), last)

    def _nation_ref(self, item: dict[str, Any], path: KeyPath) -> None:
        nation, side = item.get("nation"), _key(item.get("side"))
        self._ref(self.nations, nation, (*path, "nation"))
        if (
            isinstance(nation, str)
            and nation in self.nations
            and side in self.nations_of
            and nation not in self.nations_of[side]
        ):
            own = ", ".join(sorted(map(str, self.nations_of[side])))
            self.sink.error(
                (*path, "nation"),
                f"nation '{nation}' does not belong to side '{side}'",
                f"its nations: {own}",
            )

    def _units(self) -> None:
        rules = self.rules
        for path, unit in _entries(self.data, "units"):
            uid = unit.get("id")
            self._ref(self.sides, unit.get("side"), (*path, "side"))
            self._nation_ref(unit, path)
            self._ref(rules.unit_types if rules else None, unit.get("type"), (*path, "type"))
            self._ref(rules.qualities if rules else None, unit.get("quality"), (*path, "quality"))
            self._ref(self.formations, unit.get("formation"), (*path, "formation"))
            if not unit.get("sources"):
                self.sink.warning((*path, "id"), f"unit '{uid}' cites no sources")
            strength, full = _number(unit.get("strength")), None
            if rules and isinstance(unit.get("type"), str):
                full = rules.full_strength.get(unit["type"])
            if strength is not None and full and strength > full * STRENGTH_TOLERANCE:
                self.sink.error((*path, "strength"),
                                f"strength {strength:g} is over {STRENGTH_TOLERANCE}× the full "
                                f"strength of unit type '{unit['type']}' ({full:g} men)")
            start, arrives = unit.get("start"), unit.get("arrives")
            if start is None and arrives is None:
                self.sink.error(path, f"unit '{uid}' has neither `start` nor `arrives`: it would "
                                      "never be on the map")
            elif start is not None and arrives is not None:
                self.sink.error((*path, "arrives"), f"unit '{uid}' has both `start` and "
                                                    "`arrives`; give one")
            if isinstance(start, dict):
                self._unit_start(uid, start, (*path, "start"), self._ship(unit))
            if isinstance(arrives, dict):
                self._ref(self.places, arrives.get("place"), (*path, "arrives", "place"))
                if not self._ship(unit):  # a ship arrives on the sea next to its place
                    self._on_land(uid, arrives.get("place"), (*path, "arrives", "place"),
                                  "arrives")
                date = _as_date(arrives.get("date"))
                if date and self.start and date < self.start:
                    self.sink.error((*path, "arrives", "date"),
                                    f"arrival {date} is before the start ({self.start}); "
                                    "use `start` for units present at the start")
                elif date and self.end and date > self.end:
                    self.sink.warning((*path, "arrives", "date"),
                                      f"arrival {date} is after the end ({self.end}): "
                                      "the unit never appears")
            withdraws = _as_date(unit.get("withdraws"))
            arrival = _as_date(arrives.get("date")) if isinstance(arrives, dict) else None
            if withdraws and self.start and withdraws <= self.start:
                self.sink.error((*path, "withdraws"),
                                f"withdrawal {withdraws} is not after the start ({self.start})")
            elif withdraws and arrival and withdraws <= arrival:
                self.sink.error((*path, "withdraws"),
                                f"withdrawal {withdraws} is not after the arrival {arrival}")
            elif withdraws and self.end and withdraws > self.end:
                self.sink.warning((*path, "withdraws"),
                                  f"withdrawal {withdraws} is after the end ({self.end})")

    def _ship(self, unit: dict[str, Any]) -> bool:
        return bool(self.rules) and _key(unit.get("type")) in self.rules.at_sea  # type: ignore[union-attr]

    def _unit_start(self, uid: Any, start: dict[str, Any], path: KeyPath, ship: bool) -> None:
        place, at = start.get("place"), start.get("at")
        if (place is None) == (at is None):
            self.sink.error(path, f"unit '{uid}' start needs exactly one of `place` or `at`")
            return
        if place is not None:
            self._ref(self.places, place, (*path, "place"))
            self._on_land(uid, place, (*path, "place"), "starts", ship)
        elif isinstance(at, list) and len(at) == 2:
            self._on_land(uid, at, (*path, "at"), "starts", ship)

    def _on_land(self, uid: Any, where: Any, path: KeyPath, verb: str, ship: bool = False) -> None:
        """A unit placed at a place id or a [lat, lon] pair must be on a land hex of the map
        (a ship, of a unit type `at_sea`, on a sea hex)."""
        if isinstance(where, str):
            place = next((p for _, p in _entries(self.data, "places") if p.get("id") == where),
                         None)
            if place is None:
                return
            lat, lon = place.get("lat"), place.get("lon")
        elif isinstance(where, list) and len(where) == 2:
            lat, lon = where
        else:
            return
        hex_ = self._hex_of(lat, lon)
        if hex_ is None:
            return
        if not self.grid.on_map(hex_):  # type: ignore[union-attr]
            self.sink.error(path, f"unit '{uid}' {verb} off the map (hex {hex_})",
                            self._swap_hint(lat, lon))
        elif ship and not self._is_water(hex_):
            self.sink.error(path, f"unit '{uid}' is a ship (its type is `at_sea`) but {verb} on "
                                  f"land: hex {hex_} is '{self.hex_terrain.get(hex_)}'",
                            "give `start: {at: [lat, lon]}` offshore")
        elif self._is_water(hex_) and not ship:
            self.sink.error(path, f"unit '{uid}' {verb} in the sea: hex {hex_} is "
                                  f"'{self.hex_terrain[hex_]}'")

    # --- supply, weather, events ----------------------------------------------------------
    def _supply_weather_events(self) -> None:
        for path, source in _entries(self.data, "supply", "sources"):
            self._ref(self.sides, source.get("side"), (*path, "side"))
            self._ref(self.places, source.get("place"), (*path, "place"))
            first, last = _as_date(source.get("from_date")), _as_date(source.get("until"))
            if first and last and last < first:
                self.sink.error((*path, "until"), f"until {last} is before from_date {first}")
        for path, depot in _entries(self.data, "supply", "depots"):
            self._ref(self.sides, depot.get("side"), (*path, "side"))
            self._ref(self.places, depot.get("place"), (*path, "place"))
        self._ammunition()
        weather_ids = self.rules.weather if self.rules else None
        for path, day in _entries(self.data, "weather", "known"):
            self._ref(weather_ids, day.get("weather"), (*path, "weather"))
            self._inside_dates(day.get("date"), (*path, "date"), "weather day", WARNING)
        chances = _get(self.data, "weather", "chances")
        if isinstance(chances, dict):
            for key, weight in chances.items():
                self._ref(weather_ids, key, ("weather", "chances", key))
                if _number(weight) is not None and float(weight) < 0:
                    self.sink.error(("weather", "chances", key), f"weight {weight} is negative")
            weights = [_number(w) for w in chances.values()]
            if chances and all(w is not None and w <= 0 for w in weights):
                self.sink.error(("weather", "chances"), "weather weights add up to nothing")
        for path, event in _entries(self.data, "events"):
            self._inside_dates(event.get("date"), (*path, "date"), "event date")
            self._ref(self.sides, event.get("side"), (*path, "side"))
            self._refs(self.units, event, path, "units")
            if event.get("kind") in ("fortress_order", "capitulation"):
                self._refs(self.places, event, path, "places")
            elif event.get("kind") == "flooding":
                self._flooding(event, path)
            elif event.get("kind") == "draining":
                self._draining(event, path)
            self._ref(self.places, event.get("place"), (*path, "place"))
            for key in ("mask", "unmask", "objectives"):
                self._objective_refs(event, path, key)
            until, date = _as_date(event.get("until")), _as_date(event.get("date"))
            if until and date and until < date:
                self.sink.error((*path, "until"), f"until {until} is before the event date {date}")

    def _flooding(self, event: dict[str, Any], path: KeyPath) -> None:
        terrain_ids = self.rules.terrain if self.rules else None
        self._ref(terrain_ids, event.get("terrain"), (*path, "terrain"), "terrain type")
        self._refs(terrain_ids, event, path, "covers", "terrain type")
        for key in ("places", "starts_at"):
            self._refs(self.places, event, path, key)
        self._refs(self.areas, event, path, "areas")
        if self.rules and event.get("terrain") in self.rules.water:
            self.sink.error((*path, "terrain"), f"'{event['terrain']}' is a water terrain: a "
                            "flood turns land into another land terrain, as units may stand "
                            "there", "use a land type such as `inundated`")
        if not event.get("areas") and not event.get("places"):
            self.sink.error(path, "this flooding covers no land: give `areas` (ids of "
                            "`map.areas`) or `places` (with `radius_hexes`)")
        if event.get("hexes_per_day") is not None and not event.get("starts_at"):
            self.sink.warning((*path, "hexes_per_day"), "hexes_per_day has no effect without "
                              "`starts_at`: the whole area floods on the date",
                              "name the places where the water comes in under `starts_at`")

    def _draining(self, event: dict[str, Any], path: KeyPath) -> None:
        floods = {_key(e.get("id")): e for _, e in _entries(self.data, "events")
                  if e.get("kind") == "flooding"}
        target = event.get("flooding")
        if not isinstance(target, str):
            return
        if target not in floods:
            self.sink.error((*path, "flooding"), f"'{target}' is not the id of a flooding "
                            "event", did_you_mean(target, floods))
            return
        drained, flooded = _as_date(event.get("date")), _as_date(floods[target].get("date"))
        if drained and flooded and drained <= flooded:
            self.sink.error((*path, "date"), f"the water goes on {drained}, not after the "
                            f"flooding '{target}' of {flooded}")
        others = [e for _, e in _entries(self.data, "events")
                  if e.get("kind") == "draining" and e.get("flooding") == target]
        if len(others) > 1 and others[0] is not event:
            self.sink.error((*path, "flooding"), f"flooding '{target}' is drained twice")

    def _strait(self) -> None:
        """Off-map targets lie off the map; each battery is a unit or an off-map battery, named
        once; a harbour's covering guns are units of one side; a harbour supply source has a
        harbour entry."""
        kinds: dict[Any, Any] = {}
        for path, target in _entries(self.data, "strait", "targets"):
            tid = _key(target.get("id"))
            kinds[tid] = target.get("kind")
            self._ref(self.sides, target.get("side"), (*path, "side"))
            if tid in self.places:
                self.sink.error((*path, "id"), f"off-map target '{tid}' has the id of a place")
            lat, lon = _number(target.get("lat")), _number(target.get("lon"))
            if self.grid is not None and lat is not None and lon is not None \
                    and self.grid.contains_latlon(lat, lon):
                self.sink.error((*path, "lat"), f"off-map target '{tid}' lies inside the map",
                                "make it a place, or move it beyond map.bounds")
        side_of = {_key(u.get("id")): u.get("side") for _, u in _entries(self.data, "units")}
        seen: set[Any] = set()
        for path, gun in _entries(self.data, "strait", "guns"):
            unit, at = gun.get("unit"), gun.get("at")
            if (unit is None) == (at is None):
                self.sink.error(path, "a strait gun needs exactly one of `unit` (a battery on "
                                      "the map) and `at` (an off-map battery)")
                continue
            self._ref(self.units, unit, (*path, "unit"))
            self._ref(self.strait_targets, at, (*path, "at"))
            if at is not None and _key(at) in kinds and kinds[_key(at)] != "battery":
                self.sink.error((*path, "at"), f"off-map target '{at}' is a {kinds[_key(at)]}, "
                                               "not a battery")
            name = _key(unit if unit is not None else at)
            if name in seen:
                self.sink.error((*path, "unit" if unit is not None else "at"),
                                f"battery '{name}' is listed twice in strait.guns")
            seen.add(name)
        harboured = set()
        for path, harbour in _entries(self.data, "strait", "harbours"):
            self._ref(self.places, harbour.get("place"), (*path, "place"))
            harboured.add(_key(harbour.get("place")))
            self._refs(self.units, harbour, path, "covered_by")
            covered = harbour.get("covered_by")
            sides = {side_of.get(_key(u)) for u in covered if _key(u) in side_of} \
                if isinstance(covered, list) else set()
            if len(sides) > 1:
                self.sink.error((*path, "covered_by"), "a harbour's covering guns must all "
                                                       "belong to one side")
        for path, source in _entries(self.data, "supply", "sources"):
            if source.get("harbour") is True and _key(source.get("place")) not in harboured:
                self.sink.warning((*path, "harbour"),
                                  f"no strait.harbours entry names '{source.get('place')}': "
                                  "this harbour is open from the start")

    def _ammunition(self) -> None:
        seen_sides: set[str] = set()
        for path, flow in _entries(self.data, "supply", "ammunition"):
            side = flow.get("side")
            self._ref(self.sides, side, (*path, "side"))
            if isinstance(side, str):
                if side in seen_sides:
                    self.sink.error((*path, "side"), f"side '{side}' has two ammunition entries")
                seen_sides.add(side)
            self._ref(self.places, flow.get("railhead"), (*path, "railhead"))
            for sub, dump in _entries(flow, "dumps"):
                self._ref(self.places, dump.get("place"), (*path, *sub, "place"))
            periods: list[tuple[dt.date, dt.date | None, KeyPath]] = []
            for sub, delivery in _entries(flow, "deliveries"):
                dpath = (*path, *sub)
                first, last = _as_date(delivery.get("from_date")), _as_date(delivery.get("until"))
                if first and last and last < first:
                    self.sink.error((*dpath, "until"), f"until {last} is before from_date {first}")
                elif first:
                    periods.append((first, last, dpath))
            periods.sort(key=lambda p: p[0])
            for (_, end, _), (start, _, dpath) in itertools.pairwise(periods):
                if end is None or start <= end:
                    self.sink.error((*dpath, "from_date"),
                                    f"delivery from {start} overlaps the period before it")

    def _positions(self) -> None:
        """A dated position names known units and one of a place, a place it stands before or
        a coordinate on the map, and is not dated before a unit arrives or after it leaves."""
        arrives = {_key(u.get("id")): _as_date(u["arrives"].get("date"))
                   for _, u in _entries(self.data, "units") if isinstance(u.get("arrives"), dict)}
        leaves = {_key(u.get("id")): _as_date(u.get("withdraws"))
                  for _, u in _entries(self.data, "units") if u.get("withdraws")}
        for path, record in _entries(self.data, "history", "positions"):
            self._inside_dates(record.get("date"), (*path, "date"), "position", WARNING)
            self._refs(self.units, record, path, "units")
            if sum(record.get(k) is not None for k in ("place", "near", "at")) != 1:
                self.sink.error(path, "a position needs exactly one of `place`, `near` and "
                                      "`at`")
            self._ref(self.places, record.get("place"), (*path, "place"))
            self._ref(self.places, record.get("near"), (*path, "near"))
            at = record.get("at")
            if isinstance(at, list) and len(at) == 2 and self.grid is not None \
                    and all(_number(x) is not None for x in at) \
                    and not self.grid.contains_latlon(float(at[0]), float(at[1])):
                self.sink.error((*path, "at"), f"position {at} lies off the map")
            date = _as_date(record.get("date"))
            units = record.get("units")
            for index, uid in enumerate(units if isinstance(units, list) and date else []):
                first, last = arrives.get(_key(uid)), leaves.get(_key(uid))
                if first is not None and date < first:
                    self.sink.error((*path, "units", index), f"unit '{uid}' stands here on "
                                    f"{date}, before it arrives ({first})")
                elif last is not None and date >= last:
                    self.sink.error((*path, "units", index), f"unit '{uid}' stands here on "
                                    f"{date}, after it leaves ({last})")
            if not record.get("sources"):
                self.sink.warning(path, "position cites no sources")

    def _objective_refs(self, item: dict[str, Any], path: KeyPath, key: str) -> None:
        values = item.get(key)
        for index, value in enumerate(values if isinstance(values, list) else []):
            if not isinstance(value, str):
                continue
            if value not in self.places:
                self._ref(self.places, value, (*path, key, index))
            elif value not in self.objectives:
                self.sink.error((*path, key, index), f"place '{value}' is not a victory objective",
                                did_you_mean(value, self.objectives))

    def _languages(self) -> None:
        """Per-language texts should be in the declared languages, the first one included."""
        listed = self.data.get("languages", ["en"])
        if not isinstance(listed, list) or not listed or not isinstance(listed[0], str):
            return
        declared = [lang for lang in listed if isinstance(lang, str)]
        fallback = declared[0]
        provided: set[str] = set()
        stack: list[tuple[KeyPath, Any]] = [((), self.data)]
        while stack:
            path, value = stack.pop()
            if isinstance(value, list):
                stack.extend(((*path, i), item) for i, item in enumerate(value))
            if not isinstance(value, dict):
                continue
            for key, item in value.items():
                is_text = key in _TEXT_KEYS and isinstance(item, dict) and item and all(
                    isinstance(k, str) and len(k) == 2 for k in item
                )
                if not is_text:
                    stack.append(((*path, key), item))
                    continue
                for lang in item:
                    if lang not in declared:
                        self.sink.warning((*path, key, lang), f"text in '{lang}', which "
                                          f"`languages` does not list ({', '.join(declared)})",
                                          key=True)
                provided.update(item)
                if fallback not in item:
                    self.sink.warning((*path, key), f"no '{fallback}' text: '{fallback}' is the "
                                                    "fallback language (first in `languages`)")
                missing = [lang for lang in declared[1:] if lang not in item]
                if missing and fallback in item:
                    self.sink.warning((*path, key), f"no {', '.join(map(repr, missing))} text "
                                      f"though `languages` lists it: readers of it get "
                                      f"'{fallback}'")
        for index, lang in enumerate(listed):
            if isinstance(lang, str) and lang not in provided and index > 0:
                self.sink.warning(("languages", index), f"language '{lang}' is listed but no "
                                  "text is given in it",
                                  "give texts as {en: ..., " + lang + ": ...} or remove it")

    # --- victory, AI, history -------------------------------------------------------------
    def _victory_and_ai(self) -> None:
        seen: dict[Any, KeyPath] = {}
        for path, objective in _entries(self.data, "victory", "objectives"):
            self._ref(self.places, objective.get("place"), (*path, "place"))
            self._refs(self.places, objective, path, "includes")
            self._ref(self.sides, objective.get("side"), (*path, "side"))
            self._inside_dates(objective.get("full_value_until"), (*path, "full_value_until"),
                               "full_value_until", WARNING)
            self._containment(objective, path)
            key = (_key(objective.get("place")), _key(objective.get("side")))
            if isinstance(key[0], str) and key in seen:
                self.sink.error((*path, "place"), f"objective '{key[0]}' for side '{key[1]}' is "
                                                  "listed twice")
            seen.setdefault(key, path)
        shares = [_number(level.get("min_share"))
                  for _, level in _entries(self.data, "victory", "levels")]
        if shares and all(s is not None for s in shares) and min(shares) > 0:  # type: ignore[type-var]
            self.sink.error(("victory", "levels"), "no victory level has min_share 0: a result "
                                                   "below every threshold would have no name",
                            "add a lowest level with `min_share: 0`")
        ai_sides = _get(self.data, "ai", "sides")
        if isinstance(ai_sides, dict):
            for side, settings in ai_sides.items():
                self._ref(self.sides, side, ("ai", "sides", side))
                if isinstance(settings, dict):
                    for key in ("priorities", "mask"):
                        self._objective_refs(settings, ("ai", "sides", side), key)

    def _containment(self, objective: dict[str, Any], path: KeyPath) -> None:
        """A ring's own keys: only on `kind: contain`, its places known and its dates in order."""
        ring_keys = ("ring", "radius_hexes", "from_date", "until")
        if objective.get("kind", "capture") != "contain":
            for key in ring_keys:
                if key in objective:
                    self.sink.error((*path, key), f"`{key}` belongs to a containment: this "
                                    "objective is a capture", "add `kind: contain`, or remove "
                                    f"`{key}`", key=True)
            return
        self._refs(self.places, objective, path, "ring")
        first, last = _as_date(objective.get("from_date")), _as_date(objective.get("until"))
        self._inside_dates(objective.get("from_date"), (*path, "from_date"), "from_date")
        if first and last and last < first:
            self.sink.error((*path, "until"), f"until {last} is before from_date {first}")
        if self.start and last and last < self.start:
            self.sink.error((*path, "until"), f"until {last} is before the scenario starts "
                            f"({self.start})")
        for index, place in enumerate(objective.get("ring") or []):
            if place == objective.get("place") or place in (objective.get("includes") or []):
                self.sink.error((*path, "ring", index), f"'{place}' is inside the pocket: the "
                                "ring lists the places round it that the side must keep")

    def _history(self) -> None:
        for path, outcome in _entries(self.data, "history", "outcomes"):
            value = outcome.get("objective")
            if isinstance(value, str) and value not in self.objectives:
                if value in self.places:
                    self.sink.error((*path, "objective"), f"place '{value}' is not a victory "
                                                          "objective")
                else:
                    self._ref(self.places, value, (*path, "objective"), "objective")
            for fpath, claim in _entries(outcome, "fell"):
                self._inside_dates(claim.get("date"), (*path, *fpath, "date"), "fall date",
                                   WARNING, HISTORY_SLACK_DAYS)
            for key in ("prisoners", "allied_casualties", "civilians_evacuated",
                        "civilian_deaths"):
                for fpath, figure in _entries(outcome, key):
                    if not figure.get("sources"):
                        self.sink.warning((*path, *fpath), "historical figure cites no sources")
                    self._counted_from(figure.get("counted_from"), (*path, *fpath))
        for path, combined in _entries(self.data, "history", "combined"):
            objectives = combined.get("objectives")
            for index, value in enumerate(objectives if isinstance(objectives, list) else []):
                if isinstance(value, str) and value not in self.objectives:
                    self.sink.error((*path, "objectives", index),
                                    f"'{value}' is not a victory objective")
        for path, event in _entries(self.data, "history", "events"):
            self._inside_dates(event.get("date"), (*path, "date"), "history event", WARNING,
                               HISTORY_SLACK_DAYS)
            self._refs(self.places, event, path, "places")
            self._refs(self.units, event, path, "units")
            self._refs(self.strait_targets, event, path, "targets")
            self._ref(self.sides, event.get("side"), (*path, "side"))
            if not event.get("sources"):
                self.sink.warning(path, "history event cites no sources")
        self._positions()
        for path, order in _entries(self.data, "history", "plan"):
            self._inside_dates(order.get("date"), (*path, "date"), "plan order")
            self._refs(self.units, order, path, "units")
            self._refs(self.places, order, path, "after")
            for key in ("to", "target", "place"):
                self._ref(self.places, order.get(key), (*path, key))
