"""Tabular inputs (CSV and XLSX) as grids of strings, and tolerant header matching.

CPL and FIR exports and MAP spreadsheets all arrive with headers that vary by who exported them,
sometimes below a few title rows. Every table firpath reads declares its columns once, as a
`TableSchema`, and is matched here; a missing required column is named in the error.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

Grid = list[list[str]]

HEADER_SCAN_ROWS = 25  # title rows above a header seen in MAP sheets are a handful; be generous


class TableError(ValueError):
    """A table that cannot be read or lacks a required column; the message says which."""


@dataclass(frozen=True)
class Column:
    key: str  # the name firpath uses
    aliases: tuple[str, ...]  # headers seen in exports; compared after `header_token`
    required: bool = True

    @property
    def label(self) -> str:
        return self.aliases[0]


@dataclass(frozen=True)
class TableSchema:
    name: str  # "CPL export", "FIR export", "MAP spreadsheet"
    columns: tuple[Column, ...]

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


def header_token(text: str) -> str:
    """`CPL Entry ID`, `cpl_entry_id` and `CPL-Entry-ID ` all become `cplentryid`."""
    return re.sub(r"[^0-9a-z]", "", str(text).lower())


def match_header(header: Sequence[str], schema: TableSchema) -> dict[str, int]:
    """Column key -> position for the columns of `schema` found in `header` (first match wins)."""
    tokens = [header_token(h) for h in header]
    found: dict[str, int] = {}
    for column in schema.columns:
        for alias in column.aliases:
            token = header_token(alias)
            if token in tokens:
                found[column.key] = tokens.index(token)
                break
    return found


@dataclass(frozen=True)
class LocatedTable:
    header_row: int  # 0-based row index of the header within the grid
    columns: dict[str, int]  # column key -> position


def locate_table(grid: Grid, schema: TableSchema) -> LocatedTable:
    """The header row of `schema` in `grid` (title rows above it are allowed).

    Picks the first row, among the first HEADER_SCAN_ROWS, that has every required column; raises
    TableError naming the required columns missing from the best candidate otherwise.
    """
    best: dict[str, int] = {}
    for index, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        columns = match_header(row, schema)
        if all(c.key in columns for c in schema.required):
            return LocatedTable(index, columns)
        if len(columns) > len(best):
            best = columns
    missing = [c.label for c in schema.required if c.key not in best]
    raise TableError(
        f"{schema.name}: required column(s) not found: {', '.join(missing)} "
        f"(looked in the first {HEADER_SCAN_ROWS} rows for a header row)"
    )


def table_records(grid: Grid, located: LocatedTable) -> list[tuple[int, dict[str, str]]]:
    """(1-based row number as a person sees it, {column key: cell}) for each non-blank data row."""
    records = []
    for index in range(located.header_row + 1, len(grid)):
        row = grid[index]
        if not any(cell.strip() for cell in row):
            continue
        record = {key: (row[pos].strip() if pos < len(row) else "") for key, pos in located.columns.items()}
        records.append((index + 1, record))
    return records


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def decode_text(data: bytes) -> str:
    """Text of a CSV or email part whose encoding nobody declared: BOM, then UTF-8, then cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_DELIMITERS = (",", ";", "\t")


def _delimiter(sample: str) -> str:
    """The delimiter that splits the most sample lines into the same number (>1) of cells.

    csv.Sniffer alone is thrown by the title rows MAP sheets carry above their header.
    """
    lines = [line for line in sample.splitlines()[:50] if line.strip()]

    def score(delimiter: str) -> tuple[int, int]:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1]
        if not widths:
            return (0, 0)
        mode = max(set(widths), key=widths.count)
        return (widths.count(mode), mode)

    return max(_DELIMITERS, key=score)


def csv_grid(data: bytes) -> Grid:
    """A CSV file as a grid; the delimiter (`,` `;` tab) is found from the first lines."""
    text = decode_text(data)
    delimiter = _delimiter(text[:8192])
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def xlsx_grids(data: bytes) -> dict[str, Grid]:
    """Every worksheet of an XLSX workbook as a grid of strings, in workbook order.

    Formulas are read as their cached values, never evaluated; a cell's formula text is never
    taken for data.
    """
    import openpyxl  # imported here: most runs read few workbooks and openpyxl is slow to import

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, AttributeError) as exc:
        raise TableError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    try:
        grids = {}
        for sheet in workbook.worksheets:
            grids[sheet.title] = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        return grids
    except (KeyError, ValueError, AttributeError, zipfile.BadZipFile) as exc:
        raise TableError(f"XLSX workbook cannot be read ({type(exc).__name__}: {exc})") from exc
    finally:
        workbook.close()


def read_grids(name: str, data: bytes) -> dict[str, Grid]:
    """A CSV (one grid, named after the file) or XLSX (one grid a sheet) by its content."""
    if data[:4] == b"PK\x03\x04":
        return xlsx_grids(data)
    return {name: csv_grid(data)}
