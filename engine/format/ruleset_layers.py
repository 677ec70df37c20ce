"""Rulesets built in layers: a base ruleset, the rulesets that `extends:` it, a scenario's
`rules:` overrides and a place's `rules:` overrides, deep-merged in that order.

How two layers merge (the upper one wins):
* mappings merge key by key: the upper layer changes the keys it names and keeps the others;
* a list whose entries all carry an `id` (unit types, terrain, qualities, weather, sources, ...)
  merges entry by entry: an upper entry with an id the lower list has merges into that entry,
  an entry with a new id is added at the end;
* anything else (a number, a text, a list of numbers or of entries without ids, such as
  `out_of_supply`) replaces the lower value whole.
Nothing can be removed by a layer. Every merged value remembers the layer and the key path it
was written at (`Origin`), so an error in the merged ruleset is reported in the file, at the
line, where the value that causes it was written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from engine.format.yaml_source import KeyPath

Origin = tuple[int, KeyPath]  # (layer index, key path inside that layer's data)
MAX_EXTENDS = 16  # a longer chain of rulesets is certainly a mistake
Read = TypeVar("Read")


def merge(*layers: Any) -> Any:
    """The layers deep-merged, lowest first (see the module docstring)."""
    return merge_with_origins(list(layers))[0]


def merge_with_origins(layers: list[Any]) -> tuple[Any, dict[KeyPath, Origin]]:
    """The merged data, and for every key path in it the layer and path it came from.

    A mapping or list present in several layers keeps the origin of the lowest one (it is
    where the whole entry was first written); a plain value keeps the layer that set it.
    """
    origins: dict[KeyPath, Origin] = {}
    if not layers:
        return None, origins
    merged = layers[0]
    _record(merged, (), (), 0, origins)
    for index, data in enumerate(layers[1:], start=1):
        merged = _merge(merged, data, (), (), index, origins)
    return merged, origins


def origin_of(path: KeyPath, origins: dict[KeyPath, Origin]) -> tuple[int, KeyPath]:
    """(layer, path in that layer) of `path`, or of its nearest ancestor with the rest appended
    (a key that is missing is located where its mapping was written)."""
    for end in range(len(path), -1, -1):
        found = origins.get(path[:end])
        if found is not None:
            return found[0], found[1] + path[end:]
    return 0, path


def _has_ids(items: list[Any]) -> bool:
    return bool(items) and all(
        isinstance(item, dict) and isinstance(item.get("id"), (str, int)) for item in items
    )


def _merge(below: Any, above: Any, mpath: KeyPath, lpath: KeyPath, layer: int,
           origins: dict[KeyPath, Origin]) -> Any:
    if isinstance(below, dict) and isinstance(above, dict):
        out = dict(below)
        for key, value in above.items():
            if key in below:
                out[key] = _merge(below[key], value, (*mpath, key), (*lpath, key), layer, origins)
            else:
                out[key] = value
                _record(value, (*mpath, key), (*lpath, key), layer, origins)
        return out
    if isinstance(below, list) and isinstance(above, list) and _has_ids(below) and \
            _has_ids(above):
        merged = list(below)
        first: dict[str | int, int] = {}
        for n, item in enumerate(below):
            first.setdefault(item["id"], n)
        used: set[int] = set()
        for j, item in enumerate(above):
            n = first.get(item["id"])
            if n is not None and n not in used:  # an id twice in one layer stays twice
                used.add(n)
                merged[n] = _merge(below[n], item, (*mpath, n), (*lpath, j), layer, origins)
            else:
                merged.append(item)
                _record(item, (*mpath, len(merged) - 1), (*lpath, j), layer, origins)
        return merged
    for key in [k for k in origins if k[:len(mpath)] == mpath]:
        del origins[key]
    _record(above, mpath, lpath, layer, origins)
    return above


def _record(value: Any, mpath: KeyPath, lpath: KeyPath, layer: int,
            origins: dict[KeyPath, Origin]) -> None:
    stack = [(value, mpath, lpath)]
    while stack:
        item, m, x = stack.pop()
        origins[m] = (layer, x)
        if isinstance(item, dict):
            stack.extend((v, (*m, k), (*x, k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, (*m, i), (*x, i)) for i, v in enumerate(item))


# ------------------------------------------------------------------------------------------
# Files: where a reference leads, and the chain of `extends:`
# ------------------------------------------------------------------------------------------
def resolve_reference(folder: Path, base: Path, reference: str, what: str) -> Path | str:
    """The file `reference` names, relative to the folder `base`, if it stays inside `folder`
    (the scenario's folder); else a sentence saying why not."""
    if not reference.strip():
        return f"the {what} path is empty"
    if os.path.isabs(reference) or re.match(r"^[A-Za-z]:[\\/]", reference):
        return f"the {what} path must be relative to the scenario's folder: '{reference}' is " \
               "absolute"
    folder = folder.resolve()
    target = (base.resolve() / reference).resolve()
    if not target.is_relative_to(folder):
        via = " (through a symbolic link)" if ".." not in Path(reference).parts else ""
        return f"the {what} path '{reference}' leads outside the scenario's folder{via}"
    if not target.exists():
        return f"{what} file '{reference}' not found"
    if not target.is_file():
        return f"{what} path '{reference}' is not a file"
    return target


@dataclass(frozen=True)
class ChainError:
    """Why the chain of `extends:` stops: said about the `extends` key of file `at`."""

    at: int  # index in the chain read so far
    message: str


def extends_chain(
    first: Path, folder: Path, read: Callable[[Path], Read | None],
    data_of: Callable[[Read], Any],
) -> tuple[list[tuple[Path, Read]], ChainError | None]:
    """The ruleset `first` and every ruleset it `extends:`, the named one first.

    `read` returns a file's content or None when it cannot be read (the caller has said why);
    `data_of` gives its plain data. A cycle, a bad path or a chain over MAX_EXTENDS files ends
    the chain with a `ChainError`.
    """
    chain: list[tuple[Path, Read]] = []
    path: Path | None = first
    while path is not None:
        content = read(path)
        if content is None:
            return chain, None
        chain.append((path, content))
        data = data_of(content)
        reference = data.get("extends") if isinstance(data, dict) else None
        if reference is None:
            return chain, None
        if not isinstance(reference, str):
            return chain, None  # the type check reports it
        target = resolve_reference(folder, path.parent, reference, "extended ruleset")
        if isinstance(target, str):
            return chain, ChainError(len(chain) - 1, target)
        seen = [p.resolve() for p, _ in chain]
        if target in seen:
            names = [p.name for p, _ in chain[seen.index(target):]] + [target.name]
            return chain, ChainError(len(chain) - 1,
                                     f"rulesets extend each other in a cycle: "
                                     f"{' -> '.join(names)}")
        if len(chain) >= MAX_EXTENDS:
            return chain, ChainError(len(chain) - 1,
                                     f"more than {MAX_EXTENDS} rulesets extend each other")
        path = target
    return chain, None
