"""Animated moves and flashes on the map: the player's own moves, and the AI's phase replayed
from its events once its worker thread is done. Any click or key skips the rest.

Pure bookkeeping over map kilometres; the screen turns positions into pixels each frame, so
animations stay in place while the camera moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.hexgrid import Hex, HexGrid

STEP_TIME = 0.07  # seconds per hex of an animated move
FLASH_TIME = 0.45  # seconds a hex flashes for an assault or a shelling
MAX_AI_ANIMATION = 4.0  # seconds: a long AI phase plays faster to fit


@dataclass
class Animation:
    """One unit sliding along a path of hexes, or a hex flashing."""

    unit: str | None
    path: tuple[Hex, ...] = ()
    flash: Hex | None = None
    elapsed: float = 0.0

    @property
    def duration(self) -> float:
        if self.unit is not None:
            return STEP_TIME * max(1, len(self.path) - 1)
        return FLASH_TIME


@dataclass
class Animator:
    """A queue of animations played one after another."""

    queue: list[Animation] = field(default_factory=list)
    speed: float = 1.0
    # units whose animation has ended, kept where it left them until the views are refreshed
    parked: dict[str, tuple[float, float]] = field(default_factory=dict)
    hold_parked: bool = False
    flash: Hex | None = None  # the hex flashing now

    def __bool__(self) -> bool:
        return bool(self.queue)

    def add_move(self, unit: str, path: tuple[Hex, ...]) -> None:
        if len(path) >= 2:
            self.queue.append(Animation(unit, path))

    def add_flash(self, hex_: Hex) -> None:
        self.queue.append(Animation(None, flash=hex_))

    def fit(self, seconds: float = MAX_AI_ANIMATION) -> None:
        """Play faster if the queue would last longer than `seconds`."""
        total = sum(a.duration for a in self.queue)
        self.speed = max(1.0, total / seconds)

    def clear(self) -> None:
        self.queue.clear()
        self.parked.clear()
        self.flash = None
        self.speed = 1.0

    def positions(self) -> dict[str, tuple[float, float]]:
        """Map kilometres of every unit drawn away from its stack (moving or parked)."""
        return dict(self.parked)

    def step(self, dt_s: float, grid: HexGrid) -> bool:
        """Advance the current animation; True when the queue has just run out."""
        if not self.queue:
            return False
        anim = self.queue[0]
        anim.elapsed += dt_s * self.speed
        if anim.unit is not None:
            steps = max(1, len(anim.path) - 1)
            t = min(1.0, anim.elapsed / anim.duration) * steps
            i = min(int(t), steps - 1)
            frac = t - i
            a = grid.centre_km(anim.path[i])
            b = grid.centre_km(anim.path[min(i + 1, len(anim.path) - 1)])
            self.parked[anim.unit] = (a[0] + (b[0] - a[0]) * frac, a[1] + (b[1] - a[1]) * frac)
        else:
            self.flash = anim.flash
        if anim.elapsed < anim.duration:
            return False
        self.queue.pop(0)
        if anim.unit is not None and not self.hold_parked:
            self.parked.pop(anim.unit, None)
        if anim.flash is not None:
            self.flash = None
        return not self.queue
