"""Pictures written to disk: a Surface encoded as PNG in memory, then put in place atomically."""

from __future__ import annotations

import io
from pathlib import Path

import pygame

from engine.atomic_file import write_bytes_atomically


def write_png(surface: pygame.Surface, path: Path) -> None:
    """Write `surface` to `path` as PNG, whole or not at all; OSError if it cannot be."""
    buffer = io.BytesIO()
    try:
        pygame.image.save(surface, buffer, "png")
    except pygame.error as exc:
        raise OSError(str(exc)) from exc
    write_bytes_atomically(path, buffer.getvalue())
