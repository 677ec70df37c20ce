"""The guided first turn: five short hints, each pointing at the real thing on the screen —
a unit of one's own, a hex it can reach, the Supply button, an enemy to preview an assault on,
the End turn button. A hint goes on by itself when the player has done what it asks (or with
Next); "End the tour" closes it at any time. It is a plain panel, not a dialog: the map and the
buttons under it keep working, so the player learns by doing.

The screen says where each step points (`anchor`) and whether it is done; this module holds the
steps, their words (English and French) and the panel.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIPanel, UITextBox

from game.text.i18n import tr
from game.widgets.dialogs import esc

STEPS = ("select", "move", "supply", "assault", "end_turn")
WIDTH, HEIGHT = 400, 196
POINTER = (255, 214, 80)  # the ring round what a hint points at, and the line to it


class Tour:
    """The panel of the current hint; `step` is the step's name, None once the tour is over."""

    def __init__(self, manager: pygame_gui.UIManager, lang: str,
                 on_close: Callable[[], None], index: int = 0) -> None:
        self.manager = manager
        self.lang = lang
        self.on_close = on_close
        self.index = index
        self.panel: UIPanel | None = None
        self.text: UITextBox | None = None
        self.next_button: UIButton | None = None
        self.close_button: UIButton | None = None
        self.build()

    @property
    def step(self) -> str | None:
        return STEPS[self.index] if self.index < len(STEPS) else None

    def build(self) -> None:
        """(Re)create the panel for the current step (after a resize or a language change)."""
        if self.step is None:
            return
        self.kill()
        manager, lang = self.manager, self.lang
        self.panel = UIPanel(pygame.Rect(0, 0, WIDTH, HEIGHT), manager=manager,
                             object_id="#tour", starting_height=3)
        title = tr("tour.title", lang, n=self.index + 1, total=len(STEPS))
        body = tr(f"tour.{self.step}", lang)
        self.text = UITextBox(f"<b>{esc(title)}</b><br>{esc(body)}",
                              pygame.Rect(4, 4, WIDTH - 14, HEIGHT - 52), manager,
                              container=self.panel)
        last = self.index == len(STEPS) - 1
        self.next_button = UIButton(pygame.Rect(WIDTH - 132, HEIGHT - 44, 120, 32),
                                    tr("tour.finish" if last else "tour.next", lang), manager,
                                    container=self.panel, command=self.advance)
        self.close_button = UIButton(pygame.Rect(8, HEIGHT - 44, 170, 32),
                                     tr("tour.close", lang), manager, container=self.panel,
                                     command=self.close)

    def advance(self) -> None:
        """On to the next hint (the step was done, or Next was pressed)."""
        self.index += 1
        if self.step is None:
            self.close()
        else:
            self.build()

    def close(self) -> None:
        self.index = len(STEPS)
        self.kill()
        self.on_close()

    def kill(self) -> None:
        if self.panel is not None:
            self.panel.kill()
            self.panel = None

    def place(self, anchor: pygame.Rect | None, viewport: pygame.Rect) -> None:
        """Put the panel in a bottom corner of the map (the top ones hold the turn's summary
        and the Strait's panel) away from what it points at."""
        if self.panel is None:
            return
        x, y = viewport.left + 16, viewport.bottom - HEIGHT - 16
        if anchor is not None and not viewport.colliderect(anchor):  # a button: just above it
            x = min(max(anchor.centerx - WIDTH // 2, viewport.left + 16),
                    viewport.right - WIDTH - 16)
            if anchor.bottom <= viewport.top:
                y = viewport.top + 16
        elif anchor is not None:
            if anchor.centerx < viewport.centerx:
                x = viewport.right - WIDTH - 16
            if anchor.centery > viewport.bottom - HEIGHT - 40:
                y = viewport.top + 16
        if self.panel.rect.topleft != (x, y):
            self.panel.set_position((x, y))

    def draw_pointer(self, surface: pygame.Surface, anchor: pygame.Rect | None,
                     seconds: float) -> None:
        """A pulsing ring round the anchor and a line to it from the panel."""
        if anchor is None or self.panel is None:
            return
        pulse = 0.5 + 0.5 * math.sin(seconds * 5.0)
        ring = anchor.inflate(8 + round(6 * pulse), 8 + round(6 * pulse))
        pygame.draw.rect(surface, POINTER, ring, 3, border_radius=8)
        panel = self.panel.rect
        start = (min(max(ring.centerx, panel.left), panel.right),
                 panel.bottom if ring.centery > panel.bottom else panel.top
                 if ring.centery < panel.top else panel.centery)
        end = (min(max(start[0], ring.left), ring.right),
               min(max(start[1], ring.top), ring.bottom))
        pygame.draw.line(surface, POINTER, start, end, 3)
