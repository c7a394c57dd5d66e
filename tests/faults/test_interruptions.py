"""Interruptions short of killing the whole run (see docs/reliability.md):

- Ctrl-C: the terminal sends SIGINT to the run's whole process group. The run stops at once with
  one line and exit code 130; its Prefect server (in a session of its own, so the Ctrl-C is not
  its to act on) and its reading workers (which ignore SIGINT) are stopped by the run.
- One extraction worker killed (the kernel's OOM killer picks the biggest process): the document
  it held is read again in a new worker, and the run finishes as if nothing had happened.
- A run killed while it writes the review folder: the folder is written beside the old one and put
  in its place only after the run is saved, so review/ always shows a finished run.

The store is sound after each, and a re-run carries on (the kill tests show it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from staging.store import StagingStore
from tests.faults.fault_runs import (
    Corpus,
    Proc,
    kill_run,
    open_store_when_created,
    process_tree,
    review_bytes,
    run_env,
    run_to_end,
    start_run,
    still_alive,
    store_for,
    wait_for,
)

pytestmark = pytest.mark.integration

# How long a stopped run may take to say so and exit; generous for a loaded machine, and far less
# than the minutes it takes today.
INTERRUPT_GRACE = 20.0


def _short_and_plain(err: str) -> bool:
    """What a user should see when a run stops: a line or two, not a traceback or Prefect's logs."""
    return len(err.splitlines()) <= 3 and "Traceback" not in err and "│" not in err and "prefect" not in err.lower()


def _no_process_left(tree: list[Proc]) -> list[Proc]:
    deadline = time.monotonic() + 10
    while (alive := still_alive(tree)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def _rerun_ends_as_the_reference(corpus: Corpus, reference, workdir: Path, env: dict[str, str], logs: Path) -> None:
    with StagingStore.open(store_for(workdir, env)) as store:
        assert list(store.integrity_check().problems) == []
    run_to_end(corpus, workdir, env, logs)
    assert review_bytes(workdir) == reference.review


def test_ctrl_c_stops_the_run_at_once_with_a_short_message(corpus: Corpus, reference, prefect_home: Path,
                                                           tmp_path: Path) -> None:  # fmt: skip
    env = run_env(prefect_home)
    workdir, logs = tmp_path / "wd", tmp_path / "logs"
    run = start_run(corpus, workdir, env, logs)
    with open_store_when_created(run, workdir, env) as store:
        wait_for(run, lambda: store.counts().arrivals > 0, "ingest began")
    tree = process_tree(run.pid)
    os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole foreground process group
    try:
        code = run.wait(timeout=INTERRUPT_GRACE)
    except subprocess.TimeoutExpired:
        kill_run(run)
        pytest.fail(f"firpath run was still running {INTERRUPT_GRACE:.0f} s after Ctrl-C")
    out, err = run.output()
    assert code == 130, (code, err)  # the shell's convention for a run stopped by SIGINT
    assert _short_and_plain(err) and "interrupted" in err.lower(), err
    assert _no_process_left(tree) == []
    _rerun_ends_as_the_reference(corpus, reference, workdir, env, logs)


def _extraction_worker(run_pid: int) -> Proc | None:
    """A process of the run's extraction pool (multiprocessing, spawned)."""
    return next((p for p in process_tree(run_pid) if "multiprocessing.spawn" in p.command), None)


def test_a_killed_extraction_worker_is_survived_or_reported_plainly(corpus: Corpus, reference, prefect_home: Path,
                                                                    tmp_path: Path) -> None:  # fmt: skip
    """Either the run reads the lost documents again (a worker killed from outside is not the
    document's fault) and finishes as the reference, or it stops with a short, plain message."""
    env = run_env(prefect_home)
    workdir, logs = tmp_path / "wd", tmp_path / "logs"
    run = start_run(corpus, workdir, env, logs)
    deadline = time.monotonic() + 300
    while (worker := _extraction_worker(run.pid)) is None:
        if run.process.poll() is not None or time.monotonic() > deadline:
            if run.process.poll() is None:
                kill_run(run)
            pytest.skip("the run read its documents without worker processes: nothing to kill")
        time.sleep(0.01)
    tree = process_tree(run.pid)
    os.kill(worker.pid, signal.SIGKILL)
    code = run.wait()
    out, err = run.output()
    if code == 0:
        assert review_bytes(workdir) == reference.review
    else:
        assert _short_and_plain(err), err
    assert _no_process_left(tree) == []
    _rerun_ends_as_the_reference(corpus, reference, workdir, env, logs)


def test_a_run_killed_while_writing_review_files_leaves_no_review_folder_of_an_unfinished_run(
    corpus: Corpus, prefect_home: Path, tmp_path: Path
) -> None:
    """In a fresh workdir, killed as soon as the first review file appears: either the folder is not
    there yet (written elsewhere, moved in once the run is saved) or the run it shows has finished."""
    env = run_env(prefect_home)
    workdir = tmp_path / "wd"
    run = start_run(corpus, workdir, env, tmp_path / "logs")
    wait_for(run, (workdir / "review" / "proposed_changes.csv").exists, "the first review file was written")
    kill_run(run)
    with StagingStore.open(store_for(workdir, env)) as store:
        assert list(store.integrity_check().problems) == []
        finished = store.runs.latest_run()
    shown = sorted(p.name for p in (workdir / "review").glob("*")) if (workdir / "review").exists() else []
    assert finished is not None or shown == [], f"review/ holds {shown}, and no run has finished"
