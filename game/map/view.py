"""Draws one frame of the map: the pre-drawn layer, markers, overlays, highlights and counters.

Everything dynamic comes from the session (engine state and queries); the static layer from
`MapRenderer`. Only what lies inside the viewport is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import pygame

from engine.hexgrid import Hex
from game.map.camera import ZOOM_RADII, Camera, hex_corners, layer_pad, layer_size, px_per_km
from game.map.counters import CounterCache, CounterLook
from game.map.labels import PlacedLabel, lay_out, plated
from game.map.markers import hex_fill, objective_symbol, works_symbol
from game.map.render import MapRenderer
from game.palette import PATH, SELECT, TABLE, hex_rgb
from game.session import Reachable, Session, UnitView
from game.text.fonts import halo_text
from game.text.i18n import short_date

OBJECTIVE_RING = (150, 24, 24, 170)  # a place an objective needs, not yet held by its side
STACK_SHOWN = 4  # counters drawn of a stack (the disc tells how many it holds)


@dataclass
class ViewState:
    """What the player is doing right now, as far as drawing is concerned."""

    selected: str | None = None
    hover_hex: Hex | None = None
    reach: dict[Hex, Reachable] = field(default_factory=dict)
    path: tuple[Hex, ...] = ()
    attack_target: Hex | None = None
    overlays: set[str] = field(default_factory=set)
    moving: dict[str, tuple[float, float]] = field(default_factory=dict)  # unit -> screen pos
    group: list[str] = field(default_factory=list)  # units added to the next assault
    numbers: bool = False  # N: each stack's men written under it


class MapView:
    def __init__(self, session: Session, renderer: MapRenderer, camera: Camera) -> None:
        self.session = session
        self.renderer = renderer
        self.camera = camera
        self.counters = CounterCache()
        self._unit_surfaces: dict[str, pygame.Surface] = {}
        self._surfaces_key: tuple[int, int] = (-1, -1)
        self._names: list[tuple[pygame.Rect, pygame.Surface]] = []  # laid out, layer pixels
        self._names_key: tuple[object, ...] = ()

    def counter_surface(self, unit: UnitView, size: int) -> pygame.Surface:
        """The unit's counter at `size`, cached until the position changes (revision)."""
        key = (self.session.revision, size)
        if key != self._surfaces_key:
            self._unit_surfaces.clear()
            self._surfaces_key = key
        surface = self._unit_surfaces.get(unit.id)
        if surface is None:
            surface = self.counters.get(self.look(unit), size)
            self._unit_surfaces[unit.id] = surface
        return surface

    # --- helpers --------------------------------------------------------------------------
    def counter_size(self) -> int:
        return max(9, round(self.camera.radius * 1.22))

    def stack_step(self) -> int:
        return max(2, round(self.camera.radius / 7))

    def stack_origin(self, cx: float, cy: float, shown: int) -> tuple[float, float]:
        """Where the bottom counter of a stack of `shown` counters goes (each next one a step
        up and right), for a hex centred on (cx, cy)."""
        size, step = self.counter_size(), self.stack_step()
        return cx - size / 2 - step * (shown - 1) / 2, cy - size / 2 + step * (shown - 1) / 2

    def stack_box(self, cx: float, cy: float, count: int, numbers: bool) -> pygame.Rect:
        """What a stack of `count` units covers: its counters, the disc with their number, and
        the tag with their men when N shows them."""
        size, step, radius = self.counter_size(), self.stack_step(), self.camera.radius
        shown = min(count, STACK_SHOWN)
        x, y = self.stack_origin(cx, cy, shown)
        lift = step * (shown - 1)
        box = pygame.Rect(math.floor(x), math.floor(y - lift), math.ceil(size + lift) + 1,
                          math.ceil(size + lift) + 1)
        if count > 1 and radius >= 12:
            disc = _stack_disc(count, max(9, round(radius * 0.36)))
            box.union_ip(disc.get_rect(topleft=(round(x + lift + size - disc.get_width() * 0.6),
                                                round(y - lift - disc.get_height() * 0.4))))
        if numbers and radius >= 12:
            box.height += max(9, round(radius * 0.34)) + 2
        return box

    def look(self, unit: UnitView) -> CounterLook:
        fill, stripe = self.session.counter_colours(unit)
        return CounterLook(
            symbol=unit.symbol,
            echelon=unit.echelon,
            fill=fill,
            stripe=stripe,
            label=unit.short,
            strength_share=1.0 if unit.estimated else round(unit.strength_share, 2),
            marks=unit.marks,
            men=unit.men if self.counter_size() >= 50 and not unit.estimated else 0,
        )

    def visible_hexes(self) -> tuple[int, int, int, int]:
        """Column and row ranges (inclusive) that can show in the viewport."""
        grid = self.camera.grid
        west, north, east, south = self.camera.visible_km()
        c0 = max(0, int(west / grid.hex_size_km) - 1)
        c1 = min(grid.cols - 1, int(east / grid.hex_size_km) + 1)
        r0 = max(0, int(north / grid.row_height_km) - 1)
        r1 = min(grid.rows - 1, int(south / grid.row_height_km) + 1)
        return c0, c1, r0, r1

    def _in_view(self, hex_: Hex, box: tuple[int, int, int, int]) -> bool:
        c0, c1, r0, r1 = box
        return c0 <= hex_[0] <= c1 and r0 <= hex_[1] <= r1

    def stack_at(self, sx: float, sy: float) -> list[UnitView]:
        hex_ = self.camera.hex_at(sx, sy)
        if hex_ is None:
            return []
        return self.session.units_at(hex_)

    # --- frame ----------------------------------------------------------------------------
    def draw(self, target: pygame.Surface, view: ViewState) -> None:
        cam = self.camera
        vx, vy, vw, vh = cam.viewport
        clip = pygame.Rect(vx, vy, vw, vh)
        previous_clip = target.get_clip()
        target.set_clip(clip)
        target.fill(TABLE, clip)
        self.renderer.focus = cam.zoom
        layer = self.renderer.ready(cam.zoom)
        if layer is None:
            self.renderer.request(cam.zoom)
            nearest = self.renderer.nearest_ready(cam.zoom)
            if nearest is None:
                layer = self.renderer.layer_now(cam.zoom)
            else:
                self._blit_scaled(target, *nearest)
        if layer is not None:
            ox, oy = cam.layer_origin()
            target.blit(layer, (vx, vy), pygame.Rect(round(ox), round(oy), vw, vh))
        box = self.visible_hexes()
        radius = cam.radius
        self._draw_overlays(target, view, box)
        self._draw_works(target, box)
        if view.reach:
            fill = hex_fill(radius, (255, 250, 215, 70))
            edge = hex_fill(radius, (255, 240, 150, 150), 2 if radius >= 16 else 1)
            for hex_ in view.reach:
                if self._in_view(hex_, box):
                    cx, cy = cam.hex_centre(hex_)
                    target.blit(fill, (cx - fill.get_width() / 2, cy - fill.get_height() / 2))
                    target.blit(edge, (cx - edge.get_width() / 2, cy - edge.get_height() / 2))
        if view.path:
            pts = [cam.hex_centre(h) for h in view.path]
            if len(pts) >= 2:
                width = max(2, radius // 6)
                pygame.draw.lines(target, (40, 30, 10), False, pts, width + 2)
                pygame.draw.lines(target, PATH, False, pts, width)
                end = pts[-1]
                pygame.draw.circle(target, PATH, end, width * 1.6)
                pygame.draw.circle(target, (40, 30, 10), end, width * 1.6, 1)
        if view.attack_target is not None:
            ring = hex_fill(radius, (220, 40, 30, 200), max(2, radius // 8))
            cx, cy = cam.hex_centre(view.attack_target)
            target.blit(ring, (cx - ring.get_width() / 2, cy - ring.get_height() / 2))
        if view.hover_hex is not None and not view.reach:
            ring = hex_fill(radius, (255, 255, 255, 120), 2 if radius >= 16 else 1)
            cx, cy = cam.hex_centre(view.hover_hex)
            target.blit(ring, (cx - ring.get_width() / 2, cy - ring.get_height() / 2))
        self._draw_counters(target, view, box)
        self._draw_place_names(target, view.numbers)
        self._draw_objectives(target, box)
        if view.overlays:
            self._draw_overlay_labels(target, view, box)
        target.set_clip(previous_clip)

    def _blit_scaled(self, target: pygame.Surface, zoom: int, layer: pygame.Surface) -> None:
        """Stand-in while the layer for this zoom is being drawn: another zoom's, scaled."""
        cam = self.camera
        vx, vy, vw, vh = cam.viewport
        radius = ZOOM_RADII[zoom]
        factor = cam.radius / radius
        west, north = cam.to_km(vx, vy)
        pad_x, pad_y = layer_pad(radius)
        s = px_per_km(radius, cam.grid.hex_size_km)
        sx, sy = pad_x + west * s, pad_y + north * s
        wanted = pygame.Rect(math.floor(sx), math.floor(sy), math.ceil(vw / factor) + 2,
                             math.ceil(vh / factor) + 2)
        src = wanted.clip(layer.get_rect())
        if src.width <= 0 or src.height <= 0:
            return
        part = pygame.transform.scale(
            layer.subsurface(src), (round(src.width * factor), round(src.height * factor))
        )
        target.blit(part, (vx + (src.x - sx) * factor, vy + (src.y - sy) * factor))

    def _draw_works(self, target: pygame.Surface, box: tuple[int, int, int, int]) -> None:
        radius = self.camera.radius
        for hex_, level in self.session.works_hexes().items():
            if level <= 0 or not self._in_view(hex_, box):
                continue
            symbol = works_symbol(radius, round(level))
            cx, cy = self.camera.hex_centre(hex_)
            target.blit(symbol, (cx - symbol.get_width() / 2, cy - symbol.get_height() / 2))

    def _draw_objectives(self, target: pygame.Surface, box: tuple[int, int, int, int]) -> None:
        progress = self.session.progress()
        for objective in self.session.facts.objectives:
            done = progress[objective.place_id]
            self._outline_places(target, box, done.places, done.held, done.side)
        for hex_, surface, pos in self._objective_marks(self.camera.hex_centre):
            if self._in_view(hex_, box):
                target.blit(surface, pos)

    def _objective_marks(self, centre: Callable[[Hex], tuple[float, float]]
                         ) -> list[tuple[Hex, pygame.Surface, tuple[float, float]]]:
        """Each objective's star, its count of places held and the date it fell in 1944, with
        where they go round the hex's centre as `centre` gives it (screen or layer pixels)."""
        radius = self.camera.radius
        facts = self.session.facts
        progress = self.session.progress()
        out: list[tuple[Hex, pygame.Surface, tuple[float, float]]] = []
        for objective in facts.objectives:
            done = progress[objective.place_id]
            # the star takes the attacker's colour only once the objective counts as taken
            colour = hex_rgb(facts.side_colour(self.session.objective_holder(done.objective)))
            symbol = objective_symbol(radius, colour, objective.points, "")
            cx, cy = centre(objective.hex)
            # the star sits on the hex's upper-left corner, over the counters
            x = cx - radius * 0.62 - symbol.get_width() / 2
            y = cy - radius * 0.62 - symbol.get_height() / 2
            out.append((objective.hex, symbol, (x, y)))
            if not done.taken and len(done.places) > 1 and radius >= 16:
                count = halo_text(f"{len(done.held)}/{len(done.places)}",
                                  max(10, round(radius * 0.32)), (110, 20, 20), style="bold")
                out.append((objective.hex, count, (x + symbol.get_width() - 2, y)))
            if objective.fell is not None and radius >= 21:
                caption = short_date(objective.fell, self.session.lang, year=False)
                text = halo_text(caption, max(10, round(radius * 0.34)), (120, 20, 16),
                                 (250, 244, 226, 235), "bold_italic")
                out.append((objective.hex, text, (cx - text.get_width() / 2, cy + radius * 0.6)))
        return out

    # --- place names ----------------------------------------------------------------------
    def _draw_place_names(self, target: pygame.Surface, numbers: bool) -> None:
        """The place names, over the counters: each beside its place where nothing stands,
        or on a plate (see `labels.py`); laid out again only when the position changes."""
        cam = self.camera
        key = (cam.zoom, self.session.revision, numbers, self.session.lang)
        if key != self._names_key:
            texts = {label.place: label.text for label in self.renderer.place_labels(cam.radius)}
            self._names = [(placed.rect, plated(texts[placed.place]) if placed.plate
                            else texts[placed.place]) for placed in self.lay_out_names(numbers)]
            self._names_key = key
        vx, vy, vw, vh = cam.viewport
        ox, oy = cam.layer_origin()
        shown = pygame.Rect(math.floor(ox), math.floor(oy), vw + 1, vh + 1)
        for rect, surface in self._names:
            if rect.colliderect(shown):
                target.blit(surface, (vx + rect.x - ox, vy + rect.y - oy))

    def lay_out_names(self, numbers: bool) -> list[PlacedLabel]:
        """Where each place name goes at the camera's zoom, round the stacks of the position
        shown and the objectives' marks (layer pixels)."""
        radius = self.camera.radius
        grid = self.camera.grid
        renderer = self.renderer

        def centre(hex_: Hex) -> tuple[float, float]:
            return renderer.to_layer(radius, *grid.centre_km(hex_))

        stacks = {hex_: self.stack_box(*centre(hex_), len(stack), numbers)
                  for hex_, stack in self.session.stacks().items()}
        marks = [surface.get_rect(topleft=(round(x), round(y)))
                 for _, surface, (x, y) in self._objective_marks(centre)]
        bounds = pygame.Rect((0, 0), layer_size(grid, radius))
        return lay_out(renderer.place_labels(radius), radius, stacks,
                       [*stacks.values(), *marks], bounds)

    def _outline_places(self, target: pygame.Surface, box: tuple[int, int, int, int],
                        places: tuple[str, ...], held: tuple[str, ...], side: str) -> None:
        """Ring every hex an objective needs: in its side's colour where held, else dark red."""
        radius = self.camera.radius
        width = max(2, radius // 8)
        side_colour = (*hex_rgb(self.session.facts.side_colour(side)), 220)
        for place in places:
            hex_ = self.session.facts.place_hex.get(place)
            if hex_ is None or not self._in_view(hex_, box):
                continue
            ring = hex_fill(radius - 1, side_colour if place in held else OBJECTIVE_RING, width)
            cx, cy = self.camera.hex_centre(hex_)
            target.blit(ring, (cx - ring.get_width() / 2, cy - ring.get_height() / 2))

    def _draw_counters(self, target: pygame.Surface, view: ViewState,
                       box: tuple[int, int, int, int]) -> None:
        cam = self.camera
        size = self.counter_size()
        step = self.stack_step()
        selected_pos: tuple[float, float] | None = None
        for hex_, stack in self.session.stacks().items():
            if not self._in_view(hex_, box):
                continue
            cx, cy = cam.hex_centre(hex_)
            # the selected unit is drawn on top of its stack
            ordered = sorted(stack, key=lambda u: (u.id == view.selected, -u.men))
            ordered = ordered[-STACK_SHOWN:]
            base_x, base_y = self.stack_origin(cx, cy, len(ordered))
            for i, unit in enumerate(ordered):
                if unit.id in view.moving:
                    continue
                x = base_x + i * step
                y = base_y - i * step
                target.blit(self.counter_surface(unit, size), (x, y))
                if unit.id == view.selected:
                    selected_pos = (x, y)
                elif unit.id in view.group:
                    pygame.draw.rect(target, (255, 236, 150),
                                     pygame.Rect(round(x) - 1, round(y) - 1, size + 2, size + 2),
                                     2, border_radius=4)
            top = len(ordered) - 1
            if len(stack) > 1 and cam.radius >= 12:  # how many units the stack holds
                disc = _stack_disc(len(stack), max(9, round(cam.radius * 0.36)))
                target.blit(disc, (base_x + top * step + size - disc.get_width() * 0.6,
                                   base_y - top * step - disc.get_height() * 0.4))
            if view.numbers and cam.radius >= 12:
                men = "?" if any(u.estimated for u in stack) else _men(sum(u.men for u in stack))
                tag = _badge(men, max(9, round(cam.radius * 0.34)), (250, 246, 230),
                             (20, 16, 10))
                target.blit(tag, (cx - tag.get_width() / 2, base_y + size - 2))
        for unit_id, (sx, sy) in view.moving.items():
            unit = self.session.unit(unit_id)
            if unit is not None:
                target.blit(self.counter_surface(unit, size), (sx - size / 2, sy - size / 2))
        if selected_pos is not None:
            rect = pygame.Rect(round(selected_pos[0]) - 2, round(selected_pos[1]) - 2,
                               size + 4, size + 4)
            pygame.draw.rect(target, SELECT, rect, 2 if size < 30 else 3, border_radius=4)

    # --- overlays -------------------------------------------------------------------------
    def _draw_overlays(self, target: pygame.Surface, view: ViewState,
                       box: tuple[int, int, int, int]) -> None:
        """Overlay fills, under the counters."""
        if not view.overlays:
            return
        cam = self.camera
        radius = cam.radius
        session = self.session
        if "supply" in view.overlays:
            fill = hex_fill(radius, (210, 40, 30, 70))
            edge_w = max(2, radius // 8)
            occupied = session.stacks()
            for pocket in session.pockets():
                for hex_ in pocket:
                    if not self._in_view(hex_, box):
                        continue
                    cx, cy = cam.hex_centre(hex_)
                    if hex_ in occupied:
                        target.blit(fill, (cx - fill.get_width() / 2,
                                           cy - fill.get_height() / 2))
                    for direction, (a, b) in enumerate(_EDGE_CORNERS):
                        if cam.grid.neighbour(hex_, direction) not in pocket:
                            corners = hex_corners(cx, cy, radius)
                            pygame.draw.line(target, (190, 30, 25), corners[a], corners[b],
                                             edge_w)
            for path, colour in session.supply_paths():
                pts = [cam.hex_centre(h) for h in path]
                if len(pts) >= 2:
                    pygame.draw.lines(target, colour, False, pts, max(1, radius // 10))
        if "zoc" in view.overlays:
            for side in (s.id for s in session.loaded.scenario.sides):
                colour = (*hex_rgb(session.facts.side_colour(side)), 70)
                fill = hex_fill(radius, colour)
                for hex_ in session.zoc(side):
                    if self._in_view(hex_, box):
                        cx, cy = cam.hex_centre(hex_)
                        target.blit(fill, (cx - fill.get_width() / 2, cy - fill.get_height() / 2))
        if "forts" in view.overlays:
            for hex_, level in session.works_hexes().items():
                if not self._in_view(hex_, box):
                    continue
                tint = hex_fill(radius, (90, 60, 40, min(200, 50 + round(level * 35))))
                cx, cy = cam.hex_centre(hex_)
                target.blit(tint, (cx - tint.get_width() / 2, cy - tint.get_height() / 2))
        if "civilians" in view.overlays:
            facts = session.facts
            for place_id, people in session.civilians().items():
                hex_ = facts.place_hex.get(place_id)
                if hex_ is None or not self._in_view(hex_, box):
                    continue
                cx, cy = cam.hex_centre(hex_)
                r = max(4.0, radius * 0.18 * (people / 1000) ** 0.5)
                disc = pygame.Surface((2 * r + 2, 2 * r + 2), pygame.SRCALPHA)
                pygame.draw.circle(disc, (160, 60, 150, 120), (r + 1, r + 1), r)
                pygame.draw.circle(disc, (90, 20, 90, 220), (r + 1, r + 1), r, 2)
                target.blit(disc, (cx - r - 1, cy - r - 1))

    def _draw_overlay_labels(self, target: pygame.Surface, view: ViewState,
                             box: tuple[int, int, int, int]) -> None:
        """Overlay numbers, over the counters so they stay readable."""
        cam = self.camera
        radius = cam.radius
        session = self.session
        if "forts" in view.overlays:
            size = max(10, round(radius * 0.42))
            for hex_, level in session.works_hexes().items():
                if not self._in_view(hex_, box):
                    continue
                cx, cy = cam.hex_centre(hex_)
                label = f"{level:.1f}".rstrip("0").rstrip(".")
                badge = _badge(label, size, (84, 56, 36), (255, 248, 228))
                target.blit(badge, (cx + radius * 0.62 - badge.get_width() / 2,
                                    cy - radius * 0.62 - badge.get_height() / 2))
        if "civilians" in view.overlays:
            size = max(10, round(radius * 0.4))
            facts = session.facts
            for place_id, people in session.civilians().items():
                hex_ = facts.place_hex.get(place_id)
                if hex_ is None or not self._in_view(hex_, box):
                    continue
                cx, cy = cam.hex_centre(hex_)
                label = f"{people / 1000:.1f}k" if people >= 1000 else str(people)
                badge = _badge(label, size, (110, 30, 110), (255, 240, 255))
                target.blit(badge, (cx - badge.get_width() / 2, cy + radius * 0.52))


# Corner pairs of each hexside, in the engine's direction order E, NE, NW, W, SW, SE.
_EDGE_CORNERS = ((1, 2), (0, 1), (5, 0), (4, 5), (3, 4), (2, 3))


def _badge(text: str, size: int, fill: tuple[int, int, int],
           ink: tuple[int, int, int]) -> pygame.Surface:
    """A small rounded label (overlay numbers)."""
    from game.text.fonts import font

    face = font(size, "bold")
    rendered = face.render(text, True, ink)
    out = pygame.Surface((rendered.get_width() + 8, rendered.get_height() + 2), pygame.SRCALPHA)
    pygame.draw.rect(out, (*fill, 235), out.get_rect(), border_radius=5)
    pygame.draw.rect(out, (20, 16, 10, 255), out.get_rect(), 1, border_radius=5)
    out.blit(rendered, (4, 1))
    return out


def _men(men: int) -> str:
    """A stack's men for its tag: 800, 2.4k, 12k."""
    if men >= 10_000:
        return f"{men / 1000:.0f}k"
    return f"{men / 1000:.1f}k" if men >= 1000 else str(men)


@lru_cache(maxsize=64)
def _stack_disc(count: int, size: int) -> pygame.Surface:
    """A white disc with the number of units in a stack (round, unlike the overlays' labels)."""
    from game.text.fonts import font

    text = font(size, "bold").render(str(count), True, (20, 16, 10))
    r = max(text.get_width(), text.get_height()) // 2 + 2
    out = pygame.Surface((2 * r + 2, 2 * r + 2), pygame.SRCALPHA)
    pygame.draw.circle(out, (255, 250, 232), (r + 1, r + 1), r)
    pygame.draw.circle(out, (20, 16, 10), (r + 1, r + 1), r, 2)
    out.blit(text, text.get_rect(center=(r + 1, r + 1)))
    return out
