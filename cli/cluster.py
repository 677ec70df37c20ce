"""Running many campaigns on Dask distributed: an embedded local cluster, or a running one.

`run_tasks(fn, tasks, jobs, scheduler)` yields `(index, result)` as campaigns finish, in
whatever order they finish. With `scheduler=None` it starts a local cluster of `jobs` worker
processes (one thread each: a campaign is pure Python) for the length of the call; with an
address (`tcp://host:8786`) it uses that cluster, whose workers must have this project
installed. Tasks are handed over as workers free up (two per worker thread in flight, so a
batch of 100,000 campaigns never waits in the scheduler's memory); when a worker dies its
unfinished campaigns are run again elsewhere (Dask's own retry), and every finished one has
already been handed back. A campaign is a pure function of its arguments, so where it runs
never changes its result.

Ctrl-C: the local cluster's workers start with SIGINT ignored, so the one a terminal sends to
the whole process group reaches this process alone, as KeyboardInterrupt; leaving the call
(however it ends) closes the client and stops the local cluster's workers, and a worker whose
parent is killed outright ends by itself (Dask's own watch on its parent).

Dask is an optional dependency (`requirements/study.txt`, installed by `make test`): the game
itself never needs it, and without it `simulate` plays on plain local processes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import resource_tracker
from typing import Any

INSTALL_HINT = "pip install -r requirements/study.txt (or: pip install -e '.[study]')"
FREE_PORT = "127.0.0.1:0"
IN_FLIGHT_PER_THREAD = 2  # tasks handed to the cluster per worker thread, ahead of need


class ClusterError(Exception):
    """Dask is missing or the scheduler cannot be reached (a one-line message)."""


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def _workers_deaf_to_sigint() -> Iterator[None]:
    """While the local cluster starts: SIGINT ignored, so the worker processes started meanwhile
    begin with it ignored (an ignored signal stays ignored across exec, and Python keeps it
    so), and blocked in this thread, so a Ctrl-C that arrives meanwhile waits (Linux keeps a
    blocked signal pending even while ignored) and is delivered here once the cluster is up.
    Other threads must not take it meanwhile (it would be dropped): run.py keeps SIGINT
    blocked in the threads libraries start on import."""
    if not hasattr(signal, "pthread_sigmask") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return
    # Starting multiprocessing's resource tracker unblocks SIGINT in the thread that starts it;
    # started here first, it is already running when the cluster's threads would start it.
    resource_tracker.ensure_running()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def run_tasks(fn: Callable[..., Any], tasks: Iterable[tuple[Any, ...]], jobs: int,
              scheduler: str | None = None) -> Iterator[tuple[int, Any]]:
    """`(index into tasks, fn(*task))` for every task, as each finishes; `tasks` is read
    lazily, a few per worker thread ahead of the results."""
    if not dask_available():
        raise ClusterError(f"running on Dask needs the study extra: {INSTALL_HINT}")
    from distributed import Client, LocalCluster, as_completed

    with contextlib.ExitStack() as stack:
        cluster = None
        if scheduler is None:
            with _workers_deaf_to_sigint():
                cluster = stack.enter_context(LocalCluster(
                    n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=50,
                    # no dashboard; the HTTP endpoints every server keeps go on free ports
                    # (the default, 8787, may belong to another cluster: a warning)
                    worker_dashboard_address=FREE_PORT,
                    scheduler_kwargs={"dashboard_address": FREE_PORT}))
                client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(scheduler, timeout="10s"))
            except (OSError, TimeoutError) as exc:
                raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc})"
                                   ) from exc
        pending = enumerate(tasks)
        index: dict[str, int] = {}
        running = as_completed()

        def threads() -> int:
            workers = client.scheduler_info().get("workers", {}).values()
            return max(1, sum(w.get("nthreads", 1) for w in workers))

        def feed() -> None:
            while running.count() < IN_FLIGHT_PER_THREAD * threads():
                item = next(pending, None)
                if item is None:
                    return
                future = client.submit(fn, *item[1], pure=False)
                index[future.key] = item[0]
                running.add(future)

        finished = False
        try:
            feed()
            for future in running:
                result = future.result()
                feed()
                yield index.pop(future.key), result
            finished = True
        finally:
            with contextlib.suppress(Exception):
                client.cancel(list(running.futures))
            if not finished and cluster is not None:
                _kill_workers(cluster)


def _kill_workers(cluster: Any) -> None:
    """Left early (Ctrl-C, an error): every finished campaign is already handed back, so the
    local workers are killed at once rather than let finish the campaigns they are playing
    (a graceful close waits for them)."""
    for nanny in list(cluster.workers.values()):
        pid = getattr(getattr(getattr(nanny, "process", None), "process", None), "pid", None)
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
