"""A MAP's return shaped like the FIR: one row per CPL entry, its Firmware Upgrade Path as Entry IDs.

SECAS asks for paths as the FIR holds them, so a MAP may answer in that shape (often the FIR export
itself with the path column filled in). Entry IDs are the CPL's own, so nothing is guessed: each
answered row is a claim about entries (`VersionRef.entry_id`), which mapping checks against the CPL;
a path cell that is not Entry IDs ("3.2.0.5 or higher") is listed for reading; a blank one is no answer.
"""

from __future__ import annotations

import re

from extractors.registers import FIR_EXPORT
from extractors.statements import cell_versions
from extractors.tables import Column, Grid, TableError, TableSchema, locate_table, table_records
from firpath.domain import Claim, DeviceRef, Document, Evidence, Relation, SourceKind, UpgradePath, VersionRef
from firpath.domain.versions import parse_firmware_version

_ENTRY, _PATH = FIR_EXPORT.columns  # the FIR's own names for the two columns, and more a MAP writes
FIR_RETURN = TableSchema(
    name="FIR-shaped return",
    columns=(
        Column("entry_id", (*_ENTRY.aliases, "CPL Entry No", "CPL Ref", "Entry")),
        Column("upgrade_path", (*_PATH.aliases, "Upgrade Path (Entry IDs)", "Upgrade Path Entry IDs", "Path (Entry IDs)",
                                "Base Entry IDs", "Prerequisite Entry IDs", "Base Entry ID", "Path")),  # fmt: skip
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
    try:
        located = locate_table(grid, FIR_RETURN)
    except TableError:
        return None
    header = grid[located.header_row]
    claims = []
    for row_number, record in table_records(grid, located):
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


def _path_cell(cell: str) -> tuple[tuple[VersionRef, ...], Relation, str]:
    """Entry IDs however a person separated them; `N/A`; or what is listed for reading."""
    if (path := UpgradePath.parse(cell)) is not None and not path.entry_ids:
        return (), Relation.NONE, "FIR-shaped return: N/A"
    ids = [part for part in _SEPARATORS.split(cell) if part]
    if ids and all(_ENTRY_ID.fullmatch(i) for i in ids):
        return tuple(VersionRef(i, None, entry_id=i) for i in dict.fromkeys(ids)), Relation.EXACT, "FIR-shaped return"
    written = [VersionRef(m.text, parse_firmware_version(m.text)) for m in cell_versions(cell) if m.kind is not None]
    return tuple(written) or (VersionRef(cell, None),), Relation.UNREAD, NOT_ENTRY_IDS
