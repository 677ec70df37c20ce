"""`python -m game`: the window alone, without `run.py`'s other sub-commands (faster start)."""

from __future__ import annotations

import argparse
import sys

from game.app import add_arguments, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game", description="Channel Ports 1944")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
