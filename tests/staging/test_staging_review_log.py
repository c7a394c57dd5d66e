"""The store's review side on each backend: reviewers, the decision log, the latest run, kept exports;
and that every time it returns is timezone-aware UTC, whatever the backend or the session's zone."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa

from firpath.domain import DocumentKind, ReviewAction, ReviewDecision, UpgradePath
from staging.engine import NotFound, StagingError, create_store_engine
from staging.reviews import UserRecord
from staging.schema import decisions as decision_table
from staging.schema import runs as run_table
from staging.schema import users as user_table
from staging.store import StagingStore

pytestmark = pytest.mark.unit

CEST = timezone(timedelta(hours=2))


def decision(
    entry: str = "E-13",
    action: ReviewAction = ReviewAction.APPROVE,
    reviewer: str = "ana",
    decided_at: datetime | None = None,
    **fields: Any,
) -> ReviewDecision:
    return ReviewDecision(
        cpl_entry_id=entry,
        proposal_hash="c" * 64,
        action=action,
        reviewer=reviewer,
        decided_at=decided_at or datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC),
        **fields,
    )


def is_utc(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() == timedelta(0)


def column_values(url: str, column: sa.Column[Any]) -> list[Any]:
    """A column read through the store's own column types, outside the store's methods."""
    engine = create_store_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.select(column)).scalars())
    finally:
        engine.dispose()


# --- reviewers -----------------------------------------------------------------------------------


def test_users_round_trip(store: StagingStore) -> None:
    assert store.reviews.user("ana") is None
    store.reviews.add_user("ana", "scrypt:32768:8:1$salt$hash", is_admin=True)
    store.reviews.add_user("Zoë", "scrypt:32768:8:1$other$hash")
    assert store.reviews.user("ana") == UserRecord("ana", "scrypt:32768:8:1$salt$hash", True)
    assert store.reviews.user("Zoë") == UserRecord("Zoë", "scrypt:32768:8:1$other$hash", False)
    assert store.reviews.user("ANA") is None  # names compare exactly on both backends


def test_a_reviewer_name_is_taken_once(store: StagingStore) -> None:
    store.reviews.add_user("ana", "first")
    with pytest.raises(StagingError, match="exists already"):
        store.reviews.add_user("ana", "second", is_admin=True)
    assert store.reviews.user("ana") == UserRecord("ana", "first", False)


def test_user_created_at_is_utc(store: StagingStore, db_url: str) -> None:
    before = datetime.now(UTC)
    store.reviews.add_user("ana", "h")
    [created] = column_values(db_url, user_table.c.created_at)
    assert is_utc(created)
    assert before <= created <= datetime.now(UTC)


# --- the decision log ----------------------------------------------------------------------------


def test_decisions_come_back_in_order_per_entry_and_overall(store: StagingStore) -> None:
    approve = decision("E-13", path=UpgradePath(("E-10",)))
    reject = decision("E-14", ReviewAction.REJECT, "bo", reason="wrong model — “Zähler”")
    correct = decision(
        "E-13", ReviewAction.CORRECT, "cy", path=UpgradePath(("E-11", "E-10")), reason="two steps",
        channel="excel",
    )  # fmt: skip
    seqs = [store.reviews.append_decision(d) for d in (approve, reject, correct)]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3
    assert store.reviews.decisions() == [approve, reject, correct]
    assert store.reviews.decisions("E-13") == [approve, correct]
    assert store.reviews.decisions("E-99") == []
    assert store.reviews.decision_log_problems() == []


def test_decision_times_are_kept_as_the_same_instant_in_utc(store: StagingStore, db_url: str) -> None:
    local = datetime(2025, 3, 1, 11, 30, 15, 123456, tzinfo=CEST)
    store.reviews.append_decision(decision(decided_at=local))
    [back] = store.reviews.decisions()
    assert back.decided_at == local  # the same instant
    [column] = column_values(db_url, decision_table.c.decided_at)
    assert is_utc(column)
    assert column == datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def test_a_naive_decision_time_is_refused(store: StagingStore) -> None:
    with pytest.raises(ValueError, match="timezone"):
        store.reviews.append_decision(decision(decided_at=datetime(2025, 3, 1, 9, 30)))
    assert store.reviews.decisions() == []


def test_check_sees_the_entry_s_earlier_decisions_and_can_refuse(store: StagingStore) -> None:
    first = decision("E-13")
    seen: list[list[ReviewDecision]] = []
    store.reviews.append_decision(decision("E-14", reviewer="bo"))
    store.reviews.append_decision(first, check=seen.append)
    store.reviews.append_decision(decision("E-13", reviewer="bo"), check=seen.append)
    assert seen == [[], [first]]

    def decided_already(earlier: list[ReviewDecision]) -> None:
        if earlier:
            raise StagingError("E-13 is decided already")

    with pytest.raises(StagingError, match="decided already"):
        store.reviews.append_decision(decision("E-13", reviewer="cy"), check=decided_already)
    assert [d.reviewer for d in store.reviews.decisions("E-13")] == ["ana", "bo"]
    assert store.reviews.decision_log_problems() == []


def test_concurrent_appends_keep_one_unbroken_chain(store: StagingStore) -> None:
    """Reviewers deciding at once (web threads): every decision is kept, and the chain holds."""
    wanted = [decision(f"E-{i % 3}", reviewer=f"reviewer {i}") for i in range(16)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(store.reviews.append_decision, wanted))
    assert sorted(d.reviewer for d in store.reviews.decisions()) == sorted(d.reviewer for d in wanted)
    assert store.reviews.decision_log_problems() == []


def test_concurrent_reviewers_cannot_both_slip_past_a_check(store: StagingStore) -> None:
    """The check runs in the append's transaction: of eight racing first approvals, one lands."""
    start = threading.Barrier(8)

    def first_only(earlier: list[ReviewDecision]) -> None:
        time.sleep(0.05)  # widen the window between reading the log and appending to it
        if earlier:
            raise StagingError("decided already")

    def approve(i: int) -> bool:
        start.wait()
        try:
            store.reviews.append_decision(decision("E-13", reviewer=f"reviewer {i}"), check=first_only)
        except StagingError:
            return False
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        landed = list(pool.map(approve, range(8)))
    assert landed.count(True) == 1
    assert len(store.reviews.decisions("E-13")) == 1
    assert store.reviews.decision_log_problems() == []


def _tamper(url: str, work: Callable[[sa.Connection], object]) -> None:
    engine = create_store_engine(url)
    try:
        with engine.begin() as conn:
            work(conn)
    finally:
        engine.dispose()


def test_an_edited_decision_shows(store: StagingStore, db_url: str) -> None:
    seqs = [store.reviews.append_decision(decision(f"E-{i}")) for i in range(3)]
    row = decision_table.c.seq == seqs[1]

    def edit(conn: sa.Connection) -> None:
        payload = conn.execute(sa.select(decision_table.c.payload).where(row)).scalar_one()
        edited = {**payload, "action": "reject"}
        conn.execute(sa.update(decision_table).where(row).values(payload=edited))

    _tamper(db_url, edit)
    assert store.reviews.decision_log_problems() == [
        f"decision {seqs[1]}: content does not match its hash (edited?)"
    ]


def test_a_removed_decision_shows(store: StagingStore, db_url: str) -> None:
    seqs = [store.reviews.append_decision(decision(f"E-{i}")) for i in range(3)]
    middle = decision_table.c.seq == seqs[1]
    _tamper(db_url, lambda conn: conn.execute(sa.delete(decision_table).where(middle)))
    assert store.reviews.decision_log_problems() == [
        f"decision {seqs[2]}: does not follow decision before it (a row was removed?)"
    ]


def test_the_chain_goes_on_across_reopening(db_url: str) -> None:
    with StagingStore.open(db_url) as store:
        store.reviews.append_decision(decision("E-1"))
    with StagingStore.open(db_url) as store:
        store.reviews.append_decision(decision("E-2"))
        assert [d.cpl_entry_id for d in store.reviews.decisions()] == ["E-1", "E-2"]
        assert store.reviews.decision_log_problems() == []


# --- the latest run ------------------------------------------------------------------------------


def test_latest_run_is_the_last_finished_one(store: StagingStore) -> None:
    assert store.runs.latest_run() is None
    first = store.runs.begin_run("/inbox", {"cpl": "1" * 64, "cpl_name": "cpl.xlsx"}, imported_by="ana")
    assert store.runs.latest_run() is None  # started is not finished
    store.runs.finish_run(first, {"documents": 2})
    second = store.runs.begin_run("/other", {})
    store.runs.begin_run("/third", {})  # never finishes
    before = datetime.now(UTC)
    store.runs.finish_run(second, {"documents": 5, "claims": 0})

    info = store.runs.latest_run()
    assert info is not None
    assert (info.run_id, info.inbox, info.inputs, info.imported_by, info.summary) == (
        second, "/other", {}, "", {"documents": 5, "claims": 0}
    )  # fmt: skip
    assert is_utc(info.finished_at)
    assert before <= info.finished_at <= datetime.now(UTC)


def test_latest_run_orders_by_the_instant_not_the_wall_clock(store: StagingStore, db_url: str) -> None:
    """Finished times written in two zones still sort by when they happened (SQLite sorts text)."""
    early, late = store.runs.begin_run("/a", {}), store.runs.begin_run("/b", {})
    store.runs.finish_run(early, {})
    store.runs.finish_run(late, {})

    def backdate(conn: sa.Connection) -> None:
        # late: 10:00 UTC written as 12:00+02:00; early: 11:00 UTC written as 11:00+00:00
        for run_id, moment in (
            (late, datetime(2025, 1, 1, 12, tzinfo=CEST)),
            (early, datetime(2025, 1, 1, 11, tzinfo=UTC)),
        ):
            stmt = sa.update(run_table).where(run_table.c.run_id == run_id)
            conn.execute(stmt.values(finished_at=moment))

    _tamper(db_url, backdate)
    info = store.runs.latest_run()
    assert info is not None and info.run_id == early
    assert info.finished_at == datetime(2025, 1, 1, 11, tzinfo=UTC) and is_utc(info.finished_at)


@pytest.mark.postgres
def test_times_are_utc_whatever_the_session_time_zone(
    postgres_schema_url: str, add_pg_options: Callable[..., str]
) -> None:
    """PostgreSQL hands timestamptz back in the session's zone (SQLite has none: not run there)."""
    kolkata = add_pg_options(postgres_schema_url, "TimeZone=Asia/Kolkata")
    with StagingStore.open(kolkata) as store:
        run = store.runs.begin_run("/inbox", {})
        store.runs.finish_run(run, {})
        store.reviews.append_decision(decision(decided_at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC)))
        info = store.runs.latest_run()
        assert info is not None and is_utc(info.finished_at)
    [decided] = column_values(kolkata, decision_table.c.decided_at)
    assert is_utc(decided) and decided == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


# --- kept exports --------------------------------------------------------------------------------


def test_exports_are_kept_once_by_content(store: StagingStore, db_url: str) -> None:
    data = b"PK\x03\x04\x00\xff" + bytes(range(256)) * 4096  # binary, 1 MiB, with NUL bytes
    sha = store.runs.store_content(data, DocumentKind.XLSX)
    assert store.runs.store_content(data, DocumentKind.XLSX) == sha
    back = store.documents.content(sha)
    assert type(back) is bytes and back == data
    engine = create_store_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT COUNT(*) FROM documents")).scalar_one() == 1
    finally:
        engine.dispose()
    with pytest.raises(NotFound):
        store.documents.content("f" * 64)


def test_a_kept_export_counts_as_known_content(store: StagingStore, make_document: Any) -> None:
    doc = make_document("cpl.csv", b"entry_id,model\nE-1,0002\n", DocumentKind.CSV)
    assert store.runs.store_content(doc.data, DocumentKind.CSV) == doc.sha256
    assert store.documents.record_arrivals(store.runs.begin_run("/inbox", {}), [doc])[0] is False
    assert store.documents.content(doc.sha256) == doc.data
