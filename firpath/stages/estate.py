"""The estate: how many devices run each CPL entry, from a MAP's CSV/XLSX, to weight routes by.

A MAP keeps its estate as manufacturer, model, hardware version, firmware version and a device
count per row. Each row is matched to exactly one CPL entry by identifiers (or exact names) and the
firmware's CPL form; a row that matches none, or several, is kept aside with the reason and never
guessed into a near miss (the same rule as the mapping of claims).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extractors.tables import Column, TableError, TableSchema, locate_table, read_grids, table_records
from firpath.domain import CplEntry
from firpath.domain.versions import normalise_hex_id, parse_firmware_version

# Identifier aliases first: where a sheet has both "Manufacturer" and "Manufacturer ID", the
# identifier is the one that matches the CPL exactly (the first alias found wins).
ESTATE = TableSchema(
    "estate",
    (
        Column(
            "manufacturer",
            ("Manufacturer ID", "Manufacturer Identifier", "Mfr ID", "Mfr", "Manufacturer", "Manufacturer Name"),
        ),
        Column("model", ("Model ID", "Model Identifier", "Model", "Model Name")),
        Column("hardware_version", ("Hardware Version", "HW Version", "HW Ver")),
        Column(
            "firmware_version",
            (
                "Firmware Version",
                "FW Version",
                "FW Ver",
                "Current Firmware",
                "Current FW",
                "Installed Firmware",
                "Installed FW",
            ),
        ),
        Column("devices", ("Device Count", "Devices", "Number of Devices", "Count", "Quantity", "Qty")),
    ),
)


class EstateError(ValueError):
    """An estate file that cannot be used at all; the message names the file and the problem."""


@dataclass(frozen=True)
class UnmatchedEstateRow:
    row: int  # as a person sees it in the file
    text: str  # the row's cells, for the message
    devices: int
    reason: str


@dataclass(frozen=True)
class Estate:
    devices: dict[str, int]  # CPL Entry ID -> devices running it (rows for one entry added up)
    unmatched: tuple[UnmatchedEstateRow, ...]

    def on(self, entry_id: str) -> int:
        return self.devices.get(entry_id, 0)

    @property
    def matched_devices(self) -> int:
        return sum(self.devices.values())

    @property
    def unmatched_devices(self) -> int:
        return sum(row.devices for row in self.unmatched)


def _token(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _names(text: str, identifier: str, name: str) -> bool:
    """Whether a cell names this identifier (any hex spelling) or, exactly, this name."""
    return normalise_hex_id(text) == identifier or (bool(_token(name)) and _token(text) == _token(name))


def _count(text: str) -> int | None:
    cleaned = text.replace(",", "").replace(" ", "").replace("\u00a0", "")
    cleaned = cleaned.removesuffix(".0")
    return int(cleaned) if cleaned.isdecimal() else None


def read_estate(name: Path | str, data: bytes, cpl: Iterable[CplEntry]) -> Estate:
    """The estate file's rows matched to `cpl`; raises EstateError when no sheet holds an estate table."""
    try:
        grids = read_grids(Path(name).name, data)
    except TableError as exc:
        raise EstateError(f"{name}: {exc}") from exc
    by_version: dict[tuple[str, str], list[CplEntry]] = defaultdict(list)
    for entry in cpl:
        by_version[(entry.hardware_version, entry.firmware_version.text)].append(entry)
    first_error: TableError | None = None
    for grid in grids.values():
        try:
            located = locate_table(grid, ESTATE)
        except TableError as exc:
            first_error = first_error or exc
            continue
        devices: dict[str, int] = defaultdict(int)
        unmatched: list[UnmatchedEstateRow] = []
        for row, record in table_records(grid, located):
            text = ", ".join(record[c.key] for c in ESTATE.columns)
            count = _count(record["devices"])
            if count is None:
                unmatched.append(
                    UnmatchedEstateRow(row, text, 0, f"device count {record['devices']!r} is not a whole number")
                )
                continue
            version = parse_firmware_version(record["firmware_version"])
            if version is None:
                reason = f"firmware version {record['firmware_version']!r} is not in the CPL's form (8 hex digits)"
                unmatched.append(UnmatchedEstateRow(row, text, count, reason))
                continue
            candidates = by_version.get((normalise_hex_id(record["hardware_version"]), version.text), [])
            matches = [
                e for e in candidates
                if _names(record["manufacturer"], e.manufacturer_id, e.manufacturer_name)
                and _names(record["model"], e.model_id, e.model_name)
            ]  # fmt: skip
            if len(matches) == 1:
                devices[matches[0].entry_id] += count
            elif matches:
                ids = ", ".join(sorted(e.entry_id for e in matches))
                unmatched.append(UnmatchedEstateRow(row, text, count, f"matches several CPL entries ({ids})"))
            else:
                unmatched.append(UnmatchedEstateRow(row, text, count, "no CPL entry has this manufacturer, model, "
                                                    "hardware and firmware version"))  # fmt: skip
        return Estate(dict(devices), tuple(unmatched))
    raise EstateError(f"{name}: {first_error or 'no sheet'}")
