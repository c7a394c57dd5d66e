"""The CPL status of each entry (Active, Withdrawn, ...), read from the CPL export's optional Status column.

Routes avoid entries that are not Active (`firpath.stages.routes`). `CplEntry` does not carry the
status yet, so it is read here from the same export bytes, with the same tolerant header matching;
an export without the column gives no statuses, and every entry then counts as Active. Once
`CplEntry` has a `status` field, the callers of `cpl_statuses` read it from the entries instead.
"""

from __future__ import annotations

from pathlib import Path

from extractors.registers import CPL_EXPORT, RegisterError
from extractors.tables import Column, TableError, TableSchema, locate_table, read_grids, table_records

CPL_STATUS = TableSchema(
    "CPL export",
    (
        next(c for c in CPL_EXPORT.columns if c.key == "entry_id"),
        Column("status", ("Status", "CPL Status", "Entry Status", "Device Status", "Product Status"), required=False),
    ),
)


def cpl_statuses(name: Path | str, data: bytes) -> dict[str, str]:
    """Entry ID -> status text as the export writes it; {} when the export has no Status column.

    The export's other problems are for `extractors.registers.cpl_from_bytes` to report; a sheet
    without an Entry ID header is passed over here.
    """
    try:
        grids = read_grids(Path(name).name, data)
    except TableError as exc:
        raise RegisterError(f"{name}: {exc}") from exc
    for grid in grids.values():
        try:
            located = locate_table(grid, CPL_STATUS)
        except TableError:
            continue
        if "status" not in located.columns:
            return {}
        return {
            record["entry_id"]: record["status"] for _, record in table_records(grid, located) if record["entry_id"]
        }
    return {}
