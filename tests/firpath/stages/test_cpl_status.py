from __future__ import annotations

import pytest

from extractors.registers import cpl_from_bytes
from firpath.demo.builders import Sheet, csv_bytes, workbook
from firpath.demo.scenario import CPL_ROWS, cpl_workbook
from firpath.stages.cpl_status import cpl_statuses

HEADER = ("Entry ID", "Mfr ID", "Model ID", "HW Version", "FW Version", "CPL Status")


@pytest.mark.unit
def test_statuses_are_read_by_entry_from_a_csv_export() -> None:
    data = csv_bytes([HEADER, ("1101", "10A7", "0101", "0002", "01000005", "Active"),
                      ("1102", "10A7", "0101", "0002", "01010003", "Withdrawn"),
                      ("1103", "10A7", "0101", "0002", "01020000", "")])  # fmt: skip
    assert cpl_statuses("cpl.csv", data) == {"1101": "Active", "1102": "Withdrawn", "1103": ""}
    assert len(cpl_from_bytes("cpl.csv", data)) == 3  # the same export reads as a CPL


@pytest.mark.unit
def test_a_workbook_with_a_cover_sheet_and_title_rows() -> None:
    statuses = cpl_statuses("cpl_export.xlsx", cpl_workbook())
    assert set(statuses) == {row[0] for row in CPL_ROWS} and set(statuses.values()) == {"Approved"}
    cover = Sheet("About", [("This workbook is the CPL export",)])
    rows = [("CPL export",), HEADER, ("9", "10A7", "0101", "0002", "01000005", "Removed")]
    assert cpl_statuses("x.xlsx", workbook([cover, Sheet("CPL", rows)])) == {"9": "Removed"}


@pytest.mark.unit
def test_an_export_without_a_status_column_gives_no_statuses() -> None:
    data = csv_bytes([HEADER[:-1], ("1101", "10A7", "0101", "0002", "01000005")])
    assert cpl_statuses("cpl.csv", data) == {}
