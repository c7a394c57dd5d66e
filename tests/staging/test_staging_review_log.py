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
from staging.schema import decisions as decision_table
from staging.schema import runs as run_table
from staging.schema import users as user_table
from staging.store import StagingStore
from tests.staging.conftest import PASSWORD_HASH, register

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
    first = store.reviews.add_user("ana", PASSWORD_HASH)  # the first account is an admin, whatever is asked
    store.reviews.add_user("Zoë", "scrypt:32768:8:1$other$hash", created_by="ana")
    assert first == store.reviews.user("ana")
    assert (first.name, first.password_hash, first.is_admin, first.disabled) == ("ana", PASSWORD_HASH, True, False)
    zoe = store.reviews.user("Zoë")
    assert (zoe.name, zoe.password_hash, zoe.is_admin, zoe.disabled) == ("Zoë", "scrypt:32768:8:1$other$hash", False, False)
    assert store.reviews.user("ANA") == first  # one account, whatever the case it is typed in
    assert store.reviews.user("zoË").name == "Zoë"


def test_a_reviewer_name_is_taken_once_whatever_its_case(store: StagingStore) -> None:
    store.reviews.add_user("ana", "first")
    for name in ("ana", "ANA", "Ana"):
        with pytest.raises(StagingError, match="exists already"):
            store.reviews.add_user(name, "second", is_admin=True, created_by="ana")
    assert store.reviews.user("ana").password_hash == "first"


def test_every_account_after_the_first_needs_an_active_admin(store: StagingStore) -> None:
    store.reviews.add_user("ana", PASSWORD_HASH)
    with pytest.raises(StagingError, match="needs an active admin"):
        store.reviews.add_user("bo", PASSWORD_HASH)
    store.reviews.add_user("bo", PASSWORD_HASH, created_by="ana")
    with pytest.raises(StagingError, match="'bo' is not an admin"):
        store.reviews.add_user("cy", PASSWORD_HASH, created_by="bo")
    store.reviews.add_user("cy", PASSWORD_HASH, is_admin=True, created_by="ANA")
    store.reviews.disable_user("ana", by="cy")
    with pytest.raises(StagingError, match="'ana' is not an admin"):
        store.reviews.add_user("dee", PASSWORD_HASH, created_by="ana")  # disabled: no longer an admin
    with pytest.raises(StagingError, match="last active admin"):
        store.reviews.disable_user("cy", by="cy")
    accounts = {a.name: a for a in store.reviews.users()}
    assert (accounts["ana"].disabled, accounts["ana"].disabled_by, accounts["bo"].created_by) == (True, "cy", "ana")


def test_a_new_password_replaces_the_old_and_says_when(store: StagingStore) -> None:
    store.reviews.add_user("ana", PASSWORD_HASH)
    before = store.reviews.user("ana").password_set_at
    store.reviews.set_password("ANA", "scrypt:new", by="ana")
    after = store.reviews.user("ana")
    assert after.password_hash == "scrypt:new" and after.password_set_at > before


def test_user_created_at_is_utc(store: StagingStore, db_url: str) -> None:
    before = datetime.now(UTC)
    store.reviews.add_user("ana", "h")
    [created] = column_values(db_url, user_table.c.created_at)
    assert is_utc(created)
    assert before <= created <= datetime.now(UTC)


# --- the decision log ----------------------------------------------------------------------------


def test_decisions_come_back_in_order_per_entry_and_overall(store: StagingStore) -> None:
    register(store, "ana", "bo", "cy")
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
    register(store, "ana", "bo", "cy")
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
    register(store, "ana", "bo", "cy")
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
    register(store, *(f"reviewer {i}" for i in range(16)))
    wanted = [decision(f"E-{i % 3}", reviewer=f"reviewer {i}") for i in range(16)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(store.reviews.append_decision, wanted))
    assert sorted(d.reviewer for d in store.reviews.decisions()) == sorted(d.reviewer for d in wanted)
    assert store.reviews.decision_log_problems() == []


def test_concurrent_reviewers_cannot_both_slip_past_a_check(store: StagingStore) -> None:
    """The check runs in the append's transaction: of eight racing first approvals, one lands."""
    register(store, *(f"reviewer {i}" for i in range(8)))
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
    register(store, "ana", "bo", "cy")
    seqs = [store.reviews.append_decision(decision(f"E-{i}")) for i in range(3)]
    row = decision_table.c.seq == seqs[1]

    def edit(conn: sa.Connection) -> None:
        payload = conn.execute(sa.select(decision_table.c.payload).where(row)).scalar_one()
        edited = {**payload, "action": "reject"}
        conn.execute(sa.update(decision_table).where(row).values(payload=edited))

    _tamper(db_url, edit)
    assert store.reviews.decision_log_problems() == [
        f"decision {seqs[1]}: content does not match its keyed hash (edited, or its chain recomputed without the key)"
    ]


def test_a_removed_decision_shows(store: StagingStore, db_url: str) -> None:
    register(store, "ana", "bo", "cy")
    seqs = [store.reviews.append_decision(decision(f"E-{i}")) for i in range(3)]
    middle = decision_table.c.seq == seqs[1]
    _tamper(db_url, lambda conn: conn.execute(sa.delete(decision_table).where(middle)))
    assert store.reviews.decision_log_problems() == [
        f"decision {seqs[2]}: does not follow decision before it (a row was removed or inserted?)"
    ]


def test_the_chain_goes_on_across_reopening(db_url: str) -> None:
    with StagingStore.open(db_url) as store:
        register(store, "ana")
        store.reviews.append_decision(decision("E-1"))
    with StagingStore.open(db_url) as store:
        store.reviews.append_decision(decision("E-2"))
        assert [d.cpl_entry_id for d in store.reviews.decisions()] == ["E-1", "E-2"]
        assert store.reviews.decision_log_problems() == []


# --- the key and the anchors (#15.3) ---------------------------------------------------------------


def _recompute_chain(url: str, key: bytes | None) -> None:
    """Rewrite every record hash as someone with write access to the database would: with plain
    sha256 (no key) or an HMAC under a key of their own."""
    import hashlib
    import hmac
    import json

    def work(conn: sa.Connection) -> None:
        previous = "0" * 64
        for seq, payload in conn.execute(sa.select(decision_table.c.seq, decision_table.c.payload).order_by(decision_table.c.seq)).all():
            message = (previous + json.dumps(payload, sort_keys=True)).encode()
            record = hmac.new(key, message, hashlib.sha256).hexdigest() if key else hashlib.sha256(message).hexdigest()
            conn.execute(sa.update(decision_table).where(decision_table.c.seq == seq).values(previous_hash=previous, record_hash=record))
            previous = record

    _tamper(url, work)


def _edit_reviewer(url: str, seq: int, reviewer: str) -> None:
    def work(conn: sa.Connection) -> None:
        row = decision_table.c.seq == seq
        payload = conn.execute(sa.select(decision_table.c.payload).where(row)).scalar_one()
        conn.execute(sa.update(decision_table).where(row).values(payload={**payload, "reviewer": reviewer}, reviewer=reviewer))

    _tamper(url, work)


def test_the_key_is_made_outside_the_database_readable_by_its_owner_only(store: StagingStore, db_url: str) -> None:
    import stat

    register(store, "ana")
    assert store.reviews.key.load() is None  # no decision yet, no key
    store.reviews.append_decision(decision())
    path = store.reviews.key.path
    assert path is not None and path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
    key = path.read_text(encoding="ascii").strip()
    assert len(key) == 64
    engine = create_store_engine(db_url)
    try:
        with engine.connect() as conn:
            for table in ("meta", "decisions", "decision_anchors", "users"):
                dump = " ".join(str(r) for r in conn.execute(sa.text(f"SELECT * FROM {table}")))
                assert key not in dump, f"the key is in table {table}"
    finally:
        engine.dispose()


@pytest.mark.parametrize("attacker_key", [None, b"a key of the attacker's own"], ids=["sha256", "another key"])
def test_a_rewritten_log_with_its_chain_recomputed_shows(store: StagingStore, db_url: str, attacker_key) -> None:
    register(store, "ana", "bo", "mallory")
    seqs = [store.reviews.append_decision(decision(f"E-{i}", reviewer=("ana", "bo")[i % 2])) for i in range(3)]
    _edit_reviewer(db_url, seqs[1], "mallory")
    _recompute_chain(db_url, attacker_key)
    found = store.reviews.decision_log_problems()
    assert [p.split(":")[0] for p in found] == [f"decision {s}" for s in seqs]
    assert all("does not match its keyed hash" in p for p in found)


def test_trailing_decisions_removed_after_an_anchor_show_even_with_the_stores_anchors_gone(
    store: StagingStore, db_url: str
) -> None:
    register(store, "ana", "bo")
    for i in range(3):
        store.reviews.append_decision(decision(f"E-{i}"))
    anchor = store.reviews.anchor("publish to signed-off/")
    assert (anchor.decisions, anchor.purpose) == (3, "publish to signed-off/")
    assert store.reviews.decision_log_problems() == []
    store.reviews.append_decision(decision("E-9", reviewer="bo"))  # after the anchor: not covered

    def cut(conn: sa.Connection) -> None:
        last_two = sa.select(decision_table.c.seq).order_by(decision_table.c.seq.desc()).limit(2).scalar_subquery()
        conn.execute(sa.delete(decision_table).where(decision_table.c.seq.in_(last_two)))
        conn.execute(sa.text("DELETE FROM decision_anchors"))

    _tamper(db_url, cut)
    found = store.reviews.decision_log_problems()
    assert any("holds the log at 3 decisions; it has 2 now: 1 were removed" in p for p in found), found
    assert any("is missing from the store's anchors (removed?)" in p for p in found), found
    assert store.integrity_check().problems


def test_an_anchor_made_without_the_key_is_not_genuine(store: StagingStore) -> None:
    import json

    register(store, "ana")
    store.reviews.append_decision(decision())
    store.reviews.anchor("publish")
    path = store.reviews.key.anchor_path
    [line] = path.read_text(encoding="utf-8").splitlines()
    forged = {**json.loads(line), "decisions": 0, "head_hash": "0" * 64}
    path.write_text(line + "\n" + json.dumps(forged) + "\n", encoding="utf-8")
    [problem] = store.reviews.decision_log_problems()
    assert problem.endswith("is not genuine (edited, or made without this log's key)")


def test_a_missing_or_wrong_key_file_is_named_as_such(store: StagingStore) -> None:
    register(store, "ana")
    store.reviews.append_decision(decision())
    path = store.reviews.key.path
    kept = path.read_bytes()
    path.unlink()
    reopened = StagingStore(store._engine, type(store.reviews.key)(path))  # noqa: SLF001 (a fresh process)
    [missing] = reopened.reviews.decision_log_problems()
    assert f"{path} is missing" in missing
    with pytest.raises(StagingError, match="key file is missing"):
        reopened.reviews.append_decision(decision("E-2"))
    path.write_text("f" * 64 + "\n", encoding="ascii")
    [wrong] = StagingStore(store._engine, type(store.reviews.key)(path)).reviews.decision_log_problems()  # noqa: SLF001
    assert "is not the key this decision log was written with" in wrong
    path.write_bytes(kept)
    assert StagingStore(store._engine, type(store.reviews.key)(path)).reviews.decision_log_problems() == []  # noqa: SLF001


def test_only_an_active_reviewers_decision_is_appended(store: StagingStore) -> None:
    register(store, "ana", "bo")
    with pytest.raises(StagingError, match="'ghost' is not an active reviewer"):
        store.reviews.append_decision(decision(reviewer="ghost"))
    with pytest.raises(StagingError, match="'ANA' is not an active reviewer"):
        store.reviews.append_decision(decision(reviewer="ANA"))  # the account's own spelling only
    store.reviews.disable_user("bo", by="admin")
    outcomes = store.reviews.append_decisions([decision("E-1"), decision("E-2", reviewer="bo"), decision("E-3")])
    assert isinstance(outcomes[0], int) and isinstance(outcomes[2], int)
    assert outcomes[1] == "'bo' is not an active reviewer (the names of `firpath review list-users`, not disabled)"
    assert [d.cpl_entry_id for d in store.reviews.decisions()] == ["E-1", "E-3"]


def test_a_batch_is_checked_decision_by_decision_against_the_log_and_itself(store: StagingStore) -> None:
    register(store, "ana", "bo")
    store.reviews.append_decision(decision("E-1"))
    seen: list[tuple[str, int]] = []

    def once_per_entry(d: ReviewDecision, earlier: list[ReviewDecision]) -> str | None:
        seen.append((d.cpl_entry_id, len(earlier)))
        return f"{d.cpl_entry_id} is decided already" if earlier else None

    outcomes = store.reviews.append_decisions([decision("E-1"), decision("E-2"), decision("E-2", reviewer="bo")], once_per_entry)
    assert seen == [("E-1", 1), ("E-2", 0), ("E-2", 1)]
    assert outcomes[0] == "E-1 is decided already" and isinstance(outcomes[1], int) and outcomes[2] == "E-2 is decided already"
    assert store.reviews.decision_log_problems() == []


def test_a_decision_by_someone_who_is_no_reviewer_shows_even_with_the_key(store: StagingStore, db_url: str) -> None:
    register(store, "ana")
    seq = store.reviews.append_decision(decision())
    _edit_reviewer(db_url, seq, "ghost")
    _recompute_chain(db_url, store.reviews.key.load())  # with the key itself
    assert store.reviews.decision_log_problems() == [f"decision {seq}: by 'ghost', who is no registered reviewer"]


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
        register(store, "ana")
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
