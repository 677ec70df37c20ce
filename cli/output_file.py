"""Files a command writes (`--screenshot`, `--png`), checked when the command line is read."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.atomic_file import unwritable_reason


def output_file(text: str) -> Path:
    """An argparse type: the path, or a one-line error before any work is done."""
    path = Path(text)
    reason = unwritable_reason(path)
    if reason is not None:
        raise argparse.ArgumentTypeError(f"cannot write {text}: {reason}")
    return path
