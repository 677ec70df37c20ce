"""Loading a scenario and its ruleset from disk into typed, immutable models.

`load_scenario(path)` is what the game, the simulator and the tests call. It either returns a
`LoadedScenario` or raises `ScenarioError` carrying *every* problem found, each located in its
file by line, column and key path (see `engine.format.validation`, which also documents which
problems are errors and which are warnings).

A scenario that validated once is not validated again: the result is kept for the rest of the
process and, pickled, in the user's cache folder (`engine.user_dirs.cache_dir`), under a key
made of the scenario file's bytes, its folder and the source of the code that reads it. The
bytes of the ruleset files (the ruleset and those it extends) are checked on every use, so
editing any of these files, or the program, means a fresh validation. Only files that
validated without error are cached; a modder's broken file is always read anew and every
problem listed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import pickle
from pathlib import Path
from typing import NamedTuple

from engine.format.loaded import LoadedScenario, ScenarioError, file_digest
from engine.guarded_read import UnreadableFile

# The modules whose code decides what a loaded scenario holds: a change to any makes a new key.
_READERS = ("loaded", "loading", "ruleset", "ruleset_layers", "scenario", "validation", "versions",
            "yaml_source")
CACHE_FOLDER = "scenarios"


class _Entry(NamedTuple):
    ruleset_files: tuple[Path, ...]  # the ruleset and the rulesets it extends
    files_digest: str  # of the bytes of the scenario and of those ruleset files
    loaded: LoadedScenario


_MEMO: dict[str, _Entry] = {}


def load_scenario(path: str | Path) -> LoadedScenario:
    """Load and fully validate a scenario file (and the ruleset it names), at most once."""
    path = Path(path)
    found = already_validated(path)
    if found is not None:
        return found
    from engine.format.validation import validate_file  # only when there is something to check

    report = validate_file(path)
    if report.errors or report.loaded is None:
        raise ScenarioError(list(report.problems))
    remember(path, report.loaded, report.ruleset_files)
    return report.loaded


def remember(path: Path, loaded: LoadedScenario, ruleset_files: list[Path]) -> None:
    """Keep a scenario that validated without error, for this process and the next ones."""
    key = _key_or_none(path)
    if key is not None:
        rulesets = tuple(p.resolve() for p in ruleset_files)
        try:
            entry = _Entry(rulesets, file_digest(path, *rulesets), loaded)
        except (OSError, UnreadableFile):  # changed or gone since it was read: nothing to keep
            return
        _MEMO[key] = entry
        with contextlib.suppress(OSError):
            _write_cache(key, entry)


def already_validated(path: Path) -> LoadedScenario | None:
    """The scenario at `path` if these very files validated before (in this process or, from
    the cache folder, in another): validating them again would find the same warnings and no
    error. None when anything differs or is unreadable."""
    key = _key_or_none(path)
    if key is None:
        return None
    entry = _MEMO.get(key) or _read_cache(key)
    if entry is None or not _fresh(entry, path):
        return None
    _MEMO[key] = entry
    loaded = entry.loaded
    return loaded if loaded.path == path else dataclasses.replace(loaded, path=path)


def _key_or_none(path: Path) -> str | None:
    try:
        return _key(path)
    except (OSError, UnreadableFile):
        return None  # unreadable: validation says why, in its own words


def _key(path: Path) -> str:
    sha = hashlib.sha256(str(path.resolve().parent).encode())
    folder = Path(__file__).parent
    for name in _READERS:
        sha.update((folder / f"{name}.py").read_bytes())
    sha.update(file_digest(path).encode())
    return sha.hexdigest()


def _fresh(entry: _Entry, path: Path) -> bool:
    """The scenario and every ruleset file it was built from still have the same bytes, and
    the scenario still names the same ruleset file."""
    try:
        named = (path.resolve().parent / entry.loaded.scenario.ruleset).resolve()
        return (bool(entry.ruleset_files) and named == entry.ruleset_files[0]
                and file_digest(path, *entry.ruleset_files) == entry.files_digest)
    except (OSError, UnreadableFile):
        return False


def _cache_file(key: str) -> Path:
    from engine.user_dirs import cache_dir

    return cache_dir() / CACHE_FOLDER / f"{key}.pickle"


def _read_cache(key: str) -> _Entry | None:
    """The entry another run left, or None (missing, unreadable or from another version)."""
    try:
        entry = pickle.loads(_cache_file(key).read_bytes())
    except Exception:  # a truncated or foreign file is only a miss: validate again
        return None
    return entry if isinstance(entry, _Entry) else None


def _write_cache(key: str, entry: _Entry) -> None:
    from engine.atomic_file import write_bytes_atomically

    target = _cache_file(key)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_bytes_atomically(target, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
