"""A MAP's return shaped like the FIR: one row per CPL entry, its Firmware Upgrade Path as Entry IDs.

SECAS asks for paths as the FIR holds them, so a MAP may answer in that shape (often the FIR export
itself with the path column filled in). Entry IDs are the CPL's own, so nothing is guessed: each
answered row is a claim about entries (`VersionRef.entry_id`), which mapping checks against the CPL;
a path cell that is not Entry IDs ("3.2.0.5 or higher") is listed for reading; a blank one is no answer.
"""

from __future__ import annotations

import re

from extractors.statements import cell_versions
from extractors.tables import HEADER_SCAN_ROWS, Column, Grid, LocatedTable, TableSchema, header_token, match_header, table_records
from firpath.domain import Claim, DeviceRef, Document, Evidence, Relation, SourceKind, UpgradePath, VersionRef
from firpath.domain.versions import parse_firmware_version

# the optional columns a return may carry beside the two that make it one (found by `_locate`)
IDENTITY = TableSchema(
    name="FIR-shaped return",
    columns=(
        Column("manufacturer", ("Manufacturer Identifier", "Manufacturer ID", "Manufacturer", "Manufacturer Name", "Mfr"), required=False),
        Column("model", ("Model Identifier", "Model ID", "Model", "Model Name"), required=False),
        Column("hardware_version", ("Hardware Version", "HW Version", "HW Ver", "HW"), required=False),
        Column("firmware_version", ("Firmware Version", "FW Version", "FW Ver", "Firmware", "FW"), required=False),
    ),
)

_ENTRY_ID = re.compile(r"\d{1,12}")
_SEPARATORS = re.compile(r"[\s;,/]+|\b(?:or|and)\b", re.I)
NOT_ENTRY_IDS = "the path cell names something that is not CPL Entry IDs; a person reads what it means"


def fir_return_claims(document: Document, sheet: str, grid: Grid, location_prefix: str) -> list[Claim] | None:
    """A claim per answered row of a sheet with an Entry ID and an upgrade path column; None when the
    sheet has no such header (it is read another way)."""
    if (located := _locate(grid)) is None:
        return None
    records = table_records(grid, located)
    answers = [r["upgrade_path"] for _, r in records if r["upgrade_path"].strip()]
    if answers and sum(_path_cell(a)[1] is not Relation.UNREAD for a in answers) * 2 < len(answers):
        return None  # a column of routes written in versions ("1.2 -> 1.3") under an "Upgrade path" header: read as such
    header = grid[located.header_row]
    claims = []
    for row_number, record in records:
        entry, path = record["entry_id"].strip(), record["upgrade_path"].strip()
        if not path or not _ENTRY_ID.fullmatch(entry):
            continue  # not answered, or a note row
        row = grid[row_number - 1]
        text = " | ".join(f"{' '.join(header[i].split())}: {cell.strip()}" if i < len(header) and header[i].strip() else cell.strip()
                          for i, cell in enumerate(row) if cell.strip())  # fmt: skip
        firmware = record.get("firmware_version", "").strip()
        bases, relation, note = _path_cell(path)
        claims.append(Claim(
            device=DeviceRef(record.get("manufacturer", ""), record.get("model", ""), record.get("hardware_version", ""),
                             context=tuple(n for n in (sheet, document.name) if n)),
            target=VersionRef(firmware, parse_firmware_version(firmware), entry_id=entry),
            bases=bases, relation=relation,
            evidence=Evidence(document.name, document.sha256, f"{location_prefix}row {row_number}", text),
            source_kind=SourceKind.SPREADSHEET, note=note,
        ))  # fmt: skip
    return claims


# "CPL Entry ID", "Entry Id", "CPL ID", "Target CPL Entry ID"; a path column names an upgrade path, or
# entry IDs with a word for what goes before ("Prerequisite CPL Entry ID(s)", "Base entry IDs")
_ID_WORDS = re.compile(r"(?:cpl)?entryids?|cplids?|cplentry")
_PATH_WORDS = re.compile(r"upgradepath|pathway|^path$")
_BEFORE_WORDS = re.compile(r"prerequisite|base|required|previous|from|predecessor|path")


def _locate(grid: Grid) -> LocatedTable | None:
    """The header row with an Entry ID column and an upgrade path column (the first such among the
    first rows); None when the sheet has none."""
    for index, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        tokens = [header_token(cell) for cell in row]
        path = next((i for i, t in enumerate(tokens) if _PATH_WORDS.search(t) or (_ID_WORDS.search(t) and _BEFORE_WORDS.search(t))), None)
        entry = next((i for i, t in enumerate(tokens) if i != path and _ID_WORDS.search(t) and not _BEFORE_WORDS.search(t)), None)
        if path is not None and entry is not None:
            return LocatedTable(index, {"entry_id": entry, "upgrade_path": path, **{
                key: pos for key, pos in match_header(row, IDENTITY).items() if pos not in (entry, path)}})  # fmt: skip
    return None


def _path_cell(cell: str) -> tuple[tuple[VersionRef, ...], Relation, str]:
    """Entry IDs however a person separated them; `N/A`; or what is listed for reading."""
    if (path := UpgradePath.parse(cell)) is not None and not path.entry_ids:
        return (), Relation.NONE, "FIR-shaped return: N/A"
    ids = [part for part in _SEPARATORS.split(cell) if part]
    if ids and all(_ENTRY_ID.fullmatch(i) for i in ids):
        return tuple(VersionRef(i, None, entry_id=i) for i in dict.fromkeys(ids)), Relation.EXACT, "FIR-shaped return"
    written = [VersionRef(m.text, parse_firmware_version(m.text)) for m in cell_versions(cell) if m.kind is not None]
    return tuple(written) or (VersionRef(cell, None),), Relation.UNREAD, NOT_ENTRY_IDS
