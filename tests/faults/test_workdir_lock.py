"""The workdir lock names its holder, and says something plain when it cannot tell who holds it."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from firpath.runtime.workdir_lock import LOCK_FILE, WorkdirBusy, workdir_lock

pytestmark = pytest.mark.unit


def test_the_holder_is_named_by_its_pid(tmp_path: Path) -> None:
    with workdir_lock(tmp_path), pytest.raises(WorkdirBusy) as busy, workdir_lock(tmp_path):
        pass
    assert f"is in use by a firpath run (pid {os.getpid()})" in str(busy.value)


def test_a_holder_that_has_not_written_its_pid_is_another_process(tmp_path: Path) -> None:
    """A lock taken by something that never writes its pid (it may be about to): looked at again
    briefly, then called what it is."""
    with (tmp_path / LOCK_FILE).open("a+") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(WorkdirBusy, match=r"is in use by a firpath run \(another process\); wait for it"):
            with workdir_lock(tmp_path):
                pass


def test_the_lock_is_free_again_once_the_holder_is_done(tmp_path: Path) -> None:
    with workdir_lock(tmp_path):
        pass
    with workdir_lock(tmp_path):
        assert (tmp_path / LOCK_FILE).read_text() == f"pid {os.getpid()}"


def test_a_reentrant_take_goes_on_under_this_process_hold_only(tmp_path: Path) -> None:
    """The flow under `firpath run` goes on under the run's lock; against any other holder it refuses."""
    with workdir_lock(tmp_path), workdir_lock(tmp_path / ".", reentrant=True):
        assert (tmp_path / LOCK_FILE).read_text() == f"pid {os.getpid()}"
    with (tmp_path / LOCK_FILE).open("a+") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(WorkdirBusy), workdir_lock(tmp_path, reentrant=True):
            pass
