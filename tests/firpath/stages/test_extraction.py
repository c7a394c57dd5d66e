"""extract_documents with a real StagingStore: attachments followed, duplicates read once, the
extraction cache, quarantine, and worker processes giving the same claims as one process."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

import pytest

import firpath.stages.reading as reading
from extractors import EXTRACTOR_VERSION
from firpath.demo.builders import MailAttachment, ReleaseNote, Sheet, csv_bytes, eml, release_note_pdf, workbook
from firpath.domain import Claim, Document
from firpath.domain.limits import DocumentLimits
from firpath.runtime.process_reader import ProcessReader, open_reader
from firpath.stages.extraction import ExtractionOutcome, extract_documents
from firpath.stages.ingest import sniff_kind
from firpath.stages.reading import InlineReader
from staging.store import StagingStore

pytestmark = pytest.mark.unit

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def note(model: str, model_id: str, target: str, base: str) -> ReleaseNote:
    return ReleaseNote(
        title=f"Acme Metering {model} - Firmware Release Notes",
        header=(
            ("Manufacturer", "Acme Metering Ltd (Manufacturer ID 10A7)"),
            ("Model", f"{model} (Model ID {model_id})"),
            ("Hardware Version", "0002"),
            ("Firmware Version", target),
        ),
        sections=(("Installation", (f"This release shall only be applied to devices running firmware {base}.",)),),
    )


@cache
def pdf(target: str = "01030001", base: str = "01020005", model: str = "AM-E200", model_id: str = "0101") -> bytes:
    return release_note_pdf(note(model, model_id, target, base))


MAP_HEADER = ("Mfr", "Model ID", "HW Ver", "Current FW", "Target FW")


def map_csv(*rows: tuple[str, ...]) -> bytes:
    return csv_bytes([MAP_HEADER, *rows])


def map_xlsx(*rows: tuple[str, ...]) -> bytes:
    return workbook([Sheet("Paths", [("Northern MAP",), MAP_HEADER, *rows])])


def broken_pdf() -> bytes:
    return pdf()[:400]


def doc(name: str, data: bytes) -> Document:
    return Document(name, data, sniff_kind(name, data), Document.sha256_of(data))


@cache
def mail_with_attachments() -> bytes:
    """An email with a PDF and a CSV attached, and a forwarded message (message/rfc822) that has a
    PDF of its own."""
    inner = eml(
        sender="Circuit <releases@circuit.example>",
        to="ops@map.example",
        subject="G100 release",
        text="Release notes attached.\n",
        attachments=[MailAttachment("g100 notes.pdf", pdf("01000100", "01000000", "AM-G100", "0102"), "application/pdf")],
    )
    return eml(
        sender="Acme <firmware@acme.example>",
        to="fir@secas.example",
        subject="AM-E200 paths",
        text="For the AM-E200 (model 0101), firmware 01020007 must only be applied to devices running 01020005.\n",
        attachments=[
            MailAttachment("notes.pdf", pdf(), "application/pdf"),
            MailAttachment("paths.csv", map_csv(("10A7", "0101", "0002", "01020000", "01020005")), "text/csv"),
            MailAttachment("fwd.eml", inner, "message/rfc822"),
        ],
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StagingStore]:
    with StagingStore.open("sqlite:///" + str(tmp_path / "s.sqlite")) as opened:
        yield opened


def run(store: StagingStore, documents: Sequence[Document], processes: int = 0) -> ExtractionOutcome:
    """A run as the flows do it: ingest records the inbox files, then extraction (in this process
    unless `processes` is given)."""
    run_id = store.runs.begin_run("/inbox", {})
    store.documents.record_arrivals(run_id, documents)
    with open_reader(processes) as reader:
        return extract_documents(documents, store.documents, run_id, reader)


def summary(claims: Sequence[Claim]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Where each claim was read and what it states (the extractors' own tests check the details)."""
    return sorted((c.evidence.file, c.evidence.location, c.target.text, tuple(b.text for b in c.bases)) for c in claims)


# --- attachments ------------------------------------------------------------------------------------


def test_attachments_are_followed_and_named_after_their_email(store: StagingStore) -> None:
    mail = doc("inbox/mail.eml", mail_with_attachments())
    outcome = run(store, [mail])

    names = sorted(n for ns in outcome.names.values() for n in ns)
    assert names == [
        "inbox/mail.eml",
        "inbox/mail.eml > fwd.eml",
        "inbox/mail.eml > fwd.eml > g100 notes.pdf",
        "inbox/mail.eml > notes.pdf",
        "inbox/mail.eml > paths.csv",
    ]
    assert summary(outcome.claims) == [
        ("inbox/mail.eml", "email body", "01020007", ("01020005",)),
        ("inbox/mail.eml > fwd.eml > g100 notes.pdf", "page 1", "01000100", ("01000000",)),
        ("inbox/mail.eml > notes.pdf", "page 1", "01030001", ("01020005",)),
        ("inbox/mail.eml > paths.csv", "row 2", "01020005", ("01020000",)),
    ]
    assert (outcome.documents, outcome.read, outcome.arrivals, outcome.quarantined) == (5, 5, 5, [])


def test_attachment_arrivals_are_recorded_with_their_parent(store: StagingStore) -> None:
    mail = doc("inbox/mail.eml", mail_with_attachments())
    run_id = store.runs.begin_run("/inbox", {})
    store.documents.record_arrivals(run_id, [mail])[0]
    outcome = extract_documents([mail], store.documents, run_id, InlineReader())

    arrivals = store.runs.arrivals(run_id)
    by_name = {name: (sha, parent) for name, sha, parent in arrivals}
    assert sorted(by_name) == sorted(n for ns in outcome.names.values() for n in ns)
    assert by_name["inbox/mail.eml"][1] is None
    assert by_name["inbox/mail.eml > notes.pdf"][1] == mail.sha256
    fwd_sha = by_name["inbox/mail.eml > fwd.eml"][0]
    assert by_name["inbox/mail.eml > fwd.eml > g100 notes.pdf"][1] == fwd_sha
    assert store.documents.content(by_name["inbox/mail.eml > notes.pdf"][0]) == pdf()


# --- duplicates and the cache -------------------------------------------------------------------------


def test_a_duplicate_document_is_read_once_and_known_under_both_names(store: StagingStore) -> None:
    first, again = doc("release-notes/acme.pdf", pdf()), doc("forwarded/copy of acme.pdf", pdf())
    outcome = run(store, [first, again, doc("MAP/paths.csv", map_csv(("10A7", "0101", "0002", "01020000", "01020005")))])

    assert (outcome.documents, outcome.read, outcome.arrivals) == (2, 2, 3)
    assert outcome.names[first.sha256] == ["release-notes/acme.pdf", "forwarded/copy of acme.pdf"]
    pdf_claims = [c for c in outcome.claims if c.evidence.sha256 == first.sha256]
    assert [c.evidence.file for c in pdf_claims] == ["release-notes/acme.pdf"]  # its claims once


def test_a_document_that_is_also_an_attachment_is_read_once(store: StagingStore) -> None:
    inbox_copy = doc("release-notes/notes.pdf", pdf())
    mail = doc("inbox/mail.eml", mail_with_attachments())
    outcome = run(store, [inbox_copy, mail])
    assert outcome.names[inbox_copy.sha256] == ["release-notes/notes.pdf", "inbox/mail.eml > notes.pdf"]
    assert outcome.arrivals == 6 and outcome.documents == 5 and outcome.read == 5
    assert len([c for c in outcome.claims if c.evidence.sha256 == inbox_copy.sha256]) == 1


def test_a_second_call_reads_nothing_and_returns_the_same_claims(store: StagingStore) -> None:
    documents = [
        doc("inbox/mail.eml", mail_with_attachments()),
        doc("MAP/paths.xlsx", map_xlsx(("10A7", "0101", "0002", "01020005", "01020007"))),
        doc("broken/notes.pdf", broken_pdf()),
    ]
    first = run(store, documents)
    second = run(store, documents)

    assert first.read == 7
    assert second.read == 0
    assert second.claims == first.claims
    assert second.quarantined == first.quarantined
    assert second.names == first.names
    assert (second.documents, second.arrivals) == (first.documents, first.arrivals)


def test_a_cached_extraction_is_named_as_received_now(store: StagingStore) -> None:
    run(store, [doc("2023/acme.pdf", pdf())])
    outcome = run(store, [doc("2024/renamed acme.pdf", pdf())])
    assert outcome.read == 0
    assert [c.evidence.file for c in outcome.claims] == ["2024/renamed acme.pdf"]


def test_a_cache_of_another_extractor_version_is_read_again(store: StagingStore, monkeypatch: pytest.MonkeyPatch) -> None:
    documents = [doc("acme.pdf", pdf())]
    run(store, documents)
    monkeypatch.setattr(reading, "EXTRACTOR_VERSION", EXTRACTOR_VERSION + "-next")
    assert run(store, documents).read == 1


# --- quarantine ---------------------------------------------------------------------------------------


def test_an_unreadable_document_is_quarantined_with_its_reason_and_the_rest_goes_on(store: StagingStore) -> None:
    broken = doc("broken/truncated.pdf", broken_pdf())
    protected = doc("broken/protected.pdf", release_note_pdf(note("AM-E200", "0101", "01030001", "01020005"), user_password="pw"))
    good = doc("release-notes/acme.pdf", pdf())
    outcome = run(store, [broken, protected, good])

    assert [(q.file, q.sha256, q.detected_kind) for q in outcome.quarantined] == [
        ("broken/protected.pdf", protected.sha256, "pdf"),
        ("broken/truncated.pdf", broken.sha256, "pdf"),
    ]
    reasons = {q.file: q.reason for q in outcome.quarantined}
    assert reasons["broken/protected.pdf"].startswith("encrypted PDF")
    assert reasons["broken/truncated.pdf"].startswith("corrupt PDF")
    assert summary(outcome.claims) == [("release-notes/acme.pdf", "page 1", "01030001", ("01020005",))]
    assert store.documents.cached_extractions([broken.sha256], EXTRACTOR_VERSION).get(broken.sha256) == reasons["broken/truncated.pdf"]


def test_an_unreadable_attachment_is_quarantined_under_its_email(store: StagingStore) -> None:
    data = eml(sender="a@x.example", to="b@y.example", subject="notes", text="See attached.\n",
               attachments=[MailAttachment("old notes.pdf", broken_pdf(), "application/pdf"),
                            MailAttachment("notes.pdf", pdf(), "application/pdf")])  # fmt: skip
    outcome = run(store, [doc("mail.eml", data)])
    assert [(q.file, q.reason[:11]) for q in outcome.quarantined] == [("mail.eml > old notes.pdf", "corrupt PDF")]
    assert [c.evidence.file for c in outcome.claims] == ["mail.eml > notes.pdf"]


def test_a_firpath_defect_is_quarantined_but_not_cached(store: StagingStore, monkeypatch: pytest.MonkeyPatch) -> None:
    real = reading.extract

    def failing(document: Document, limits=None):  # type: ignore[no-untyped-def]
        if document.name == "MAP/paths.csv":
            raise RuntimeError("boom")
        return real(document, limits)

    monkeypatch.setattr(reading, "extract", failing)
    documents = [doc("MAP/paths.csv", map_csv(("10A7", "0101", "0002", "01020000", "01020005"))), doc("acme.pdf", pdf())]
    first = run(store, documents)
    (quarantined,) = first.quarantined
    assert quarantined.file == "MAP/paths.csv"
    assert "RuntimeError: boom" in quarantined.reason and "firpath defect" in quarantined.reason
    assert [c.evidence.file for c in first.claims] == ["acme.pdf"]

    monkeypatch.setattr(reading, "extract", real)  # the fixed release reads the file again
    second = run(store, documents)
    assert second.read == 1
    assert second.quarantined == []
    assert sorted(c.evidence.file for c in second.claims) == ["MAP/paths.csv", "acme.pdf"]


# --- worker processes ---------------------------------------------------------------------------------


def test_two_worker_processes_give_the_same_claims_as_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    submitted: list[str] = []
    real_submit = ProcessReader.submit

    def spy(self: ProcessReader, document: Document):  # type: ignore[no-untyped-def]
        submitted.append(document.name)
        return real_submit(self, document)

    monkeypatch.setattr(ProcessReader, "submit", spy)
    documents = [
        doc("a/acme.pdf", pdf()),
        doc("a/acme hw.pdf", pdf("01020007", "01020005")),
        doc("b/g100.pdf", pdf("01000100", "01000000", "AM-G100", "0102")),
        doc("inbox/mail.eml", mail_with_attachments()),
        doc("MAP/paths.xlsx", map_xlsx(("10A7", "0101", "0002", "01020005", "01020007"))),
        doc("MAP/paths.csv", map_csv(("10A7", "0101", "0002", "01000005", "01020000"))),
        doc("broken/notes.pdf", broken_pdf()),
    ]
    # the mail's notes.pdf and g100 notes.pdf are a/acme.pdf and b/g100.pdf again: 9 distinct, 11 arrivals
    outcomes = []
    for processes, name in ((0, "inline.sqlite"), (2, "two.sqlite")):
        with StagingStore.open("sqlite:///" + str(tmp_path / name)) as store:
            outcomes.append(run(store, documents, processes))
    inline, two = outcomes
    assert len(submitted) == 9  # every distinct document went to the worker processes, once
    assert two.claims == inline.claims
    assert two.quarantined == inline.quarantined
    assert two.names == inline.names
    assert (two.documents, two.read, two.arrivals) == (inline.documents, inline.read, inline.arrivals) == (9, 9, 11)


@pytest.mark.parametrize("chunk_size", [1, 64])
def test_progress_is_reported_per_chunk_until_all_are_done(store: StagingStore, chunk_size: int) -> None:
    """Attachments found on the way raise the total; the last report is all of them done."""
    mail = doc("inbox/mail.eml", mail_with_attachments())
    run_id = store.runs.begin_run("/inbox", {})
    store.documents.record_arrivals(run_id, [mail])[0]
    seen: list[tuple[int, int]] = []
    outcome = extract_documents(
        [mail.ref], store.documents, run_id, InlineReader(), chunk_size=chunk_size,
        on_progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    dones = [done for done, _ in seen]
    assert dones == sorted(dones) and len(set(dones)) == len(dones)
    assert all(done <= total for done, total in seen)
    assert seen[-1] == (outcome.arrivals, outcome.arrivals)
    if chunk_size == 1:
        assert dones == list(range(1, outcome.arrivals + 1))


def test_emails_nested_too_deeply_are_quarantined(store: StagingStore) -> None:
    data = pdf()
    name = "notes.pdf"
    mime = "application/pdf"
    limit = DocumentLimits().attachment_depth
    for depth in range(limit + 1):
        data = eml(sender="a@x.example", to="b@y.example", subject=f"level {depth}", text="Forwarded.\n",
                   attachments=[MailAttachment(name, data, mime)])  # fmt: skip
        name, mime = f"level{depth}.eml", "message/rfc822"
    outcome = run(store, [doc("deep.eml", data)])
    (quarantined,) = outcome.quarantined
    assert quarantined.file.endswith("> notes.pdf")
    assert quarantined.file.count(" > ") == limit + 1
    assert quarantined.reason == f"attachment nested more than {limit} emails deep (FIRPATH_MAX_ATTACHMENT_DEPTH)"
    assert outcome.claims == []


def test_references_are_read_from_the_store_and_cached_ones_not_at_all(store: StagingStore) -> None:
    """Only what must be read is fetched: memory stays flat however large the inbox is."""
    documents = [doc("a/acme.pdf", pdf()), doc("MAP/paths.csv", map_csv(("10A7", "0101", "0002", "01000005", "01020000")))]
    run_id = store.runs.begin_run("/inbox", {})
    for d in documents:
        store.documents.record_arrivals(run_id, [d])[0]
    fetched: list[str] = []
    original = store.documents.contents

    def counting_contents(sha256s: Sequence[str]) -> dict[str, bytes]:
        fetched.extend(sha256s)
        return original(sha256s)

    store.documents.contents = counting_contents  # type: ignore[method-assign]
    first = extract_documents([d.ref for d in documents], store.documents, run_id, InlineReader())
    assert sorted(fetched) == sorted(d.sha256 for d in documents)
    fetched.clear()
    second = extract_documents([d.ref for d in documents], store.documents, run_id, InlineReader())
    assert fetched == [] and second.read == 0
    assert second.claims == first.claims
