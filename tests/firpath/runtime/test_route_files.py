from __future__ import annotations

import csv
import io

import pytest

from firpath.domain import UpgradePath
from firpath.runtime.route_files import ROUTE_COLUMNS, routes_csv_bytes, routes_xlsx_bytes
from firpath.stages.estate import Estate
from firpath.stages.routes import UpgradeRoutes
from tests.builders import cpl_entry

pytestmark = pytest.mark.unit

# an Entry ID and a model name a spreadsheet would run as formulas
E1 = cpl_entry("=1+1", "01000000", model_name="@SUM(A1)")
E2 = cpl_entry("E2", "02000000", model_name="@SUM(A1)")


def test_rows_are_neutralised_and_carry_devices_with_an_estate() -> None:
    routes = list(UpgradeRoutes((E1, E2), {"E2": UpgradePath(("=1+1",))}).all_routes())
    rows = list(csv.reader(io.StringIO(routes_csv_bytes(routes, Estate({"=1+1": 12}, ())).decode("utf-8"))))
    assert rows[0] == [*ROUTE_COLUMNS, "devices"]
    assert rows[1] == [
        "Acme Metering Ltd",
        "'@SUM(A1)",
        "0002",
        "'=1+1",
        "01000000",
        "E2",
        "02000000",
        "1",
        "E2",
        "ok",
        "12",
    ]


def test_the_same_routes_give_the_same_workbook_bytes() -> None:
    routes = list(UpgradeRoutes((E1, E2), {"E2": UpgradePath(())}).all_routes())
    assert routes_xlsx_bytes(routes) == routes_xlsx_bytes(list(routes))
    assert routes_csv_bytes(routes).endswith(b"\r\n")
