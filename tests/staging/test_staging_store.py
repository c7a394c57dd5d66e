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
from staging import codec
from staging.engine import IncompatibleStore, NotFound, create_store_engine
from staging.schema import mappings
from staging.store import StagingStore

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


def saved_claims(store: StagingStore, run_id: str, status: str) -> list[Any]:
    """The run's saved mapped or unmapped claims, decoded: the store keeps them for the record and
    reads them back nowhere, so the test reads the table."""
    decode = codec.mapped_claim_from_json if status == "mapped" else codec.unmapped_claim_from_json
    with store._engine.connect() as conn:  # noqa: SLF001
        stmt = sa.select(mappings.c.payload).where(mappings.c.run_id == run_id, mappings.c.status == status)
        return [decode(p) for p in conn.execute(stmt.order_by(mappings.c.position)).scalars()]


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
    run = store.runs.begin_run("/inbox", {"cpl": "1" * 64, "fir": "2" * 64})
    first = make_document("2024/notes.pdf", b"%PDF release notes")
    again = make_document("copies/notes (1).pdf", b"%PDF release notes")

    assert store.documents.record_arrivals(run, [first])[0] is True
    assert store.documents.record_arrivals(run, [again])[0] is False

    assert store.runs.arrivals(run) == [(first.name, first.sha256, None), (again.name, first.sha256, None)]
    assert count(db_url, "documents") == 1
    assert store.documents.content(first.sha256) == first.data


def test_a_later_run_sees_the_content_as_known(store: StagingStore, make_document: Any) -> None:
    doc = make_document("notes.pdf", b"%PDF")
    store.documents.record_arrivals(store.runs.begin_run("/inbox", {}), [doc])[0]
    later = store.runs.begin_run("/inbox", {})
    assert store.documents.record_arrivals(later, [doc])[0] is False
    assert store.runs.arrivals(later) == [("notes.pdf", doc.sha256, None)]


def test_recording_the_same_arrival_again_is_a_no_op(store: StagingStore, make_document: Any) -> None:
    run = store.runs.begin_run("/inbox", {})
    doc = make_document("notes.pdf", b"%PDF")
    store.documents.record_arrivals(run, [doc])[0]
    store.documents.record_arrivals(run, [doc])[0]  # a retried task
    assert store.runs.arrivals(run) == [("notes.pdf", doc.sha256, None)]


def test_attachment_arrival_keeps_its_parent(store: StagingStore, make_document: Any) -> None:
    run = store.runs.begin_run("/inbox", {})
    mail = make_document("mail.eml", b"From: a@b", DocumentKind.EML)
    pdf = make_document("mail.eml > notes.pdf", b"%PDF attached", parent=mail)
    store.documents.record_arrivals(run, [mail])[0]
    assert store.documents.record_arrivals(run, [pdf])[0] is True
    assert store.runs.arrivals(run)[1] == ("mail.eml > notes.pdf", pdf.sha256, mail.sha256)
    assert store.documents.content(pdf.sha256) == pdf.data


def test_arrival_checks(store: StagingStore, make_document: Any) -> None:
    run = store.runs.begin_run("/inbox", {})
    mail = make_document("mail.eml", b"From: a@b", DocumentKind.EML)
    orphan = make_document("mail.eml > notes.pdf", b"%PDF", parent=mail)
    with pytest.raises(NotFound, match="parent"):
        store.documents.record_arrivals(run, [orphan])[0]  # the email must be recorded first
    with pytest.raises(ValueError, match="does not match"):
        store.documents.record_arrivals(run, [Document("x.pdf", b"%PDF", DocumentKind.PDF, "0" * 64)])[0]
    with pytest.raises(NotFound):
        store.documents.record_arrivals("no-such-run", [mail])[0]
    with pytest.raises(NotFound):
        store.documents.content("f" * 64)
    assert store.runs.arrivals(run) == []


# --- the extraction cache ------------------------------------------------------------------------


def test_cached_extraction_hits_only_for_the_same_extractor_version(
    store: StagingStore, make_document: Any, samples: Any
) -> None:
    run = store.runs.begin_run("/inbox", {})
    mail = make_document("mail.eml", b"From: a@b", DocumentKind.EML)
    pdf = make_document("mail.eml > notes.pdf", b"%PDF attached", parent=mail)
    store.documents.record_arrivals(run, [mail])[0]
    store.documents.record_arrivals(run, [pdf])[0]
    extraction = Extraction(
        claims=(samples.email_claim, samples.claim),
        attachments=(Attachment("notes.pdf", pdf.data),),
    )

    assert store.documents.cached_extractions([mail.sha256], "mail/1").get(mail.sha256) is None
    store.documents.save_verdicts([(mail.sha256, "mail/1", extraction)])

    assert store.documents.cached_extractions([mail.sha256], "mail/1").get(mail.sha256) == extraction
    assert store.documents.cached_extractions([mail.sha256], "mail/2").get(mail.sha256) is None
    assert store.documents.cached_extractions([pdf.sha256], "mail/1").get(pdf.sha256) is None


def test_an_empty_extraction_is_a_hit_not_a_miss(store: StagingStore, make_document: Any) -> None:
    doc = make_document("blank.pdf", b"%PDF nothing to say")
    store.documents.record_arrivals(store.runs.begin_run("/inbox", {}), [doc])[0]
    store.documents.save_verdicts([(doc.sha256, "pdf/1", Extraction())])
    assert store.documents.cached_extractions([doc.sha256], "pdf/1").get(doc.sha256) == Extraction()


def test_quarantine_is_cached_with_its_reason(store: StagingStore, make_document: Any) -> None:
    doc = make_document("locked.pdf", b"%PDF encrypted")
    store.documents.record_arrivals(store.runs.begin_run("/inbox", {}), [doc])[0]
    store.documents.save_verdicts([(doc.sha256, "pdf/1", "encrypted PDF: no text can be read")])
    assert store.documents.cached_extractions([doc.sha256], "pdf/1").get(doc.sha256) == "encrypted PDF: no text can be read"
    assert store.documents.cached_extractions([doc.sha256], "pdf/2").get(doc.sha256) is None
    with pytest.raises(ValueError):
        store.documents.save_verdicts([(doc.sha256, "pdf/1", "  ")])


def test_a_new_verdict_replaces_the_old_one(
    store: StagingStore, db_url: str, make_document: Any, samples: Any
) -> None:
    doc = make_document("notes.pdf", b"%PDF")
    store.documents.record_arrivals(store.runs.begin_run("/inbox", {}), [doc])[0]
    store.documents.save_verdicts([(doc.sha256, "pdf/1", Extraction((samples.claim,)))])
    store.documents.save_verdicts([(doc.sha256, "pdf/1", "no text layer")])
    assert store.documents.cached_extractions([doc.sha256], "pdf/1").get(doc.sha256) == "no text layer"
    assert count(db_url, "claims") == 0
    store.documents.save_verdicts([(doc.sha256, "pdf/1", Extraction((samples.email_claim,)))])
    assert store.documents.cached_extractions([doc.sha256], "pdf/1").get(doc.sha256) == Extraction((samples.email_claim,))
    assert count(db_url, "claims") == 1


def test_missing_attachment_content_makes_a_miss(store: StagingStore, make_document: Any) -> None:
    """A run that died after caching the email but before storing its attachment re-extracts."""
    mail = make_document("mail.eml", b"From: a@b", DocumentKind.EML)
    store.documents.record_arrivals(store.runs.begin_run("/inbox", {}), [mail])[0]
    store.documents.save_verdicts([(mail.sha256, "mail/1", Extraction((), (Attachment("n.pdf", b"never stored"),)))])
    assert store.documents.cached_extractions([mail.sha256], "mail/1").get(mail.sha256) is None


def test_extraction_needs_the_document(store: StagingStore, samples: Any) -> None:
    with pytest.raises(NotFound):
        store.documents.save_verdicts([("e" * 64, "pdf/1", Extraction((samples.claim,)))])
    with pytest.raises(NotFound):
        store.documents.save_verdicts([("e" * 64, "pdf/1", "corrupt")])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(claim_strategy, max_size=5), st.binary(min_size=1))
def test_claims_survive_the_cache(store: StagingStore, found: list[Claim], data: bytes) -> None:
    doc = Document("any.pdf", data, DocumentKind.PDF, Document.sha256_of(data))
    store.documents.record_arrivals(store.runs.begin_run("/inbox", {}), [doc])[0]
    store.documents.save_verdicts([(doc.sha256, "pdf/1", Extraction(tuple(found)))])
    assert store.documents.cached_extractions([doc.sha256], "pdf/1").get(doc.sha256) == Extraction(tuple(found))


# --- results -------------------------------------------------------------------------------------


def test_results_are_replaced_on_re_save(store: StagingStore, samples: Any) -> None:
    run = store.runs.begin_run("/inbox", {})
    store.results.save_results(run, [samples.mapped], [samples.unmapped], [samples.proposal, samples.conflict])
    assert store.results.proposals(run) == [samples.proposal, samples.conflict]
    assert saved_claims(store, run, "mapped") == [samples.mapped]
    assert saved_claims(store, run, "unmapped") == [samples.unmapped]

    store.results.save_results(run, [], [samples.unmapped], [samples.conflict])
    assert store.results.proposals(run) == [samples.conflict]
    assert saved_claims(store, run, "mapped") == []
    assert saved_claims(store, run, "unmapped") == [samples.unmapped]


def test_results_belong_to_their_run(store: StagingStore, samples: Any) -> None:
    first, second = store.runs.begin_run("/inbox", {}), store.runs.begin_run("/inbox", {})
    store.results.save_results(first, [samples.mapped], [], [samples.proposal])
    store.results.save_results(second, [], [], [])
    assert store.results.proposals(first) == [samples.proposal]
    assert store.results.proposals(second) == []
    with pytest.raises(NotFound):
        store.results.proposals("no-such-run")


def test_one_proposal_per_cpl_entry(store: StagingStore, samples: Any) -> None:
    run = store.runs.begin_run("/inbox", {})
    store.results.save_results(run, [samples.mapped], [], [samples.proposal])
    with pytest.raises(ValueError, match="E-13"):
        store.results.save_results(run, [], [], [samples.proposal, samples.proposal])
    assert store.results.proposals(run) == [samples.proposal]  # the earlier results stand


def test_a_write_that_fails_midway_leaves_the_earlier_results(
    store: StagingStore, samples: Any
) -> None:
    run = store.runs.begin_run("/inbox", {})
    store.results.save_results(run, [samples.mapped], [], [samples.proposal])
    engine: sa.Engine = store._engine  # noqa: SLF001 - the only way to fail inside the transaction

    def crash(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO PROPOSALS"):
            raise RuntimeError("simulated crash")

    sa.event.listen(engine, "before_cursor_execute", crash)
    try:
        with pytest.raises(RuntimeError, match="simulated crash"):
            store.results.save_results(run, [], [samples.unmapped], [samples.conflict])
    finally:
        sa.event.remove(engine, "before_cursor_execute", crash)
    assert saved_claims(store, run, "mapped") == [samples.mapped]  # the deletes and the mapping insert rolled back
    assert saved_claims(store, run, "unmapped") == []
    assert store.results.proposals(run) == [samples.proposal]


# --- runs ----------------------------------------------------------------------------------------


def test_run_summary_round_trip(store: StagingStore) -> None:
    run = store.runs.begin_run("/inbox", {"cpl": "1" * 64})
    with pytest.raises(NotFound, match="no finished run"):
        store.runs.finished_run(run).summary
    summary = {"documents": 12, "new_documents": 3, "quarantined": 1, "claims": 40, "conflicts": 0}
    store.runs.finish_run(run, summary)
    assert store.runs.finished_run(run).summary == summary
    assert list(store.runs.finished_run(run).summary) == list(summary)  # order kept for reports
    with pytest.raises(TypeError):
        store.runs.finish_run(run, {"documents": "12"})  # type: ignore[dict-item]
    with pytest.raises(NotFound):
        store.runs.finished_run("no-such-run").summary
    with pytest.raises(NotFound):
        store.runs.finish_run("no-such-run", {})


def test_run_ids_are_uuid4_hex(store: StagingStore) -> None:
    ids = {store.runs.begin_run("/inbox", {}) for _ in range(3)}
    assert len(ids) == 3
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


# --- the file ------------------------------------------------------------------------------------


def test_reopening_the_file_keeps_everything(db_url: str, make_document: Any, samples: Any) -> None:
    mail = make_document("mail.eml", b"From: a@b", DocumentKind.EML)
    pdf = make_document("mail.eml > notes.pdf", b"%PDF attached", parent=mail)
    bad = make_document("bad.pdf", b"%PDF broken")
    extraction = Extraction((samples.claim,), (Attachment("notes.pdf", pdf.data),))
    with StagingStore.open(db_url) as store:
        run = store.runs.begin_run("/inbox", {"cpl": "1" * 64})
        for doc in (mail, pdf, bad):
            store.documents.record_arrivals(run, [doc])[0]
        store.documents.save_verdicts([(mail.sha256, "mail/1", extraction)])
        store.documents.save_verdicts([(bad.sha256, "pdf/1", "corrupt xref table")])
        store.results.save_results(run, [samples.mapped], [samples.unmapped], [samples.proposal])
        store.runs.finish_run(run, {"documents": 3})

    with StagingStore.open(db_url) as store:
        assert store.runs.arrivals(run) == [
            ("mail.eml", mail.sha256, None),
            ("mail.eml > notes.pdf", pdf.sha256, mail.sha256),
            ("bad.pdf", bad.sha256, None),
        ]
        assert store.documents.content(pdf.sha256) == pdf.data
        assert store.documents.cached_extractions([mail.sha256], "mail/1").get(mail.sha256) == extraction
        assert store.documents.cached_extractions([bad.sha256], "pdf/1").get(bad.sha256) == "corrupt xref table"
        assert store.results.proposals(run) == [samples.proposal]
        assert saved_claims(store, run, "mapped") == [samples.mapped]
        assert saved_claims(store, run, "unmapped") == [samples.unmapped]
        assert store.runs.finished_run(run).summary == {"documents": 3}
        assert store.documents.record_arrivals(store.runs.begin_run("/inbox", {}), [mail])[0] is False


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
    run = store.runs.begin_run("/inbox", {})
    docs = [make_document(f"copy {i}.pdf", b"%PDF the same bytes") for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        stored = list(pool.map(lambda d: store.documents.record_arrivals(run, [d])[0], docs))
    assert stored.count(True) == 1
    assert count(db_url, "documents") == 1
    assert sorted(name for name, _, _ in store.runs.arrivals(run)) == sorted(d.name for d in docs)


def test_a_sqlite_store_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """#15.8: the store holds password hashes and the decision log; it was created world-readable."""
    import stat

    db = tmp_path / "work" / "staging.sqlite"
    with StagingStore.open(f"sqlite:///{db}") as store:
        store.runs.begin_run("/inbox", {})
        files = [p for p in db.parent.iterdir() if p.name.startswith("staging.sqlite")]
        assert {p.name for p in files} >= {"staging.sqlite", "staging.sqlite-wal"}
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path.name, oct(path.stat().st_mode))


def test_a_store_made_readable_by_others_is_made_owner_only_again(tmp_path: Path) -> None:
    import stat

    db = tmp_path / "staging.sqlite"
    StagingStore.open(f"sqlite:///{db}").close()
    db.chmod(0o644)
    StagingStore.open(f"sqlite:///{db}").close()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
