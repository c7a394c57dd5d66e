"""`firpath routes` as a user runs it: from the last run or from exports at hand, every option."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from firpath.cli import app
from firpath.demo.builders import csv_bytes
from firpath.domain import ReviewAction
from firpath.publish import publish
from tests.firpath.publish.publish_builders import (
    FOUR_ENTRY_CPL,
    SMALL_CPL_HEADER,
    SmallRun,
    build_small_board,
    decider,
)

pytestmark = pytest.mark.unit

COLUMNS = ["manufacturer", "model", "hardware_version", "from_entry_id", "from_firmware", "to_entry_id", "to_firmware",
           "installs", "route", "status"]  # fmt: skip


def invoke(*args: str | Path):
    return CliRunner().invoke(app, ["routes", *map(str, args)])


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def exports(tmp_path: Path, fir: dict[str, str], status: dict[str, str] | None = None) -> tuple[Path, Path]:
    """A CPL of E1 < E2 < E3 < E4 (with a Status column when given) and a FIR holding `fir`."""
    cpl, fir_file = tmp_path / "cpl.csv", tmp_path / "fir.csv"
    header = (*SMALL_CPL_HEADER, "Status") if status is not None else SMALL_CPL_HEADER
    rows = [(*row, (status or {}).get(row[0], "Active")) if status is not None else row for row in FOUR_ENTRY_CPL]
    cpl.write_bytes(csv_bytes([header, *rows]))
    fir_file.write_bytes(csv_bytes([("CPL Entry ID", "Firmware Upgrade Path"), *fir.items()]))
    return cpl, fir_file


def test_routes_from_exports_at_hand_written_to_csv(tmp_path: Path) -> None:
    cpl, fir = exports(tmp_path, {"E2": "E1", "E3": "E1; E2", "E4": "E3"})
    out = tmp_path / "routes.csv"
    result = invoke("--cpl", cpl, "--fir", fir, "--out", out, "--workdir", tmp_path / "never-made")
    assert result.exit_code == 0, result.output
    rows = rows_of(out)
    assert list(rows[0]) == COLUMNS
    by_source = {r["from_entry_id"]: (r["installs"], r["route"], r["status"]) for r in rows}
    assert by_source == {"E1": ("2", "E3 > E4", "ok"), "E2": ("2", "E3 > E4", "ok"), "E3": ("1", "E4", "ok"),
                         "E4": ("0", "", "up_to_date")}  # fmt: skip
    assert rows[0]["to_firmware"] == "01030000" and rows[0]["manufacturer"] == "Acme Metering Ltd"
    assert "4 row(s) for 1 device(s): 3 ok, 1 up_to_date" in result.output
    assert not (tmp_path / "never-made").exists()


def test_a_withdrawn_entry_is_passed_by_while_another_route_exists(tmp_path: Path) -> None:
    cpl, fir = exports(tmp_path, {"E2": "E1", "E3": "E1; E2", "E4": "E3; E2"}, status={"E3": "Withdrawn"})
    result = invoke("--cpl", cpl, "--fir", fir, "--from", "E1")
    assert result.exit_code == 0, result.output
    assert "from E1 (01000000)  ok  2 installs  E2 > E4" in result.output
    cpl, fir = exports(tmp_path, {"E3": "E1", "E4": "E3"}, status={"E3": "Withdrawn"})
    result = invoke("--cpl", cpl, "--fir", fir, "--from", "E1")
    assert "ok_via_non_active  2 installs  E3 > E4" in result.output


def test_to_and_from_pick_the_rows_and_name_what_is_wrong(tmp_path: Path) -> None:
    cpl, fir = exports(tmp_path, {"E2": "N/A", "E3": "E2"})
    to_e3 = invoke("--cpl", cpl, "--fir", fir, "--to", "E3", "--out", tmp_path / "r.csv")
    assert to_e3.exit_code == 0
    assert {r["from_entry_id"]: r["status"] for r in rows_of(tmp_path / "r.csv")} == {
        "E1": "ok", "E2": "ok", "E3": "up_to_date", "E4": "stranded"}  # fmt: skip
    latest = invoke("--cpl", cpl, "--fir", fir, "--to", "latest", "--from", "E1")
    assert "to E4 (01030000)" in latest.output and "stranded" in latest.output
    unknown = invoke("--cpl", cpl, "--fir", fir, "--from", "E9")
    assert unknown.exit_code == 2 and "--from E9: no such CPL Entry ID" in unknown.output
    assert invoke("--cpl", cpl, "--fir", fir, "--out", tmp_path / "r.txt").exit_code == 2


def test_the_last_runs_fir_with_the_changes_approved_since(tmp_path: Path) -> None:
    # FIR: E1 N/A; proposals E2 <- E1, E3 <- E2, E4 <- E3
    board = build_small_board(tmp_path, SmallRun(cpl_rows=FOUR_ENTRY_CPL))
    before = invoke("--workdir", tmp_path, "--out", tmp_path / "before.csv")
    assert before.exit_code == 0, before.output
    assert {r["status"] for r in rows_of(tmp_path / "before.csv") if r["from_entry_id"] != "E4"} == {"stranded"}
    decide = decider(board)
    for entry_id in ("E2", "E3", "E4"):
        decide(entry_id, ReviewAction.APPROVE, "alice")
    board.store.close()
    after = invoke("--workdir", tmp_path, "--from", "E1")
    assert after.exit_code == 0, after.output
    assert "ok  3 installs  E2 > E3 > E4" in after.output
    assert "with 3 change(s) approved since" in after.output


def test_published_changes_are_applied_on_top_of_a_fir_at_hand(tmp_path: Path) -> None:
    board = build_small_board(tmp_path / "work", SmallRun(cpl_rows=FOUR_ENTRY_CPL))
    decide = decider(board)
    for entry_id in ("E3", "E4"):
        decide(entry_id, ReviewAction.APPROVE, "alice")
    publish(board, tmp_path / "signed-off")
    board.store.close()
    cpl, fir = exports(tmp_path, {"E2": "E1"})
    result = invoke("--cpl", cpl, "--fir", fir, "--published", tmp_path / "signed-off", "--from", "E1")
    assert result.exit_code == 0, result.output
    assert "E2 > E3 > E4" in result.output and "2 change(s) published in" in result.output
    (tmp_path / "signed-off" / "fir_upgrade_path_changes.csv").write_text("tampered", encoding="utf-8")
    tampered = invoke("--cpl", cpl, "--fir", fir, "--published", tmp_path / "signed-off")
    assert tampered.exit_code == 2 and "sha256" in tampered.output


def test_an_estate_weights_the_routes_in_xlsx_and_names_rows_it_cannot_match(tmp_path: Path) -> None:
    cpl, fir = exports(tmp_path, {"E2": "E1", "E4": "E2"})
    estate = tmp_path / "estate.csv"
    estate.write_bytes(csv_bytes([("Manufacturer ID", "Model ID", "HW Version", "Firmware Version", "Device Count"),
                                  ("10A7", "0101", "0002", "01000000", "1,000"),
                                  ("10A7", "0101", "0002", "01020000", "250"),
                                  ("10A7", "0101", "0002", "09090909", "7")]))  # fmt: skip
    out = tmp_path / "routes.xlsx"
    result = invoke("--cpl", cpl, "--fir", fir, "--estate", estate, "--out", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    book.close()
    assert rows[0] == [*COLUMNS, "devices"]
    expected = {"E1": ("ok", "1000"), "E2": ("ok", "0"), "E3": ("stranded", "250"), "E4": ("up_to_date", "0")}
    assert {r[3]: (r[9], r[10]) for r in rows[1:]} == expected
    assert "1,250 device(s) on these entries: 1,000 ok, 250 stranded" in result.output
    assert "1 estate row(s) (7 devices) matched no CPL entry" in result.output and "row 4" in result.output
