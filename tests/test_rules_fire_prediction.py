"""The fire prediction is the mean of the real shoot or raid over the same draws.

The reference runs the engine's own `bombard` / `air_raid` once per sample on a copy of the
position, fed the sample's draws (where a strayed raid picks one of several places, once per
place), and averages what the events say (to the events' rounding of fractions: losses, works and
civilians agree exactly). If the fire rules change and the prediction does
not follow, these tests fail.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.format.sandbox import Field
from engine.game import Game
from engine.orders import AirRaid, Bombard, IllegalOrder
from engine.rules.bombardment import air_raid, bombard
from engine.rules.prediction import fire_draws, predict_fire

TARGET = (8, 3)


def field(fortification: int = 2, civilians: int = 4000, weather: str = "clear",
          aimed_at: str = "works") -> Game:
    f = Field(["~.........."] * 7).place("rear", (1, 3), side="allies").source("s", "allies",
                                                                              "rear")
    f.place("fort", TARGET, side="germans", fortification=fortification, civilians=civilians)
    f.place("village", (9, 4), civilians=5000)
    f.place("hamlet", (7, 2), civilians=800)
    f.unit("garrison", "germans", "fortress_bn", TARGET)
    f.unit("second", "germans", "infantry_bn", TARGET)
    f.unit("guns", "allies", "agra", (4, 3))
    f.event(id="raids", date="1944-09-17", kind="air_raids", side="allies", raids=2,
            bombers_per_raid=700, aimed_at=aimed_at)
    f.data["weather"]["known"].append({"date": "1944-09-17", "weather": weather})
    return Game(f.loaded(), seed=3)


class Draws:
    """Stands in for the game's generator: gives one sample's draws, and the place a strayed
    raid falls on."""

    def __init__(self, uniform: float, noise: float, choice: int) -> None:
        self.uniform, self.noise, self.choice = uniform, noise, choice
        self.choices = 1

    def random(self) -> float:
        return self.uniform

    def lognormal(self, mean: float, sigma: float) -> float:
        return self.noise

    def integers(self, n: int) -> int:
        self.choices = n
        return self.choice


def reference(game: Game, order: Bombard | AirRaid) -> dict[str, float]:
    world = game.world
    n = world.rules.combat.prediction_samples
    fire = world.rules_at_hex(world.map.grid.index(order.target)).fire
    uniform, noise = fire_draws(n, fire.fire_noise, isinstance(order, AirRaid))
    apply = bombard if isinstance(order, Bombard) else air_raid
    totals = {"losses": 0.0, "works": 0.0, "suppression": 0.0, "civilians": 0.0, "morale": 0.0}
    # one unit under the fire (every unit in the hex loses the same morale)
    shaken = min(u.id for u in game.state.units_at(world.map.grid.index(order.target))
                 if u.side != order.side)
    for i in range(n):
        choice, choices = 0, 1
        while choice < choices:  # a strayed raid: each place it may fall on, equally
            state = game.state.copy()
            state.rng = rng = Draws(float(uniform[i]), float(noise[i]), choice)
            events = apply(world, state, order)
            shot = next(e for e in events if e.kind == "bombarded")
            share = 1.0 / rng.choices
            totals["losses"] += share * shot.get("losses")
            totals["works"] += share * shot.get("works_after")
            totals["suppression"] += share * shot.get("suppression")
            totals["morale"] += share * (game.state.units[shaken].morale
                                         - state.units[shaken].morale)
            totals["civilians"] += share * sum(e.get("civilians_killed") for e in events
                                               if e.kind in ("bombarded", "bombs_strayed"))
            choices = rng.choices
            choice += 1
    return {k: v / n for k, v in totals.items()}


def predicted(game: Game, order: Bombard | AirRaid) -> dict[str, float]:
    p = predict_fire(game.world, game.state, order)
    return {"losses": p.expected_losses, "works": p.expected_works_after,
            "suppression": p.expected_suppression, "civilians": p.expected_civilians_killed,
            "morale": p.expected_morale_loss}


@pytest.mark.parametrize("fortification", [0, 2, 4])
def test_a_shoot_predicts_the_mean_of_the_real_shoot(fortification: int) -> None:
    game = field(fortification)
    order = Bombard("allies", "guns", TARGET)
    assert predicted(game, order) == pytest.approx(reference(game, order), rel=1e-6, abs=1e-6)
    assert predict_fire(game.world, game.state, order).expected_losses > 0


@pytest.mark.parametrize("weather", ["clear", "rain"])
def test_a_raid_predicts_the_mean_of_the_real_raid_strays_included(weather: str) -> None:
    game = field(weather=weather)
    order = AirRaid("allies", TARGET)
    p = predict_fire(game.world, game.state, order)
    assert 0 < p.stray_chance < 1 and p.weather_factor == game.world.weathers[weather].air
    assert predicted(game, order) == pytest.approx(reference(game, order), rel=1e-6, abs=1e-6)


def test_a_raid_on_the_town_itself_predicts_its_unwarned_dead() -> None:
    game = field(civilians=40000, aimed_at="town")
    order = AirRaid("allies", TARGET)
    assert predicted(game, order) == pytest.approx(reference(game, order), rel=1e-6, abs=1e-6)
    works = field(civilians=40000)
    on_works = predict_fire(works.world, works.state, order).expected_civilians_killed
    assert predicted(game, order)["civilians"] > 10 * on_works


def test_bad_weather_and_concrete_cut_what_a_raid_does() -> None:
    clear, rain = field(weather="clear"), field(weather="rain")
    order = AirRaid("allies", TARGET)
    assert predict_fire(rain.world, rain.state, order).expected_losses < \
        predict_fire(clear.world, clear.state, order).expected_losses
    light, heavy = field(fortification=1), field(fortification=4)
    assert predict_fire(heavy.world, heavy.state, order).resistance > \
        predict_fire(light.world, light.state, order).resistance


def test_predicting_changes_nothing_and_refuses_what_the_rules_refuse() -> None:
    game = field()
    before = game.state.fingerprint()
    draw = game.state.rng.bit_generator.state
    predict_fire(game.world, game.state, AirRaid("allies", TARGET))
    predict_fire(game.world, game.state, Bombard("allies", "guns", TARGET))
    assert game.state.fingerprint() == before and game.state.rng.bit_generator.state == draw
    with pytest.raises(IllegalOrder):
        predict_fire(game.world, game.state, Bombard("allies", "guns", (2, 3)))
    assert np.isfinite(list(predict_fire(game.world, game.state,
                                         AirRaid("allies", TARGET)).to_json().values())).all()
