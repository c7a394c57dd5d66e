"""A review decision is never lost: processes appending to the decision log are SIGKILLed at random
points and mid-write (after the INSERT, before the COMMIT), on SQLite and PostgreSQL.

Afterwards every decision whose append returned is in the log, exactly as written; nothing else is,
but at most the one append that was committing when the kill came; no row is half-written; the hash
chain verifies; and the next append carries the chain on.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from firpath.domain import ReviewDecision
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore
from tests.faults import decision_writer
from tests.faults.decision_writer import decision_for

pytestmark = pytest.mark.integration

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
WRITER = str(Path(decision_writer.__file__).resolve())
SEED = 6


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return store_url(tmp_path / "work", StoreSettings(url=None))
    return str(request.getfixturevalue("postgres_schema_url"))


def start_writer(url: str, writer: str, count: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, WRITER, url, writer, str(count), *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip


def returned(process: subprocess.Popen[str], lines: int | None = None) -> list[tuple[int, int]]:
    """(i, seq) of the appends that returned: `lines` of them as they come, or all until the end."""
    assert process.stdout is not None
    found = []
    while lines is None or len(found) < lines:
        line = process.stdout.readline()
        if not line:
            break
        i, seq = line.split()
        found.append((int(i), int(seq)))
    return found


def sigkill(process: subprocess.Popen[str]) -> list[tuple[int, int]]:
    """Kill (unless it ended by itself); returns the appends that had returned but whose lines were
    still in the pipe."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # it ended by itself: its whole stream is in the pipe
        pass
    process.wait(timeout=30)
    return returned(process)


def assert_sound(store: StagingStore) -> list[ReviewDecision]:
    assert store.reviews.decision_log_problems() == []
    assert list(store.integrity_check().problems) == []  # every row decodes and is filed as what it holds
    return store.reviews.decisions()


def test_a_writer_killed_at_random_points_loses_no_returned_decision(url: str) -> None:
    rng = random.Random(SEED)
    with StagingStore.open(url) as store:
        total = 0
        for round_ in range(3):  # three kills, each after a random number of returned appends
            writer = f"reviewer-{round_}"
            process = start_writer(url, writer, 10_000)
            done = returned(process, rng.randint(5, 60))
            done += sigkill(process)
            assert process.returncode == -signal.SIGKILL
            log = assert_sound(store)
            mine = [d for d in log if d.reviewer == writer]
            # every returned append is there, exactly as written, in order; at most one more, the next
            assert mine[: len(done)] == [decision_for(writer, i) for i, _ in done]
            assert mine[len(done) :] in ([], [decision_for(writer, len(done))])
            total += len(mine)
            assert len(log) == total
        # the log goes on after the crashes, chained to the last row that was committed
        decision_writer.register(store, "after")
        store.reviews.append_decision(decision_for("after", 0))
        assert assert_sound(store)[-1] == decision_for("after", 0)


@pytest.mark.parametrize("die_in", [1, 7])
def test_a_writer_killed_between_insert_and_commit_leaves_no_trace_of_that_decision(url: str, die_in: int) -> None:
    process = start_writer(url, "mid-write", 50, "--die-in-append", str(die_in))
    done = returned(process)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert [i for i, _ in done] == list(range(die_in - 1))
    with StagingStore.open(url) as store:
        log = assert_sound(store)
        assert log == [decision_for("mid-write", i) for i in range(die_in - 1)]
        decision_writer.register(store, "after")
        seq = store.reviews.append_decision(decision_for("after", 0))
        assert assert_sound(store) == [*log, decision_for("after", 0)]
        assert seq > max((s for _, s in done), default=0)


def test_a_reviewer_killed_holding_the_append_lock_does_not_block_the_other(url: str) -> None:
    """Appends are serialised by a lock (SQLite's write lock, a PostgreSQL table lock). While one
    reviewer appends in a stream, another's process dies inside its append, holding that lock: the
    stream goes on past it, and both interleave into one chain."""
    die_in = random.Random(SEED + 1).randint(5, 40)
    with StagingStore.open(url) as store:  # the tables are created once, before the two race to
        # a stream with no end of its own: however slow the victim is to start, the survivor is still
        # appending when it dies (a stream of fixed length could finish first on a loaded machine).
        # A thread reads its lines as they come, so its pipe never fills and blocks it.
        survivor = start_writer(url, "bea", 10_000_000)
        first = returned(survivor, 5)
        rest: list[tuple[int, int]] = []
        reader = threading.Thread(target=lambda: rest.extend(returned(survivor)), daemon=True)
        reader.start()
        victim = start_writer(url, "vic", 10_000, "--die-in-append", str(die_in))
        done = returned(victim)
        assert victim.wait(timeout=60) == -signal.SIGKILL and len(done) == die_in - 1

        def streamed_past_the_victim() -> bool:
            log = store.reviews.decisions()
            return log[-1].reviewer == "bea" and any(d.reviewer == "vic" for d in log)

        deadline = time.monotonic() + 60  # a bound on a stuck stream, not a timing being tested
        while not streamed_past_the_victim() and survivor.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(survivor.pid, signal.SIGKILL)
        survivor.wait(timeout=30)
        reader.join(timeout=30)  # the pipe is closed: the thread has read every line it wrote
        streamed = first + rest
        assert streamed_past_the_victim()
        log = assert_sound(store)
        assert [d for d in log if d.reviewer == "vic"] == [decision_for("vic", i) for i in range(die_in - 1)]
        bea = [d for d in log if d.reviewer == "bea"]
        assert bea[: len(streamed)] == [decision_for("bea", i) for i, _ in streamed]
        assert bea[len(streamed) :] in ([], [decision_for("bea", len(streamed))])
