"""The day's weather: known from the scenario where history records it, else drawn."""

from __future__ import annotations

from engine.events import Event
from engine.state import GameState
from engine.world import World


def draw_weather(world: World, state: GameState) -> Event:
    """Set `state.weather` for the day; unknown days use `weather.chances` and the game's RNG."""
    known = {w.date: w.weather for w in world.scenario.weather.known}
    chances = {k: v for k, v in world.scenario.weather.chances.items() if v > 0}
    if state.date in known:
        state.weather = known[state.date]
        is_known = True
    elif chances:
        ids = sorted(chances)
        weights = [chances[i] for i in ids]
        total = sum(weights)
        pick = state.rng.choice(len(ids), p=[w / total for w in weights])
        state.weather = ids[int(pick)]
        is_known = False
    else:
        state.weather = world.ruleset.weather[0].id
        is_known = False
    air = world.weathers[state.weather].air
    return Event.make("weather", state.date, weather=state.weather, air=air, known=is_known)
