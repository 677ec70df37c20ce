"""Map markers that change during play: fortification works and objectives.

Works are drawn in the classic wargame way, a hex outline with teeth pointing inwards, heavier
for each level (field works → bunkers → casemates → fortress); objectives are a star in the
colour of the side that holds them, with the date history says they fell. Surfaces are cached
per zoom and look.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pygame

from game.map.camera import hex_corners
from game.palette import INK, PAPER, RGB, darker
from game.text.fonts import halo_text

WORKS_INK: RGB = (52, 44, 40)


@lru_cache(maxsize=256)
def works_symbol(radius: int, level: int) -> pygame.Surface:
    """Toothed hex ring for a fortification level 1..4+ (level 0 draws nothing)."""
    size = 2 * radius + 4
    out = pygame.Surface((size, size), pygame.SRCALPHA)
    if level <= 0:
        return out
    c = size / 2
    inset = radius * 0.78
    corners = hex_corners(c, c, inset)
    width = 1 if level == 1 else 2 if level < 4 else 3
    if radius < 12:
        width = max(1, width - 1)
    colour = (*WORKS_INK, 235)
    if level == 1:
        # field works: a dashed ring
        for a, b in zip(corners, corners[1:] + corners[:1], strict=False):
            for t0 in (0.0, 0.4, 0.8):
                t1 = min(1.0, t0 + 0.22)
                pygame.draw.line(out, colour, _lerp(a, b, t0), _lerp(a, b, t1), width)
        return out
    pygame.draw.polygon(out, colour, corners, width)
    teeth = {2: 2, 3: 3}.get(level, 4)
    length = radius * (0.13 + 0.03 * min(level, 4))
    for a, b in zip(corners, corners[1:] + corners[:1], strict=False):
        for i in range(teeth):
            t = (i + 0.5) / teeth
            px, py = _lerp(a, b, t)
            ix, iy = c - px, c - py
            norm = math.hypot(ix, iy) or 1.0
            pygame.draw.line(out, colour, (px, py),
                             (px + ix / norm * length, py + iy / norm * length), width)
    if level >= 4:
        pygame.draw.polygon(out, colour, hex_corners(c, c, inset + max(2, radius * 0.08)), 1)
    return out


def _lerp(a: tuple[float, float], b: tuple[float, float], t: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def _star_points(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + 36 * i)
        pts.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return pts


@lru_cache(maxsize=256)
def objective_symbol(radius: int, holder: RGB, points: int, caption: str) -> pygame.Surface:
    """A star in the holder's colour with a ring (bigger for objectives worth more points), and
    an optional caption (the history date)."""
    r = max(5.0, radius * 0.3 * (0.85 + 0.35 * min(max(points, 0), 50) / 50))
    text = halo_text(caption, max(9, round(radius * 0.36)), (110, 20, 20), style="bold_italic") \
        if caption and radius >= 16 else None
    width = max(int(2 * r + 4), text.get_width() if text else 0)
    height = int(2 * r + 4) + (text.get_height() if text else 0)
    out = pygame.Surface((width, height), pygame.SRCALPHA)
    cx, cy = width / 2, r + 2
    pygame.draw.circle(out, (*PAPER, 230), (cx, cy), r + 1)
    pygame.draw.circle(out, (150, 24, 24), (cx, cy), r + 1, max(1, round(r / 5)))
    star = _star_points(cx, cy, r * 0.8, r * 0.36)
    pygame.draw.polygon(out, holder, star)
    pygame.draw.polygon(out, darker(holder, 0.5), star, 1)
    if text is not None:
        out.blit(text, (cx - text.get_width() / 2, 2 * r + 2))
    return out


@lru_cache(maxsize=64)
def hex_fill(radius: int, colour: tuple[int, int, int, int], width: int = 0) -> pygame.Surface:
    """A translucent filled (or outlined) hex, for highlights and overlays."""
    w = math.ceil(math.sqrt(3) * radius) + 2
    h = 2 * radius + 2
    out = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.polygon(out, colour, hex_corners(w / 2, h / 2, radius - 0.5), width)
    return out


def draw_label_box(surface: pygame.Surface, lines: list[str], pos: tuple[int, int],
                   size: int = 14, bounds: pygame.Rect | None = None,
                   avoid: list[pygame.Rect] | None = None) -> pygame.Rect:
    """A small paper box of text next to the cursor (move cost, combat odds), inside `bounds`
    (the window if None): below right of the cursor, or on the side where it fits, never under
    the cursor unless the box is wider or taller than half the space; clear of the `avoid`
    boxes (those already drawn) where there is room."""
    from game.text.fonts import font

    face = font(size, "bold")
    rendered = [face.render(line, True, INK) for line in lines]
    area = bounds or surface.get_rect()
    rect = box_beside(pos, _paper_size(rendered, 6, 4), area)
    if avoid:
        rect = clear_of(rect, avoid, area)
    return _paper_box(surface, rendered, rect, 6, 4, border=1)


def clear_of(rect: pygame.Rect, avoid: list[pygame.Rect], bounds: pygame.Rect) -> pygame.Rect:
    """`rect` slid down past the boxes it overlaps, or up if that leaves `bounds`; where neither
    way finds room, where it was (a box over another beats a box off the map)."""
    for step in (1, -1):
        moved = rect.copy()
        for _ in range(len(avoid) + 1):
            hit = moved.collidelist(avoid)
            if hit < 0:
                if bounds.contains(moved):
                    return moved
                break
            if step > 0:
                moved.top = avoid[hit].bottom + 2
            else:
                moved.bottom = avoid[hit].top - 2
    return rect


def _paper_size(rendered: list[pygame.Surface], pad_x: int, pad_y: int) -> tuple[int, int]:
    return (max(r.get_width() for r in rendered) + 2 * pad_x,
            sum(r.get_height() for r in rendered) + 2 * pad_y)


def _paper_box(surface: pygame.Surface, rendered: list[pygame.Surface], rect: pygame.Rect,
               pad_x: int, pad_y: int, border: int) -> pygame.Rect:
    """Rendered lines on a paper rectangle with an ink border, one under the other."""
    pygame.draw.rect(surface, PAPER, rect, border_radius=4)
    pygame.draw.rect(surface, INK, rect, border, border_radius=4)
    y = rect.top + pad_y
    for r in rendered:
        surface.blit(r, (rect.left + pad_x, y))
        y += r.get_height()
    return rect


def box_beside(pos: tuple[int, int], size: tuple[int, int], bounds: pygame.Rect) -> pygame.Rect:
    """Where a box of `size` goes next to the cursor at `pos`: below and right of it, flipped
    left or above where it would leave `bounds`, then kept inside them."""
    width, height = size
    x = pos[0] + 16
    if x + width > bounds.right:
        x = pos[0] - 8 - width
    y = pos[1] + 12
    if y + height > bounds.bottom:
        y = pos[1] - 8 - height
    rect = pygame.Rect(x, y, width, height)
    return rect.clamp(bounds)


REFUSAL = (70, 30, 20)  # the notice's colour when an order is refused
BANNER = (40, 56, 30)  # and when a place or an objective falls


def draw_notice(surface: pygame.Surface, text: str, area: pygame.Rect,
                fill: RGB = REFUSAL) -> pygame.Rect:
    """A message the player must read now, in a dark box at the top of `area` (the map),
    wrapped to the area's width."""
    from game.text.fonts import font

    face = font(16, "bold")
    room = max(120, area.width - 60)
    lines: list[str] = []
    for word in text.split():
        if lines and face.size(f"{lines[-1]} {word}")[0] <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    rendered = [face.render(line, True, PAPER) for line in lines]
    width = max(r.get_width() for r in rendered) + 28
    height = sum(r.get_height() for r in rendered) + 14
    rect = pygame.Rect(0, 0, width, height)
    rect.midtop = (area.centerx, area.top + 14)
    pygame.draw.rect(surface, fill, rect, border_radius=5)
    pygame.draw.rect(surface, INK, rect, 2, border_radius=5)
    y = rect.top + 7
    for line in rendered:
        surface.blit(line, line.get_rect(midtop=(rect.centerx, y)))
        y += line.get_height()
    return rect


def draw_story(surface: pygame.Surface, lines: list[str], area: pygame.Rect,
               bottom: bool = False) -> pygame.Rect:
    """A paper sheet in the map's top-left corner (bottom-left with `bottom`), the first line
    as its title, lines starting with a space as plain text under bold headings; lines too
    wide for half the map are cut with an ellipsis. The start-of-turn summary, the legend."""
    from game.text.fonts import font

    title, body = font(15, "bold"), font(13)
    room = max(240, area.width // 2 - 40)
    rendered = [title.render(lines[0], True, INK)]
    for line in lines[1:]:
        face = body if line.startswith(" ") else font(13, "bold")
        while len(line) > 8 and face.size(line)[0] > room:
            line = line[:-2].rstrip() + "…"
        rendered.append(face.render(line, True, INK))
    rect = pygame.Rect((area.left + 12, area.top + 12), _paper_size(rendered, 10, 8))
    if bottom:
        rect.bottom = area.bottom - 12
    return _paper_box(surface, rendered, rect, 10, 8, border=2)
