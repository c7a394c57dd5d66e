"""The store's integrity check on each backend: a sound store passes, an interrupted run is a note,
and each kind of damage made behind the store's back is named as a problem."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from firpath.domain import (
    Claim,
    Document,
    DocumentKind,
    ReviewAction,
    ReviewDecision,
    UnmappedClaim,
)
from firpath.domain.documents import Attachment, Extraction
from firpath.stages.summary import run_summary
from staging.store import StagingStore
from tests.staging.conftest import register

pytestmark = pytest.mark.unit


@dataclass(frozen=True)
class Filled:
    """What `filled` put in the store."""

    run_id: str
    mail: Document
    notes: Document
    broken: Document


def cites(claim: Claim, document: Document, location: str) -> Claim:
    return replace(claim, evidence=replace(claim.evidence, file=document.name, sha256=document.sha256, location=location))


@pytest.fixture
def filled(store: StagingStore, make_document: Callable[..., Document], samples: Any) -> Filled:
    """A finished run as the pipeline leaves it: an email with a release note attached (each with
    claims), a quarantined file, the CPL and FIR exports, results, a summary and three decisions."""
    cpl = store.runs.store_content(b"CPL Entry ID,Manufacturer ID\nE-13,0001\n", DocumentKind.CSV)
    fir = store.runs.store_content(b"CPL Entry ID,Firmware Upgrade Path\nE-13,\n", DocumentKind.CSV)
    run = store.runs.begin_run("/inbox", {"cpl_export": cpl, "cpl_export_name": "cpl.csv", "fir_export": fir,
                                      "fir_export_name": "fir.csv"}, "ingrid")  # fmt: skip
    mail = make_document("mail/acme.eml", b"From: a@acme.example\nSubject: 1.3.1\n\nsee notes", DocumentKind.EML)
    notes = make_document("mail/acme.eml > notes.pdf", b"%PDF-1.7 release notes 1.3.1", parent=mail)
    broken = make_document("old/broken.pdf", b"%PDF-1.4 truncated")
    store.documents.record_arrivals(run, [mail])[0]
    store.documents.record_arrivals(run, [broken])[0]
    mail_claim = cites(samples.email_claim, mail, "email body")
    note_claims = [cites(samples.claim, notes, "page 2"), cites(samples.claim, notes, "page 3")]
    store.documents.save_verdicts([(mail.sha256, "mail/1", Extraction((mail_claim,), (Attachment("notes.pdf", notes.data),)))])
    store.documents.record_arrivals(run, [notes])[0]
    store.documents.save_verdicts([(notes.sha256, "pdf/1", Extraction(tuple(note_claims), ()))])
    store.documents.save_verdicts([(broken.sha256, "pdf/1", "the PDF is truncated (no cross-reference table)")])
    mapped = [replace(samples.mapped, claim=c) for c in note_claims]
    unmapped = [UnmappedClaim(mail_claim, "no CPL entry for model 0x0002")]
    proposals = [samples.proposal, samples.conflict]
    store.results.save_results(run, mapped, unmapped, proposals)
    summary = run_summary(files_received=2, documents=3, documents_read=3, quarantined=1, mapped=mapped,
                          unmapped=unmapped, proposals=proposals)  # fmt: skip
    store.runs.finish_run(run, summary.as_dict())
    register(store, "ana", "ben", "cy")
    for reviewer, action in (("ana", ReviewAction.APPROVE), ("ben", ReviewAction.APPROVE), ("cy", ReviewAction.REJECT)):
        store.reviews.append_decision(ReviewDecision("E-13", "c" * 64, action, reviewer, datetime.now(UTC), reason="old"))
    return Filled(run, mail, notes, broken)


@pytest.fixture
def raw(db_url: str) -> Iterator[sa.Engine]:
    """The store's database reached without the store (on SQLite, foreign keys are off, as in any
    sqlite3 shell): how a person or another program could damage it."""
    engine = sa.create_engine(db_url)
    yield engine
    engine.dispose()


def damage(raw: sa.Engine, sql: str, **params: Any) -> None:
    with raw.begin() as conn:
        conn.execute(sa.text(sql), params)


def drop_foreign_keys(raw: sa.Engine, table: str) -> None:
    """PostgreSQL enforces foreign keys for everyone; dropping them is what it takes to get a dangling row."""
    if raw.dialect.name == "postgresql":
        for fk in sa.inspect(raw).get_foreign_keys(table):
            damage(raw, f'ALTER TABLE {table} DROP CONSTRAINT "{fk["name"]}"')


def problems(store: StagingStore) -> list[str]:
    found = list(store.integrity_check().problems)
    assert found == list(store.integrity_check().problems)
    return found


def test_a_sound_store_passes(store: StagingStore, filled: Filled) -> None:
    report = store.integrity_check()
    assert report.ok and report.problems == () and report.notes == ()
    counts = store.counts()
    assert (counts.runs, counts.unfinished_runs, counts.documents, counts.arrivals) == (1, 0, 5, 3)
    assert (counts.extractions, counts.quarantined, counts.claims, counts.decisions) == (3, 1, 3, 3)


def test_an_empty_store_passes(store: StagingStore) -> None:
    assert store.integrity_check().problems == () and store.integrity_check().notes == ()


def test_an_interrupted_run_is_a_note_not_a_problem(
    store: StagingStore, filled: Filled, make_document: Callable[..., Document]
) -> None:
    """What a killed run leaves: a run without a finish, and an email read whose attachment was
    never stored (the run died between the two writes); the next run redoes both."""
    run = store.runs.begin_run("/inbox", {})
    mail = make_document("new.eml", b"From: b@acme.example\nSubject: 2.0\n\nattached", DocumentKind.EML)
    store.documents.record_arrivals(run, [mail])[0]
    store.documents.save_verdicts([(mail.sha256, "mail/1", Extraction((), (Attachment("2.0.pdf", b"%PDF-1.7 2.0 notes"),)))])
    report = store.integrity_check()
    assert report.problems == ()
    assert len(report.notes) == 2
    assert any(f"run {run}" in n and "did not finish" in n for n in report.notes)
    assert any(mail.sha256 in n and "'2.0.pdf' was never stored" in n for n in report.notes)
    assert store.runs.latest_run() is not None and store.runs.latest_run().run_id == filled.run_id


def test_altered_document_content(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    damage(raw, "UPDATE documents SET content = :c WHERE sha256 = :s", c=b"%PDF-1.4 truncateX", s=filled.broken.sha256)
    assert problems(store) == [f"document {filled.broken.sha256}: its content does not have that sha256 (altered or truncated)"]


def test_a_truncated_document_also_has_the_wrong_size(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    damage(raw, "UPDATE documents SET content = :c WHERE sha256 = :s", c=filled.notes.data[:5], s=filled.notes.sha256)
    found = problems(store)
    assert len(found) == 2 and f"size says {len(filled.notes.data)} bytes, content has 5" in found[1]


def test_an_arrival_of_a_document_that_is_not_stored(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    drop_foreign_keys(raw, "arrivals")
    damage(raw, "UPDATE arrivals SET sha256 = :x WHERE sha256 = :s", x="f" * 64, s=filled.broken.sha256)
    found = problems(store)
    assert any(f"arrivals 2: sha256 {'f' * 64} is not in documents" == p for p in found), found
    if raw.dialect.name == "sqlite":  # and SQLite's own check agrees
        assert any(p.startswith("SQLite foreign_key_check: arrivals row") for p in found), found


def test_a_removed_claim_row(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    damage(raw, "DELETE FROM claims WHERE sha256 = :s AND position = 1", s=filled.notes.sha256)
    assert problems(store) == [f"extraction of {filled.notes.sha256} by pdf/1: 2 claims in its list, 1 claim rows"]


def test_a_claim_row_that_differs_from_the_list(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    with raw.begin() as conn:
        row = conn.execute(sa.text("SELECT claim FROM claims WHERE sha256 = :s AND position = 0"), {"s": filled.notes.sha256}).scalar_one()
        claim = row if isinstance(row, dict) else __import__("json").loads(row)
        claim["relation"] = "any"
        conn.execute(sa.update(sa.table("claims", sa.column("claim", sa.JSON), sa.column("sha256"), sa.column("position")))
                     .where(sa.column("sha256") == filled.notes.sha256, sa.column("position") == 0).values(claim=claim))  # fmt: skip
    assert problems(store) == [f"extraction of {filled.notes.sha256} by pdf/1: claim 0 differs between its list and its row"]


def test_claims_of_an_extraction_that_is_gone(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    drop_foreign_keys(raw, "claims")
    damage(raw, "DELETE FROM extractions WHERE sha256 = :s", s=filled.notes.sha256)
    found = problems(store)
    assert f"claims of {filled.notes.sha256} by pdf/1: no extraction holds them" in found


def test_a_quarantine_with_claims(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    damage(raw, "UPDATE extractions SET attachments = :a WHERE sha256 = :s", a='[{"name": "x", "sha256": "y"}]', s=filled.broken.sha256)
    assert problems(store) == [f"extraction of {filled.broken.sha256} by pdf/1: quarantined, yet it has claims or attachments"]


def test_an_attachment_without_its_email_in_the_run(
    store: StagingStore, filled: Filled, make_document: Callable[..., Document]
) -> None:
    run = store.runs.begin_run("/inbox", {})
    attachment = make_document("mail/acme.eml > other.pdf", b"%PDF-1.7 other", parent=filled.mail)
    store.documents.record_arrivals(run, [attachment])[0]  # the email is stored, but did not arrive in this run
    assert problems(store) == [f"arrival 4 ('mail/acme.eml > other.pdf', run {run}): its email did not arrive before it in that run"]


def test_a_finished_run_whose_results_do_not_add_up(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    damage(raw, "DELETE FROM proposals WHERE run_id = :r AND position = 0", r=filled.run_id)
    found = problems(store)
    assert f"run {filled.run_id}: its summary says 2 proposals, the store holds 1 proposal rows" in found
    assert f"run {filled.run_id}: its proposal rows are not numbered 0..0" in found


def test_a_finished_run_without_its_summary(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    damage(raw, "UPDATE runs SET summary = NULL WHERE run_id = :r", r=filled.run_id)
    assert problems(store) == [f"run {filled.run_id}: finished, but its summary is missing or not counts"]


def test_a_run_whose_fir_export_is_gone(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    fir = store.runs.latest_run().inputs["fir_export"]
    damage(raw, "DELETE FROM documents WHERE sha256 = :s", s=fir)
    assert problems(store) == [f"run {filled.run_id}: its fir export ({fir}) is not stored"]


def test_an_edited_decision(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    damage(raw, "UPDATE decisions SET reviewer = 'mallory' WHERE seq = 2")  # the column, not the content
    assert problems(store) == ["decision log: decision 2 is filed as ('E-13', '" + "c" * 64 + "', 'approve', 'mallory'), "
                               "its content says ('E-13', '" + "c" * 64 + "', 'approve', 'ben')"]  # fmt: skip


def test_a_removed_decision_breaks_the_chain(store: StagingStore, filled: Filled, raw: sa.Engine) -> None:
    damage(raw, "DELETE FROM decisions WHERE seq = 2")
    assert problems(store) == ["decision log: decision 3: does not follow decision before it (a row was removed or inserted?)"]
    assert store.reviews.decision_log_problems() == ["decision 3: does not follow decision before it (a row was removed or inserted?)"]


def test_a_long_list_of_one_kind_is_cut_short(
    store: StagingStore, raw: sa.Engine, make_document: Callable[..., Document]
) -> None:
    docs = [make_document(f"n{i}.pdf", f"%PDF-1.7 note {i}".encode()) for i in range(25)]
    run = store.runs.begin_run("/inbox", {})
    for doc in docs:
        store.documents.record_arrivals(run, [doc])[0]
    damage(raw, "UPDATE documents SET size = size + 1")
    found = problems(store)
    assert len(found) == 21 and found[-1] == "... and 5 more damaged documents"
