"""The CPL and FIR exports (CSV and XLSX files) and the FIR's upgrade-path values."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from extractors.registers import RegisterError, load_cpl, load_fir, read_cpl
from firpath.demo.builders import csv_bytes
from firpath.domain import CplEntry, FirmwareVersion, UpgradePath

pytestmark = pytest.mark.unit

Rows = Sequence[Sequence[object]]

CANONICAL = ("CPL Entry ID", "Manufacturer Identifier", "Model Identifier", "Hardware Version", "Firmware Version")
SHORT = ("Entry ID", "Manufacturer ID", "Model ID", "HW Version", "FW Version")
MESSY = ("cpl_entry_id", "MANUFACTURER-ID", "model id", "hw ver.", "Fw_Version")

CPL_DATA = (
    ("1101", "10A7", "0101", "0002", "01000005"),
    ("1102", "0x10a7", "101", "2", "01.01.00.03"),  # the same device, written loosely
    ("2201", "20B1", "0203", "0001", "0x0201000a"),
)
EXPECTED_CPL = [
    CplEntry("1101", "10A7", "0101", "0002", FirmwareVersion("01000005")),
    CplEntry("1102", "10A7", "0101", "0002", FirmwareVersion("01010003")),
    CplEntry("2201", "20B1", "0203", "0001", FirmwareVersion("0201000A")),
]


def write_xlsx(path: Path, rows: Rows, *, title: str = "CPL", cover: bool = False) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    if cover:  # a second sheet: registers read the first only
        book.create_sheet("Other").append(["nothing here"])
    book.save(path)
    return path


def write_csv(path: Path, rows: Rows, delimiter: str = ",") -> Path:
    path.write_bytes(csv_bytes([[str(c) for c in r] for r in rows], delimiter=delimiter))
    return path


def write_table(tmp_path: Path, fmt: str, rows: Rows, name: str = "cpl_export") -> Path:
    if fmt == "xlsx":
        return write_xlsx(tmp_path / f"{name}.xlsx", rows)
    return write_csv(tmp_path / f"{name}.csv", rows)


FORMATS = pytest.mark.parametrize("fmt", ["csv", "xlsx"])


# --- CPL: header spellings, title rows, CSV and XLSX -------------------------------------------------


@FORMATS
@pytest.mark.parametrize("header", [CANONICAL, SHORT, MESSY], ids=["canonical", "short", "messy"])
@pytest.mark.parametrize(
    "titles",
    [(), (("Central Products List - export 2024-03-01",),), (("CPL export",), ("",), ("Approved entries only",))],
    ids=["no-title", "one-title-row", "three-title-rows"],
)
def test_cpl_is_read_whatever_the_header_spelling(
    tmp_path: Path, fmt: str, header: tuple[str, ...], titles: Rows
) -> None:
    path = write_table(tmp_path, fmt, [*titles, header, *CPL_DATA])
    assert load_cpl(path) == EXPECTED_CPL


@FORMATS
def test_cpl_optional_columns_in_any_order(tmp_path: Path, fmt: str) -> None:
    rows = [
        ("Status", "Device Type", "Model Name", "FW Version", "Manufacturer", "HW Ver", "Model ID", "Mfr ID", "Entry ID"),
        ("Approved", "ESME", "AM-E200", "01000005", "Acme Metering Ltd", "0002", "0101", "10A7", "1101"),
    ]
    (entry,) = load_cpl(write_table(tmp_path, fmt, rows))
    assert entry == CplEntry(
        "1101", "10A7", "0101", "0002", FirmwareVersion("01000005"),
        manufacturer_name="Acme Metering Ltd", model_name="AM-E200", device_type="ESME", status="Approved",
    )  # fmt: skip


def test_cpl_xlsx_with_numeric_cells_and_a_second_sheet(tmp_path: Path) -> None:
    rows = [("CPL export",), SHORT, (1101, "10A7", "0101", 2, "01000005")]
    path = write_xlsx(tmp_path / "cpl.xlsx", rows, cover=True)
    assert load_cpl(path) == [EXPECTED_CPL[0]]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_cpl_csv_with_other_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(tmp_path / "cpl.csv", [SHORT, *CPL_DATA], delimiter=delimiter)
    assert load_cpl(path) == EXPECTED_CPL


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_cpl_csv_with_other_delimiters_and_a_title_row(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(tmp_path / "cpl.csv", [("CPL export",), SHORT, *CPL_DATA], delimiter=delimiter)
    assert load_cpl(path) == EXPECTED_CPL


# --- CPL: what makes an export unusable ------------------------------------------------------------


@FORMATS
@pytest.mark.parametrize(
    ("drop", "named"),
    [
        (0, "CPL Entry ID"),
        (1, "Manufacturer Identifier"),
        (2, "Model Identifier"),
        (3, "Hardware Version"),
        (4, "Firmware Version"),
    ],
)
def test_a_missing_required_column_names_the_file_and_the_column(
    tmp_path: Path, fmt: str, drop: int, named: str
) -> None:
    rows = [tuple(c for i, c in enumerate(r) if i != drop) for r in (SHORT, *CPL_DATA)]
    path = write_table(tmp_path, fmt, rows)
    with pytest.raises(RegisterError) as raised:
        load_cpl(path)
    message = str(raised.value)
    assert str(path) in message
    assert f"required column(s) not found: {named} " in message


@FORMATS
@pytest.mark.parametrize(
    ("bad_row", "problem"),
    [
        (("", "20B1", "0203", "0001", "02010001"), "row 5: blank CPL Entry ID"),
        (("2202", "20B1", "0203", "0001", "2.1.3"),
         "row 5 (CPL Entry ID 2202): firmware version '2.1.3' is not 8 hex digits, as the rest of this device's CPL entries write their versions"),
        (("2202", "20B1", "0203", "0001", "0201000"),
         "row 5 (CPL Entry ID 2202): firmware version '0201000' has fewer than 8 hex digits: a spreadsheet probably stored "
         "it as a number and dropped its leading zeros (00201000?); export the column as text and run again"),
        (("2202", "20B1", "0203", "0001", ""), "row 5 (CPL Entry ID 2202): blank firmware version"),
        (("2202", "20B1", "0203", "0001", "see notes"),
         "row 5 (CPL Entry ID 2202): firmware version 'see notes' is not a version (8 hex digits, or a numbered version such as 4.2.1)"),
    ],
    ids=["blank-id", "display-version", "seven-digits", "blank-version", "words"],
)
def test_an_unusable_row_is_left_out_and_named_by_its_row_number(
    tmp_path: Path, fmt: str, bad_row: tuple[str, ...], problem: str
) -> None:
    # title row 1, header row 2, data rows 3 and 4, the bad row is row 5 as a person sees it
    rows = [("CPL export",), SHORT, CPL_DATA[0], CPL_DATA[2], bad_row]
    path = write_table(tmp_path, fmt, rows)
    export = read_cpl(path, path.read_bytes())
    assert export.skipped == (problem,)
    assert export.entries == [EXPECTED_CPL[0], EXPECTED_CPL[2]]


@FORMATS
def test_a_repeated_entry_id_stops_the_run(tmp_path: Path, fmt: str) -> None:
    rows = [("CPL export",), SHORT, CPL_DATA[0], CPL_DATA[2], ("1101", "20B1", "0203", "0001", "02010001")]
    path = write_table(tmp_path, fmt, rows)
    with pytest.raises(RegisterError) as raised:
        load_cpl(path)
    assert str(raised.value) == f"{path}: 1 repeated Entry ID(s): row 5: CPL Entry ID 1101 repeats row 3"


def test_a_device_written_wholly_in_another_scheme_is_read_in_it_within_a_hex_register(tmp_path: Path) -> None:
    rows = [SHORT, *CPL_DATA, ("3301", "9C05", "9A01", "0001", "10.13.01.0015"), ("3302", "9C05", "9A01", "0001", "4.6.0-338")]
    path = write_csv(tmp_path / "cpl.csv", rows)
    export = read_cpl(path, path.read_bytes())
    assert export.skipped == ()
    assert [(e.entry_id, e.firmware_version.text) for e in export.entries[-2:]] == [("3301", "10.13.01.0015"), ("3302", "4.6.0-338")]


def test_a_register_of_another_scheme_is_read_and_ordered_by_its_numbers(tmp_path: Path) -> None:
    rows = [SHORT, ("A1", "10A7", "0101", "0002", "4.2.1"), ("A2", "10A7", "0101", "0002", "4.10.0-3"),
            ("A3", "10A7", "0101", "0002", "fw3.1.0.b212"), ("A4", "10A7", "0101", "0002", "10.14.02.0007")]
    entries = load_cpl(write_csv(tmp_path / "cpl.csv", rows))
    assert [e.entry_id for e in sorted(entries, key=lambda e: e.firmware_version)] == ["A3", "A1", "A2", "A4"]


def test_every_unusable_row_is_reported(tmp_path: Path) -> None:
    rows = [SHORT, CPL_DATA[0]] + [(f"E{i}", "10A7", "0101", "0002", "bad value") for i in range(12)]
    path = write_csv(tmp_path / "cpl.csv", rows)
    export = read_cpl(path, path.read_bytes())
    assert len(export.skipped) == 12 and export.skipped[0].startswith("row 3 (CPL Entry ID E0)")
    assert export.entries == [EXPECTED_CPL[0]]


@FORMATS
def test_a_header_without_entries_is_an_error(tmp_path: Path, fmt: str) -> None:
    path = write_table(tmp_path, fmt, [("CPL export",), SHORT])
    with pytest.raises(RegisterError, match="the CPL export has no usable entries"):
        load_cpl(path)


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.csv"
    with pytest.raises(RegisterError, match="nowhere.csv: cannot be read"):
        load_cpl(path)


def test_a_corrupt_workbook_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "cpl.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(RegisterError) as raised:
        load_cpl(path)
    assert str(raised.value).startswith(f"{path}: not a readable XLSX workbook")


# --- FIR -------------------------------------------------------------------------------------------

FIR_ROWS = (
    ("1101", "Acme", "", "N/A"),
    ("1102", "Acme", "", "1101"),
    ("1103", "Acme", "", ""),
    ("1106", "Acme", "", "1105; 1104"),
    ("1107", "Acme", "", "1105,1104 ,1106"),
)


@FORMATS
@pytest.mark.parametrize(
    "header",
    [
        ("CPL Entry ID", "Manufacturer", "Contact", "Firmware Upgrade Path"),
        ("Entry ID", "Manufacturer", "Contact", "upgrade path"),
        ("CPL_ID", "Manufacturer", "Contact", "FW-Upgrade-Path"),
    ],
    ids=["canonical", "short", "messy"],
)
def test_fir_with_the_upgrade_path_column(tmp_path: Path, fmt: str, header: tuple[str, ...]) -> None:
    path = write_table(tmp_path, fmt, [("FIR export",), header, *FIR_ROWS], name="fir")
    fir = load_fir(path)
    assert fir.paths == {
        "1101": UpgradePath(()),
        "1102": UpgradePath(("1101",)),
        "1103": None,
        "1106": UpgradePath(("1104", "1105")),
        "1107": UpgradePath(("1104", "1105", "1106")),
    }
    assert fir.header == header
    assert fir.rows == tuple(FIR_ROWS)
    # where each value came from, as the export's reader counts rows (a title row, then the header): #14.11
    assert fir.row_numbers == {row[0]: n for n, row in enumerate(FIR_ROWS, start=3)}


@FORMATS
def test_fir_without_the_upgrade_path_column_has_every_path_blank(tmp_path: Path, fmt: str) -> None:
    rows = [("CPL Entry ID", "Manufacturer", "Firmware Version"), ("1101", "Acme", "01000005"), ("1102", "Acme", "01010003")]
    fir = load_fir(write_table(tmp_path, fmt, rows, name="fir"))
    assert fir.paths == {"1101": None, "1102": None}
    assert fir.header == rows[0]


@FORMATS
@pytest.mark.parametrize(
    ("bad_row", "problem"),
    [
        (("1101", "Bolt", "", ""), "row 4: CPL Entry ID 1101 appears twice"),
        (("", "Bolt", "", "1101"), "row 4: blank CPL Entry ID"),
    ],
)
def test_fir_unusable_rows_are_named(tmp_path: Path, fmt: str, bad_row: tuple[str, ...], problem: str) -> None:
    rows = [("CPL Entry ID", "Manufacturer", "Contact", "Upgrade Path"), FIR_ROWS[0], FIR_ROWS[1], bad_row]
    path = write_table(tmp_path, fmt, rows, name="fir")
    with pytest.raises(RegisterError) as raised:
        load_fir(path)
    assert str(raised.value) == f"{path}: {problem}"


def test_fir_without_an_entry_id_column_names_file_and_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "fir.csv", [("Entry", "Upgrade Path"), ("1101", "N/A")])
    with pytest.raises(RegisterError) as raised:
        load_fir(path)
    assert str(raised.value).startswith(f"{path}: FIR export: required column(s) not found: CPL Entry ID ")


# --- UpgradePath -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("nan", None),
        ("N/A", UpgradePath(())),
        (" n/a ", UpgradePath(())),
        ("1101", UpgradePath(("1101",))),
        ("1101; 1102", UpgradePath(("1101", "1102"))),
        ("1101,1102", UpgradePath(("1101", "1102"))),
        ("1102 ;1101;", UpgradePath(("1101", "1102"))),
        ("1101; 1101", UpgradePath(("1101",))),
        ("C100; C99; C7", UpgradePath(("C7", "C99", "C100"))),
    ],
)
def test_upgrade_path_parse(text: str | None, expected: UpgradePath | None) -> None:
    assert UpgradePath.parse(text) == expected


@pytest.mark.parametrize(
    ("ids", "written"),
    [
        ((), "N/A"),
        (("1102", "1101"), "1101; 1102"),
        (("C100", "C99", "C100"), "C99; C100"),
        (("E-10", "E-9"), "E-9; E-10"),
    ],
)
def test_upgrade_path_canonical_order_and_text(ids: tuple[str, ...], written: str) -> None:
    path = UpgradePath(ids)
    assert str(path) == written
    assert UpgradePath.parse(written) == path


def test_upgrade_paths_with_the_same_ids_in_any_order_are_equal() -> None:
    assert UpgradePath(("1102", "1101")) == UpgradePath(("1101", "1102"))
    assert hash(UpgradePath(("1102", "1101"))) == hash(UpgradePath(("1101", "1102")))
    assert UpgradePath(()) != UpgradePath(("1101",))


# --- hostile exports: whitespace, invisible characters, blank rows, formulas, bombs ----------------

from extractors.registers import cpl_from_bytes, fir_from_bytes  # noqa: E402
from tests.hostile_builders import forge_declared_size, map_csv, xlsx  # noqa: E402


@FORMATS
def test_trailing_spaces_anywhere_read_as_if_they_were_not_there(tmp_path: Path, fmt: str) -> None:
    padded = [tuple(f"{cell} " for cell in SHORT)] + [tuple(f" {cell}\u00a0 " for cell in row) for row in CPL_DATA]
    assert load_cpl(write_table(tmp_path, fmt, padded)) == EXPECTED_CPL


@FORMATS
@pytest.mark.parametrize("twin", ["1101 ", "1101\u00a0", "\u200b1101", "1101\ufeff"], ids=["space", "nbsp", "zero-width-space", "bom"])
def test_an_entry_id_repeated_with_invisible_padding_is_a_repeat(tmp_path: Path, fmt: str, twin: str) -> None:
    rows = [SHORT, CPL_DATA[0], (twin, "10A7", "0101", "0002", "01000006")]
    path = write_table(tmp_path, fmt, rows)
    with pytest.raises(RegisterError) as raised:
        load_cpl(path)
    assert str(raised.value) == f"{path}: 1 repeated Entry ID(s): row 3: CPL Entry ID 1101 repeats row 2"


@FORMATS
def test_blank_rows_between_entries_are_passed_over_and_rows_keep_their_numbers(tmp_path: Path, fmt: str) -> None:
    rows = [SHORT, CPL_DATA[0], ("", "", "", "", ""), (" ", "", "\t", "", ""), CPL_DATA[1], (), (), CPL_DATA[2], ()]
    assert load_cpl(write_table(tmp_path, fmt, rows)) == EXPECTED_CPL
    rows[-1] = ("2202", "20B1", "0203", "0001", "2.1.3")
    path = write_table(tmp_path, fmt, rows)
    assert read_cpl(path, path.read_bytes()).skipped[0].startswith("row 9 (CPL Entry ID 2202): firmware version '2.1.3'")


@FORMATS
def test_a_blank_row_with_a_stray_cell_is_a_blank_entry_id_named_by_its_row(tmp_path: Path, fmt: str) -> None:
    rows = [SHORT, CPL_DATA[0], ("", "", "", "", "", "see notes"), CPL_DATA[2]]
    path = write_table(tmp_path, fmt, rows)
    assert read_cpl(path, path.read_bytes()).skipped == ("row 3: blank CPL Entry ID",)


def test_an_entry_id_that_is_a_formula_is_refused_not_taken_for_an_id(tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path / "cpl.csv", [SHORT, CPL_DATA[0], ("=A2+1", "10A7", "0101", "0002", "01000006")])
    (skipped,) = read_cpl(csv_path, csv_path.read_bytes()).skipped
    assert skipped.startswith("row 3: CPL Entry ID '=A2+1' is a spreadsheet formula with no saved value, not an ID")
    xlsx_path = tmp_path / "cpl.xlsx"
    xlsx_path.write_bytes(xlsx({"CPL": [SHORT, CPL_DATA[0], ("=A2+1", "10A7", "0101", "0002", "01000006")]}))
    (skipped,) = read_cpl(xlsx_path, xlsx_path.read_bytes()).skipped
    assert skipped.startswith("row 3: CPL Entry ID '=A2+1' is a spreadsheet formula")
    fir = map_csv([("CPL Entry ID", "Firmware Upgrade Path"), ("1101", "N/A"), ('=HYPERLINK("http://x","1102")', "1101")])
    with pytest.raises(RegisterError, match=r"fir.csv: row 3: CPL Entry ID '=HYPERLINK\(.*is a spreadsheet formula"):
        fir_from_bytes("fir.csv", fir)


@pytest.mark.parametrize("twin", ["1101 ", "\u200b1101"], ids=["space", "zero-width-space"])
def test_a_fir_entry_repeated_with_invisible_padding_is_a_repeat(twin: str) -> None:
    fir = map_csv([("CPL Entry ID", "Firmware Upgrade Path"), ("1101", "N/A"), (twin, "1100")])
    with pytest.raises(RegisterError, match=r"^fir.csv: row 3: CPL Entry ID 1101 appears twice$"):
        fir_from_bytes("fir.csv", fir)


def test_a_cpl_export_in_utf16_reads_as_in_utf8() -> None:
    rows = [SHORT, *CPL_DATA]
    assert cpl_from_bytes("cpl.txt", map_csv(rows, delimiter="\t", encoding="utf-16")) == EXPECTED_CPL


def test_a_zip_bomb_given_as_the_cpl_is_refused_with_the_file_named(tmp_path: Path) -> None:
    bomb = forge_declared_size(xlsx({"CPL": [SHORT, *CPL_DATA]}), "xl/worksheets/sheet1.xml", 4_000_000_000)
    with pytest.raises(RegisterError, match=r"^cpl.xlsx: zip bomb refused: .* over the 500 MB limit"):
        cpl_from_bytes("cpl.xlsx", bomb)


def test_a_cpl_over_the_row_limit_is_refused_naming_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRPATH_MAX_SHEET_ROWS", "3")
    with pytest.raises(RegisterError, match=r"^cpl.csv: more than 3 rows .*FIRPATH_MAX_SHEET_ROWS"):
        cpl_from_bytes("cpl.csv", map_csv([SHORT, *CPL_DATA]))
