"""Where the program keeps the user's own files, by the XDG base-directory convention.

Settings go to the config folder, saved games to the data folder and the internal-error log to
the state folder (`~/.local/state/channel_ports_1944/` unless `XDG_STATE_HOME` says otherwise),
never to a fixed name in the shared temporary folder where another run, another user or a
planted symlink could meet it. The tests point every `XDG_*` variable at a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

APP_DIR_NAME = "channel_ports_1944"
ERROR_LOG_NAME = "error.log"
MAX_ERROR_LOG_CHARS = 200_000  # one traceback is a few kB; a runaway message is cut, not kept


def _base(variable: str, *fallback: str) -> Path:
    value = os.environ.get(variable, "")
    # The specification says a relative path in these variables is invalid and must be ignored.
    return Path(value) if value and os.path.isabs(value) else Path.home().joinpath(*fallback)


def config_dir() -> Path:
    """`$XDG_CONFIG_HOME/channel_ports_1944`, else `~/.config/channel_ports_1944`."""
    return _base("XDG_CONFIG_HOME", ".config") / APP_DIR_NAME


def data_dir() -> Path:
    """`$XDG_DATA_HOME/channel_ports_1944`, else `~/.local/share/channel_ports_1944`."""
    return _base("XDG_DATA_HOME", ".local", "share") / APP_DIR_NAME


def state_dir() -> Path:
    """`$XDG_STATE_HOME/channel_ports_1944`, else `~/.local/state/channel_ports_1944`."""
    return _base("XDG_STATE_HOME", ".local", "state") / APP_DIR_NAME


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/channel_ports_1944`, else `~/.cache/channel_ports_1944`: files the
    program can always make again (validated scenarios), safe to delete."""
    return _base("XDG_CACHE_HOME", ".cache") / APP_DIR_NAME


def error_log_path() -> Path:
    return state_dir() / ERROR_LOG_NAME


def record_internal_error(details: str) -> Path | None:
    """Write `details` (a traceback) to the error log; the log's path, or None if it cannot be.

    The log is opened without following a symlink, so a link planted at its name is refused
    rather than written through, and it is readable by its owner only; anything at that name
    that is not a regular file (a FIFO, a device) is left alone.
    """
    path = error_log_path()
    text = details if len(details) <= MAX_ERROR_LOG_CHARS else details[:MAX_ERROR_LOG_CHARS]
    flags = os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle = os.open(path, flags, 0o600)
    except OSError:
        return None
    with contextlib.suppress(OSError), os.fdopen(handle, "w", encoding="utf-8") as out:
        if not stat.S_ISREG(os.fstat(out.fileno()).st_mode):
            return None
        out.truncate(0)
        out.write(text)
        return path
    return None
