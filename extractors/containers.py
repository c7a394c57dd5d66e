"""Zip containers (XLSX workbooks) judged by what they declare, before anything is unpacked.

A zip bomb is a small file whose parts expand to gigabytes, or whose directory lists millions of
parts. Both are told from the zip's own directory: the part count from its end record (read
before Python's zipfile lists every part), the expanded size from the sizes each part declares.
Declared sizes cannot understate what zipfile unpacks: it stops at a part's declared size and
fails its checksum, so a part that lies about its size costs no more than it declares.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass

from firpath.domain.limits import MIB, DocumentLimits, setting_name

_END_RECORD = b"PK\x05\x06"
_ZIP64_END_RECORD = b"PK\x06\x06"
_END_RECORD_SIZE = 22
_MAX_COMMENT = 65535

# What zipfile raises on a damaged or hostile archive, besides BadZipFile.
ZIP_ERRORS = (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, struct.error, OverflowError)


class ContainerError(ValueError):
    """A zip container unreadable as a zip, or refused before unpacking; the message says why."""


class ContainerRefused(ContainerError):
    """A readable zip container over a limit: refused, nothing unpacked."""


def declared_parts(data: bytes) -> int | None:
    """The number of parts the zip's end record declares; None when there is no end record."""
    start = max(0, len(data) - _END_RECORD_SIZE - _MAX_COMMENT)
    end = data.rfind(_END_RECORD, start)
    if end < 0 or end + _END_RECORD_SIZE > len(data):
        return None
    total = int.from_bytes(data[end + 10 : end + 12], "little")
    if total == 0xFFFF:  # a zip64 archive: the real count is in the zip64 end record before it
        record = data.rfind(_ZIP64_END_RECORD, 0, end)
        if record >= 0 and record + 40 <= len(data):
            total = int.from_bytes(data[record + 32 : record + 40], "little")
    return total


@dataclass(frozen=True)
class ZipSummary:
    names: tuple[str, ...]
    expanded_bytes: int  # the sum of the parts' declared sizes


def check_zip(data: bytes, limits: DocumentLimits) -> ZipSummary:
    """The zip's part names and declared expanded size; ContainerError when it is over a limit
    (nothing unpacked) or not a readable zip archive."""
    parts = declared_parts(data)
    if parts is not None and parts > limits.zip_entries:
        raise ContainerRefused(_too_many_parts(parts, limits))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS as exc:
        raise ContainerError(f"{type(exc).__name__}: {exc}") from exc
    if len(infos) > limits.zip_entries:  # an end record that understated the count
        raise ContainerRefused(_too_many_parts(len(infos), limits))
    expanded = sum(info.file_size for info in infos)
    if expanded > limits.expanded_bytes:
        raise ContainerRefused(
            f"zip bomb refused: its parts declare {size_text(expanded)} when unpacked ({size_text(len(data))} "
            f"packed), over the {limits.expanded_mb:g} MB limit; nothing was unpacked (raise "
            f"{setting_name('expanded_mb')} if the file is genuine)"
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise ContainerError("its zip parts are encrypted (password-protected)")
    return ZipSummary(tuple(info.filename for info in infos), expanded)


def size_text(size: int) -> str:
    """`2.5 KB`, `20 MB`, `3,815 MB`: as a person reads a size."""
    if size < MIB:
        return f"{size / 1024:,.1f} KB"
    return f"{size / MIB:,.0f} MB" if size >= 10 * MIB else f"{size / MIB:,.1f} MB"


def _too_many_parts(parts: int, limits: DocumentLimits) -> str:
    return (
        f"zip container refused: it declares {parts:,} parts, more than the {limits.zip_entries:,} "
        f"firpath lists (a workbook has a few dozen); nothing was unpacked (raise "
        f"{setting_name('zip_entries')} if the file is genuine)"
    )
