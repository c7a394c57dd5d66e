"""Where a run's time goes: each stage's own work, timed inside its task (and shown as it runs on
the run's progress display, when there is one: firpath/runtime/progress.py).

Benchmarks compare the sum with the run's wall time to find the orchestration overhead. The totals
are per process (tasks on the default runner run in this process's threads).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from firpath.runtime.progress import stage_shown

_lock = threading.Lock()
_totals: dict[str, float] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        with stage_shown(name):
            yield
    finally:
        elapsed = time.perf_counter() - started
        with _lock:
            _totals[name] = _totals.get(name, 0.0) + elapsed


def totals() -> dict[str, float]:
    with _lock:
        return dict(_totals)


def reset() -> None:
    with _lock:
        _totals.clear()
