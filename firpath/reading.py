"""Reading one document, within its limits: the verdict is its extraction or why it cannot be read.

Documents are read in worker processes (`ProcessReader`), not threads: parsing holds the GIL, and a
process is what the operating system can bound. Each worker's address space is capped (a
decompression bomb fails there with a MemoryError, not by exhausting the machine), and a worker
still reading a document when its time is up is ended and replaced (firpath.worker_pool) while the
rest of the run goes on. `InlineReader` reads in the calling process, without those two bounds: for
tests, and for a Dask worker (whose nanny bounds its memory).
"""

from __future__ import annotations

import resource
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol

from extractors import EXTRACTOR_VERSION, Extraction, UnreadableDocument, extract
from extractors.base import LimitExceeded
from firpath.domain import Document
from firpath.limits import MIB, DocumentLimits, setting_name
from firpath.worker_pool import Died, Done, TimedOut, WorkerPool, exit_text


@dataclass(frozen=True)
class Unreadable:
    reason: str
    cacheable: bool = True  # False for a firpath defect: a fixed release must read the file again
    limit: bool = False  # a limit stopped the reading: with other limits it may read (see cache_version)


Verdict = Extraction | Unreadable


def cache_version(verdict: Verdict | None, limits: DocumentLimits) -> str:
    """The version a verdict is cached under. A verdict that a limit decided is kept per set of
    limits (`limits_cache_version`), so raising a limit reads the document again, and keeping them
    does not; any other verdict (or, for None, the lookup of one) is kept per extractor version."""
    if isinstance(verdict, Unreadable) and verdict.limit:
        return limits_cache_version(limits)
    return EXTRACTOR_VERSION


def limits_cache_version(limits: DocumentLimits) -> str:
    return f"{EXTRACTOR_VERSION}/limits {limits.fingerprint()}"


def too_large(size: int, limits: DocumentLimits) -> Unreadable | None:
    if size <= limits.document_bytes:
        return None
    return Unreadable(
        f"file is {size / MIB:,.1f} MB, over the {limits.document_mb:g} MB limit for one document "
        f"({setting_name('document_mb')}); it was not opened",
        limit=True,
    )


def verdict_of(document: Document, limits: DocumentLimits) -> Verdict:
    """The document's extraction, or why it cannot be read; never raises, so one bad file never stops
    a run."""
    if refused := too_large(len(document.data), limits):
        return refused
    try:
        return extract(document, limits)
    except LimitExceeded as exc:
        return Unreadable(str(exc), limit=True)
    except UnreadableDocument as exc:
        return Unreadable(str(exc))
    except RecursionError:
        return Unreadable("document is nested too deeply to read")
    except MemoryError:
        return Unreadable(
            f"reading it needed more than the {limits.reader_memory_mb:g} MB a reading process may use "
            f"({setting_name('reader_memory_mb')}): a decompression bomb, or a document too large to read",
            limit=True,
        )
    except Exception as exc:  # the boundary of untrusted input: record, quarantine, go on
        return Unreadable(
            f"firpath could not read it ({type(exc).__name__}: {exc}); this is a firpath defect, please report it",
            cacheable=False,
        )


class PendingVerdict(Protocol):
    def result(self) -> Verdict: ...


class Reader(Protocol):
    """Where documents are read: `submit` returns at once; `result()` waits for the verdict."""

    limits: DocumentLimits

    def submit(self, document: Document) -> PendingVerdict: ...

    def close(self) -> None: ...


class InlineReader:
    """Reads each document in this process as it is submitted (no time or memory bound)."""

    def __init__(self, limits: DocumentLimits | None = None) -> None:
        self.limits = limits or DocumentLimits()

    def submit(self, document: Document) -> PendingVerdict:
        future: Future[Verdict] = Future()
        future.set_result(verdict_of(document, self.limits))
        return future

    def close(self) -> None:
        pass

    def __enter__(self) -> InlineReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class ProcessReader:
    """`processes` worker processes (firpath.worker_pool), started as documents arrive (a run that
    finds everything in the cache starts none) and kept for the whole run; each document is one
    task, ended with its worker when it runs over its time."""

    def __init__(self, processes: int, limits: DocumentLimits | None = None) -> None:
        if processes < 1:
            raise ValueError(f"a reader needs at least one process, not {processes}")
        self.limits = limits or DocumentLimits()
        self.processes = processes
        self._pool = WorkerPool(processes, _start_worker, (self.limits.reader_memory_bytes,), self.limits.document_seconds)

    def submit(self, document: Document) -> PendingVerdict:
        return _ProcessVerdict(self._pool, document, self.limits, self._pool.submit(_read, (document, self.limits)))

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> ProcessReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_reader(processes: int, limits: DocumentLimits | None = None) -> InlineReader | ProcessReader:
    """`processes` worker processes, or the calling process itself for 0."""
    return InlineReader(limits) if processes == 0 else ProcessReader(processes, limits)


@dataclass
class _ProcessVerdict:
    """A document's verdict to come from a worker. A worker that dies while reading it (killed from
    outside, as the kernel's OOM killer does, or by the document) is replaced and the document read
    once more: only a second death is the document's verdict."""

    pool: WorkerPool
    document: Document
    limits: DocumentLimits
    ticket: int

    def result(self) -> Verdict:
        outcome = self.pool.result(self.ticket)
        if isinstance(outcome, Died):
            outcome = self.pool.result(self.pool.submit(_read, (self.document, self.limits)))
        if isinstance(outcome, Done):
            return outcome.value
        if isinstance(outcome, TimedOut):
            return Unreadable(
                f"reading it took longer than {self.limits.document_seconds:g} s, the limit for one document "
                f"({setting_name('document_seconds')}); it was stopped",
                limit=True,
            )
        if isinstance(outcome, Died):
            return Unreadable(
                f"the process reading it ended abruptly, twice ({exit_text(outcome.exitcode)}): the document may "
                f"be malformed, or need more than the {self.limits.reader_memory_mb:g} MB a reading process may "
                f"use ({setting_name('reader_memory_mb')})",
                limit=True,
            )
        return Unreadable(
            f"firpath could not read it ({outcome.error}); this is a firpath defect, please report it", cacheable=False
        )


def _read(task: tuple[Document, DocumentLimits]) -> Verdict:
    """The task a worker runs (importable by name, as a spawned worker needs)."""
    return verdict_of(*task)


def _start_worker(memory_bytes: int) -> None:
    """In each worker: cap the address space, then import the extractors once (not per document)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    import extractors.mail  # noqa: F401
    import extractors.pdf  # noqa: F401
    import extractors.spreadsheet  # noqa: F401
