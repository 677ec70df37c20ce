"""The off-map targets across the Strait (`scenario.strait.targets`): each marked where it lies
when that is on screen, else pinned to the edge of the map view in its direction with an arrow;
a panel in the view's top-right corner says what the duel has done so far (shells and
civilians killed for each town, guns in action for each battery), read from the engine's
state."""

from __future__ import annotations

import math

import pygame

from engine.format.scenario import StraitTarget, text_in
from engine.state import GameState
from game.map.camera import Camera
from game.map.markers import draw_label_box
from game.text.events import civilians_killed, plural

MARGIN = 18
TOWN = (200, 40, 30)
BATTERY = (40, 60, 160)


def panel_lines(targets: list[StraitTarget], state: GameState, guns_at: dict[str, int],
                lang: str) -> list[str]:
    """The panel: a title, then one line per off-map target."""
    strait = state.strait
    fr = lang == "fr"
    lines = ["De l'autre côté du détroit" if fr else "Across the Strait"]
    for target in targets:
        name = text_in(target.name, lang)
        if target.kind == "town":
            shells = strait.shells.get(target.id, 0) if strait else 0
            killed = strait.killed.get(target.id, 0) if strait else 0
            said = f"{plural(shells, 'shell', lang)}, {civilians_killed(killed, lang)}"
            lines.append(f"{name} : {said}" if fr else f"{name}: {said}")
        else:
            guns = plural(guns_at.get(target.id, 0), "gun_in_action", lang)
            lines.append(f"{name} : {guns}" if fr else f"{name}: {guns}")
    return lines


def edge_point(camera: Camera, x_km: float, y_km: float) -> tuple[tuple[int, int], bool]:
    """Where to draw a point of the map: on screen if it is in the view, else on the view's
    edge (inside MARGIN) along the line from the view's centre; the flag says it was pinned."""
    vx, vy, vw, vh = camera.viewport
    sx, sy = camera.to_screen(x_km, y_km)
    left, top, right, bottom = vx + MARGIN, vy + MARGIN, vx + vw - MARGIN, vy + vh - MARGIN
    if left <= sx <= right and top <= sy <= bottom:
        return (round(sx), round(sy)), False
    cx, cy = vx + vw / 2.0, vy + vh / 2.0
    dx, dy = sx - cx, sy - cy
    t = min((right - cx) / dx if dx > 0 else (left - cx) / dx if dx < 0 else math.inf,
            (bottom - cy) / dy if dy > 0 else (top - cy) / dy if dy < 0 else math.inf)
    return (round(cx + dx * t), round(cy + dy * t)), True


def draw_strait(surface: pygame.Surface, camera: Camera, targets: list[StraitTarget],
                state: GameState, guns_at: dict[str, int], lang: str) -> None:
    """Every off-map target, a disc (town) or a square (battery), and the panel."""
    from game.text.fonts import font

    viewport = pygame.Rect(camera.viewport)
    face = font(12, "bold")
    for target in targets:
        (x, y), pinned = edge_point(camera, *camera.grid.project(target.lat, target.lon))
        colour = TOWN if target.kind == "town" else BATTERY
        if target.kind == "town":
            pygame.draw.circle(surface, colour, (x, y), 7)
            pygame.draw.circle(surface, (255, 255, 255), (x, y), 7, 2)
        else:
            pygame.draw.rect(surface, colour, pygame.Rect(x - 6, y - 6, 12, 12))
            pygame.draw.rect(surface, (255, 255, 255), pygame.Rect(x - 6, y - 6, 12, 12), 2)
        if pinned:  # an arrowhead pointing out of the view, toward the target
            sx, sy = camera.to_screen(*camera.grid.project(target.lat, target.lon))
            angle = math.atan2(sy - y, sx - x)
            tip = (x + 16 * math.cos(angle), y + 16 * math.sin(angle))
            wing = [(x + 9 * math.cos(angle + a), y + 9 * math.sin(angle + a)) for a in (0.6, -0.6)]
            pygame.draw.polygon(surface, colour, [tip, *wing])
        else:
            surface.blit(face.render(text_in(target.name, lang), True, colour), (x + 10, y - 7))
    draw_label_box(surface, panel_lines(targets, state, guns_at, lang),
                   (viewport.right, viewport.top), 12, bounds=viewport)
