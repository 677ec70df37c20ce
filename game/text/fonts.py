"""Fonts: the Noto Sans family in `assets/fonts` (SIL OFL), for the map, the counters and every
widget, so French accents render everywhere. Falls back to pygame's default font if a file is
missing or unreadable.

Noto Sans lacks some symbols (★ ▲ ● ✕ ⚑ →, see `assets/README.md`): the game draws such shapes
with `pygame.draw` and writes × and » instead.
"""

from __future__ import annotations

import contextlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.assets import FONTS_DIR, asset

if TYPE_CHECKING:
    import pygame_gui

FAMILY = "game_sans"  # the name `game/theme.json` gives this family for pygame_gui
STYLES = ("regular", "bold", "italic", "bold_italic")
_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
    "bold_italic": "NotoSans-BoldItalic.ttf",
}


def font_path(style: str = "regular") -> Path | None:
    return asset(FONTS_DIR, _FILES.get(style, _FILES["regular"]))


def register(manager: pygame_gui.UIManager) -> None:
    """Tell pygame_gui where the family's files are, before the theme that names it loads."""
    paths = [font_path(style) for style in STYLES]
    if paths[0] is not None:
        manager.add_font_paths(FAMILY, *(str(p or paths[0]) for p in paths))


def font(size: int, style: str = "regular") -> pygame.font.Font:
    """A cached font of `size` pixels in `style` (regular, bold, italic, bold_italic).

    A font dies with `pygame.quit()` (the window's, a test's, a screenshot's): the cache is
    forgotten then, so a later drawing never gets a dead one. pygame calls a quit hook once,
    so it is registered again with the first font after each quit."""
    global _forget_at_quit
    if not _forget_at_quit:
        pygame.register_quit(_forget)
        _forget_at_quit = True
    return _load(size, style)


_forget_at_quit = False


def _forget() -> None:
    global _forget_at_quit
    _load.cache_clear()
    _forget_at_quit = False


@lru_cache(maxsize=128)
def _load(size: int, style: str) -> pygame.font.Font:
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
