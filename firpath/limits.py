"""How much one received document may cost: the bounds that keep a hostile or broken file from
stalling or exhausting a run.

What arrives by email is untrusted. Each bound turns into a quarantine with a reason that names it
(and the setting to raise it), never into a stalled run or a killed machine. All are settings
(`FIRPATH_MAX_...` environment variables), read once per run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    # bytes a zip container (xlsx) or an email attachment may expand to when unpacked
    expanded_mb: float = Field(default=500.0, gt=0)
    # data rows read from one sheet or CSV
    sheet_rows: int = Field(default=1_000_000, gt=0)

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


_IN_FORCE: ContextVar[DocumentLimits | None] = ContextVar("firpath_document_limits", default=None)


def in_force() -> DocumentLimits:
    """The limits the document being read is held to: those `firpath.reading` reads it under, else
    the settings. Extractors ask here rather than take limits as a parameter, so that every extractor
    keeps the one signature `extract(document)`."""
    return _IN_FORCE.get() or DocumentLimits()


@contextmanager
def enforcing(limits: DocumentLimits) -> Iterator[None]:
    token = _IN_FORCE.set(limits)
    try:
        yield
    finally:
        _IN_FORCE.reset(token)
