"""Extract every received document once: cached by content hash, attachments followed, failures
quarantined with their reason.

Plain Python, called by the `extract` flow. Documents are read in worker processes when there are
enough of them to pay for the workers' start-up (pdfplumber holds the GIL; threads would not help).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Protocol

from extractors import EXTRACTOR_VERSION, Extraction, UnreadableDocument, extract
from firpath.domain import Claim, Document, DocumentRef
from firpath.ingest import attachment_document
from firpath.outputs import QuarantinedDocument

MAX_ATTACHMENT_DEPTH = 8  # an email inside an email inside ...: deeper nesting is quarantined
PARALLEL_THRESHOLD = 6  # fewer documents than this are read in-process
CHUNK_SIZE = 64  # documents whose bytes are in memory at once


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
    outcome = ExtractionOutcome()
    seen: set[str] = set()
    depth: dict[str, int] = {}
    pending: deque[Document | DocumentRef] = deque(documents)
    total = len(pending)
    while pending:
        batch: list[Document | DocumentRef] = []
        while pending and len(batch) < chunk_size:
            item = pending.popleft()
            outcome.arrivals += 1
            outcome.names.setdefault(item.sha256, []).append(item.name)
            if item.sha256 not in seen:
                seen.add(item.sha256)
                batch.append(item)
        results: dict[str, Extraction | str] = {}
        to_read: list[Document] = []
        for item in batch:
            cached = cache.cached_extraction(item.sha256, EXTRACTOR_VERSION)
            if cached is not None:
                results[item.sha256] = cached
            else:
                to_read.append(item if isinstance(item, Document) else item.with_data(cache.content(item.sha256)))
        for document, result in zip(to_read, _read_all(to_read, workers)):
            if isinstance(result, Unreadable):
                results[document.sha256] = result.reason
                if result.cacheable:
                    cache.save_quarantine(document.sha256, EXTRACTOR_VERSION, result.reason)
            else:
                results[document.sha256] = result
                cache.save_extraction(document.sha256, EXTRACTOR_VERSION, result)
        outcome.read += len(to_read)
        del to_read  # the chunk's bytes go now, not at the next chunk
        for item in batch:
            result = results[item.sha256]
            outcome.documents += 1
            if isinstance(result, str):
                outcome.quarantined.append(QuarantinedDocument(item.name, item.sha256, item.kind.value, result))
                continue
            # a cached extraction names the file as it was first received: name it as received now
            outcome.claims.extend(replace(c, evidence=replace(c.evidence, file=item.name)) for c in result.claims)
            level = depth.get(item.sha256, 0) + 1
            for attachment in result.attachments:
                child = attachment_document(item, attachment.name, attachment.data)
                if level > MAX_ATTACHMENT_DEPTH:
                    outcome.quarantined.append(
                        QuarantinedDocument(child.name, child.sha256, child.kind.value,
                                            f"attachment nested more than {MAX_ATTACHMENT_DEPTH} emails deep")  # fmt: skip
                    )
                    continue
                cache.record_arrival(run_id, child)  # inbox files were recorded by ingest
                depth.setdefault(child.sha256, level)
                pending.append(child)
                total += 1
        if on_progress:
            on_progress(outcome.arrivals, total)
    outcome.quarantined.sort(key=lambda q: q.file)
    return outcome
