"""NATO-style unit counters: an APP-6 frame with the type symbol, the size marker above it,
side and nation colours, the short name, a strength bar and status marks.

The symbol and echelon come from the ruleset's unit type, the colours from the scenario and the
status (out of supply, encircled, suppressed, broken, spent) from engine state; this module only
draws them. Counters are cached per look and size, so a frame is a blit per unit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.palette import INK, PAPER, RGB, darker, ink_on, lighter
from game.text.fonts import font

MARKS = ("out_of_supply", "encircled", "suppressed", "broken", "spent")
ECHELON_MARKS = {"company": "I", "battalion": "II", "regiment": "III", "brigade": "X",
                 "division": "XX"}


@dataclass(frozen=True)
class CounterLook:
    """Everything that decides how one counter looks (its cache key)."""

    symbol: str
    echelon: str
    fill: RGB
    stripe: RGB
    label: str
    strength_share: float  # 0..1 of full establishment, rounded by the caller
    marks: frozenset[str] = frozenset()
    men: int = 0  # shown as a number on large counters


def strength_colour(share: float) -> RGB:
    if share >= 0.7:
        return (70, 150, 60)
    if share >= 0.4:
        return (220, 170, 40)
    return (200, 50, 40)


class CounterCache:
    """Counter surfaces by (look, size); cleared when it grows past `limit`."""

    def __init__(self, limit: int = 2000) -> None:
        self.limit = limit
        self._cache: dict[tuple[CounterLook, int], pygame.Surface] = {}

    def get(self, look: CounterLook, size: int) -> pygame.Surface:
        key = (look, size)
        surface = self._cache.get(key)
        if surface is None:
            if len(self._cache) >= self.limit:
                self._cache.clear()
            surface = draw_counter(look, size)
            self._cache[key] = surface
        return surface

    def __len__(self) -> int:
        return len(self._cache)


def draw_counter(look: CounterLook, size: int) -> pygame.Surface:
    """One counter `size` pixels square, plus a 2-pixel drop shadow."""
    size = max(8, size)
    shadow = 2 if size >= 16 else 1
    out = pygame.Surface((size + shadow, size + shadow), pygame.SRCALPHA)
    pygame.draw.rect(out, (0, 0, 0, 110), (shadow, shadow, size, size),
                     border_radius=max(1, size // 10))
    body = pygame.Rect(0, 0, size, size)
    fill = look.fill
    if "spent" in look.marks:
        fill = darker(fill, 0.25)
    pygame.draw.rect(out, fill, body, border_radius=max(1, size // 10))
    # bevel: light top/left, dark bottom/right, like printed card stock
    if size >= 20:
        pygame.draw.line(out, lighter(fill, 0.35), (2, 1), (size - 3, 1))
        pygame.draw.line(out, lighter(fill, 0.35), (1, 2), (1, size - 3))
        pygame.draw.line(out, darker(fill, 0.35), (2, size - 2), (size - 3, size - 2))
        pygame.draw.line(out, darker(fill, 0.35), (size - 2, 2), (size - 2, size - 3))
    if look.stripe != look.fill:
        stripe_w = max(2, size // 9)
        pygame.draw.rect(out, look.stripe, (0, 0, stripe_w, size),
                         border_top_left_radius=max(1, size // 10),
                         border_bottom_left_radius=max(1, size // 10))
    border = (190, 30, 30) if "encircled" in look.marks and size >= 24 else darker(fill, 0.55)
    pygame.draw.rect(out, border, body, 1, border_radius=max(1, size // 10))

    ink = ink_on(fill)
    box_w = round(size * 0.62)
    box_h = round(size * 0.40)
    box = pygame.Rect(0, 0, box_w, box_h)
    box.centerx = size // 2 + (size // 18 if look.stripe != look.fill else 0)
    box.top = round(size * 0.22)
    if size < 18:
        box.top = round(size * 0.16)
        box.height = round(size * 0.5)
    pygame.draw.rect(out, PAPER, box)
    line_w = 1 if size < 34 else 2
    _SYMBOLS.get(look.symbol, _infantry)(out, box, line_w)
    pygame.draw.rect(out, INK, box, line_w)
    if size >= 18:
        _echelon(out, look.echelon, box.centerx, box.top - 2, size, ink)
    if size >= 26 and look.label:
        face = font(max(8, round(size * 0.24)), "bold")
        text = face.render(look.label, True, ink)
        if text.get_width() > size - 6:
            text = pygame.transform.smoothscale(
                text, (size - 6, max(1, round(text.get_height() * (size - 6) / text.get_width())))
            )
        out.blit(text, (box.centerx - text.get_width() / 2, box.bottom + max(0, size // 40)))
    # strength bar along the bottom
    bar_h = max(2, size // 12)
    bar_w = size - 6 if size >= 16 else size - 2
    bar_x = (size - bar_w) // 2
    bar_y = size - bar_h - (3 if size >= 16 else 1)
    share = min(max(look.strength_share, 0.0), 1.0)
    pygame.draw.rect(out, darker(fill, 0.6), (bar_x, bar_y, bar_w, bar_h))
    filled = (bar_x, bar_y, max(1, round(bar_w * share)), bar_h)
    pygame.draw.rect(out, strength_colour(share), filled)
    if size >= 50 and look.men > 0:
        number = font(max(8, round(size * 0.17)), "bold").render(
            f"{look.men / 1000:.1f}k" if look.men >= 1000 else str(look.men), True, ink)
        out.blit(number, (max(3, size // 12) + (size // 9 if look.stripe != look.fill else 0), 2))
    _status_marks(out, look.marks, size)
    return out


# --- echelon (size) markers ------------------------------------------------------------------
def _echelon(out: pygame.Surface, echelon: str, cx: int, bottom: int, size: int, ink: RGB) -> None:
    mark = ECHELON_MARKS.get(echelon, "")
    h = max(3, round(size * 0.13))
    gap = max(2, round(size * 0.07))
    w = 1 if size < 40 else 2
    if mark.startswith("X"):
        count = len(mark)
        total = count * h + (count - 1) * gap
        x = cx - total / 2
        for _ in range(count):
            pygame.draw.line(out, ink, (x, bottom - h), (x + h, bottom), w + 1)
            pygame.draw.line(out, ink, (x, bottom), (x + h, bottom - h), w + 1)
            x += h + gap
    else:
        count = len(mark)
        total = (count - 1) * gap
        x = cx - total / 2
        for _ in range(count):
            pygame.draw.line(out, ink, (x, bottom - h), (x, bottom), w + 1)
            x += gap


# --- APP-6 type symbols inside the frame ------------------------------------------------------
def _infantry(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    pygame.draw.line(s, INK, b.topleft, (b.right - 1, b.bottom - 1), w)
    pygame.draw.line(s, INK, (b.left, b.bottom - 1), (b.right - 1, b.top), w)


def _oval(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    pygame.draw.ellipse(s, INK, b.inflate(-b.width * 0.36, -b.height * 0.4), w)


def _armour(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    _oval(s, b, w)


def _mechanised(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    _infantry(s, b, w)
    _oval(s, b, w)


def _recce(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    pygame.draw.line(s, INK, (b.left, b.bottom - 1), (b.right - 1, b.top), w)


def _artillery(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    pygame.draw.circle(s, INK, b.center, max(1.5, b.height * 0.18))


def _anti_tank(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    pygame.draw.line(s, INK, (b.left, b.bottom - 1), (b.centerx, b.top), w)
    pygame.draw.line(s, INK, (b.centerx, b.top), (b.right - 1, b.bottom - 1), w)


def _engineers(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    inner = b.inflate(-b.width * 0.4, -b.height * 0.5)
    pygame.draw.line(s, INK, inner.topleft, inner.topright, w)
    for x in (inner.left, inner.centerx, inner.right):
        pygame.draw.line(s, INK, (x, inner.top), (x, inner.bottom), w)


def _assault_armour(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    _oval(s, b, w)
    inner = b.inflate(-b.width * 0.62, -b.height * 0.62)
    pygame.draw.line(s, INK, inner.topleft, inner.topright, w)
    for x in (inner.left, inner.centerx, inner.right):
        pygame.draw.line(s, INK, (x, inner.top), (x, inner.bottom), w)


def _coastal(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    cx, cy = b.centerx, b.centery - b.height * 0.1
    pygame.draw.circle(s, INK, (cx, cy), max(1.5, b.height * 0.16))
    amp = max(1.0, b.height * 0.08)
    pts = [(b.left + 2 + i * (b.width - 4) / 12,
            b.bottom - b.height * 0.2 + math.sin(i * math.pi / 3) * amp) for i in range(13)]
    pygame.draw.lines(s, INK, False, pts, w)


def _fortress(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    _infantry(s, b, w)
    teeth = 5
    tw = b.width / (2 * teeth)
    th = max(2, b.height * 0.2)
    for i in range(teeth):
        x = b.left + (2 * i + 0.5) * tw
        pygame.draw.rect(s, INK, (x, b.top, tw, th))


def _anti_aircraft(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    arc = pygame.Rect(b.left + b.width * 0.15, b.top + b.height * 0.35, b.width * 0.7,
                      b.height * 1.1)
    pygame.draw.arc(s, INK, arc, 0, math.pi, w)


def _machine_gun(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    top = b.top + b.height * 0.18
    bottom = b.bottom - b.height * 0.15
    pygame.draw.line(s, INK, (b.centerx, top), (b.centerx, bottom), w)
    head = b.height * 0.2
    pygame.draw.polygon(s, INK, [(b.centerx, top), (b.centerx - head * 0.7, top + head),
                                 (b.centerx + head * 0.7, top + head)])
    pygame.draw.line(s, INK, (b.centerx - head, bottom - head * 0.6),
                     (b.centerx + head, bottom - head * 0.6), w)


def _headquarters(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    if b.height >= 12:
        face = font(max(7, round(b.height * 0.55)), "bold")
        text = face.render("HQ", True, INK)
        s.blit(text, (b.centerx - text.get_width() / 2, b.centery - text.get_height() / 2))
    else:
        pygame.draw.line(s, INK, (b.left, b.centery), (b.right - 1, b.centery), w)
    staff_bottom = min(s.get_height() - 4, b.bottom + b.height * 0.45)
    pygame.draw.line(s, INK, (b.left, b.bottom - 1), (b.left, staff_bottom), w + 1)


def _resistance(s: pygame.Surface, b: pygame.Rect, w: int) -> None:
    """The cross of Lorraine, the Free French emblem."""
    cx = b.centerx
    top, bottom = b.top + b.height * 0.12, b.bottom - b.height * 0.12
    pygame.draw.line(s, INK, (cx, top), (cx, bottom), w + 1)
    span = b.height * 0.22
    upper = top + b.height * 0.2
    pygame.draw.line(s, INK, (cx - span, upper), (cx + span, upper), w)
    pygame.draw.line(s, INK, (cx - span * 1.5, top + b.height * 0.42),
                     (cx + span * 1.5, top + b.height * 0.42), w)


_SYMBOLS: dict[str, Callable[[pygame.Surface, pygame.Rect, int], None]] = {
    "infantry": _infantry,
    "armour": _armour,
    "mechanised": _mechanised,
    "reconnaissance": _recce,
    "artillery": _artillery,
    "anti_tank": _anti_tank,
    "engineers": _engineers,
    "assault_armour": _assault_armour,
    "coastal_artillery": _coastal,
    "fortress": _fortress,
    "anti_aircraft": _anti_aircraft,
    "machine_gun": _machine_gun,
    "headquarters": _headquarters,
    "resistance": _resistance,
}


# --- status marks -----------------------------------------------------------------------------
def _status_marks(out: pygame.Surface, marks: frozenset[str], size: int) -> None:
    if size < 16:
        if marks & {"out_of_supply", "broken"}:
            pygame.draw.circle(out, (230, 60, 30), (size - 3, 3), 2)
        elif "encircled" in marks:
            pygame.draw.circle(out, (200, 40, 30), (size - 3, 3), 1.5)
        return
    r = max(3, round(size * 0.12))
    x = size - r - 1
    y = r + 1
    if "out_of_supply" in marks:
        pts = [(x, y - r), (x - r, y + r * 0.8), (x + r, y + r * 0.8)]
        pygame.draw.polygon(out, (250, 200, 40), pts)
        pygame.draw.polygon(out, INK, pts, 1)
        pygame.draw.line(out, INK, (x, y - r * 0.35), (x, y + r * 0.2), 1)
        x -= 2 * r + 1
    if "encircled" in marks:
        pygame.draw.circle(out, (200, 30, 30), (x, y), r)
        pygame.draw.circle(out, (250, 246, 232), (x, y), r * 0.55)
        x -= 2 * r + 1
    if "suppressed" in marks:
        for angle in range(0, 360, 45):
            rad = math.radians(angle)
            pygame.draw.line(out, (235, 120, 20), (x, y),
                             (x + math.cos(rad) * r, y + math.sin(rad) * r), 2)
    if "broken" in marks:
        pygame.draw.line(out, (200, 30, 30), (3, size - 4), (size - 4, 3), max(2, size // 14))
