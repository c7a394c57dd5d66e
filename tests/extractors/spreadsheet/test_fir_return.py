"""A MAP's return shaped like the FIR itself: a CPL Entry ID per row and its Firmware Upgrade Path as
Entry IDs. The IDs are the CPL's own, so each row is a claim about entries, not versions."""

from __future__ import annotations

import pytest

from extractors.spreadsheet import extract_spreadsheet
from firpath.domain import Relation
from firpath.stages.mapping import map_claim
from tests.builders import index
from tests.extractors.spreadsheet.test_extract import csv_document, xlsx_document

pytestmark = pytest.mark.unit

TITLE = ["Northwick Assets - Firmware Upgrade Path return (MP231 backfill)"]
HEADER = ["CPL Entry ID", "Manufacturer", "Model", "HW", "Firmware", "Firmware Upgrade Path", "Comments"]


def claims_of(rows: list[list[object]]) -> list:
    return list(extract_spreadsheet(xlsx_document({"Return": [TITLE, [], HEADER, *rows]})).claims)


def test_each_answered_row_names_its_entry_and_the_entries_of_its_path() -> None:
    claims = claims_of([
        ["1106", "Acme Metering Ltd", "AM-E200", "0002", "01030001", "1104;1105", "per the release note"],
        ["1105", "Acme Metering Ltd", "AM-E200", "0002", "01020007", "1104", None],
        ["1104", "Acme Metering Ltd", "AM-E200", "0002", "01020005", None, "not known"],  # blank: not answered
    ])  # fmt: skip
    assert [(c.target.entry_id, [b.entry_id for b in c.bases], c.relation) for c in claims] == [
        ("1106", ["1104", "1105"], Relation.EXACT),
        ("1105", ["1104"], Relation.EXACT),
    ]
    assert claims[0].evidence.location == "sheet 'Return' row 4"
    assert "1104;1105" in claims[0].evidence.text and "01030001" in claims[0].evidence.text


@pytest.mark.parametrize("cell", ["1104, 1105", "1104 ; 1105", "1104/1105", "1104\n1105", "1104 1105"])
def test_the_path_cell_may_separate_its_entry_ids_as_people_do(cell: str) -> None:
    (claim,) = claims_of([["1106", "", "", "", "", cell, ""]])
    assert [b.entry_id for b in claim.bases] == ["1104", "1105"]


def test_n_a_is_no_prerequisite_and_anything_else_is_listed_for_reading() -> None:
    claims = claims_of([["1101", "", "", "", "", "N/A", "first release"], ["1106", "", "", "", "", "1.2.0.5 or higher", ""]])
    assert [(c.target.entry_id, c.relation) for c in claims] == [("1101", Relation.NONE), ("1106", Relation.UNREAD)]
    assert "not CPL Entry IDs" in claims[1].note


def test_a_sheet_whose_path_column_spells_routes_in_versions_is_no_return() -> None:
    rows = [["Acme", "AM-E200", "01020005", "01030001", "01020005 -> 01030001"], ["Acme", "AM-E200", "01000005", "01030001", "via 01020005"]]
    claims = extract_spreadsheet(xlsx_document({"Paths": [["CPL Entry ID", "Manufacturer", "Model", "Current FW", "Target FW", "Upgrade path"],
                                                           *[["", *r] for r in rows]]})).claims  # fmt: skip
    assert all(not c.target.entry_id for c in claims) and claims


def test_a_csv_return_with_the_firs_own_column_names() -> None:
    text = 'CPL_ENTRY_ID,FW_UPGRADE_PATH,SOURCE,NOTES\n1106,"1104,1105",Acme email 03/10,\n1101,N/A,Acme email,first version\n'
    claims = list(extract_spreadsheet(csv_document(text)).claims)
    assert [(c.target.entry_id, [b.entry_id for b in c.bases], c.relation) for c in claims] == [
        ("1106", ["1104", "1105"], Relation.EXACT),
        ("1101", [], Relation.NONE),
    ]


@pytest.mark.parametrize(
    ("entry", "path"),
    [("Target CPL Entry ID", "Prerequisite CPL Entry ID(s)"), ("CPL ID", "Base entry IDs"), ("Entry Id", "FIR upgrade path")],
)
def test_the_two_columns_are_found_by_their_words(entry: str, path: str) -> None:
    text = f"{entry},Description,{path}\n1106,Acme AM-E200 HW0002 FW 01030001,1104; 1105\n"
    (claim,) = extract_spreadsheet(csv_document(text)).claims
    assert (claim.target.entry_id, [b.entry_id for b in claim.bases]) == ("1106", ["1104", "1105"])


@pytest.mark.parametrize("firmware", ["01030001", ""])  # the firmware column is optional: the ID says it all
def test_mapping_takes_the_entries_the_ids_name(firmware: str) -> None:
    (claim,) = claims_of([["1106", "", "", "", firmware, "1104;1105", ""]])
    (mapped,) = map_claim(claim, index())
    assert mapped.target.entry_id == "1106" and [b.entry_id for b in mapped.bases] == ["1104", "1105"]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["9999", "", "", "", "", "1104", ""], "CPL Entry ID 9999 is not on the CPL"),
        (["1106", "", "", "", "", "2201", ""], "CPL Entry ID 2201 is"),  # another device's entry
        (["1106", "", "", "", "01020007", "1104", ""], "01020007"),  # the row's firmware is not its entry's
    ],
)
def test_an_id_the_cpl_does_not_have_or_that_contradicts_its_row_stays_unmapped_with_the_reason(row: list[object], reason: str) -> None:
    (claim,) = claims_of([row])
    result = map_claim(claim, index())
    assert not isinstance(result, tuple) and reason in result.reason
