"""The vectorised prediction gives, bit for bit, the mean of `combat.resolve` over the same draws.

The reference below is the plain definition: `resolve` called `prediction_samples` times on a
fresh generator seeded with `PREDICTION_SEED`. If the assault rules or their draws change and
the prediction does not follow, these tests fail.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.format.sandbox import Field
from engine.rules.combat import AssaultSetup, Defender, Prediction, resolve
from engine.rules.prediction import PREDICTION_SEED, expect
from engine.world import World

WORLD = World(Field(["~........"] * 7).place("rear", (1, 3), side="allies")
              .unit("a0", "allies", "infantry_bn", (1, 3)).loaded())


def reference(world: World, s: AssaultSetup) -> dict[str, float]:
    rng = np.random.default_rng(PREDICTION_SEED)
    n = world.rules.combat.prediction_samples
    wins = captures = surrenders = 0
    a_loss = d_loss = prisoners = 0
    for _ in range(n):
        r = resolve(world, s, rng)
        wins += r.beaten
        captures += all(f in ("retreats", "surrenders", "destroyed") for f in r.fates.values())
        surrenders += any(f == "surrenders" for f in r.fates.values())
        a_loss += sum(r.attacker_losses.values())
        d_loss += sum(r.defender_losses.values())
        prisoners += sum(d.men - r.defender_losses[d.unit]
                         for d in s.defenders if r.fates[d.unit] == "surrenders")
    return {"win_chance": wins / n, "capture_chance": captures / n,
            "surrender_chance": surrenders / n, "expected_attacker_losses": a_loss / n,
            "expected_defender_losses": d_loss / n, "expected_prisoners": prisoners / n}


def outcome_of(p: Prediction) -> dict[str, float]:
    return {k: getattr(p, k) for k in ("win_chance", "capture_chance", "surrender_chance",
                                       "expected_attacker_losses", "expected_defender_losses",
                                       "expected_prisoners")}


defenders = st.builds(
    Defender, unit=st.sampled_from(["d0", "d1", "d2"]), men=st.integers(1, 3000),
    strength=st.floats(0.1, 50), morale=st.floats(0, 100), surrender_below=st.floats(0, 80),
    may_retreat=st.booleans(),
)


@st.composite
def setups(draw: Any) -> AssaultSetup:
    attackers = draw(st.lists(st.integers(1, 1500), min_size=1, max_size=4))
    found = draw(st.lists(defenders, min_size=1, max_size=3, unique_by=lambda d: d.unit))
    return AssaultSetup(
        target=0, attackers=tuple((f"a{i}", men, 1.0) for i, men in enumerate(attackers)),
        support=(), attack=draw(st.floats(0.01, 500)), defence=draw(st.floats(0.01, 500)),
        defenders=tuple(found), terrain=1.0, fortification=1.0, hexside=1.0,
        prepared=draw(st.booleans()),
    )


@settings(max_examples=40, deadline=None)
@given(setups())
def test_the_prediction_is_the_mean_of_resolve_over_the_same_draws(s: AssaultSetup) -> None:
    assert outcome_of(expect(WORLD, s)) == reference(WORLD, s)


def test_a_prediction_covers_every_fate() -> None:
    """A set-up where, over the samples, defenders hold, retreat, surrender and are destroyed."""
    s = AssaultSetup(
        target=0, attackers=(("a0", 900, 1.0),), support=(), attack=30.0, defence=20.0,
        defenders=(Defender("d0", 40, 1.0, 30.0, 25.0, True),
                   Defender("d1", 600, 1.0, 60.0, 40.0, False)),
        terrain=1.0, fortification=1.0, hexside=1.0, prepared=True,
    )
    got = outcome_of(expect(WORLD, s))
    assert got == reference(WORLD, s)
    assert 0 < got["win_chance"] < 1 and 0 < got["surrender_chance"] < 1
    assert got["expected_prisoners"] > 0
