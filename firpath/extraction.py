"""Extract every received document once: cached by content hash, attachments followed, failures
quarantined with their reason.

Plain Python, called by the `extract` flow. Documents are read in worker processes when there are
enough of them to pay for the workers' start-up (pdfplumber holds the GIL; threads would not help).
On a Dask cluster the flow reads batches as tasks of their own instead (`extract_in_waves`):
`read_batch` is the part a task runs, `ExtractionLedger` the part that stays with the flow.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Protocol, TypeVar

from extractors import EXTRACTOR_VERSION, Extraction, UnreadableDocument, extract
from firpath.domain import Claim, Document, DocumentRef
from firpath.ingest import attachment_document
from firpath.outputs import QuarantinedDocument

MAX_ATTACHMENT_DEPTH = 8  # an email inside an email inside ...: deeper nesting is quarantined
PARALLEL_THRESHOLD = 6  # fewer documents than this are read in-process
CHUNK_SIZE = 64  # documents whose bytes are in memory at once

D = TypeVar("D", Document, DocumentRef)


class ExtractionCache(Protocol):
    def record_arrival(self, run_id: str, document: Document) -> bool: ...
    def cached_extraction(self, sha256: str, extractor_version: str) -> Extraction | str | None: ...
    def save_extraction(self, sha256: str, extractor_version: str, extraction: Extraction) -> None: ...
    def save_quarantine(self, sha256: str, extractor_version: str, reason: str) -> None: ...
    def content(self, sha256: str) -> bytes: ...


@dataclass
class ExtractionOutcome:
    claims: list[Claim] = field(default_factory=list)
    quarantined: list[QuarantinedDocument] = field(default_factory=list)
    documents: int = 0  # distinct documents (attachments included) this run covers
    read: int = 0  # of which read now (the rest came from the cache)
    arrivals: int = 0  # files and attachments received, duplicates included
    names: dict[str, list[str]] = field(default_factory=dict)  # sha256 -> every name it arrived under


@dataclass(frozen=True)
class Unreadable:
    reason: str
    cacheable: bool = True  # False for a firpath defect: a fixed release must read the file again


def extraction_or_reason(document: Document) -> Extraction | Unreadable:
    """The document's extraction, or why it cannot be read; never raises, so one bad file never
    stops a run."""
    try:
        return extract(document)
    except UnreadableDocument as exc:
        return Unreadable(str(exc))
    except RecursionError:
        return Unreadable("document is nested too deeply to read")
    except MemoryError:
        return Unreadable("document is too large to read in memory")
    except Exception as exc:  # the boundary of untrusted input: record, quarantine, go on
        return Unreadable(
            f"firpath could not read it ({type(exc).__name__}: {exc}); this is a firpath defect, please report it",
            cacheable=False,
        )


def _read_all(documents: Sequence[Document], max_workers: int) -> list[Extraction | Unreadable]:
    if max_workers <= 1 or len(documents) < PARALLEL_THRESHOLD:
        return [extraction_or_reason(d) for d in documents]
    # spawn, not fork: the parent runs Prefect's threads, and forking a threaded process can deadlock
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max_workers, mp_context=context) as pool:
        return list(pool.map(extraction_or_reason, documents, chunksize=max(1, len(documents) // (4 * max_workers))))


def extract_documents(
    documents: Iterable[Document | DocumentRef],
    cache: ExtractionCache,
    run_id: str,
    *,
    max_workers: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> ExtractionOutcome:
    """Claims of every document and (recursively) of its attachments.

    Documents go through in chunks: only a chunk's bytes are in memory at once (a DocumentRef's
    bytes are fetched from the store when it is read, and not at all when its extraction is
    cached). A document already read by this extractor version is not read again; both arrivals
    of a document received twice are recorded, but it is extracted once.
    """
    workers = max_workers if max_workers is not None else (os.cpu_count() or 1)
    ledger = ExtractionLedger(cache, run_id)
    pending: deque[Document | DocumentRef] = deque(documents)
    total = len(pending)
    while pending:
        batch: list[Document | DocumentRef] = []
        while pending and len(batch) < chunk_size:
            item = pending.popleft()
            if ledger.receive(item):
                batch.append(item)
        attachments = ledger.absorb(batch, read_batch(batch, cache, workers))
        pending.extend(attachments)
        total += len(attachments)
        if on_progress:
            on_progress(ledger.outcome.arrivals, total)
    return ledger.finish()


def extract_in_waves(
    documents: Iterable[DocumentRef],
    cache: ExtractionCache,
    run_id: str,
    read_batches: Callable[[list[list[DocumentRef]]], Iterable[BatchResult]],
    *,
    batch_size: int = CHUNK_SIZE,
    on_progress: Callable[[int, int], None] | None = None,
) -> ExtractionOutcome:
    """The outcome of `extract_documents`, with the reading done in waves of independent batches.

    The first wave is the documents received, the next the attachments found in it, and so on.
    Batches are references only (their bytes are in the store), as they may go to other machines.
    `read_batches` reads a wave's batches (in parallel, anywhere: each needs only the store, see
    `read_batch`) and yields their results in batch order; arrivals, duplicates and attachments are
    dealt with here, in one place and in order. The documents are taken in the very order
    `extract_documents` takes them (received first, then attachments in the order they were found),
    so the claims, quarantine, names and counts are the same.
    """
    ledger = ExtractionLedger(cache, run_id)
    wave = list(documents)
    while wave:
        batches = ledger.batches(wave, batch_size)
        unread = sum(len(batch) for batch in batches)
        found: list[DocumentRef] = []
        for batch, result in zip(batches, read_batches(batches), strict=True):
            # an attachment's content was stored when its arrival was recorded: only references wait
            found.extend(attachment.ref for attachment in ledger.absorb(batch, result))
            unread -= len(batch)
            if on_progress:  # arrivals dealt with, of those known (as extract_documents counts them)
                on_progress(ledger.outcome.arrivals - unread, ledger.outcome.arrivals + len(found))
        if on_progress and not batches:  # a wave of duplicates only
            on_progress(ledger.outcome.arrivals, ledger.outcome.arrivals)
        wave = found
    return ledger.finish()


@dataclass(frozen=True)
class BatchResult:
    """What one batch gave: each document's extraction, or the reason it is quarantined, by sha256."""

    results: dict[str, Extraction | str]
    read: int  # documents read now; the others came from the cache


def read_batch(batch: Sequence[Document | DocumentRef], cache: ExtractionCache, max_workers: int = 1) -> BatchResult:
    """Each document's extraction: from the cache, else read now and cached.

    Nothing else: no arrival is recorded and no attachment followed (see ExtractionLedger), so
    batches of one wave can be read at once, in any order, by any process that reaches the store.
    """
    results: dict[str, Extraction | str] = {}
    to_read: list[Document] = []
    for item in batch:
        cached = cache.cached_extraction(item.sha256, EXTRACTOR_VERSION)
        if cached is not None:
            results[item.sha256] = cached
        else:
            to_read.append(item if isinstance(item, Document) else item.with_data(cache.content(item.sha256)))
    for document, result in zip(to_read, _read_all(to_read, max_workers)):
        if isinstance(result, Unreadable):
            results[document.sha256] = result.reason
            if result.cacheable:
                cache.save_quarantine(document.sha256, EXTRACTOR_VERSION, result.reason)
        else:
            results[document.sha256] = result
            cache.save_extraction(document.sha256, EXTRACTOR_VERSION, result)
    return BatchResult(results, len(to_read))  # the batch's bytes go with `to_read`, on return


class ExtractionLedger:
    """One run's bookkeeping, whoever reads the documents: arrivals and names, which contents were
    seen already, how deeply each attachment is nested, and the outcome so far.

    Documents are received, and their batches absorbed, in one order (received files first, then
    attachments as they are found); the outcome depends on that order only, not on how the
    documents were cut into batches nor on where the batches were read.
    """

    def __init__(self, cache: ExtractionCache, run_id: str) -> None:
        self._cache = cache
        self._run_id = run_id
        self._seen: set[str] = set()
        self._depth: dict[str, int] = {}
        self.outcome = ExtractionOutcome()

    def receive(self, item: Document | DocumentRef) -> bool:
        """Count an arrival; True if its content is new to this run (to be read), False for a duplicate."""
        self.outcome.arrivals += 1
        self.outcome.names.setdefault(item.sha256, []).append(item.name)
        if item.sha256 in self._seen:
            return False
        self._seen.add(item.sha256)
        return True

    def batches(self, wave: Iterable[D], batch_size: int) -> list[list[D]]:
        """Receive a whole wave; its new contents in batches of `batch_size`, in order."""
        if batch_size < 1:
            raise ValueError(f"batch size must be at least 1, not {batch_size}")
        new = [item for item in wave if self.receive(item)]
        return [new[i : i + batch_size] for i in range(0, len(new), batch_size)]

    def absorb(self, batch: Sequence[Document | DocumentRef], read: BatchResult) -> list[Document]:
        """Claims and quarantines of a batch that was read, in batch order. Returns the attachments
        found, their arrivals recorded: they are to be received after everything received so far."""
        outcome = self.outcome
        outcome.read += read.read
        found: list[Document] = []
        for item in batch:
            result = read.results[item.sha256]
            outcome.documents += 1
            if isinstance(result, str):
                outcome.quarantined.append(QuarantinedDocument(item.name, item.sha256, item.kind.value, result))
                continue
            # a cached extraction names the file as it was first received: name it as received now
            outcome.claims.extend(replace(c, evidence=replace(c.evidence, file=item.name)) for c in result.claims)
            level = self._depth.get(item.sha256, 0) + 1
            for attachment in result.attachments:
                child = attachment_document(item, attachment.name, attachment.data)
                if level > MAX_ATTACHMENT_DEPTH:
                    outcome.quarantined.append(
                        QuarantinedDocument(child.name, child.sha256, child.kind.value,
                                            f"attachment nested more than {MAX_ATTACHMENT_DEPTH} emails deep")  # fmt: skip
                    )
                    continue
                self._cache.record_arrival(self._run_id, child)  # inbox files were recorded by ingest
                self._depth.setdefault(child.sha256, level)
                found.append(child)
        return found

    def finish(self) -> ExtractionOutcome:
        self.outcome.quarantined.sort(key=lambda q: q.file)
        return self.outcome
