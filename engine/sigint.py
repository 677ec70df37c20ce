"""Ctrl-C held back for a moment, never lost: SIGINT blocked in this thread while something
starts (a command's modules loading, a worker process starting), then delivered if one came.

Threads started meanwhile (numpy's BLAS pool on import) keep the blocked mask, so a Ctrl-C
always reaches the main thread, where Python handles it, never a thread that would drop it.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def sigint_held() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
