"""Fonts for the map and counters: the Noto Sans family that pygame_gui already ships (SIL OFL),
so French accents render and nothing extra is bundled. Falls back to pygame's default font.
"""

from __future__ import annotations

import contextlib
from functools import lru_cache
from pathlib import Path

import pygame

_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
    "bold_italic": "NotoSans-BoldItalic.ttf",
}


def font_dir() -> Path:
    import pygame_gui

    return Path(pygame_gui.__file__).resolve().parent / "data"


def font_path(style: str = "regular") -> Path | None:
    path = font_dir() / _FILES.get(style, _FILES["regular"])
    return path if path.is_file() else None


def reset() -> None:
    """Forget cached fonts (they die with `pygame.quit()`); called when a window opens."""
    font.cache_clear()


@lru_cache(maxsize=128)
def font(size: int, style: str = "regular") -> pygame.font.Font:
    """A cached font of `size` pixels in `style` (regular, bold, italic, bold_italic)."""
    if not pygame.font.get_init():
        pygame.font.init()
    size = max(6, int(size))
    path = font_path(style)
    if path is not None:
        with contextlib.suppress(OSError, pygame.error):  # unreadable: use pygame's own font
            return pygame.font.Font(str(path), size)
    fallback = pygame.font.Font(None, int(size * 1.3))
    fallback.bold = "bold" in style
    fallback.italic = "italic" in style
    return fallback


def halo_text(
    text: str,
    size: int,
    colour: tuple[int, int, int],
    halo: tuple[int, int, int, int] | None = (245, 240, 225, 210),
    style: str = "regular",
) -> pygame.Surface:
    """Text with a soft outline so it stays readable over any terrain."""
    face = font(size, style)
    core = face.render(text, True, colour)
    if halo is None:
        return core
    edge = face.render(text, True, halo[:3])
    edge.set_alpha(halo[3])
    width, height = core.get_width() + 4, core.get_height() + 4
    out = pygame.Surface((width, height), pygame.SRCALPHA)
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1),
                   (-2, 0), (2, 0), (0, -2), (0, 2)):
        out.blit(edge, (2 + dx, 2 + dy))
    out.blit(core, (2, 2))
    return out
