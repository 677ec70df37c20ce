"""`run.py study STUDY.yaml`: a sensitivity study — campaigns over a grid of rule or scenario
numbers and seeds, a tidy table of the outcomes and a chart per number (engine/history/study.py
describes the study file).

The table (`results.csv` in the output folder) grows a campaign at a time; run the same command
again after an interruption and it plays only the campaigns that are missing. Campaigns run on
Dask: an embedded local cluster of `--jobs` processes, or the cluster at `--scheduler`.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import sys
import time
from pathlib import Path

from cli.cluster import ClusterError, run_tasks
from cli.progress import Progress, duration
from engine.history.study import (
    COLUMNS,
    TOTALS,
    StudyError,
    done_keys,
    read_study,
    rows,
    run_task,
    task_key,
    variant,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("study", type=Path, help="the study file (YAML)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: STUDY_results beside the study file)")
    parser.add_argument("--jobs", type=int, default=0,
                        help="worker processes of the local cluster (default: all cores); "
                             "1 runs in this process")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run on the Dask cluster at ADDRESS (tcp://host:8786)")


def run(args: argparse.Namespace) -> int:
    if args.jobs < 0:
        print("study: --jobs must be 0 or more", file=sys.stderr)
        return 2
    try:
        study = read_study(args.study)
    except StudyError as exc:
        print(f"study: {exc}", file=sys.stderr)
        return 1
    out = args.out or args.study.with_name(f"{args.study.stem}_results")
    out.mkdir(parents=True, exist_ok=True)
    table = out / "results.csv"
    spec = study.spec
    scenario = str(study.scenario_path)
    base = variant(scenario, *study.settings()[0])
    start = base.scenario.start_date
    objectives = [o.place for o in base.scenario.victory.objectives]
    try:
        done = done_keys(table, len(objectives) + len(TOTALS))
    except StudyError as exc:
        print(f"study: {exc}", file=sys.stderr)
        return 1
    tasks = [t for t in study.tasks() if task_key(*t) not in done]
    total = len(study.tasks())
    if done:
        print(f"study: {total - len(tasks)} of {total} campaigns already in {table}; "
              f"playing the other {len(tasks)}", file=sys.stderr)
    progress = Progress(total, sys.stderr, done=total - len(tasks))
    began = time.monotonic()
    new_file = not table.is_file() or table.stat().st_size == 0
    with table.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        if new_file:
            writer.writerow(COLUMNS)
            handle.flush()
        calls = [(scenario, spec.allies, spec.germans, spec.difficulty, n, v, s)
                 for n, v, s in tasks]
        jobs = args.jobs or os.cpu_count() or 1
        finished = (
            ((i, run_task(*call)) for i, call in enumerate(calls))
            if jobs == 1 and args.scheduler is None
            else run_tasks(run_task, calls, jobs, args.scheduler)
        )
        try:
            with contextlib.closing(finished):  # left early: the local cluster stops at once
                for i, outcome in finished:
                    number, value, seed = tasks[i]
                    writer.writerows(rows(number, value, seed, start, outcome, objectives))
                    handle.flush()  # a campaign's rows reach the file together, or not at all
                    progress.advance()
        except ClusterError as exc:
            print(f"study: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            progress.interrupted()
            print(f"study: interrupted with {progress.done} of {total} campaigns in {table}; "
                  "the same command plays the rest", file=sys.stderr)
            return 130
    from cli.study_chart import draw_charts

    days = (base.scenario.end_date - base.scenario.start_date).days
    charts = draw_charts(table, out / "charts", days)
    print(f"{total} campaigns in {table} ({len(tasks)} played now in "
          f"{duration(time.monotonic() - began)}); {len(charts)} chart(s) in {out / 'charts'}")
    return 0
