"""Byte-identical XLSX: the same workbook content always gives the same file.

openpyxl stamps the save time into docProps/core.xml (`dcterms:modified`, and `created` when the
workbook was made) and into every zip entry's date. Here both are set to a given moment (a
publication's "as of" time) and the zip is rewritten with fixed entry metadata and one compression.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from firpath.publish.files import write_atomic

if TYPE_CHECKING:
    from openpyxl import Workbook

_CORE_PROPERTIES = "docProps/core.xml"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def _naive_utc(moment: datetime) -> datetime:
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.replace(tzinfo=None, microsecond=0)


def _zip_date(moment: datetime) -> tuple[int, int, int, int, int, int]:
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, _ZIP_EPOCH)


def workbook_bytes(book: Workbook, as_of: datetime) -> bytes:
    """The workbook as XLSX bytes that depend only on its content and `as_of`."""
    from openpyxl.xml.functions import tostring

    stamp = _naive_utc(as_of)
    book.properties.created = stamp
    buffer = io.BytesIO()
    book.save(buffer)  # sets properties.modified to the wall clock: rewritten below
    book.properties.modified = stamp
    core = tostring(book.properties.to_tree())

    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = core if info.filename == _CORE_PROPERTIES else source.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=_zip_date(stamp))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # the same whichever system writes it
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def table_workbook_bytes(sheet: str, header: Sequence[str], rows: Sequence[Sequence[str]], as_of: datetime) -> bytes:
    """One sheet of text cells (bold header, frozen, filterable); cells are written as given, so
    neutralise untrusted text first."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    for column_cells in ws.columns:
        width = min(60, max(len(line) for c in column_cells for line in str(c.value or "").splitlines() or [""]) + 2)
        ws.column_dimensions[column_cells[0].column_letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return workbook_bytes(book, as_of)


def write_workbook(path: Path, book: Workbook, as_of: datetime) -> bytes:
    """Save `book` deterministically to `path`; returns the bytes written."""
    data = workbook_bytes(book, as_of)
    write_atomic(path, data)
    return data
