"""The one XLSX table writer: a sheet of text cells that gives the same bytes for the same content.

Every cell is written as a string (never a number, a formula or a link): versions keep their
leading zeros, and nothing a document said can run in a reviewer's spreadsheet. The workbook says
when it was made only by `created` (XlsxWriter stamps that time into its properties and a fixed one
into the zip), so the same rows and `created` give byte-identical files. XlsxWriter rather than
openpyxl: openpyxl took seconds for a few thousand rows styled cell by cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

MAX_WIDTH = 80


def table_xlsx_bytes(
    sheet: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, created: datetime, frozen_columns: int = 0
) -> bytes:
    """One sheet: a bold, frozen, filterable header row, wrapped cells, columns as wide as their text;
    `frozen_columns` stay in view when scrolling right (an Entry ID column)."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(buffer, options)
    try:
        book.set_properties({"created": _naive_utc(created)})
        ws = book.add_worksheet(sheet)
        bold, wrapped = book.add_format({"bold": True}), book.add_format({"text_wrap": True, "valign": "top"})
        widths = [len(h) for h in header]
        for i, name in enumerate(header):
            ws.write_string(0, i, name, bold)
        count = 0
        for count, row in enumerate(rows, start=1):
            for i, value in enumerate(row):
                text = str(value)
                ws.write_string(count, i, text, wrapped)
                if i < len(widths):
                    widths[i] = max(widths[i], max((len(line) for line in text.splitlines()), default=0))
        for i, width in enumerate(widths):
            ws.set_column(i, i, min(MAX_WIDTH, width + 2))
        ws.freeze_panes(1, frozen_columns)
        ws.autofilter(0, 0, count, max(len(header) - 1, 0))
    finally:
        book.close()
    return buffer.getvalue()


def _naive_utc(moment: datetime) -> datetime:
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.replace(tzinfo=None, microsecond=0)
