"""Page texts of a scanned PDF (no text layer), read by Tesseract OCR.

Each page is rendered with pypdfium2 (300 dpi, fewer for a page so large that its picture would pass
`MAX_PAGE_PIXELS`) and handed to the `tesseract` program (Debian: `tesseract-ocr`) on its standard
input; what it prints is the page's text, read afterwards exactly as a text layer would be. The
program is run directly rather than through a wrapper library: one call per page needs no more, and
so it can be bounded here: it gets what is left of the document's time (`FIRPATH_MAX_DOCUMENT_SECONDS`),
runs single-threaded (the reading workers already use every core), and dies with the process that
reads the document (PR_SET_PDEATHSIG), so a reader stopped over its time leaves no Tesseract behind.

Digits read from a picture can be wrong (0/O, 1/l, 8/B): the caller marks every claim read this way.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import signal
import subprocess
import time

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from firpath.domain.documents import LimitExceeded, UnreadableDocument
from firpath.domain.limits import DocumentLimits, setting_name

# Ends the location of every claim read by OCR ("page 2 (read by OCR)"); the claims suite flags them
# by it (expectations/suites/claims.json: "read by OCR: check the digits").
OCR_MARK = "(read by OCR)"
DPI = 300
MAX_PAGE_PIXELS = 40_000_000  # ~ an A2 page at 300 dpi; a larger page is rendered at a lower resolution
LANGUAGE = "eng"
INSTALL_HINT = (
    "install Tesseract OCR (Debian/Ubuntu: apt-get install tesseract-ocr) and run again, "
    "or ask the sender for a copy with a text layer"
)


class OcrUnavailable(UnreadableDocument):
    """Tesseract is not installed (or cannot run): the document may read once it is. Not a verdict
    on the document, so it is not kept as one (`firpath.stages.reading`)."""


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def tesseract_version() -> str:
    """"tesseract 5.3.0", as the program reports it (for the notice a reviewer reads)."""
    program = tesseract_path()
    if program is None:
        raise OcrUnavailable(f"Tesseract is not on this machine: {INSTALL_HINT}")
    try:
        run = subprocess.run([program, "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailable(f"Tesseract OCR at {program} does not run ({exc}); {INSTALL_HINT}") from exc
    lines = (run.stdout or run.stderr).decode("utf-8", "replace").splitlines()
    return lines[0].strip() if lines else "tesseract"


def ocr_page_texts(data: bytes, limits: DocumentLimits | None = None) -> list[str]:
    """The text Tesseract reads on every page of the PDF `data`, in page order ("" for a page with
    nothing drawn on it, or nothing but white: those are not sent to Tesseract, so a bomb of empty
    pages costs milliseconds).

    Raises OcrUnavailable when there is something to read and Tesseract is not installed,
    LimitExceeded when the document's time runs out, UnreadableDocument when a page cannot be
    rendered or Tesseract fails on it.
    """
    limits = limits or DocumentLimits()
    deadline = time.monotonic() + limits.document_seconds
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(f"corrupt PDF: {exc}") from exc
    texts: list[str] = []
    program: str | None = None
    try:  # the page count was held to FIRPATH_MAX_PDF_PAGES when the (empty) text layer was read
        for index in range(len(pdf)):
            if time.monotonic() > deadline:
                raise _over_time(index + 1, limits)
            png = _page_png(pdf, index)
            if png is None:
                texts.append("")
                continue
            if program is None and (program := tesseract_path()) is None:
                raise OcrUnavailable(f"reading it needs OCR, and Tesseract is not on this machine: {INSTALL_HINT}")
            texts.append(_read_page(program, png, index + 1, deadline, limits))
    finally:
        pdf.close()
    return texts


def _over_time(number: int, limits: DocumentLimits) -> LimitExceeded:
    return LimitExceeded(
        f"OCR of page {number} did not finish within the {limits.document_seconds:g} s limit for one document "
        f"({setting_name('document_seconds')})"
    )


def _page_png(pdf: pdfium.PdfDocument, index: int) -> bytes | None:
    """The page as a greyscale PNG; None when nothing is drawn on it or it renders all white."""
    page = pdf[index]
    try:
        if pdfium_c.FPDFPage_CountObjects(page.raw) == 0:
            return None
        width, height = page.get_size()
        scale = DPI / 72
        if width * height * scale * scale > MAX_PAGE_PIXELS:
            scale = math.sqrt(MAX_PAGE_PIXELS / max(width * height, 1.0))
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            image = bitmap.to_pil()
            if image.convert("L").getextrema()[0] >= 250:  # nothing darker than near-white
                return None
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            return buffer.getvalue()
        finally:
            bitmap.close()
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(f"corrupt PDF: page {index + 1} cannot be rendered for OCR: {exc}") from exc
    finally:
        page.close()


def _read_page(program: str, png: bytes, number: int, deadline: float, limits: DocumentLimits) -> str:
    left = deadline - time.monotonic()
    over = _over_time(number, limits)
    if left <= 0:
        raise over
    command = [program, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(DPI)]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        run = subprocess.run(
            command, input=png, capture_output=True, timeout=left, env=environment,
            preexec_fn=_die_with_parent, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise over from exc
    except OSError as exc:
        raise OcrUnavailable(f"Tesseract OCR at {program} does not run ({exc}); {INSTALL_HINT}") from exc
    if run.returncode != 0:
        message = " ".join(run.stderr.decode("utf-8", "replace").split())[:300]
        if "traineddata" in message or "language" in message.lower():
            raise OcrUnavailable(
                f"Tesseract cannot read English ({message}): install its English data "
                "(Debian/Ubuntu: apt-get install tesseract-ocr-eng) and run again"
            )
        raise UnreadableDocument(f"OCR failed on page {number}: tesseract exited {run.returncode}: {message}")
    return run.stdout.decode("utf-8", "replace").replace("\r\n", "\n").replace("\f", "")


def _prctl():  # noqa: ANN202
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()  # looked up here: between fork and exec the child should do as little as it can


def _die_with_parent() -> None:
    """In the Tesseract process, before it starts: Linux ends it when its parent (the reader) dies."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
