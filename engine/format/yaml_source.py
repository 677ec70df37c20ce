"""Reading a YAML file into plain data while remembering where every value sits in the file.

PyYAML's loaders throw locations away, keep the last of two duplicate keys without a word, and
will happily expand an alias bomb or recurse through 100,000 nested brackets. Scenario files come
from modders, so this reader is built for hostile input:

* it walks the C parser's event stream itself (`yaml.parse` with `yaml.CSafeLoader`), building
  dicts, lists and scalars without recursion and recording the line and column of every key and
  value under its key path, e.g. `("units", 3, "strength")`;
* scalars get the same types as `yaml.safe_load` gives them (dates become `datetime.date`);
* duplicate keys are reported, merge keys (`<<: *defaults`) work as in PyYAML;
* it refuses, with one located error, files over `MAX_FILE_BYTES`, files that are not UTF-8 text,
  nesting deeper than `MAX_DEPTH`, and documents whose alias-expanded size exceeds `MAX_NODES`.
  The depth check runs on the event stream before libyaml sees the next level, which matters:
  libyaml slows down quadratically on deep nesting.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from engine.guarded_read import MissingFile, UnreadableFile, read_bytes

MAX_FILE_BYTES = 5_000_000  # 5 MB; the full Channel scenario is well under 1 MB
MAX_DEPTH = 64  # the deepest legitimate value in the format is about 6 levels down
MAX_NODES = 250_000  # values after alias expansion; a large scenario has ~20,000

KeyPath = tuple[Hashable, ...]
Location = tuple[int, int]  # 1-based line and column

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:timestamp",
}
_VALUE_TAG = "tag:yaml.org,2002:value"  # the scalar "=", read as a plain string

# Characters YAML forbids in a stream (YAML 1.1, "printable"); NUL is refused earlier as binary.
_FORBIDDEN_CHARACTER = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# What the flow-depth pre-scan looks at: the four flow brackets, and quoted scalars and comments
# (skipped whole, so brackets inside them do not count). A quote opens a scalar only where a
# scalar can start (after a space, a line start or a flow indicator), not inside "Hitler's".
# Each branch starts with its own character and looks behind only once that matched (the
# lookbehinds span the quote or hash itself), so most positions fail at the first test.
_FLOW_TOKEN = re.compile(
    r"""[\[\]{}]|"(?<![^\s\[{,:]")(?:[^"\\]|\\.)*"|'(?<![^\s\[{,:]')(?:[^']|'')*'|#(?<!\S#)[^\n]*"""
)


class YamlSourceError(Exception):
    """The file cannot be read as YAML data at all; one message, one location, and a hint."""

    def __init__(self, message: str, line: int = 1, col: int = 1, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint


@dataclass(frozen=True)
class SourceIssue:
    """Something wrong that does not stop the reading (a duplicate key)."""

    message: str
    line: int
    col: int
    key_path: KeyPath


@dataclass
class YamlDocument:
    """Plain data of one YAML file, with the location of every key and value."""

    path: Path
    data: Any
    value_locations: dict[KeyPath, Location] = field(default_factory=dict)
    key_locations: dict[KeyPath, Location] = field(default_factory=dict)
    block_scalars: set[KeyPath] = field(default_factory=set)
    issues: list[SourceIssue] = field(default_factory=list)
    text_lines: list[str] = field(default_factory=list)
    aliases: dict[KeyPath, KeyPath] = field(default_factory=dict)  # alias site -> anchored value

    def locate(self, path: KeyPath, *, key: bool = False) -> Location:
        """Where `path` is (its key if `key`), else where its nearest existing ancestor is.

        Inside an aliased value (`b: *a`), the location is the one in the anchored original.
        """
        for _ in range(MAX_DEPTH):
            if key and path in self.key_locations:
                return self.key_locations[path]
            if path in self.value_locations:
                return self.value_locations[path]
            for end in range(len(path) - 1, -1, -1):
                target = self.aliases.get(path[:end])
                if target is not None:
                    path = target + path[end:]
                    break
                location = self.value_locations.get(path[:end])
                if location is not None:
                    return location
            else:
                return (1, 1)
        return (1, 1)

    def locate_in_text(self, path: KeyPath, row: int, char: int = 0) -> Location:
        """Location of character `char` of line `row` inside a multi-line string value.

        Exact for literal/folded block scalars (`terrain: |`); for other styles the value's start.
        """
        start_line, start_col = self.locate(path)
        if path not in self.block_scalars:
            return start_line, start_col
        index = start_line  # the first content line follows the `|` indicator line (1-based)
        seen = -1
        indent: int | None = None
        while index < len(self.text_lines):
            text = self.text_lines[index]
            index += 1
            if not text.strip():
                continue
            if indent is None:
                indent = len(text) - len(text.lstrip(" "))
            seen += 1
            if seen == row:
                return index, indent + char + 1
        return start_line, start_col


@dataclass
class _Frame:
    """A mapping or sequence being built."""

    container: Any
    path: KeyPath
    anchor: str | None
    nodes_at_start: int
    location: Location
    is_mapping: bool
    key: Any = None
    have_key: bool = False
    key_location: Location = (1, 1)
    merges: list[tuple[Any, Location]] = field(default_factory=list)
    explicit_keys: dict[Any, Location] = field(default_factory=dict)


@dataclass
class _Anchor:
    value: Any
    path: KeyPath
    nodes: int  # values it stands for, aliases inside it expanded
    is_scalar: bool


def read_yaml(path: Path) -> YamlDocument:
    """Read `path` into a `YamlDocument`; raise `YamlSourceError` if that is impossible."""
    text = _read_text(path)
    document = _Builder(path, text).build()
    if document.data is None:
        raise YamlSourceError("the file is empty: it holds no YAML document")
    return document


def _read_text(path: Path) -> str:
    try:
        raw = read_bytes(path, MAX_FILE_BYTES)
    except MissingFile:
        raise YamlSourceError("file not found") from None
    except UnreadableFile as exc:
        raise YamlSourceError(exc.reason) from None
    if not raw.strip():
        raise YamlSourceError("the file is empty: it holds no YAML document")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(raw, nul)
        raise YamlSourceError("binary data (a NUL byte): this is not a YAML text file", line, col)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        raise YamlSourceError(
            f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded "
            "(save the file as UTF-8)",
            line,
            col,
        ) from None
    forbidden = _FORBIDDEN_CHARACTER.search(text)
    if forbidden:
        line, col = _line_col(text, forbidden.start())
        raise YamlSourceError(
            f"the control character U+{ord(forbidden.group()):04X} is not allowed in a YAML file",
            line,
            col,
        )
    return text


def _check_flow_depth(text: str) -> None:
    """Refuse flow nesting deeper than `MAX_DEPTH` before the parser sees it.

    libyaml scans ahead through a whole flow collection before it emits its first event, so the
    event-stream check in `_Builder._start` comes too late for `[[[[…`: the parser would either
    slow down quadratically or stop with a message of its own, worded differently from one
    PyYAML release to the next. This scan is linear and gives the project's own answer.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for token in _FLOW_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSourceError(
                    f"nesting deeper than {MAX_DEPTH} levels", *_line_col(text, token.start())
                )
        elif bracket in "]}":
            depth = max(0, depth - 1)


# A line that starts a key (`name:`, `- id:`, `"odd key":`): its indent, its dash, its key.
_KEY_LINE = re.compile(r"""^( *)(- +)?("[^"]*"|'[^']*'|[^\s#'"\-?:\[\]{}][^:#]*?) *:(?:\s|$)""")


def misplaced_key(lines: list[str], line: int) -> YamlSourceError | None:
    """A key indented by mistake, found from the line where the parser gave up (1-based), and
    said at the key's own line in the project's words — or None if indentation is not why.

    The parser stops where the text no longer fits, which can be many lines after the mistake:
    a key dedented by mistake closes the mapping it belonged to, and only the next line indented
    like that mapping's keys fails. So: if the failing line's indent is that of no key still open
    above it, either an earlier key closed the mapping whose keys had that indent (that key is
    the mistake) or the failing line itself is out of line with the keys above it.
    """
    def content(n: int) -> bool:
        text = lines[n - 1].strip()
        return bool(text) and not text.startswith("#")

    def indent(n: int) -> int:
        return len(lines[n - 1]) - len(lines[n - 1].lstrip(" "))

    def key(n: int) -> str | None:
        found = _KEY_LINE.match(lines[n - 1])
        return found.group(3).strip("'\"") if found else None

    failing = _KEY_LINE.match(lines[line - 1]) if 1 <= line <= len(lines) else None
    if failing is None:
        return None
    here, dashed = indent(line), bool(failing.group(2))
    above = [n for n in range(line - 1, 0, -1) if content(n)]
    key_levels, dash_levels, floor = {0}, set[int](), len(lines[line - 1])
    for n in above:
        if indent(n) < floor:
            floor = indent(n)
            found = _KEY_LINE.match(lines[n - 1])
            if found and found.group(2):
                dash_levels.add(floor)
                key_levels.add(floor + len(found.group(2)))
            elif found:
                key_levels.add(floor)
    if here in (dash_levels if dashed else key_levels) or not above:
        return None
    closer = next((n for n in above if indent(n) < here), None)
    if closer is not None and key(closer) is not None:
        for n in above[above.index(closer) + 1:]:
            if indent(n) < here:
                break
            if indent(n) == here and key(n) is not None:
                return YamlSourceError(
                    f"key '{key(closer)}' is indented {_spaces(indent(closer))}, less than "
                    f"'{key(n)}' on line {n} ({_spaces(here)}): it closes that mapping, so "
                    f"line {line}, indented like '{key(n)}', fits nowhere",
                    closer, indent(closer) + 1,
                    f"indent '{key(closer)}' by {_spaces(here)} if it belongs with '{key(n)}'")
    previous = above[0]
    levels = ", ".join(str(level) for level in sorted(key_levels, reverse=True))
    return YamlSourceError(
        f"key '{key(line)}' is indented {_spaces(here)}, which lines up with no key above it "
        f"('{key(previous) or lines[previous - 1].strip()}' on line {previous} has "
        f"{_spaces(indent(previous))})", line, here + 1,
        f"the keys of one mapping line up: the mappings open above it have keys at {levels} "
        "spaces")


def _spaces(n: int) -> str:
    return "1 space" if n == 1 else f"{n} spaces"


def _line_col(raw: bytes | str, offset: int) -> Location:
    newline = b"\n" if isinstance(raw, bytes) else "\n"
    line = raw.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    start = raw.rfind(newline, 0, offset) + 1  # type: ignore[arg-type]
    return line, offset - start + 1


class _Builder:
    """Turns the event stream of one file into plain data plus locations."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.resolver = Resolver()
        self.constructor = SafeConstructor()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.scalars: dict[tuple[str | None, str, tuple[bool, bool]], tuple[Any, str]] = {}
        self.nodes = 0
        self.entries: list[tuple[KeyPath, bool, Location]] = []  # (path, is_key, location)
        self.block_scalars: set[KeyPath] = set()
        self.aliases: dict[KeyPath, KeyPath] = {}
        self.issues: list[SourceIssue] = []
        self.root: Any = None
        self.documents = 0

    # --- driving --------------------------------------------------------------------------
    def build(self) -> YamlDocument:
        _check_flow_depth(self.text)
        try:
            for event in yaml.parse(self.text, Loader=yaml.CSafeLoader):
                self._handle(event)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            misplaced = misplaced_key(self.text.splitlines(), line)
            if misplaced is not None:
                raise misplaced from None
            problem = exc.problem or exc.context or "invalid YAML"
            context = f" {exc.context}" if exc.context and exc.problem else ""
            raise YamlSourceError(f"YAML syntax error: {problem}{context}", line, col) from None
        except yaml.reader.ReaderError as exc:
            line, col = _line_col(self.text, max(exc.position, 0))
            raise YamlSourceError(f"YAML syntax error: {exc.reason}", line, col) from None
        except yaml.YAMLError as exc:
            raise YamlSourceError(f"YAML syntax error: {exc}") from None
        except RecursionError:
            raise YamlSourceError(f"nesting deeper than {MAX_DEPTH} levels") from None
        value_locations: dict[KeyPath, Location] = {}
        key_locations: dict[KeyPath, Location] = {}
        for path, is_key, location in self.entries:
            (key_locations if is_key else value_locations)[path] = location
        return YamlDocument(
            path=self.path,
            data=self.root,
            value_locations=value_locations,
            key_locations=key_locations,
            block_scalars=self.block_scalars,
            issues=self.issues,
            text_lines=self.text.splitlines(),
            aliases=self.aliases,
        )

    def _handle(self, event: yaml.Event) -> None:
        location = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            self._scalar(event, location)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._start(event, location)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self._end()
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event, location)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlSourceError(
                    "a second YAML document starts here; a scenario file holds exactly one",
                    *location,
                )

    # --- values ---------------------------------------------------------------------------
    def _count(self, nodes: int, location: Location) -> None:
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            raise YamlSourceError(
                f"the document expands to more than {MAX_NODES:,} values "
                "(too large, or an alias bomb)",
                *location,
            )

    def _child_path(self) -> KeyPath | None:
        """Path of the value about to be added; None if it is a mapping key."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if not frame.is_mapping:
            return (*frame.path, len(frame.container))
        if not frame.have_key:
            return None
        return (*frame.path, frame.key)

    def _scalar(self, event: yaml.ScalarEvent, location: Location) -> None:
        self._count(1, location)
        value, tag = self._construct_scalar(event, location)
        path = self._child_path()
        if path is None:
            self._set_key(value, location, is_merge=tag == _MERGE_TAG)
            if event.anchor:
                self.anchors[event.anchor] = _Anchor(value, (), 1, is_scalar=True)
            return
        self.entries.append((path, False, location))
        if event.style in ("|", ">"):
            self.block_scalars.add(path)
        if event.anchor:
            self.anchors[event.anchor] = _Anchor(value, path, 1, is_scalar=True)
        self._add_value(value, location)

    def _construct_scalar(self, event: yaml.ScalarEvent, location: Location) -> tuple[Any, str]:
        """The value and tag of a scalar; the same text in the same form gives the same
        (immutable) value, so each distinct one is resolved and constructed once per file."""
        key = (event.tag, event.value, event.implicit)
        known = self.scalars.get(key)
        if known is None:
            known = self.scalars[key] = self._resolve_scalar(event, location)
        return known

    def _resolve_scalar(self, event: yaml.ScalarEvent, location: Location) -> tuple[Any, str]:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _MERGE_TAG:
            return event.value, tag
        if tag == _VALUE_TAG:
            return event.value, "tag:yaml.org,2002:str"
        if tag not in _SCALAR_TAGS:
            raise YamlSourceError(f"unsupported YAML tag {tag!r} on a plain value", *location)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.constructor.yaml_constructors[tag](self.constructor, node)
        except (ValueError, OverflowError, yaml.YAMLError):
            kind = {"timestamp": "date", "int": "integer", "float": "number"}.get(
                tag.rsplit(":", 1)[-1], tag.rsplit(":", 1)[-1]
            )
            shown = event.value if len(event.value) <= 40 else event.value[:40] + "..."
            raise YamlSourceError(f"invalid {kind} {shown!r}", *location) from None
        return value, tag

    def _start(self, event: yaml.CollectionStartEvent, location: Location) -> None:
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        tag = event.tag
        expected = _MAP_TAG if is_mapping else _SEQ_TAG
        if tag not in (None, "!", expected):
            raise YamlSourceError(f"unsupported YAML tag {tag!r}", *location)
        if len(self.stack) >= MAX_DEPTH:
            raise YamlSourceError(f"nesting deeper than {MAX_DEPTH} levels", *location)
        self._count(1, location)
        path = self._child_path()
        if path is None:
            raise YamlSourceError(
                "a mapping key must be a plain value, not a list or mapping", *location
            )
        self.entries.append((path, False, location))
        self.stack.append(
            _Frame(
                container={} if is_mapping else [],
                path=path,
                anchor=event.anchor,
                nodes_at_start=self.nodes - 1,
                location=location,
                is_mapping=is_mapping,
            )
        )

    def _end(self) -> None:
        frame = self.stack.pop()
        value = frame.container
        if frame.is_mapping and frame.merges:
            value = self._merged(frame)
        if frame.anchor:
            self.anchors[frame.anchor] = _Anchor(
                value, frame.path, self.nodes - frame.nodes_at_start, is_scalar=False
            )
        self._add_value(value, frame.location)

    def _alias(self, event: yaml.AliasEvent, location: Location) -> None:
        anchor = self.anchors.get(event.anchor or "")
        if anchor is None:
            raise YamlSourceError(
                f"alias *{event.anchor} refers to no complete anchor &{event.anchor} before it",
                *location,
            )
        self._count(anchor.nodes, location)
        path = self._child_path()
        if path is None:
            if not anchor.is_scalar:
                raise YamlSourceError(
                    "a mapping key must be a plain value, not a list or mapping", *location
                )
            self._set_key(anchor.value, location, is_merge=False)
            return
        self.entries.append((path, False, location))
        if not anchor.is_scalar:
            self.aliases[path] = anchor.path
        self._add_value(anchor.value, location)

    # --- placing values in their container --------------------------------------------------
    def _set_key(self, key: Any, location: Location, *, is_merge: bool) -> None:
        frame = self.stack[-1]
        if isinstance(key, (dict, list)):
            raise YamlSourceError("a mapping key must be a plain value", *location)
        frame.key = _MergeKey if is_merge else key
        frame.have_key = True
        frame.key_location = location
        if not is_merge:
            self.entries.append(((*frame.path, key), True, location))

    def _add_value(self, value: Any, location: Location) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if not frame.is_mapping:
            frame.container.append(value)
            return
        key = frame.key
        frame.have_key = False
        if key is _MergeKey:
            frame.merges.append((value, frame.key_location))
            return
        first = frame.explicit_keys.get(key)
        if first is not None:
            line, col = frame.key_location
            self.issues.append(
                SourceIssue(
                    f"duplicate key {key!r} (first given on line {first[0]}; "
                    "YAML would silently keep only this one)",
                    line,
                    col,
                    (*frame.path, key),
                )
            )
        frame.explicit_keys[key] = frame.key_location
        frame.container[key] = value

    def _merged(self, frame: _Frame) -> dict[Any, Any]:
        """Apply `<<` merge keys: explicit keys win, then earlier merged mappings."""
        result: dict[Any, Any] = {}
        for value, location in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise YamlSourceError(
                        "a merge key '<<' needs a mapping or a list of mappings", *location
                    )
                for key, item in source.items():
                    if key not in result and key not in frame.container:
                        result[key] = item
                        self.entries.append(((*frame.path, key), True, location))
                        self.entries.append(((*frame.path, key), False, location))
        for key in frame.container:
            result.pop(key, None)
        result.update(frame.container)
        return result


class _MergeKeyType:
    """Marker for the `<<` key while its value is being read."""


_MergeKey = _MergeKeyType()
