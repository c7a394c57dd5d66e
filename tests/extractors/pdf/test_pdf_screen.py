"""The fast PDF path (pypdfium2 text, pdfplumber only on table pages) misses nothing that reading
every page with pdfplumber finds, on every release note of the demo corpus."""

from __future__ import annotations

import pytest

from extractors.base import UnreadableDocument
from extractors.pdf.extract import extract_pdf, extract_pdf_full, table_page_numbers, page_texts
from firpath.demo import scenario
from firpath.demo.builders import release_note_pdf
from firpath.domain import Document, DocumentKind


def _demo_pdfs() -> dict[str, bytes]:
    pdfs = {name: data for name, data in scenario.inbox_documents().items() if data.startswith(b"%PDF-")}
    pdfs["(attached) CD-PPM1 release notes.pdf"] = release_note_pdf(scenario.CIRCUIT_NOTE)
    return pdfs


def _comparable(claims):
    return sorted(
        repr((c.device, c.target, c.bases, c.relation, c.evidence.location, " ".join(c.evidence.text.split())))
        for c in claims
    )


@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(_demo_pdfs()))
def test_fast_path_finds_exactly_what_a_full_pdfplumber_read_finds(name):
    data = _demo_pdfs()[name]
    document = Document(name=name, data=data, kind=DocumentKind.PDF, sha256=Document.sha256_of(data))
    try:
        full = extract_pdf_full(document)
    except UnreadableDocument:
        with pytest.raises(UnreadableDocument):
            extract_pdf(document)
        return
    fast = extract_pdf(document)
    assert _comparable(fast.claims) == _comparable(full.claims)


@pytest.mark.unit
def test_only_table_pages_go_to_pdfplumber():
    texts = page_texts(release_note_pdf(scenario.BOLT_NOTE))
    assert len(texts) == 2
    assert table_page_numbers(texts) == [2]  # the From/To table; page 1 has prose only
