"""One run at a time per workdir: a second `firpath run` on the same workdir refuses, clearly.

An advisory lock (fcntl) on `WORKDIR/.lock`: the kernel drops it when the holder exits, however it
exits, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

LOCK_FILE = ".lock"
_held: set[Path] = set()  # the workdirs this process holds


class WorkdirBusy(RuntimeError):
    """Another firpath process holds the workdir."""


@contextmanager
def workdir_lock(workdir: Path, *, reentrant: bool = False) -> Iterator[None]:
    """`reentrant`: go on if this process holds the lock already. The backfill flow takes it so;
    under `firpath run`, which took it before its checks, the flow goes on under the run's lock,
    and a run a Prefect deployment starts takes it there."""
    workdir.mkdir(parents=True, exist_ok=True)
    key = workdir.resolve()
    if reentrant and key in _held:
        yield
        return
    path = workdir / LOCK_FILE
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle) or "another process"
            raise WorkdirBusy(f"{workdir} is in use by a firpath run ({holder}); wait for it to finish or use another --workdir") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)
    finally:
        handle.close()


def _holder(handle: IO[str], attempts: int = 50) -> str:
    """Who holds the lock ("pid N"). A holder writes its pid just after taking the lock, so a run
    started at the same moment may find the file still empty: it looks again, briefly."""
    for _ in range(attempts):
        handle.seek(0)
        if text := handle.read().strip():
            return text
        time.sleep(0.01)
    return ""
