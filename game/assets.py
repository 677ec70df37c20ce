"""Where the game's fonts, icons and sounds live: the `assets/` folder beside `game/`.

Found from this file's place, like the shipped scenarios (`engine/format/shipped.py`), so the
game finds them from a checkout, an editable install or a copy of the source tree, whatever the
current directory. A missing file is never fatal: `asset` says None and the caller does without.
"""

from __future__ import annotations

from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parents[1] / "assets"
FONTS_DIR = ASSETS_DIR / "fonts"
ICONS_DIR = ASSETS_DIR / "icons"
SOUNDS_DIR = ASSETS_DIR / "sounds"


def asset(folder: Path, name: str) -> Path | None:
    """`folder/name` if that file exists, else None."""
    path = folder / name
    return path if path.is_file() else None
