"""Long commands stop when asked: Ctrl-C (a real SIGINT to the process group, as a terminal
sends it), a killed parent, a reader that closes the pipe; work is fed as workers free up."""

from __future__ import annotations

import csv
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from cli import simulate as simulate_command
from engine.history.workers import WorkerError, run_in_workers

ROOT = Path(__file__).resolve().parent.parent
STOPPED_WITHIN = 5.0  # seconds; typically 0.15 (a hang is what this catches, not a slow stop)


@contextmanager
def started(*argv: str, **options: object) -> Iterator[subprocess.Popen[bytes]]:
    """`run.py ARGV` in a process group of its own; whatever is left of the group is killed
    at the end, so a test that fails never leaves processes behind."""
    child = subprocess.Popen([sys.executable, str(ROOT / "run.py"), *argv], cwd=ROOT,
                             start_new_session=True, preexec_fn=_ctrl_c_as_at_a_terminal,
                             **options)  # type: ignore[call-overload]
    try:
        yield child
    finally:
        for pid in live_members(child.pid):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        child.wait()


def _ctrl_c_as_at_a_terminal() -> None:
    """The command starts with Ctrl-C at its default, as from a terminal. A shell starts a
    background job with SIGINT ignored and the ignoring is inherited: a suite run with `&`
    would otherwise start every command deaf to the Ctrl-C these tests send (a program
    started ignoring SIGINT is meant to, as under nohup)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def live_members(group: int) -> list[int]:
    """The processes of `group` that are not zombies (a zombie runs nothing)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def assert_group_ends(group: int) -> None:
    """Nothing of `group` is left running within `STOPPED_WITHIN` of the command's exit (a
    helper such as multiprocessing's resource tracker ends a moment after its parent)."""
    deadline = time.monotonic() + STOPPED_WITHIN
    while live_members(group):
        assert time.monotonic() < deadline, f"processes left: {live_members(group)}"
        time.sleep(0.05)


def wait_for_progress(master: int, runs_done: int, timeout: float = 120.0) -> None:
    """Read the progress bar from the terminal until `runs_done` campaigns are finished."""
    seen, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            seen += os.read(master, 4096)
            counts = [int(part.split(b"/")[0]) for part in seen.split(b"] ")[1:]
                      if part.split(b"/")[0].isdigit()]
            if counts and max(counts) >= runs_done:
                return
    raise AssertionError(f"no progress: {seen[-200:]!r}")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_ctrl_c_stops_a_batch_on_many_workers_and_prints_what_finished(
    minimal_scenario_path: Path,
) -> None:
    master, slave = pty.openpty()  # the progress bar draws only on a terminal
    with started("simulate", str(minimal_scenario_path), "--runs", "100000", "--jobs", "2",
                 "--json", stdout=subprocess.PIPE, stderr=slave) as child:
        os.close(slave)
        try:
            wait_for_progress(master, runs_done=3)
            # the parent and its two workers (on Dask, multiprocessing's resource tracker too)
            assert len(live_members(child.pid)) >= 3
            asked = time.monotonic()
            os.killpg(child.pid, signal.SIGINT)
            out, _ = child.communicate(timeout=30)
            took = time.monotonic() - asked
        finally:
            os.close(master)
    assert child.returncode == 130
    assert took < STOPPED_WITHIN
    summary = json.loads(out)
    assert 3 <= summary["runs"] < 100000
    assert len(summary["objectives"]["boulogne"]["capture_dates"]) == summary["runs"]
    assert_group_ends(child.pid)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_ctrl_c_while_the_command_starts_shows_no_traceback(minimal_scenario_path: Path) -> None:
    with started("simulate", str(minimal_scenario_path), "--runs", "100000", "--jobs", "2",
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        time.sleep(0.4)
        os.killpg(child.pid, signal.SIGINT)
        _, err = child.communicate(timeout=30)
    assert child.returncode == 130
    assert b"Traceback" not in err
    assert_group_ends(child.pid)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_workers_of_a_killed_parent_end_by_themselves(minimal_scenario_path: Path) -> None:
    with started("simulate", str(minimal_scenario_path), "--runs", "100000", "--jobs", "2",
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as child:
        deadline = time.monotonic() + 120
        while len(live_members(child.pid)) < 3:
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.1)
        child.kill()
        child.wait()
        deadline = time.monotonic() + STOPPED_WITHIN
        while live_members(child.pid):
            assert time.monotonic() < deadline, f"orphan workers left: {live_members(child.pid)}"
            time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_ctrl_c_stops_a_study_on_its_local_cluster_and_keeps_every_finished_campaign(
    minimal_scenario_path: Path,
) -> None:
    pytest.importorskip("distributed")
    pytest.importorskip("matplotlib")
    folder = minimal_scenario_path.parent
    study = folder / "study.yaml"
    study.write_text(f"scenario: {minimal_scenario_path.name}\nallies: history\n"
                     "germans: passive\nseeds: 5000\nvary:\n"
                     "  - number: ruleset.engine.combat.odds_for_even_chance\n"
                     "    values: [1.0, 3.0]\n")
    table = folder / "out" / "results.csv"
    with started("study", str(study), "--out", str(folder / "out"), "--jobs", "2",
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        deadline = time.monotonic() + 120
        while not table.is_file() or table.read_text().count("\n") < 30:
            assert time.monotonic() < deadline and child.poll() is None, "no campaign finished"
            time.sleep(0.2)
        assert len(live_members(child.pid)) >= 3  # the study and its cluster's two workers
        asked = time.monotonic()
        os.killpg(child.pid, signal.SIGINT)
        _, err = child.communicate(timeout=30)
        took = time.monotonic() - asked
        assert_group_ends(child.pid)  # before `started` kills whatever would be left
    assert child.returncode == 130
    assert took < STOPPED_WITHIN
    assert b"Traceback" not in err and b"the same command plays the rest" in err
    from engine.history.study import done_keys

    rows = list(csv.reader(table.read_text().splitlines()[1:]))
    per_campaign = len({row[3] for row in rows})  # the measures: one row each per campaign
    done = done_keys(table, per_campaign)
    assert len(rows) == per_campaign * len(done) > 0  # every campaign whole, none half-written


def square(value: int) -> int:
    return value * value


def fail_on_three(value: int) -> int:
    if value == 3:
        raise ValueError("three is not allowed")
    return value


def test_work_is_fed_as_workers_free_up_not_all_at_once() -> None:
    taken = 0

    def arguments():  # type: ignore[no-untyped-def]
        nonlocal taken
        for value in range(200):
            taken += 1
            yield (value,)

    seen: list[tuple[int, int, int]] = []
    run_in_workers(square, arguments(), 2, lambda i, r: seen.append((i, r, taken)))
    assert sorted((i, r) for i, r, _ in seen) == [(v, v * v) for v in range(200)]
    for finished, (_, _, taken_then) in enumerate(seen, start=1):
        assert taken_then <= finished + 2  # one task per worker in flight, never the whole list


def test_an_error_in_a_worker_ends_the_batch_with_its_traceback() -> None:
    with pytest.raises(WorkerError, match="ValueError: three is not allowed") as caught:
        run_in_workers(fail_on_three, ((v,) for v in range(10)), 2, lambda i, r: None)
    assert "fail_on_three" in str(caught.value.__cause__)


@pytest.mark.parametrize("option,value", [
    ("--runs", "0"), ("--runs", "99999999999999999999"), ("--runs", "100001"),
    ("--seed", "-1"), ("--seed", "9223372036854775807"), ("--jobs", "100000"),
])
def test_absurd_run_counts_and_seeds_are_refused_in_plain_words(
    minimal_scenario_path: Path, option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    simulate_command.add_arguments(parser)
    args = parser.parse_args([str(minimal_scenario_path), option, value])
    assert simulate_command.run(args) == 2
    assert "--runs must be from 1 to 100,000" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["report", "simulate"])
def test_a_reader_that_closes_the_pipe_early_ends_the_command_quietly(
    minimal_scenario_path: Path, tmp_path: Path, command: str
) -> None:
    if command == "report":
        from engine.format.loading import load_scenario
        from engine.game import new_game
        from engine.save import save_game

        game = new_game(load_scenario(minimal_scenario_path), 1)
        game.push(game.legal_orders()[-1])
        save_game(game, tmp_path / "game.json")
        argv = ["report", "--json", str(tmp_path / "game.json"), "--scenario",
                str(minimal_scenario_path)]
    else:
        argv = ["simulate", str(minimal_scenario_path), "--runs", "40", "--jobs", "2", "--json"]
    with started(*argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None
        child.stdout.close()  # `| head -c 0`: gone before the first byte, so every write fails
        _, err = child.communicate(timeout=60)
    assert err == b""
    assert child.returncode == 141
