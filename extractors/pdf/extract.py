"""Release notes (PDF with a text layer) to claims.

pdfplumber reads each page's text and tables: header tables and `Key: value` lines give the
document's context (manufacturer, model, hardware, its own release), sentences and `upgrade path`
lines give requirements, From/To tables give one requirement a row. Pages are closed as soon as
they are read, or pdfplumber's caches grow with the document.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractors.base import Extraction, UnreadableDocument
from extractors.statements import (
    DocumentContext,
    TextBlock,
    context_from_pairs,
    context_from_text,
    from_to_columns,
    table_claims,
    text_claims,
)
from firpath.domain import Document, SourceKind

Table = list[list[str | None]]


@dataclass(frozen=True)
class _Page:
    number: int  # 1-based, as a reader counts pages
    text: str
    tables: tuple[Table, ...]


def _reason(exc: Exception) -> str:
    """A quarantine reason a person understands, from pdfminer's wrapped exceptions."""
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return "encrypted PDF: it needs a password to open (ask the sender for an unprotected copy)"
    if isinstance(inner, (PDFSyntaxError, PSException, MalformedPDFException)):
        return f"corrupt PDF: {type(inner).__name__}: {inner}".rstrip(": ")
    return f"unreadable PDF: {type(inner).__name__}: {inner}".rstrip(": ")


def _read_pages(data: bytes) -> list[_Page]:
    pages: list[_Page] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                try:
                    text = page.extract_text() or ""
                    tables = tuple(page.extract_tables())
                    pages.append(_Page(page.page_number, text, tables))
                finally:
                    page.close()
    except (PdfminerException, MalformedPDFException, PSException, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocument(_reason(exc)) from exc
    return pages


def _is_key_value_table(table: Table) -> bool:
    return bool(table) and all(len(row) == 2 for row in table)


def document_context(pages: list[_Page]) -> DocumentContext:
    """Context from header tables first (the most structured), then `Key: value` lines."""
    ctx = DocumentContext()
    for page in pages:
        for table in page.tables:
            if _is_key_value_table(table):
                ctx = context_from_pairs(((k or "", v or "") for k, v in table), ctx)
    return context_from_text("\n".join(p.text for p in pages), ctx)


def extract_pdf(document: Document) -> Extraction:
    pages = _read_pages(document.data)
    if not pages:
        raise UnreadableDocument("PDF has no pages")
    if not any(p.text.strip() for p in pages):
        raise UnreadableDocument(
            f"PDF has no text layer on any of its {len(pages)} page(s) (a scan?); it needs OCR or a text copy"
        )
    ctx = document_context(pages)
    common = {"file": document.name, "sha256": document.sha256, "source_kind": SourceKind.RELEASE_NOTE}
    claims = text_claims((TextBlock(f"page {p.number}", p.text) for p in pages), ctx, **common)
    for page in pages:
        upgrade_tables = [t for t in page.tables if t and from_to_columns(t[0]) is not None]
        for index, table in enumerate(upgrade_tables, start=1):
            claims.extend(table_claims(table, ctx, location=f"page {page.number}, table {index}", **common))
    return Extraction(claims=tuple(claims))
