"""How much one received document may cost: the bounds that keep a hostile or broken file from
stalling or exhausting a run.

What arrives by email is untrusted. Each bound turns into a quarantine with a reason that names it
(and the setting to raise it), never into a stalled run or a killed machine. All are settings
(`FIRPATH_MAX_...` environment variables), read once per run.
"""

from __future__ import annotations

import hashlib

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from firpath.domain.documents import Unreadable

MIB = 2**20


class DocumentLimits(BaseSettings):
    """Per-document bounds. The defaults fit the largest genuine inputs seen (release notes of a few
    hundred pages, MAP workbooks of tens of thousands of rows) with room to spare."""

    model_config = SettingsConfigDict(env_prefix="FIRPATH_MAX_")

    # wall time to read one document, in its reading process (which is ended when it runs over)
    document_seconds: float = Field(default=120.0, gt=0)
    # a received file (or attachment) larger than this is quarantined without being opened
    document_mb: float = Field(default=200.0, gt=0)
    # address space of a reading process: a decompression bomb fails there, not in the machine
    reader_memory_mb: float = Field(default=3072.0, gt=0)
    # pages of one PDF (a page-count bomb is thousands of empty pages)
    pdf_pages: int = Field(default=5000, gt=0)
    # bytes a zip container (xlsx) or an email's attachments may expand to when unpacked, judged by
    # the sizes declared before anything is unpacked
    expanded_mb: float = Field(default=500.0, gt=0)
    # parts a zip container (xlsx) may hold: a workbook has a few dozen; each costs memory to list
    zip_entries: int = Field(default=10_000, gt=0)
    # rows of one sheet or CSV (title and blank rows between data included; trailing blank rows are
    # not). Refused above it, after reading at most this many: a MAP sheet's claims cost about
    # 2 KB a row in memory (100,000 rows: ~200 MB and ~3 s for a CSV; 1,000,000 would be ~2 GB)
    sheet_rows: int = Field(default=100_000, gt=0)
    # cells of one row (Excel's own maximum is 16,384 columns)
    sheet_columns: int = Field(default=16_384, gt=0)
    # MIME parts within parts of one email (mail programs write 3 or 4 levels). An email forwarded
    # as an attachment is a document of its own, so forwarding does not count here
    mime_depth: int = Field(default=32, gt=0)
    # emails attached to emails (forwarded as attachments): deeper ones are quarantined
    attachment_depth: int = Field(default=8, gt=0)
    # ">" quote levels of an email body told apart as older messages; deeper quotes stay in the
    # deepest message's text (reading each level costs a pass over the lines below it)
    quote_depth: int = Field(default=50, gt=0)

    def fingerprint(self) -> str:
        """The limits in a few characters: verdicts a limit decided are cached per fingerprint."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:12]

    @property
    def document_bytes(self) -> int:
        return int(self.document_mb * MIB)

    @property
    def reader_memory_bytes(self) -> int:
        return int(self.reader_memory_mb * MIB)

    @property
    def expanded_bytes(self) -> int:
        return int(self.expanded_mb * MIB)


def setting_name(field: str) -> str:
    """The environment variable that sets `field` (for messages: "... raise FIRPATH_MAX_PDF_PAGES")."""
    return f"FIRPATH_MAX_{field.upper()}"


def too_large(size: int, limits: DocumentLimits) -> Unreadable | None:
    """Why a document of `size` bytes is not opened at all, or None when it may be."""
    if size <= limits.document_bytes:
        return None
    return Unreadable(
        f"file is {size / MIB:,.1f} MB, over the {limits.document_mb:g} MB limit for one document "
        f"({setting_name('document_mb')}); it was not opened",
        limit=True,
    )
