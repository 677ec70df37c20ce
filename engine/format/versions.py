"""Versions of the scenario format: what each one changed, and how older files are upgraded.

When the format changes, bump `engine.format.scenario.FORMAT_VERSION`, say what changed in
`CHANGES`,
and either register a migration from the previous version in `MIGRATIONS` (the file then loads
with a notice telling the modder to update it) or register none (the file is refused with a
message listing every change since its version, so the modder knows what to edit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.format.scenario import FORMAT_VERSION

RawScenario = dict[str, Any]

CHANGES: dict[int, str] = {
    1: "first published version: map with areas and lines, places, sides, formations, units, "
    "supply, weather, events, victory objectives with strongpoints, AI settings, history",
}

# MIGRATIONS[n] turns the raw data of a version-n file into version n + 1.
MIGRATIONS: dict[int, Callable[[RawScenario], RawScenario]] = {}


class FormatVersionError(ValueError):
    """The file's format version cannot be read by this game."""


def upgrade(data: RawScenario, current: int = FORMAT_VERSION) -> tuple[RawScenario, list[str]]:
    """The data brought up to `current`, and the notices to show the modder.

    Raises `FormatVersionError` for a version that is newer than the game, not a whole number,
    or older with no migration path.
    """
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise FormatVersionError(
            f"format_version must be a whole number; this game reads version {current}"
        )
    if version > current:
        raise FormatVersionError(
            f"format_version {version} is newer than this game, which reads version {current}: "
            "update the game to load this scenario"
        )
    notices: list[str] = []
    while version < current:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise FormatVersionError(
                f"format_version {version} is too old to load and cannot be upgraded "
                f"automatically; since then: {_changes_since(version, current)}"
            )
        data = {**migrate(dict(data)), "format_version": version + 1}
        notices.append(
            f"upgraded from format_version {version} to {version + 1} "
            f"({CHANGES.get(version + 1, 'see the modding guide')}); "
            f"set format_version: {current} after checking the file"
        )
        version += 1
    return data, notices


def _changes_since(version: int, current: int) -> str:
    return "; ".join(
        f"version {v}: {CHANGES.get(v, 'see the modding guide')}"
        for v in range(max(version + 1, 1), current + 1)
    )
