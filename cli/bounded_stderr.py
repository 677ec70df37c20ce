"""Every line a command writes to stderr kept to a readable length.

An error names what the user gave it (a file, an id, a value), and that can be anything: a
40 MB id must not become a 40 MB error line. Each line (ended by a newline or a carriage
return, as a progress bar redraws itself) is cut at `MAX_LINE_CHARS`, saying how much was cut.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

MAX_LINE_CHARS = 1_000
LINE_END = re.compile(r"([\r\n])")


class BoundedLines:
    """A text stream that passes lines through to `out`, each cut at `limit` characters."""

    def __init__(self, out: TextIO, limit: int = MAX_LINE_CHARS) -> None:
        self.out, self.limit = out, limit
        self.column = 0  # characters written on the current line
        self.cut = 0  # characters left out of the current line

    def write(self, text: str) -> int:
        for piece in _pieces(text):
            if piece in ("\n", "\r"):
                if self.cut:
                    self.out.write(f"… ({self.cut:,} more characters)")
                self.out.write(piece)
                self.column = self.cut = 0
                continue
            room = max(0, self.limit - self.column)
            self.out.write(piece[:room])
            self.column += min(room, len(piece))
            self.cut += max(0, len(piece) - room)
        return len(text)

    def flush(self) -> None:
        self.out.flush()

    def __getattr__(self, name: str) -> object:  # isatty, fileno, encoding...: the stream's
        return getattr(self.out, name)


def _pieces(text: str) -> Iterator[str]:
    """The text between line ends, and each line end on its own."""
    return (piece for piece in LINE_END.split(text) if piece)


@contextmanager
def bounded_stderr(limit: int = MAX_LINE_CHARS) -> Iterator[None]:
    """Within the block, `sys.stderr` cuts long lines (see the module's docstring)."""
    real = sys.stderr
    sys.stderr = BoundedLines(real, limit)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stderr = real
