"""`run.py simulate`: whole campaigns without a window, many seeds, compared with history.

Each run is a game of the scenario with one controller per side (`history`, `ai`, `passive`,
`random`), played to its end; runs are handed to worker processes as they free up
(`engine.history.workers`), and a `Progress` is told of each one finished. A Ctrl-C stops the
batch within a second and keeps the runs already finished (`Interrupted`). The summary gives, per
objective, how often and when it fell against the historical date, and the medians of
prisoners, Allied casualties and civilian casualties against the historical figures (the first
figure of each outcome): each per-port figure over the whole game (`median`) and as that figure's
source counts it (`median_as_counted`, from its `counted_from` day).
"""

from __future__ import annotations

import datetime as dt
import math
import os
from functools import lru_cache
from statistics import median
from typing import Any, Protocol

from engine.controllers import make_controller, play_out
from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.scenario import text_in
from engine.game import Game
from engine.history.counterfactual import apply_variant
from engine.history.report import (
    PORT_FIGURES,
    as_counted,
    by_objective,
    counted_from,
    counted_total,
    history_figure,
)
from engine.history.timeline import Timeline, historical_total
from engine.history.workers import run_in_workers
from engine.rules.strait import outcome as strait_outcome
from engine.rules.victory import objective_progress
from engine.world import World


class Interrupted(Exception):
    """A batch stopped by Ctrl-C; `results` holds the runs that finished, in seed order."""

    def __init__(self, results: list[dict[str, Any]], total: int) -> None:
        super().__init__(f"interrupted after {len(results)} of {total} runs")
        self.results = results
        self.total = total


@lru_cache(maxsize=8)
def _world(path: str, variant: str = "none", objective: str = "boulogne") -> World:
    loaded = load_scenario(path)
    if variant != "none":
        loaded = apply_variant(loaded, variant, objective)
    return World(loaded)


def run_campaign(path: str, allies: str, germans: str, seed: int,
                 difficulty: str | None = None, variant: str = "none",
                 objective: str = "boulogne") -> dict[str, Any]:
    """Play one campaign (of `variant` applied to `objective`) and return its outcome."""
    return play_campaign(_world(path, variant, objective), allies, germans, seed, difficulty)


def play_campaign(world: World, allies: str, germans: str, seed: int,
                  difficulty: str | None = None) -> dict[str, Any]:
    """One campaign of `world` with these controllers, played to its end; its outcome."""
    game = Game(world.loaded, seed, world=world, snapshots=False)  # played straight through
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
    whole = by_objective(game)
    return {
        "capture_dates": dict(state.captured),
        "prisoners": t[enemy]["captured"],
        "allied_casualties": t[scorer]["lost"] + t[scorer]["captured"],
        "civilian_casualties": sum(state.civilian_casualties.values()),
        "civilians_evacuated": sum(state.civilians_evacuated.values()),
        "truces": sorted({t.place for t in state.truces}),
        "score": s.total,
        "level": s.level,
        "by_objective": whole,
        "as_counted": as_counted(game, whole),
        "rings": {p.objective: p.to_json()["ring"] for p in objective_progress(
            world.scenario, state.owner, state.captured, state.rings) if p.kind == "contain"},
        "strait": strait_outcome(state),
    }


def _quantile_date(dates: list[str | None], q: float) -> str | None:
    """Quantile over all runs, a run where the objective held counting as 'never'."""
    keyed = sorted((math.inf if d is None else dt.date.fromisoformat(d).toordinal()) for d in dates)
    if not keyed:
        return None
    value = keyed[min(len(keyed) - 1, max(0, math.ceil(q * len(keyed)) - 1))]
    return None if value == math.inf else dt.date.fromordinal(int(value)).isoformat()


def summarise(loaded: LoadedScenario, results: list[dict[str, Any]], args: dict[str, Any]
              ) -> dict[str, Any]:
    outcomes = {o.objective: o for o in loaded.scenario.history.outcomes}
    names = {p.id: text_in(p.name, "en") for p in loaded.scenario.places}
    objectives: dict[str, Any] = {}
    for o in loaded.scenario.victory.objectives:
        dates = [r["capture_dates"].get(o.place) for r in results]
        history = outcomes.get(o.place)
        figures = {}
        for key in PORT_FIGURES:
            values = [r["by_objective"][o.place][key] for r in results if "by_objective" in r]
            counted = [r["as_counted"][o.place][key] for r in results if "as_counted" in r]
            since = counted_from(loaded.scenario, o.place, key)
            figures[key] = {"median": float(median(values)) if values else None,
                            "median_as_counted": float(median(counted)) if counted else None,
                            "counted_from": since.isoformat() if since else None,
                            "historical": history_figure(history, key)}
        objectives[o.place] = {
            "name": names.get(o.place, o.place),
            "kind": o.kind,
            **figures,
            "historical_date": history.fell[0].date.isoformat() if history and history.fell
            else None,
            "captured_share": sum(d is not None for d in dates) / len(dates) if dates else 0.0,
            "median_capture_date": _quantile_date(dates, 0.5),
            "p10_capture_date": _quantile_date(dates, 0.1),
            "p90_capture_date": _quantile_date(dates, 0.9),
            "capture_dates": dates,
        }
        if o.kind == "contain":
            objectives[o.place].update(_ring_summary(o.place, results, history))

    def stat(key: str, field: str) -> dict[str, float | None]:
        values = [r[key] for r in results]
        return {"median": float(median(values)) if values else None,
                "historical": historical_total(loaded.scenario, field,
                                              campaign_only=not field.startswith("civilian"))}

    casualties = stat("allied_casualties", "allied_casualties")
    counted_totals = [counted_total(loaded.scenario, r["as_counted"], "allied_casualties")
                      for r in results if "as_counted" in r]
    casualties["median_as_counted"] = float(median(counted_totals)) \
        if counted_totals and None not in counted_totals else None
    truces = {}
    for place in sorted({p for r in results for p in r.get("truces", ())}):
        truces[place] = {"name": names.get(place, place),
                         "share": sum(place in r.get("truces", ()) for r in results) / len(results)}
    return {
        **args,
        "objectives": objectives,
        "truces": truces,
        "truce_policy": Timeline(loaded.scenario).truce_policy_lines("en"),
        "prisoners": stat("prisoners", "prisoners"),
        "allied_casualties": casualties,
        "civilian_casualties": stat("civilian_casualties", "civilian_deaths"),
        "civilians_evacuated": stat("civilians_evacuated", "civilians_evacuated"),
        "levels": {lv: sum(r["level"] == lv for r in results) for lv in
                   sorted({r["level"] for r in results})},
        "strait": _strait_summary(loaded, results),
    }


def _strait_summary(loaded: LoadedScenario, results: list[dict[str, Any]]
                    ) -> dict[str, Any] | None:
    """Shells on the off-map towns, civilians killed there and the day of the last shell:
    medians over the runs, beside the 1944 figures (`strait.history`)."""
    spec = loaded.scenario.strait
    runs = [r["strait"] for r in results if r.get("strait")]
    if spec is None or not runs:
        return None
    history = spec.history

    def total(key: str) -> list[int]:
        return [sum(r[key].values()) for r in runs]

    return {
        "shells": {"median": float(median(total("shells"))),
                   "historical": history.shells[0].value if history.shells else None},
        "civilians_killed": {"median": float(median(total("killed"))),
                             "historical": history.civilian_deaths[0].value
                             if history.civilian_deaths else None},
        "guns_knocked_out": {"median": float(median(total("knocked_out")))},
        "last_shell": {"median": _quantile_date([r["last_shell"] for r in runs], 0.5),
                       "historical": history.last_shell[0].date.isoformat()
                       if history.last_shell else None},
    }


def _ring_summary(objective: str, results: list[dict[str, Any]], history: Any
                  ) -> dict[str, Any]:
    """A `contain` objective over the runs: the share of its days the ring held (median, p10,
    p90), how often it broke, the median first breach, and what history says."""
    rings = [r["rings"][objective] for r in results if objective in r.get("rings", {})]
    shares = sorted(ring["held"] / ring["total"] if ring["total"] else 0.0 for ring in rings)

    def at(q: float) -> float | None:
        return shares[min(len(shares) - 1, max(0, math.ceil(q * len(shares)) - 1))] \
            if shares else None

    return {
        "ring_held_share": {"p10": at(0.1), "median": at(0.5), "p90": at(0.9)},
        "ring_broken_share": sum(ring["first_breach"] is not None for ring in rings)
        / len(rings) if rings else 0.0,
        "median_first_breach": _quantile_date([ring["first_breach"] for ring in rings], 0.5),
        "historical_held_until": history.held_until.isoformat() if history and
        history.held_until else None,
        "historical_fell": history.fell[0].date.isoformat() if history and history.fell
        else None,
    }


class Progress(Protocol):
    """What a batch tells of its progress (the command line draws it as a bar: cli.progress)."""

    def advance(self) -> None: ...

    def interrupted(self) -> None: ...


def simulate(path: str, allies: str, germans: str, seed: int, runs: int, jobs: int,
             difficulty: str | None = None, progress: Progress | None = None,
             variant: str = "none", objective: str = "boulogne") -> list[dict[str, Any]]:
    """One outcome per seed, in seed order; `progress` is told of each finished campaign.

    Ctrl-C raises `Interrupted` holding the runs finished so far, once every worker is stopped.
    """
    jobs = min(jobs or os.cpu_count() or 1, runs)
    by_seed: dict[int, dict[str, Any]] = {}

    def finished(index: int, result: dict[str, Any]) -> None:
        by_seed[seed + index] = result
        if progress is not None:
            progress.advance()

    try:
        if jobs <= 1:
            for index in range(runs):
                finished(index, run_campaign(path, allies, germans, seed + index, difficulty,
                                             variant, objective))
        else:
            run_in_workers(run_campaign, ((path, allies, germans, seed + index, difficulty,
                                           variant, objective) for index in range(runs)),
                           jobs, finished)
    except KeyboardInterrupt:
        if progress is not None:
            progress.interrupted()
        raise Interrupted([by_seed[s] for s in sorted(by_seed)], runs) from None
    return [by_seed[s] for s in sorted(by_seed)]
