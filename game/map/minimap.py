"""The minimap: the whole campaign map in a small frame, units as dots, the view as a box.
Clicking or dragging on it moves the camera there.
"""

from __future__ import annotations

import pygame

from game.map.camera import Camera, layer_pad, px_per_km
from game.map.render import MapRenderer
from game.palette import INK, SELECT, hex_rgb
from game.session import Session


class Minimap:
    def __init__(self, session: Session, renderer: MapRenderer, camera: Camera) -> None:
        self.session = session
        self.renderer = renderer
        self.camera = camera
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._base: pygame.Surface | None = None
        self._scale = 1.0
        self._offset = (0.0, 0.0)
        self._dots: pygame.Surface | None = None
        self._dots_key: object = None
        self._terrain_version = renderer.terrain_version

    def fit(self, max_rect: pygame.Rect) -> pygame.Rect:
        """Place the minimap inside `max_rect`, keeping the map's proportions; returns its rect."""
        layer = self.renderer.labelled(0)  # the terrain layer has no names: they go round
        lw, lh = layer.get_size()           # the counters; here nothing stands on the map
        scale = min(max_rect.width / lw, max_rect.height / lh)
        width, height = max(1, round(lw * scale)), max(1, round(lh * scale))
        self.rect = pygame.Rect(0, 0, width, height)
        self.rect.midtop = max_rect.midtop
        self._base = pygame.transform.smoothscale(layer, (width, height))
        self._scale = scale
        radius = self.renderer_radius()
        self._offset = layer_pad(radius)
        return self.rect

    def renderer_radius(self) -> int:
        from game.map.camera import ZOOM_RADII

        return ZOOM_RADII[0]

    def _km_to_mini(self, x_km: float, y_km: float) -> tuple[float, float]:
        s = px_per_km(self.renderer_radius(), self.camera.grid.hex_size_km)
        return (
            self.rect.left + (self._offset[0] + x_km * s) * self._scale,
            self.rect.top + (self._offset[1] + y_km * s) * self._scale,
        )

    def _mini_to_km(self, mx: float, my: float) -> tuple[float, float]:
        s = px_per_km(self.renderer_radius(), self.camera.grid.hex_size_km)
        return (
            ((mx - self.rect.left) / self._scale - self._offset[0]) / s,
            ((my - self.rect.top) / self._scale - self._offset[1]) / s,
        )

    def contains(self, pos: tuple[int, int]) -> bool:
        return self.rect.collidepoint(pos)

    def jump(self, pos: tuple[int, int]) -> None:
        self.camera.centre_on(*self._mini_to_km(*pos))

    def _units_layer(self, selected: str | None) -> pygame.Surface:
        """The map with a dot per unit, redrawn only when the position or selection changes."""
        key = (self.session.revision, selected, self.rect.size, self._terrain_version)
        if self._dots is not None and self._dots_key == key:
            return self._dots
        layer = self._base.copy()
        grid = self.camera.grid
        colours = {s.id: hex_rgb(s.colour) for s in self.session.facts.scenario.sides}
        for unit in self.session.units():
            if unit.hex is None:
                continue
            x, y = self._km_to_mini(*grid.centre_km(unit.hex))
            size = 4 if unit.id != selected else 6
            rect = pygame.Rect(0, 0, size, size)
            rect.center = (round(x - self.rect.left), round(y - self.rect.top))
            layer.fill(INK, rect.inflate(2, 2))
            layer.fill(SELECT if unit.id == selected else colours.get(unit.side, INK), rect)
        self._dots, self._dots_key = layer, key
        return layer

    def draw(self, surface: pygame.Surface, selected: str | None = None) -> None:
        if self._base is None:
            return
        if self._terrain_version != self.renderer.terrain_version:  # a flood's day
            self._terrain_version = self.renderer.terrain_version
            self._base = pygame.transform.smoothscale(self.renderer.labelled(0), self.rect.size)
        surface.blit(self._units_layer(selected), self.rect)
        west, north, east, south = self.camera.visible_km()
        x0, y0 = self._km_to_mini(west, north)
        x1, y1 = self._km_to_mini(east, south)
        view = pygame.Rect(round(x0), round(y0), round(x1 - x0), round(y1 - y0)).clip(self.rect)
        pygame.draw.rect(surface, (255, 255, 255), view, 2)
        pygame.draw.rect(surface, INK, view.inflate(2, 2), 1)
        pygame.draw.rect(surface, INK, self.rect.inflate(4, 4), 2)
