"""The paired regression gate of `make bench` (tests/bench/paired.py): its verdict from the
pairs' ratios, on scripted timings (the real gate runs two trees for minutes: `make bench`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.bench import paired


class Scripted:
    """A stand-in for one tree's workload server: timings read off a list, round by round."""

    def __init__(self, times: list[float]) -> None:
        self.names = ["campaign"]
        self.times = iter(times)

    def time(self, name: str) -> float:
        return next(self.times)

    def close(self) -> None:
        pass


def verdict(monkeypatch: pytest.MonkeyPatch, base: list[float], ours: list[float]) -> int:
    servers = iter([Scripted(base), Scripted(ours)])
    monkeypatch.setattr(paired, "Server", lambda tree: next(servers))
    monkeypatch.setattr(paired, "extract", lambda commit, into: None)
    return paired.main(["--rounds", str(len(base)), "--baseline", "HEAD"])


def test_a_workload_slower_in_most_pairs_fails_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    assert verdict(monkeypatch, [1.0] * 5, [1.4, 1.5, 0.9, 1.45, 1.35]) == 1


def test_one_pair_hit_by_a_burst_of_load_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    assert verdict(monkeypatch, [1.0] * 5, [1.0, 1.9, 1.05, 0.95, 1.1]) == 0
    assert verdict(monkeypatch, [1.0, 1.0, 2.0, 1.0, 1.0], [1.2] * 5) == 0


def test_the_baseline_is_a_commit_of_this_repository_with_its_reason() -> None:
    commit = paired.baseline_commit()
    root = Path(paired.__file__).resolve().parents[2]
    found = subprocess.run(["git", "-C", str(root), "cat-file", "-t", commit],
                           capture_output=True, text=True)
    if found.returncode != 0 and "not a git repository" in found.stderr:
        pytest.skip("not a git checkout")
    assert found.stdout.strip() == "commit"
    assert len(paired.BASELINE_FILE.read_text().split()) > 10  # the hash, then why
