"""Colour arithmetic and the interface's fixed colours (paper, ink, highlight).

Side, nation and terrain colours come from the scenario and ruleset; these helpers derive the
lighter and darker tones the drawing needs from them.
"""

from __future__ import annotations

RGB = tuple[int, int, int]

PAPER: RGB = (236, 228, 206)
INK: RGB = (34, 30, 24)
TABLE: RGB = (46, 44, 38)  # around the map, like a dark map table
SELECT: RGB = (255, 214, 64)
REACH: RGB = (255, 250, 210)
PATH: RGB = (255, 236, 120)
ENEMY_HOVER: RGB = (220, 40, 30)


def hex_rgb(text: str) -> RGB:
    """'#rrggbb' to (r, g, b); anything malformed reads as mid grey."""
    try:
        value = text.lstrip("#")
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except (ValueError, IndexError):
        return 128, 128, 128


def _clamp(value: float) -> int:
    return max(0, min(255, round(value)))


def lighter(colour: RGB, amount: float) -> RGB:
    """Towards white by `amount` (0..1)."""
    r, g, b = colour[:3]
    return (
        _clamp(r + (255 - r) * amount),
        _clamp(g + (255 - g) * amount),
        _clamp(b + (255 - b) * amount),
    )


def darker(colour: RGB, amount: float) -> RGB:
    """Towards black by `amount` (0..1)."""
    r, g, b = colour[:3]
    return _clamp(r * (1 - amount)), _clamp(g * (1 - amount)), _clamp(b * (1 - amount))


def blend(a: RGB, b: RGB, t: float) -> RGB:
    """`a` at t=0, `b` at t=1."""
    return (
        _clamp(a[0] + (b[0] - a[0]) * t),
        _clamp(a[1] + (b[1] - a[1]) * t),
        _clamp(a[2] + (b[2] - a[2]) * t),
    )


def luminance(colour: RGB) -> float:
    r, g, b = colour[:3]
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255.0


def ink_on(colour: RGB) -> RGB:
    """Black or white, whichever reads better on `colour`."""
    return INK if luminance(colour) > 0.55 else (250, 248, 240)
