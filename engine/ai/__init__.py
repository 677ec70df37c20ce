"""Computer opponents for both sides of a scenario, tunable by difficulty and by the scenario.

    from engine.ai import make_ai
    controller = make_ai(game, "germans", "expert")   # any object with play_phase(game)
    controller.play_phase(game)                        # pushes that side's orders + EndTurn

The side that scores by taking objectives gets the attacker's AI (`allied.py`), the other the
defender's (`german.py`). Difficulty profiles live in `profiles.yaml`; the scenario's
`ai.sides.<side>` settings (aggression, priorities, mask) are applied on top.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .difficulty import Profile, difficulty_names, get_profile, side_settings

if TYPE_CHECKING:
    from engine.game import Game

    from .allied import AttackerAI
    from .german import DefenderAI
    from .random_player import RandomController

# The AIs themselves load on first use: a settings screen that lists the difficulty names must
# not pay for importing the engine and both AIs (python -X importtime) before the first frame.
_LAZY = {"AttackerAI": ".allied", "DefenderAI": ".german", "RandomController": ".random_player"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "AttackerAI",
    "DefenderAI",
    "Profile",
    "RandomController",
    "difficulty_names",
    "make_ai",
]


def make_ai(game: Game, side: str, difficulty: str | None = None) -> AttackerAI | DefenderAI:
    """The AI for `side`: attacker if the side scores by objectives, else defender."""
    if side not in game.world.side_ids:
        raise ValueError(f"there is no side {side!r}; sides are {list(game.world.side_ids)}")
    from .allied import AttackerAI
    from .german import DefenderAI

    profile = get_profile(difficulty)
    settings = side_settings(game, side)
    if any(o.side == side for o in game.world.scenario.victory.objectives):
        return AttackerAI(game, side, profile, settings)
    return DefenderAI(game, side, profile, settings)
