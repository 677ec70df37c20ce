"""The field reference of the modding guide, generated from the format models' JSON Schema.

`scenarios/README.md` explains the format in prose; its REFERENCE section lists every field of
the scenario and ruleset files. That list is rendered here from `Scenario.model_json_schema()`
and `Ruleset.model_json_schema()`, so it can never drift from the models the validator uses:
`python run.py guide` rewrites the section between the marker comments (nothing else in the
file), and `python run.py guide --check` exits 1 when it is stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.atomic_file import write_text_atomically
from engine.format.shipped import GUIDE
from engine.guarded_read import UnreadableFile, read_text

MAX_GUIDE_BYTES = 5_000_000  # the guide is about 100 kB

BEGIN = "<!-- BEGIN GENERATED REFERENCE: `python run.py guide` rewrites this section -->"
END = "<!-- END GENERATED REFERENCE -->"

Schema = dict[str, Any]

# The tutorial's table of event kinds (section 4.9): rendered from the same models.
EVENTS_BEGIN = "<!-- BEGIN GENERATED EVENT TABLE: `python run.py guide` rewrites this table -->"
EVENTS_END = "<!-- END GENERATED EVENT TABLE -->"
EVENT_COMMON_KEYS = ("id", "date", "caption", "sources", "kind")  # every event has these

# Strings constrained by these patterns get a short name in the tables and one glossary line,
# instead of repeating a regular expression on every row.
NAMED_PATTERNS: dict[str, str] = {
    r"^[a-z0-9][a-z0-9_]*$": "id",
    r"^[A-Za-z0-9][A-Za-z0-9_\-]*$": "source key",
    r"^#[0-9a-fA-F]{6}$": "colour",
    r"^[a-z]{2}$": "language code",
}
# What the glossary says of a named kind when the models give it no description, and a tip.
NAMED_FALLBACK: dict[str, str] = {
    "id": "Lower-case letters, digits and underscores.",
    "source key": "The `id` of an entry in the file's `sources` list.",
    "colour": "Colour as #rrggbb.",
    "language code": "Two lower-case letters (ISO 639-1).",
    "text": "A plain string, or one string per language code.",
}
NAMED_TIPS: dict[str, str] = {
    "id": "Examples: `boulogne`, `fest_bn_1`.",
    "colour": "Quote it (`\"#4a7bd0\"`): an unquoted `#` starts a YAML comment.",
    "language code": "Examples: `en`, `fr`, `de`, `nl`.",
}
GENERIC_MIN_USES = 3  # a description repeated this often on one named kind describes the kind
ROOT_SECTION = "(root)"  # the section of the file's top-level keys

# Units of measure that a field's name implies (the descriptions give the others), with the
# words that show a description already says it.
UNIT_SUFFIXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("_km", "kilometres", ("km", "kilomet")),
    ("_days", "days", ("day",)),
    ("_hexes", "hexes", ("hex",)),
    ("hours", "hours", ("hour",)),
    ("_per_day", "per day", ("day",)),
)


class GuideError(Exception):
    """The guide file cannot be updated; the message says why."""


def named_kind(schema: Schema) -> str | None:
    """The short name of a value kind the glossary explains once (id, text, colour...)."""
    if schema.get("type") == "string":
        return NAMED_PATTERNS.get(schema.get("pattern", ""))
    members = schema.get("anyOf")
    if isinstance(members, list) and len(members) == 2:
        plain, per_language = members
        patterns = per_language.get("patternProperties", {})
        if (
            plain.get("type") == "string"
            and len(plain) == 1
            and per_language.get("type") == "object"
            and len(patterns) == 1
            and NAMED_PATTERNS.get(next(iter(patterns))) == "language code"
            and next(iter(patterns.values())).get("type") == "string"
        ):
            return "text"
    return None


def _all_dicts(node: object) -> Iterator[Schema]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _all_dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_dicts(value)


@dataclass
class Glossary:
    """What the schemas say of each named kind: its usual description and length limit."""

    descriptions: dict[str, str] = field(default_factory=dict)
    max_length: dict[str, int] = field(default_factory=dict)
    generic: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    @classmethod
    def scan(cls, *schemas: Schema) -> Glossary:
        counts: dict[tuple[str, str], int] = {}
        lengths: dict[str, set[object]] = {}
        for schema in schemas:
            for node in _all_dicts(schema):
                kind = named_kind(node)
                if kind is None:
                    continue
                lengths.setdefault(kind, set()).add(node.get("maxLength"))
                if isinstance(node.get("description"), str):
                    key = (kind, node["description"])
                    counts[key] = counts.get(key, 0) + 1
        glossary = cls()
        for (kind, text), n in sorted(counts.items(), key=lambda item: -item[1]):
            if n >= GENERIC_MIN_USES:
                glossary.generic.add(text)
                glossary.descriptions.setdefault(kind, text)
        for kind, found in lengths.items():
            if len(found) == 1 and isinstance(next(iter(found)), int):
                glossary.max_length[kind] = int(next(iter(found)))  # type: ignore[arg-type]
        return glossary

    def lines(self) -> list[str]:
        out = []
        for kind in sorted(self.used):
            parts = [self.descriptions.get(kind) or NAMED_FALLBACK.get(kind, "")]
            if kind in self.max_length:
                parts.append(f"At most {self.max_length[kind]} characters.")
            if kind in NAMED_TIPS:
                parts.append(NAMED_TIPS[kind])
            out.append(f"- **{kind}**: " + " ".join(p.strip() for p in parts if p))
        return out


@dataclass
class Section:
    """One object type of the format, with every key path where it appears."""

    name: str
    schema: Schema
    paths: list[str] = field(default_factory=list)
    variant: tuple[str, str] | None = None  # (discriminator key, value) for union members


@dataclass
class Renderer:
    """Renders one root schema (scenario or ruleset) as Markdown tables."""

    root: Schema
    prefix: str
    title: str
    glossary: Glossary
    sections: dict[str, Section] = field(default_factory=dict)

    # --- walking the schema -------------------------------------------------------------------
    def resolve(self, schema: Schema) -> tuple[str | None, Schema]:
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            return None, schema
        name = ref.rsplit("/", 1)[-1]
        target = self.root.get("$defs", {}).get(name)
        if target is None:
            raise GuideError(f"schema reference {ref!r} has no definition")
        return name, target

    def anchor(self, name: str) -> str:
        return f"{self.prefix}-{name.lower()}"

    def collect(self) -> None:
        """Find every object type reachable from the root, in file order (depth first)."""
        self.sections[ROOT_SECTION] = Section(ROOT_SECTION, self.root, [""])
        self._walk_object(self.root, "")

    def _walk_object(self, schema: Schema, path: str) -> None:
        for key, prop in schema.get("properties", {}).items():
            self._walk(prop, f"{path}.{key}" if path else key)

    def _walk(self, schema: Schema, path: str, variant: tuple[str, str] | None = None) -> None:
        name, target = self.resolve(schema)
        if name is not None:
            known = self.sections.get(name)
            if known is not None:
                if path not in known.paths:
                    known.paths.append(path)
                return
            self.sections[name] = Section(name, target, [path], variant)
            self._walk_object(target, path)
            return
        mapping = schema.get("discriminator", {}).get("mapping", {})
        by_ref = {ref: value for value, ref in mapping.items()}
        key = schema.get("discriminator", {}).get("propertyName", "")
        for member in schema.get("anyOf", []) + schema.get("oneOf", []):
            value = by_ref.get(member.get("$ref", ""))
            self._walk(member, path, (key, value) if value is not None else None)
        if "items" in schema:
            self._walk(schema["items"], f"{path}[]")
        for item in schema.get("prefixItems", []):
            self._walk(item, f"{path}[]")
        for sub in schema.get("patternProperties", {}).values():
            self._walk(sub, f"{path}.<key>")
        if isinstance(schema.get("additionalProperties"), dict):
            self._walk(schema["additionalProperties"], f"{path}.<key>")

    # --- types ------------------------------------------------------------------------------
    def link(self, name: str) -> str:
        return f"[{name}](#{self.anchor(name)})"

    def type_text(self, schema: Schema) -> str:
        """A short, readable name for the type of a value."""
        name, _ = self.resolve(schema)
        if name is not None:
            return self.link(name)
        kind_name = named_kind(schema)
        if kind_name is not None:
            self.glossary.used.add(kind_name)
            return kind_name
        if "const" in schema:
            return f"`{schema['const']}`"
        members = schema.get("anyOf") or schema.get("oneOf")
        if members:
            discriminator = schema.get("discriminator")
            if discriminator:
                key = discriminator["propertyName"]
                parts = [
                    f"[{value}](#{self.anchor(ref.rsplit('/', 1)[-1])})"
                    for value, ref in discriminator.get("mapping", {}).items()
                ]
                return f"object chosen by `{key}`: " + ", ".join(parts)
            texts = [self.type_text(m) for m in members if m.get("type") != "null"]
            if any(m.get("type") == "null" for m in members):
                texts.append("null")
            return " or ".join(dict.fromkeys(texts))
        kind = schema.get("type")
        if isinstance(kind, list):
            return " or ".join(self.type_text({**schema, "type": k}) for k in kind)
        if kind == "array":
            if "prefixItems" in schema:
                return "[" + ", ".join(self.type_text(i) for i in schema["prefixItems"]) + "]"
            item = self.type_text(schema.get("items", {}))
            return f"list of ({item})" if " or " in item else f"list of {item}"
        if kind == "object":
            return self._map_text(schema)
        if kind == "string":
            if schema.get("format") == "date":
                return "date"
            if "enum" in schema:
                return "string, one of"
            return "string"
        if kind in ("integer", "number", "boolean", "null"):
            return {"integer": "integer", "number": "number"}.get(kind, kind)
        if "enum" in schema:
            return "one of"
        return "any value"

    def _map_text(self, schema: Schema) -> str:
        key_text = "key"
        names = schema.get("propertyNames", {})
        if names.get("minLength") == 1 and names.get("maxLength") == 1:
            key_text = "one character"
        patterns = schema.get("patternProperties", {})
        if patterns:
            pattern, value = next(iter(patterns.items()))
            named = NAMED_PATTERNS.get(pattern)
            if named:
                self.glossary.used.add(named)
            key_text = named or f"key matching `{pattern}`"
        elif isinstance(schema.get("additionalProperties"), dict):
            value = schema["additionalProperties"]
        else:
            return "mapping"
        return f"mapping of {key_text} → {self.type_text(value)}"

    # --- constraints ------------------------------------------------------------------------
    def constraints(self, schema: Schema) -> list[str]:
        """Allowed values and ranges, including those of list items and optional values."""
        out: list[str] = []
        if "enum" in schema:
            out.append(", ".join(f"`{v}`" for v in schema["enum"]))
        out += _range(schema)
        if "pattern" in schema and schema["pattern"] not in NAMED_PATTERNS:
            out.append(f"matches `{schema['pattern']}`")
        kind_name = named_kind(schema)
        standard = kind_name is not None and (
            self.glossary.max_length.get(kind_name) == schema.get("maxLength")
        )
        if ("minLength" in schema or "maxLength" in schema) and not standard:
            out.append(_between(schema.get("minLength"), schema.get("maxLength"), "characters"))
        if ("minItems" in schema or "maxItems" in schema) and "prefixItems" not in schema:
            out.append(_between(schema.get("minItems"), schema.get("maxItems"), "items"))
        if "minProperties" in schema or "maxProperties" in schema:
            out.append(
                _between(schema.get("minProperties"), schema.get("maxProperties"), "entries")
            )
        for member in schema.get("anyOf", []):
            if "$ref" not in member and member.get("type") != "null":
                out += self.constraints(member)
        if isinstance(schema.get("items"), dict) and "$ref" not in schema["items"]:
            out += [f"each {c}" for c in self.constraints(schema["items"])]
        for position, item in enumerate(schema.get("prefixItems", []), start=1):
            out += [f"{_ordinal(position)}: {c}" for c in self.constraints(item)]
        for sub in schema.get("patternProperties", {}).values():
            out += [f"each value {c}" for c in self.constraints(sub)]
        if isinstance(schema.get("additionalProperties"), dict):
            out += [f"each value {c}" for c in self.constraints(schema["additionalProperties"])]
        return list(dict.fromkeys(out))

    def description(self, key: str, schema: Schema) -> str:
        """The field's own description; generic id/colour texts are left to the glossary."""
        text = schema.get("description")
        if not text:
            items = schema.get("items")
            if isinstance(items, dict) and "$ref" not in items:
                text = items.get("description")
        if text and text in self.glossary.generic:
            text = None
        parts = [text.strip()] if text else []
        for suffix, unit, words in UNIT_SUFFIXES:
            if key.endswith(suffix):
                if not any(word in (text or "").lower() for word in words):
                    parts.append(f"Unit: {unit}.")
                break
        return " ".join(parts)

    # --- rendering --------------------------------------------------------------------------
    def heading(self, section: Section) -> str:
        if section.name == ROOT_SECTION:
            return self.title
        path = f"`{section.paths[0]}`"
        if section.variant:
            key, value = section.variant
            return f"{path} with `{key}: {value}` ({section.name})"
        return f"{path} ({section.name})"

    def render_section(self, section: Section) -> list[str]:
        anchor = self.prefix if section.name == ROOT_SECTION else self.anchor(section.name)
        lines = [f'<a id="{anchor}"></a>', "", f"#### {self.heading(section)}", ""]
        doc = section.schema.get("description")
        if doc:
            lines += [_one_line(doc), ""]
        if len(section.paths) > 1:
            used = ", ".join(f"`{p}`" for p in section.paths)
            lines += [f"Used at: {used}.", ""]
        properties = section.schema.get("properties", {})
        if not properties:
            lines += ["No fields.", ""]
            return lines
        required = set(section.schema.get("required", []))
        lines += [
            "| Field | Type | Required | Allowed values | Description |",
            "|---|---|---|---|---|",
        ]
        for key, prop in properties.items():
            cells = [
                f"`{key}`",
                self.type_text(prop),
                _required_text(key in required, prop),
                "; ".join(self.constraints(prop)),
                self.description(key, prop),
            ]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
        return lines

    def render(self) -> list[str]:
        self.collect()
        body: list[str] = []
        for section in self.sections.values():
            body += self.render_section(section)
        return body


def _range(schema: Schema) -> list[str]:
    low = _bound(schema, "minimum", "≤", "exclusiveMinimum", "<")
    high = _bound(schema, "maximum", "≤", "exclusiveMaximum", "<")
    if low and high:
        return [f"{low[1]} {low[0]} x {high[0]} {high[1]}"]
    if low:
        return [f"x {'≥' if low[0] == '≤' else '>'} {low[1]}"]
    if high:
        return [f"x {high[0]} {high[1]}"]
    return []


def _bound(schema: Schema, key: str, sign: str, xkey: str, xsign: str) -> tuple[str, str] | None:
    if isinstance(schema.get(key), (int, float)):
        return sign, _num(schema[key])
    if isinstance(schema.get(xkey), (int, float)):
        return xsign, _num(schema[xkey])
    return None


def _between(low: int | None, high: int | None, what: str) -> str:
    def count(n: int) -> str:
        return f"{n} {what if n != 1 else what.rstrip('s')}"

    if low is not None and high is not None:
        return f"exactly {count(low)}" if low == high else f"{low} to {count(high)}"
    if low is not None:
        return f"at least {count(low)}"
    return f"at most {count(high or 0)}"


def _num(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}".replace(",", " ") if isinstance(value, int) else str(value)


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _required_text(required: bool, schema: Schema) -> str:
    if required:
        return "**required**"
    if "default" not in schema or schema["default"] is None:
        return "optional"
    return f"default `{_yaml_value(schema['default'])}`"


def _yaml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)) and not value:
        return "[]" if isinstance(value, list) else "{}"
    return str(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def render_reference(
    scenario_schema: Schema | None = None, ruleset_schema: Schema | None = None
) -> str:
    """The Markdown of the whole REFERENCE section, markers excluded."""
    if scenario_schema is None or ruleset_schema is None:
        from engine.format.ruleset import Ruleset
        from engine.format.scenario import Scenario

        scenario_schema = scenario_schema or Scenario.model_json_schema()
        ruleset_schema = ruleset_schema or Ruleset.model_json_schema()
    glossary = Glossary.scan(scenario_schema, ruleset_schema)
    scenario = Renderer(scenario_schema, "scenario", "The scenario file (top level)", glossary)
    ruleset = Renderer(ruleset_schema, "ruleset", "The ruleset file (top level)", glossary)
    scenario_body = scenario.render()
    ruleset_body = ruleset.render()
    lines = [
        "",
        "_Generated from the format models by `python run.py guide`; edit the models' "
        "descriptions, not this section._",
        "",
        "How to read the tables: **required** keys must be present; `optional` keys may be "
        "left out (a list or section then starts empty); a `default` is used when the key is "
        "left out. `x` in a range stands for the value. Every object rejects keys it does not "
        "list. Dates are written `YYYY-MM-DD`.",
        "",
    ]
    if glossary.used:
        lines += ["Kinds of value the tables name:", "", *glossary.lines(), ""]
    lines += ["### Scenario format", "", *scenario_body, "### Ruleset format", "", *ruleset_body]
    return "\n".join(lines)


def event_kinds(scenario_schema: Schema | None = None) -> list[tuple[str, str, str, list[str]]]:
    """(kind, model name, what it does, its own keys) of each event kind, in the format's
    order: what the tutorial's event table and the reference both say of events."""
    if scenario_schema is None:
        from engine.format.scenario import Scenario

        scenario_schema = Scenario.model_json_schema()
    defs = scenario_schema["$defs"]
    out = []
    for ref in scenario_schema["properties"]["events"]["items"]["oneOf"]:
        name = ref["$ref"].rsplit("/", 1)[-1]
        props = defs[name]["properties"]
        kind = props["kind"]["const"] if "const" in props["kind"] else props["kind"]["enum"][0]
        out.append((kind, name, _one_line(props["kind"]["description"]),
                    [k for k in props if k not in EVENT_COMMON_KEYS]))
    return out


def render_event_table(scenario_schema: Schema | None = None) -> str:
    """The tutorial's table of event kinds: each kind's `kind` description and own keys, as
    the reference gives them, with a link to its reference section."""
    lines = ["| `kind` | What it does | Its own keys |", "|---|---|---|"]
    for kind, name, what, keys in event_kinds(scenario_schema):
        own = ", ".join(f"`{k}`" for k in keys) or "—"
        lines.append(f"| [`{kind}`](#scenario-{name.lower()}) | {_cell(what)} | {own} |")
    return "\n".join(lines)


# --- the README file --------------------------------------------------------------------------
def replace_reference(text: str, reference: str, begin_mark: str = BEGIN,
                      end_mark: str = END) -> str:
    """`text` with the part between the markers replaced by `reference`."""
    begin = text.find(begin_mark)
    end = text.find(end_mark)
    if begin < 0 or end < 0 or end < begin or text.count(begin_mark) != 1 or \
            text.count(end_mark) != 1:
        raise GuideError(
            "the guide must contain the marker lines exactly once each, in this order:\n"
            f"  {begin_mark}\n  {end_mark}"
        )
    return text[: begin + len(begin_mark)] + "\n" + reference.strip("\n") + "\n\n" + \
        text[end:]


def update_guide(path: Path = GUIDE, check: bool = False) -> bool:
    """Rewrite (or with `check`, compare) the reference and the tutorial's event table; True
    when both were already up to date."""
    try:
        text = read_text(path, MAX_GUIDE_BYTES)
    except UnreadableFile as exc:
        raise GuideError(f"cannot read {exc}") from exc
    new_text = replace_reference(text, render_reference())
    new_text = replace_reference(new_text, render_event_table(), EVENTS_BEGIN, EVENTS_END)
    if new_text == text:
        return True
    if not check:
        write_text_atomically(path, new_text)
    return False


# --- YAML examples in the guide ---------------------------------------------------------------
EXAMPLE_MARK = re.compile(r"<!--\s*example:\s*([A-Za-z_][\w ]*?)\s*-->")
FENCE = re.compile(r"```ya?ml\n(.*?)```", re.S)


def example_blocks(text: str) -> Iterator[tuple[str, int, str]]:
    """(label, line number, YAML text) of each fenced block right after an `example:` mark.

    The label `scenario` marks a part of the tutorial's complete scenario (the parts join into
    one file); any other label names a model of `engine.format.scenario` or
    `engine.format.ruleset` that the block must match.
    """
    for mark in EXAMPLE_MARK.finditer(text):
        start = text.find("```", mark.end())
        fence = FENCE.match(text, start) if start >= 0 else None
        between = text[mark.end() : fence.start()] if fence else ""
        if fence is None or between.strip():
            line = text.count("\n", 0, mark.start()) + 1
            raise GuideError(f"line {line}: an example mark must be followed by a ```yaml block")
        yield mark.group(1), text.count("\n", 0, fence.start()) + 2, fence.group(1)


def tutorial_scenario(text: str) -> str:
    """The tutorial's complete scenario: its `example: scenario` blocks joined in order."""
    return "".join(block for label, _, block in example_blocks(text) if label == "scenario")


def example_models(text: str) -> Iterator[tuple[int, type, object]]:
    """(line, model class, parsed YAML) for every block that names a model."""
    from engine.format import ruleset, scenario

    for label, line, block in example_blocks(text):
        if label == "scenario":
            continue
        model = getattr(scenario, label, None) or getattr(ruleset, label, None)
        if not isinstance(model, type):
            raise GuideError(f"line {line}: example names unknown model {label!r}")
        yield line, model, yaml.load(block, Loader=yaml.CSafeLoader)
