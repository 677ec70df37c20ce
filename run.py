#!/usr/bin/env python3
"""Channel Ports 1944 — command-line entry point.

Thin on purpose: it parses the command line and hands over to a `run(args) -> int` function in
the command's module under cli/. Each sub-command module registers its own arguments in `COMMANDS`.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import traceback

from engine.sigint import sigint_held

# name -> (module with `add_arguments(parser)` and `run(args) -> int`, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("cli.play", "open the game window (default)"),
    "validate": ("cli.validate", "check scenario files and list every problem"),
    "schema": ("cli.schema", "print the JSON Schema of the scenario format"),
    "mapgen": (
        "cli.mapgen",
        "generate a scenario's terrain grid from real coastline data",
    ),
    "simulate": (
        "cli.simulate",
        "run whole campaigns headless and compare them with history",
    ),
    "study": (
        "cli.study",
        "sensitivity study: campaigns over a grid of rule numbers and seeds, table and charts",
    ),
    "counterfactuals": (
        "cli.counterfactuals",
        "the siege model's counterfactual table (garrison, preparation, timing)",
    ),
    "replay": (
        "cli.replay",
        "replay the history of the scenario day by day, with sources",
    ),
    "report": ("cli.report", "after-action report of a saved game against history"),
    "new-scenario": (
        "cli.new_scenario",
        "write a small valid scenario to start modding from",
    ),
    "guide": ("cli.guide", "rewrite the field reference in scenarios/README.md"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; only `command`'s module is imported, so start-up stays fast.

    Every sub-command is listed (for `--help`), but importing all of them would load the game
    window, the engine and the validator just to open one of them.
    """
    parser = argparse.ArgumentParser(
        prog="run.py",
        description="Channel Ports 1944: Boulogne, Calais, Cap Gris-Nez, Dunkirk (September 1944).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(module=module_name)
        if name != command:
            continue
        try:
            importlib.import_module(module_name).add_arguments(sub)
        except Exception as exc:  # a broken command must not take the others down with it
            sub.set_defaults(module=None, broken=f"{type(exc).__name__}: {exc}")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status. Ctrl-C gives 130 and a closed output pipe (`| head`)
    ends quietly with 141, as for programs the shell sees killed by those signals; no line on
    stderr is longer than `cli.bounded_stderr.MAX_LINE_CHARS`."""
    from cli.bounded_stderr import bounded_stderr

    try:
        with bounded_stderr():
            status = _command(list(sys.argv[1:] if argv is None else argv) or ["play"])
            sys.stdout.flush()  # inside the guard: a pipe closed early fails here, not at exit
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Nothing more can reach the reader; point stdout at /dev/null so that the final flush
        # at exit has nowhere to fail.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _command(argv: list[str]) -> int:
    with sigint_held():
        args = build_parser(argv[0]).parse_args(argv)
    if args.module is None:
        print(f"run.py {args.command}: this command cannot start ({args.broken})", file=sys.stderr)
        return 2
    try:
        return int(importlib.import_module(args.module).run(args) or 0)
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as exc:  # last line of defence: never show a traceback to a user
        from engine.user_dirs import record_internal_error

        log = record_internal_error(traceback.format_exc())
        where = f" (details in {log})" if log else ""
        print(f"run.py {args.command}: internal error: {exc}{where}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
