"""Assault prediction: `combat.resolve` run `prediction_samples` times at once, in numpy.

A prediction is the mean of many draws of the real assault on a private generator seeded with
`PREDICTION_SEED`, so asking for odds never changes the game. The draws themselves do not
depend on the assault: sample i always takes the i-th uniform and the i-th pair of loss noises
of that generator. They are drawn once per process (per sample count and noise spread), in
exactly the order `resolve` draws them, and every prediction then applies `resolve`'s rules to
all samples as arrays — the same numbers, bit for bit, as calling `resolve` in a loop
(tests/test_rules_prediction.py checks this against `resolve` itself), about 10× faster.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from engine.orders import Assault
from engine.rules.combat import AssaultSetup, Prediction, setup, win_chance
from engine.state import GameState
from engine.world import World

PREDICTION_SEED = 1944


class Draws(NamedTuple):
    uniform: np.ndarray  # decides whether the defender is beaten
    attacker_noise: np.ndarray  # lognormal loss noise of the attackers
    defender_noise: np.ndarray  # and of the defenders


@lru_cache(maxsize=8)
def draws(samples: int, loss_noise: float) -> Draws:
    """The prediction generator's draws, in `resolve`'s order: uniform, noise, noise per sample."""
    rng = np.random.default_rng(PREDICTION_SEED)
    out = np.empty((samples, 3))
    for i in range(samples):
        out[i, 0] = rng.random()
        out[i, 1] = rng.lognormal(0.0, loss_noise)
        out[i, 2] = rng.lognormal(0.0, loss_noise)
    out.setflags(write=False)
    return Draws(out[:, 0], out[:, 1], out[:, 2])


def predict(world: World, state: GameState, order: Assault) -> Prediction:
    """Odds, outcome chances and expected losses, without touching the game's generator."""
    return expect(world, setup(world, state, order))


def expect(world: World, s: AssaultSetup) -> Prediction:
    """The mean over every sample of what `resolve` would do with this set-up."""
    rules = world.rules.combat
    n = rules.prediction_samples
    u, noise_a, noise_d = draws(n, rules.loss_noise)
    odds = min(max(s.odds, 1e-3), 1e3)
    beaten = u < win_chance(world, odds)
    hasty = 1.0 if s.prepared else rules.hasty_losses
    a_share = np.minimum(
        0.9, rules.attacker_loss_base * odds ** (-rules.loss_exponent) * noise_a * hasty)
    d_share = rules.defender_loss_base * odds**rules.loss_exponent * noise_d
    d_share = np.minimum(0.9, np.where(beaten, d_share + rules.beaten_defender_extra_loss, d_share))
    a_loss = sum(int(np.minimum(men, np.rint(men * a_share)).sum()) for _, men, _ in s.attackers)
    d_loss = prisoners = 0
    captured = np.ones(n, dtype=bool)
    surrendered = np.zeros(n, dtype=bool)
    for d in s.defenders:
        lost = np.minimum(d.men, np.rint(d.men * d_share)).astype(np.int64)
        morale = d.morale - rules.morale_per_loss_share * d_share
        morale = np.maximum(0.0, np.where(beaten, morale - rules.beaten_morale_loss, morale))
        alive = lost < d.men  # not destroyed
        gives_up = morale < d.surrender_below
        surrenders = alive & beaten & (gives_up | (not d.may_retreat and not d.holds))
        holds = alive & (~beaten | (~gives_up & (not d.may_retreat) & d.holds))
        d_loss += int(lost.sum())
        prisoners += int((d.men - lost)[surrenders].sum())
        captured &= ~holds
        surrendered |= surrenders
    return Prediction(
        odds=s.odds, attack=s.attack, defence=s.defence, win_chance=int(beaten.sum()) / n,
        capture_chance=int(captured.sum()) / n, surrender_chance=int(surrendered.sum()) / n,
        expected_attacker_losses=a_loss / n, expected_defender_losses=d_loss / n,
        expected_prisoners=prisoners / n, terrain=s.terrain, fortification=s.fortification,
        hexside=s.hexside, prepared=s.prepared,
    )
