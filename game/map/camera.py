"""The view onto the map: which kilometre is at the centre of the viewport and how big a hex is.

Pure arithmetic (no pygame) so panning and zooming can be tested exactly. Map positions are the
hex grid's kilometres (`HexGrid.centre_km`); the renderer's pre-drawn layers use "layer pixels",
which are kilometres times `px_per_km` plus a pad of half a hex so edge hexes are whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from engine.hexgrid import SQRT3, Hex, HexGrid

# Hex radius (centre to corner) in pixels at each zoom level, smallest first.
ZOOM_RADII: tuple[int, ...] = (9, 12, 16, 21, 28, 36, 46)
DEFAULT_ZOOM = 5


def px_per_km(radius: float, hex_size_km: float) -> float:
    return SQRT3 * radius / hex_size_km


def layer_pad(radius: float) -> tuple[float, float]:
    """Offset of kilometre (0, 0) in a pre-drawn layer: half a hex wide, one radius high."""
    return SQRT3 / 2.0 * radius, float(radius)


def layer_size(grid: HexGrid, radius: float) -> tuple[int, int]:
    width = math.ceil(SQRT3 * radius * (grid.cols + 0.5)) + 2
    height = math.ceil(1.5 * radius * (grid.rows - 1) + 2 * radius) + 2
    return width, height


def hex_corners(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """Corners of a pointy-top hex, clockwise from the top."""
    return [
        (cx + radius * math.cos(math.radians(a)), cy + radius * math.sin(math.radians(a)))
        for a in (-90, -30, 30, 90, 150, 210)
    ]


@dataclass
class Camera:
    grid: HexGrid
    viewport: tuple[int, int, int, int]  # x, y, width, height on screen
    zoom: int = DEFAULT_ZOOM
    centre_km: tuple[float, float] = field(default=(0.0, 0.0))

    def __post_init__(self) -> None:
        width, height = self.grid.extent_km
        if self.centre_km == (0.0, 0.0):
            self.centre_km = (width / 2.0, height / 2.0)

    @property
    def radius(self) -> int:
        return ZOOM_RADII[self.zoom]

    @property
    def scale(self) -> float:
        """Screen pixels per map kilometre."""
        return px_per_km(self.radius, self.grid.hex_size_km)

    # --- conversions ----------------------------------------------------------------------
    def to_screen(self, x_km: float, y_km: float) -> tuple[float, float]:
        vx, vy, vw, vh = self.viewport
        s = self.scale
        return (
            vx + vw / 2.0 + (x_km - self.centre_km[0]) * s,
            vy + vh / 2.0 + (y_km - self.centre_km[1]) * s,
        )

    def to_km(self, sx: float, sy: float) -> tuple[float, float]:
        vx, vy, vw, vh = self.viewport
        s = self.scale
        return (
            self.centre_km[0] + (sx - vx - vw / 2.0) / s,
            self.centre_km[1] + (sy - vy - vh / 2.0) / s,
        )

    def hex_centre(self, hex_: Hex) -> tuple[float, float]:
        return self.to_screen(*self.grid.centre_km(hex_))

    def hex_at(self, sx: float, sy: float) -> Hex | None:
        """The on-map hex under a screen point, or None."""
        hex_ = self.grid.hex_at_km(*self.to_km(sx, sy))
        return hex_ if self.grid.on_map(hex_) else None

    def layer_origin(self) -> tuple[float, float]:
        """Layer-pixel coordinates of the viewport's top-left corner."""
        _, _, vw, vh = self.viewport
        pad_x, pad_y = layer_pad(self.radius)
        s = self.scale
        return (
            self.centre_km[0] * s + pad_x - vw / 2.0,
            self.centre_km[1] * s + pad_y - vh / 2.0,
        )

    def contains(self, sx: float, sy: float) -> bool:
        vx, vy, vw, vh = self.viewport
        return vx <= sx < vx + vw and vy <= sy < vy + vh

    # --- moves ----------------------------------------------------------------------------
    def clamp(self) -> None:
        """Keep the map filling the viewport (with a hex of margin), or centred if it is smaller."""
        width, height = self.grid.extent_km
        margin = self.grid.hex_size_km
        _, _, vw, vh = self.viewport
        half_w, half_h = vw / 2.0 / self.scale, vh / 2.0 / self.scale

        def axis(value: float, low: float, high: float, half: float) -> float:
            if high - low <= 2 * half:
                return (low + high) / 2.0
            return min(max(value, low + half), high - half)

        self.centre_km = (
            axis(self.centre_km[0], -margin, width + margin, half_w),
            axis(self.centre_km[1], -margin, height + margin, half_h),
        )

    def pan_pixels(self, dx: float, dy: float) -> None:
        """Move the map by a screen distance (dragging right moves the view west)."""
        s = self.scale
        self.centre_km = (self.centre_km[0] - dx / s, self.centre_km[1] - dy / s)
        self.clamp()

    def centre_on(self, x_km: float, y_km: float) -> None:
        self.centre_km = (x_km, y_km)
        self.clamp()

    def zoom_at(self, steps: int, sx: float, sy: float) -> bool:
        """Zoom by `steps` levels keeping the point under (sx, sy) fixed; False if unchanged."""
        new_zoom = min(max(self.zoom + steps, 0), len(ZOOM_RADII) - 1)
        if new_zoom == self.zoom:
            return False
        anchor = self.to_km(sx, sy)
        self.zoom = new_zoom
        after = self.to_km(sx, sy)
        self.centre_km = (
            self.centre_km[0] + anchor[0] - after[0],
            self.centre_km[1] + anchor[1] - after[1],
        )
        self.clamp()
        return True

    def fit_zoom(self) -> int:
        """The largest zoom at which the whole map fits in the viewport."""
        width, height = self.grid.extent_km
        _, _, vw, vh = self.viewport
        best = 0
        for index, radius in enumerate(ZOOM_RADII):
            s = px_per_km(radius, self.grid.hex_size_km)
            if (width + self.grid.hex_size_km) * s <= vw and (height + 2) * s <= vh:
                best = index
        return best

    def show_all(self) -> None:
        width, height = self.grid.extent_km
        self.zoom = self.fit_zoom()
        self.centre_km = (width / 2.0, height / 2.0)

    def visible_km(self) -> tuple[float, float, float, float]:
        """West, north, east, south edges of the viewport in map kilometres."""
        vx, vy, vw, vh = self.viewport
        west, north = self.to_km(vx, vy)
        east, south = self.to_km(vx + vw, vy + vh)
        return west, north, east, south
