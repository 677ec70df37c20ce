"""Where saved games live and how the load dialog lists them.

The engine writes and reads the save itself (`engine.save`: atomic, versioned, checked against
the scenario); this module only names slots, lists them and keeps a small side file with who
plays each side (game/players.py), which the engine's format does not carry: a save without
one (an older save) loads with the default players; a damaged one is refused, never guessed.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from engine.atomic_file import write_text_atomically
from engine.guarded_read import MissingFile, UnreadableFile, read_json
from engine.user_dirs import data_dir
from game.players import PlayersError, SavedPlayers, players_from_meta, players_meta

AUTOSAVE = "autosave"
MAX_META_BYTES = 64_000  # who controls each side: a few hundred bytes


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
    """The save's side file; {} when it has none (an older save); `PlayersError` (one line)
    when there is one that cannot be read or is not what a side file holds."""
    try:
        data = read_json(meta_path(save), MAX_META_BYTES)
    except MissingFile:
        return {}
    except UnreadableFile as exc:
        raise PlayersError(f"cannot read who plays each side: {exc}") from None
    if not isinstance(data, dict):
        raise PlayersError(f"{meta_path(save)} is damaged: it holds no choice of players")
    return data


def write_players(save: Path, players: SavedPlayers) -> None:
    """Keep who plays each side beside the save (see `write_meta`)."""
    write_meta(save, players_meta(players))


def read_players(save: Path, sides: list[str], plan_sides: frozenset[str],
                 difficulties: tuple[str, ...], difficulty: str) -> SavedPlayers:
    """Who plays each side of the game saved at `save`, checked (game/players.py);
    `PlayersError` says what is wrong with a side file that cannot be used."""
    return players_from_meta(read_meta(save), str(meta_path(save)), sides, plan_sides,
                             difficulties, difficulty)


def _label_info(path: Path) -> str:
    """`  ·  DATE  ·  turn N` from the save's header, or why it cannot be read."""
    from engine.save import MAX_SAVE_BYTES  # here: the menu starts without the engine

    try:
        head = read_json(path, MAX_SAVE_BYTES)
    except UnreadableFile as exc:
        return f"  ·  unreadable: {exc.reason}"
    if not isinstance(head, dict):
        return "  ·  unreadable: not a saved game"
    turn, date = head.get("turn"), head.get("date")
    if not isinstance(turn, int) or isinstance(turn, bool) or turn < 0 \
            or not isinstance(date, str):
        return "  ·  unreadable: no turn or date"
    return f"  ·  {date[:10]}  ·  turn {turn + 1}"


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
        info = _label_info(path)
        try:
            stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(mtime))
        except (OverflowError, OSError, ValueError):  # a time stamp no calendar holds
            stamp = "?"
        out.append((mtime, f"{path.stem}{info}  ·  {stamp}", str(path)))
    out.sort(reverse=True)
    return [(label, path) for _, label, path in out]
