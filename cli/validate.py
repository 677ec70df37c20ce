"""`run.py validate FILE...`: list every problem in scenario and ruleset files.

Prints one line per problem, `FILE:LINE:COL: error: MESSAGE [key.path]`, the form compilers use,
so editors and CI logs link straight to the spot; `--format json` prints the same as a JSON list
for tools. Exit status: 0 when every file is valid (warnings allowed), 1 when any has errors (or
warnings, with `--strict`). Bad input never produces a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine.format.loaded import Problem
from engine.format.loading import already_validated, remember
from engine.format.shipped import DEFAULT_SCENARIO


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="scenario or ruleset YAML files (default: the Channel Ports scenario)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one FILE:LINE:COL line per problem; json: a JSON list of problem objects",
    )
    parser.add_argument(
        "--strict", action="store_true", help="count warnings as errors (for CI)"
    )


def problem_record(problem: Problem) -> dict[str, object]:
    """A problem as a JSON-ready object (`column` rather than `col` for tools)."""
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.col,
        "severity": problem.severity,
        "message": problem.message,
        "hint": problem.hint,
        "key_path": problem.key_path,
        "text": str(problem),
    }


def run(args: argparse.Namespace) -> int:
    files: list[Path] = list(args.files) or [DEFAULT_SCENARIO]
    problems: list[Problem] = []
    for path in files:
        known = already_validated(path)  # unchanged since it last validated: same warnings
        if known is not None:
            problems += known.warnings
            continue
        from engine.format.validation import validate_any  # the checker, only when needed

        report = validate_any(path)
        if report.loaded is not None:
            remember(path, report.loaded, report.ruleset_files)
        problems += report.problems
    problems = list(dict.fromkeys(problems))  # a ruleset shared by several files: report once
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if args.format == "json":
        json.dump([problem_record(p) for p in problems], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        summary_stream = sys.stderr
    else:
        for problem in problems:
            print(problem)
        summary_stream = sys.stdout
    print(
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {len(files)} file{'s' * (len(files) != 1)}",
        file=summary_stream,
    )
    failed = errors > 0 or (args.strict and warnings > 0)
    return 1 if failed else 0
