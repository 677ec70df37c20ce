"""The engine and AI workloads the paired regression gate times (`tests/bench/paired.py`).

Run as a script it serves timings: it loads the engine found first on `sys.path` (the gate
points PYTHONPATH at the baseline commit's tree or at this one) and that tree's own Channel
ports scenario, prints the workloads' names as a JSON list, then for each name read from stdin
plays that workload once and prints the CPU seconds it took (of this process, or of the child
for the window's start; a small workload is the fastest of `REPEAT` calls). An empty line ends
it. It uses only the engine's public calls and `run.py play`, so a baseline commit some weeks
old serves as well as today's tree.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import engine
from engine.ai import make_ai
from engine.controllers import make_controller, play_out
from engine.format.loading import load_scenario
from engine.game import Game
from engine.orders import EndTurn
from engine.rules.movement import zoc_of
from engine.rules.supply import retrace_all
from engine.world import World

TREE = Path(engine.__file__).resolve().parents[1]
SCENARIO = TREE / "scenarios" / "channel_ports_1944.yaml"
REPEAT = 10  # calls of a workload of a few milliseconds per timing: the fastest counts


@cache
def world() -> World:
    return World(load_scenario(SCENARIO))


@cache
def eve_of_the_assaults() -> Game:
    """The historical plan against passive Germans, played to the eve of the main assaults."""
    w = world()
    game = Game(w.loaded, 1, world=w)
    first, second = w.side_ids
    controllers = {first: make_controller("history", game, first),
                   second: make_controller("passive", game, second)}
    for _ in range(min(12, w.last_turn - 1) * 2):
        controllers[game.side_to_move].play_phase(game)
    return game


@cache
def ai_mid_campaign(side: str) -> tuple[Game, int]:
    """Both sides played by the AI to 17 September, at the start of `side`'s phase."""
    w = world()
    game = Game(w.loaded, 3, world=w)
    ais = {s: make_ai(game, s) for s in w.side_ids}
    while game.state.turn < 13:
        ais[game.side_to_move].play_phase(game)
    if game.side_to_move != side:
        game.push(EndTurn(game.side_to_move))
    return game, len(game.orders)


def timed(run: Callable[[], object], setup: Callable[[], object] = lambda: None,
          repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        setup()
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def campaign(allies: str, germans: str, seed: int) -> float:
    w = world()

    def play() -> None:
        game = Game(w.loaded, seed, world=w)
        first, second = w.side_ids
        play_out(game, {first: make_controller(allies, game, first),
                        second: make_controller(germans, game, second)})

    return timed(play)


def one_whole_day() -> float:
    game = eve_of_the_assaults()
    eve = game.state.copy()

    def day() -> None:
        game.push(EndTurn(game.side_to_move))
        game.push(EndTurn(game.side_to_move))

    seconds = timed(day, lambda: setattr(game, "state", eve.copy()), REPEAT)
    game.state = eve
    return seconds


def supply_whole_map() -> float:
    game = eve_of_the_assaults()
    return timed(lambda: retrace_all(game.world, game.state.copy()), repeat=REPEAT)


def legal_moves_fastest_unit() -> float:
    """A new search each time (a state keeps its searches until a unit moves)."""
    game = eve_of_the_assaults()
    eve = game.state
    unit = max(eve.active_units(game.side_to_move), key=lambda u: (u.mp, u.id))

    def fresh() -> None:
        game.state = eve.copy()
        zoc_of(game.world, game.state, game.world.enemy_of(unit.side))  # built, as in play

    seconds = timed(lambda: game.legal_moves(unit.id), fresh, REPEAT)
    game.state = eve
    return seconds


def side_turn(side: str) -> float:
    game, start = ai_mid_campaign(side)
    return timed(lambda: make_ai(game, side).play_phase(game), lambda: game.seek(start), REPEAT)


def start_to_first_frame() -> float:
    """`run.py play` from process start to its first drawn frame (the menu, with the scenario
    loading behind it): the CPU seconds of the child, headless, settings in a fresh folder."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
               "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data"}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, str(TREE / "run.py"), "play", "--frames", "1"],
                       check=True, env=env, cwd=TREE, capture_output=True, timeout=120)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


WORKLOADS: dict[str, Callable[[], float]] = {
    "one_whole_day": one_whole_day,
    "supply_whole_map": supply_whole_map,
    "legal_moves_fastest_unit": legal_moves_fastest_unit,
    "side_turn_allies": lambda: side_turn(world().side_ids[0]),
    "side_turn_germans": lambda: side_turn(world().side_ids[1]),
    "campaign_history_vs_passive": lambda: campaign("history", "passive", 1),
    "campaign_history_vs_ai": lambda: campaign("history", "ai", 5),
    "campaign_ai_vs_ai": lambda: campaign("ai", "ai", 5),
    "start_to_first_frame": start_to_first_frame,
}


def serve() -> None:
    world()
    print(json.dumps(list(WORKLOADS)), flush=True)
    for line in sys.stdin:
        name = line.strip()
        if not name:
            return
        print(WORKLOADS[name](), flush=True)


if __name__ == "__main__":
    serve()
