"""Place names on the map, set around the counters so that a name stays readable whatever
stands on its hex.

The names are not drawn into the pre-drawn terrain layer, where a counter would cover them:
`lay_out` places each one (ports and cities first) beside its place — under the counters of
its own hex when it holds a stack — where it touches neither a counter nor a name placed
before it. The name of a port, a city or a place with units on it that finds no such room is
drawn on a backing plate over whatever it overlaps, at the spot where it hides least, so it can
still be read; any other name with no room is left out, as the terrain layer always left out
names with no room among the others.
Everything here is in layer pixels, so a layout holds while the camera pans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from engine.hexgrid import Hex

PLATE: tuple[int, int, int, int] = (250, 244, 226, 232)  # paper, nearly opaque
PLATE_EDGE: tuple[int, int, int, int] = (70, 58, 40, 200)
GAP = 0.68  # radii from a place's marker to its name beside an empty hex
CLEAR = 2  # pixels between a stack and the name under or beside it


@dataclass(frozen=True)
class PlaceLabel:
    """A place's name as drawn at one zoom: the text, where the place is, what it names."""

    place: str
    hex: Hex | None  # the hex holding the place (its stack, if any, decides where the name goes)
    text: pygame.Surface
    anchor: tuple[float, float]  # the place's marker, in layer pixels
    must: bool  # ports and cities: always named, on a plate if need be


@dataclass(frozen=True)
class PlacedLabel:
    place: str
    rect: pygame.Rect  # in layer pixels
    plate: bool  # no free room: drawn on a backing plate over what lies under it


def candidates(label: PlaceLabel, radius: int, own: pygame.Rect | None) -> list[pygame.Rect]:
    """Where the name may go, best first. Beside the marker of an empty hex: right, left,
    above, below; on a hex with a stack: under it, right, left, above. Then each of those
    nudged along its side (a name slides along a crowded neighbour), then pushed half a
    radius further out."""
    w, h = label.text.get_size()
    x, y = label.anchor
    if own is None:
        gap = radius * GAP
        spots = [(x + gap, y - h / 2, 1, 0), (x - gap - w, y - h / 2, -1, 0),
                 (x - w / 2, y - radius * 0.7 - h, 0, -1), (x - w / 2, y + radius * 0.7, 0, 1)]
    else:
        middle = own.centery
        spots = [(own.centerx - w / 2, own.bottom + CLEAR, 0, 1),
                 (own.right + CLEAR, middle - h / 2, 1, 0),
                 (own.left - CLEAR - w, middle - h / 2, -1, 0),
                 (own.centerx - w / 2, own.top - CLEAR - h, 0, -1)]
    out = [(sx, sy) for sx, sy, _, _ in spots]
    for sx, sy, _, dy in spots:  # along its side: a third of the name, or half a line
        out += [(sx + w / 3, sy), (sx - w / 3, sy)] if dy else [(sx, sy - h / 2), (sx, sy + h / 2)]
    push = radius / 2
    out += [(sx + dx * push, sy + dy * push) for sx, sy, dx, dy in spots]
    return [pygame.Rect(round(sx), round(sy), w, h) for sx, sy in out]


def _overlap(rect: pygame.Rect, others: Sequence[pygame.Rect]) -> int:
    """Pixels of `rect` that the rectangles in `others` cover (counted once each)."""
    return sum(clip.width * clip.height for i in rect.collidelistall(others)
               if (clip := rect.clip(others[i])))


def lay_out(labels: Sequence[PlaceLabel], radius: int, stacks: dict[Hex, pygame.Rect],
            obstacles: Sequence[pygame.Rect], bounds: pygame.Rect) -> list[PlacedLabel]:
    """Place every name, in the order given (the first wins a collision). `stacks` holds each
    occupied hex's counters (disc and tags included), `obstacles` everything a name should
    not cover: those stacks and the objective marks."""
    taken: list[pygame.Rect] = []
    out: list[PlacedLabel] = []
    for label in labels:
        own = stacks.get(label.hex) if label.hex is not None else None
        spots = [r for r in candidates(label, radius, own) if bounds.contains(r)] or \
            [candidates(label, radius, own)[0].clamp(bounds)]
        # names may touch at their halo's edge; counters and marks not at all
        costs = [(r.inflate(-4, -6).collidelist(taken) >= 0, _overlap(r, obstacles))
                 for r in spots]
        best = min(range(len(spots)), key=lambda i: costs[i])  # the first of equal ones
        clashes, hidden = costs[best]
        if (clashes or hidden) and not (label.must or own is not None):
            continue  # no room for a minor name of an empty hex: left out, not over a counter
        rect = spots[best]
        out.append(PlacedLabel(label.place, rect, plate=clashes or hidden > 0))
        taken.append(rect)
    return out


def plated(text: pygame.Surface) -> pygame.Surface:
    """The name on a rounded backing plate, the size of the name (its halo is the margin)."""
    out = pygame.Surface(text.get_size(), pygame.SRCALPHA)
    rect = out.get_rect()
    pygame.draw.rect(out, PLATE, rect, border_radius=4)
    pygame.draw.rect(out, PLATE_EDGE, rect, 1, border_radius=4)
    out.blit(text, (0, 0))
    return out
