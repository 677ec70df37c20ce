"""`python run.py new-scenario NAME [--dir DIR]`: a small, valid scenario to start modding from.

A modder learns the format fastest from a file that already loads, plays and validates. The
file written is `scenarios/templates/new_scenario.yaml` (commented section by section) with its
`id`, title and editor schema line adapted. Because a scenario's file references must stay inside
its own folder, the shipped rulesets are copied into `DIR/rules/` when they are missing there.
Nothing that exists is ever overwritten, and no symbolic link is written through (a dangling
link where a file would go is refused before anything is written).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from engine.atomic_file import write_bytes_atomically, write_text_atomically
from engine.format.shipped import ROOT, RULES_DIR, SCENARIOS_DIR

SCENARIOS = SCENARIOS_DIR
TEMPLATE = SCENARIOS / "templates" / "new_scenario.yaml"
RULES = RULES_DIR
SCHEMA = SCENARIOS / "schema.json"
RULESET_SCHEMA = SCENARIOS / "ruleset.schema.json"

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
ID_MAX_LENGTH = 64
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.M)
ID_LINE = re.compile(r"^id: \S+", re.M)
TITLE_LINE = re.compile(r'^title: "[^"\n]*"', re.M)


class TemplateError(Exception):
    """The scenario cannot be written; the message says why and what to do instead."""


@dataclass
class Written:
    """What `new_scenario` created."""

    scenario: Path
    rules: list[Path] = field(default_factory=list)


def suggest_id(name: str) -> str:
    """The id closest to `name`: lower case, runs of other characters turned into `_`."""
    text = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    return text[:ID_MAX_LENGTH]


def check_name(name: str) -> str:
    """`name` if it is a valid scenario id, else a `TemplateError` saying what would be."""
    if ID_PATTERN.match(name) and len(name) <= ID_MAX_LENGTH:
        return name
    problem = (
        f"is longer than {ID_MAX_LENGTH} characters"
        if len(name) > ID_MAX_LENGTH
        else "is not a valid scenario id"
    )
    message = (
        f"{name!r} {problem}: a NAME is used as the scenario's id and file name, so it may hold "
        "only lower-case letters, digits and underscores, and must start with a letter or digit"
    )
    if "/" in name or "\\" in name:
        message += "; to choose the folder, use --dir"
    suggestion = suggest_id(name)
    if suggestion and suggestion != name and ID_PATTERN.match(suggestion):
        message += f" (try {suggestion!r})"
    raise TemplateError(message)


def title_of(name: str) -> str:
    """A readable first title from the id: `calais_1944` -> `Calais 1944`."""
    words = name.replace("_", " ").split()
    return " ".join(words)[:1].upper() + " ".join(words)[1:] if words else name


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(name: str, folder: Path, template: str) -> str:
    """The template's text adapted to the new scenario's id, title and folder."""
    replacements = (
        (ID_LINE, f"id: {name}"),
        (TITLE_LINE, f"title: {_yaml_string(title_of(name))}"),
        (SCHEMA_LINE, f"# yaml-language-server: $schema={_schema_reference(folder)}"),
    )
    for pattern, line in replacements:
        template, count = pattern.subn(lambda _m, line=line: line, template, count=1)
        if count != 1:
            raise TemplateError(f"the template {TEMPLATE} has no line matching {pattern.pattern}")
    return template


def _schema_reference(folder: Path, schema_file: Path = SCHEMA) -> str:
    """How the editor line of a file written in `folder` reaches `scenarios/schema.json` (or
    another of the game's schema files).

    Relative inside this game's folder (so the line survives moving the whole game); an
    absolute file URI for a scenario kept elsewhere.
    """
    schema, target = schema_file.resolve(), folder.resolve()
    if target.is_relative_to(ROOT):
        return Path(os.path.relpath(schema, target)).as_posix()
    return schema.as_uri()


def _rules_to_copy(folder: Path) -> list[tuple[Path, Path]]:
    """(shipped file, destination) for each ruleset file missing from `folder/rules/`.

    A destination that is a dangling symbolic link is a `TemplateError`: writing there would put
    the file wherever the link points.
    """
    target = folder / "rules"
    if target.resolve() == RULES.resolve():
        return []
    pairs: list[tuple[Path, Path]] = []
    for source in sorted(p for p in RULES.rglob("*") if p.is_file()):
        destination = target / source.relative_to(RULES)
        if destination.is_symlink() and not destination.exists():
            raise TemplateError(f"{destination} is a symbolic link to a missing file; remove it "
                                "and run new-scenario again")
        if not destination.exists():
            pairs.append((source, destination))
    return pairs


def copy_rules(pairs: list[tuple[Path, Path]]) -> list[Path]:
    """Copy each shipped ruleset file to its destination, never over anything; the paths copied.

    A ruleset's editor line is pointed at the game's `ruleset.schema.json` from where the copy
    is (the shipped line's `../ruleset.schema.json` would lead nowhere in another folder).
    """
    for source, destination in pairs:
        destination.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        if source.suffix in (".yaml", ".yml"):
            line = "# yaml-language-server: $schema=" + \
                _schema_reference(destination.parent, RULESET_SCHEMA).replace("\\", "\\\\")
            data = SCHEMA_LINE.sub(line, data.decode("utf-8"), count=1).encode("utf-8")
        write_bytes_atomically(destination, data, replace=False)
    return [destination for _, destination in pairs]


def new_scenario(name: str, folder: Path = SCENARIOS) -> Written:
    """Write `folder/name.yaml` (never over an existing file) and the rulesets it needs."""
    check_name(name)
    if folder.exists() and not folder.is_dir():
        raise TemplateError(f"{folder} is a file, not a folder")
    try:
        template = TEMPLATE.read_text(encoding="utf-8")
    except OSError as exc:
        raise TemplateError(f"cannot read the template {TEMPLATE}: {exc.strerror or exc}") from exc
    text = render(name, folder, template)
    path = folder / f"{name}.yaml"
    if os.path.lexists(path):
        raise TemplateError(f"{path} already exists; choose another NAME or --dir")
    try:
        rules = _rules_to_copy(folder)
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, text, replace=False)
        copied = copy_rules(rules)
    except FileExistsError as exc:
        raise TemplateError(f"{exc.filename} already exists; choose another NAME or --dir") \
            from exc
    except OSError as exc:
        raise TemplateError(f"cannot write into {folder}: {exc.strerror or exc}") from exc
    return Written(path, copied)
