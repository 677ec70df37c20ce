"""Speed of the AI (pytest-benchmark; `make bench`). Nothing here asserts a time.

- one whole side's turn on the Channel scenario (mid-campaign position, both sides);
- a whole AI-versus-AI campaign, headless;
- scaling: the Channel scenario tiled east-west (10x the hexes, units, places and objectives,
  or as many copies as the scenario limits allow: 7) against the original, per AI turn. The
  ratio is printed, and per copy; the target is <= 1.2 per copy (12x for 10x).

With benchmarks disabled (the normal test run) each function still runs once, on a smaller
tiling, so the code paths stay tested without slowing the suite.
"""

from __future__ import annotations

import dataclasses
import math
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from engine.ai import make_ai
from engine.controllers import make_controller, play_out
from engine.format.limits import MAX_MAP_HEXES, MAX_UNITS
from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.scenario import Scenario
from engine.game import Game
from engine.hexgrid import KM_PER_DEG_LAT, HexGrid
from engine.orders import EndTurn
from engine.world import World

CHANNEL = Path(__file__).resolve().parents[2] / "scenarios" / "channel_ports_1944.yaml"
MID_CAMPAIGN_DAYS = 13  # 17 September: Wellhit's first day, every arm of the Allies on the map


@lru_cache(maxsize=1)
def channel() -> LoadedScenario:
    return load_scenario(CHANNEL)


def _suffix(value: str, k: int) -> str:
    return value if k == 0 else f"{value}_t{k}"


def tiled(loaded: LoadedScenario, copies: int) -> LoadedScenario:
    """The scenario repeated `copies` times side by side: map, places, units, objectives.

    Each copy is shifted east by exactly the map's width in hexes, so every place and unit of
    copy k lands on the same terrain as in the original. Copy 0 keeps the original ids (the
    history section still refers to them); the others get a `_t<k>` suffix.
    """
    sc = loaded.scenario
    grid = HexGrid(sc.map.bounds, sc.map.hex_size_km)
    shift = grid.cols * sc.map.hex_size_km / grid.km_per_deg_lon  # degrees per copy
    data: dict[str, Any] = sc.model_dump(mode="python")
    b = data["map"]["bounds"]
    b["east"] = b["west"] + copies * shift - 1e-6 / KM_PER_DEG_LAT
    rows = data["map"]["terrain"].strip("\n").splitlines()
    data["map"]["terrain"] = "\n".join(
        (row.ljust(grid.cols, "~")[: grid.cols]) * copies for row in rows) + "\n"
    data["map"]["areas"] = []

    def each(items: list[dict[str, Any]], fix: Any) -> list[dict[str, Any]]:
        out = []
        for k in range(copies):
            for item in items:
                new = fix(dict(item), k)
                if new is not None:
                    out.append(new)
        return out

    def place(p: dict[str, Any], k: int) -> dict[str, Any]:
        p["id"] = _suffix(p["id"], k)
        p["lon"] = p["lon"] + k * shift
        return p

    def line(f: dict[str, Any], k: int) -> dict[str, Any]:
        f["id"] = _suffix(f["id"], k)
        f["points"] = [_suffix(w, k) if isinstance(w, str) else (w[0], w[1] + k * shift)
                       for w in f["points"]]
        return f

    def unit(u: dict[str, Any], k: int) -> dict[str, Any]:
        u["id"] = _suffix(u["id"], k)
        if u.get("start"):
            start = dict(u["start"])
            if start.get("place"):
                start["place"] = _suffix(start["place"], k)
            if start.get("at"):
                start["at"] = (start["at"][0], start["at"][1] + k * shift)
            u["start"] = start
        if u.get("arrives"):
            u["arrives"] = {**u["arrives"], "place": _suffix(u["arrives"]["place"], k)}
        return u

    def by_place(d: dict[str, Any], k: int) -> dict[str, Any]:
        d["place"] = _suffix(d["place"], k)
        if "id" in d:
            d["id"] = _suffix(d["id"], k)
        if "includes" in d:
            d["includes"] = [_suffix(p, k) for p in d["includes"]]
        return d

    data["map"]["lines"] = each(data["map"]["lines"], line)
    data["places"] = each(data["places"], place)
    data["units"] = each(data["units"], unit)
    data["supply"]["sources"] = each(data["supply"]["sources"], by_place)
    data["supply"]["depots"] = each(data["supply"]["depots"], by_place)
    data["victory"]["objectives"] = each(data["victory"]["objectives"], by_place)
    for event in data["events"]:
        for key in ("units", "mask", "unmask"):
            if event.get(key):
                event[key] = [_suffix(x, k) for k in range(copies) for x in event[key]]
    for side in data["ai"]["sides"].values():
        for key in ("priorities", "mask"):
            side[key] = [_suffix(x, k) for k in range(copies) for x in side[key]]
    scenario = Scenario.model_validate(data)
    return dataclasses.replace(loaded, scenario=scenario)


def mid_campaign(loaded: LoadedScenario, world: World) -> Game:
    """A game at the morning of 17 September, both sides played by the AI until then."""
    game = Game(loaded, 3, world=world)
    ais = {side: make_ai(game, side) for side in world.side_ids}
    while game.state.turn < MID_CAMPAIGN_DAYS:
        ais[game.side_to_move].play_phase(game)
    return game


def one_side_turn(benchmark: Any, side: str, fog: bool) -> None:
    loaded = channel()
    world = World(loaded)
    game = mid_campaign(loaded, world)
    if game.side_to_move != side:
        game.push(EndTurn(game.side_to_move))
    start = len(game.orders)

    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        game.seek(start)  # back to the start of the phase (undo, python-chess style)
        return (game,), {}

    def run(g: Game) -> None:
        make_controller("ai", g, side, fog=fog).play_phase(g)

    benchmark.pedantic(run, setup=setup, rounds=15, iterations=1, warmup_rounds=1)


@pytest.mark.budget(ms=100)  # issue 12: an AI side-turn < 100 ms
@pytest.mark.parametrize("side", ["allies", "germans"])
def test_bench_one_side_turn(benchmark: Any, side: str) -> None:
    one_side_turn(benchmark, side, fog=False)


@pytest.mark.budget(ms=100)
@pytest.mark.parametrize("side", ["allies", "germans"])
def test_bench_one_side_turn_under_fog(benchmark: Any, side: str) -> None:
    """The same phase played on what the side sees (engine/ai/belief.py)."""
    one_side_turn(benchmark, side, fog=True)


def test_bench_ai_campaign_under_fog(benchmark: Any) -> None:
    """A whole AI-versus-AI campaign, both sides playing on what they see."""
    loaded = channel()
    world = World(loaded)

    def run() -> Game:
        game = Game(loaded, 5, world=world)
        return play_out(game, {s: make_controller("ai", game, s, fog=True)
                               for s in world.side_ids})

    game = benchmark.pedantic(run, rounds=3, iterations=1, warmup_rounds=0)
    assert game.over


@pytest.mark.budget(ms=300)  # issue 16: one campaign <= 0.3 s CPU
def test_bench_ai_campaign(benchmark: Any) -> None:
    loaded = channel()
    world = World(loaded)

    def run() -> Game:
        game = Game(loaded, 5, world=world, snapshots=False)  # as `run.py simulate` plays it
        return play_out(game, {s: make_ai(game, s) for s in world.side_ids})

    game = benchmark.pedantic(run, rounds=3, iterations=1, warmup_rounds=0)
    assert game.over


@pytest.mark.budget(ms=300)  # issue 16: one campaign <= 0.3 s CPU
def test_bench_history_plan_against_the_ai_campaign(benchmark: Any) -> None:
    """What `run.py simulate` plays by default: the historical plan against the German AI."""
    loaded = channel()
    world = World(loaded)
    first, second = world.side_ids

    def run() -> Game:
        game = Game(loaded, 5, world=world, snapshots=False)  # as `run.py simulate` plays it
        return play_out(game, {first: make_controller("history", game, first),
                               second: make_ai(game, second)})

    game = benchmark.pedantic(run, rounds=3, iterations=1, warmup_rounds=0)
    assert game.over


class EngineClock:
    """Wraps a game's `push` and `predict` to add up the CPU time the engine spends in them.

    CPU time of this process, not wall time: the machine is shared, and the ratio between two
    runs made minutes apart must not depend on what else was running."""

    def __init__(self, game: Game) -> None:
        self.spent = 0.0
        for name in ("push", "predict"):
            setattr(game, name, self._timed(getattr(game, name)))

    def _timed(self, method: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                self.spent += time.process_time() - t
        return wrapper


class Phases:
    """An AI-versus-AI game played one phase at a time, adding up the CPU time of its phases
    and the part of it the AI spent thinking (the rest is the engine applying and predicting)."""

    def __init__(self, loaded: LoadedScenario) -> None:
        world = World(loaded)
        self.game = Game(loaded, 2, world=world)
        self.clock = EngineClock(self.game)
        self.ais = {side: make_ai(self.game, side) for side in world.side_ids}
        self.total = self.engine = 0.0
        self.phases = 0

    def play(self, turns: int) -> bool:
        """One more phase, unless the first `turns` days are played; whether it played."""
        if self.game.state.turn >= turns or self.game.over:
            return False
        before = self.clock.spent
        t = time.process_time()
        self.ais[self.game.side_to_move].play_phase(self.game)
        self.total += time.process_time() - t
        self.engine += self.clock.spent - before
        self.phases += 1
        return True

    def means(self) -> tuple[float, float]:
        """Mean CPU time of a phase, and the AI's mean part of it."""
        return self.total / self.phases, (self.total - self.engine) / self.phases


def paired_phase_times(base: LoadedScenario, big: LoadedScenario, turns: int
                       ) -> tuple[tuple[float, float], tuple[float, float]]:
    """`Phases.means` of both scenarios over the first `turns` days, their phases played in
    turn (one of each, then the next), so a burst of load on the machine falls on both alike
    and the ratio holds."""
    a, b = Phases(base), Phases(big)
    while a.play(turns) | b.play(turns):  # both, every time: not `or`
        pass
    return a.means(), b.means()


def most_copies(loaded: LoadedScenario, wanted: int) -> int:
    """`wanted` copies, or as many as the scenario limits allow (a 10x tiling of the Channel
    scenario, 26,000 hexes and 1,090 units, is over them: 7 fit)."""
    sc = loaded.scenario
    hexes = HexGrid(sc.map.bounds, sc.map.hex_size_km).size
    return min(wanted, MAX_MAP_HEXES // hexes, MAX_UNITS // len(sc.units))


def test_bench_scaling(benchmark: Any) -> None:
    """Time per AI turn on the largest tiling up to 10x the limits allow, over the original,
    both played in the same run phase by phase (the benchmark's time is the two together);
    the target is linear growth with 20% slack: `ratio_per_copy` <= 1.2 (12x for 10x)."""
    copies = 2 if benchmark.disabled else most_copies(channel(), 10)
    turns = 3 if benchmark.disabled else 16
    big = tiled(channel(), copies)
    (base, base_ai), (scaled, scaled_ai) = benchmark.pedantic(
        lambda: paired_phase_times(channel(), big, turns), rounds=1, iterations=1)
    info = {
        "copies": copies,
        "phase_ms_base": 1000 * base, "phase_ms_scaled": 1000 * scaled,
        "ratio": scaled / base, "ratio_per_copy": scaled / base / copies,
        "ai_only_ms_base": 1000 * base_ai, "ai_only_ms_scaled": 1000 * scaled_ai,
        "ai_only_ratio": scaled_ai / base_ai,
    }
    benchmark.extra_info.update(info)
    print("\n" + ", ".join(f"{k} {v:.2f}" for k, v in info.items()))
    assert math.isfinite(info["ratio"]) and info["ratio"] > 0
