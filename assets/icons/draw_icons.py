"""Draw the game's window icon and toolbar icons into PNG files beside this script.

Why a script rather than hand-made images: the icons then have a known origin and the project's
own licence, they can be rebuilt identically, and one change of palette or line weight reaches
every icon at once.

Run: ``python assets/icons/draw_icons.py`` (needs pygame-ce and numpy; no display: it sets
``SDL_VIDEODRIVER=dummy`` itself). ``--preview FILE`` also writes a sheet of every icon, enlarged,
on the interface's light and dark button colours.

Everything is drawn with pygame.draw primitives on a canvas SUPER times larger than the icon and
then averaged down (with premultiplied alpha, so edges get no dark fringe): that antialiases
filled polygons and thick strokes, which pygame.draw cannot do by itself.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pygame

HERE = Path(__file__).resolve().parent
SUPER = 8  # supersampling factor

RGB = tuple[int, int, int]
Point = tuple[float, float]

# the interface's palette (game/palette.py, game/theme.json)
INK: RGB = (34, 30, 24)
PAPER: RGB = (246, 240, 220)
RED: RGB = (176, 48, 28)
BRASS: RGB = (232, 178, 40)
FLAME: RGB = (244, 132, 24)
STONE: RGB = (58, 54, 46)
SEA: RGB = (28, 84, 128)
SEA_LIGHT: RGB = (110, 160, 196)
SKY_TOP: RGB = (250, 244, 226)
SKY_LOW: RGB = (240, 206, 132)


class Pen:
    """Draws on a supersampled canvas in icon units (one unit = one pixel of the final icon)."""

    def __init__(self, size: int, scale: int) -> None:
        self.size = size
        self.k = scale
        self.surface = pygame.Surface((size * scale, size * scale), pygame.SRCALPHA)
        self.surface.fill((0, 0, 0, 0))

    def _p(self, p: Point) -> tuple[float, float]:
        return p[0] * self.k, p[1] * self.k

    def poly(self, colour: RGB, points: Sequence[Point]) -> None:
        pygame.draw.polygon(self.surface, colour, [self._p(p) for p in points])

    def circle(self, colour: RGB, centre: Point, radius: float) -> None:
        pygame.draw.circle(self.surface, colour, self._p(centre), radius * self.k)

    def ring(self, colour: RGB, centre: Point, radius: float, width: float) -> None:
        """A circle outline `width` units thick, centred on `radius`."""
        self.arc(colour, centre, radius, 0, 360, width, caps=False)

    def rect(self, colour: RGB, x: float, y: float, w: float, h: float, radius: float = 0) -> None:
        k = self.k
        box = pygame.Rect(round(x * k), round(y * k), round(w * k), round(h * k))
        pygame.draw.rect(self.surface, colour, box, border_radius=round(radius * self.k))

    def line(self, colour: RGB, a: Point, b: Point, width: float, caps: bool = True) -> None:
        """A thick straight stroke, with round ends unless `caps` is False."""
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length * width / 2, dx / length * width / 2
        self.poly(colour, [(a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny),
                           (b[0] - nx, b[1] - ny), (a[0] - nx, a[1] - ny)])  # fmt: skip
        if caps:
            self.circle(colour, a, width / 2)
            self.circle(colour, b, width / 2)

    def polyline(self, colour: RGB, points: Sequence[Point], width: float) -> None:
        for a, b in itertools.pairwise(points):
            self.line(colour, a, b, width)

    def arc(self, colour: RGB, centre: Point, radius: float, start: float, end: float,
            width: float, caps: bool = True) -> None:  # fmt: skip
        """A thick arc from `start` to `end` degrees (0 = right, counter-clockwise on screen)."""
        steps = max(8, int(abs(end - start) / 4))
        angles = np.radians(np.linspace(start, end, steps + 1))
        outer = [(centre[0] + (radius + width / 2) * math.cos(a),
                  centre[1] - (radius + width / 2) * math.sin(a)) for a in angles]  # fmt: skip
        inner = [(centre[0] + (radius - width / 2) * math.cos(a),
                  centre[1] - (radius - width / 2) * math.sin(a)) for a in angles]  # fmt: skip
        if abs(end - start) >= 360:  # a full ring: two half rings avoid a self-touching polygon
            half = steps // 2
            self.poly(colour, outer[: half + 1] + inner[: half + 1][::-1])
            self.poly(colour, outer[half:] + inner[half:][::-1])
        else:
            self.poly(colour, outer + inner[::-1])
        if caps:
            for a in (angles[0], angles[-1]):
                tip = (centre[0] + radius * math.cos(a), centre[1] - radius * math.sin(a))
                self.circle(colour, tip, width / 2)

    def finish(self, size: int, halo: RGB | None = None, halo_width: float = 1.0) -> pygame.Surface:
        """The icon shrunk to `size` pixels; with `halo`, a soft rim of that colour `halo_width`
        units wide is laid under the drawing so it reads on dark backgrounds as well as light."""
        big = self.surface
        if halo is not None:
            big = with_halo(big, halo, round(halo_width * self.k))
        return downsample(big, big.get_width() // size)


def with_halo(surface: pygame.Surface, colour: RGB, radius: int) -> pygame.Surface:
    """`surface` drawn over a copy of its own shape, grown by `radius` pixels, in `colour`."""
    alpha = pygame.surfarray.array_alpha(surface).astype(np.uint8)
    w, h = alpha.shape
    padded = np.pad(alpha, radius)
    grown = np.zeros_like(alpha)
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            if dx * dx + dy * dy <= radius * radius:
                shifted = padded[radius + dx : radius + dx + w, radius + dy : radius + dy + h]
                grown = np.maximum(grown, shifted)
    under = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    under.fill((*colour, 0))
    pygame.surfarray.pixels_alpha(under)[:] = (grown * 0.85).astype(np.uint8)
    under.blit(surface, (0, 0))
    return under


def downsample(surface: pygame.Surface, k: int) -> pygame.Surface:
    """Average every k×k block of `surface` into one pixel, weighting colour by alpha."""
    rgb = pygame.surfarray.array3d(surface).astype(np.float64)
    alpha = pygame.surfarray.array_alpha(surface).astype(np.float64) / 255.0
    w, h = alpha.shape[0] // k, alpha.shape[1] // k
    a = alpha.reshape(w, k, h, k).mean(axis=(1, 3))
    premult = (rgb * alpha[..., None]).reshape(w, k, h, k, 3).sum(axis=(1, 3))
    weight = alpha.reshape(w, k, h, k).sum(axis=(1, 3))[..., None]
    colour = np.where(weight > 0, premult / np.maximum(weight, 1e-9), 0.0)
    out = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.surfarray.pixels3d(out)[:] = np.round(colour).astype(np.uint8)
    pygame.surfarray.pixels_alpha(out)[:] = np.round(a * 255).astype(np.uint8)
    return out


# ---------------------------------------------------------------- the window icon


def window_icon(size: int) -> pygame.Surface:
    """A lighthouse and a gun bastion on a headland above the Channel, against a dawn sky, on a
    rounded tile. Drawn on a 64-unit grid whatever the final size."""
    pen = Pen(64, SUPER * max(1, size // 64))
    s = pen.k * 64
    # sky: a vertical gradient, then the tile's rounded corners are cut out at the end
    sky = pygame.Surface((s, s), pygame.SRCALPHA)
    for y in range(s):
        t = min(1.0, y / (0.7 * s))
        colour = [round(SKY_TOP[i] + (SKY_LOW[i] - SKY_TOP[i]) * t) for i in range(3)]
        pygame.draw.line(sky, colour, (0, y), (s, y))
    pen.surface.blit(sky, (0, 0))
    # light beams from the lantern
    lamp = (45.0, 12.0)
    beam = (255, 226, 120)
    pen.poly(beam, [lamp, (0, 2), (0, 16)])
    pen.poly(beam, [lamp, (64, 6), (64, 18)])
    # sea with two lighter swell lines (bolder on the small icon, where they would blur away)
    pen.rect(SEA, 0, 44, 64, 20)
    swell = 1.8 if size >= 64 else 2.8
    for y, phase in ((51.0, 0.0), (58.0, 1.6)):
        pts = [(x, y + 1.2 * math.sin(x / 4.0 + phase)) for x in np.linspace(-2, 66, 35)]
        pen.polyline(SEA_LIGHT, pts, swell)
    # the headland
    pen.poly(STONE, [(0, 46), (0, 36), (6, 33), (52, 33), (58, 40), (60, 46)])
    # the bastion: a low casemate with three merlons and a gun slit
    pen.rect(INK, 5, 24, 28, 10)
    for x in (5, 15, 25):
        pen.rect(INK, x, 19, 8, 6)
    pen.rect(SKY_LOW, 12, 28, 14, 2.4)
    # the lighthouse: a tapering white tower with red bands, a brass lantern and a dark cap
    pen.poly(INK, [(38.5, 34), (51.5, 34), (49.5, 15), (40.5, 15)])
    pen.poly(PAPER, [(40.3, 33), (49.7, 33), (48, 16.5), (42, 16.5)])
    pen.poly(RED, [(41.2, 29), (48.8, 29), (48.5, 26), (41.5, 26)])
    pen.poly(RED, [(41.8, 23), (48.2, 23), (47.9, 20), (42.1, 20)])
    pen.rect(INK, 39, 14, 12, 2.2)
    pen.rect(INK, 41, 8, 8, 6.5)
    pen.rect(BRASS, 42.4, 9.2, 5.2, 4.2)
    pen.poly(INK, [(39.5, 8.6), (50.5, 8.6), (45, 3.4)])
    # cut the rounded tile out of the square
    mask = pygame.Surface((s, s), pygame.SRCALPHA)
    mask.fill((0, 0, 0, 0))
    pygame.draw.rect(mask, (255, 255, 255, 255), mask.get_rect(), border_radius=round(s * 0.16))
    alpha = pygame.surfarray.pixels_alpha(pen.surface)
    alpha[:] = np.minimum(alpha, pygame.surfarray.array_alpha(mask))
    del alpha  # release the lock on the surface
    return pen.finish(size)


# ---------------------------------------------------------------- toolbar icons (24 units)


def icon_end_turn(pen: Pen) -> None:
    """End turn: 'skip to next', a play triangle against a bar."""
    outer = [(3.2, 3.4), (17.4, 12), (3.2, 20.6)]
    pen.poly(INK, outer)
    pen.poly(PAPER, [(5.2, 7.0), (13.6, 12), (5.2, 17.0)])
    pen.rect(INK, 17.6, 3.4, 3.6, 17.2, radius=0.8)


def icon_bombard(pen: Pen) -> None:
    """Bombard: a field gun on its wheel, firing up and to the right."""
    # muzzle blast
    cx, cy = 19.2, 5.2
    star = []
    for i in range(16):
        r = 4.6 if i % 2 == 0 else 2.3
        a = math.radians(i * 22.5 + 10)
        star.append((cx + r * math.cos(a), cy - r * math.sin(a)))
    pen.poly(FLAME, star)
    pen.circle(BRASS, (cx, cy), 1.7)
    # trail to the ground, then the barrel (thick at the breech), then the wheel over both
    pen.line(INK, (10, 16), (2.2, 21.4), 2.2)
    pen.poly(INK, [(3.2, 12.2), (5.6, 16.6), (17.4, 8.9), (15.8, 6.2)])
    pen.circle(PAPER, (10.5, 16.5), 5.6)
    pen.ring(INK, (10.5, 16.5), 4.2, 1.8)
    pen.circle(INK, (10.5, 16.5), 1.8)


def icon_air_raid(pen: Pen) -> None:
    """Air raid: a four-engined bomber seen from below, nose up, with bombs falling below it.
    Laid on the pixel grid (whole-number edges) so the thin parts stay crisp at 24 px."""
    # wings with a slight taper, tailplane, fuselage with a rounded nose
    pen.poly(INK, [(1, 7), (23, 7), (23, 9), (14, 10.5), (10, 10.5), (1, 9)])
    pen.rect(INK, 7, 13, 10, 2)
    pen.rect(INK, 11, 2.5, 2, 13)
    pen.circle(INK, (12, 3), 1.2)
    # four engine nacelles jutting ahead of the wing
    for x in (4, 8, 16, 20):
        pen.rect(INK, x - 0.75, 5, 1.5, 3, radius=0.5)
    # a stick of three bombs, nose down, below the plane
    for x, y in ((6, 16.5), (12, 17.5), (18, 16.5)):
        pen.rect(RED, x - 1, y + 1, 2, 3)
        pen.poly(RED, [(x - 1, y + 4), (x + 1, y + 4), (x, y + 5.6)])
        pen.poly(RED, [(x - 1.5, y - 0.5), (x + 1.5, y - 0.5), (x + 1, y + 1.2), (x - 1, y + 1.2)])


def _cloth(top: float, bottom: float, left: float, right: float) -> list[Point]:
    """A flag's waving cloth between those edges."""
    xs = np.linspace(left, right, 12)
    wave = [1.1 * math.sin((x - left) / 2.4) for x in xs]
    return [(x, top + w) for x, w in zip(xs, wave, strict=True)] + [
        (x, bottom + w) for x, w in zip(xs[::-1], wave[::-1], strict=True)
    ]


def icon_truce(pen: Pen) -> None:
    """Truce: a white flag on a pole."""
    pen.poly(INK, _cloth(2.6, 13.6, 5.0, 21.8))
    pen.poly(PAPER, _cloth(4.2, 12.0, 5.0, 20.2))
    pen.line(INK, (5, 2.6), (5, 22), 2.4)


def icon_undo(pen: Pen) -> None:
    """Undo: an arrow that points back to the left and curls round to the right."""
    w = 3.0  # on whole pixels: the straight runs are centred on pixel middles
    pen.line(INK, (8, 7.5), (14, 7.5), w, caps=False)
    pen.arc(INK, (14, 13.5), 6, 90, -90, w, caps=False)
    pen.line(INK, (14, 19.5), (7.5, 19.5), w, caps=False)
    pen.circle(INK, (7.5, 19.5), w / 2)
    pen.poly(INK, [(2, 7.5), (9, 2), (9, 13)])


def icon_save(pen: Pen) -> None:
    """Save: a floppy disk."""
    body = [(3, 3), (18.5, 3), (21, 5.5), (21, 21), (3, 21)]
    pen.poly(INK, body)
    pen.rect(PAPER, 7, 4, 10, 6)
    pen.rect(INK, 14, 5, 2, 4)
    pen.rect(PAPER, 6, 13, 12, 8)
    pen.rect(INK, 8, 15, 8, 1)
    pen.rect(INK, 8, 18, 8, 1)


def icon_help(pen: Pen) -> None:
    """Help: a question mark in a disc."""
    pen.circle(INK, (12, 12), 10.2)
    pen.arc(PAPER, (12, 9.4), 3.4, 160, -60, 2.5, caps=False)
    end = (12 + 3.4 * math.cos(math.radians(-60)), 9.4 - 3.4 * math.sin(math.radians(-60)))
    pen.line(PAPER, end, (12, 13.8), 2.5, caps=False)
    pen.line(PAPER, (12, 13.6), (12, 15), 2.5, caps=False)
    start = (12 + 3.4 * math.cos(math.radians(160)), 9.4 - 3.4 * math.sin(math.radians(160)))
    pen.circle(PAPER, start, 1.25)
    pen.circle(PAPER, (12, 18.3), 1.5)


TOOLBAR: dict[str, Callable[[Pen], None]] = {
    "end_turn.png": icon_end_turn,
    "bombard.png": icon_bombard,
    "air_raid.png": icon_air_raid,
    "truce.png": icon_truce,
    "undo.png": icon_undo,
    "save.png": icon_save,
    "help.png": icon_help,
}


def toolbar_icon(draw: Callable[[Pen], None], size: int = 24) -> pygame.Surface:
    pen = Pen(24, SUPER * max(1, size // 24))
    draw(pen)
    return pen.finish(size, halo=PAPER, halo_width=0.9)


def preview(icons: dict[str, pygame.Surface], path: Path, zoom: int = 6) -> None:
    """A sheet of every icon: actual size and enlarged, on light and dark button colours."""
    backgrounds = [(207, 195, 156), (140, 59, 36), (46, 44, 38)]
    cell = 64 * zoom // 2 + 16
    sheet = pygame.Surface((cell * len(icons) + 16, (cell + 84) * len(backgrounds) + 16))
    sheet.fill((255, 255, 255))
    for row, bg in enumerate(backgrounds):
        y = 8 + row * (cell + 84)
        pygame.draw.rect(sheet, bg, (0, y, sheet.get_width(), cell + 76))
        for col, icon in enumerate(icons.values()):
            x = 8 + col * cell
            big = pygame.transform.scale_by(icon, min(zoom, (cell - 16) / icon.get_width()))
            sheet.blit(big, (x, y + 4))
            sheet.blit(icon, (x, y + cell + 4))
    pygame.image.save(sheet, str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write to")
    parser.add_argument("--preview", type=Path, help="also write an enlarged sheet here")
    args = parser.parse_args(argv)
    pygame.init()
    icons: dict[str, pygame.Surface] = {}
    for size in (64, 32):
        icons[f"window_icon_{size}.png"] = window_icon(size)
    for name, draw in TOOLBAR.items():
        icons[name] = toolbar_icon(draw)
    for name, surface in icons.items():
        pygame.image.save(surface, str(args.out / name))
        print(f"{name:20} {surface.get_width()}×{surface.get_height()}")
    if args.preview:
        preview(icons, args.preview)
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
