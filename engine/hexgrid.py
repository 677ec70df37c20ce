"""Hex geometry: the grid laid over a geographic rectangle.

Pointy-topped hexes in rows from north to south, odd rows shifted half a hex east ("odd-r"
offset coordinates). Hex (0, 0) is centred on the north-west corner of the bounds. A hex is
addressed as `(col, row)` or by its flat index `row * cols + col`, which is what the engine's
numpy arrays use. Positions are projected with an equirectangular projection about the map's
mean latitude: over a hundred kilometres the error is far below a hex.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from engine.format.scenario import Bounds

if TYPE_CHECKING:  # numpy loads with the engine, not with the validator, which needs none
    import numpy as np

KM_PER_DEG_LAT = 111.2
SQRT3 = math.sqrt(3.0)

Hex = tuple[int, int]
IntOrArray = TypeVar("IntOrArray", int, "np.ndarray")

# Neighbour offsets (dcol, drow) in the order E, NE, NW, W, SW, SE, for even and odd rows.
_EVEN_ROW = ((1, 0), (0, -1), (-1, -1), (-1, 0), (-1, 1), (0, 1))
_ODD_ROW = ((1, 0), (1, -1), (0, -1), (-1, 0), (0, 1), (1, 1))
DIRECTIONS = ("E", "NE", "NW", "W", "SW", "SE")
OPPOSITE = (3, 4, 5, 0, 1, 2)


@dataclass(frozen=True)
class HexGrid:
    bounds: Bounds
    hex_size_km: float
    cols: int = field(init=False)
    rows: int = field(init=False)

    def __post_init__(self) -> None:
        width, height = self.extent_km
        object.__setattr__(self, "cols", int(width // self.hex_size_km) + 1)
        object.__setattr__(self, "rows", int(height // self.row_height_km) + 1)

    # --- projection -------------------------------------------------------------------------
    @property
    def mean_lat(self) -> float:
        return (self.bounds.north + self.bounds.south) / 2.0

    @property
    def km_per_deg_lon(self) -> float:
        return KM_PER_DEG_LAT * math.cos(math.radians(self.mean_lat))

    @property
    def row_height_km(self) -> float:
        return self.hex_size_km * SQRT3 / 2.0

    @property
    def extent_km(self) -> tuple[float, float]:
        b = self.bounds
        return ((b.east - b.west) * self.km_per_deg_lon, (b.north - b.south) * KM_PER_DEG_LAT)

    @property
    def size(self) -> int:
        return self.cols * self.rows

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """Kilometres east of the west edge and south of the north edge."""
        x_km = (lon - self.bounds.west) * self.km_per_deg_lon
        return x_km, (self.bounds.north - lat) * KM_PER_DEG_LAT

    def unproject(self, x_km: float, y_km: float) -> tuple[float, float]:
        lat = self.bounds.north - y_km / KM_PER_DEG_LAT
        return lat, self.bounds.west + x_km / self.km_per_deg_lon

    def centre_km(self, hex_: Hex) -> tuple[float, float]:
        col, row = hex_
        return self.hex_size_km * (col + 0.5 * (row & 1)), self.row_height_km * row

    def centre_latlon(self, hex_: Hex) -> tuple[float, float]:
        return self.unproject(*self.centre_km(hex_))

    def hex_at_km(self, x_km: float, y_km: float) -> Hex:
        """The hex containing a projected point (may be off the map)."""
        radius = self.hex_size_km / SQRT3
        q = (SQRT3 / 3.0 * x_km - y_km / 3.0) / radius
        r = (2.0 / 3.0 * y_km) / radius
        cq, cr = _cube_round(q, r)
        return cq + (cr - (cr & 1)) // 2, cr

    def hex_at(self, lat: float, lon: float) -> Hex:
        return self.hex_at_km(*self.project(lat, lon))

    def on_map(self, hex_: Hex) -> bool:
        return 0 <= hex_[0] < self.cols and 0 <= hex_[1] < self.rows

    def contains_latlon(self, lat: float, lon: float) -> bool:
        b = self.bounds
        return b.south <= lat <= b.north and b.west <= lon <= b.east

    # --- topology ---------------------------------------------------------------------------
    def index(self, hex_: Hex) -> int:
        return hex_[1] * self.cols + hex_[0]

    def hex_of(self, index: int) -> Hex:
        return index % self.cols, index // self.cols

    def neighbour(self, hex_: Hex, direction: int) -> Hex:
        col, row = hex_
        dc, dr = (_ODD_ROW if row & 1 else _EVEN_ROW)[direction]
        return col + dc, row + dr

    def neighbours(self, hex_: Hex) -> list[Hex]:
        return [n for d in range(6) if self.on_map(n := self.neighbour(hex_, d))]

    @cached_property
    def neighbour_table(self) -> np.ndarray:
        """`table[i, d]` is the flat index of hex i's neighbour in direction d, or -1."""
        import numpy as np

        table = np.full((self.size, 6), -1, dtype=np.int32)
        for index in range(self.size):
            hex_ = self.hex_of(index)
            for d in range(6):
                n = self.neighbour(hex_, d)
                if self.on_map(n):
                    table[index, d] = self.index(n)
        return table

    @staticmethod
    def distance(a: Hex, b: Hex) -> int:
        aq, ar = _to_axial(a)
        bq, br = _to_axial(b)
        return axial_steps(aq - bq, ar - br)

    def line(self, a: Hex, b: Hex) -> list[Hex]:
        """Hexes on the straight line from a to b, both included (for rasterising features)."""
        n = self.distance(a, b)
        if n == 0:
            return [a]
        aq, ar = _to_axial(a)
        bq, br = _to_axial(b)
        out: list[Hex] = []
        for i in range(n + 1):
            t = i / n
            q, r = _cube_round(aq + (bq - aq) * t + 1e-6, ar + (br - ar) * t + 1e-6)
            out.append((q + (r - (r & 1)) // 2, r))
        return out


def axial_steps(dq: IntOrArray, dr: IntOrArray) -> IntOrArray:
    """Steps between two hexes whose axial coordinates differ by (dq, dr): the one distance
    formula of the project, for single hexes and (elementwise) for numpy arrays alike."""
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def _to_axial(hex_: Hex) -> tuple[int, int]:
    col, row = hex_
    return col - (row - (row & 1)) // 2, row


def _cube_round(q: float, r: float) -> tuple[int, int]:
    s = -q - r
    rq, rr, rs = round(q), round(r), round(s)
    dq, dr, ds = abs(rq - q), abs(rr - r), abs(rs - s)
    if dq > dr and dq > ds:
        rq = -rr - rs
    elif dr > ds:
        rr = -rq - rs
    return int(rq), int(rr)
