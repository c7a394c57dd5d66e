"""Documents read in worker processes, bounded by the operating system.

Processes, not threads: parsing holds the GIL, and a process is what the operating system can bound.
Each worker's address space is capped (a decompression bomb fails there with a MemoryError, not by
exhausting the machine), and a worker still reading a document when its time is up is ended and
replaced (`firpath.runtime.worker_pool`) while the rest of the run goes on.
"""

from __future__ import annotations

import gc
import resource
from dataclasses import dataclass

from firpath.domain import Document
from firpath.domain.documents import Unreadable, Verdict
from firpath.domain.limits import DocumentLimits, setting_name
from firpath.runtime.worker_pool import Died, Done, TimedOut, WorkerPool, exit_text
from firpath.stages.reading import InlineReader, PendingVerdict, verdict_of


class ProcessReader:
    """`processes` worker processes (firpath.runtime.worker_pool), started as documents arrive (a run that
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
    """In each worker: cap the address space, then import the extractors once (not per document).
    The modules live as long as the worker: the garbage collector is held off while they load, and
    leaves them out of its full passes after (gc.freeze). Reading makes few reference cycles, and
    most of what it allocates is freed as soon as it is used: the collector's youngest generation
    is collected after 10,000 net allocations rather than 700 (a cold run of the benchmark corpus:
    about 20 collections a worker instead of about 340, 0.06 s instead of 0.16 s)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    gc.disable()
    try:
        import extractors.mail  # noqa: F401
        import extractors.pdf  # noqa: F401
        import extractors.spreadsheet  # noqa: F401
    finally:
        gc.freeze()
        gc.set_threshold(10_000, 20, 20)
        gc.enable()
