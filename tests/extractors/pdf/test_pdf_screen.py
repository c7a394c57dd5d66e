"""The fast PDF path (pypdfium2 text, pdfplumber only on table pages) misses nothing that reading
every page with pdfplumber finds, on every release note of the demo corpus."""

from __future__ import annotations

import pytest

from extractors.pdf.extract import extract_pdf, extract_pdf_full, page_texts, table_page_numbers
from firpath.demo import scenario
from firpath.demo.builders import release_note_pdf
from firpath.domain import Document, DocumentKind
from firpath.domain.documents import UnreadableDocument


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
def test_only_pages_that_can_hold_a_table_have_their_tables_read():
    pages = page_texts(release_note_pdf(scenario.BOLT_NOTE))
    assert len(pages) == 2
    assert table_page_numbers(pages) == [2]  # the From/To table; page 1 has prose only
    assert pages[0].tables is None
    assert [table[0] for table in pages[1].tables] == [["From version", "To version", "Notes"]]


@pytest.mark.unit
def test_plain_grids_are_read_without_pdfplumber(monkeypatch: pytest.MonkeyPatch):
    import extractors.pdf.extract as pdf_extract

    def no_plumber(*args, **kwargs):
        raise AssertionError("pdfplumber was asked to read a plain grid")

    note = release_note_pdf(scenario.BOLT_NOTE)
    document = Document(name="n.pdf", data=note, kind=DocumentKind.PDF, sha256=Document.sha256_of(note))
    reference = extract_pdf_full(document)
    monkeypatch.setattr(pdf_extract, "plumber_pages", no_plumber)
    assert _comparable(extract_pdf(document).claims) == _comparable(reference.claims)
    assert any("table" in c.evidence.location for c in reference.claims)


def _merged_title_table() -> bytes:
    """A ruled From/To table under a title cell spanning both columns: not a plain grid."""
    from tests.extractors.pdf import hostile_pdfs as hostile

    content = hostile.note_content(table=True)
    content += b"\nBT /F1 11 Tf 1 0 0 1 75 650 Tm (Supported upgrades from earlier firmware to this one) Tj ET"
    content += b"\n0.5 w 70 640 300 30 re S"  # the title's box on top of the table: its middle rule stops short
    return hostile.one_page(content)


@pytest.mark.unit
def test_a_table_that_is_not_a_plain_grid_goes_to_pdfplumber(monkeypatch: pytest.MonkeyPatch):
    import extractors.pdf.extract as pdf_extract

    data = _merged_title_table()
    (page,) = page_texts(data)
    assert page.can_hold_table and page.tables is None
    document = Document(name="n.pdf", data=data, kind=DocumentKind.PDF, sha256=Document.sha256_of(data))
    reference = extract_pdf_full(document)
    asked: list[list[int]] = []
    real = pdf_extract.plumber_pages
    monkeypatch.setattr(pdf_extract, "plumber_pages", lambda data, numbers, **kw: asked.append(list(numbers)) or real(data, numbers, **kw))
    assert _comparable(extract_pdf(document).claims) == _comparable(reference.claims)
    assert asked == [[1]]


@pytest.mark.unit
def test_a_table_whose_to_column_comes_first_is_still_read():
    note = release_note_pdf(
        scenario.ReleaseNote(
            title="Bolt G2 notes",
            header=(("Model", "Bolt G2"), ("Release", "2.2.0 (02020000)")),
            sections=(("Summary", ("Nothing in this release changes the tariff handling.",)),),
            tables=(("Supported upgrades", (("Target", "Installed"), ("02020000", "02010005"))),),
        )
    )
    document = Document(name="n.pdf", data=note, kind=DocumentKind.PDF, sha256=Document.sha256_of(note))
    fast = extract_pdf(document)
    assert _comparable(fast.claims) == _comparable(extract_pdf_full(document).claims)
    (claim,) = fast.claims
    assert (claim.target.text, [b.text for b in claim.bases]) == ("02020000", ["02010005"])


@pytest.mark.unit
def test_a_bare_release_header_row_with_a_version_gives_the_release():
    note = release_note_pdf(
        scenario.ReleaseNote(
            title="AM-E200 notes",
            header=(("Model ID", "0101"), ("Release", "1.3.1 (01030001)")),
            sections=(("Install", ("This release shall only be applied to devices running 01020005.",)),),
        )
    )
    document = Document(name="n.pdf", data=note, kind=DocumentKind.PDF, sha256=Document.sha256_of(note))
    (claim,) = extract_pdf(document).claims
    assert str(claim.target.version) == "01030001"
    assert _comparable(extract_pdf(document).claims) == _comparable(extract_pdf_full(document).claims)


@pytest.fixture(scope="module")
def benchmark_notes(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    """Release notes from the benchmark corpus generator: the layouts vary more than the demo's
    (tables To-first, tables on later pages, notes with no table, key-value header boxes)."""
    from benchmarks.corpus import write_corpus

    corpus = write_corpus(tmp_path_factory.mktemp("corpus"), pdfs=24, pages_per_pdf=4, emails=1, spreadsheets=1,
                          cpl_entries=120, seed=7, workers=1)  # fmt: skip
    paths = sorted((corpus.inbox / "release-notes").rglob("*.pdf"))
    return [Document(p.name, p.read_bytes(), DocumentKind.PDF, Document.sha256_of(p.read_bytes())) for p in paths]


@pytest.mark.unit
def test_on_generated_release_notes_the_fast_path_finds_what_the_full_read_finds(benchmark_notes) -> None:
    tables = 0
    for document in benchmark_notes:
        pages = page_texts(document.data)
        tables += len(table_page_numbers(pages))
        assert _comparable(extract_pdf(document).claims) == _comparable(extract_pdf_full(document).claims), document.name
    assert len(benchmark_notes) == 24 and tables > 0  # some notes do go to pdfplumber


@pytest.mark.unit
@pytest.mark.parametrize("copies_nul", [None, False])
def test_a_page_text_is_pypdfium2s_bounded_text(monkeypatch: pytest.MonkeyPatch, copies_nul: bool | None):
    """Each page's text read with one call to pdfium (and, not knowing yet whether pdfium copies a NUL
    after it, or knowing it does not, get_text_bounded's way) is PdfTextPage.get_text_bounded()'s."""
    import pypdfium2 as pdfium

    import extractors.pdf.extract as pdf_extract

    monkeypatch.setattr(pdf_extract, "_COPIES_NUL", copies_nul)
    for name, data in sorted(_demo_pdfs().items()):
        try:
            pages = page_texts(data)
        except UnreadableDocument:
            continue
        pdf = pdfium.PdfDocument(data)
        try:
            expected = [pdf[i].get_textpage().get_text_bounded().replace("\r\n", "\n").replace("\r", "\n") for i in range(len(pdf))]
        finally:
            pdf.close()
        assert [page.text for page in pages] == expected, name
    assert pdf_extract._COPIES_NUL is (copies_nul is None)
