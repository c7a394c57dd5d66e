"""Tabular inputs: header tokens, tolerant header matching, title rows, CSV and XLSX grids."""

from __future__ import annotations

import io

import openpyxl
import pytest

from firpath.demo.builders import Sheet, csv_bytes, workbook
from firpath.registers import CPL_EXPORT, FIR_EXPORT
from firpath.tables import (
    HEADER_SCAN_ROWS,
    TableError,
    csv_grid,
    header_token,
    locate_table,
    match_header,
    read_grids,
    table_records,
    xlsx_grids,
)

pytestmark = pytest.mark.unit

CPL_KEYS = {"entry_id", "manufacturer_id", "model_id", "hardware_version", "firmware_version"}


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("CPL Entry ID", "cplentryid"),
        ("cpl_entry_id", "cplentryid"),
        ("CPL-Entry-ID ", "cplentryid"),
        ("  Manufacturer Identifier", "manufactureridentifier"),
        ("FW. Version", "fwversion"),
        ("Model Id (hex)", "modelidhex"),
        ("", ""),
    ],
)
def test_header_token_ignores_case_and_punctuation(header: str, token: str) -> None:
    assert header_token(header) == token


@pytest.mark.parametrize(
    "header",
    [
        ["CPL Entry ID", "Manufacturer Identifier", "Model Identifier", "Hardware Version", "Firmware Version"],
        ["Entry ID", "Manufacturer ID", "Model ID", "HW Version", "FW Version"],
        ["cpl_entry_id", "MANUFACTURER-ID", "model id", "hw ver", "Fw_Ver"],
        ["CPL ID", "Mfr ID", "Model Id (hex)", "HW Ver.", "FW Version"],
        ["Entry ID ", " Manufacturer Id (hex)", "Model-Identifier", "Hardware_Version", "firmware version"],
    ],
    ids=["canonical", "short", "snake-and-case", "abbreviated", "padded"],
)
def test_every_cpl_header_spelling_finds_the_required_columns(header: list[str]) -> None:
    assert match_header(header, CPL_EXPORT) == {
        "entry_id": 0, "manufacturer_id": 1, "model_id": 2, "hardware_version": 3, "firmware_version": 4,
    }  # fmt: skip


def test_columns_are_found_wherever_they_stand_and_names_are_optional() -> None:
    header = ["Status", "FW Version", "Model Name", "Model ID", "Manufacturer", "HW Version", "Mfr ID", "Entry ID"]
    assert match_header(header, CPL_EXPORT) == {
        "firmware_version": 1, "model_name": 2, "model_id": 3, "manufacturer_name": 4,
        "hardware_version": 5, "manufacturer_id": 6, "entry_id": 7,
    }  # fmt: skip


def test_an_id_column_is_not_taken_for_a_name_column_or_the_reverse() -> None:
    found = match_header(["Model", "Model ID", "Manufacturer", "Manufacturer ID"], CPL_EXPORT)
    assert found["model_name"] == 0 and found["model_id"] == 1
    assert found["manufacturer_name"] == 2 and found["manufacturer_id"] == 3


@pytest.mark.parametrize("title_rows", [0, 1, 3])
def test_title_rows_above_the_header_are_passed_over(title_rows: int) -> None:
    titles = [["Central Products List - export"], ["Generated 2024-03-01", ""], ["", "", ""]][:title_rows]
    grid = [*titles, ["Entry ID", "Mfr ID", "Model ID", "HW Version", "FW Version"], ["1101", "10A7", "0101", "2", "01000005"]]
    located = locate_table(grid, CPL_EXPORT)
    assert located.header_row == title_rows
    assert table_records(grid, located) == [
        (title_rows + 2, {"entry_id": "1101", "manufacturer_id": "10A7", "model_id": "0101",
                          "hardware_version": "2", "firmware_version": "01000005"}),
    ]  # fmt: skip


def test_a_title_row_that_names_some_columns_is_not_the_header() -> None:
    grid = [
        ["CPL Entry ID", "Firmware Version"],  # a summary line, not the table
        ["CPL Entry ID", "Manufacturer ID", "Model ID", "HW Version", "Firmware Version"],
        ["1101", "10A7", "0101", "0002", "01000005"],
    ]
    assert locate_table(grid, CPL_EXPORT).header_row == 1


def test_a_missing_required_column_is_named() -> None:
    grid = [["Entry ID", "Mfr ID", "Model ID", "FW Version"], ["1101", "10A7", "0101", "01000005"]]
    with pytest.raises(TableError, match=r"CPL export: required column\(s\) not found: Hardware Version"):
        locate_table(grid, CPL_EXPORT)


def test_a_header_below_the_scanned_rows_is_not_found() -> None:
    grid = [[f"note {i}"] for i in range(HEADER_SCAN_ROWS)] + [["CPL Entry ID", "Upgrade Path"]]
    with pytest.raises(TableError, match="CPL Entry ID"):
        locate_table(grid, FIR_EXPORT)


def test_table_records_skip_blank_rows_and_pad_short_rows() -> None:
    grid = [["CPL Entry ID", "Notes", "Upgrade Path"], ["1102", "x", " 1101 "], ["", " ", ""], ["1103"]]
    located = locate_table(grid, FIR_EXPORT)
    assert table_records(grid, located) == [
        (2, {"entry_id": "1102", "upgrade_path": "1101"}),
        (4, {"entry_id": "1103", "upgrade_path": ""}),
    ]


# --- CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_sniffed(delimiter: str) -> None:
    rows = [("Entry ID", "Manufacturer Name", "FW Version"), ("1101", "Acme, Inc", "01000005"), ("1102", "Bolt", "01010003")]
    assert csv_grid(csv_bytes(rows, delimiter=delimiter)) == [list(r) for r in rows]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfEntry ID,Name\r\n1101,Z\xc3\xa4hler\r\n", [["Entry ID", "Name"], ["1101", "Zähler"]]),
        ("Entry ID,Name\r\n1101,Zähler\r\n".encode("cp1252"), [["Entry ID", "Name"], ["1101", "Zähler"]]),
        ("Entry ID,Name\r\n1101,Zähler\r\n".encode("utf-16"), [["Entry ID", "Name"], ["1101", "Zähler"]]),
    ],
    ids=["utf-8-bom", "cp1252", "utf-16"],
)
def test_csv_encodings(data: bytes, expected: list[list[str]]) -> None:
    assert csv_grid(data) == expected


def test_read_grids_names_a_csv_grid_after_the_file() -> None:
    assert read_grids("cpl.csv", b"Entry ID,FW Version\r\n1101,01000005\r\n") == {
        "cpl.csv": [["Entry ID", "FW Version"], ["1101", "01000005"]]
    }


# --- XLSX -----------------------------------------------------------------------------------------


def test_xlsx_every_sheet_in_order_as_strings() -> None:
    data = workbook(
        [
            Sheet("Cover", [["CPL export"]]),
            Sheet("CPL", [["Entry ID", "FW Version"], ["1101", "01000005"]]),
        ]
    )
    assert read_grids("cpl.xlsx", data) == {
        "Cover": [["CPL export"]],
        "CPL": [["Entry ID", "FW Version"], ["1101", "01000005"]],
    }


def test_xlsx_numbers_are_written_as_people_read_them_and_formulas_as_cached_values() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "CPL"
    ws.append(["Entry ID", "HW Version", "Firmware Version", "Note"])
    ws.append([1101, 2.0, "01000005", "=1+1"])  # no cached value: openpyxl wrote none
    ws.append([1102, None, "01010003", 1.5])
    buffer = io.BytesIO()
    book.save(buffer)
    grid = xlsx_grids(buffer.getvalue())["CPL"]
    assert grid[1][:3] == ["1101", "2", "01000005"]
    assert grid[1][3] != "=1+1"  # a formula's text is never taken for data
    assert grid[2] == ["1102", "", "01010003", "1.5"]


def test_a_zip_that_is_not_a_workbook_is_a_table_error() -> None:
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(TableError, match="not a readable XLSX workbook"):
        read_grids("cpl.xlsx", buffer.getvalue())
