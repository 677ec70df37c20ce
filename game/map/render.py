"""The static map layer: terrain, coast, water, roads and names, drawn once per zoom level.

A frame then costs one blit of the visible part plus the counters. Everything here comes from
the scenario (terrain grid, line waypoints, place names in the player's language) and the
ruleset's terrain colours; the textures are generated, seeded by hex, so the map looks the same
every run and needs no image files.
"""

from __future__ import annotations

import math
import random
import time
from collections import OrderedDict, deque
from collections.abc import Iterator, Sequence
from itertools import pairwise

import numpy as np
import pygame

from engine.hexgrid import SQRT3, Hex
from game.map.camera import ZOOM_RADII, hex_corners, layer_pad, layer_size, px_per_km
from game.map.features import MapFacts
from game.map.labels import PlaceLabel, lay_out, plated
from game.palette import TABLE, blend, darker, hex_rgb, lighter
from game.text.fonts import halo_text

RGB = tuple[int, int, int]

COAST_LINE: RGB = (38, 52, 66)
RIVER: RGB = (52, 104, 160)
CANAL_EDGE: RGB = (30, 62, 100)
MAIN_ROAD: RGB = (186, 58, 40)
ROAD: RGB = (246, 226, 150)
ROAD_CASING: RGB = (70, 52, 40)
RAIL: RGB = (30, 30, 30)
LABEL: RGB = (28, 24, 20)
LABEL_MILITARY: RGB = (96, 28, 22)
LABEL_WATER: RGB = (30, 70, 120)

# Drawing order and priority of place labels (lower first placed, so it wins a collision).
_LABEL_PRIORITY = {
    "port": 0, "city": 0, "town": 1, "fort": 2, "battery": 2, "strongpoint": 2, "height": 3,
    "radar": 3, "village": 4, "landmark": 5,
}


def _hex_noise(col: int, row: int, salt: int = 0) -> float:
    """A stable pseudo-random number in [0, 1) for a hex, so the texture never flickers."""
    value = (col * 73856093) ^ (row * 19349663) ^ (salt * 83492791)
    value = (value ^ (value >> 13)) * 1274126177
    return ((value ^ (value >> 16)) & 0xFFFF) / 65536.0


def _chaikin(points: Sequence[tuple[float, float]], rounds: int = 2) -> list[tuple[float, float]]:
    """Corner-cutting smoothing: rivers bend instead of zig-zagging between waypoints."""
    pts = list(points)
    for _ in range(rounds):
        if len(pts) < 3:
            return pts
        out = [pts[0]]
        for (x0, y0), (x1, y1) in pairwise(pts):
            out.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            out.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        out.append(pts[-1])
        pts = out
    return pts


class MapRenderer:
    """Draws and caches the static layer of one scenario's map for each zoom level.

    A layer takes a few hundred milliseconds at the larger zooms, so it is drawn in slices:
    `work(budget)` advances pending layers a few milliseconds per frame, and until a layer is
    ready the view scales the nearest finished one. `layer_now` draws synchronously.
    """

    CACHE_LEVELS = 5

    def __init__(self, data: MapFacts) -> None:
        self.data = data
        self._layers: dict[int, pygame.Surface] = {}
        self._jobs: OrderedDict[int, tuple[pygame.Surface, Iterator[None]]] = OrderedDict()
        self._sea_depth = self._compute_sea_depth()
        self.focus = 0  # the zoom in use: eviction keeps the levels nearest to it
        self._shown_terrain: np.ndarray | None = None
        self.terrain_version = 0  # counts the terrain changes drawn (the minimap follows it)
        self._labels: dict[int, list[PlaceLabel]] = {}  # radius -> the names at that zoom

    # --- public ---------------------------------------------------------------------------
    def show_terrain(self, terrain: np.ndarray | None) -> None:
        """Draw the terrain of the day — flat, by hex index, as `engine.mapdata.MapData.terrain`
        gives it, flooded where floods are — or the scenario's own with None. The layers are
        drawn again only when the terrain differs from the one shown."""
        if terrain is self._shown_terrain:
            return
        self._shown_terrain = terrain
        grid = self.data.base_terrain if terrain is None else \
            np.asarray(terrain, dtype=self.data.base_terrain.dtype).reshape(
                self.data.base_terrain.shape)
        if np.array_equal(grid, self.data.terrain):
            return
        self.data.terrain = grid
        self._layers.clear()
        self._jobs.clear()
        self.terrain_version += 1

    def ready(self, zoom: int) -> pygame.Surface | None:
        return self._layers.get(zoom)

    def request(self, zoom: int) -> None:
        """Schedule zoom level `zoom` (first in line) unless it is ready or under way."""
        if zoom in self._layers:
            return
        if zoom in self._jobs:
            self._jobs.move_to_end(zoom, last=False)
            return
        surface = self._new_surface(ZOOM_RADII[zoom])
        self._jobs[zoom] = (surface, self._steps(surface, ZOOM_RADII[zoom]))
        self._jobs.move_to_end(zoom, last=False)

    def layer_now(self, zoom: int) -> pygame.Surface:
        """The layer at `zoom`, drawn to the end right now if need be."""
        if zoom not in self._layers:
            self.request(zoom)
            surface, steps = self._jobs.pop(zoom)
            deque(steps, maxlen=0)  # run the remaining drawing steps now
            self._store(zoom, surface)
        return self._layers[zoom]

    layer = layer_now

    def nearest_ready(self, zoom: int) -> tuple[int, pygame.Surface] | None:
        if not self._layers:
            return None
        best = min(self._layers, key=lambda z: (abs(z - zoom), -z))
        return best, self._layers[best]

    def busy(self) -> bool:
        return bool(self._jobs)

    def work(self, budget_s: float) -> bool:
        """Advance pending layers for about `budget_s` seconds; True if one was finished."""
        deadline = time.perf_counter() + budget_s
        finished = False
        while self._jobs and time.perf_counter() < deadline:
            zoom, (surface, steps) = next(iter(self._jobs.items()))
            try:
                next(steps)
            except StopIteration:
                del self._jobs[zoom]
                self._store(zoom, surface)
                finished = True
        return finished

    def has_layer(self, zoom: int) -> bool:
        return zoom in self._layers

    def render(self, radius: int) -> pygame.Surface:
        """A whole layer at hex radius `radius`, drawn synchronously (not cached)."""
        surface = self._new_surface(radius)
        deque(self._steps(surface, radius), maxlen=0)  # every drawing step, at once
        return surface

    def _store(self, zoom: int, surface: pygame.Surface) -> None:
        """Keep the layer; forget the one farthest from the zoom in use if too many are kept —
        never the one just stored (the minimap asks for the smallest zoom while the view is
        zoomed in, and must get it)."""
        self._layers[zoom] = surface
        while len(self._layers) > self.CACHE_LEVELS:
            far = max((z for z in self._layers if z != zoom), key=lambda z: abs(z - self.focus))
            del self._layers[far]

    def _new_surface(self, radius: int) -> pygame.Surface:
        width, height = layer_size(self.data.grid, radius)
        surface = pygame.Surface((width, height))
        if pygame.display.get_surface() is not None:
            surface = surface.convert()
        surface.fill(TABLE)
        return surface

    def _steps(self, surface: pygame.Surface, radius: int) -> Iterator[None]:
        centres = self._centres(radius)
        yield from self._draw_hexes(surface, radius, centres)
        yield from self._draw_grid(surface, radius, centres)
        yield from self._draw_coast(surface, radius, centres)
        self._draw_cliff_hachures(surface, radius, centres)
        yield
        self._draw_lines(surface, radius)
        yield
        yield from self._draw_places(surface, radius)
        pygame.draw.rect(surface, (40, 36, 30), surface.get_rect(), 2)

    # --- geometry -------------------------------------------------------------------------
    def _centres(self, radius: int) -> np.ndarray:
        grid = self.data.grid
        pad_x, pad_y = layer_pad(radius)
        cols = np.arange(grid.cols)
        rows = np.arange(grid.rows)
        cc, rr = np.meshgrid(cols, rows)
        xs = pad_x + SQRT3 * radius * (cc + 0.5 * (rr & 1))
        ys = pad_y + 1.5 * radius * rr
        return np.stack([xs, ys], axis=-1)

    def to_layer(self, radius: int, x_km: float, y_km: float) -> tuple[float, float]:
        """Layer pixels, at hex radius `radius`, of a point in map kilometres."""
        s = px_per_km(radius, self.data.grid.hex_size_km)
        pad_x, pad_y = layer_pad(radius)
        return pad_x + x_km * s, pad_y + y_km * s

    def _compute_sea_depth(self) -> np.ndarray:
        """Hexes of water between each sea hex and the nearest land (0 on land)."""
        grid = self.data.grid
        water = self.data.water_mask.ravel()
        depth = np.where(water, 99, 0).astype(np.int16)
        table = grid.neighbour_table
        frontier = np.flatnonzero(~water)
        level = 0
        while frontier.size and level < 12:
            level += 1
            neighbours = table[frontier].ravel()
            neighbours = neighbours[neighbours >= 0]
            fresh = np.unique(neighbours[depth[neighbours] > level])
            depth[fresh] = level
            frontier = fresh
        return depth.reshape(grid.rows, grid.cols)

    def _sea_colour(self) -> RGB:
        water = next((t for t in self.data.terrain_types if t.water), None)
        return hex_rgb(water.colour) if water else (61, 111, 150)

    # --- terrain --------------------------------------------------------------------------
    def _hex_colour(self, hex_: Hex) -> RGB:
        col, row = hex_
        terrain = self.data.terrain_types[int(self.data.terrain[row, col])]
        base = hex_rgb(terrain.colour)
        if terrain.water:
            depth = int(self._sea_depth[row, col])
            shade = min(depth - 1, 6) / 6.0
            colour = blend(lighter(base, 0.28), darker(base, 0.1), shade)
            return lighter(colour, 0.03 * _hex_noise(col, row))
        jitter = (_hex_noise(col, row) - 0.5) * 0.09
        return lighter(base, jitter) if jitter > 0 else darker(base, -jitter)

    def _draw_hexes(self, surface: pygame.Surface, radius: int,
                    centres: np.ndarray) -> Iterator[None]:
        grid = self.data.grid
        tiles = _TextureTiles(self.data, radius)
        draw_r = radius + 0.6  # overlap by a hair so no seams show between hexes
        for row in range(grid.rows):
            yield
            for col in range(grid.cols):
                cx, cy = centres[row, col]
                pygame.draw.polygon(
                    surface, self._hex_colour((col, row)), hex_corners(cx, cy, draw_r)
                )
                tile = tiles.tile(int(self.data.terrain[row, col]), col, row)
                if tile is not None:
                    surface.blit(tile, (cx - tile.get_width() / 2, cy - tile.get_height() / 2))

    def _draw_grid(self, surface: pygame.Surface, radius: int,
                   centres: np.ndarray) -> Iterator[None]:
        """Hex outlines in a shade of each hex's own colour (no alpha layer: fast at any zoom)."""
        if radius < 11:
            return
        grid = self.data.grid
        for row in range(grid.rows):
            if row % 4 == 0:
                yield
            for col in range(grid.cols):
                cx, cy = centres[row, col]
                corners = hex_corners(cx, cy, radius)
                base = self._hex_colour((col, row))
                if self.data.is_water((col, row)):
                    colour = lighter(base, 0.07)
                else:
                    colour = darker(base, 0.17)
                # Three edges per hex (top-right, right, bottom-right) cover every shared edge
                # once together with the neighbours'; the map border gets the rest.
                pygame.draw.lines(surface, colour, False, corners[0:4], 1)
                if col == 0 or row == 0 or row == grid.rows - 1:
                    pygame.draw.lines(surface, colour, False, [*corners[3:], corners[0]], 1)

    def _edge(self, centre: tuple[float, float], radius: float, direction: int) -> tuple:
        """Endpoints of the hexside in `direction` (engine order E, NE, NW, W, SW, SE)."""
        corners = hex_corners(centre[0], centre[1], radius)
        # corner i sits at angle -90 + 60 i; side E lies between corners 1 and 2, etc.
        pairs = {0: (1, 2), 1: (0, 1), 2: (5, 0), 3: (4, 5), 4: (3, 4), 5: (2, 3)}
        a, b = pairs[direction]
        return corners[a], corners[b]

    def _draw_coast(self, surface: pygame.Surface, radius: int,
                    centres: np.ndarray) -> Iterator[None]:
        grid = self.data.grid
        width = max(2, round(radius / 7))
        surf_line = (235, 242, 246)
        for row in range(grid.rows):
            if row % 4 == 0:
                yield
            for col in range(grid.cols):
                if self.data.is_water((col, row)):
                    continue
                centre = tuple(centres[row, col])
                for direction in range(6):
                    neighbour = grid.neighbour((col, row), direction)
                    if not self.data.is_water(neighbour):
                        continue
                    a, b = self._edge(centre, radius, direction)
                    # A pale line of surf on the sea side, then the dark shore line.
                    ox, oy = grid.centre_km(neighbour)
                    nx, ny = self.to_layer(radius, ox, oy)
                    push = max(1.5, radius / 9)
                    dx, dy = nx - centre[0], ny - centre[1]
                    norm = math.hypot(dx, dy) or 1.0
                    sx, sy = dx / norm * push, dy / norm * push
                    pygame.draw.line(
                        surface, surf_line, (a[0] + sx, a[1] + sy), (b[0] + sx, b[1] + sy),
                        max(1, width // 2),
                    )
                    pygame.draw.line(surface, COAST_LINE, a, b, width)
                    pygame.draw.circle(surface, COAST_LINE, a, width / 2)
                    pygame.draw.circle(surface, COAST_LINE, b, width / 2)

    def _draw_cliff_hachures(self, surface: pygame.Surface, radius: int,
                             centres: np.ndarray) -> None:
        """Comb ticks along cliff hexsides that face the sea, pointing inland."""
        cliffs = self.data.terrain_index.get("cliffs")
        if cliffs is None or radius < 11:
            return
        grid = self.data.grid
        colour = (70, 58, 44)
        for row, col in zip(*np.nonzero(self.data.terrain == cliffs), strict=False):
            centre = tuple(centres[row, col])
            for direction in range(6):
                if not self.data.is_water(grid.neighbour((int(col), int(row)), direction)):
                    continue
                a, b = self._edge(centre, radius * 0.93, direction)
                ticks = max(3, radius // 5)
                for i in range(1, ticks):
                    t = i / ticks
                    px, py = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
                    ix, iy = centre[0] - px, centre[1] - py
                    norm = math.hypot(ix, iy) or 1.0
                    length = radius * 0.22
                    pygame.draw.line(
                        surface, colour, (px, py),
                        (px + ix / norm * length, py + iy / norm * length), max(1, radius // 14),
                    )

    # --- lines ----------------------------------------------------------------------------
    def _draw_lines(self, surface: pygame.Surface, radius: int) -> None:
        lines = self.data.lines
        scale = radius / 20.0
        order = {"river": 0, "canal": 1, "railway": 2, "road": 3, "main_road": 4}
        for line in sorted(lines, key=lambda item: order.get(item.kind, 9)):
            pts = [self.to_layer(radius, x, y) for x, y in line.points_km]
            if line.kind == "river":
                pts = _chaikin(pts, 3)
                width = max(2, round(3.2 * scale))
                pygame.draw.lines(surface, darker(RIVER, 0.2), False, pts, width + 2)
                pygame.draw.lines(surface, RIVER, False, pts, width)
                _round_joints(surface, RIVER, pts, width)
            elif line.kind == "canal":
                width = max(2, round(3.0 * scale))
                pygame.draw.lines(surface, CANAL_EDGE, False, pts, width + 2)
                pygame.draw.lines(surface, lighter(RIVER, 0.15), False, pts, width)
            elif line.kind == "railway":
                width = max(1, round(1.6 * scale))
                pygame.draw.lines(surface, RAIL, False, pts, width)
                if radius >= 16:
                    _cross_ticks(surface, pts, spacing=radius * 0.5, length=radius * 0.14)
            elif line.kind == "main_road":
                width = max(2, round(3.4 * scale))
                _cased_line(surface, pts, MAIN_ROAD, ROAD_CASING, width)
            else:
                width = max(1, round(2.4 * scale))
                _cased_line(surface, pts, ROAD, ROAD_CASING, width)
        if radius >= 21:
            self._draw_water_names(surface, radius)

    def _draw_water_names(self, surface: pygame.Surface, radius: int) -> None:
        size = max(10, round(radius * 0.42))
        for line in self.data.lines:
            if line.kind not in ("river", "canal") or not line.name:
                continue
            pts = [self.to_layer(radius, x, y) for x, y in line.points_km]
            mid = len(pts) // 2
            (x0, y0), (x1, y1) = pts[max(0, mid - 1)], pts[mid]
            angle = -math.degrees(math.atan2(y1 - y0, x1 - x0))
            if angle > 90:
                angle -= 180
            elif angle < -90:
                angle += 180
            text = halo_text(line.name, size, LABEL_WATER, (235, 240, 240, 150), "italic")
            text = pygame.transform.rotozoom(text, angle, 1.0)
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            surface.blit(text, (cx - text.get_width() / 2, cy - text.get_height() / 2))

    # --- places ---------------------------------------------------------------------------
    def _draw_places(self, surface: pygame.Surface, radius: int) -> Iterator[None]:
        """The places' markers; their names are laid out round the counters (`labels.py`)."""
        for place in self.data.scenario.places:
            x, y = self.to_layer(radius, *self.data.grid.project(place.lat, place.lon))
            self._draw_place_marker(surface, place.kind, x, y, radius)
        yield

    def place_labels(self, radius: int) -> list[PlaceLabel]:
        """The names shown at hex radius `radius`, in the order they are placed (ports and
        cities first, so they win a collision), each rendered once per zoom."""
        kept = self._labels.get(radius)
        if kept is not None:
            return kept
        out: list[PlaceLabel] = []
        places = sorted(
            self.data.scenario.places, key=lambda p: (_LABEL_PRIORITY.get(p.kind, 9), p.id)
        )
        for place in places:
            style = self._label_style(place.kind, radius) if place.label else None
            if style is None:
                continue
            size, face, colour, upper = style
            name = self.data.place_name(place.id)
            text = halo_text(name.upper() if upper else name, size, colour, style=face)
            out.append(PlaceLabel(place.id, self.data.place_hex.get(place.id), text,
                                  self.to_layer(radius, *self.data.grid.project(place.lat,
                                                                                   place.lon)),
                                  must=place.kind in ("port", "city")))
        self._labels[radius] = out
        return out

    def labelled(self, zoom: int) -> pygame.Surface:
        """A copy of the layer at `zoom` with the place names on it, where nothing stands on
        the map (the menu's background, the minimap)."""
        surface = self.layer_now(zoom).copy()
        radius = ZOOM_RADII[zoom]
        labels = self.place_labels(radius)
        texts = {label.place: label.text for label in labels}
        for placed in lay_out(labels, radius, {}, [], surface.get_rect()):
            surface.blit(plated(texts[placed.place]) if placed.plate else texts[placed.place],
                         placed.rect)
        return surface

    def _label_style(self, kind: str, radius: int) -> tuple[int, str, RGB, bool] | None:
        if kind in ("port", "city"):
            return max(11, round(radius * 0.62)), "bold", LABEL, True
        if kind == "town":
            return (max(10, round(radius * 0.5)), "bold", LABEL, False) if radius >= 12 else None
        if radius < 16:
            return None
        if kind in ("fort", "battery", "strongpoint", "radar"):
            return max(9, round(radius * 0.4)), "italic", LABEL_MILITARY, False
        if kind == "height":
            return max(9, round(radius * 0.4)), "italic", (84, 60, 30), False
        if radius < 21:
            return None
        return max(9, round(radius * 0.42)), "regular", LABEL, False

    def _draw_place_marker(self, surface: pygame.Surface, kind: str, x: float, y: float,
                           radius: int) -> None:
        r = max(2.0, radius * 0.13)
        if kind in ("port", "city"):
            pygame.draw.circle(surface, (250, 246, 232), (x, y), r * 1.6)
            pygame.draw.circle(surface, LABEL, (x, y), r * 1.6, max(1, round(r * 0.45)))
            pygame.draw.circle(surface, LABEL, (x, y), r * 0.7)
            if kind == "port":
                _anchor(surface, x, y + r * 2.9, r * 1.2)
        elif kind == "town":
            pygame.draw.circle(surface, (250, 246, 232), (x, y), r * 1.15)
            pygame.draw.circle(surface, LABEL, (x, y), r * 1.15, max(1, round(r * 0.4)))
        elif kind == "village":
            pygame.draw.circle(surface, LABEL, (x, y), max(1.5, r * 0.6))
        elif kind == "height":
            s = r * 1.4
            pygame.draw.polygon(surface, (92, 64, 34), [(x, y - s), (x - s, y + s * 0.7),
                                                        (x + s, y + s * 0.7)])
        elif kind == "radar":
            pygame.draw.circle(surface, LABEL_MILITARY, (x, y), r, max(1, round(r * 0.4)))
            pygame.draw.line(surface, LABEL_MILITARY, (x, y), (x + r * 1.4, y - r * 1.4), 1)
        elif kind == "landmark":
            pygame.draw.rect(surface, LABEL, (x - r * 0.6, y - r * 0.6, r * 1.2, r * 1.2))
        # forts, batteries and strongpoints get their works symbol from the dynamic layer


def _round_joints(surface: pygame.Surface, colour: RGB, pts: list, width: int) -> None:
    if width >= 4:
        for point in pts[1:-1]:
            pygame.draw.circle(surface, colour, point, width / 2 - 0.5)


def _cased_line(surface: pygame.Surface, pts: list, fill: RGB, casing: RGB, width: int) -> None:
    pygame.draw.lines(surface, casing, False, pts, width + 2)
    for point in pts:
        pygame.draw.circle(surface, casing, point, (width + 2) / 2)
    pygame.draw.lines(surface, fill, False, pts, width)
    for point in pts:
        pygame.draw.circle(surface, fill, point, width / 2)


def _cross_ticks(surface: pygame.Surface, pts: list, spacing: float, length: float) -> None:
    carry = 0.0
    for (x0, y0), (x1, y1) in pairwise(pts):
        seg = math.hypot(x1 - x0, y1 - y0)
        if seg == 0:
            continue
        ux, uy = (x1 - x0) / seg, (y1 - y0) / seg
        d = spacing - carry
        while d < seg:
            px, py = x0 + ux * d, y0 + uy * d
            pygame.draw.line(surface, RAIL, (px - uy * length, py + ux * length),
                             (px + uy * length, py - ux * length), 1)
            d += spacing
        carry = seg - (d - spacing)


def _anchor(surface: pygame.Surface, x: float, y: float, s: float) -> None:
    """A small anchor: the port sign."""
    w = max(1, round(s * 0.3))
    pygame.draw.line(surface, LABEL, (x, y - s), (x, y + s), w)
    pygame.draw.line(surface, LABEL, (x - s * 0.5, y - s * 0.55), (x + s * 0.5, y - s * 0.55), w)
    pygame.draw.arc(surface, LABEL, (x - s, y - s * 0.2, 2 * s, 1.4 * s), math.pi, 2 * math.pi, w)


class _TextureTiles:
    """Hex-shaped pattern tiles per terrain type (a few variants), transparent between strokes."""

    VARIANTS = 4

    def __init__(self, data: MapFacts, radius: int) -> None:
        self.data = data
        self.radius = radius
        self._tiles: dict[tuple[int, int], pygame.Surface | None] = {}
        w = math.ceil(SQRT3 * radius) + 2
        h = 2 * radius + 2
        self.size = (w, h)
        mask = pygame.Surface(self.size, pygame.SRCALPHA)
        pygame.draw.polygon(mask, (255, 255, 255, 255), hex_corners(w / 2, h / 2, radius - 0.5))
        self.mask = mask

    def tile(self, terrain: int, col: int, row: int) -> pygame.Surface | None:
        variant = int(_hex_noise(col, row, 7) * self.VARIANTS)
        key = (terrain, variant)
        if key not in self._tiles:
            self._tiles[key] = self._make(terrain, variant)
        return self._tiles[key]

    def _make(self, terrain: int, variant: int) -> pygame.Surface | None:
        terrain_type = self.data.terrain_types[terrain]
        painter = _PAINTERS.get(terrain_type.id)
        if painter is None and terrain_type.water:
            painter = _paint_sea
        if painter is None or self.radius < 9:
            return None
        tile = pygame.Surface(self.size, pygame.SRCALPHA)
        rng = random.Random(terrain * 1000 + variant * 17 + self.radius)
        painter(tile, hex_rgb(terrain_type.colour), self.radius, rng)
        tile.blit(self.mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        return tile


def _rand_point(rng: random.Random, w: int, h: int, r: float, inset: float = 0.8) -> tuple:
    while True:
        x = rng.uniform(-1, 1) * r * inset
        y = rng.uniform(-1, 1) * r * inset
        if abs(x) <= SQRT3 / 2 * r * inset and abs(y) + abs(x) / SQRT3 <= r * inset:
            return w / 2 + x, h / 2 + y


def _paint_sea(tile: pygame.Surface, base: RGB, r: int, rng: random.Random) -> None:
    w, h = tile.get_size()
    colour = (*lighter(base, 0.35), 60)
    for _ in range(rng.randint(0, 2)):
        x, y = _rand_point(rng, w, h, r, 0.6)
        s = r * 0.18
        pygame.draw.arc(tile, colour, (x - s, y - s / 2, s, s), 0, math.pi, 1)
        pygame.draw.arc(tile, colour, (x, y - s / 2, s, s), 0, math.pi, 1)


def _paint_open(tile: pygame.Surface, base: RGB, r: int, rng: random.Random) -> None:
    """Faint field strips: a patchwork of fields seen from the air."""
    w, h = tile.get_size()
    angle = rng.uniform(0, math.pi)
    ux, uy = math.cos(angle), math.sin(angle)
    colour = (*darker(base, 0.16), 70)
    spacing = max(3.0, r * 0.28)
    for k in range(-6, 7):
        ox, oy = w / 2 - uy * k * spacing, h / 2 + ux * k * spacing
        if rng.random() < 0.5:
            start, end = (ox - ux * r, oy - uy * r), (ox + ux * r, oy + uy * r)
            pygame.draw.line(tile, colour, start, end, 1)
    hedge = (*darker(base, 0.35), 90)
    for _ in range(2):
        x, y = _rand_point(rng, w, h, r, 0.7)
        a = rng.uniform(0, math.pi)
        end = (x + math.cos(a) * r * 0.6, y + math.sin(a) * r * 0.6)
        pygame.draw.line(tile, hedge, (x, y), end, 1)


def _paint_dunes(tile: pygame.Surface, base: RGB, r: int, rng: random.Random) -> None:
    w, h = tile.get_size()
    colour = (*darker(base, 0.3), 150)
    for _ in range(int(14 * (r / 20) ** 2) + 4):
        x, y = _rand_point(rng, w, h, r)
        tile.fill(colour, (round(x), round(y), 1, 1))
    arc = (*darker(base, 0.22), 120)
    for _ in range(2):
        x, y = _rand_point(rng, w, h, r, 0.6)
        s = r * 0.35
        pygame.draw.arc(tile, arc, (x - s, y - s / 3, 2 * s, s), 0.2, math.pi - 0.2, 1)


def _paint_woods(tile: pygame.Surface, base: RGB, r: int, rng: random.Random) -> None:
    w, h = tile.get_size()
    dark = darker(base, 0.35)
    light = lighter(base, 0.18)
    n = int(9 * (r / 20) ** 2) + 4
    for _ in range(n):
        x, y = _rand_point(rng, w, h, r, 0.85)
        s = max(1.5, r * rng.uniform(0.1, 0.15))
        pygame.draw.circle(tile, (*dark, 230), (x, y + s * 0.25), s)
        pygame.draw.circle(tile, (*light, 200), (x - s * 0.3, y - s * 0.3), s * 0.45)


def _paint_heights(tile: pygame.Surface, base: RGB, r: int, rng: random.Random) -> None:
    w, h = tile.get_size()
    colour = (*darker(base, 0.3), 120)
    for k in (0.75, 0.5, 0.28):
        jx, jy = rng.uniform(-0.08, 0.08) * r, rng.uniform(-0.08, 0.08) * r
        rect = pygame.Rect(0, 0, r * 1.6 * k, r * 1.1 * k)
        rect.center = (round(w / 2 + jx), round(h / 2 + jy))
        pygame.draw.ellipse(tile, colour, rect, 1)


def _paint_cliffs(tile: pygame.Surface, base: RGB, r: int, rng: random.Random) -> None:
    w, h = tile.get_size()
    colour = (*darker(base, 0.25), 140)
    for _ in range(int(5 * (r / 20) ** 2) + 3):
        x, y = _rand_point(rng, w, h, r, 0.75)
        s = r * 0.12
        triangle = [(x, y - s), (x - s, y + s * 0.6), (x + s, y + s * 0.6)]
        pygame.draw.polygon(tile, colour, triangle, 1)


def _paint_marsh(tile: pygame.Surface, base: RGB, r: int, rng: random.Random) -> None:
    """The map symbol for marsh: a short water line with tufts of reeds above it."""
    w, h = tile.get_size()
    water = (46, 96, 120, 190)
    reed = (*darker(base, 0.45), 210)
    for _ in range(int(5 * (r / 20) ** 2) + 3):
        x, y = _rand_point(rng, w, h, r, 0.72)
        s = max(3.0, r * 0.2)
        pygame.draw.line(tile, water, (x - s, y), (x + s, y), 1)
        for dx in (-0.45, 0.0, 0.45):
            pygame.draw.line(tile, reed, (x + dx * s, y - 1), (x + dx * s * 1.3, y - s * 0.6), 1)


def _paint_inundated(tile: pygame.Surface, base: RGB, r: int, rng: random.Random) -> None:
    w, h = tile.get_size()
    colour = (*darker(base, 0.3), 170)
    spacing = max(3.0, r * 0.3)
    y = h / 2 - r + rng.uniform(0, spacing)
    while y < h / 2 + r:
        pts = []
        for i in range(12):
            x = w / 2 - r + i * (2 * r / 11)
            pts.append((x, y + math.sin(i * 1.6 + y) * max(1.0, r * 0.05)))
        pygame.draw.lines(tile, colour, False, pts, 1)
        y += spacing
    _paint_marsh(tile, base, max(9, r // 2), rng)


def _paint_urban(tile: pygame.Surface, base: RGB, r: int, rng: random.Random) -> None:
    """Blocks of houses along streets, the way a 1940s map draws a town."""
    w, h = tile.get_size()
    block = (*darker(base, 0.38), 220)
    roof = (*lighter(base, 0.1), 200)
    step = max(4.0, r * 0.32)
    angle = rng.uniform(-0.4, 0.4)
    ca, sa = math.cos(angle), math.sin(angle)
    for i in range(-4, 5):
        for j in range(-4, 5):
            if rng.random() < 0.22:
                continue
            lx, ly = i * step, j * step
            x = w / 2 + lx * ca - ly * sa
            y = h / 2 + lx * sa + ly * ca
            bw, bh = step * rng.uniform(0.45, 0.75), step * rng.uniform(0.45, 0.75)
            rect = pygame.Rect(0, 0, max(2, round(bw)), max(2, round(bh)))
            rect.center = (round(x), round(y))
            tile.fill(block, rect)
            if rect.width > 4:
                tile.fill(roof, rect.inflate(-3, -3))


_PAINTERS = {
    "sea": _paint_sea,
    "open": _paint_open,
    "dunes": _paint_dunes,
    "woods": _paint_woods,
    "heights": _paint_heights,
    "cliffs": _paint_cliffs,
    "marsh": _paint_marsh,
    "inundated": _paint_inundated,
    "urban": _paint_urban,
}
