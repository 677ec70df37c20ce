"""`run.py report SAVE`: the after-action report of a saved game (or a batch summary) against 1944,
as text, JSON, a window or a timeline chart."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from cli.output_file import output_file
from cli.scenario_file import load_for_command
from engine.format.shipped import DEFAULT_SCENARIO
from engine.guarded_read import MissingFile, UnreadableFile, read_json
from engine.history.report import (
    PORT_FIGURES,
    batch_objectives,
    batch_render,
    build_report,
    render,
)

MAX_SUMMARY_BYTES = 200_000_000  # 100,000 runs of a scenario with many objectives


# --- command line ---------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("save", nargs="?", help="saved game (JSON) to report on")
    parser.add_argument("--scenario", default=str(DEFAULT_SCENARIO),
                        help="scenario file the save was made with (default: Channel ports)")
    parser.add_argument("--batch", metavar="JSON",
                        help="compare a `run.py simulate --json` summary with history instead")
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="report language")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--png", type=output_file, metavar="PATH",
                        help="also save the timeline chart (history against this campaign) as PNG")
    parser.add_argument("--window", action="store_true",
                        help="show the report of SAVE in the game window")
    parser.add_argument("--screenshot", type=output_file, metavar="PATH",
                        help="with --window: draw the report to PATH (PNG) and exit")


def read_summary(path: str) -> dict[str, Any]:
    """The parts of a simulate summary the report uses, each checked; ValueError (one line)
    if the file is not a summary. What is kept is exactly what the report and the chart read,
    so a malformed field is refused here rather than met half-way through drawing."""
    try:
        data = read_json(path, MAX_SUMMARY_BYTES)
    except MissingFile:
        raise ValueError(f"no file at {path}") from None
    except UnreadableFile as exc:
        raise ValueError(f"{path} is not a simulate --json summary ({exc.reason})") from None
    if not isinstance(data, dict) or not isinstance(data.get("objectives"), dict):
        raise ValueError(f"{path} is not a simulate --json summary (no 'objectives')")
    objectives: dict[str, Any] = {}
    for key, entry in data["objectives"].items():
        dates = entry.get("capture_dates") if isinstance(entry, dict) else None
        if not isinstance(dates, list) or not all(d is None or isinstance(d, str) for d in dates):
            raise ValueError(f"{path}: 'capture_dates' must be a list of dates or nulls")
        try:
            [dt.date.fromisoformat(d) for d in dates if d]
        except ValueError:
            raise ValueError(f"{path}: a capture date is not YYYY-MM-DD") from None
        objectives[key] = {"capture_dates": dates, **_port_figures(entry)}
    summary: dict[str, Any] = {"objectives": objectives}
    runs = data.get("runs")
    if isinstance(runs, int) and not isinstance(runs, bool) and runs >= 0:
        summary["runs"] = runs
    for key in ("allies", "germans"):
        if isinstance(data.get(key), str):
            summary[key] = data[key][:40]
    for key in ("prisoners", "allied_casualties", "civilian_casualties"):
        stat = data.get(key)
        fields = ("median", "median_as_counted", "historical")
        if isinstance(stat, dict) and all(_number_or_none(stat.get(f)) for f in fields):
            summary[key] = {f: stat.get(f) for f in fields}
    return summary


def _port_figures(entry: dict[str, Any]) -> dict[str, Any]:
    """An objective's per-port medians (`PORT_FIGURES`) that are well formed: numbers or nulls,
    and a `counted_from` that is a date or null; any other is left out, as a malformed total is."""
    out: dict[str, Any] = {}
    for key in PORT_FIGURES:
        stat = entry.get(key)
        if not isinstance(stat, dict) or not all(_number_or_none(stat.get(f)) for f in
                                                 ("median", "median_as_counted", "historical")):
            continue
        since = stat.get("counted_from")
        try:
            if since is not None:
                dt.date.fromisoformat(since)
        except (TypeError, ValueError):
            continue
        out[key] = {f: stat.get(f) for f in ("median", "median_as_counted", "counted_from",
                                             "historical")}
    return out


def _number_or_none(value: object) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def run(args: argparse.Namespace) -> int:
    from engine.save import SaveError, load_game

    if not args.save and not args.batch:
        print("report: give a saved game, or --batch with a simulate --json summary",
              file=sys.stderr)
        return 2
    loaded = load_for_command(args.scenario, "report")
    if isinstance(loaded, int):
        return loaded
    game = summary = None
    if args.batch:
        try:
            summary = read_summary(args.batch)
        except ValueError as exc:
            print(f"report: {exc}", file=sys.stderr)
            return 2
    if args.save:
        try:
            game = load_game(args.save, loaded)
        except SaveError as exc:
            print(f"report: {exc}", file=sys.stderr)
            return 2
    report = build_report(game) if game is not None else None
    if args.json:
        out: dict[str, Any] = {}
        if report is not None:
            out["report"] = report.to_json()
        if summary is not None:
            out["batch"] = {b.objective: {"runs": b.runs, "taken": b.taken, "on_time": b.on_time,
                                          "median_days": b.median_days}
                            for b in batch_objectives(loaded.scenario, {
                                k: v["capture_dates"] for k, v in summary["objectives"].items()})}
        print(json.dumps(out, indent=1, ensure_ascii=False))
    else:
        if report is not None:
            sys.stdout.write(render(report, args.lang))
        if summary is not None:
            if report is not None:
                print()
            sys.stdout.write(batch_render(loaded.scenario, summary, args.lang))
    if args.window:
        if game is None:
            print("report: --window needs a saved game", file=sys.stderr)
            return 2
        from game.app import open_report  # the window only

        return open_report(Path(args.scenario), Path(args.save), args.lang, summary,
                          Path(args.screenshot) if args.screenshot else None)
    if args.png:
        from game.widgets.timeline_chart import (
            save_png,  # only for the picture: engine/ needs no pygame
        )

        try:
            save_png(loaded.scenario, Path(args.png), args.lang, report=report, summary=summary)
        except OSError as exc:
            print(f"report: cannot write {args.png}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    return 0
