"""Ingest: what arrived in the inbox, as content-addressed documents of a known kind.

Analysts drop files in any folder structure with any names, so a document's kind is judged by its
content: a PDF renamed `.xlsx` is still read as a PDF, and a `.docx` is reported as unsupported
rather than skipped.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from firpath.domain import Document, DocumentKind, DocumentRef
from firpath.limits import DocumentLimits
from firpath.outputs import QuarantinedDocument
from firpath.reading import too_large

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EMAIL_HEADER = re.compile(
    rb"^(?:from|to|subject|date|received|return-path|message-id|mime-version|delivered-to|x-[\w-]+):",
    re.I | re.M,
)
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
_SNIFF_BYTES = 65536  # what sniff_kind looks at, at most
_HASH_CHUNK = 2**20


def sniff_kind(name: str, data: bytes) -> DocumentKind:
    """The kind of a document by its bytes; the file name only breaks ties between text formats."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return DocumentKind.PDF
    if head.startswith(_OLE_MAGIC):
        # Outlook .msg and legacy .xls share the OLE container; .msg has the __substg1.0_ streams
        return DocumentKind.MSG if b"_\x00_\x00s\x00u\x00b\x00s\x00t\x00g\x00" in data[:65536] or name.lower().endswith(".msg") else DocumentKind.UNSUPPORTED
    if head.startswith(b"PK\x03\x04"):
        return DocumentKind.XLSX if _is_xlsx(data) else DocumentKind.UNSUPPORTED
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return DocumentKind.UNSUPPORTED
    lines = head.splitlines()[:30]
    if sum(1 for line in lines if _EMAIL_HEADER.match(line)) >= 2:
        return DocumentKind.EML
    if name.lower().endswith((".csv", ".txt", ".tsv")) or _looks_delimited(lines):
        return DocumentKind.CSV
    return DocumentKind.UNSUPPORTED


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _looks_delimited(lines: list[bytes]) -> bool:
    rows = [line for line in lines if line.strip()]
    if len(rows) < 2:
        return False
    for delimiter in (b",", b";", b"\t"):
        counts = {row.count(delimiter) for row in rows[:10]}
        if len(counts) == 1 and counts.pop() >= 2:
            return True
    return False


def inbox_files(inbox: Path) -> Iterator[Path]:
    """Every file under the inbox, in a stable order (so runs are repeatable), hidden files included
    except the desktop clutter named in IGNORED_NAMES."""
    for path in sorted(p for p in inbox.rglob("*") if p.is_file()):
        if path.name not in IGNORED_NAMES:
            yield path


def read_document(inbox: Path, path: Path) -> Document:
    data = path.read_bytes()
    name = path.relative_to(inbox).as_posix()
    return Document(name=name, data=data, kind=sniff_kind(name, data), sha256=Document.sha256_of(data))


def received_document(inbox: Path, path: Path, limits: DocumentLimits) -> Document | QuarantinedDocument:
    """The inbox file as a document, or why it is not taken in: a file over the size limit is hashed
    without being held in memory and never stored; one that cannot be read (gone, no permission)
    says so. Either way it is quarantined, never skipped."""
    name = path.relative_to(inbox).as_posix()
    try:
        size = path.stat().st_size
        if size <= limits.document_bytes:
            return read_document(inbox, path)
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
            digest.update(head)
            while chunk := handle.read(_HASH_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        return QuarantinedDocument(name, "", DocumentKind.UNSUPPORTED.value, f"could not read the file: {exc.strerror or exc}")
    refusal = too_large(size, limits)
    assert refusal is not None
    return QuarantinedDocument(name, digest.hexdigest(), sniff_kind(name, head).value, refusal.reason)


def attachment_document(parent: Document | DocumentRef, name: str, data: bytes) -> Document:
    """An email attachment as a document of its own, named after the email it came in."""
    display = f"{parent.name} > {Path(name.replace(chr(92), '/')).name or 'attachment'}"
    return Document(
        name=display,
        data=data,
        kind=sniff_kind(name, data),
        sha256=Document.sha256_of(data),
        parent_sha256=parent.sha256,
    )
