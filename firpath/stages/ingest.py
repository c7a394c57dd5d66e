"""Ingest: what arrived in the inbox, as content-addressed documents of a known kind.

Analysts drop files in any folder structure with any names, so a document's kind is judged by its
content: a PDF renamed `.xlsx` is still read as a PDF, and a `.docx` is reported as unsupported
rather than skipped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from extractors.containers import ZIP_ERRORS, declared_parts
from firpath.domain import Document, DocumentKind, DocumentRef
from firpath.domain.documents import QuarantinedDocument
from firpath.domain.limits import DocumentLimits, too_large

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EMAIL_HEADER = re.compile(
    rb"^(?:from|to|subject|date|received|return-path|message-id|mime-version|delivered-to|x-[\w-]+):",
    re.I | re.M,
)
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
_SNIFF_BYTES = 65536  # what sniff_kind looks at, at most
_HASH_CHUNK = 2**20


def sniff_kind(name: str, data: bytes, limits: DocumentLimits | None = None) -> DocumentKind:
    """The kind of a document by its bytes; the file name only breaks ties between text formats.

    Cheap and bounded whatever the bytes (it runs on every received file, outside the reading
    processes): a zip's directory is listed only when its end record declares no more parts than
    `limits.zip_entries`.
    """
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return DocumentKind.PDF
    if head.startswith(_OLE_MAGIC):
        # Outlook .msg and legacy .xls share the OLE container; .msg has the __substg1.0_ streams
        return DocumentKind.MSG if b"_\x00_\x00s\x00u\x00b\x00s\x00t\x00g\x00" in data[:65536] or name.lower().endswith(".msg") else DocumentKind.UNSUPPORTED
    if head.startswith(b"PK\x03\x04"):
        return DocumentKind.XLSX if _is_xlsx(data, limits or DocumentLimits()) else DocumentKind.UNSUPPORTED
    utf16 = _utf16_encoding(head)
    if utf16 is not None:  # UTF-16 text (Excel's "Unicode text" export): judged as the text it is
        head = head[: len(head) // 2 * 2].decode(utf16, errors="replace").lstrip("\ufeff").encode("utf-8")
    elif b"\x00" in head:
        return DocumentKind.UNSUPPORTED
    lines = head.splitlines()[:30]
    if sum(1 for line in lines if _EMAIL_HEADER.match(line)) >= 2:
        return DocumentKind.EML
    if name.lower().endswith((".csv", ".txt", ".tsv")) or _looks_delimited(lines):
        return DocumentKind.CSV
    return DocumentKind.UNSUPPORTED


def _utf16_encoding(head: bytes) -> str | None:
    """'utf-16' for text with a UTF-16 byte-order mark, 'utf-16-le'/'-be' for text whose every
    second byte is zero (ASCII written as UTF-16 without a mark); None otherwise."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    half = len(head) // 2
    if half < 2:
        return None
    even_zeros, odd_zeros = head[0::2].count(0), head[1::2].count(0)
    if odd_zeros > 0.9 * half and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > 0.9 * half and odd_zeros == 0:
        return "utf-16-be"
    return None


def _is_xlsx(data: bytes, limits: DocumentLimits) -> bool:
    parts = declared_parts(data)
    if parts is not None and parts > limits.zip_entries:
        # too many parts to list here: judged by the workbook part's name in the directory; the
        # spreadsheet reader then refuses it with the limit named
        return b"xl/workbook.xml" in data
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except ZIP_ERRORS:
        return False


def _looks_delimited(lines: list[bytes]) -> bool:
    """Most of the first lines split into the same number (3 or more) of cells by one delimiter;
    a title line or two above a table is allowed."""
    rows = [line for line in lines[:10] if line.strip()]
    if len(rows) < 2:
        return False
    for delimiter in (b",", b";", b"\t"):
        counts = [row.count(delimiter) for row in rows]
        common = max(set(counts), key=counts.count)
        if common >= 2 and counts.count(common) >= max(2, (len(rows) + 1) // 2):
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


MAX_NAME_CHARS = 120  # of an attachment's file name as shown (the extension is kept)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def attachment_name(name: str) -> str:
    """An attachment's file name as firpath shows it: the last part of whatever path it came with
    (`../../etc/passwd` is `passwd`, `C:\\x\\y.pdf` is `y.pdf`), without control characters or
    the invisible direction marks that make `exe.pdf` of `fdp.exe`, and of a sensible length.

    Only ever a name to show: firpath never writes an attachment to a file.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in _CONTROL.sub(" ", base) if unicodedata.category(ch) != "Cf")
    base = " ".join(base.split()).strip(" .")
    if len(base) > MAX_NAME_CHARS:
        stem, dot, extension = base.rpartition(".")
        keep = f"{dot}{extension}" if dot and 0 < len(extension) <= 10 else ""
        base = base[: MAX_NAME_CHARS - len(keep) - 3].rstrip() + "..." + keep
    return base or "attachment"


def attachment_document(parent: Document | DocumentRef, name: str, data: bytes) -> Document:
    """An email attachment as a document of its own, named after the email it came in."""
    shown = attachment_name(name)
    return Document(
        name=f"{parent.name} > {shown}",
        data=data,
        kind=sniff_kind(shown, data),
        sha256=Document.sha256_of(data),
        parent_sha256=parent.sha256,
    )
