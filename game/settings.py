"""Player settings remembered between runs, in a small JSON file under the user's config folder.

Kept free of pygame so the command line and the tests can read and write it cheaply. A damaged
or unreadable file never stops the game: the defaults are used and the file is rewritten on the
next save.
"""

from __future__ import annotations

import contextlib
import json
import locale
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from engine.ai.difficulty import difficulty_names
from engine.atomic_file import write_text_atomically
from engine.guarded_read import UnreadableFile, read_json
from engine.user_dirs import config_dir

LANGUAGES = ("en", "fr")
DIFFICULTIES = tuple(difficulty_names())  # the AI profiles of engine/ai/profiles.yaml
MAX_SETTINGS_BYTES = 64_000  # seven values: anything bigger is not a settings file
MIN_WINDOW = (800, 600)
MAX_WINDOW = (7680, 4320)  # an 8K screen: a window larger than any screen only eats memory


def system_language() -> str:
    """`fr` when the system locale is French, else `en`."""
    candidates = [os.environ.get(name, "") for name in ("LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(ValueError):
        candidates.append(locale.getlocale()[0] or "")
    for value in candidates:
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


@dataclass
class Settings:
    language: str = "en"
    difficulty: str = "normal"
    fullscreen: bool = False
    edge_scroll: bool = True
    animate_ai: bool = True
    sound: bool = True
    tour_done: bool = False  # the guided first turn has been offered (it is, once)
    window_width: int = 1600
    window_height: int = 900

    @classmethod
    def defaults(cls) -> Settings:
        return cls(language=system_language())

    def normalised(self) -> Settings:
        """A copy with every value inside its allowed range."""
        return Settings(
            language=self.language if self.language in LANGUAGES else "en",
            difficulty=self.difficulty if self.difficulty in DIFFICULTIES else "normal",
            fullscreen=bool(self.fullscreen),
            edge_scroll=bool(self.edge_scroll),
            animate_ai=bool(self.animate_ai),
            sound=bool(self.sound),
            tour_done=bool(self.tour_done),
            window_width=min(max(int(self.window_width), MIN_WINDOW[0]), MAX_WINDOW[0]),
            window_height=min(max(int(self.window_height), MIN_WINDOW[1]), MAX_WINDOW[1]),
        )


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults if there is no readable file."""
    path = path or settings_path()
    defaults = Settings.defaults()
    try:
        data = read_json(path, MAX_SETTINGS_BYTES)
    except UnreadableFile:
        return defaults
    if not isinstance(data, dict):
        return defaults
    known = {f.name: f.type for f in fields(Settings)}
    values = asdict(defaults)
    for key, value in data.items():
        if key in known and isinstance(value, type(values[key])):
            values[key] = value
    try:
        return Settings(**values).normalised()
    except (TypeError, ValueError):
        return defaults


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, json.dumps(asdict(settings.normalised()), indent=2))
