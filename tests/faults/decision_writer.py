"""A reviewer appending decisions in a loop, in a process of its own, for the tests to SIGKILL.

    python decision_writer.py URL WRITER COUNT [--die-in-append K]

Appends decision 0..COUNT-1 of `decision_for(WRITER, i)` to the store at URL and prints "i seq" on
stdout as soon as each append has returned (committed). With --die-in-append K the process SIGKILLs
itself inside the K-th append, after its INSERT has run and before its COMMIT: a crash mid-write.

Also imported by the tests (as `tests.faults.decision_writer`), for `decision_for`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

ACTIONS = ("approve", "reject", "correct")


def decision_for(writer: str, i: int):  # noqa: ANN201 (imports stay inside: the tests import this module)
    """The i-th decision of `writer`: varied entries, actions, paths and reasons (some long, some not ASCII)."""
    from firpath.domain import ReviewAction, ReviewDecision, UpgradePath

    action = ReviewAction(ACTIONS[i % 3])
    path = UpgradePath((f"E-{i % 11}", f"E-{i % 5}")) if action is ReviewAction.CORRECT else None
    reason = "" if action is ReviewAction.APPROVE else f"{writer} #{i}: Zähler — " + "the note is ambiguous; " * (i % 9)
    return ReviewDecision(
        cpl_entry_id=f"E-{100 + i % 17}",
        proposal_hash=hashlib.sha256(f"{writer}/{i}".encode()).hexdigest(),
        action=action,
        reviewer=writer,
        decided_at=datetime(2025, 1, 6, 9, 0, tzinfo=UTC) + timedelta(seconds=i),
        path=path,
        reason=reason,
        channel="cli",
    )


def register(store: Any, writer: str) -> None:  # noqa: ANN401 (a StagingStore; imports stay inside)
    """The store appends only an active reviewer's decisions: the writer gets an account (an admin
    first, made by whichever writer comes first; a race lost to another writer is fine)."""
    from staging.engine import StagingError

    for name, by in (("admin", ""), (writer, "admin")):
        if store.reviews.user(name) is None:
            try:
                store.reviews.add_user(name, "scrypt:not-a-real-hash", created_by=by)
            except StagingError:
                pass


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("writer")
    parser.add_argument("count", type=int)
    parser.add_argument("--die-in-append", type=int, default=0)
    args = parser.parse_args(argv)

    import sqlalchemy as sa

    from staging.store import StagingStore

    store = StagingStore.open(args.url)
    register(store, args.writer)
    if args.die_in_append:
        inserts = 0

        def die_before_commit(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
            nonlocal inserts
            if statement.lstrip().upper().startswith("INSERT INTO DECISIONS"):
                inserts += 1
                if inserts == args.die_in_append:
                    os.kill(os.getpid(), signal.SIGKILL)

        sa.event.listen(store._engine, "after_cursor_execute", die_before_commit)  # noqa: SLF001
    for i in range(args.count):
        seq = store.reviews.append_decision(decision_for(args.writer, i))
        sys.stdout.write(f"{i} {seq}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
