from __future__ import annotations

import dataclasses

import pytest

from firpath.demo.builders import Sheet, csv_bytes, workbook
from firpath.stages.estate import EstateError, read_estate
from tests.builders import small_cpl

HEADER = ("Manufacturer", "Model", "Hardware Version", "Firmware Version", "Device Count")


@pytest.mark.unit
def test_rows_match_cpl_entries_by_identifier_or_exact_name() -> None:
    data = csv_bytes([
        HEADER,
        ("10A7", "0101", "0002", "01020005", "1,200"),  # 1104 by identifiers
        ("Acme Metering Ltd", "AM-E200", "2", "0x01030001", "300"),  # 1106 by names, padding and 0x
        ("10a7", "0101", "0002", "01020005", "5"),  # 1104 again: counts add up
        ("Dynamo Comms Ltd", "DH-1", "0001", "04020001", "40"),  # 4402
    ])  # fmt: skip
    estate = read_estate("estate.csv", data, small_cpl())
    assert estate.devices == {"1104": 1205, "1106": 300, "4402": 40}
    assert estate.unmatched == () and estate.matched_devices == 1545 and estate.on("1101") == 0


@pytest.mark.unit
def test_rows_that_match_nothing_are_kept_aside_with_the_reason_never_guessed() -> None:
    data = csv_bytes([
        HEADER,
        ("Acme Metering", "AM-E200", "0002", "01020005", "10"),  # not the exact name
        ("10A7", "0101", "0002", "1.2.5", "20"),  # a display version: no CPL form
        ("10A7", "0101", "0003", "01020005", "30"),  # no such hardware version
        ("10A7", "0101", "0002", "01020005", "many"),
    ])  # fmt: skip
    estate = read_estate("estate.csv", data, small_cpl())
    assert estate.devices == {}
    reasons = {row.row: row.reason for row in estate.unmatched}
    assert "no CPL entry" in reasons[2] and "8 hex digits" in reasons[3] and "no CPL entry" in reasons[4]
    assert "not a whole number" in reasons[5]
    assert estate.unmatched_devices == 60


@pytest.mark.unit
def test_a_row_matching_several_entries_is_not_counted() -> None:
    cpl = small_cpl()
    twin = dataclasses.replace(
        next(e for e in cpl if e.entry_id == "1104"), entry_id="1104b"
    )  # the same firmware twice
    data = csv_bytes([HEADER, ("10A7", "0101", "0002", "01020005", "7")])
    estate = read_estate("estate.csv", data, [*cpl, twin])
    assert estate.devices == {} and "several CPL entries (1104, 1104b)" in estate.unmatched[0].reason


@pytest.mark.unit
def test_an_xlsx_estate_below_title_rows_and_a_file_without_one() -> None:
    rows = [("MAP estate, March",), ("Mfr ID", "Model ID", "HW Ver", "Current FW", "Devices"),
            ("20B1", "0203", "0001", "02010003", "12")]  # fmt: skip
    assert read_estate("estate.xlsx", workbook([Sheet("Estate", rows)]), small_cpl()).devices == {"2202": 12}
    with pytest.raises(EstateError, match="required column"):
        read_estate("x.csv", csv_bytes([("Entry", "Count"), ("1101", "3")]), small_cpl())
