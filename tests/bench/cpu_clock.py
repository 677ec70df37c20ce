"""The clock `make bench` times with: CPU seconds of this process and of the children it has
waited for (a start-up benchmark runs the game as a child process).

CPU time, not wall time: the machine is shared, and a comparison with the stored baseline must
not depend on what else was running. Python's `time.process_time` leaves the children out."""

from __future__ import annotations

import resource


def cpu_time() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
