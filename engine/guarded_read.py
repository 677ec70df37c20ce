"""Reading a file the user (or anyone) could have put there, without hanging, swelling or crashing.

Every file the program reads goes through here: saves and their side files, settings, batch
summaries, scenario and ruleset files, the modding guide. A file is opened without waiting
(a FIFO would otherwise block until someone writes to it), must be a regular file (not a
folder, a FIFO or a device such as `/dev/zero`), is read up to a size limit only, must be UTF-8
text, and JSON must be plain data: no NaN or Infinity, no integer longer than `MAX_INT_DIGITS`
digits, nesting no deeper than `MAX_JSON_DEPTH`. Every refusal is `UnreadableFile`, whose
message is one line naming the file and what is wrong with it (`MissingFile` when there is
none).
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

MAX_JSON_DEPTH = 64  # a save is 4 deep, a summary 4: anything deeper is not ours
MAX_INT_DIGITS = 30  # a seed or a count; 5,000-digit integers are only there to hurt
CHUNK = 1 << 20


class UnreadableFile(Exception):
    """A file that cannot be read safely; `str()` is one line: `PATH: reason`."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class MissingFile(UnreadableFile):
    """Nothing at all at that path."""


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


def read_bytes(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`, at most `max_bytes` of them."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        raise MissingFile(path, "no such file") from None
    except OSError as exc:
        raise UnreadableFile(path, f"cannot open it ({exc.strerror or exc})") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile(path, "this is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(path, "this is not a regular file (a pipe or a device?)")
        if info.st_size > max_bytes:
            raise UnreadableFile(path, f"the file is {_size(info.st_size)}, over the "
                                       f"{_size(max_bytes)} this kind of file may hold")
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(handle, min(CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read it ({exc.strerror or exc})") from None
    finally:
        os.close(handle)
    if total > max_bytes:
        raise UnreadableFile(path, f"the file grew past {_size(max_bytes)} while being read")
    return b"".join(chunks)


def read_text(path: str | Path, max_bytes: int) -> str:
    """The UTF-8 text (a leading byte-order mark dropped) of the file at `path`."""
    raw = read_bytes(path, max_bytes)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(path, f"not UTF-8 text (byte {exc.start:,} cannot be decoded)") \
            from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number this file may hold")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"an integer of {len(text):,} digits is more than "
                         f"{MAX_INT_DIGITS} digits")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is too large a number")
    return value


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                items = value.values() if isinstance(value, dict) else value
                stack.extend((item, level + 1) for item in items)
    return deepest


def parse_json(text: str, source: str | Path) -> Any:
    """JSON text as plain data, with the limits above; `source` names it in messages."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_int=_int,
                          parse_float=_float)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(source, f"damaged or truncated: not valid JSON ({exc.msg} at line "
                                     f"{exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise UnreadableFile(source, f"not plain data (nested more than {MAX_JSON_DEPTH} "
                                     "deep)") from None
    except ValueError as exc:
        raise UnreadableFile(source, f"not plain data ({exc})") from None
    if _depth(data) > MAX_JSON_DEPTH:
        raise UnreadableFile(source, f"not plain data (nested more than {MAX_JSON_DEPTH} deep)")
    return data


def read_json(path: str | Path, max_bytes: int) -> Any:
    """The JSON data in the file at `path` (see the module's docstring for the limits)."""
    return parse_json(read_text(path, max_bytes), path)
