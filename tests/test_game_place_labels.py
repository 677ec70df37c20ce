"""Place names stay readable where units stand. The names were drawn into the terrain layer,
under the counters: at the default zoom Boulogne, Wimereux, Le Portel, Harfleur and others
were hidden by the units on them or beside them. They are now laid out round the counters
(`game/map/labels.py`): beside the place where nothing stands, else under, beside or above its
stack; the name of a port, a city or a place with units that finds no free room goes on a
backing plate over the counters; a minor name with no room is left out."""

from __future__ import annotations

import os

import pygame
import pytest

from engine.format.loading import load_scenario
from engine.hexgrid import Hex
from game.map.camera import ZOOM_RADII, Camera
from game.map.features import MapFacts
from game.map.labels import PlaceLabel, lay_out
from game.map.render import MapRenderer
from game.map.view import MapView
from game.session import AI, HUMAN, Session, SessionConfig
from tests.conftest import SCENARIOS

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")


@pytest.fixture(scope="module", autouse=True)
def fonts():
    pygame.font.init()
    yield


def text(width: int, height: int = 20) -> pygame.Surface:
    return pygame.Surface((width, height), pygame.SRCALPHA)


def label(place: str, hex_: Hex | None, anchor: tuple[float, float], width: int = 80,
          must: bool = False) -> PlaceLabel:
    return PlaceLabel(place, hex_, text(width), anchor, must)


BOUNDS = pygame.Rect(0, 0, 1000, 1000)


def test_a_name_goes_under_the_stack_on_its_hex() -> None:
    stack = pygame.Rect(478, 478, 44, 44)  # a counter on the place's hex, radius 36
    placed = lay_out([label("town", (5, 5), (500, 500))], 36, {(5, 5): stack}, [stack], BOUNDS)
    assert len(placed) == 1 and not placed[0].plate
    assert placed[0].rect.top >= stack.bottom and not placed[0].rect.colliderect(stack)
    assert placed[0].rect.centerx == pytest.approx(stack.centerx, abs=1)


def test_a_name_with_no_free_room_is_plated_if_it_matters_else_left_out() -> None:
    own = pygame.Rect(478, 478, 44, 44)
    around = [own.move(dx, dy) for dx in range(-220, 221, 44) for dy in range(-132, 133, 44)]
    stacks = {(5, 5): own}
    occupied = lay_out([label("town", (5, 5), (500, 500))], 36, stacks, around, BOUNDS)
    assert len(occupied) == 1 and occupied[0].plate  # units on it: named all the same
    port = lay_out([label("port", (9, 9), (500, 500), must=True)], 36, {}, around, BOUNDS)
    assert len(port) == 1 and port[0].plate
    assert lay_out([label("hamlet", (9, 9), (500, 500))], 36, {}, around, BOUNDS) == []


def test_names_keep_clear_of_each_other_first_come_first_placed() -> None:
    first, second = label("a", None, (500, 500)), label("b", None, (500, 500))
    placed = lay_out([first, second], 36, {}, [], BOUNDS)
    assert [p.place for p in placed] == ["a", "b"]
    assert not placed[0].rect.inflate(-4, -6).colliderect(placed[1].rect)


def view_of(scenario: str) -> tuple[MapView, Session]:
    session = Session(load_scenario(SCENARIOS / scenario), "en", SessionConfig(
        controllers={"allies": HUMAN, "germans": AI}))
    renderer = MapRenderer(MapFacts(session.loaded, "en"))
    return MapView(session, renderer, Camera(session.facts.grid, (0, 0, 1240, 810))), session


@pytest.mark.parametrize("scenario", ["channel_ports_1944.yaml", "le_havre_1944.yaml"])
def test_every_zoom_names_the_places_units_stand_on_clear_of_the_counters(
        scenario: str) -> None:
    view, session = view_of(scenario)
    grid = session.facts.grid
    stacks = session.stacks()
    for zoom, radius in enumerate(ZOOM_RADII):
        view.camera.zoom = zoom
        labels = view.renderer.place_labels(radius)
        names = view.lay_out_names(numbers=False)
        rects = {name.place: name.rect for name in names}
        plates = {name.place for name in names if name.plate}
        boxes = [view.stack_box(*view.renderer.to_layer(radius, *grid.centre_km(h)),
                                len(stack), False) for h, stack in stacks.items()]
        for name in labels:  # every name of a place with units on it is shown
            if name.hex in stacks or name.must:
                assert name.place in rects, (zoom, name.place)
        for place, rect in rects.items():
            if place not in plates:  # a name off a plate never lies under a counter
                assert rect.inflate(-2, -2).collidelist(boxes) < 0, (zoom, place)
        placed = list(rects.items())
        clashes = [(a, b) for i, (a, ra) in enumerate(placed) for b, rb in placed[i + 1:]
                   if ra.inflate(-4, -6).colliderect(rb)]
        assert len(clashes) <= len(plates), (zoom, clashes)  # only plated names may clash
        assert len(plates) <= max(2, len(rects) // 20), (zoom, sorted(plates))  # rare
