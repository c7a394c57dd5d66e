"""Progress of a long stage on the terminal: done / total, rate and ETA, on stderr.

Quiet for the first seconds, so short runs (the demo) print nothing but their summary, and at most
one line every few seconds after that, so a log file of a long run stays readable.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class ProgressLine:
    label: str
    unit: str = "documents"
    quiet_seconds: float = 5.0
    every_seconds: float = 5.0
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    _started: float = field(default_factory=time.monotonic)
    _last: float | None = None
    printed: bool = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        elapsed = now - self._started
        finished = done >= total
        if elapsed < self.quiet_seconds:
            return
        if self._last is not None and now - self._last < self.every_seconds and not finished:
            return
        self._last = now
        self.printed = True
        self.stream.write(progress_text(self.label, self.unit, done, total, elapsed) + "\n")
        self.stream.flush()


def progress_text(label: str, unit: str, done: int, total: int, elapsed: float) -> str:
    rate = done / elapsed if elapsed > 0 else 0.0
    remaining = (total - done) / rate if rate > 0 else float("inf")
    eta = "done" if done >= total else ("ETA --:--" if remaining == float("inf") else f"ETA {_clock(remaining)}")
    return f"{label}: {done}/{total} {unit} ({100 * done / max(total, 1):.0f}%), {rate:.1f}/s, {eta}"


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
