"""Scanned release notes (no text layer): read by Tesseract and then as a text layer is, every claim
marked as read by OCR; without Tesseract the scan stays quarantined with the hint to install it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractors.pdf.extract import extract_pdf
from extractors.pdf.ocr import OCR_MARK, OcrUnavailable, ocr_page_texts
from firpath.demo.builders import ReleaseNote, image_only_pdf, release_note_pdf, scan_of
from firpath.domain import Document, DocumentKind, Relation
from firpath.domain.documents import LimitExceeded, Unreadable
from firpath.domain.limits import DocumentLimits
from firpath.stages.reading import verdict_of

NAME = "inbox/scans/AM-E200 notes (signed).pdf"
NOTE = ReleaseNote(
    title="Acme Metering AM-E200 Electricity Meter - Firmware Release Notes v1.3.1",
    header=(
        ("Manufacturer", "Acme Metering Ltd (Manufacturer ID 10A7)"),
        ("Device Type", "ESME"),
        ("Model", "AM-E200 (Model ID 0101)"),
        ("Hardware Version", "0002"),
        ("Release", "Version 1.3.1 (CPL firmware version 01030001)"),
    ),
    sections=(
        ("1. Installation requirements", (
            "This release shall only be applied to devices running firmware 01020005 or 01020007.",
        )),
        ("2. Defects fixed", ("- Fixed the load-limit alarm.",)),
    ),
    pages=2,
)  # fmt: skip
STATEMENT = "This release shall only be applied to devices running firmware 01020005 or 01020007."


def document(data: bytes) -> Document:
    return Document(name=NAME, data=data, kind=DocumentKind.PDF, sha256=Document.sha256_of(data))


@pytest.fixture(scope="module")
def scan() -> bytes:
    data = scan_of(release_note_pdf(NOTE))
    assert b"/Font" not in data  # pictures only: no text layer to read
    return data


@pytest.mark.ocr
def test_a_generated_scan_yields_its_statement_as_a_claim_marked_read_by_ocr(tesseract: str, scan: bytes) -> None:
    extraction = extract_pdf(document(scan))
    (claim,) = extraction.claims
    assert claim.evidence.text == STATEMENT
    assert claim.evidence.location == f"page 1 {OCR_MARK}"
    assert claim.evidence.file == NAME
    assert (claim.target.text, [b.text for b in claim.bases], claim.relation) == (
        "01030001", ["01020005", "01020007"], Relation.EXACT,
    )  # fmt: skip
    assert (claim.device.manufacturer, claim.device.hardware_version) == ("10A7", "0002")
    (notice,) = extraction.notices
    assert notice.startswith("read by OCR (tesseract ") and "2 page(s)" in notice and "check every version" in notice


@pytest.mark.ocr
def test_a_scan_of_nothing_legible_stays_quarantined(tesseract: str) -> None:
    verdict = verdict_of(document(image_only_pdf()), DocumentLimits())
    assert isinstance(verdict, Unreadable)
    assert verdict.reason == (
        "PDF has no text layer on any of its 1 page(s) (a scan?), and OCR found no text on its pages either; "
        "ask the sender for a text copy"
    )


@pytest.mark.ocr
def test_ocr_stops_at_the_document_time_limit(tesseract: str, scan: bytes) -> None:
    with pytest.raises(LimitExceeded, match=r"OCR of page 1 did not finish within the 0.01 s limit .*FIRPATH_MAX_DOCUMENT_SECONDS"):
        ocr_page_texts(scan, DocumentLimits(document_seconds=0.01))


@pytest.mark.unit
def test_without_tesseract_a_scan_stays_quarantined_with_the_hint_to_install_it(
    scan: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no tesseract on PATH
    with pytest.raises(OcrUnavailable) as caught:
        extract_pdf(document(scan))
    assert str(caught.value) == (
        "PDF has no text layer on any of its 2 page(s) (a scan?); reading it needs OCR, and Tesseract is not on "
        "this machine: install Tesseract OCR (Debian/Ubuntu: apt-get install tesseract-ocr) and run again, "
        "or ask the sender for a copy with a text layer"
    )
    # quarantined with that reason, and not kept as the document's verdict: once Tesseract is
    # installed, the next run reads it
    verdict = verdict_of(document(scan), DocumentLimits())
    assert isinstance(verdict, Unreadable) and verdict.reason == str(caught.value)
    assert not verdict.cacheable and not verdict.limit


@pytest.mark.unit
def test_a_tesseract_that_cannot_run_is_reported_like_a_missing_one(
    scan: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "tesseract"
    broken.write_text("#!/bin/sh\necho 'Error opening data file /usr/share/tesseract-ocr/5/tessdata/eng.traineddata' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(OcrUnavailable, match=r"apt-get install tesseract-ocr-eng"):
        extract_pdf(document(scan))
