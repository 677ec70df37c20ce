"""`run.py simulate`: whole campaigns without a window, many seeds, compared with history.

Campaigns run on Dask (`cli/cluster.py`): an embedded local cluster of `--jobs` processes, or
the running cluster at `--scheduler`. Without Dask installed (it is optional: `make play` does
not need it) they run on the engine's own worker processes (`engine.history.workers`); with
`--jobs 1`, in this process. Either way a Ctrl-C keeps every campaign already finished."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from cli.cluster import ClusterError, dask_available, run_tasks
from cli.progress import Progress
from cli.scenario_file import load_for_command
from engine.ai import difficulty_names
from engine.controllers import CONTROLLER_KINDS
from engine.format.shipped import DEFAULT_SCENARIO
from engine.history.counterfactual import VARIANTS
from engine.history.simulate import Interrupted, run_campaign, simulate, summarise
from engine.history.timeline import format_number
from engine.save import MAX_SEED

MAX_RUNS = 100_000  # every run's outcome is kept for the quantiles: about 1 kB each
MAX_JOBS = 2 * (os.cpu_count() or 1)  # more processes than that only share the same cores


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
    parser.add_argument("--runs", type=int, default=20,
                        help=f"number of campaigns (at most {MAX_RUNS:,})")
    parser.add_argument("--jobs", type=int, default=0,
                        help=f"worker processes of the local Dask cluster (default: all cores; "
                             f"at most {MAX_JOBS}; 1 plays in this process)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run on the Dask cluster at ADDRESS (tcp://host:8786) instead of "
                             "a local one (Dask needs requirements/study.txt; without it, "
                             "campaigns run on plain local processes)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="none",
                        help="play a counterfactual variant of the scenario (default: none; "
                             "see `run.py counterfactuals`)")
    parser.add_argument("--objective", default="boulogne",
                        help="the objective a variant changes (default: boulogne)")


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _whole(value: float | None) -> str:
    """A count as every report writes it in English (`timeline.format_number`): '9,736'."""
    return format_number(value or 0, "en")


def port_line(figure: dict[str, Any], label: str) -> list[str]:
    """'casualties at Le Havre     median       795   history 388 (counted from 1944-09-10, as
    the source counts; whole game 1,080)': a per-port median beside history's figure, counted
    like it; no line when history gives none."""
    if figure["historical"] is None:
        return []
    counted = figure.get("median_as_counted")
    shown = figure["median"] if counted is None else counted
    line = f"{label:<27}median {_whole(shown):>9}   history {_whole(figure['historical'])}"
    if figure.get("counted_from"):
        line += f" (counted from {figure['counted_from']}, as the source counts; whole game " \
                f"{_whole(figure['median'])})"
    return [line]


def format_table(summary: dict[str, Any]) -> str:
    lines = [
        f"{summary['scenario']}: {summary['runs']} runs from seed {summary['seed']} "
        f"(allies: {summary['allies']}, germans: {summary['germans']})",
    ]
    captures = [o for o in summary["objectives"].values() if o.get("kind") != "contain"]
    if captures:
        lines += ["", f"{'objective':<22}{'history':<12}{'taken':>7}  {'p10':<12}"
                      f"{'median':<12}{'p90':<12}"]
    for o in captures:
        lines.append(
            f"{o['name'][:21]:<22}{o['historical_date'] or 'held':<12}"
            f"{o['captured_share']:>6.0%}  {o['p10_capture_date'] or 'held':<12}"
            f"{o['median_capture_date'] or 'held':<12}{o['p90_capture_date'] or 'held':<12}"
        )
    rings = [o for o in summary["objectives"].values() if o.get("kind") == "contain"]
    if rings:
        lines += ["", f"{'ring round':<22}{'history':<20}{'broken':>7}  {'days held: p10':<16}"
                      f"{'median':<9}{'p90':<9}{'first breach'}"]
    for o in rings:
        share = o["ring_held_share"]
        history = f"held to {o['historical_held_until']}" if o["historical_held_until"] else \
            f"fell {o['historical_fell']}" if o["historical_fell"] else "n/a"
        lines.append(
            f"{o['name'][:21]:<22}{history:<20}{o['ring_broken_share']:>6.0%}  "
            f"{_share(share['p10']):<16}{_share(share['median']):<9}{_share(share['p90']):<9}"
            f"{o['median_first_breach'] or 'never (median)'}")
    lines.append("")
    for key, label in (("prisoners", "prisoners at"), ("allied_casualties", "casualties at")):
        for o in summary["objectives"].values():
            lines += port_line(o[key], f"{label} {o['name'][:12]}")
    for key, label in (("prisoners", "prisoners taken"), ("allied_casualties", "Allied casualties"),
                       ("civilian_casualties", "civilian casualties"),
                       ("civilians_evacuated", "civilians evacuated")):
        s = summary[key]
        hist = "n/a" if s["historical"] is None else _whole(s["historical"])
        alike = s.get("median_as_counted")
        lines.append(f"{label:<22}median {_whole(s['median']):>9}   history {hist}" + (
            f" (at the ports, as the sources count: {_whole(alike)})" if alike is not None else ""))
    lines.append("")
    truces = ", ".join(f"{t['name']} ({t['share']:.0%} of runs)"
                       for t in summary["truces"].values())
    lines.append(f"{'truces agreed':<22}{truces or 'none'}")
    lines += [f"{'truce policy':<22}{text}" for text in summary["truce_policy"]]
    strait = summary.get("strait")
    if strait:
        killed, last = strait["civilians_killed"], strait["last_shell"]
        hist = "n/a" if killed["historical"] is None else _whole(killed["historical"])
        lines += ["",
                  f"{'shells across Strait':<22}median {_whole(strait['shells']['median']):>9}",
                  f"{'killed across Strait':<22}median {_whole(killed['median']):>9}   "
                  f"history {hist}",
                  f"{'last shell':<22}median {last['median'] or 'none':>9}   history "
                  f"{last['historical'] or 'n/a'}"]
    return "\n".join(lines)


def on_dask(path: str, args: argparse.Namespace, jobs: int) -> list[dict[str, Any]]:
    """The campaigns of `args`, one per seed in seed order, played on Dask: a local cluster of
    `jobs` processes, or the cluster at `args.scheduler`. Ctrl-C stops the local cluster and
    raises `Interrupted` with the runs finished so far."""
    seeds = range(args.seed, args.seed + args.runs)
    where = str(Path(path).resolve())  # a worker's folder may not be ours
    calls = ((where, args.allies, args.germans, s, args.difficulty, args.variant, args.objective)
             for s in seeds)
    progress = Progress(args.runs, sys.stderr)
    results: dict[int, dict[str, Any]] = {}
    try:
        with contextlib.closing(run_tasks(run_campaign, calls, jobs, args.scheduler)) as done:
            for i, outcome in done:
                results[i] = outcome
                progress.advance()
    except KeyboardInterrupt:
        progress.interrupted()
        raise Interrupted([results[i] for i in sorted(results)], args.runs) from None
    return [results[i] for i in range(args.runs)]


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.runs <= MAX_RUNS or not 0 <= args.seed <= MAX_SEED - args.runs \
            or not 0 <= args.jobs <= MAX_JOBS:
        print(f"simulate: --runs must be from 1 to {MAX_RUNS:,}, --jobs from 0 to {MAX_JOBS} "
              f"and --seed from 0 to {MAX_SEED:,} less the runs", file=sys.stderr)
        return 2
    path = str(Path(args.scenario))
    loaded = load_for_command(path, "simulate")
    if isinstance(loaded, int):
        return loaded
    if args.variant != "none" and args.objective not in {
            o.place for o in loaded.scenario.victory.objectives}:
        print(f"simulate: {args.objective!r} is not an objective of {path}", file=sys.stderr)
        return 2
    jobs = min(args.jobs or os.cpu_count() or 1, args.runs)
    status = 0
    try:
        if args.scheduler is not None or (jobs > 1 and dask_available()):
            results = on_dask(path, args, jobs)
        else:  # one process, or no Dask installed (`make play`'s packages): local processes
            results = simulate(path, args.allies, args.germans, args.seed, args.runs,
                               jobs, args.difficulty, progress=Progress(args.runs, sys.stderr),
                               variant=args.variant, objective=args.objective)
    except ClusterError as exc:
        print(f"simulate: {exc}", file=sys.stderr)
        return 1
    except Interrupted as stop:
        print(f"simulate: {stop}", file=sys.stderr)
        results, status = stop.results, 130
    if results:
        summary = summarise(loaded, results, {
            "scenario": loaded.scenario.id, "runs": len(results), "seed": args.seed,
            "allies": args.allies, "germans": args.germans, "difficulty": args.difficulty,
            "variant": args.variant, "objective": args.objective,
        })
        print(json.dumps(summary, indent=1) if args.json else format_table(summary))
    return status
