"""Where saved games live and how the load dialog lists them.

The engine writes and reads the save itself (`engine.save`: atomic, versioned, checked against
the scenario); this module only names slots, lists them and keeps a small side file with who
controls each side, which the engine's format does not carry.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from engine.atomic_file import write_text_atomically
from engine.user_dirs import data_dir

AUTOSAVE = "autosave"


def saves_dir() -> Path:
    """`$XDG_DATA_HOME/channel_ports_1944/saves`, else `~/.local/share/.../saves`."""
    return data_dir() / "saves"


def slot_path(name: str) -> Path:
    """The file of a named slot; the name is reduced to safe characters."""
    safe = re.sub(r"[^A-Za-z0-9 _-]+", "", name).strip().replace(" ", "_")[:40] or "save"
    return saves_dir() / f"{safe}.json"


def meta_path(save: Path) -> Path:
    return save.with_suffix(".meta.json")


def write_meta(save: Path, meta: dict[str, object]) -> None:
    try:
        write_text_atomically(meta_path(save), json.dumps(meta, indent=1))
    except OSError:
        return  # the save itself is what matters; controllers fall back to defaults


def read_meta(save: Path) -> dict[str, object]:
    try:
        data = json.loads(meta_path(save).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def list_saves() -> list[tuple[str, str]]:
    """(label, path) for every save, newest first; labels show turn, date and time saved."""
    folder = saves_dir()
    try:
        files = [p for p in folder.glob("*.json") if not p.name.endswith(".meta.json")]
    except OSError:
        return []
    out: list[tuple[float, str, str]] = []
    for path in files:
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        info = ""
        try:
            with path.open(encoding="utf-8") as handle:
                head = json.loads(handle.read(2_000_000))
            if isinstance(head, dict):
                info = f"  ·  {head.get('date', '?')}  ·  turn {int(head.get('turn', 0)) + 1}"
        except (OSError, ValueError, TypeError):
            info = "  ·  ?"
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(mtime))
        out.append((mtime, f"{path.stem}{info}  ·  {stamp}", str(path)))
    out.sort(reverse=True)
    return [(label, path) for _, label, path in out]
