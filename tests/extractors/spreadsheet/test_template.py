"""A returned upgrade path template: recognised by its hidden sheet, read exactly, every stray reported.

Templates are written by the real writer (`firpath/runtime/template_workbook.py`) for the small CPL
of tests/builders.py and filled in with openpyxl, as a MAP's spreadsheet program would.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from extractors.spreadsheet import extract_spreadsheet
from extractors.spreadsheet.template import (
    ANSWER_SHEET,
    LOCKED_COLUMNS,
    META_SHEET,
    TemplateSpec,
    meta_grid,
    parse_meta,
)
from firpath.domain import DeviceRef, Relation, SourceKind, UnmappedClaim, UpgradePath
from firpath.domain.documents import UnreadableDocument
from firpath.stages.mapping import map_claim
from tests.builders import cpl_entry, fw, index
from tests.extractors.spreadsheet.test_extract import xlsx_document
from tests.template_builders import document, fill, sheet_row, spec_for, template_bytes

pytestmark = pytest.mark.unit

# Acme 10A7 / 0101 / HW 0002 on the small CPL: 1101 01000005, 1103 01020000, 1104 01020005,
# 1105 01020007, 1106 01030001; HW 0001: 1111 01020005, 1112 01030001.
FIR = {"1103": UpgradePath(("1101",)), "1101": UpgradePath(()), "1104": None}


@pytest.fixture(scope="module")
def blank() -> bytes:
    return template_bytes(spec_for(fir=FIR))


def _read(data: bytes, name: str = "replies/answers.xlsx"):
    return extract_spreadsheet(document(data, name))


def _only_claim(data: bytes):
    extraction = _read(data)
    assert len(extraction.claims) == 1, extraction
    return extraction.claims[0]


def _unresolved(claim) -> str:
    """The note of the claim's first unresolved version, target first: what mapping reports as the reason."""
    notes = [ref.note for ref in (claim.target, *claim.bases) if ref.version is None]
    assert notes, claim
    return notes[0]


def test_the_format_reads_back_what_it_wrote():
    spec = spec_for(fir=FIR)
    assert parse_meta(meta_grid(spec)) == spec
    assert len(spec.checksum) == 64


def test_a_blank_template_is_recognised_and_claims_nothing(blank):
    extraction = _read(blank)
    assert extraction.claims == ()
    assert len(extraction.notices) == 1
    assert extraction.notices[0].startswith(
        "read as a firpath upgrade path template (written 2025-03-01T09:30:00+00:00"
    )
    assert "0 of 8 rows answered" in extraction.notices[0]


def test_recognised_by_its_hidden_sheet_not_its_name(blank):
    data = fill(blank, {"1104": {"Base firmware 1": "01020000"}})
    for name in ("Northern MAP return.xlsx", "mail.eml > attachment (2).bin", "paths.csv"):
        assert len(_read(data, name).claims) == 1


def test_a_sheet_named_like_the_template_without_its_marker_is_an_ordinary_map_sheet():
    doc = xlsx_document({ANSWER_SHEET: [["Mfr", "Model ID", "HW Ver", "Current FW", "Target FW"],
                                        ["10A7", "0101", "0002", "01020000", "01020005"]],
                         META_SHEET: [["something else"]]})  # fmt: skip
    (claim,) = extract_spreadsheet(doc).claims
    assert claim.evidence.location == f"sheet '{ANSWER_SHEET}' row 2"
    assert claim.evidence.text.startswith("Mfr: 10A7")


def test_an_answer_is_a_claim_with_the_row_as_evidence(blank):
    data = fill(
        blank,
        {
            "1104": {
                "Base firmware 1": "01020000",
                "Contact": "ops@northern-map.example",
                "Remarks": "per release note 4",
            }
        },
    )
    claim = _only_claim(data)
    row = sheet_row(blank, "1104")
    assert claim.device == DeviceRef("10A7", "0101", "0002")
    assert (claim.target.text, claim.target.version) == ("01020005", fw("01020005"))
    assert [(b.text, b.version) for b in claim.bases] == [("01020000", fw("01020000"))]
    assert claim.relation is Relation.EXACT
    assert claim.source_kind is SourceKind.SPREADSHEET
    assert claim.evidence.file == "replies/answers.xlsx"
    assert claim.evidence.location == f"sheet 'Upgrade paths' row {row}"
    assert claim.evidence.text == (
        "CPL Entry ID: 1104 | Device Type: ESME | Manufacturer ID: 10A7 | Manufacturer: Acme Metering Ltd | "
        "Model ID: 0101 | Model: AM-E200 | Hardware Version: 0002 | Firmware Version: 01020005 | "
        "Base firmware 1: 01020000 | Contact: ops@northern-map.example | Remarks: per release note 4"
    )


def test_several_bases_in_further_columns(blank):
    claim = _only_claim(fill(blank, {"1106": {"Base firmware 1": "01020007", "Base firmware 2": "01020005"}}))
    assert [b.version for b in claim.bases] == [fw("01020007"), fw("01020005")]
    assert claim.relation is Relation.EXACT


def test_the_same_base_twice_counts_once(blank):
    claim = _only_claim(fill(blank, {"1106": {"Base firmware 1": "01020007", "Base firmware 2": "01020005",
                                              "Base firmware 3": "01020007"}}))  # fmt: skip
    assert [b.text for b in claim.bases] == ["01020007", "01020005"]


def test_a_version_typed_in_lower_case_is_the_version_offered():
    data = template_bytes(spec_for([cpl_entry("H1", "0102000A"), cpl_entry("H2", "0102000B")]))
    claim = _only_claim(fill(data, {"H2": {"Base firmware 1": "0102000a"}}))
    assert [(b.text, b.version) for b in claim.bases] == [("0102000A", fw("0102000A"))]


def test_not_applicable_is_no_earlier_firmware(blank):
    claim = _only_claim(fill(blank, {"1101": {"Base firmware 1": "N/A"}}))
    assert (claim.bases, claim.relation) == ((), Relation.NONE)


def test_no_change_restates_the_current_fir_path_as_versions(blank):
    kept = _only_claim(fill(blank, {"1103": {"No change": "No change"}}))
    assert ([b.version for b in kept.bases], kept.relation) == ([fw("01000005")], Relation.EXACT)
    kept_na = _only_claim(fill(blank, {"1101": {"No change": "No change"}}))
    assert (kept_na.bases, kept_na.relation) == ((), Relation.NONE)


def test_no_change_where_the_fir_is_blank_is_reported(blank):
    claim = _only_claim(fill(blank, {"1104": {"No change": "No change"}}))
    assert "offered no 'No change' (the FIR holds no upgrade path for this entry" in _unresolved(claim)


def test_no_change_beside_a_base_contradicts_itself(blank):
    claim = _only_claim(fill(blank, {"1103": {"No change": "No change", "Base firmware 1": "01000005"}}))
    assert (
        _unresolved(claim)
        == "'No change' is chosen together with base firmware 01000005: the answer contradicts itself"
    )


def test_not_applicable_beside_a_version_contradicts_itself(blank):
    claim = _only_claim(fill(blank, {"1106": {"Base firmware 1": "01020007", "Base firmware 2": "N/A"}}))
    assert (
        _unresolved(claim)
        == "N/A (no earlier firmware needed) is chosen together with 01020007: the answer contradicts itself"
    )


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("01030001", "a newer version of the same device"),
        ("01020005", "the entry's own firmware"),
        ("01000000", "another model's firmware"),
        ("1.2.0", "a display version"),
        ("=A1", "a formula"),
    ],
)
def test_a_version_the_row_did_not_offer_is_reported_not_guessed(blank, typed, why):
    claim = _only_claim(fill(blank, {"1104": {"Base firmware 1": typed}}))
    assert _unresolved(claim) == (
        "not one of the choices this row offered (N/A, 01020000, 01000005); "
        "a template's answers are read only as offered"
    ), why


def test_an_edited_locked_column_is_reported_with_the_row(blank):
    data = fill(blank, {"1112": {"Hardware Version": "0002", "Base firmware 1": "01020005"}})
    claim = _only_claim(data)
    assert claim.device == DeviceRef("10A7", "0101", "0001")  # as the template wrote it
    assert _unresolved(claim) == (
        "locked column(s) of CPL entry 1112 changed: Hardware Version '0001' -> '0002': the row's answer is not read"
    )
    assert claim.evidence.location == f"sheet 'Upgrade paths' row {sheet_row(blank, '1112')}"
    assert "Hardware Version: 0002" in claim.evidence.text  # the row as returned


def test_an_edited_row_without_an_answer_is_a_notice(blank):
    extraction = _read(fill(blank, {"1105": {"Model": "AM-E300"}}))
    assert extraction.claims == ()
    assert extraction.notices[1] == (
        f"sheet 'Upgrade paths' row {sheet_row(blank, '1105')}: locked column(s) of CPL entry 1105 changed: "
        "Model 'AM-E200' -> 'AM-E300'; the row has no answer"
    )


def test_an_entry_id_the_template_did_not_write_is_reported(blank):
    claim = _only_claim(fill(blank, {"1105": {"CPL Entry ID": "9999", "Base firmware 1": "01020005"}}))
    assert _unresolved(claim).startswith("CPL Entry ID '9999' is not one the template was written with")


def test_remarks_without_an_answer_are_a_notice(blank):
    extraction = _read(fill(blank, {"1111": {"Remarks": "ask the manufacturer", "Contact": "Jo"}}))
    assert extraction.claims == ()
    assert extraction.notices[1] == (
        f"sheet 'Upgrade paths' row {sheet_row(blank, '1111')}: CPL entry 1111 has no answer, only "
        "Contact: 'Jo'; Remarks: 'ask the manufacturer'"
    )


def _edited(data: bytes, edit) -> bytes:
    book = load_workbook(io.BytesIO(data))
    edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_deleted_and_duplicated_rows_are_reported(blank):
    last = sheet_row(blank, "1301")

    def edit(book):
        sheet = book[ANSWER_SHEET]
        sheet.delete_rows(sheet_row(blank, "1105"))
        for column in range(1, sheet.max_column + 1):  # 1301's row copied below the last row, answered twice
            sheet.cell(row=last, column=column).value = sheet.cell(row=last - 1, column=column).value
        sheet.cell(row=last - 1, column=len(LOCKED_COLUMNS) + 1).value = "N/A"
        sheet.cell(row=last, column=len(LOCKED_COLUMNS) + 1).value = "N/A"

    extraction = _read(_edited(blank, edit))
    assert [_unresolved(c) for c in extraction.claims] == [
        f"CPL entry 1301 is in rows {last - 1}, {last}; the template wrote it once: the row's answer is not read"
    ] * 2
    assert extraction.notices[-1] == (
        "sheet 'Upgrade paths': the rows of CPL entries 1105 are missing (deleted from the template): "
        "nothing was read for them"
    )


def test_an_edited_hidden_sheet_makes_the_template_unreadable(blank):
    def offer_a_newer_version(book):
        book[META_SHEET].cell(row=TemplateSpec.meta_row(2), column=20).value = "01030001"

    with pytest.raises(UnreadableDocument, match="its hidden sheet 'firpath' was changed after firpath wrote it"):
        _read(_edited(blank, offer_a_newer_version))


def test_a_changed_header_makes_the_template_unreadable(blank):
    def insert_a_column(book):
        book[ANSWER_SHEET].insert_cols(3)

    with pytest.raises(
        UnreadableDocument, match=r"the header of sheet 'Upgrade paths' was changed \(column C reads ''"
    ):
        _read(_edited(blank, insert_a_column))


def test_answers_map_to_the_cpl_entries_exactly(blank):
    data = fill(blank, {
        "1104": {"Base firmware 1": "01020000"},
        "1106": {"Base firmware 1": "01020007", "Base firmware 2": "01020005"},
        "1101": {"Base firmware 1": "N/A"},
        "1103": {"No change": "No change"},
        "1112": {"Base firmware 1": "01020005"},
        "1105": {"Base firmware 1": "01030001"},
    })  # fmt: skip
    results = {
        c.evidence.text.split(" | ")[0].removeprefix("CPL Entry ID: "): map_claim(c, index())
        for c in _read(data).claims
    }
    paths = {e: str(r[0].path) for e, r in results.items() if isinstance(r, tuple) and len(r) == 1}
    assert paths == {"1101": "N/A", "1103": "1101", "1104": "1103", "1106": "1104; 1105", "1112": "1111"}
    assert {e: r[0].target.entry_id for e, r in results.items() if isinstance(r, tuple)} == {e: e for e in paths}
    (unmapped,) = [r for r in results.values() if isinstance(r, UnmappedClaim)]
    assert unmapped.reason.startswith("base firmware '01030001': not one of the choices this row offered")


def test_text_outside_the_template_is_reported_and_the_row_still_read(blank):
    def write_beside(book):
        sheet = book[ANSWER_SHEET]
        row = sheet_row(blank, "1104")
        sheet.cell(row=row, column=len(LOCKED_COLUMNS) + 1).value = "01020000"
        sheet.cell(row=row, column=sheet.max_column + 2).value = "see email of 3 March"
        sheet.cell(row=sheet.max_row + 1, column=len(LOCKED_COLUMNS) + 1).value = "01020000"  # a row of its own

    extraction = _read(_edited(blank, write_beside))
    read, added = extraction.claims
    assert [b.version for b in read.bases] == [fw("01020000")] and read.target.version == fw("01020005")
    assert _unresolved(added).startswith("its CPL Entry ID cell is empty (a row the template did not write)")
    assert extraction.notices[1] == (
        f"sheet 'Upgrade paths' row {sheet_row(blank, '1104')}: text right of the template's columns was not read "
        "('see email of 3 March')"
    )
