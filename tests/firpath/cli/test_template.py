"""`firpath template` and `firpath status` end to end: a template generated from the last run, filled in
as a MAP would (a wrong edit and a multi-base row among the answers), dropped into the inbox under a
name of the MAP's choosing, and read back by the backfill: exactly the filled answers become
proposals, each with its row as the evidence; what cannot be read exactly is reported with its row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from extractors.spreadsheet.template import ANSWER_SHEET, NO_CHANGE
from firpath.cli import app
from tests.builders import small_cpl
from tests.template_builders import fill, sheet_row

pytestmark = pytest.mark.integration

FIR_PATHS = {"1103": "1101", "2202": "2201"}  # every other entry's path is blank
RETURNED = "replies/Northern MAP return 2025-03.xlsx"

# What the MAP fills in (small CPL: Acme AM-E200 HW 0002 is 1101 01000005, 1103 01020000,
# 1104 01020005, 1105 01020007, 1106 01030001; HW 0001 is 1111 01020005, 1112 01030001).
ANSWERS = {
    "1104": {"Base firmware 1": "01020000", "Contact": "Jo Bloggs, Northern MAP"},
    "1106": {"Base firmware 1": "01020007", "Base firmware 2": "01020005"},  # several bases
    "1101": {"Base firmware 1": "N/A"},
    "1103": {NO_CHANGE: NO_CHANGE},  # the FIR's 1101 is right
    "1112": {"Hardware Version": "0002", "Base firmware 1": "01020005"},  # a locked column edited
    "1105": {"Base firmware 1": "01030001"},  # typed over the drop-down: a newer version
    "1111": {"Remarks": "firmware withdrawn, no upgrades planned"},  # no answer
}
# CPL entry -> (proposed path, change): the answers that read exactly, and nothing else
EXPECTED = {
    "1101": ("N/A", "add"),
    "1103": ("1101", "unchanged"),
    "1104": ("1103", "add"),
    "1106": ("1104; 1105", "add"),
}


def _write_registers(folder: Path) -> tuple[Path, Path]:
    cpl, fir = folder / "cpl.csv", folder / "fir.csv"
    with cpl.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["CPL Entry ID", "Device Type", "Manufacturer Identifier", "Manufacturer Name", "Model Identifier",
                      "Model Name", "Hardware Version", "Firmware Version"])  # fmt: skip
        for e in small_cpl():
            out.writerow([e.entry_id, e.device_type, e.manufacturer_id, e.manufacturer_name, e.model_id, e.model_name,
                          e.hardware_version, e.firmware_version.text])  # fmt: skip
    with fir.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["CPL Entry ID", "Firmware Upgrade Path"])
        for e in small_cpl():
            out.writerow([e.entry_id, FIR_PATHS.get(e.entry_id, "")])
    return cpl, fir


def _backfill(inbox: Path, cpl: Path, fir: Path, workdir: Path):
    from flows.backfill import backfill_flow
    from staging.settings import store_url

    return backfill_flow(inbox, cpl, fir, workdir, store_url(workdir), 1, "ingrid")


def _invoke(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def round_trip(prefect_harness, tmp_path_factory):
    """The first run (nothing in the inbox yet), the template, the MAP's return and the second run."""
    root = tmp_path_factory.mktemp("template")
    cpl, fir = _write_registers(root)
    workdir, inbox = root / "wd", root / "inbox"
    inbox.mkdir()
    _backfill(inbox, cpl, fir, workdir)
    template = root / "out" / "Acme template.xlsx"
    printed = _invoke(
        "template", "--workdir", str(workdir), "--manufacturer", "Acme Metering Ltd", "--out", str(template)
    )
    blank = template.read_bytes()
    returned = inbox / RETURNED
    returned.parent.mkdir()
    returned.write_bytes(fill(blank, ANSWERS))
    result = _backfill(inbox, cpl, fir, workdir)
    return {"workdir": workdir, "blank": blank, "printed": printed, "result": result, "cpl": cpl, "fir": fir}


def test_the_template_lists_the_manufacturers_entries_from_the_last_run(round_trip):
    assert round_trip["printed"].startswith("Template    ")
    assert "8 CPL entries of Acme Metering Ltd (10A7); up to 4 base firmware column(s) a row" in round_trip["printed"]
    sheet = load_workbook(io.BytesIO(round_trip["blank"]))[ANSWER_SHEET]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "1111", "1112", "1101", "1103", "1104", "1105", "1106", "1301",
    ]  # fmt: skip


def test_exactly_the_filled_answers_become_proposals_with_their_rows_as_evidence(round_trip):
    result = round_trip["result"]
    rows = {r["cpl_entry_id"]: r for r in _rows(result.files.proposed_csv)}
    assert {e: (r["proposed_upgrade_path"], r["change"]) for e, r in rows.items()} == EXPECTED
    for entry_id, row in rows.items():
        number = sheet_row(round_trip["blank"], entry_id)
        assert row["evidence"].startswith(
            f"[MAP spreadsheet] {RETURNED}, sheet 'Upgrade paths' row {number}: \"CPL Entry ID: {entry_id} | "
        ), row["evidence"]
        assert row["evidence"].count("\n") == 0  # one source: the row
        assert row["sources"] == RETURNED
        assert row["review_flags"] == ""
    assert "| Base firmware 1: 01020007 | Base firmware 2: 01020005" in rows["1106"]["evidence"]
    assert "| Contact: Jo Bloggs, Northern MAP" in rows["1104"]["evidence"]


def test_a_wrong_edit_and_a_version_not_offered_are_reported_with_the_row(round_trip):
    result = round_trip["result"]
    unmapped = {r["location"]: r for r in _rows(result.files.unmapped_csv)}
    blank = round_trip["blank"]
    edited, typed = sheet_row(blank, "1112"), sheet_row(blank, "1105")
    assert set(unmapped) == {f"sheet 'Upgrade paths' row {edited}", f"sheet 'Upgrade paths' row {typed}"}
    assert all(r["file"] == RETURNED for r in unmapped.values())
    assert unmapped[f"sheet 'Upgrade paths' row {edited}"]["reason"] == (
        "target firmware '01030001': locked column(s) of CPL entry 1112 changed: Hardware Version '0001' -> '0002': "
        "the row's answer is not read"
    )
    assert unmapped[f"sheet 'Upgrade paths' row {typed}"]["reason"] == (
        "base firmware '01030001': not one of the choices this row offered (N/A, 01020005, 01020000, 01000005); "
        "a template's answers are read only as offered"
    )
    notices = [r["notice"] for r in _rows(result.files.notices_csv) if r["file"] == RETURNED]
    assert notices[1:] == [
        f"sheet 'Upgrade paths' row {sheet_row(blank, '1111')}: CPL entry 1111 has no answer, only "
        "Remarks: 'firmware withdrawn, no upgrades planned'"
    ]
    assert notices[0].endswith("by its hidden sheet, no header guessed; 6 of 8 rows answered")
    assert _rows(result.files.quarantine_csv) == []


def test_status_counts_per_manufacturer(round_trip):
    lines = _invoke("status", "--workdir", str(round_trip["workdir"])).splitlines()
    assert lines[0].split() == ["Manufacturer", "entries", "with", "a", "path", "proposed", "under", "review",
                                "approved", "still", "missing"]  # fmt: skip
    # Acme: 1103 has a path; 1101, 1104 and 1106 are proposed; 1105, 1111, 1112 and 1301 are still missing
    assert lines[1].split() == ["Acme", "Metering", "Ltd", "(10A7)", "8", "1", "3", "0", "0", "4"]
    assert lines[2].split() == ["Bolt", "Meters", "Ltd", "(20B1)", "3", "1", "0", "0", "0", "2"]
    assert lines[4].split() == ["Total", "14", "2", "3", "0", "0", "9"]


def test_only_missing_sends_what_is_still_open_with_what_is_under_review(round_trip, tmp_path):
    out = tmp_path / "open.xlsx"
    workdir = str(round_trip["workdir"])
    printed = _invoke("template", "--workdir", workdir, "--manufacturer", "10A7", "--model", "AM-E200",
                      "--only-missing", "--out", str(out))  # fmt: skip
    assert "6 CPL entries of Acme Metering Ltd (10A7), models AM-E200, entries without an FIR upgrade path" in printed
    sheet = load_workbook(out)[ANSWER_SHEET]
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == ["1111", "1112", "1101", "1104", "1105", "1106"]  # 1103 has a path; 1301 is another model
    assert rows["1104"]["Proposed, under review"] == "proposed: 1103 (01020000)"
    assert rows["1106"]["Proposed, under review"] == "proposed: 1104 (01020005); 1105 (01020007)"


def test_nothing_missing_writes_no_template(round_trip, tmp_path):
    """A newer FIR export (--fir) in which Bolt's G2 has every path: nothing to send."""
    fir = tmp_path / "fir.csv"
    fir.write_text("CPL Entry ID,Firmware Upgrade Path\n2201,N/A\n2202,2201\n", encoding="utf-8")
    out = tmp_path / "none.xlsx"
    printed = _invoke("template", "--workdir", str(round_trip["workdir"]), "--fir", str(fir), "--manufacturer",
                      "Bolt Meters Ltd", "--model", "0203", "--only-missing", "--out", str(out))  # fmt: skip
    assert not out.exists()
    assert printed.startswith("Nothing to ask: every CPL entry of Bolt Meters Ltd (20B1), models 0203")


@pytest.mark.unit
def test_without_a_run_it_needs_the_registers(tmp_path):
    result = CliRunner().invoke(app, ["template", "--workdir", str(tmp_path / "wd"), "--manufacturer", "10A7",
                                      "--out", str(tmp_path / "t.xlsx")])  # fmt: skip
    assert result.exit_code == 2
    assert "no finished backfill run in" in result.output and "pass --cpl and --fir" in result.output
    assert not (tmp_path / "wd").exists()  # nothing created
    cpl, fir = _write_registers(tmp_path)
    registers = [
        "--workdir",
        str(tmp_path / "wd"),
        "--cpl",
        str(cpl),
        "--fir",
        str(fir),
        "--out",
        str(tmp_path / "t.xlsx"),
    ]
    result = CliRunner().invoke(app, ["template", *registers, "--manufacturer", "Dynamo"])
    assert result.exit_code == 2
    assert "manufacturer 'Dynamo' is not on the CPL" in result.output
    result = CliRunner().invoke(app, ["template", *registers, "--manufacturer", "Dynamo Comms"])
    assert result.exit_code == 0, result.output
    assert "3 CPL entries of Dynamo Comms Ltd (4D11)" in result.output
    assert (tmp_path / "t.xlsx").is_file()


@pytest.mark.unit
def test_status_without_a_store_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["status", "--workdir", str(tmp_path)])
    assert result.exit_code == 2
    assert "no staging store in" in result.output
