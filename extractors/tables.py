"""Tabular inputs (CSV and XLSX) as grids of strings, and tolerant header matching.

CPL and FIR exports and MAP spreadsheets all arrive with headers that vary by who exported them,
sometimes below a few title rows, sometimes in two rows under merged group cells ("Firmware" over
"Current" and "Target"). Every table firpath reads declares its columns once, as a `TableSchema`,
and is matched here; a missing required column is named in the error.

Tables arrive by email from anyone, so reading one is bounded (`DocumentLimits`): rows and cells
are counted as they stream in and a table over a limit is refused with the limit named; a
workbook's zip container is judged before it is unpacked (`extractors.containers`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from extractors.containers import ContainerError, ContainerRefused, check_zip
from firpath.domain.limits import DocumentLimits, setting_name

Grid = list[list[str]]

HEADER_SCAN_ROWS = 25  # title rows above a header seen in MAP sheets are a handful; be generous
EXCEL_MAX_ROWS = 1_048_576  # a row number beyond Excel's last row is no workbook Excel wrote
FORMULA_START = "="  # a cell text that a spreadsheet runs as a formula (see firpath.runtime.review_files.neutralise)


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width spaces and joiners, byte-order marks


def clean_cell(text: str) -> str:
    """A cell as firpath compares it: without the spaces (trailing ones included) and the invisible
    characters around it that copy-pasting leaves ("1101\u200b" is "1101")."""
    return text.strip().strip(_INVISIBLE).strip()


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
    return _match([[cell] for cell in header], schema)[0]


def _match(candidates: Sequence[Sequence[str]], schema: TableSchema) -> tuple[dict[str, int], dict[str, str]]:
    """(column key -> position, column key -> the header text that matched) where each position
    may be named several ways (a two-row header); for each column the first alias found wins."""
    tokens = [[header_token(text) for text in texts] for texts in candidates]
    found: dict[str, int] = {}
    labels: dict[str, str] = {}
    for column in schema.columns:
        for alias in column.aliases:
            token = header_token(alias)
            hit = next(((pos, i) for pos, names in enumerate(tokens) for i, name in enumerate(names) if name == token), None)
            if hit is not None:
                found[column.key] = hit[0]
                labels[column.key] = " ".join(candidates[hit[0]][hit[1]].split())
                break
    return found, labels


@dataclass(frozen=True)
class LocatedTable:
    header_row: int  # 0-based row index of the (lower) header row within the grid
    columns: dict[str, int]  # column key -> position
    # column key -> the header as the sheet spells it; for a two-row header the group and the
    # column together ("Current Firmware" for "Firmware" over "Current")
    labels: dict[str, str] = field(default_factory=dict)


def locate_table(grid: Grid, schema: TableSchema) -> LocatedTable:
    """The header row of `schema` in `grid` (title rows above it are allowed).

    Picks the first row, among the first HEADER_SCAN_ROWS, that has every required column; failing
    that, the first pair of rows that has them as a two-row header (a group cell over the columns
    it spans, as a merged cell or a CSV export of one leaves it). Raises TableError naming the
    required columns missing from the best candidate otherwise.
    """
    rows = grid[:HEADER_SCAN_ROWS]
    best: dict[str, int] = {}
    for index, row in enumerate(rows):
        columns, labels = _match([[cell] for cell in row], schema)
        if all(c.key in columns for c in schema.required):
            return LocatedTable(index, columns, labels)
        best = max(best, columns, key=len)
    for index in range(1, len(rows)):
        columns, labels = _match(_two_row_names(rows[index - 1], rows[index]), schema)
        if all(c.key in columns for c in schema.required):
            return LocatedTable(index, columns, labels)
        best = max(best, columns, key=len)
    missing = [c.label for c in schema.required if c.key not in best]
    raise TableError(
        f"{schema.name}: required column(s) not found: {', '.join(missing)} "
        f"(looked in the first {HEADER_SCAN_ROWS} rows for a header row)"
    )


def _two_row_names(upper: Sequence[str], lower: Sequence[str]) -> list[list[str]]:
    """Each column's possible names under a group row: its own cell first, then with its group.

    A blank group cell belongs to the group on its left (a merged cell exported to CSV keeps its
    text in the first cell only); a blank lower cell is named by its group alone (a cell merged
    down over both rows).
    """
    groups: list[str] = []
    for pos in range(max(len(upper), len(lower))):
        cell = upper[pos] if pos < len(upper) else ""  # trailing blanks were not kept
        groups.append(cell or (groups[-1] if groups else ""))
    names = []
    for pos, group in enumerate(groups):
        own = lower[pos] if pos < len(lower) else ""
        texts = [own, f"{own} {group}", f"{group} {own}"] if own and group and own != group else [own or group]
        names.append([t for t in texts if t])
    return names


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


@dataclass(frozen=True)
class Tables:
    """A file's tables (one grid a sheet, in workbook order; a CSV's named after the file) and what
    a reader should know about how they were read (macros passed over, formulas without values)."""

    grids: dict[str, Grid]
    notices: tuple[str, ...] = ()


AS_ABOVE = " (as above)"


def as_above(record: dict[str, str], above: dict[str, str], keys: Sequence[str]) -> tuple[dict[str, str], frozenset[str]]:
    """A row whose device cells are blank under a row that has them (a block of rows for one device,
    its name written once, as merged-looking sheets do): the blank cells take the row above's, and
    which ones did is said. Only when the row leaves every one of `keys` blank, so that a row naming
    any part of its device is never completed from another's."""
    if any(record.get(key) for key in keys) or not any(above.get(key) for key in keys):
        return record, frozenset()
    filled = frozenset(key for key in keys if above.get(key))
    return {**record, **{key: above[key] for key in filled}}, filled


def read_tables(name: str, data: bytes, limits: DocumentLimits | None = None) -> Tables:
    """A CSV or XLSX by its content."""
    limits = limits or DocumentLimits()
    if data[:4] == b"PK\x03\x04":
        return xlsx_tables(data, limits)
    return Tables({name: csv_grid(data, limits)})


def read_grids(name: str, data: bytes, limits: DocumentLimits | None = None) -> dict[str, Grid]:
    """A CSV (one grid, named after the file) or XLSX (one grid a sheet) by its content."""
    return read_tables(name, data, limits).grids


# --- bounded grids ----------------------------------------------------------------------------------


def bounded_grid(rows: Iterable[list[str]], limits: DocumentLimits, max_row_number: int | None = None) -> Grid:
    """The rows as a grid, refused as soon as a limit is passed (so at most `sheet_rows` rows are
    ever held). Trailing empty cells and trailing blank rows are dropped; blank rows between data
    rows are kept, as they count in the row numbers people see."""
    grid: Grid = []
    blank = 0
    for number, row in enumerate(rows, start=1):
        while row and not row[-1]:
            row.pop()
        if not row:
            blank += 1
            if max_row_number is not None and number > max_row_number:
                raise TableError(f"rows beyond row {max_row_number:,}, the last row of any Excel sheet: not a genuine workbook")
            continue
        if number > limits.sheet_rows:
            raise TableError(
                f"more than {limits.sheet_rows:,} rows (row {number:,} holds data): firpath reads at most "
                f"{limits.sheet_rows:,} rows of one sheet or CSV; split the file or raise {setting_name('sheet_rows')}"
            )
        if len(row) > limits.sheet_columns:
            raise TableError(_too_wide(number, len(row), limits))
        grid.extend([] for _ in range(blank))
        blank = 0
        grid.append(row)
    return grid


def _too_wide(number: int, width: int, limits: DocumentLimits) -> str:
    return (
        f"row {number:,} has {width:,} cells, more than the {limits.sheet_columns:,} firpath reads "
        f"(raise {setting_name('sheet_columns')} if the file is genuine)"
    )


# --- CSV ------------------------------------------------------------------------------------------

_CHUNK = 1 << 20
_DELIMITERS = (",", ";", "\t")


def text_encoding(data: bytes) -> str:
    """The encoding of text whose encoding nobody declared: a byte-order mark, then UTF-16 told by
    its zero bytes, then UTF-8 when every byte is valid UTF-8, else cp1252 (Excel's "CSV" on
    Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    half = len(sample) // 2
    if half >= 2:
        even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
        if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
            return "utf-16-le"  # ASCII text in UTF-16: every second byte is zero
        if even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
            return "utf-16-be"
    return "utf-8" if _is_utf8(data) else "cp1252"


def _is_utf8(data: bytes) -> bool:
    """Whether all of `data` is valid UTF-8, checked a chunk at a time (no copy of the whole text)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), _CHUNK):
            decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= len(view))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes) -> str:
    """Text of a CSV or email part whose encoding nobody declared (see `text_encoding`); a byte the
    encoding cannot decode (a truncated UTF-16 file) becomes U+FFFD, visibly."""
    return data.decode(text_encoding(data), errors="replace")


def _text_stream(data: bytes, encoding: str) -> io.TextIOWrapper:
    """The text decoded as it is read, so a large CSV is never held twice (bytes and text)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace", newline="")


def _head_text(data: bytes, encoding: str) -> str:
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(data[:8192])


def _delimiter(sample: str) -> str:
    """The delimiter that splits the most sample lines into the same number (>1) of cells.

    csv.Sniffer alone is thrown by the title rows MAP sheets carry above their header.
    """
    lines = [line for line in sample.splitlines()[:50] if line.strip()]

    def score(delimiter: str) -> tuple[int, int]:
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1]
        except csv.Error:
            return (0, 0)
        if not widths:
            return (0, 0)
        mode = max(set(widths), key=widths.count)
        return (widths.count(mode), mode)

    return max(_DELIMITERS, key=score)


def csv_delimiters(data: bytes) -> tuple[str, ...]:
    """Every delimiter firpath tries, the one sniffed from the first lines first."""
    sniffed = _delimiter(_head_text(data, text_encoding(data)))
    return (sniffed, *(d for d in (";", "\t", ",") if d != sniffed))


def csv_head(data: bytes, delimiter: str, rows: int = HEADER_SCAN_ROWS) -> Grid:
    """The first `rows` rows with `delimiter` (where a header is looked for); [] when they cannot
    be split as CSV."""
    reader = csv.reader(_text_stream(data, text_encoding(data)), delimiter=delimiter)
    head: Grid = []
    try:
        for row in reader:
            head.append([clean_cell(cell) for cell in row])
            if len(head) >= rows:
                break
    except csv.Error:
        return []
    return head


def csv_grid(data: bytes, limits: DocumentLimits | None = None, delimiter: str | None = None) -> Grid:
    """A CSV file as a grid; the delimiter (`,` `;` tab) is found from the first lines unless given.

    Read as a stream: at most `limits.sheet_rows` rows are held before a larger file is refused.
    """
    limits = limits or DocumentLimits()
    encoding = text_encoding(data)
    if delimiter is None:
        delimiter = _delimiter(_head_text(data, encoding))
    reader = csv.reader(_text_stream(data, encoding), delimiter=delimiter)
    try:
        return bounded_grid(([clean_cell(cell) for cell in row] for row in reader), limits)
    except csv.Error as exc:
        raise TableError(f"not readable as CSV (line {reader.line_num:,}: {exc})") from exc


# --- XLSX -----------------------------------------------------------------------------------------

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]{0,200}?\bref="([A-Za-z]{1,3})([0-9]{1,7})(?::([A-Za-z]{1,3})([0-9]{1,7}))?"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")
_SCAN_OVERLAP = 256  # bytes kept between chunks so that a tag cut in two is still found
_MACRO_PARTS = ("xl/vbaProject.bin", "xl/macrosheets/", "xl/dialogsheets/")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell(str(value))


def xlsx_grids(data: bytes, limits: DocumentLimits | None = None) -> dict[str, Grid]:
    """Every worksheet of an XLSX workbook as a grid of strings, in workbook order."""
    return xlsx_tables(data, limits or DocumentLimits()).grids


def xlsx_tables(data: bytes, limits: DocumentLimits) -> Tables:
    """Every worksheet of an XLSX workbook (.xlsx or macro-enabled .xlsm) as a grid of strings.

    - The zip container is judged first (`check_zip`): a zip bomb is refused unpacked.
    - Formulas are never evaluated. A formula cell reads as the value the workbook saved for it
      (what its author saw); one with no saved value reads as its formula text ("=..."), which
      downstream treats as a formula, never a value (and neutralises in every output).
    - A merged range reads as its value in every cell it covers, as a person sees it: a header
      "Firmware" merged over two columns names both.
    - Macros (a VBA project, Excel 4 macro sheets) are never run, read or kept; a notice says so.
    - The workbook's stated dimensions are ignored (a hostile one would pad every row to 16,384
      cells); rows are read as they stream, within `limits`.
    """
    try:
        summary = check_zip(data, limits)
    except ContainerRefused as exc:
        raise TableError(str(exc)) from exc
    except ContainerError as exc:
        raise TableError(f"not a readable XLSX workbook ({exc})") from exc
    notices: list[str] = []
    macros = sorted({part.rstrip("/") for part in _MACRO_PARTS for n in summary.names if n.startswith(part)})
    if macros:
        notices.append(
            f"macro-enabled workbook: its cells were read; its macros ({', '.join(macros)}) were never run "
            "and are in no output"
        )
    import openpyxl  # imported here: most runs read few workbooks and openpyxl is slow to import

    workbook = formulas = None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False)
        grids: dict[str, Grid] = {}
        for index, sheet in enumerate(workbook.worksheets):
            sheet.reset_dimensions()
            grid = bounded_grid(_sheet_rows(sheet, limits), limits, EXCEL_MAX_ROWS)
            merges, has_formulas = _scan_sheet_part(workbook, sheet, grid)
            if has_formulas:
                if formulas is None:
                    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_vba=False)
                unsaved = _fill_unsaved_formulas(grid, formulas.worksheets[index], limits)
                if unsaved:
                    notices.append(
                        f"sheet '{sheet.title}': {unsaved:,} formula cell(s) had no saved value and were read as "
                        "their formula text, never evaluated"
                    )
            _fill_merges(grid, merges)
            grids[sheet.title] = grid
        return Tables(grids, tuple(notices))
    except (TableError, MemoryError):
        raise
    except Exception as exc:  # openpyxl on damaged or hostile XML raises anything from KeyError to ParseError
        raise TableError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    finally:
        for book in (workbook, formulas):
            if book is not None:
                book.close()


def _sheet_rows(sheet: object, limits: DocumentLimits) -> Iterator[list[str]]:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        if len(row) > limits.sheet_columns:
            width = next((i for i in range(len(row), 0, -1) if row[i - 1] is not None and _cell_text(row[i - 1])), 0)
            if width > limits.sheet_columns:
                raise TableError(_too_wide(number, width, limits))
            row = row[:width]
        yield [_cell_text(value) for value in row]


def _scan_sheet_part(workbook: object, sheet: object, grid: Grid) -> tuple[list[tuple[int, int, int, int]], bool]:
    """The sheet's merged ranges that start within `grid` (0-based first row, first column, last
    row, last column) and whether it holds any formula, from its XML, streamed (openpyxl's
    read-only mode reads neither). Genuine ranges are disjoint, so there are fewer of them than
    the grid has cells; more is refused.

    `_archive` and `_worksheet_path` are openpyxl's read-only internals; without them (another
    openpyxl) a sheet reads as before: no merges filled, formulas as saved values only.
    """
    archive = getattr(workbook, "_archive", None)
    path = getattr(sheet, "_worksheet_path", None)
    if archive is None or path is None:
        return [], False
    width = max((len(row) for row in grid), default=0)
    merges: list[tuple[int, int, int, int]] = []
    has_formulas = False
    tail = b""
    with archive.open(path) as part:
        while chunk := part.read(_CHUNK):
            window = tail + chunk
            has_formulas = has_formulas or _FORMULA.search(window) is not None
            for m in _MERGE.finditer(window):
                if m.end() <= len(tail):  # wholly inside `tail`: found in the previous window already
                    continue
                merge = _merge_range(m)
                if merge[0] < len(grid) and merge[1] < width:
                    merges.append(merge)
            if len(merges) > len(grid) * width:
                raise TableError("more merged cell ranges than the sheet has cells: not a genuine workbook")
            tail = window[-_SCAN_OVERLAP:]
    return merges, has_formulas


def _merge_range(m: re.Match[bytes]) -> tuple[int, int, int, int]:
    first_col, first_row = _column_number(m.group(1)), int(m.group(2)) - 1
    last_col = _column_number(m.group(3)) if m.group(3) else first_col
    last_row = int(m.group(4)) - 1 if m.group(4) else first_row
    return min(first_row, last_row), min(first_col, last_col), max(first_row, last_row), max(first_col, last_col)


def _column_number(letters: bytes) -> int:
    """0-based column of `A`, `Z`, `AA`, ..."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number - 1


def _fill_merges(grid: Grid, merges: Sequence[tuple[int, int, int, int]]) -> None:
    """Each merged range's top-left text in every cell it covers, clipped to the grid; the work is
    bounded by the grid's own size (genuine ranges never overlap)."""
    if not grid or not merges:
        return
    width = max(len(row) for row in grid)
    budget = len(grid) * width
    for top, left, bottom, right in merges:
        if top >= len(grid) or left >= len(grid[top]) or not grid[top][left]:
            continue
        bottom, right = min(bottom, len(grid) - 1), min(right, width - 1)
        budget -= (bottom - top + 1) * (right - left + 1)
        if budget < 0:
            raise TableError("its merged cell ranges overlap far beyond the sheet's size: not a genuine workbook")
        value = grid[top][left]
        for row in grid[top : bottom + 1]:
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            row[left : right + 1] = [value] * (right + 1 - left)


def _fill_unsaved_formulas(grid: Grid, sheet: object, limits: DocumentLimits) -> int:
    """Blank cells of `grid` that hold a formula with no saved value get the formula's text, read
    from `sheet` (the same sheet opened with data_only=False). Returns how many."""
    from openpyxl.worksheet.formula import ArrayFormula

    sheet.reset_dimensions()  # type: ignore[attr-defined]
    filled = 0
    for index, row in enumerate(_formula_rows(sheet, limits)):
        for col, value in row:
            text = value.text if isinstance(value, ArrayFormula) else value
            if not (isinstance(text, str) and text.startswith(FORMULA_START)):
                continue
            if index < len(grid) and col < len(grid[index]) and grid[index][col]:
                continue  # the saved value was read
            while len(grid) <= index:
                grid.append([])
            target = grid[index]
            target.extend([""] * (col + 1 - len(target)))
            target[col] = text.strip()
            filled += 1
    return filled


def _formula_rows(sheet: object, limits: DocumentLimits) -> Iterator[list[tuple[int, object]]]:
    """(column, value) of each non-empty cell, row by row, within the limits the grid was read in."""
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        if number > limits.sheet_rows:
            return
        yield [(col, value) for col, value in enumerate(row[: limits.sheet_columns]) if value is not None]
