"""The routes table as files: `firpath routes --out` (CSV or XLSX) and the publication's routes.csv.

One row per (installed entry, target); with an estate, how many devices run the installed entry.
Cells are neutralised against spreadsheet formulas like every other file firpath writes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from firpath.runtime.review_files import neutralise
from firpath.runtime.sheets import table_xlsx_bytes
from firpath.stages.estate import Estate
from firpath.stages.routes import Route

ROUTE_COLUMNS = (
    "manufacturer", "model", "hardware_version", "from_entry_id", "from_firmware", "to_entry_id", "to_firmware",
    "installs", "route", "status",
)  # fmt: skip
PUBLISHED_NAME = "routes.csv"  # in a publication, beside the changes
DEVICES_COLUMN = "devices"  # with an estate: devices running the from entry
SHEET_NAME = "Upgrade routes"
_WORKBOOK_CREATED = datetime(2000, 1, 1)  # the same routes give the same bytes


def route_columns(estate: Estate | None) -> tuple[str, ...]:
    return ROUTE_COLUMNS if estate is None else (*ROUTE_COLUMNS, DEVICES_COLUMN)


def route_row(route: Route, estate: Estate | None = None) -> tuple[str, ...]:
    source, target = route.source, route.target
    row = (
        source.manufacturer_name or source.manufacturer_id,
        source.model_name or source.model_id,
        source.hardware_version,
        source.entry_id,
        source.firmware_version.text,
        target.entry_id,
        target.firmware_version.text,
        str(route.installs),
        route.text,
        route.status.value,
    )
    return row if estate is None else (*row, str(estate.on(source.entry_id)))


def routes_csv_bytes(routes: Iterable[Route], estate: Estate | None = None) -> bytes:
    """UTF-8 with `\\r\\n` line ends, like the published change files."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(route_columns(estate))
    writer.writerows(_neutralised(route_row(r, estate)) for r in routes)
    return buffer.getvalue().encode("utf-8")


def routes_xlsx_bytes(routes: Iterable[Route], estate: Estate | None = None) -> bytes:
    rows = (_neutralised(route_row(r, estate)) for r in routes)
    return table_xlsx_bytes(SHEET_NAME, route_columns(estate), rows, created=_WORKBOOK_CREATED, frozen_columns=4)


def _neutralised(row: Sequence[str]) -> list[str]:
    return [neutralise(cell) for cell in row]
