"""Reading within the limits: the worker processes stop a document that runs over its time or its
memory and go on with the next; a file over the size limit is never opened; a verdict a limit
decided is cached per set of limits."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from firpath.domain import Document
from firpath.domain.documents import Extraction, Unreadable
from firpath.domain.limits import DocumentLimits
from firpath.runtime.process_reader import ProcessReader
from firpath.stages.extraction import extract_documents
from firpath.stages.ingest import sniff_kind
from firpath.stages.reading import InlineReader, cache_version, verdict_of
from staging.store import StagingStore
from tests.extractors.pdf import hostile_pdfs as hostile

pytestmark = pytest.mark.unit


def doc(name: str, data: bytes) -> Document:
    return Document(name, data, sniff_kind(name, data), Document.sha256_of(data))


@cache
def note() -> Document:
    return doc("notes.pdf", hostile.release_note(table=True))


def stated_bases(verdict: object) -> list[list[str]]:
    assert isinstance(verdict, Extraction), verdict
    return sorted([b.text for b in claim.bases] for claim in verdict.claims)


def test_a_document_over_its_time_is_stopped_and_the_next_one_read() -> None:
    """60,000 pages take pdfium over a second to walk; the limit is half a second."""
    slow = doc("many pages.pdf", hostile.page_count_bomb(60_000))
    limits = DocumentLimits(document_seconds=0.5, pdf_pages=100_000)
    with ProcessReader(1, limits) as reader:
        stopped, after = reader.submit(slow), reader.submit(note())
        verdict = stopped.result()
        assert verdict == Unreadable(
            "reading it took longer than 0.5 s, the limit for one document (FIRPATH_MAX_DOCUMENT_SECONDS); it was stopped",
            limit=True,
        )
        assert stated_bases(after.result()) == [["01020003"], ["01020005"]]


@pytest.fixture(scope="module")
def flate_bomb() -> Document:
    """1 GiB of content stream behind 1 MB of flate data."""
    return doc("bomb.pdf", hostile.decompression_bomb(1024))


def test_a_decompression_bomb_ends_its_worker_not_the_run(flate_bomb: Document) -> None:
    limits = DocumentLimits(reader_memory_mb=768, document_seconds=120)
    with ProcessReader(1, limits) as reader:
        exploded, after = reader.submit(flate_bomb), reader.submit(note())
        verdict = exploded.result()
        assert isinstance(verdict, Unreadable) and verdict.limit and verdict.cacheable
        assert "768 MB a reading process may use (FIRPATH_MAX_READER_MEMORY_MB)" in verdict.reason
        assert stated_bases(after.result()) == [["01020003"], ["01020005"]]


def test_a_file_over_the_size_limit_is_not_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    import firpath.stages.reading as reading

    def never(document: Document) -> Extraction:
        raise AssertionError(f"{document.name} was opened")

    monkeypatch.setattr(reading, "extract", never)
    big = doc("big.pdf", hostile.release_note() + b" " * 2_000_000)
    verdict = verdict_of(big, DocumentLimits(document_mb=1))
    assert verdict == Unreadable(
        "file is 1.9 MB, over the 1 MB limit for one document (FIRPATH_MAX_DOCUMENT_MB); it was not opened", limit=True
    )


def test_worker_processes_and_this_process_give_the_same_verdicts() -> None:
    documents = [note(), doc("broken.pdf", hostile.release_note()[:300]), doc("plain.pdf", hostile.release_note())]
    with ProcessReader(2) as processes:
        in_workers = [processes.submit(d).result() for d in documents]
    assert in_workers == [InlineReader().submit(d).result() for d in documents]
    assert isinstance(in_workers[1], Unreadable) and in_workers[1].reason.startswith("corrupt PDF")


def test_only_verdicts_a_limit_decided_are_kept_per_set_of_limits() -> None:
    strict, lenient = DocumentLimits(pdf_pages=10), DocumentLimits(pdf_pages=20)
    limited = Unreadable("PDF has 11 pages", limit=True)
    assert cache_version(limited, strict) != cache_version(limited, lenient)
    assert cache_version(Unreadable("corrupt PDF"), strict) == cache_version(Unreadable("corrupt PDF"), lenient)
    assert cache_version(Extraction(), strict) == cache_version(None, lenient)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StagingStore]:
    with StagingStore.open(f"sqlite:///{tmp_path / 's.sqlite'}") as opened:
        yield opened


def _run(store: StagingStore, documents: list[Document], limits: DocumentLimits):  # noqa: ANN202
    run_id = store.runs.begin_run("/inbox", {})
    store.documents.record_arrivals(run_id, documents)
    return extract_documents(documents, store.documents, run_id, InlineReader(limits))


def test_a_raised_limit_reads_again_what_the_old_one_refused(store: StagingStore) -> None:
    twelve = doc("twelve pages.pdf", hostile.page_count_bomb(12))
    strict = _run(store, [twelve], DocumentLimits(pdf_pages=10))
    assert [q.reason for q in strict.quarantined] == [
        "PDF has 12 pages, over the 10-page limit for one document (FIRPATH_MAX_PDF_PAGES)"
    ]
    again = _run(store, [twelve], DocumentLimits(pdf_pages=10))
    assert again.read == 0 and again.quarantined == strict.quarantined  # same limits: the verdict stands
    raised = _run(store, [twelve], DocumentLimits(pdf_pages=20))
    assert raised.read == 1
    assert [q.reason for q in raised.quarantined] == [
        "PDF has no text layer on any of its 12 page(s) (a scan?), and OCR found no text on its pages either; "
        "ask the sender for a text copy"
    ]
