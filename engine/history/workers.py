"""Worker processes for long batches, fed as they free up and stopped at once by a Ctrl-C.

- Work is handed out one task per worker at a time: at most `jobs` tasks are in flight, so
  memory stays bounded however many tasks the batch holds, and results come back as they end.
- Workers never see a Ctrl-C: SIGINT is blocked while they start and ignored once they run, so
  the one a terminal sends to the whole process group reaches the parent alone (as
  KeyboardInterrupt). Whatever ends the batch, the parent then kills its workers and waits for
  them, so nothing is left running behind it.
- A worker whose parent disappears (killed outright) ends by itself within `WATCH_SECONDS`.
- An exception in a worker ends the batch as `WorkerError`, with the worker's traceback chained.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection, wait
from typing import Any

from engine.sigint import sigint_held

WATCH_SECONDS = 0.2  # how often a worker checks that its parent is still there
STOP_SECONDS = 2.0  # how long a worker asked to stop may take before it is killed


class WorkerError(Exception):
    """A task failed in a worker process (or the worker died); the message says which."""


class _RemoteTraceback(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f'\n"""\n{self.text}"""'


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _serve(connection: Connection, task: Callable[..., Any], parent: int) -> None:
    """A worker's life: take arguments, send back (index, True, result) or (index, False, text)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending one is dropped
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, arguments = job
        try:
            reply = (index, True, task(*arguments))
        except Exception as exc:  # sent to the parent, which raises it there
            reply = (index, False, f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}")
        connection.send(reply)


def _send(connection: Connection, job: tuple[int, tuple[Any, ...]] | None) -> None:
    try:
        connection.send(job)
    except OSError as exc:  # the worker is gone: not the program's own output failing
        raise WorkerError(f"a worker process ended unexpectedly ({exc})") from None


def _stop(processes: list[multiprocessing.process.BaseProcess]) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


def run_in_workers(task: Callable[..., Any], arguments: Iterable[tuple[Any, ...]], jobs: int,
                   on_result: Callable[[int, Any], None]) -> None:
    """Call `task(*a)` for each `a` of `arguments` on `jobs` processes.

    `on_result(index, result)` is called in the parent as each task ends (in the order they
    end; `index` counts `arguments` from 0). `arguments` is read lazily, one item per free
    worker. KeyboardInterrupt (and any other exception) stops every worker before it propagates.
    """
    context = multiprocessing.get_context()
    pending = enumerate(arguments)
    processes: list[multiprocessing.process.BaseProcess] = []
    busy: dict[Connection, bool] = {}
    try:
        for _ in range(jobs):
            job = next(pending, None)
            if job is None:
                break
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, task, os.getpid()),
                                      daemon=True)
            with sigint_held():
                process.start()
            theirs.close()
            processes.append(process)
            busy[ours] = True
            _send(ours, job)
        while busy:
            for ready in wait(list(busy)):
                assert isinstance(ready, Connection)
                try:
                    index, ok, value = ready.recv()
                except EOFError:
                    raise WorkerError("a worker process ended unexpectedly") from None
                if not ok:
                    first_line = str(value).split("\n", 1)[0]
                    raise WorkerError(f"a run failed in a worker: {first_line}") \
                        from _RemoteTraceback(str(value))
                job = next(pending, None)
                _send(ready, job)
                if job is None:
                    del busy[ready]
                on_result(index, value)
    finally:
        for connection in busy:
            connection.close()
        _stop(processes)
