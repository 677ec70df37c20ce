"""The regression gate of `make bench`: this tree against the baseline commit, timed in pairs.

A time stored from another hour cannot be compared with one measured now on a shared machine:
the same code's CPU time moved by +45-80% between two recordings twenty minutes apart (other
programs sharing the cores and their caches slow it; CPU time does not remove that). So the
gate measures both sides at once: it extracts the baseline commit (`tests/bench/baseline_commit`:
its hash, then why it was chosen) with `git archive`, starts `workloads.py` on the baseline's
tree and on this one, and asks them in turn for one timing of each workload, round after round
(baseline first in even rounds, this tree first in odd ones), so the two timings of a pair are
a second apart. Each pair gives a ratio this/baseline; the gate takes each workload's median
ratio over `ROUNDS` rounds, so a pair disturbed by a burst of load counts once, and fails when
one is more than `TOLERANCE` above 1.

    python tests/bench/paired.py [--rounds N] [--baseline COMMIT]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKLOADS = Path(__file__).with_name("workloads.py")
BASELINE_FILE = Path(__file__).with_name("baseline_commit")
TOLERANCE = 0.25  # same commit on both sides: see the measured spread in baseline_commit
ROUNDS = 7


def baseline_commit() -> str:
    """The first word of `baseline_commit` (the rest of the file says why it was chosen)."""
    return BASELINE_FILE.read_text(encoding="utf-8").split()[0]


def extract(commit: str, into: Path) -> None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(into, filter="data")
        else:
            tar.extractall(into)  # our own repository's archive


class Server:
    """`workloads.py` running on one tree: ask it for one timing at a time."""

    def __init__(self, tree: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKLOADS)], cwd=tree, text=True, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(tree)})
        self.names: list[str] = json.loads(self._line())

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the workloads stopped (exit status {self.process.wait()})")
        return line

    def time(self, name: str) -> float:
        assert self.process.stdin is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        return float(self._line())

    def close(self) -> None:
        with contextlib.suppress(OSError):
            assert self.process.stdin is not None
            self.process.stdin.write("\n")
            self.process.stdin.close()
        self.process.wait(timeout=60)


def compare(rounds: int, commit: str) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Per workload, the ratios this/baseline of each round; and this tree's median times."""
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as folder, \
            contextlib.ExitStack() as stack:
        extract(commit, Path(folder))
        base = Server(Path(folder))
        stack.callback(base.close)
        ours = Server(ROOT)
        stack.callback(ours.close)
        names = [n for n in ours.names if n in base.names]
        ratios: dict[str, list[float]] = {n: [] for n in names}
        times: dict[str, list[float]] = {n: [] for n in names}
        for r in range(rounds):
            for name in names:
                first, second = (base, ours) if r % 2 == 0 else (ours, base)
                got = {id(first): first.time(name), id(second): second.time(name)}
                ratios[name].append(got[id(ours)] / got[id(base)])
                times[name].append(got[id(ours)])
    return ratios, {n: statistics.median(v) for n, v in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--baseline", default=None, help="commit (default: baseline_commit)")
    args = parser.parse_args(argv)
    commit = args.baseline or baseline_commit()
    ratios, ours = compare(args.rounds, commit)
    print(f"\nthis tree against {commit[:12]}, {args.rounds} rounds of pairs, CPU time; "
          f"fails above x{1 + TOLERANCE:.2f}")
    failed = []
    for name, values in ratios.items():
        median = statistics.median(values)
        verdict = "REGRESSION" if median > 1 + TOLERANCE else "ok"
        if verdict != "ok":
            failed.append(name)
        print(f"  {name:<30}{1000 * ours[name]:>10.2f} ms  x{median:.2f} "
              f"(pairs {min(values):.2f}-{max(values):.2f})  {verdict}")
    if failed:
        print(f"slower than the baseline beyond {TOLERANCE:.0%}: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
