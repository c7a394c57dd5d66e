"""MAP spreadsheets (XLSX workbooks or CSV files) to claims: one claim per data row.

A MAP workbook often has a cover sheet and a notes sheet besides the sheet(s) holding the paths,
and title rows above each header; every sheet whose header matches `MAP_SPREADSHEET` is read and
the others are passed over.
"""

from __future__ import annotations

import re

from extractors.spreadsheet.fir_return import fir_return_claims
from extractors.spreadsheet.template import is_template, read_template
from extractors.statements import ColumnRole, DocumentContext, cell_versions, hardware_in, release_in, sentence_context, table_claims, table_roles
from extractors.tables import (
    FORMULA_START,
    HEADER_SCAN_ROWS,
    Column,
    Grid,
    LocatedTable,
    TableError,
    Tables,
    TableSchema,
    csv_delimiters,
    csv_grid,
    csv_head,
    AS_ABOVE,
    as_above,
    locate_table,
    table_records,
    xlsx_tables,
)
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
from firpath.domain.documents import Extraction, UnreadableDocument
from firpath.domain.limits import DocumentLimits
from firpath.domain.versions import has_version_mention, parse_firmware_version

IDENTITY_KEYS = ("manufacturer", "model", "hardware_version")

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
                # as a column reads under a "Firmware" group cell (two-row headers)
                "Current Firmware",
                "Current Firmware Version",
                "Base Firmware",
                "From Firmware",
                "From Firmware Version",
            ),
        ),
        Column(
            "target",
            (
                "Target FW",
                "New Firmware Version",
                "New FW",
                "To FW",
                "To Version",
                "Target Firmware",
                "Target Firmware Version",
                "New Firmware",
                "To Firmware",
                "To Firmware Version",
            ),
        ),
        Column("notes", ("Notes", "Comments"), required=False),
    ),
)

# The columns whose cells make a statement; a row with all of them blank (a footnote in the
# notes column, say) states no upgrade path.
_STATEMENT_KEYS = ("manufacturer", "model", "hardware_version", "base", "target")

_ZIP_MAGIC = b"PK\x03\x04"

_NO_BASE = frozenset({"n/a", "na", "none", "-", "\u2013", "\u2014", "not applicable"})
_MINIMUM_FORMS = (
    re.compile(r"(?:>=|=>|\u2265)\s*(?P<version>\S.*)"),
    re.compile(r"min(?:imum)?\b\.?\s*:?\s*(?P<version>\S.*)", re.IGNORECASE),
    re.compile(r"(?P<version>.*\S)\s+or\s+(?:later|above|higher|newer)", re.IGNORECASE),
)
_BASE_SEPARATORS = re.compile(r"\s*[;,/\r\n]\s*|\s+or\s+", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def extract_spreadsheet(document: Document, limits: DocumentLimits | None = None) -> Extraction:
    """Claims from every sheet of `document` that has the MAP spreadsheet header."""
    tables = _read_tables(document, limits or DocumentLimits())
    if is_template(tables):  # a returned `firpath template`: read exactly by its own format, no header guessed
        return read_template(document, tables)
    in_workbook = _is_workbook(document)
    claims: list[Claim] = []
    misses: list[tuple[str, TableError]] = []
    read_any = False
    for sheet, grid in tables.grids.items():
        location_prefix = f"sheet '{sheet}' " if in_workbook else ""
        if (returned := fir_return_claims(document, sheet if in_workbook else "", grid, location_prefix)) is not None:
            read_any = True  # the FIR's own shape: Entry IDs, nothing to guess
            claims.extend(returned)
            continue
        try:
            located = locate_table(grid, MAP_SPREADSHEET)
        except TableError as exc:
            found = _typed_table_claims(document, sheet if in_workbook else "", grid, location_prefix)
            if found is None:
                found = _rows_for_reading(document, sheet if in_workbook else "", grid, location_prefix) or None
            if found is None:
                misses.append((sheet, exc))
            else:
                read_any = True
                claims.extend(found)
            continue
        read_any = True
        if ColumnRole.PATH in table_roles(grid[located.header_row]):
            # "Installed FW | Target FW | Route": the route cell says how, its steps included; the typed reading reads it
            claims.extend(_typed_table_claims(document, sheet if in_workbook else "", grid, location_prefix) or ())
            continue
        claims.extend(_sheet_claims(document, grid, located, location_prefix))
    if not read_any:
        raise UnreadableDocument(_no_header_message(document, misses, in_workbook))
    return Extraction(claims=tuple(claims), notices=tables.notices)


def _typed_table_claims(document: Document, sheet: str, grid: Grid, location_prefix: str) -> list[Claim] | None:
    """A sheet in another house style: its columns typed by their header words (`Current | Target`,
    `Installed | Upgrade to`, `Minimum FW`, German headers...), its device from its columns or, where
    it has none, from the rows above the header, the sheet's name and the file's. None when no row
    heads such a table."""
    header_at = next((i for i, row in enumerate(grid[:HEADER_SCAN_ROWS]) if table_roles(row)), None)
    if header_at is None:
        return _prose_rows(document, sheet, grid, location_prefix)
    title = " ".join(cell for row in grid[:header_at] for cell in row if cell.strip())
    ctx = _sheet_context(title, sheet, document)
    return table_claims(
        grid[header_at:], ctx, file=document.name, sha256=document.sha256, location=location_prefix.strip() or "",
        source_kind=SourceKind.SPREADSHEET, heading=title, sheet_row_of_first=header_at + 1,
    )  # fmt: skip


def _prose_rows(document: Document, sheet: str, grid: Grid, location_prefix: str) -> list[Claim] | None:
    """A sheet of notes with no table header ("From 4.18.05 | Directly upgrade from 4.18.05 -> 4.50.00"):
    each row read as a statement; None when no row states a requirement or needs reading, so that
    the sheet is still reported as having no header."""
    ctx = _headerless_context(document, sheet, grid)
    found = table_claims(grid, ctx, file=document.name, sha256=document.sha256, location=location_prefix.strip() or "",
                         source_kind=SourceKind.SPREADSHEET, sheet_row_of_first=1)  # fmt: skip
    return found or None


_NOT_UNDERSTOOD = "a spreadsheet row naming versions, in a sheet whose columns were not understood (no From/To, Current/Target, route or matrix header)"


def _rows_for_reading(document: Document, sheet: str, grid: Grid, location_prefix: str) -> list[Claim]:
    """A sheet no header or content types, whose rows still name two versions or more: each such row
    is listed for a person to read, not dropped with the sheet (a layout no rule knows is still
    what a MAP sent). Rows naming fewer are a register, notes or a cover sheet."""
    ctx = _headerless_context(document, sheet, grid)
    claims: list[Claim] = []
    for number, row in enumerate(grid, start=1):
        cells = [cell.strip() for cell in row if cell.strip()]
        # a version written as one (not a bare number: a count of meters is no version outside a version column)
        versions = [m.text for cell in cells if has_version_mention(cell) for m in cell_versions(cell) if m.kind is not None]
        if len(versions) < 2:
            continue
        evidence = Evidence(file=document.name, sha256=document.sha256, location=f"{location_prefix}row {number}", text=" | ".join(cells))
        local = sentence_context(" ".join(cells), ctx)
        claims.extend(
            Claim(device=device, target=VersionRef("", None, "the row's columns were not understood"),
                  bases=tuple(local.resolve(v) for v in dict.fromkeys(versions)), relation=Relation.UNREAD,
                  evidence=evidence, source_kind=SourceKind.SPREADSHEET, note=_NOT_UNDERSTOOD)  # fmt: skip
            for device in local.devices()
        )
    return claims


def _headerless_context(document: Document, sheet: str, grid: Grid) -> DocumentContext:
    """A sheet with no table header: its first filled cell is its title (a release, a device), named
    with the sheet's and the file's names."""
    title = next((cell for row in grid[:3] for cell in row if cell.strip()), "")
    return _sheet_context(title, sheet, document)


def _sheet_context(title: str, sheet: str, document: Document) -> DocumentContext:
    """A sheet's device and release as its title names them ("Norvale NV-E200 HW 0001 - version history"),
    else its name ("ZE300 hw0003"); named with the sheet's and the file's names for mapping."""
    hardware = hardware_in(title) or hardware_in(sheet)
    return DocumentContext(release=release_in(title), hardware_versions=hardware).named(title, sheet, document.name)


def _is_workbook(document: Document) -> bool:
    return document.kind is DocumentKind.XLSX or document.data.startswith(_ZIP_MAGIC)


def _read_tables(document: Document, limits: DocumentLimits) -> Tables:
    """The document's sheets as grids; UnreadableDocument when it cannot be read as a table.

    Anything that is not a zip archive is read as CSV text, so a document classified as XLSX whose
    bytes are not a zip archive (a corrupt or password-protected workbook, an old .xls) is refused
    here rather than misread as CSV.
    """
    if document.kind is DocumentKind.XLSX and not document.data.startswith(_ZIP_MAGIC):
        raise UnreadableDocument(
            f"{document.name}: not a readable XLSX workbook (not a zip archive: "
            "corrupt, password-protected, or an old .xls)"
        )
    try:
        if _is_workbook(document):
            return xlsx_tables(document.data, limits)
        return Tables({document.name: csv_grid(document.data, limits, _csv_delimiter(document.data))})
    except TableError as exc:
        raise UnreadableDocument(f"{document.name}: {exc}") from exc


def _csv_delimiter(data: bytes) -> str:
    """The delimiter with which the MAP header is found in the first rows; the sniffed one if none.

    The sniffer looks at the first lines; title rows above the header can defeat it (a
    `;`-separated file then reads as one column), so each delimiter is tried on the head. The
    sniffed one is kept when none finds the header, so the error names what the file lacks.
    """
    delimiters = csv_delimiters(data)
    return next((d for d in delimiters if _has_header(csv_head(data, d))), delimiters[0])


def _has_header(grid: Grid) -> bool:
    try:
        locate_table(grid, MAP_SPREADSHEET)
    except TableError:
        return any(table_roles(row) for row in grid[:HEADER_SCAN_ROWS])
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
    header_texts = _header_texts(labels, grid, located)
    claims = []
    above: dict[str, str] = {}
    for row_number, record in table_records(grid, located):
        if not any(record.get(key) for key in _STATEMENT_KEYS) or _is_repeated_header(record, header_texts):
            continue
        record, filled = as_above(record, above, IDENTITY_KEYS)
        above = {key: record.get(key, "") for key in IDENTITY_KEYS}
        evidence = Evidence(
            file=document.name,
            sha256=document.sha256,
            location=f"{location_prefix}row {row_number}",
            text=_row_text(record, labels, located, filled),
        )
        claims.append(_row_claim(record, evidence))
    return claims


def _header_labels(grid: Grid, located: LocatedTable) -> dict[str, str]:
    """Column key -> the header as the sheet spells it (line breaks in a header cell folded; under
    a group cell, the two together: "Current Firmware")."""
    header = grid[located.header_row]
    return {
        key: located.labels.get(key) or " ".join(header[pos].split() if pos < len(header) else [])
        for key, pos in located.columns.items()
    }


def _header_texts(labels: dict[str, str], grid: Grid, located: LocatedTable) -> dict[str, set[str]]:
    """Per statement column, the texts a repeated header row holds there: the label, the cell of
    the header row itself and, under a two-row header, the group cell above it (either row of a
    two-row header may be repeated)."""
    header = grid[located.header_row]
    upper = grid[located.header_row - 1] if located.header_row else []
    texts = {}
    for key in ("base", "target"):
        pos = located.columns[key]
        own = " ".join(header[pos].split()) if pos < len(header) else ""
        texts[key] = {labels[key], own} - {""}
        if labels[key] != own:  # matched with its group cell: a two-row header
            texts[key].add(" ".join(upper[pos].split()) if pos < len(upper) else "")
    return texts


def _is_repeated_header(record: dict[str, str], header_texts: dict[str, set[str]]) -> bool:
    """A row that repeats the header, as a sheet printed in pages does."""
    return all(" ".join(record[key].split()) in texts for key, texts in header_texts.items())


def _row_text(record: dict[str, str], labels: dict[str, str], located: LocatedTable, filled: frozenset[str] = frozenset()) -> str:
    """The row as a reviewer reads it: `Label: cell` for the schema's columns, in sheet order.

    Optional columns are shown only when filled; a blank required cell is shown blank, since the
    blank is what the claim is about; a cell taken from the row above says so.
    """
    required = {column.key for column in MAP_SPREADSHEET.required}
    parts = []
    for key in sorted(located.columns, key=located.columns.__getitem__):
        cell = _LINE_BREAKS.sub("; ", record[key])
        if cell or key in required:
            parts.append(f"{labels[key]}: {cell}{AS_ABOVE if key in filled else ''}".rstrip())
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
    if text.startswith(FORMULA_START):  # one formula, however many commas its arguments have
        return (_version_ref(text),), Relation.EXACT
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
    if text.startswith(FORMULA_START):
        return VersionRef(text, None, f"{text!r} is a spreadsheet formula, never evaluated; not a CPL firmware version",
                          readable=False)  # fmt: skip
    version = parse_firmware_version(text)
    if version is not None:
        return VersionRef(text, version)
    return VersionRef(text, None)  # read against the device's register by mapping (lost leading zeros included)
