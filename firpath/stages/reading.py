"""Reading one document, within its limits: the verdict is its extraction or why it cannot be read.

`verdict_of` never raises: one bad file never stops a run. A `Reader` is where documents are read:
`InlineReader` here reads in the calling process (tests, a Dask worker whose nanny bounds its
memory); `firpath.runtime.process_reader.ProcessReader` reads in worker processes that the operating
system bounds in time and memory.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Protocol

from extractors import EXTRACTOR_VERSION, extract
from extractors.pdf.ocr import OcrUnavailable
from firpath.domain import Document
from firpath.domain.documents import LimitExceeded, Unreadable, UnreadableDocument, Verdict
from firpath.domain.limits import DocumentLimits, setting_name, too_large


def cache_version(verdict: Verdict | None, limits: DocumentLimits) -> str:
    """The version a verdict is cached under. A verdict that a limit decided is kept per set of
    limits (`limits_cache_version`), so raising a limit reads the document again, and keeping them
    does not; any other verdict (or, for None, the lookup of one) is kept per extractor version."""
    if isinstance(verdict, Unreadable) and verdict.limit:
        return limits_cache_version(limits)
    return EXTRACTOR_VERSION


def limits_cache_version(limits: DocumentLimits) -> str:
    return f"{EXTRACTOR_VERSION}/limits {limits.fingerprint()}"


def verdict_of(document: Document, limits: DocumentLimits) -> Verdict:
    """The document's extraction, or why it cannot be read; never raises, so one bad file never stops
    a run."""
    if refused := too_large(len(document.data), limits):
        return refused
    try:
        return extract(document, limits)
    except LimitExceeded as exc:
        return Unreadable(str(exc), limit=True)
    except OcrUnavailable as exc:  # a scan, on a machine without Tesseract: it reads once Tesseract is installed
        return Unreadable(str(exc), cacheable=False)
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
