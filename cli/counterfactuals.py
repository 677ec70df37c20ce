"""`run.py counterfactuals`: the siege model's counterfactual table.

Plays every variant of `engine.history.counterfactual.VARIANTS` (the scenario as written, the
plan's assaults on one objective later or earlier, no preparation fire, the garrison doubled,
the depot's ammunition doubled, a passive defender, the AI on both sides) over the same seeds,
and prints, per variant, when the objective fell (median, p10-p90, share of runs), what it cost
the attacker there, how many prisoners were taken there, and the other objectives' medians.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cli.progress import Progress
from cli.scenario_file import load_for_command
from engine.format.shipped import DEFAULT_SCENARIO
from engine.history.counterfactual import VARIANTS
from engine.history.simulate import simulate, summarise


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO),
                        help="scenario file (default: the Channel ports campaign)")
    parser.add_argument("--objective", default="boulogne",
                        help="the objective the variants change (default: boulogne)")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="comma-separated variants (default: all)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first run")
    parser.add_argument("--runs", type=int, default=20, help="campaigns per variant")
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: all cores)")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")


def row(variant: str, summary: dict[str, Any], objective: str) -> dict[str, Any]:
    o = summary["objectives"][objective]
    return {
        "variant": variant, "description": VARIANTS[variant].description,
        "allies": VARIANTS[variant].allies, "germans": VARIANTS[variant].germans,
        "median": o["median_capture_date"], "p10": o["p10_capture_date"],
        "p90": o["p90_capture_date"], "taken": o["captured_share"],
        "allied_casualties": o["allied_casualties"]["median"],
        "prisoners": o["prisoners"]["median"],
        "others": {k: v["median_capture_date"] for k, v in summary["objectives"].items()
                   if k != objective},
    }


def format_table(rows: list[dict[str, Any]], objective: str, runs: int, seed: int) -> str:
    lines = [f"{objective}: {runs} runs per variant from seed {seed}", "",
             f"{'variant':<18}{'median':<12}{'p10':<12}{'p90':<12}{'taken':>6}"
             f"{'Allied cas.':>12}{'prisoners':>11}  others"]
    for r in rows:
        others = ", ".join(f"{k} {v[5:] if v else 'held'}" for k, v in r["others"].items())
        lines.append(
            f"{r['variant']:<18}{r['median'] or 'held':<12}{r['p10'] or 'held':<12}"
            f"{r['p90'] or 'held':<12}{r['taken']:>6.0%}{r['allied_casualties']:>12,.0f}"
            f"{r['prisoners']:>11,.0f}  {others}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or args.runs < 1 or args.seed < 0 or args.jobs < 0:
        print(f"counterfactuals: unknown variant(s) {', '.join(unknown)} (known: "
              f"{', '.join(VARIANTS)})" if unknown else
              "counterfactuals: --runs must be at least 1, --seed and --jobs 0 or more",
              file=sys.stderr)
        return 2
    path = str(Path(args.scenario))
    loaded = load_for_command(path, "counterfactuals")
    if isinstance(loaded, int):
        return loaded
    if args.objective not in {o.place for o in loaded.scenario.victory.objectives}:
        print(f"counterfactuals: {args.objective!r} is not an objective of {path}",
              file=sys.stderr)
        return 2
    rows = []
    for name in variants:
        v = VARIANTS[name]
        results = simulate(path, v.allies, v.germans, args.seed, args.runs, args.jobs,
                           progress=Progress(args.runs, sys.stderr), variant=name,
                           objective=args.objective)
        rows.append(row(name, summarise(loaded, results, {}), args.objective))
    print(json.dumps(rows, indent=1) if args.json else
          format_table(rows, args.objective, args.runs, args.seed))
    return 0
