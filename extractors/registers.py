"""The two registers a run is checked against: the CPL export and the FIR export (CSV or XLSX).

Their problems are the analyst's to fix before a run makes sense, so they raise RegisterError
naming the file and the problem, instead of being quarantined like inbox documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extractors.tables import (
    FORMULA_START,
    Column,
    LocatedTable,
    TableError,
    TableSchema,
    locate_table,
    read_grids,
    table_records,
)
from firpath.domain import CplEntry, UpgradePath
from firpath.domain.versions import normalise_hex_id, parse_firmware_version, register_version

CPL_EXPORT = TableSchema(
    "CPL export",
    (
        Column("entry_id", ("CPL Entry ID", "Entry ID", "CPL ID", "CPL Entry")),
        Column("manufacturer_id", ("Manufacturer Identifier", "Manufacturer ID", "Mfr ID", "Manufacturer Id (hex)")),
        Column("model_id", ("Model Identifier", "Model ID", "Model Id (hex)")),
        Column("hardware_version", ("Hardware Version", "HW Version", "HW Ver")),
        Column("firmware_version", ("Firmware Version", "FW Version", "FW Ver")),
        Column("manufacturer_name", ("Manufacturer Name", "Manufacturer"), required=False),
        Column("model_name", ("Model Name", "Model", "Device Model"), required=False),
        Column("device_type", ("Device Type", "Type"), required=False),
        Column("status", ("Status", "CPL Status", "Entry Status"), required=False),
    ),
)

FIR_EXPORT = TableSchema(
    "FIR export",
    (
        Column("entry_id", ("CPL Entry ID", "Entry ID", "CPL ID", "CPL Entry")),
        Column(
            "upgrade_path",
            ("Firmware Upgrade Path", "Upgrade Path", "FW Upgrade Path", "Firmware Upgrade Pathway"),
            required=False,  # FIR exports from before MP231 have no such column: every path is blank
        ),
    ),
)


class RegisterError(ValueError):
    """A CPL or FIR export that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Fir:
    """The FIR's current upgrade paths (None: blank), and the export's own rows for its layout."""

    paths: dict[str, UpgradePath | None]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # entry id -> its row's number in the export as a person sees it (a reviewer is told where a value came from)
    row_numbers: dict[str, int] = field(default_factory=dict)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _register_table(path: Path | str, data: bytes, schema: TableSchema) -> tuple[list[list[str]], LocatedTable]:
    """The first sheet holding `schema`'s header (a cover sheet in front is fine), and where it is."""
    try:
        grids = read_grids(Path(path).name, data)
    except TableError as exc:
        raise RegisterError(f"{path}: {exc}") from exc
    if not grids:
        raise RegisterError(f"{path}: the workbook has no sheets")
    first_error: TableError | None = None
    for grid in grids.values():
        try:
            return grid, locate_table(grid, schema)
        except TableError as exc:
            first_error = first_error or exc
    raise RegisterError(f"{path}: {first_error}")


def _formula_id(text: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return (
        f"CPL Entry ID {shown!r} is a spreadsheet formula with no saved value, not an ID (firpath never "
        "evaluates formulas: save the export from Excel so its values are saved, or export it as CSV)"
    )


def load_cpl(path: Path) -> list[CplEntry]:
    return cpl_from_bytes(path, _read(path))


def load_fir(path: Path) -> Fir:
    return fir_from_bytes(path, _read(path))


def cpl_from_bytes(path: Path | str, data: bytes) -> list[CplEntry]:
    """Every usable CPL entry of the export (rows that cannot be read are left out: `read_cpl` says which)."""
    return read_cpl(path, data).entries


@dataclass(frozen=True)
class CplExport:
    entries: list[CplEntry]
    skipped: tuple[str, ...]  # "row 7: ..." for each row left out, with why


def read_cpl(path: Path | str, data: bytes) -> CplExport:
    """The CPL export's entries, and the rows left out with the reason: a blank or formula Entry ID,
    a firmware version that is no version at all. Firmware versions of any scheme are read (8 hex
    digits in CPL form; dotted numbers as written, ordered by their numbers); one that lost its
    leading zeros in a spreadsheet is named as such. A repeated Entry ID stops the run (which row is
    the entry cannot be told), as does a missing column or an export with no usable row."""
    grid, located = _register_table(path, data, CPL_EXPORT)
    rows: list[tuple[int, dict[str, str]]] = list(table_records(grid, located))
    hex_devices = _hex_devices(rows)
    entries: list[CplEntry] = []
    seen: dict[str, int] = {}
    skipped: list[str] = []
    repeated: list[str] = []
    for row_number, record in rows:
        entry_id = record["entry_id"]
        written = record["firmware_version"].strip()
        if not entry_id:
            skipped.append(f"row {row_number}: blank CPL Entry ID")
            continue
        if entry_id.startswith(FORMULA_START):
            skipped.append(f"row {row_number}: {_formula_id(entry_id)}")
            continue
        if entry_id in seen:
            repeated.append(f"row {row_number}: CPL Entry ID {entry_id} repeats row {seen[entry_id]}")
            continue
        seen[entry_id] = row_number
        if (problem := _version_problem(written, _device_of(record) in hex_devices)) is not None:
            skipped.append(f"row {row_number} (CPL Entry ID {entry_id}): {problem}")
            continue
        version = register_version(written)
        assert version is not None  # _version_problem said it reads
        entries.append(
            CplEntry(
                entry_id=entry_id,
                manufacturer_id=normalise_hex_id(record["manufacturer_id"]),
                model_id=normalise_hex_id(record["model_id"]),
                hardware_version=normalise_hex_id(record["hardware_version"]),
                firmware_version=version,
                manufacturer_name=record.get("manufacturer_name", ""),
                model_name=record.get("model_name", ""),
                device_type=record.get("device_type", ""),
                status=record.get("status", ""),
            )
        )
    if repeated:
        shown = "; ".join(repeated[:10]) + (f"; and {len(repeated) - 10} more" if len(repeated) > 10 else "")
        raise RegisterError(f"{path}: {len(repeated)} repeated Entry ID(s): {shown}")
    if not entries:
        shown = "; ".join(skipped[:5])
        raise RegisterError(f"{path}: the CPL export has no usable entries" + (f" ({shown})" if shown else ""))
    return CplExport(entries, tuple(skipped))


def _device_of(record: dict[str, str]) -> tuple[str, str, str]:
    return tuple(normalise_hex_id(record[k]) for k in ("manufacturer_id", "model_id", "hardware_version"))  # type: ignore[return-value]


def _hex_devices(rows: Iterable[tuple[int, dict[str, str]]]) -> set[tuple[str, str, str]]:
    """The devices whose versions are mostly 8 hex digits (as GB CPL versions are): on those a dotted
    version is a typing slip to report; a device written wholly in another scheme is read in it
    (versions are only ever compared within one device)."""
    versions: dict[tuple[str, str, str], list[str]] = {}
    for _, record in rows:
        versions.setdefault(_device_of(record), []).append(record["firmware_version"])
    return {device for device, written in versions.items() if _at_least_half_hex(written)}


def _at_least_half_hex(versions: Iterable[str]) -> bool:
    written = [v.strip() for v in versions if v.strip()]
    return bool(written) and sum(parse_firmware_version(v) is not None for v in written) * 2 >= len(written)


def _version_problem(written: str, hex_register: bool) -> str | None:
    """Why a register's firmware cell cannot be an entry's version, or None when it can."""
    if not written:
        return "blank firmware version"
    if written.startswith(FORMULA_START):
        return f"firmware version {written!r} is a spreadsheet formula with no saved value"
    if hex_register and parse_firmware_version(written) is None and re.fullmatch(r"[0-9A-Fa-f]{1,7}", written):
        return (
            f"firmware version {written!r} has fewer than 8 hex digits: a spreadsheet probably stored it as a number "
            f"and dropped its leading zeros ({written.zfill(8).upper()}?); export the column as text and run again"
        )
    if register_version(written) is None:
        return f"firmware version {written!r} is not a version (8 hex digits, or a numbered version such as 4.2.1)"
    if hex_register and parse_firmware_version(written) is None:
        return f"firmware version {written!r} is not 8 hex digits, as the rest of this device's CPL entries write their versions"
    return None


def fir_from_bytes(path: Path | str, data: bytes) -> Fir:
    grid, located = _register_table(path, data, FIR_EXPORT)
    header = tuple(grid[located.header_row])
    paths: dict[str, UpgradePath | None] = {}
    rows: list[tuple[str, ...]] = []
    row_numbers: dict[str, int] = {}
    for row_number, record in table_records(grid, located):
        entry_id = record["entry_id"]
        if not entry_id:
            raise RegisterError(f"{path}: row {row_number}: blank CPL Entry ID")
        if entry_id.startswith(FORMULA_START):
            raise RegisterError(f"{path}: row {row_number}: {_formula_id(entry_id)}")
        if entry_id in paths:
            raise RegisterError(f"{path}: row {row_number}: CPL Entry ID {entry_id} appears twice")
        paths[entry_id] = UpgradePath.parse(record.get("upgrade_path"))
        row_numbers[entry_id] = row_number
        row = grid[row_number - 1]  # read without its trailing blank cells: the layout is the header's
        rows.append(tuple(row) + ("",) * (len(header) - len(row)))
    return Fir(paths=paths, header=header, rows=tuple(rows), row_numbers=row_numbers)
