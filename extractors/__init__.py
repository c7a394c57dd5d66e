"""Extract: one extractor per input kind, each a plain function from a document to claims.

`extract` dispatches on the document's (sniffed) kind. An extractor raises UnreadableDocument with
a plain reason when it cannot read a document; the caller quarantines it and goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from firpath.domain import Document, DocumentKind
from firpath.domain.documents import Attachment, Extraction, LimitExceeded, UnreadableDocument
from firpath.domain.limits import DocumentLimits

# Bump when extraction logic changes: cached extractions of older versions are read again.
EXTRACTOR_VERSION = "12"  # 12: columns typed by content and twin CPL-form columns, release-summary and name tables, clauses read alone, open CPL forms (`0100xxxx`), a step is no base where the document states the release's; 11: FIR-shaped returns read by Entry ID, version histories by spacing, "A or earlier must first go to S" (Relation.UP_TO), "eligible for", "predates", "no earlier than X for Y", ">>" chains, "irrespective of the installed version", exclusivity by "any other base", wordings of further blind corpora; 10: tables in columns, matrices, verdict and step columns, sheets not understood listed, long hedged prose, HTML list bullets, a PDF's release below its running header; 9: ranges of target releases, a heading as its items' subject, refusals listed, and every reading change since 8 (minimums "before", `latest`, vendor-prefixed versions, captions); 8: hardware in titles and subjects, header words in five languages, measures are no versions; 7: lists on one line after a PDF intro, chains across products, year-numbered releases; 6: section headings name devices, matrix tables, build numbers, N/A statements; 5: statements read by their parts, OCR


def _extractor(kind: DocumentKind) -> Callable[[Document, DocumentLimits], Extraction]:
    # imported lazily: a run that has no emails never pays for the email libraries' import
    if kind is DocumentKind.PDF:
        from extractors.pdf import extract_pdf

        return extract_pdf
    if kind in (DocumentKind.EML, DocumentKind.MSG):
        from extractors.mail import extract_email

        return extract_email
    if kind in (DocumentKind.XLSX, DocumentKind.CSV):
        from extractors.spreadsheet import extract_spreadsheet

        return extract_spreadsheet
    raise UnreadableDocument(
        "unsupported file type: firpath reads PDF release notes, .eml/.msg emails and XLSX/CSV spreadsheets"
    )


def extract(document: Document, limits: DocumentLimits | None = None) -> Extraction:
    """`limits`: the per-document bounds; the settings (FIRPATH_MAX_...) when not given. A step read
    as a base of the release is dropped where the document states the release's bases otherwise."""
    from extractors.statements import without_contradicted_steps

    extraction = _extractor(document.kind)(document, limits or DocumentLimits())
    return replace(extraction, claims=tuple(without_contradicted_steps(extraction.claims)))


__all__ = ["EXTRACTOR_VERSION", "Attachment", "Extraction", "LimitExceeded", "UnreadableDocument", "extract"]
