"""The staging store on each backend (SQLite, PostgreSQL): arrivals, extraction cache, results, runs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from firpath.domain import (
    Claim,
    DeviceRef,
    Document,
    DocumentKind,
    Evidence,
    FirmwareVersion,
    Relation,
    SourceKind,
    VersionRef,
)
from firpath.domain.documents import Attachment, Extraction
from staging.engine import create_store_engine
from staging.store import IncompatibleStore, NotFound, StagingStore

pytestmark = pytest.mark.unit

version_refs = st.builds(
    VersionRef,
    st.text(),
    st.none() | st.text(alphabet="0123456789ABCDEF", min_size=8, max_size=8).map(FirmwareVersion),
    st.text(),
)
claim_strategy = st.builds(
    Claim,
    device=st.builds(DeviceRef, st.text(), st.text(), st.text()),
    target=version_refs,
    bases=st.lists(version_refs, max_size=3).map(tuple),
    relation=st.sampled_from(Relation),
    evidence=st.builds(Evidence, st.text(), st.text(), st.text(), st.text()),
    source_kind=st.sampled_from(SourceKind),
    superseded=st.booleans(),
)


def count(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


# --- arrivals ------------------------------------------------------------------------------------


def test_same_document_twice_is_stored_once_and_arrives_twice(
    store: StagingStore, db_url: str, make_document: Any
) -> None:
    run = store.begin_run("/inbox", {"cpl": "1" * 64, "fir": "2" * 64})
    first = make_document("2024/notes.pdf", b"%PDF release notes")
    again = make_document("copies/notes (1).pdf", b"%PDF release notes")

    assert store.record_arrival(run, first) is True
    assert store.record_arrival(run, again) is False

    assert store.arrivals(run) == [(first.name, first.sha256, None), (again.name, first.sha256, None)]
    assert count(db_url, "documents") == 1
    assert store.document(first.sha256) == first  # named as it first arrived


def test_a_later_run_sees_the_content_as_known(store: StagingStore, make_document: Any) -> None:
    doc = make_document("notes.pdf", b"%PDF")
    store.record_arrival(store.begin_run("/inbox", {}), doc)
    later = store.begin_run("/inbox", {})
    assert store.record_arrival(later, doc) is False
    assert store.arrivals(later) == [("notes.pdf", doc.sha256, None)]


def test_recording_the_same_arrival_again_is_a_no_op(store: StagingStore, make_document: Any) -> None:
    run = store.begin_run("/inbox", {})
    doc = make_document("notes.pdf", b"%PDF")
    store.record_arrival(run, doc)
    store.record_arrival(run, doc)  # a retried task
    assert store.arrivals(run) == [("notes.pdf", doc.sha256, None)]


def test_attachment_arrival_keeps_its_parent(store: StagingStore, make_document: Any) -> None:
    run = store.begin_run("/inbox", {})
    mail = make_document("mail.eml", b"From: a@b", DocumentKind.EML)
    pdf = make_document("mail.eml > notes.pdf", b"%PDF attached", parent=mail)
    store.record_arrival(run, mail)
    assert store.record_arrival(run, pdf) is True
    assert store.arrivals(run)[1] == ("mail.eml > notes.pdf", pdf.sha256, mail.sha256)
    assert store.document(pdf.sha256) == pdf


def test_arrival_checks(store: StagingStore, make_document: Any) -> None:
    run = store.begin_run("/inbox", {})
    mail = make_document("mail.eml", b"From: a@b", DocumentKind.EML)
    orphan = make_document("mail.eml > notes.pdf", b"%PDF", parent=mail)
    with pytest.raises(NotFound, match="parent"):
        store.record_arrival(run, orphan)  # the email must be recorded first
    with pytest.raises(ValueError, match="does not match"):
        store.record_arrival(run, Document("x.pdf", b"%PDF", DocumentKind.PDF, "0" * 64))
    with pytest.raises(NotFound):
        store.record_arrival("no-such-run", mail)
    with pytest.raises(NotFound):
        store.document("f" * 64)
    assert store.arrivals(run) == []


# --- the extraction cache ------------------------------------------------------------------------


def test_cached_extraction_hits_only_for_the_same_extractor_version(
    store: StagingStore, make_document: Any, samples: Any
) -> None:
    run = store.begin_run("/inbox", {})
    mail = make_document("mail.eml", b"From: a@b", DocumentKind.EML)
    pdf = make_document("mail.eml > notes.pdf", b"%PDF attached", parent=mail)
    store.record_arrival(run, mail)
    store.record_arrival(run, pdf)
    extraction = Extraction(
        claims=(samples.email_claim, samples.claim),
        attachments=(Attachment("notes.pdf", pdf.data),),
    )

    assert store.cached_extraction(mail.sha256, "mail/1") is None
    store.save_extraction(mail.sha256, "mail/1", extraction)

    assert store.cached_extraction(mail.sha256, "mail/1") == extraction
    assert store.cached_extraction(mail.sha256, "mail/2") is None
    assert store.cached_extraction(pdf.sha256, "mail/1") is None


def test_an_empty_extraction_is_a_hit_not_a_miss(store: StagingStore, make_document: Any) -> None:
    doc = make_document("blank.pdf", b"%PDF nothing to say")
    store.record_arrival(store.begin_run("/inbox", {}), doc)
    store.save_extraction(doc.sha256, "pdf/1", Extraction())
    assert store.cached_extraction(doc.sha256, "pdf/1") == Extraction()


def test_quarantine_is_cached_with_its_reason(store: StagingStore, make_document: Any) -> None:
    doc = make_document("locked.pdf", b"%PDF encrypted")
    store.record_arrival(store.begin_run("/inbox", {}), doc)
    store.save_quarantine(doc.sha256, "pdf/1", "encrypted PDF: no text can be read")
    assert store.cached_extraction(doc.sha256, "pdf/1") == "encrypted PDF: no text can be read"
    assert store.cached_extraction(doc.sha256, "pdf/2") is None
    with pytest.raises(ValueError):
        store.save_quarantine(doc.sha256, "pdf/1", "  ")


def test_a_new_verdict_replaces_the_old_one(
    store: StagingStore, db_url: str, make_document: Any, samples: Any
) -> None:
    doc = make_document("notes.pdf", b"%PDF")
    store.record_arrival(store.begin_run("/inbox", {}), doc)
    store.save_extraction(doc.sha256, "pdf/1", Extraction((samples.claim,)))
    store.save_quarantine(doc.sha256, "pdf/1", "no text layer")
    assert store.cached_extraction(doc.sha256, "pdf/1") == "no text layer"
    assert count(db_url, "claims") == 0
    store.save_extraction(doc.sha256, "pdf/1", Extraction((samples.email_claim,)))
    assert store.cached_extraction(doc.sha256, "pdf/1") == Extraction((samples.email_claim,))
    assert count(db_url, "claims") == 1


def test_missing_attachment_content_makes_a_miss(store: StagingStore, make_document: Any) -> None:
    """A run that died after caching the email but before storing its attachment re-extracts."""
    mail = make_document("mail.eml", b"From: a@b", DocumentKind.EML)
    store.record_arrival(store.begin_run("/inbox", {}), mail)
    store.save_extraction(mail.sha256, "mail/1", Extraction((), (Attachment("n.pdf", b"never stored"),)))
    assert store.cached_extraction(mail.sha256, "mail/1") is None


def test_extraction_needs_the_document(store: StagingStore, samples: Any) -> None:
    with pytest.raises(NotFound):
        store.save_extraction("e" * 64, "pdf/1", Extraction((samples.claim,)))
    with pytest.raises(NotFound):
        store.save_quarantine("e" * 64, "pdf/1", "corrupt")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(claim_strategy, max_size=5), st.binary(min_size=1))
def test_claims_survive_the_cache(store: StagingStore, found: list[Claim], data: bytes) -> None:
    doc = Document("any.pdf", data, DocumentKind.PDF, Document.sha256_of(data))
    store.record_arrival(store.begin_run("/inbox", {}), doc)
    store.save_extraction(doc.sha256, "pdf/1", Extraction(tuple(found)))
    assert store.cached_extraction(doc.sha256, "pdf/1") == Extraction(tuple(found))


# --- results -------------------------------------------------------------------------------------


def test_results_are_replaced_on_re_save(store: StagingStore, samples: Any) -> None:
    run = store.begin_run("/inbox", {})
    store.save_results(run, [samples.mapped], [samples.unmapped], [samples.proposal, samples.conflict])
    assert store.proposals(run) == [samples.proposal, samples.conflict]
    assert store.mapped(run) == [samples.mapped]
    assert store.unmapped(run) == [samples.unmapped]

    store.save_results(run, [], [samples.unmapped], [samples.conflict])
    assert store.proposals(run) == [samples.conflict]
    assert store.mapped(run) == []
    assert store.unmapped(run) == [samples.unmapped]


def test_results_belong_to_their_run(store: StagingStore, samples: Any) -> None:
    first, second = store.begin_run("/inbox", {}), store.begin_run("/inbox", {})
    store.save_results(first, [samples.mapped], [], [samples.proposal])
    store.save_results(second, [], [], [])
    assert store.proposals(first) == [samples.proposal]
    assert store.proposals(second) == []
    with pytest.raises(NotFound):
        store.proposals("no-such-run")


def test_one_proposal_per_cpl_entry(store: StagingStore, samples: Any) -> None:
    run = store.begin_run("/inbox", {})
    store.save_results(run, [samples.mapped], [], [samples.proposal])
    with pytest.raises(ValueError, match="E-13"):
        store.save_results(run, [], [], [samples.proposal, samples.proposal])
    assert store.proposals(run) == [samples.proposal]  # the earlier results stand


def test_a_write_that_fails_midway_leaves_the_earlier_results(
    store: StagingStore, samples: Any
) -> None:
    run = store.begin_run("/inbox", {})
    store.save_results(run, [samples.mapped], [], [samples.proposal])
    engine: sa.Engine = store._engine  # noqa: SLF001 - the only way to fail inside the transaction

    def crash(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO PROPOSALS"):
            raise RuntimeError("simulated crash")

    sa.event.listen(engine, "before_cursor_execute", crash)
    try:
        with pytest.raises(RuntimeError, match="simulated crash"):
            store.save_results(run, [], [samples.unmapped], [samples.conflict])
    finally:
        sa.event.remove(engine, "before_cursor_execute", crash)
    assert store.mapped(run) == [samples.mapped]  # the deletes and the mapping insert rolled back
    assert store.unmapped(run) == []
    assert store.proposals(run) == [samples.proposal]


# --- runs ----------------------------------------------------------------------------------------


def test_run_summary_round_trip(store: StagingStore) -> None:
    run = store.begin_run("/inbox", {"cpl": "1" * 64})
    with pytest.raises(NotFound, match="not finished"):
        store.run_summary(run)
    summary = {"documents": 12, "new_documents": 3, "quarantined": 1, "claims": 40, "conflicts": 0}
    store.finish_run(run, summary)
    assert store.run_summary(run) == summary
    assert list(store.run_summary(run)) == list(summary)  # order kept for reports
    with pytest.raises(TypeError):
        store.finish_run(run, {"documents": "12"})  # type: ignore[dict-item]
    with pytest.raises(NotFound):
        store.run_summary("no-such-run")
    with pytest.raises(NotFound):
        store.finish_run("no-such-run", {})


def test_run_ids_are_uuid4_hex(store: StagingStore) -> None:
    ids = {store.begin_run("/inbox", {}) for _ in range(3)}
    assert len(ids) == 3
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


# --- the file ------------------------------------------------------------------------------------


def test_reopening_the_file_keeps_everything(db_url: str, make_document: Any, samples: Any) -> None:
    mail = make_document("mail.eml", b"From: a@b", DocumentKind.EML)
    pdf = make_document("mail.eml > notes.pdf", b"%PDF attached", parent=mail)
    bad = make_document("bad.pdf", b"%PDF broken")
    extraction = Extraction((samples.claim,), (Attachment("notes.pdf", pdf.data),))
    with StagingStore.open(db_url) as store:
        run = store.begin_run("/inbox", {"cpl": "1" * 64})
        for doc in (mail, pdf, bad):
            store.record_arrival(run, doc)
        store.save_extraction(mail.sha256, "mail/1", extraction)
        store.save_quarantine(bad.sha256, "pdf/1", "corrupt xref table")
        store.save_results(run, [samples.mapped], [samples.unmapped], [samples.proposal])
        store.finish_run(run, {"documents": 3})

    with StagingStore.open(db_url) as store:
        assert store.arrivals(run) == [
            ("mail.eml", mail.sha256, None),
            ("mail.eml > notes.pdf", pdf.sha256, mail.sha256),
            ("bad.pdf", bad.sha256, None),
        ]
        assert store.document(pdf.sha256) == pdf
        assert store.cached_extraction(mail.sha256, "mail/1") == extraction
        assert store.cached_extraction(bad.sha256, "pdf/1") == "corrupt xref table"
        assert store.proposals(run) == [samples.proposal]
        assert store.mapped(run) == [samples.mapped]
        assert store.unmapped(run) == [samples.unmapped]
        assert store.run_summary(run) == {"documents": 3}
        assert store.record_arrival(store.begin_run("/inbox", {}), mail) is False


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'not' / 'yet' / 'there.sqlite'}"
    with StagingStore.open(url):
        pass
    assert (tmp_path / "not" / "yet" / "there.sqlite").is_file()
    engine = create_store_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        engine.dispose()


def test_a_store_of_another_schema_version_is_refused(db_url: str) -> None:
    StagingStore.open(db_url).close()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE meta SET value = '0' WHERE key = 'schema_version'"))
    engine.dispose()
    with pytest.raises(IncompatibleStore, match="schema version 0"):
        StagingStore.open(db_url)


def test_concurrent_arrivals_of_one_content_store_it_once(
    store: StagingStore, db_url: str, make_document: Any
) -> None:
    """Task threads race to store the same content: exactly one of them stores it."""
    run = store.begin_run("/inbox", {})
    docs = [make_document(f"copy {i}.pdf", b"%PDF the same bytes") for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        stored = list(pool.map(lambda d: store.record_arrival(run, d), docs))
    assert stored.count(True) == 1
    assert count(db_url, "documents") == 1
    assert sorted(name for name, _, _ in store.arrivals(run)) == sorted(d.name for d in docs)
