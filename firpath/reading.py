"""Reading one document, within its limits: the verdict is its extraction or why it cannot be read.

Documents are read in worker processes (`ProcessReader`), not threads: parsing holds the GIL, and a
process is what the operating system can bound. Each worker's address space is capped (a
decompression bomb fails there with a MemoryError, not by exhausting the machine), and a worker
still reading a document when its time is up is ended and replaced (pebble) while the rest of the
run goes on. `InlineReader` reads in the calling process, without those two bounds: for tests, and
for a Dask worker (whose nanny bounds its memory).
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from concurrent.futures import Future, TimeoutError
from dataclasses import dataclass
from typing import Protocol

from extractors import EXTRACTOR_VERSION, Extraction, UnreadableDocument, extract
from extractors.base import LimitExceeded
from firpath.domain import Document
from firpath.limits import MIB, DocumentLimits, enforcing, setting_name


@dataclass(frozen=True)
class Unreadable:
    reason: str
    cacheable: bool = True  # False for a firpath defect: a fixed release must read the file again
    limit: bool = False  # a limit stopped the reading: with other limits it may read (see cache_version)


Verdict = Extraction | Unreadable


def cache_version(verdict: Verdict | None, limits: DocumentLimits) -> str:
    """The version a verdict is cached under. A verdict that a limit decided is kept per set of
    limits, so raising a limit reads the document again, and keeping them does not."""
    if isinstance(verdict, Unreadable) and verdict.limit:
        return f"{EXTRACTOR_VERSION}/limits {limits.fingerprint()}"
    return EXTRACTOR_VERSION


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
        with enforcing(limits):
            return extract(document)
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
    """`processes` worker processes, started with the first document (a run that finds everything in
    the cache starts none) and kept for the whole run; each document is one task, with the time limit."""

    def __init__(self, processes: int, limits: DocumentLimits | None = None) -> None:
        from pebble import ProcessPool

        if processes < 1:
            raise ValueError(f"a reader needs at least one process, not {processes}")
        self.limits = limits or DocumentLimits()
        self.processes = processes
        # spawn, not fork: the parent runs Prefect's threads, and forking a threaded process can deadlock
        self._pool = ProcessPool(
            max_workers=processes, initializer=_start_worker, initargs=(self.limits.reader_memory_bytes,),
            context=multiprocessing.get_context("spawn"),
        )  # fmt: skip

    def submit(self, document: Document) -> PendingVerdict:
        seconds = self.limits.document_seconds
        return _ProcessVerdict(self._pool.schedule(verdict_of, args=(document, self.limits), timeout=seconds), self.limits)

    def close(self) -> None:
        self._pool.stop()
        self._pool.join()

    def __enter__(self) -> ProcessReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_reader(processes: int, limits: DocumentLimits | None = None) -> InlineReader | ProcessReader:
    """`processes` worker processes, or the calling process itself for 0."""
    return InlineReader(limits) if processes == 0 else ProcessReader(processes, limits)


@dataclass(frozen=True)
class _ProcessVerdict:
    future: Future[Verdict]
    limits: DocumentLimits

    def result(self) -> Verdict:
        from pebble import ProcessExpired

        try:
            return self.future.result()
        except TimeoutError:
            return Unreadable(
                f"reading it took longer than {self.limits.document_seconds:g} s, the limit for one document "
                f"({setting_name('document_seconds')}); it was stopped",
                limit=True,
            )
        except ProcessExpired as exc:
            return Unreadable(
                f"the process reading it ended abruptly ({_exit_text(exc.exitcode)}): the document may be "
                f"malformed, or need more than the {self.limits.reader_memory_mb:g} MB a reading process may "
                f"use ({setting_name('reader_memory_mb')})",
                limit=True,
            )


def _exit_text(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            pass
    return f"exit code {exitcode}"


def _start_worker(memory_bytes: int) -> None:
    """In each worker: cap the address space, then import the extractors once (not per document)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    import extractors.mail  # noqa: F401
    import extractors.pdf  # noqa: F401
    import extractors.spreadsheet  # noqa: F401
