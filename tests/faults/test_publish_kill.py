"""`firpath publish` SIGKILLed at every file-system step it takes (#15.4).

A folder already holds a publication; a new decision is made and the folder is published again, in
a process that kills itself at step K (tests/faults/publish_writer.py), for every K. After each kill
the folder is one whole publication, the old one or the new one (its files match its manifest, and
nothing else is in it); after the next uninterrupted publish nothing is left beside it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from firpath.domain import ReviewAction
from firpath.publish import publish, verify_publication
from staging.store import StagingStore
from tests.firpath.publish.publish_builders import SmallRun, build_small_board, decider

pytestmark = pytest.mark.integration

WRITER = Path(__file__).with_name("publish_writer.py")
PUBLISHED = {
    "fir_upgrade_path_changes.csv", "fir_upgrade_path_changes.xlsx", "fir_upgrade_path_changes.parquet", "report.html",
    "manifest.json", "routes.csv",
}  # fmt: skip


def _publish_process(workdir: Path, out: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRPATH_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return subprocess.run([sys.executable, str(WRITER), str(workdir), str(out), str(kill_at)], capture_output=True,
                          text=True, env=env, timeout=120)  # fmt: skip


def _as_of(out: Path) -> str:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["as_of"]


def test_a_publish_killed_at_any_step_leaves_the_old_publication_or_the_new_one(tmp_path: Path) -> None:
    workdir = tmp_path / "wd"
    workdir.mkdir()
    board = build_small_board(workdir, SmallRun())
    decide = decider(board)
    decide("E3", ReviewAction.APPROVE, "alice")
    out = tmp_path / "signed-off"
    old = _as_of(publish(board, out).out_dir)
    decide("E4", ReviewAction.APPROVE, "bob")
    board.store.close()

    done = _publish_process(workdir, tmp_path / "count", 0)
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout.split()[-1])
    assert steps > 4

    seen = set()
    for kill_at in range(1, steps + 1):
        killed = _publish_process(workdir, out, kill_at)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stdout, killed.stderr)
        assert out.is_dir(), f"killed at step {kill_at} of {steps}: no publication at all"
        assert verify_publication(out) == [], f"killed at step {kill_at} of {steps}: {verify_publication(out)}"
        assert {p.name for p in out.iterdir()} == PUBLISHED, f"killed at step {kill_at}: {sorted(os.listdir(out))}"
        seen.add(_as_of(out))
    assert old in seen

    finished = _publish_process(workdir, out, 0)
    assert finished.returncode == 0, finished.stderr
    assert verify_publication(out) == [] and _as_of(out) != old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["count", "signed-off", "wd"]  # nothing left beside it
    with StagingStore.open(f"sqlite:///{workdir / 'staging.sqlite'}") as store:
        assert list(store.integrity_check().problems) == []
