"""MAP spreadsheets (XLSX and CSV) to claims."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.chart import BarChart

from extractors.spreadsheet import MAP_SPREADSHEET, extract_spreadsheet
from extractors.spreadsheet.extract import _parse_bases
from firpath.domain import (
    Claim,
    DeviceRef,
    Document,
    DocumentKind,
    Evidence,
    FirmwareVersion,
    Relation,
    SourceKind,
    VersionRef,
)
from firpath.domain.documents import UnreadableDocument

Rows = Sequence[Sequence[object]]


HEADER = ["Mfr", "Model ID", "HW Ver", "Current FW", "Target FW", "Notes"]


def workbook_bytes(sheets: dict[str, Rows]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_document(sheets: dict[str, Rows], name: str = "inbox/MAP paths.xlsx") -> Document:
    data = workbook_bytes(sheets)
    return Document(name=name, data=data, kind=DocumentKind.XLSX, sha256=Document.sha256_of(data))


def csv_document(text: str, encoding: str = "utf-8", name: str = "inbox/paths.csv") -> Document:
    data = text.encode(encoding)
    return Document(name=name, data=data, kind=DocumentKind.CSV, sha256=Document.sha256_of(data))


def raw_document(data: bytes, kind: DocumentKind, name: str = "inbox/broken.xlsx") -> Document:
    return Document(name=name, data=data, kind=kind, sha256=Document.sha256_of(data))


def one_row_claim(base: object, target: object = "01030001") -> Claim:
    document = xlsx_document({"Paths": [HEADER[:5], ["10A7", "0101", "0002", base, target]]})
    (claim,) = extract_spreadsheet(document).claims
    return claim


def fw(hex_digits: str) -> FirmwareVersion:
    return FirmwareVersion(hex_digits)


# --- workbooks: several sheets, title rows, cover sheets, header spellings -----------------------


@pytest.mark.unit
def test_reads_every_sheet_with_the_header_and_passes_over_the_others() -> None:
    document = xlsx_document(
        {
            "Cover": [["Acme Metering MAP"], ["Firmware upgrade paths"], ["Issued 2024-03-01"]],
            "ESME": [
                ["ESME firmware upgrade paths"],
                ["Prepared by the MAP; confidential"],
                [],
                HEADER,
                ["10A7", "0101", "0002", "01020005", "01030001", ""],
                ["10A7", "0101", "0002", "01020005; 01020007", "01030002", "via 01020007 preferred"],
            ],
            "Notes": [["Rows marked * are provisional"]],
            "GSME": [
                ["GSME"],
                [
                    "Manufacturer Identifier",
                    "Model Name",
                    "Hardware Version",
                    "From Version",
                    "New Firmware Version",
                    "Comments",
                ],
                ["10A7", "GasMeter 3", "1", "N/A", "0x0200000A", "first release"],
            ],
        }
    )

    claims = extract_spreadsheet(document).claims

    assert [c.evidence.location for c in claims] == [
        "sheet 'ESME' row 5",
        "sheet 'ESME' row 6",
        "sheet 'GSME' row 3",
    ]
    assert [c.device for c in claims] == [
        DeviceRef("10A7", "0101", "0002"),
        DeviceRef("10A7", "0101", "0002"),
        DeviceRef("10A7", "GasMeter 3", "1"),
    ]
    assert [c.target for c in claims] == [
        VersionRef("01030001", fw("01030001")),
        VersionRef("01030002", fw("01030002")),
        VersionRef("0x0200000A", fw("0200000A")),
    ]
    assert [c.bases for c in claims] == [
        (VersionRef("01020005", fw("01020005")),),
        (VersionRef("01020005", fw("01020005")), VersionRef("01020007", fw("01020007"))),
        (),
    ]
    assert [c.relation for c in claims] == [Relation.EXACT, Relation.EXACT, Relation.NONE]
    assert {c.source_kind for c in claims} == {SourceKind.SPREADSHEET}
    assert {(c.evidence.file, c.evidence.sha256) for c in claims} == {(document.name, document.sha256)}
    assert not any(c.superseded for c in claims)


@pytest.mark.unit
def test_evidence_is_the_row_with_the_sheets_own_labels() -> None:
    document = xlsx_document(
        {"Paths": [["Upgrade paths v3"], [], HEADER, ["10A7", "0101", "0002", "01020005", "01030001"]]}
    )

    (claim,) = extract_spreadsheet(document).claims

    assert claim.evidence == Evidence(
        file="inbox/MAP paths.xlsx",
        sha256=document.sha256,
        location="sheet 'Paths' row 4",
        text="Mfr: 10A7 | Model ID: 0101 | HW Ver: 0002 | Current FW: 01020005 | Target FW: 01030001",
    )


@pytest.mark.unit
def test_evidence_follows_sheet_column_order_and_shows_filled_notes() -> None:
    header = ["To FW", "Comments", "Base FW", "Model", "Manufacturer", "HW Version", "Region"]
    document = xlsx_document(
        {"Sheet1": [header, ["01030001", "staged rollout", "01020005", "E470", "Acme", "", "North"]]}
    )

    (claim,) = extract_spreadsheet(document).claims

    # Region is not a MAP column; HW Version is optional and blank, so neither is shown.
    assert claim.evidence.text == (
        "To FW: 01030001 | Comments: staged rollout | Base FW: 01020005 | Model: E470 | Manufacturer: Acme"
    )
    assert claim.device == DeviceRef("Acme", "E470", "")


@pytest.mark.unit
def test_line_breaks_in_cells_and_headers_are_folded_in_the_evidence() -> None:
    header = ["Mfr", "Model ID", "Current\nFW", "Target FW"]
    document = xlsx_document({"Paths": [header, ["10A7", "0101", "01020005\n01020007", "01030001"]]})

    (claim,) = extract_spreadsheet(document).claims

    assert claim.evidence.text == (
        "Mfr: 10A7 | Model ID: 0101 | Current FW: 01020005; 01020007 | Target FW: 01030001"
    )
    assert [b.version for b in claim.bases] == [fw("01020005"), fw("01020007")]


@pytest.mark.unit
def test_a_sheet_without_hardware_version_gives_a_blank_one() -> None:
    document = xlsx_document(
        {
            "Paths": [
                ["Mfr ID", "Model Identifier", "Installed FW", "New FW"],
                ["10A7", "0101", "01020005", "01030001"],
            ]
        }
    )

    (claim,) = extract_spreadsheet(document).claims

    assert claim.device == DeviceRef("10A7", "0101", "")
    assert claim.evidence.text == (
        "Mfr ID: 10A7 | Model Identifier: 0101 | Installed FW: 01020005 | New FW: 01030001"
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Manufacturer", "Manufacturer ID", "Model", "Model ID"], DeviceRef("10A7", "0101", "")),
        (["Manufacturer ID", "Manufacturer", "Model ID", "Model"], DeviceRef("10A7", "0101", "")),
        (["Manufacturer", "Model Name"], DeviceRef("Acme", "E470", "")),
    ],
)
def test_identifier_columns_are_preferred_over_name_columns(header: list[str], expected: DeviceRef) -> None:
    values = {
        "Manufacturer": "Acme",
        "Manufacturer ID": "10A7",
        "Model": "E470",
        "Model ID": "0101",
        "Model Name": "E470",
    }
    row = [values[h] for h in header]
    document = xlsx_document({"Paths": [[*header, "From FW", "Target FW"], [*row, "01020005", "01030001"]]})

    (claim,) = extract_spreadsheet(document).claims

    assert claim.device == expected


@pytest.mark.unit
def test_rows_that_state_nothing_are_skipped() -> None:
    document = xlsx_document(
        {
            "Paths": [
                HEADER,
                ["10A7", "0101", "0002", "01020005", "01030001", ""],
                [None, None, None, None, None, None],
                ["", "", "", "", "", "* provisional, subject to test"],
                HEADER,  # the header repeated below a page break
                ["10A7", "0101", "0002", "01030001", "01040000", ""],
            ]
        }
    )

    claims = extract_spreadsheet(document).claims

    assert [c.evidence.location for c in claims] == ["sheet 'Paths' row 2", "sheet 'Paths' row 6"]


@pytest.mark.unit
def test_a_sheet_with_the_header_but_no_rows_gives_no_claims() -> None:
    document = xlsx_document({"Cover": [["Nothing here"]], "Paths": [HEADER]})

    assert extract_spreadsheet(document).claims == ()


@pytest.mark.unit
def test_numbers_stored_by_excel_are_read_as_text() -> None:
    document = xlsx_document({"Paths": [HEADER[:5], [4263, 257, 2, 1020005, 11030001]]})

    (claim,) = extract_spreadsheet(document).claims

    assert claim.device == DeviceRef("4263", "257", "2")
    assert claim.target == VersionRef("11030001", fw("11030001"))
    assert claim.bases == (
        VersionRef("1020005", None),  # mapping restores the leading zeros against the register
    )


@pytest.mark.unit
def test_the_same_document_gives_the_same_claim_ids() -> None:
    rows = [
        HEADER,
        ["10A7", "0101", "0002", "01020005", "01030001", ""],
        ["10A7", "0101", "0002", "01020005", "01030002", ""],
    ]
    data = workbook_bytes({"Paths": rows})
    document = raw_document(data, DocumentKind.XLSX, name="MAP.xlsx")

    first = [c.claim_id for c in extract_spreadsheet(document).claims]
    second = [c.claim_id for c in extract_spreadsheet(document).claims]

    assert first == second
    assert len(set(first)) == 2


# --- the base cell ---------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("cell", "expected_bases", "relation"),
    [
        ("01020005", [("01020005", "01020005")], Relation.EXACT),
        ("01020005; 01020007", [("01020005", "01020005"), ("01020007", "01020007")], Relation.EXACT),
        ("01020005,01020007", [("01020005", "01020005"), ("01020007", "01020007")], Relation.EXACT),
        ("01020005 / 01020007", [("01020005", "01020005"), ("01020007", "01020007")], Relation.EXACT),
        ("01020005 or 01020007", [("01020005", "01020005"), ("01020007", "01020007")], Relation.EXACT),
        ("01020005 OR 01020007", [("01020005", "01020005"), ("01020007", "01020007")], Relation.EXACT),
        (
            "01020005\n01020007\r\n0102000A",
            [("01020005", "01020005"), ("01020007", "01020007"), ("0102000A", "0102000A")],
            Relation.EXACT,
        ),
        ("01020005;;01020005; ", [("01020005", "01020005")], Relation.EXACT),
        ("0x0102000a", [("0x0102000a", "0102000A")], Relation.EXACT),
        (
            "0X0102000A; 01.02.00.0b",
            [("0X0102000A", "0102000A"), ("01.02.00.0b", "0102000B")],
            Relation.EXACT,
        ),
        ("01:02:00:0B", [("01:02:00:0B", "0102000B")], Relation.EXACT),
        ("N/A", [], Relation.NONE),
        ("n/a", [], Relation.NONE),
        ("NA", [], Relation.NONE),
        ("None", [], Relation.NONE),
        ("-", [], Relation.NONE),
        ("\u2014", [], Relation.NONE),
        ("Not applicable", [], Relation.NONE),
        (">= 01020005", [("01020005", "01020005")], Relation.MINIMUM),
        (">=0x01020005", [("0x01020005", "01020005")], Relation.MINIMUM),
        ("\u2265 01.02.00.05", [("01.02.00.05", "01020005")], Relation.MINIMUM),
        ("01020005 or later", [("01020005", "01020005")], Relation.MINIMUM),
        ("01020005 or higher", [("01020005", "01020005")], Relation.MINIMUM),
        ("min 01020005", [("01020005", "01020005")], Relation.MINIMUM),
        ("Min. 01020005", [("01020005", "01020005")], Relation.MINIMUM),
        ("minimum 01020005", [("01020005", "01020005")], Relation.MINIMUM),
        ("Minimum: 0x01020005", [("0x01020005", "01020005")], Relation.MINIMUM),
    ],
)
def test_base_cell(cell: str, expected_bases: list[tuple[str, str]], relation: Relation) -> None:
    claim = one_row_claim(cell)

    assert [(b.text, b.version and b.version.text) for b in claim.bases] == expected_bases
    assert all(b.note == "" for b in claim.bases)
    assert claim.relation is relation


@pytest.mark.unit
@pytest.mark.parametrize(
    ("cell", "expected_bases", "relation"),
    [
        (
            "1.2.3",
            [VersionRef("1.2.3", None)],
            Relation.EXACT,
        ),
        (
            "v4.2 or 01020005",
            [
                VersionRef("v4.2", None),
                VersionRef("01020005", fw("01020005")),
            ],
            Relation.EXACT,
        ),
        (
            "1.2.3 or later",
            [VersionRef("1.2.3", None)],
            Relation.MINIMUM,
        ),
        (
            "0102000",
            [
                VersionRef("0102000", None)
            ],
            Relation.EXACT,
        ),
        (None, [VersionRef("", None, "base firmware cell is blank")], Relation.EXACT),
        ("   ", [VersionRef("", None, "base firmware cell is blank")], Relation.EXACT),
    ],
)
def test_base_cell_that_is_not_a_cpl_version_is_kept_with_a_note(
    cell: str | None, expected_bases: list[VersionRef], relation: Relation
) -> None:
    claim = one_row_claim(cell)

    assert list(claim.bases) == expected_bases
    assert claim.relation is relation


_SEPARATORS = st.sampled_from([";", "; ", ",", ", ", "/", " / ", " or ", "\n", " \r\n "])


@st.composite
def written_versions(draw: st.DrawFn) -> tuple[str, FirmwareVersion]:
    octets = draw(st.lists(st.integers(0, 255), min_size=4, max_size=4))
    hex_digits = "".join(f"{o:02X}" for o in octets)
    form = draw(st.sampled_from(["plain", "lower", "0x", "dotted", "colons"]))
    written = {
        "plain": hex_digits,
        "lower": hex_digits.lower(),
        "0x": "0x" + hex_digits,
        "dotted": ".".join(f"{o:02X}" for o in octets),
        "colons": ":".join(f"{o:02x}" for o in octets),
    }[form]
    return written, FirmwareVersion(hex_digits)


@pytest.mark.unit
@given(st.lists(written_versions(), min_size=1, max_size=4, unique_by=lambda w: w[0]), st.data())
def test_any_list_of_cpl_versions_reads_back_exactly(
    versions: list[tuple[str, FirmwareVersion]], data: st.DataObject
) -> None:
    cell = versions[0][0]
    for written, _ in versions[1:]:
        cell += data.draw(_SEPARATORS) + written

    bases, relation = _parse_bases(cell)

    assert relation is Relation.EXACT
    assert [(b.text, b.version) for b in bases] == versions


# --- the target cell -------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("01030001", VersionRef("01030001", fw("01030001"))),
        ("0x0103000a", VersionRef("0x0103000a", fw("0103000A"))),
        ("01.03.00.0A", VersionRef("01.03.00.0A", fw("0103000A"))),
        (
            "1.3.1",
            VersionRef("1.3.1", None),
        ),
        (None, VersionRef("", None, "target firmware cell is blank")),
    ],
)
def test_target_cell(cell: str | None, expected: VersionRef) -> None:
    assert one_row_claim("01020005", target=cell).target == expected


# --- CSV -------------------------------------------------------------------------------------------


@pytest.mark.unit
def test_comma_csv_with_a_utf8_bom() -> None:
    text = (
        "Mfr,Model ID,HW Ver,Current FW,Target FW\r\n"
        "10A7,0101,0002,01020005,01030001\r\n"
        '10A7,0101,0002,"01020005, 01020007",01030002\r\n'
    )
    document = csv_document("\ufeff" + text, "utf-8")

    claims = extract_spreadsheet(document).claims

    assert [c.evidence for c in claims] == [
        Evidence(
            file="inbox/paths.csv",
            sha256=document.sha256,
            location="row 2",
            text="Mfr: 10A7 | Model ID: 0101 | HW Ver: 0002 | Current FW: 01020005 | Target FW: 01030001",
        ),
        Evidence(
            file="inbox/paths.csv",
            sha256=document.sha256,
            location="row 3",
            text=(
                "Mfr: 10A7 | Model ID: 0101 | HW Ver: 0002 | Current FW: 01020005, 01020007"
                " | Target FW: 01030002"
            ),
        ),
    ]
    assert [len(c.bases) for c in claims] == [1, 2]
    assert {c.source_kind for c in claims} == {SourceKind.SPREADSHEET}


@pytest.mark.unit
def test_semicolon_csv_in_cp1252_with_title_rows() -> None:
    text = (
        "Upgrade paths – Bäcker Zähler GmbH\r\n"
        "\r\n"
        "Manufacturer;Model;HW Version;Base FW;New FW;Comments\r\n"
        "Bäcker;Zähler 5;3;>= 01020005;01030001;gültig ab März\r\n"
    )
    document = csv_document(text, "cp1252")

    (claim,) = extract_spreadsheet(document).claims

    assert claim.device == DeviceRef("Bäcker", "Zähler 5", "3")
    assert claim.relation is Relation.MINIMUM
    assert claim.bases == (VersionRef("01020005", fw("01020005")),)
    assert claim.evidence.location == "row 4"
    assert claim.evidence.text == (
        "Manufacturer: Bäcker | Model: Zähler 5 | HW Version: 3 | Base FW: >= 01020005"
        " | New FW: 01030001 | Comments: gültig ab März"
    )


@pytest.mark.unit
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("title_rows", [0, 2])
def test_csv_delimiters_with_and_without_title_rows(delimiter: str, title_rows: int) -> None:
    rows = [
        *[["MAP upgrade paths, issue 3; draft"]] * title_rows,
        ["Mfr ID", "Model ID", "HW Ver", "From FW", "To FW"],
        ["10A7", "0101", "0002", "N/A", "01030001"],
        ["10A7", "0101", "0002", "01030001", "01040000"],
    ]
    lines = [delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in row) for row in rows]
    document = csv_document("\n".join(lines) + "\n")

    claims = extract_spreadsheet(document).claims

    assert [c.evidence.location for c in claims] == [f"row {title_rows + 2}", f"row {title_rows + 3}"]
    assert [c.relation for c in claims] == [Relation.NONE, Relation.EXACT]
    assert claims[1].evidence.text == (
        "Mfr ID: 10A7 | Model ID: 0101 | HW Ver: 0002 | From FW: 01030001 | To FW: 01040000"
    )


# --- unreadable documents --------------------------------------------------------------------------


@pytest.mark.unit
def test_no_sheet_with_the_header_names_the_missing_columns() -> None:
    document = xlsx_document(
        {
            "Cover": [["Acme Metering MAP"], ["Firmware upgrade paths"]],
            "Devices": [["Mfr", "Model ID", "HW Ver", "Notes"], ["10A7", "0101", "0002", ""]],
        },
        name="inbox/acme devices.xlsx",
    )

    with pytest.raises(UnreadableDocument) as raised:
        extract_spreadsheet(document)

    message = str(raised.value)
    assert message.startswith("inbox/acme devices.xlsx: no sheet has the MAP spreadsheet header")
    assert (
        "sheet 'Cover': MAP spreadsheet: required column(s) not found: Mfr, Model ID, Current FW, Target FW"
        in message
    )
    assert "sheet 'Devices': MAP spreadsheet: required column(s) not found: Current FW, Target FW" in message


@pytest.mark.unit
def test_csv_without_the_header_names_the_missing_columns() -> None:
    document = csv_document("Mfr,Model,Firmware\n10A7,0101,01020005\n", name="inbox/list.csv")

    expected = r"^inbox/list\.csv: MAP spreadsheet: required column\(s\) not found: Current FW, Target FW"
    with pytest.raises(UnreadableDocument, match=expected):
        extract_spreadsheet(document)


@pytest.mark.unit
def test_a_sheet_whose_columns_are_not_understood_lists_its_rows_that_name_versions_for_reading() -> None:
    """A layout no rule knows ("Unit | Was | Goes to | Via") is still what a MAP sent: each row that
    names two versions or more is listed for a person to read, not dropped with the sheet; a row
    naming one (a register line) is not."""
    document = csv_document(
        "Acme AM-E200 plan\nUnit,Was,Goes to,Via\nAM-E200,01020005,01040000,01030001\nAM-E200,01030001,,\n",
        name="inbox/plan.csv",
    )
    claims = extract_spreadsheet(document).claims
    assert [(c.relation, c.evidence.location, tuple(b.text for b in c.bases)) for c in claims] == [
        (Relation.UNREAD, "row 3", ("01020005", "01040000", "01030001"))
    ]
    assert "columns were not understood" in claims[0].note


@pytest.mark.unit
def test_a_map_sheet_with_a_route_column_is_read_by_its_route() -> None:
    """"Installed FW | Target FW | Route": the route says how (its steps included), not the two cells."""
    document = csv_document(
        "Mfr,Model ID,HW Ver,Current FW,Target FW,Route\n"
        "10A7,0101,0002,01020005,01040000,01020005 > 01030001 > 01040000\n"
        "10A7,0101,0002,01030001,01040000,Direct\n"
    )
    found = {(c.target.text, tuple(b.text for b in c.bases)) for c in extract_spreadsheet(document).claims}
    assert found == {("01030001", ("01020005",)), ("01040000", ("01030001",))}


@pytest.mark.unit
def test_a_count_beside_a_version_is_no_second_version_of_a_row_listed_for_reading() -> None:
    document = csv_document("Acme estate\nUnit,Firmware,Meters\nAM-E200,01020005,12480\n", name="inbox/estate.csv")
    with pytest.raises(UnreadableDocument):
        extract_spreadsheet(document)


@pytest.mark.unit
def test_empty_csv_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument, match="required column"):
        extract_spreadsheet(csv_document("", name="inbox/empty.csv"))


def _zip_without_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.unit
@pytest.mark.parametrize(
    "data",
    [
        b"this is not a workbook at all",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),  # an old .xls / encrypted OOXML container
        b"PK\x03\x04 truncated zip",
        _zip_without_a_workbook(),
        b"",
    ],
    ids=["text", "ole2", "truncated-zip", "zip-without-workbook", "empty"],
)
def test_bytes_that_are_not_a_workbook(data: bytes) -> None:
    document = raw_document(data, DocumentKind.XLSX, name="inbox/broken.xlsx")

    with pytest.raises(UnreadableDocument, match=r"^inbox/broken\.xlsx: not a readable XLSX workbook"):
        extract_spreadsheet(document)


@pytest.mark.unit
def test_the_schema_names_its_columns_once() -> None:
    assert [c.key for c in MAP_SPREADSHEET.columns] == [
        "manufacturer",
        "model",
        "hardware_version",
        "base",
        "target",
        "notes",
    ]
    assert [c.label for c in MAP_SPREADSHEET.required] == ["Mfr", "Model ID", "Current FW", "Target FW"]


@pytest.mark.unit
def test_a_workbook_without_worksheets_is_unreadable() -> None:
    workbook = openpyxl.Workbook()
    workbook.create_chartsheet("Chart").add_chart(BarChart())
    workbook.remove(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    document = raw_document(buffer.getvalue(), DocumentKind.XLSX, name="inbox/chart.xlsx")

    with pytest.raises(UnreadableDocument, match=r"^inbox/chart\.xlsx: the workbook has no worksheets$"):
        extract_spreadsheet(document)


@pytest.mark.unit
def test_a_block_of_rows_under_a_device_written_once_is_that_devices() -> None:
    document = xlsx_document({"Paths": [
        HEADER,
        ["10A7", "0101", "0002", "01020005", "01030001", ""],
        ["", "", "", "01010003", "01020005", ""],
        ["", "0102", "", "01000001", "01010000", "a model named, its maker not: nothing is taken from above"],
    ]})  # fmt: skip
    claims = extract_spreadsheet(document).claims
    assert [(c.device.manufacturer, c.device.model, c.device.hardware_version) for c in claims] == [
        ("10A7", "0101", "0002"), ("10A7", "0101", "0002"), ("", "0102", ""),
    ]
    assert "Mfr: 10A7 (as above)" in claims[1].evidence.text and "(as above)" not in claims[2].evidence.text


@pytest.mark.unit
def test_a_sheet_of_notes_without_a_table_header_has_its_rows_read_as_statements() -> None:
    document = xlsx_document({"Notes": [
        ["The following table shows the upgrade paths for version 02020000:"],
        ["From 02010003 or 02010005", "Directly upgrade from 02010003/02010005 -> 02020000"],
    ]})  # fmt: skip
    (claim,) = extract_spreadsheet(document).claims
    assert (claim.target.text, [b.text for b in claim.bases], claim.evidence.location) == (
        "02020000", ["02010003", "02010005"], "sheet 'Notes' row 2")


@pytest.mark.unit
def test_a_sheet_with_no_header_and_no_statement_is_still_refused_with_the_columns_it_lacks() -> None:
    document = xlsx_document({"Notes": [["Thank you for your help"], ["See the attached notes."]]})
    with pytest.raises(UnreadableDocument, match="required column"):
        extract_spreadsheet(document)


@pytest.mark.unit
def test_german_headers_merged_identity_cells_numbers_and_two_bases_in_a_cell() -> None:
    """A MAP's sheet as a German team keeps it: a title row, the device written once over merged
    cells, the hardware version typed as a number, two bases on two lines of one cell."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Übersicht"
    sheet.append(["MAP Rückmeldung Upgrade-Pfade"])
    sheet.append(["Hersteller", "Modell-ID", "HW", "Installierte Version", "Zielversion", "Stückzahl"])
    sheet.append(["Acme Metering Ltd", "0101", 2, "01020000\n01020005", "01030001", 1200])
    sheet.append([None, None, None, "01010003", "01020000", 300])
    for column in "ABC":
        sheet.merge_cells(f"{column}3:{column}4")
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    document = Document(name="inbox/de.xlsx", data=data, kind=DocumentKind.XLSX, sha256=Document.sha256_of(data))
    claims = extract_spreadsheet(document).claims
    assert [(c.device.model, c.device.hardware_version, c.target.text, [b.text for b in c.bases]) for c in claims] == [
        ("0101", "0002", "01030001", ["01020000", "01020005"]),
        ("0101", "0002", "01020000", ["01010003"]),
    ]
