"""Extract every received document once: cached by content hash, attachments followed, failures
quarantined with their reason.

Plain Python, called by the extract task. Documents are taken in waves (the received files, then
the attachments found in them, and so on) and each wave in batches. A batch is looked up in the
cache, what is new is read by a `Reader` (worker processes, within the per-document limits: see
`firpath.stages.reading`), and the verdicts are saved, each step one store call for the whole batch. The
next batches are already being read while one batch's verdicts are saved.

The same ledger serves a Dask cluster, where batches are tasks of their own (`extract_in_waves`
with the flow's `read_batches`; `read_batch` is the part such a task runs).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, TypeVar

from firpath.domain import Claim, Document, DocumentRef
from firpath.domain.documents import DocumentNotice, Extraction, QuarantinedDocument, Unreadable
from firpath.domain.limits import DocumentLimits, setting_name, too_large
from firpath.stages.ingest import attachment_document
from firpath.stages.reading import PendingVerdict, Reader, cache_version, limits_cache_version

# Documents in a batch: store calls are per batch, and a killed run loses at most the batches being
# read; only the batches in flight have their bytes in memory.
CHUNK_SIZE = 16
READ_AHEAD = 4  # batches being read while the one before is saved: enough to keep the workers busy

D = TypeVar("D", Document, DocumentRef)


class ExtractionCache(Protocol):
    """What extraction needs of the staging store (`staging.documents.DocumentCache`), one call per batch."""

    def record_arrivals(self, run_id: str, batch: Sequence[Document]) -> list[bool]: ...
    def cached_extractions(self, sha256s: Sequence[str], extractor_version: str) -> dict[str, Extraction | str]: ...
    def save_verdicts(self, verdicts: Sequence[tuple[str, str, Extraction | str]]) -> None: ...
    def contents(self, sha256s: Sequence[str]) -> dict[str, bytes]: ...


@dataclass
class ExtractionOutcome:
    claims: list[Claim] = field(default_factory=list)
    quarantined: list[QuarantinedDocument] = field(default_factory=list)
    documents: int = 0  # distinct documents (attachments included) this run covers
    read: int = 0  # of which read now (the rest came from the cache)
    arrivals: int = 0  # files and attachments received, duplicates included
    names: dict[str, list[str]] = field(default_factory=dict)  # sha256 -> every name it arrived under
    notices: list[DocumentNotice] = field(default_factory=list)  # of documents read, as first received


def extract_documents(
    documents: Iterable[Document | DocumentRef],
    cache: ExtractionCache,
    run_id: str,
    reader: Reader,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
    refused: Iterable[QuarantinedDocument] = (),
) -> ExtractionOutcome:
    """Claims of every document and (recursively) of its attachments, read by `reader`.

    Only a few batches' bytes are in memory at once (a DocumentRef's bytes are fetched from the
    store when it is to be read, and not at all when its extraction is cached). A document already
    read by this extractor version is not read again; both arrivals of a document received twice
    are recorded, but it is extracted once. `refused`: inbox files ingest would not store (too
    large), quarantined with the rest.
    """

    def read_batches(batches: list[list[Document | DocumentRef]]) -> Iterator[BatchResult]:
        return read_batches_ahead(batches, cache, reader)

    return extract_in_waves(documents, cache, run_id, read_batches, reader.limits, batch_size=chunk_size,
                            on_progress=on_progress, refused=refused)  # fmt: skip


def extract_in_waves(
    documents: Iterable[D],
    cache: ExtractionCache,
    run_id: str,
    read_batches: Callable[[list[list[D]]], Iterable[BatchResult]],
    limits: DocumentLimits,
    *,
    batch_size: int = CHUNK_SIZE,
    on_progress: Callable[[int, int], None] | None = None,
    refused: Iterable[QuarantinedDocument] = (),
) -> ExtractionOutcome:
    """The outcome of reading `documents` in waves of independent batches.

    The first wave is the documents received, the next the attachments found in it, and so on.
    `read_batches` reads a wave's batches (in parallel, anywhere: each needs only the store, see
    `read_batch`) and yields their results in batch order; arrivals, duplicates and attachments are
    dealt with here, in one place and in order, so the claims, quarantine, names and counts do not
    depend on how the documents were cut into batches nor on where the batches were read.
    """
    ledger = ExtractionLedger(cache, run_id, limits)
    ledger.outcome.quarantined.extend(refused)
    wave: list = list(documents)
    while wave:
        batches = ledger.batches(wave, batch_size)
        unread = sum(len(batch) for batch in batches)
        found: list[DocumentRef] = []
        for batch, result in zip(batches, read_batches(batches), strict=True):
            # an attachment's content was stored when its arrival was recorded: only references wait
            found.extend(attachment.ref for attachment in ledger.absorb(batch, result))
            unread -= len(batch)
            if on_progress:  # arrivals dealt with, of those known
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


@dataclass
class _BatchInProgress:
    cached: dict[str, Extraction | str]
    reading: list[tuple[str, PendingVerdict]]  # sha256 and its verdict to come, in batch order


def start_batch(batch: Sequence[Document | DocumentRef], cache: ExtractionCache, reader: Reader) -> _BatchInProgress:
    """Look the batch up in the cache and hand what is new to the reader (which starts at once)."""
    shas = [item.sha256 for item in batch]
    cached = cache.cached_extractions(shas, cache_version(None, reader.limits))
    if missed := [sha for sha in shas if sha not in cached]:  # verdicts a limit decided, under these limits
        cached.update(cache.cached_extractions(missed, limits_cache_version(reader.limits)))
    new = [item for item in batch if item.sha256 not in cached]
    content = cache.contents([item.sha256 for item in new if not isinstance(item, Document)])
    reading = [
        (item.sha256, reader.submit(item if isinstance(item, Document) else item.with_data(content[item.sha256])))
        for item in new
    ]
    return _BatchInProgress(cached, reading)


def finish_batch(started: _BatchInProgress, cache: ExtractionCache, limits: DocumentLimits) -> BatchResult:
    """Wait for the batch's verdicts and cache them (one transaction)."""
    results: dict[str, Extraction | str] = dict(started.cached)
    to_save: list[tuple[str, str, Extraction | str]] = []
    for sha256, pending in started.reading:
        verdict = pending.result()
        if isinstance(verdict, Unreadable):
            results[sha256] = verdict.reason
            if verdict.cacheable:
                to_save.append((sha256, cache_version(verdict, limits), verdict.reason))
        else:
            results[sha256] = verdict
            to_save.append((sha256, cache_version(verdict, limits), verdict))
    cache.save_verdicts(to_save)
    return BatchResult(results, len(started.reading))


def read_batch(batch: Sequence[Document | DocumentRef], cache: ExtractionCache, reader: Reader) -> BatchResult:
    """Each document's extraction: from the cache, else read now and cached.

    Nothing else: no arrival is recorded and no attachment followed (see ExtractionLedger), so
    batches of one wave can be read at once, in any order, by any process that reaches the store.
    """
    return finish_batch(start_batch(batch, cache, reader), cache, reader.limits)


def read_batches_ahead(
    batches: Iterable[Sequence[Document | DocumentRef]], cache: ExtractionCache, reader: Reader, ahead: int = READ_AHEAD
) -> Iterator[BatchResult]:
    """`read_batch` of each batch, in order, with the next `ahead` batches being read meanwhile, so
    the reader's processes do not wait while a batch's verdicts are saved."""
    started: deque[_BatchInProgress] = deque()
    for batch in batches:
        started.append(start_batch(batch, cache, reader))
        if len(started) > ahead:
            yield finish_batch(started.popleft(), cache, reader.limits)
    while started:
        yield finish_batch(started.popleft(), cache, reader.limits)


class ExtractionLedger:
    """One run's bookkeeping, whoever reads the documents: arrivals and names, which contents were
    seen already, how deeply each attachment is nested, and the outcome so far.

    Documents are received, and their batches absorbed, in one order (received files first, then
    attachments as they are found); the outcome depends on that order only, not on how the
    documents were cut into batches nor on where the batches were read.
    """

    def __init__(self, cache: ExtractionCache, run_id: str, limits: DocumentLimits) -> None:
        self._cache = cache
        self._run_id = run_id
        self._limits = limits
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
        too_deep: list[Document] = []
        for item in batch:
            result = read.results[item.sha256]
            outcome.documents += 1
            if isinstance(result, str):
                outcome.quarantined.append(QuarantinedDocument(item.name, item.sha256, item.kind.value, result))
                continue
            # a cached extraction names the file as it was first received: name it as received now
            outcome.claims.extend(replace(c, evidence=replace(c.evidence, file=item.name)) for c in result.claims)
            outcome.notices.extend(DocumentNotice(item.name, item.sha256, notice) for notice in result.notices)
            level = self._depth.get(item.sha256, 0) + 1
            for attachment in result.attachments:
                child = attachment_document(item, attachment.name, attachment.data)
                if level > self._limits.attachment_depth:
                    too_deep.append(child)
                elif refused := too_large(len(child.data), self._limits):  # never stored, as a refused inbox file
                    outcome.quarantined.append(QuarantinedDocument(child.name, child.sha256, child.kind.value, refused.reason))
                else:
                    self._depth.setdefault(child.sha256, level)
                    found.append(child)
        # Attachments too deep are stored and counted like any, so that the email's cached reading
        # finds every attachment it names; they are quarantined, not read.
        self._cache.record_arrivals(self._run_id, found + too_deep)  # inbox files were recorded by ingest
        reason = f"attachment nested more than {self._limits.attachment_depth} emails deep ({setting_name('attachment_depth')})"
        for child in too_deep:
            if self.receive(child):
                outcome.documents += 1
                outcome.quarantined.append(QuarantinedDocument(child.name, child.sha256, child.kind.value, reason))
        return found

    def finish(self) -> ExtractionOutcome:
        self.outcome.quarantined.sort(key=lambda q: q.file)
        return self.outcome
