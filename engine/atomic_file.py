"""Writing a file so that a crash or a full disk never leaves half of it behind.

The text goes to a temporary file in the target's folder, is flushed to disk, and then replaces
the target in one `os.replace`; on any failure the temporary file is removed and the target is
left exactly as it was. Saves, settings, generated maps and the modding guide all use it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) in one step; raises OSError and changes nothing."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
