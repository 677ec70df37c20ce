"""Sound effects: the short WAVs of `assets/sounds` played when something happens in the game.

The audio device is opened only when the first effect plays with sound on, never at start-up
(it costs time and, on machines without sound, fills the terminal with driver warnings), and
never when SDL's audio driver is `dummy` — as in the tests and every headless run. Any failure
to open the device or read a file turns sound off quietly: the game never needs it.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable

import pygame

from game.assets import SOUNDS_DIR, asset

# engine event kind -> the effect it plays
EVENT_EFFECTS = {
    "bombarded": "gunfire",
    "assault": "gunfire",
    "air_raid": "bombers",
    "place_taken": "place_falls",
    "objective_taken": "place_falls",
    "turn_began": "turn",
}
# when one batch of events asks for several effects, only the first of this order plays
PRIORITY = ("place_falls", "bombers", "gunfire", "turn", "click")


def audio_wanted() -> bool:
    """False when SDL is told to use no real audio device (tests, headless runs)."""
    return os.environ.get("SDL_AUDIODRIVER", "").strip().lower() != "dummy"


class Sounds:
    """The game's effects, and the switch that mutes them."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.asked: deque[str] = deque(maxlen=32)  # effects asked for, newest last
        self._loaded: dict[str, pygame.mixer.Sound | None] = {}
        self._failed = False

    def play(self, effect: str) -> None:
        """Play one effect (`gunfire`, `bombers`, `place_falls`, `turn`, `click`) if sound is on."""
        self.asked.append(effect)
        if not self.enabled or self._failed or not audio_wanted():
            return
        sound = self._sound(effect)
        if sound is not None:
            sound.play()

    def events(self, kinds: Iterable[str]) -> None:
        """Play the one effect that matters most among what a batch of engine events asks for."""
        wanted = {EVENT_EFFECTS[kind] for kind in kinds if kind in EVENT_EFFECTS}
        effect = next((name for name in PRIORITY if name in wanted), None)
        if effect is not None:
            self.play(effect)

    def _sound(self, effect: str) -> pygame.mixer.Sound | None:
        if effect in self._loaded:
            return self._loaded[effect]
        if not pygame.mixer.get_init():
            try:
                pygame.mixer.init(frequency=22050, size=-16, channels=2, buffer=512)
            except pygame.error:
                self._failed = True
                return None
        path = asset(SOUNDS_DIR, f"{effect}.wav")
        sound = None
        if path is not None:
            try:
                sound = pygame.mixer.Sound(str(path))
            except pygame.error:
                sound = None
        self._loaded[effect] = sound
        return sound
