"""Digging in: a unit that stays where it is digs slit trenches and foxholes, and fire kills
fewer of its men.

Each night a unit spends on the map counts towards its `dug_in`; it is fully dug in after the
ruleset's `fire.dig_in_days` nights, in equal steps, and is then spared `fire.dig_in_protection`
of the killing power of fire on its hex. The count belongs to the unit, not to the hex: a unit
that changes hex (a move, a retreat after an assault, an advance into a taken hex) starts again
from nothing (`UnitState` clears it), while the units that stay keep theirs. The works of a hex
belong to whoever holds it; a unit takes the better of their `bombard_resistance` and its own
holes, never both (a man in a casemate gains nothing from a foxhole).

Digging in cuts losses only. Suppression, and the morale it costs, still follow the hex's works
alone: fire keeps dug-in men's heads down as surely as anyone's (that was what preparation
fire was for), and it is the men it kills that a slit trench saves.
"""

from __future__ import annotations

import numpy as np

from engine.format.ruleset import FireRules
from engine.state import GameState, UnitState
from engine.world import World


def dug_in_share(rules: FireRules, u: UnitState) -> float:
    """How far the unit has dug in at its hex: 0 (just arrived) to 1 (fully)."""
    return min(1.0, u.dug_in / rules.dig_in_days)


def loss_protection(rules: FireRules, u: UnitState, works_resistance: float) -> float:
    """Share of fire's killing power the unit is spared: its hex's works or its own holes,
    whichever protects better."""
    return max(works_resistance, rules.dig_in_protection * dug_in_share(rules, u))


def spared_where_it_stands(world: World, state: GameState, u: UnitState) -> float:
    """`loss_protection` of a unit on the map, in its hex now (what the unit panel shows)."""
    return loss_protection(world.rules_at_hex(u.hex).fire, u,
                           world.fortification(float(state.works[u.hex]))[1])


def loss_share(rules: FireRules, fire: float | np.ndarray,
               protection: float) -> float | np.ndarray:
    """Share of a unit's men that `fire` kills when it is spared `protection` of it (per
    sample when `fire` is an array: the fire prediction)."""
    return np.minimum(rules.max_loss_share,
                      rules.losses_per_firepower * (fire * (1.0 - protection)))


def dig_in_overnight(state: GameState) -> None:
    """Every unit on the map spends the night digging where it stands."""
    for u in state.active_units():
        u.dug_in += 1
