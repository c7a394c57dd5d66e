"""The approved changes in the FIR export's own layout, for SECAS to apply as is.

Same header, same cells, every value exactly as the FIR export held it (a contact `+44 20 ...`, a
model `-E2`, even a cell that looks like a formula: it came from the FIR itself); only the
upgrade-path cell of each changed row holds the approved path. An export without an upgrade-path
column (from before MP231) gets one appended. Injection is kept out another way: what firpath writes
itself (the path, and the Entry ID of a row the export lacks) is checked to be CPL Entry IDs that no
spreadsheet would run, and the XLSX holds every cell as text (`firpath.runtime.sheets`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from extractors.registers import FIR_EXPORT, Fir
from extractors.tables import match_header
from firpath.publish.files import PublishRefused
from firpath.publish.selection import PublishedChange
from firpath.runtime.parquet import table_parquet_bytes
from firpath.runtime.review_files import FORMULA_PREFIXES
from firpath.runtime.sheets import table_xlsx_bytes

UPGRADE_PATH_HEADER = "Firmware Upgrade Path"  # the column appended when the export has none
SHEET_NAME = "FIR upgrade path changes"


@dataclass(frozen=True)
class ChangeTable:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the FIR's own cells, the approved path in its column
    entry_id_column: str
    upgrade_path_column: str
    upgrade_path_added: bool  # the export had no upgrade-path column


def change_table(fir: Fir, changes: Sequence[PublishedChange]) -> ChangeTable:
    """The FIR rows of `changes` (FIR order) with the approved path; an entry the export lacks gets a
    row of its own holding only its Entry ID and path."""
    columns = match_header(fir.header, FIR_EXPORT)
    entry_col = columns["entry_id"]
    header = list(fir.header)
    path_col = columns.get("upgrade_path")
    added = path_col is None
    if path_col is None:
        path_col = len(header)
        header.append(UPGRADE_PATH_HEADER)

    original = dict(zip(fir.paths, fir.rows, strict=True))  # both in the export's row order
    rows: list[tuple[str, ...]] = []
    if problems := [p for change in changes for p in _written_problems(change)]:
        raise PublishRefused("firpath would write cells a spreadsheet could run: " + "; ".join(problems))
    for change in changes:
        entry_id = change.entry.entry_id
        # cells beyond the header have no column to belong to: the layout is the header's
        cells = list(original.get(entry_id, ()))[: len(fir.header)]
        cells += [""] * (len(header) - len(cells))
        if not change.in_fir_export:
            cells[entry_col] = entry_id
        cells[path_col] = str(change.new)
        rows.append(tuple(cells))
    return ChangeTable(
        header=tuple(header),
        rows=tuple(rows),
        entry_id_column=header[entry_col],
        upgrade_path_column=header[path_col],
        upgrade_path_added=added,
    )


def _written_problems(change: PublishedChange) -> list[str]:
    """What is wrong with the cells firpath itself writes for `change` (Entry IDs, the path)."""
    entry_id = change.entry.entry_id
    written = [entry_id, *change.new.entry_ids]
    return [
        f"{entry_id}: {value!r} starts with {value[0]!r} or holds a control character"
        for value in dict.fromkeys(written)
        if not value or value.startswith(FORMULA_PREFIXES) or any(not ch.isprintable() for ch in value)
    ]


def csv_bytes(table: ChangeTable) -> bytes:
    """UTF-8, `\\r\\n` line ends (RFC 4180; cells with line breaks are quoted)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8")


def parquet_bytes(table: ChangeTable) -> bytes:
    """The same cells in string columns, so a program reading it keeps `0002` and `1101` as text."""
    return table_parquet_bytes(table.header, table.rows)


def xlsx_bytes(table: ChangeTable, as_of: datetime) -> bytes:

    return table_xlsx_bytes(SHEET_NAME, table.header, table.rows, created=as_of)
