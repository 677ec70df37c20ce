"""Running many campaigns on Dask distributed: an embedded local cluster, or a running one.

`run_tasks(fn, tasks, jobs, scheduler)` yields `(index, result)` as campaigns finish, in
whatever order they finish. With `scheduler=None` it starts a local cluster of `jobs` worker
processes (one thread each: a campaign is pure Python) for the length of the call; with an
address (`tcp://host:8786`) it uses that cluster, whose workers must have this project
installed. Tasks go to workers as they free up; when a worker dies its unfinished campaigns are
run again elsewhere (Dask's own retry), and every finished one has already been handed back.
A campaign is a pure function of its arguments, so where it runs never changes its result.

Dask is an optional dependency (`requirements/study.txt`, installed by `make test`): the game
itself never needs it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

INSTALL_HINT = "pip install -r requirements/study.txt (or: pip install -e '.[study]')"


class ClusterError(Exception):
    """Dask is missing or the scheduler cannot be reached (a one-line message)."""


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def run_tasks(fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]], jobs: int,
              scheduler: str | None = None) -> Iterator[tuple[int, Any]]:
    """`(index into tasks, fn(*tasks[index]))` for every task, as each finishes."""
    if not dask_available():
        raise ClusterError(f"running on Dask needs the study extra: {INSTALL_HINT}")
    from distributed import Client, LocalCluster, as_completed

    with contextlib.ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(LocalCluster(
                n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=40))
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(scheduler, timeout="10s"))
            except (OSError, TimeoutError) as exc:
                raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc})"
                                   ) from exc
        futures = [client.submit(fn, *args, pure=False) for args in tasks]
        index = {future.key: i for i, future in enumerate(futures)}
        try:
            for future in as_completed(futures):
                yield index[future.key], future.result()
        finally:
            client.cancel([f for f in futures if not f.done()])
