"""`run.py simulate`: whole campaigns without a window, many seeds, compared with history.

Each run is a game of the scenario with one controller per side (`history`, `ai`, `passive`,
`random`), played to its end; runs are spread over processes, with a progress bar on a
terminal. The summary gives, per objective, how often and when it fell against the historical
date, and the medians of prisoners, Allied casualties and civilian casualties against the
historical figures (the first figure of each outcome).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import lru_cache
from pathlib import Path
from statistics import median
from typing import Any, TextIO

from engine.ai import difficulty_names
from engine.controllers import CONTROLLER_KINDS, make_controller, play_out
from engine.format.loading import LoadedScenario, load_for_command, load_scenario
from engine.format.scenario import text_in
from engine.game import Game
from engine.world import World

DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "channel_ports_1944.yaml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO),
                        help="scenario file (default: the Channel ports campaign)")
    parser.add_argument("--allies", choices=CONTROLLER_KINDS, default="history",
                        help="who gives the first side's orders (default: history)")
    parser.add_argument("--germans", choices=CONTROLLER_KINDS, default="ai",
                        help="who gives the second side's orders (default: ai)")
    parser.add_argument("--difficulty", choices=difficulty_names(), default=None,
                        help="AI profile for sides played by `ai` (default: the normal one)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first run")
    parser.add_argument("--runs", type=int, default=20, help="number of campaigns")
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: all cores)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


@lru_cache(maxsize=4)
def _world(path: str) -> World:
    return World(load_scenario(path))


def run_campaign(path: str, allies: str, germans: str, seed: int,
                 difficulty: str | None = None) -> dict[str, Any]:
    """Play one campaign and return its outcome (what the summary aggregates)."""
    world = _world(path)
    game = Game(world.loaded, seed, world=world)
    first, second = world.side_ids[0], world.side_ids[1]
    controllers = {
        first: make_controller(allies, game, first, difficulty),
        second: make_controller(germans, game, second, difficulty),
    }
    play_out(game, controllers)
    return outcome(game)


def outcome(game: Game) -> dict[str, Any]:
    world, state = game.world, game.state
    scorer = world.scenario.victory.objectives[0].side
    enemy = world.enemy_of(scorer)
    t = game.tallies()
    s = game.score()
    return {
        "capture_dates": dict(state.captured),
        "prisoners": t[enemy]["captured"],
        "allied_casualties": t[scorer]["lost"] + t[scorer]["captured"],
        "civilian_casualties": sum(state.civilian_casualties.values()),
        "civilians_evacuated": sum(state.civilians_evacuated.values()),
        "score": s.total,
        "level": s.level,
    }


def _quantile_date(dates: list[str | None], q: float) -> str | None:
    """Quantile over all runs, a run where the objective held counting as 'never'."""
    keyed = sorted((math.inf if d is None else dt.date.fromisoformat(d).toordinal()) for d in dates)
    if not keyed:
        return None
    value = keyed[min(len(keyed) - 1, max(0, math.ceil(q * len(keyed)) - 1))]
    return None if value == math.inf else dt.date.fromordinal(int(value)).isoformat()


def _historical(loaded: LoadedScenario, field: str) -> float | None:
    """Sum of the preferred (first) figures of the outcomes that belong to this campaign.

    Prisoners and Allied casualties count only for objectives that fell by the scenario's end
    (Dunkirk's 15,500 prisoners of May 1945 are not part of a September campaign); civilian
    deaths and evacuations count for every objective, since they happened during the campaign.
    """
    end = loaded.scenario.end_date
    figures = [
        getattr(o, field)[0].value for o in loaded.scenario.history.outcomes
        if getattr(o, field)
        and (field.startswith("civilian") or (o.fell and o.fell[0].date <= end))
    ]
    return float(sum(figures)) if figures else None


def summarise(loaded: LoadedScenario, results: list[dict[str, Any]], args: dict[str, Any]
              ) -> dict[str, Any]:
    outcomes = {o.objective: o for o in loaded.scenario.history.outcomes}
    names = {p.id: text_in(p.name, "en") for p in loaded.scenario.places}
    objectives: dict[str, Any] = {}
    for o in loaded.scenario.victory.objectives:
        dates = [r["capture_dates"].get(o.place) for r in results]
        history = outcomes.get(o.place)
        objectives[o.place] = {
            "name": names.get(o.place, o.place),
            "historical_date": history.fell[0].date.isoformat() if history and history.fell
            else None,
            "captured_share": sum(d is not None for d in dates) / len(dates) if dates else 0.0,
            "median_capture_date": _quantile_date(dates, 0.5),
            "p10_capture_date": _quantile_date(dates, 0.1),
            "p90_capture_date": _quantile_date(dates, 0.9),
            "capture_dates": dates,
        }

    def stat(key: str, field: str) -> dict[str, float | None]:
        values = [r[key] for r in results]
        return {"median": float(median(values)) if values else None,
                "historical": _historical(loaded, field)}

    return {
        **args,
        "objectives": objectives,
        "prisoners": stat("prisoners", "prisoners"),
        "allied_casualties": stat("allied_casualties", "allied_casualties"),
        "civilian_casualties": stat("civilian_casualties", "civilian_deaths"),
        "civilians_evacuated": stat("civilians_evacuated", "civilians_evacuated"),
        "levels": {lv: sum(r["level"] == lv for r in results) for lv in
                   sorted({r["level"] for r in results})},
    }


def simulate(path: str, allies: str, germans: str, seed: int, runs: int, jobs: int,
             difficulty: str | None = None, progress: TextIO | None = None
             ) -> list[dict[str, Any]]:
    """One outcome per seed, in seed order; `progress` (a terminal) gets a live bar."""
    seeds = list(range(seed, seed + runs))
    jobs = jobs or os.cpu_count() or 1
    bar = _ProgressBar(runs, progress)
    if jobs <= 1 or runs <= 1:
        results = []
        for s in seeds:
            results.append(run_campaign(path, allies, germans, s, difficulty))
            bar.advance()
        return results
    with ProcessPoolExecutor(max_workers=min(jobs, runs)) as pool:
        futures = {pool.submit(run_campaign, path, allies, germans, s, difficulty): s
                   for s in seeds}
        by_seed: dict[int, dict[str, Any]] = {}
        for future in as_completed(futures):
            by_seed[futures[future]] = future.result()
            bar.advance()
    return [by_seed[s] for s in seeds]


class _ProgressBar:
    """`[#####.....] 12/40 campaigns`, redrawn in place; silent when not on a terminal."""

    WIDTH = 30

    def __init__(self, total: int, out: TextIO | None) -> None:
        self.total, self.done = total, 0
        self.out = out if out is not None and out.isatty() else None

    def advance(self) -> None:
        self.done += 1
        if self.out is None:
            return
        filled = self.WIDTH * self.done // self.total
        self.out.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] "
                       f"{self.done}/{self.total} campaigns")
        if self.done == self.total:
            self.out.write("\n")
        self.out.flush()


def format_table(summary: dict[str, Any]) -> str:
    lines = [
        f"{summary['scenario']}: {summary['runs']} runs from seed {summary['seed']} "
        f"(allies: {summary['allies']}, germans: {summary['germans']})",
        "",
        f"{'objective':<22}{'history':<12}{'taken':>7}  {'p10':<12}{'median':<12}{'p90':<12}",
    ]
    for o in summary["objectives"].values():
        lines.append(
            f"{o['name'][:21]:<22}{o['historical_date'] or 'held':<12}"
            f"{o['captured_share']:>6.0%}  {o['p10_capture_date'] or 'held':<12}"
            f"{o['median_capture_date'] or 'held':<12}{o['p90_capture_date'] or 'held':<12}"
        )
    lines.append("")
    for key, label in (("prisoners", "prisoners taken"), ("allied_casualties", "Allied casualties"),
                       ("civilian_casualties", "civilian casualties"),
                       ("civilians_evacuated", "civilians evacuated")):
        s = summary[key]
        hist = "n/a" if s["historical"] is None else f"{s['historical']:,.0f}"
        lines.append(f"{label:<22}median {s['median']:>9,.0f}   history {hist}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.runs < 1 or args.seed < 0 or args.jobs < 0:
        print("simulate: --runs must be at least 1, --seed and --jobs 0 or more", file=sys.stderr)
        return 2
    path = str(Path(args.scenario))
    loaded = load_for_command(path, "simulate")
    if isinstance(loaded, int):
        return loaded
    results = simulate(path, args.allies, args.germans, args.seed, args.runs, args.jobs,
                       args.difficulty, progress=sys.stderr)
    summary = summarise(loaded, results, {
        "scenario": loaded.scenario.id, "runs": args.runs, "seed": args.seed,
        "allies": args.allies, "germans": args.germans, "difficulty": args.difficulty,
    })
    print(json.dumps(summary, indent=1) if args.json else format_table(summary))
    return 0
