"""`[#####.....] 12/40 campaigns, 1m05s left`, redrawn in place on a terminal; silent when the
output is not one. The time left is the time per campaign so far times the campaigns left."""

from __future__ import annotations

import time
from typing import TextIO


def duration(seconds: float) -> str:
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class Progress:
    WIDTH = 30

    def __init__(self, total: int, out: TextIO | None, done: int = 0) -> None:
        self.total, self.done, self.first = total, done, done
        self.out = out if out is not None and out.isatty() else None
        self.started = time.monotonic()

    def line(self) -> str:
        filled = self.WIDTH * self.done // max(1, self.total)
        text = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} campaigns"
        run = self.done - self.first
        if run > 0 and self.done < self.total:
            left = (time.monotonic() - self.started) / run * (self.total - self.done)
            text += f", {duration(left)} left"
        return text

    def advance(self) -> None:
        self.done += 1
        if self.out is None:
            return
        self.out.write(f"\r{self.line()}\033[K")
        if self.done == self.total:
            self.out.write("\n")
        self.out.flush()

    def interrupted(self) -> None:
        """End the bar's line, so what follows starts on a line of its own."""
        if self.out is not None and self.first < self.done < self.total:
            self.out.write("\n")
            self.out.flush()
