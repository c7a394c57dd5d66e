"""Tasks for tests/firpath/test_worker_pool.py: a spawned worker imports them by name."""

from __future__ import annotations

import os
import signal
import time


def pid_and(value: object) -> tuple[int, object]:
    return os.getpid(), value


def sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def die(_: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def fail(message: str) -> None:
    raise ValueError(message)


def slow_start(seconds: float) -> None:
    time.sleep(seconds)


def cannot_start() -> None:
    raise SystemExit(3)
