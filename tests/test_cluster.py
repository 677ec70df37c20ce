"""Campaigns on a real Dask cluster: a scheduler and two workers started here as separate
processes give exactly the results of a run in this process, even when a worker dies midway."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from cli import simulate as simulate_command
from cli.cluster import ClusterError, run_tasks
from engine.history.simulate import run_campaign


def args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    simulate_command.add_arguments(parser)
    return parser.parse_args(list(argv))


def start(*command: str, log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen([sys.executable, "-m", *command], stdout=handle,
                            stderr=subprocess.STDOUT, cwd=Path(__file__).parent)


def scheduler_address(file: Path, deadline: float) -> str:
    """The address the scheduler writes to `file`, once the file is whole (it appears empty
    first, then filled: reading it as soon as it exists once found nothing)."""
    while True:
        try:
            return str(json.loads(file.read_text())["address"])
        except (OSError, ValueError, KeyError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """(scheduler address, the two worker processes)."""
    file = tmp_path / "scheduler.json"
    procs = [start("distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                   "--no-dashboard", "--scheduler-file", str(file), log=tmp_path / "s.log")]
    try:
        address = scheduler_address(file, deadline=time.monotonic() + 60)
        workers = [start("distributed.cli.dask_worker", address, "--nthreads", "1",
                         "--no-dashboard", "--name", f"w{i}", log=tmp_path / f"w{i}.log")
                   for i in range(2)]
        procs += workers
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_a_batch_on_a_cluster_gives_exactly_the_results_of_a_local_run(
    cluster: tuple[str, list[subprocess.Popen[bytes]]], minimal_scenario_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, _ = cluster
    common = (str(minimal_scenario_path), "--allies", "history", "--germans", "ai", "--seed",
              "3", "--runs", "6", "--json")
    assert simulate_command.run(args(*common, "--jobs", "1")) == 0
    local = json.loads(capsys.readouterr().out)
    assert simulate_command.run(args(*common, "--scheduler", address)) == 0
    remote = json.loads(capsys.readouterr().out)
    assert remote == local
    assert local["objectives"] and len(local["objectives"]["boulogne"]["capture_dates"]) == 6


def test_a_worker_dying_midway_loses_no_campaign(
    cluster: tuple[str, list[subprocess.Popen[bytes]]], minimal_scenario_path: Path,
) -> None:
    address, workers = cluster
    calls = [(str(minimal_scenario_path), "ai", "ai", seed, None) for seed in range(12)]
    results: dict[int, dict[str, object]] = {}
    for i, outcome in run_tasks(run_campaign, calls, 2, address):
        results[i] = outcome
        if len(results) == 1:
            workers[0].kill()  # one worker dies with campaigns still to run
    assert workers[0].wait(timeout=20) != 0
    assert sorted(results) == list(range(len(calls)))
    assert all(results[i] == run_campaign(*call) for i, call in enumerate(calls))


def test_an_unreachable_scheduler_is_a_one_line_error(minimal_scenario_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ClusterError, match="cannot reach"):
        list(run_tasks(run_campaign, [(str(minimal_scenario_path), "ai", "ai", 1, None)], 1,
                       "tcp://127.0.0.1:9"))
    code = simulate_command.run(args(str(minimal_scenario_path), "--runs", "2",
                                     "--scheduler", "tcp://127.0.0.1:9"))
    assert code == 1 and "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_simulate_plays_on_a_local_dask_cluster_by_default(
    minimal_scenario_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    common = (str(minimal_scenario_path), "--allies", "ai", "--germans", "ai", "--runs", "5",
              "--json")
    assert simulate_command.run(args(*common, "--jobs", "1")) == 0  # in this process
    alone = json.loads(capsys.readouterr().out)
    used: list[tuple[int, str | None]] = []

    def spy(fn, tasks, jobs, scheduler=None):  # type: ignore[no-untyped-def]
        used.append((jobs, scheduler))
        return run_tasks(fn, tasks, jobs, scheduler)

    monkeypatch.setattr(simulate_command, "run_tasks", spy)
    monkeypatch.setattr(simulate_command, "simulate", None)  # the process pool: not called
    assert simulate_command.run(args(*common, "--jobs", "2")) == 0
    assert used == [(2, None)]  # an embedded local cluster of two workers
    assert json.loads(capsys.readouterr().out) == alone


def test_without_dask_simulate_plays_on_local_processes(
    minimal_scenario_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`make play` installs no Dask: simulate then keeps to its own worker processes."""
    common = (str(minimal_scenario_path), "--allies", "ai", "--germans", "ai", "--runs", "5",
              "--json")
    assert simulate_command.run(args(*common, "--jobs", "1")) == 0
    alone = json.loads(capsys.readouterr().out)
    monkeypatch.setattr(simulate_command, "dask_available", lambda: False)
    monkeypatch.setattr(simulate_command, "run_tasks", None)  # Dask: not called
    assert simulate_command.run(args(*common, "--jobs", "2")) == 0
    assert json.loads(capsys.readouterr().out) == alone
