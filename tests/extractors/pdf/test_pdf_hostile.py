"""Hostile and broken PDFs: each is read when it can be, or refused with a reason that names the
problem; never a crash. (Bombs that need a worker process to stop them: tests/firpath/test_reading.py.)"""

from __future__ import annotations

import pytest

from extractors import extract
from extractors.pdf.extract import extract_pdf, extract_pdf_full
from firpath.demo.builders import release_note_pdf
from firpath.demo.scenario import ACME_HW2_NOTE as ACME_NOTE
from firpath.domain import Document
from firpath.domain.documents import LimitExceeded, UnreadableDocument
from firpath.domain.limits import DocumentLimits
from firpath.stages.ingest import sniff_kind
from tests.extractors.pdf import hostile_pdfs as hostile

pytestmark = pytest.mark.unit


def document(data: bytes, name: str = "notes.pdf") -> Document:
    return Document(name, data, sniff_kind(name, data), Document.sha256_of(data))


def bases(data: bytes, name: str = "notes.pdf") -> list[list[str]]:
    return [[b.text for b in claim.bases] for claim in extract(document(data, name)).claims]


def refusal(data: bytes) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        extract(document(data))
    return str(caught.value)


def test_the_hand_written_note_reads() -> None:
    assert bases(hostile.release_note()) == [["01020005"]]
    assert sorted(bases(hostile.release_note(table=True))) == [["01020003"], ["01020005"]]


@pytest.mark.parametrize("twist", [hostile.corrupt_xref, hostile.no_xref], ids=["offsets wrong", "no xref"])
def test_a_broken_cross_reference_table_is_repaired_and_read(twist) -> None:
    """Both readers rebuild the table by scanning the file, as PDF viewers do."""
    intact = hostile.release_note(table=True)
    data = twist(intact)
    assert sorted(bases(data)) == [["01020003"], ["01020005"]]  # the table's row, and the sentence
    repaired, reference = extract_pdf(document(data)), extract_pdf_full(document(intact))
    assert [(c.bases, c.evidence.location) for c in repaired.claims] == [(c.bases, c.evidence.location) for c in reference.claims]


def test_a_pdf_with_a_user_password_is_refused_as_encrypted() -> None:
    reason = refusal(release_note_pdf(ACME_NOTE, user_password="s3cret"))
    assert reason == "encrypted PDF: it needs a password to open (ask the sender for an unprotected copy)"


def test_a_pdf_encrypted_without_a_user_password_opens_and_reads() -> None:
    """An owner password only restricts printing or copying: every reader opens the file."""
    protected = release_note_pdf(ACME_NOTE, user_password="")
    assert b"/Encrypt" in protected
    assert bases(protected) == bases(release_note_pdf(ACME_NOTE))


def test_a_page_count_bomb_is_refused_by_the_page_limit() -> None:
    reason = refusal(hostile.page_count_bomb(6000))
    assert reason == "PDF has 6,000 pages, over the 5,000-page limit for one document (FIRPATH_MAX_PDF_PAGES)"


def test_the_page_limit_is_a_setting_and_a_limit_verdict() -> None:
    with pytest.raises(LimitExceeded) as caught:
        extract(document(hostile.page_count_bomb(11)), DocumentLimits(pdf_pages=10))
    assert "11 pages, over the 10-page limit" in str(caught.value)


def test_thousands_of_empty_pages_under_the_limit_have_no_text_layer() -> None:
    reason = refusal(hostile.page_count_bomb(3000))
    assert reason == (
        "PDF has no text layer on any of its 3000 page(s) (a scan?), and OCR found no text on its pages either; "
        "ask the sender for a text copy"
    )


def test_a_moderate_flate_bomb_is_read_within_bounds() -> None:
    """64 MiB of padding behind a few KB: read (the padding is blank) in bounded memory; a larger
    bomb is stopped by the reading process's memory cap (tests/firpath/test_reading.py)."""
    data = hostile.decompression_bomb(64)
    assert len(data) < 200_000
    assert bases(data) == [["01020005"]]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_objects_are_read_or_refused_never_a_crash(depth: int) -> None:
    data = hostile.deeply_nested(depth)
    try:
        found = bases(data)
    except UnreadableDocument as exc:
        assert str(exc).startswith(("corrupt PDF", "unreadable PDF", "document is nested too deeply")), exc
    else:
        assert sorted(found) == [["01020003"], ["01020005"]]


def test_a_pdf_named_xlsx_is_read_as_a_pdf() -> None:
    data = hostile.release_note()
    assert sniff_kind("paths.xlsx", data).value == "pdf"
    assert bases(data, "paths.xlsx") == [["01020005"]]


def test_an_email_named_pdf_is_read_as_an_email() -> None:
    from firpath.demo.builders import eml

    data = eml(sender="Acme <fw@acme.example>", to="fir@secas.example", subject="AM-E200 (model 0101)",
               text="Firmware 01030001 must only be applied to devices running 01020005.\n")  # fmt: skip
    assert sniff_kind("notes.pdf", data).value == "eml"
    assert bases(data, "notes.pdf") == [["01020005"]]
