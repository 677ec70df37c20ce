"""Predictions: an assault, a shoot or a raid run `prediction_samples` times at once, in numpy.

A prediction is the mean of many draws of the real assault on a private generator seeded with
`PREDICTION_SEED`, so asking for odds never changes the game. The draws themselves do not
depend on the assault: sample i always takes the i-th uniform and the i-th pair of loss noises
of that generator. They are drawn once per process (per sample count and noise spread), in
exactly the order `resolve` draws them, and every prediction then applies `resolve`'s rules to
all samples as arrays — the same numbers, bit for bit, as calling `resolve` in a loop
(tests/test_rules_prediction.py checks this against `resolve` itself), about 10× faster.

`predict_fire` does the same for a shoot (`bombardment.fire_on_hex`) and a heavy-bomber raid
(`bombardment.air_raid`): sample i takes the i-th draws of the same private generator in the
order the real fire draws them (a raid's stray chance, then the fire's noise); where a strayed
raid picks one of several nearby inhabited places, the prediction takes the mean over all of
them. The expected losses, suppression, morale lost, works left and civilians killed are the
means of what the real fire would do to the position given
(tests/test_rules_fire_prediction.py runs the real fire on the same draws and compares).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from engine.orders import AirRaid, Assault, Bombard
from engine.rules.bombardment import (
    available_raid,
    check_air_raid,
    check_bombard,
    civilian_rate,
    raid_firepower,
    shock_per_suppression,
)
from engine.rules.combat import AssaultSetup, Prediction, setup, win_chance
from engine.rules.entrenchment import loss_protection, loss_share
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
        0.9, rules.attacker_loss_base * odds ** (-rules.loss_exponent) * noise_a * hasty
        * s.works_losses) * s.exposure
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
        surrenders = alive & beaten & (gives_up | (not d.may_retreat))
        holds = alive & ~beaten
        d_loss += int(lost.sum())
        prisoners += int((d.men - lost)[surrenders].sum())
        captured &= ~holds
        surrendered |= surrenders
    return Prediction(
        odds=s.odds, attack=s.attack, defence=s.defence, win_chance=int(beaten.sum()) / n,
        capture_chance=int(captured.sum()) / n, surrender_chance=int(surrendered.sum()) / n,
        expected_attacker_losses=a_loss / n, expected_defender_losses=d_loss / n,
        expected_prisoners=prisoners / n, terrain=s.terrain, fortification=s.fortification,
        hexside=s.hexside, prepared=s.prepared, ammunition_tons=s.ammunition_tons,
        expected_civilians_killed=s.civilians_at_risk,
    )


@dataclass(frozen=True)
class FirePrediction:
    """What to expect of a shoot or a heavy-bomber raid on a hex, before giving the order."""

    firepower: float  # sent at the hex, before the day's spread (a raid's after the weather)
    weather_factor: float  # share of a raid's effect the weather lets through (1 for guns)
    resistance: float  # share of the fire the works in the hex stop (a unit dug in there may
    # be spared more of its losses: `entrenchment.loss_protection`)
    expected_losses: float  # enemy men killed in the hex
    expected_suppression: float  # how far the units there are pinned down (0-1)
    expected_morale_loss: float  # morale the men there lose to it (a raid's shock is heavier)
    works_before: float
    expected_works_after: float
    expected_civilians_killed: float  # in the hex, and where a raid's stray bombs fall
    stray_chance: float  # a raid's chance that part of its bombs fall astray (0 for guns)
    attacker_losses: float = 0.0  # fire costs the firing side no men

    def to_json(self) -> dict[str, float]:
        return {k: float(v) for k, v in vars(self).items()}


@lru_cache(maxsize=8)
def fire_draws(samples: int, fire_noise: float, raid: bool) -> tuple[np.ndarray, np.ndarray]:
    """(stray uniforms, fire noises) per sample, drawn in the real fire's order: a raid draws
    its stray chance, then the fire on the hex its noise; a shoot only the noise."""
    rng = np.random.default_rng(PREDICTION_SEED)
    out = np.ones((samples, 2))
    for i in range(samples):
        if raid:
            out[i, 0] = rng.random()
        if fire_noise > 0:
            out[i, 1] = rng.lognormal(0.0, fire_noise)
    out.setflags(write=False)
    return out[:, 0], out[:, 1]


def predict_fire(world: World, state: GameState, order: Bombard | AirRaid) -> FirePrediction:
    """The mean outcome of a shoot or a raid on `state`, without touching the game's generator;
    raises IllegalOrder (as the order would) if it cannot be given."""
    n = world.rules.combat.prediction_samples
    if isinstance(order, Bombard):
        target, firepower = check_bombard(world, state, order)
        air, stray_chance, stray_share, on_town = 1.0, 0.0, 0.0, False
    else:
        target = check_air_raid(world, state, order)
        grant = available_raid(world, state, order.side, target)
        assert grant is not None  # checked above
        rules = world.rules.air
        air = world.weathers[state.weather].air
        firepower = raid_firepower(world, state, grant)
        stray_chance = rules.stray_chance + rules.stray_chance_bad_weather * (1.0 - air)
        stray_share = rules.stray_share
        on_town = grant.on_town
    here = world.rules_at_hex(target)
    fire_rules = here.fire
    uniform, noise = fire_draws(n, fire_rules.fire_noise, isinstance(order, AirRaid))
    strayed = uniform < stray_chance
    stray_fire = firepower * stray_share
    fire = (firepower - np.where(strayed, stray_fire, 0.0)) * noise
    works_before = float(state.works[target])
    resist = world.fortification(works_before)[1]
    effective = fire * (1.0 - resist)
    suppression = 1.0 - np.exp(-fire_rules.suppression_per_firepower * effective)
    losses = sum(np.minimum(u.men, np.rint(
        u.men * loss_share(fire_rules, fire, loss_protection(fire_rules, u, resist)))).sum()
        for u in state.units_at(target) if u.side != order.side)
    shock = shock_per_suppression(here, isinstance(order, AirRaid))
    works_after = np.maximum(0.0, works_before - fire_rules.works_per_firepower * effective)
    killed = _civilians_killed(world, state, target, fire, unwarned=on_town).sum()
    if stray_fire > 0 and strayed.any():
        killed += strayed.sum() * _stray_killed(world, state, target, stray_fire)
    return FirePrediction(
        firepower=firepower, weather_factor=air, resistance=resist,
        expected_losses=float(losses) / n, expected_suppression=float(suppression.mean()),
        expected_morale_loss=shock * float(suppression.mean()),
        works_before=works_before, expected_works_after=float(works_after.mean()),
        expected_civilians_killed=float(killed) / n, stray_chance=stray_chance,
    )


def _civilians_killed(world: World, state: GameState, hex_: int, fire: np.ndarray,
                      unwarned: bool) -> np.ndarray:
    """`bombardment.civilian_toll` for every sample's fire: the civilians killed per sample."""
    killed = np.zeros_like(fire)
    for place in world.map.hex_places.get(hex_, ()):
        rate = civilian_rate(world, place, unwarned)
        present = state.civilians.get(place, 0)
        killed += np.minimum(present, np.rint(present * np.minimum(1.0, rate * fire)))
    return killed


def _stray_killed(world: World, state: GameState, target: int, stray_fire: float) -> float:
    """Civilians a raid's stray bombs kill, in the mean over the inhabited places near the
    target they may fall on (`bombardment.air_raid` picks one at random)."""
    radius = world.rules.air.stray_radius_hexes
    candidates = [h for h in world.map.within(target, radius) if h != target
                  and any(state.civilians.get(p, 0) > 0 for p in world.map.hex_places.get(h, ()))]
    if not candidates:
        return 0.0
    fire = np.array([stray_fire])
    return float(np.mean([_civilians_killed(world, state, h, fire, unwarned=True)[0]
                          for h in candidates]))
