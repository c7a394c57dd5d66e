"""MAP spreadsheets (XLSX workbooks or CSV files) to claims: one claim per data row.

A MAP workbook often has a cover sheet and a notes sheet besides the sheet(s) holding the paths,
and title rows above each header; every sheet whose header matches `MAP_SPREADSHEET` is read and
the others are passed over.
"""

from __future__ import annotations

import csv
import io
import re

from extractors.base import Extraction, UnreadableDocument
from firpath.domain import (
    Claim,
    DeviceRef,
    Document,
    DocumentKind,
    Evidence,
    Relation,
    SourceKind,
    VersionRef,
)
from firpath.tables import (
    Column,
    Grid,
    LocatedTable,
    TableError,
    TableSchema,
    decode_text,
    locate_table,
    read_grids,
    table_records,
)
from firpath.versions import parse_firmware_version

# Where one sheet holds both a name column and an identifier column ("Manufacturer" and
# "Manufacturer ID"), the identifier is the one mapped to the CPL exactly, so its aliases come
# first: match_header takes the first alias found. The first alias is the label errors name.
MAP_SPREADSHEET = TableSchema(
    name="MAP spreadsheet",
    columns=(
        Column(
            "manufacturer",
            ("Mfr", "Manufacturer ID", "Mfr ID", "Manufacturer Identifier", "Manufacturer"),
        ),
        Column("model", ("Model ID", "Model Identifier", "Model", "Model Name")),
        Column("hardware_version", ("HW Ver", "HW Version", "Hardware Version"), required=False),
        Column(
            "base",
            (
                "Current FW",
                "Base Firmware Version",
                "Base FW",
                "From FW",
                "From Version",
                "Installed FW",
                "Required Base FW",
            ),
        ),
        Column("target", ("Target FW", "New Firmware Version", "New FW", "To FW", "To Version")),
        Column("notes", ("Notes", "Comments"), required=False),
    ),
)

# The columns whose cells make a statement; a row with all of them blank (a footnote in the
# notes column, say) states no upgrade path.
_STATEMENT_KEYS = ("manufacturer", "model", "hardware_version", "base", "target")

_ZIP_MAGIC = b"PK\x03\x04"
_CSV_DELIMITERS = (";", "\t", ",")

_NO_BASE = frozenset({"n/a", "na", "none", "-", "\u2013", "\u2014", "not applicable"})
_MINIMUM_FORMS = (
    re.compile(r"(?:>=|=>|\u2265)\s*(?P<version>\S.*)"),
    re.compile(r"min(?:imum)?\b\.?\s*:?\s*(?P<version>\S.*)", re.IGNORECASE),
    re.compile(r"(?P<version>.*\S)\s+or\s+(?:later|above|higher|newer)", re.IGNORECASE),
)
_BASE_SEPARATORS = re.compile(r"\s*[;,/\r\n]\s*|\s+or\s+", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def extract_spreadsheet(document: Document) -> Extraction:
    """Claims from every sheet of `document` that has the MAP spreadsheet header."""
    grids = _read_grids(document)
    in_workbook = _is_workbook(document)
    claims: list[Claim] = []
    misses: list[tuple[str, TableError]] = []
    for sheet, grid in grids.items():
        try:
            located = locate_table(grid, MAP_SPREADSHEET)
        except TableError as exc:
            misses.append((sheet, exc))
            continue
        location_prefix = f"sheet '{sheet}' " if in_workbook else ""
        claims.extend(_sheet_claims(document, grid, located, location_prefix))
    if len(misses) == len(grids):
        raise UnreadableDocument(_no_header_message(document, misses, in_workbook))
    return Extraction(claims=tuple(claims))


def _is_workbook(document: Document) -> bool:
    return document.kind is DocumentKind.XLSX or document.data.startswith(_ZIP_MAGIC)


def _read_grids(document: Document) -> dict[str, Grid]:
    """The document's sheets as grids; UnreadableDocument when it cannot be read as a table.

    read_grids reads anything that is not a zip archive as CSV text, so a document classified as
    XLSX whose bytes are not a zip archive (a corrupt or password-protected workbook, an old .xls)
    is refused here rather than misread as CSV.
    """
    if document.kind is DocumentKind.XLSX and not document.data.startswith(_ZIP_MAGIC):
        raise UnreadableDocument(
            f"{document.name}: not a readable XLSX workbook (not a zip archive: "
            "corrupt, password-protected, or an old .xls)"
        )
    try:
        grids = read_grids(document.name, document.data)
        if _is_workbook(document):
            return grids
        return {name: _csv_grid_with_header(document.data, grid) for name, grid in grids.items()}
    except (TableError, csv.Error) as exc:
        raise UnreadableDocument(f"{document.name}: {exc}") from exc


def _csv_grid_with_header(data: bytes, sniffed: Grid) -> Grid:
    """The CSV grid in which the MAP header is found, trying each delimiter if need be.

    csv_grid sniffs the delimiter from the first lines; title rows above the header defeat the
    sniffer, which then falls back to commas and reads a `;`-separated file as one column. The
    sniffed grid is kept when no delimiter finds the header, so the error names what it lacks.
    """
    if _has_header(sniffed):
        return sniffed
    text = decode_text(data)
    for delimiter in _CSV_DELIMITERS:
        grid = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
        if _has_header(grid):
            return grid
    return sniffed


def _has_header(grid: Grid) -> bool:
    try:
        locate_table(grid, MAP_SPREADSHEET)
    except TableError:
        return False
    return True


def _no_header_message(
    document: Document, misses: list[tuple[str, TableError]], in_workbook: bool
) -> str:
    if not in_workbook:
        return f"{document.name}: {misses[0][1]}"
    if not misses:
        return f"{document.name}: the workbook has no worksheets"
    per_sheet = "; ".join(f"sheet '{sheet}': {exc}" for sheet, exc in misses)
    return f"{document.name}: no sheet has the {MAP_SPREADSHEET.name} header ({per_sheet})"


def _sheet_claims(
    document: Document, grid: Grid, located: LocatedTable, location_prefix: str
) -> list[Claim]:
    labels = _header_labels(grid, located)
    claims = []
    for row_number, record in table_records(grid, located):
        if not any(record.get(key) for key in _STATEMENT_KEYS) or _is_repeated_header(record, labels):
            continue
        evidence = Evidence(
            file=document.name,
            sha256=document.sha256,
            location=f"{location_prefix}row {row_number}",
            text=_row_text(record, labels, located),
        )
        claims.append(_row_claim(record, evidence))
    return claims


def _header_labels(grid: Grid, located: LocatedTable) -> dict[str, str]:
    """Column key -> the header as the sheet spells it (line breaks in a header cell folded)."""
    header = grid[located.header_row]
    return {key: " ".join(header[pos].split()) for key, pos in located.columns.items()}


def _is_repeated_header(record: dict[str, str], labels: dict[str, str]) -> bool:
    return all(" ".join(record[key].split()) == labels[key] for key in ("base", "target"))


def _row_text(record: dict[str, str], labels: dict[str, str], located: LocatedTable) -> str:
    """The row as a reviewer reads it: `Label: cell` for the schema's columns, in sheet order.

    Optional columns are shown only when filled; a blank required cell is shown blank, since the
    blank is what the claim is about.
    """
    required = {column.key for column in MAP_SPREADSHEET.required}
    parts = []
    for key in sorted(located.columns, key=located.columns.__getitem__):
        cell = _LINE_BREAKS.sub("; ", record[key])
        if cell or key in required:
            parts.append(f"{labels[key]}: {cell}".rstrip())
    return " | ".join(parts)


def _row_claim(record: dict[str, str], evidence: Evidence) -> Claim:
    bases, relation = _parse_bases(record["base"])
    return Claim(
        device=DeviceRef(
            manufacturer=record["manufacturer"],
            model=record["model"],
            hardware_version=record.get("hardware_version", ""),
        ),
        target=_version_ref(record["target"], blank_note="target firmware cell is blank"),
        bases=bases,
        relation=relation,
        evidence=evidence,
        source_kind=SourceKind.SPREADSHEET,
    )


def _parse_bases(cell: str) -> tuple[tuple[VersionRef, ...], Relation]:
    """The base cell as versions and how they constrain the installed firmware.

    A blank cell is not "no base required": it gives one blank base, so the claim is reported as
    unmapped rather than proposed as `N/A`.
    """
    text = cell.strip()
    if not text:
        return (_version_ref("", blank_note="base firmware cell is blank"),), Relation.EXACT
    if text.lower() in _NO_BASE:
        return (), Relation.NONE
    for form in _MINIMUM_FORMS:
        if m := form.fullmatch(text):
            return (_version_ref(m.group("version").strip()),), Relation.MINIMUM
    parts = [part for part in _BASE_SEPARATORS.split(text) if part]
    return tuple(_version_ref(part) for part in dict.fromkeys(parts)), Relation.EXACT


def _version_ref(text: str, blank_note: str = "") -> VersionRef:
    text = text.strip()
    if not text:
        return VersionRef("", None, blank_note)
    version = parse_firmware_version(text)
    if version is not None:
        return VersionRef(text, version)
    note = f"{text!r} is not a CPL firmware version (8 hex digits); not converted"
    if text.isdigit() and len(text) < 8:
        note += " (a leading zero may have been lost if the cell was stored as a number)"
    return VersionRef(text, None, note)
