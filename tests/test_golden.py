"""Golden playthrough: a stored order log replayed must give the stored per-turn summaries.

The file `tests/golden/minimal_seed7.json` holds the scenario id, the seed, the order log (the
historical plan for the Allies against the engine's baseline German controller) and one summary
per turn. When a rule or a ruleset number changes on purpose, regenerate it and review the diff:

    GOLDEN_REGENERATE=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from engine.controllers import BaselineController, make_controller, play_out
from engine.format.sandbox import loaded_from_data, read_yaml
from engine.game import Game
from engine.orders import order_from_json
from engine.world import World

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "minimal_seed7.json"
SCENARIO = HERE / "fixtures" / "minimal_scenario.yaml"
SEED = 7


def summary(game: Game) -> dict[str, Any]:
    state, world = game.state, game.world
    return {
        "turn": state.turn,
        "date": state.date.isoformat(),
        "weather": state.weather,
        "units": {
            u.id: [list(world.map.grid.hex_of(u.hex)) if u.hex >= 0 else None, u.status, u.men,
                   u.lost, u.captured, round(u.morale, 3)]
            for u in sorted(state.units.values(), key=lambda x: x.id)
        },
        "owner": dict(sorted(state.owner.items())),
        "captured": dict(sorted(state.captured.items())),
        "depots": {k: [round(x, 3) for x in v] for k, v in sorted(state.depots.items())},
        "civilian_casualties": dict(sorted(state.civilian_casualties.items())),
    }


def replay_with_summaries(world: World, orders: list[Any]) -> list[dict[str, Any]]:
    game = Game(world.loaded, SEED, world=world)
    out = [summary(game)]
    for order in orders:
        turn = game.state.turn
        game.push(order)
        if game.state.turn != turn or game.over:
            out.append(summary(game))
    return out


def generate(world: World) -> dict[str, Any]:
    game = Game(world.loaded, SEED, world=world)
    play_out(game, {"allies": make_controller("history", game, "allies"),
                    "germans": BaselineController(game, "germans")})
    return {
        "scenario": world.scenario.id,
        "seed": SEED,
        "orders": [o.to_json() for o in game.orders],
        "turns": replay_with_summaries(world, list(game.orders)),
    }


def test_the_golden_playthrough_replays_exactly() -> None:
    world = World(loaded_from_data(read_yaml(SCENARIO)))
    if os.environ.get("GOLDEN_REGENERATE"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(generate(world), indent=1) + "\n", encoding="utf-8")
    stored = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert stored["scenario"] == world.scenario.id and stored["seed"] == SEED
    orders = [order_from_json(o) for o in stored["orders"]]
    turns = replay_with_summaries(world, orders)
    assert len(turns) == len(stored["turns"])
    for got, want in zip(turns, stored["turns"], strict=True):
        assert got == want, f"turn {want['turn']} ({want['date']}) differs"


def test_the_golden_game_is_a_whole_campaign() -> None:
    """It runs to the end: the last day, or the day every objective was decided."""
    stored = json.loads(GOLDEN.read_text(encoding="utf-8"))
    last = stored["turns"][-1]
    assert last["date"] == "1944-09-24" or all(last["captured"].values())
    assert any(o["kind"] == "assault" for o in stored["orders"])
