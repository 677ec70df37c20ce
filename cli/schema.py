"""`run.py schema`: the JSON Schema of the scenario format (or, with `--ruleset`, of rulesets)."""

from __future__ import annotations

import argparse
import sys

from engine.atomic_file import write_text_atomically
from engine.format.schema_export import SCHEMAS, schema_text
from engine.format.shipped import SCENARIOS_DIR


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ruleset", action="store_true", help="print the ruleset schema instead"
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--write",
        action="store_true",
        help="rewrite scenarios/schema.json and scenarios/ruleset.schema.json",
    )
    group.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the checked-in schema files are out of date",
    )


def run(args: argparse.Namespace) -> int:
    if args.write or args.check:
        stale = []
        for name, (_, file_name, _, _) in SCHEMAS.items():
            target = SCENARIOS_DIR / file_name
            text = schema_text(name)
            current = target.read_text(encoding="utf-8") if target.is_file() else None
            if args.write and current != text:
                write_text_atomically(target, text)
                print(f"wrote {target}")
            elif current != text:
                stale.append(target)
        for target in stale:
            print(f"{target} is out of date: run `make schema`", file=sys.stderr)
        return 1 if stale else 0
    sys.stdout.write(schema_text("ruleset" if args.ruleset else "scenario"))
    return 0
