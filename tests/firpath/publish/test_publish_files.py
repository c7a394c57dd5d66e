"""Publishing a small hand-built run: FIR values kept as they were, escaping, layout edge cases,
deterministic XLSX and verify_publication. No Prefect: the run is written straight into the store."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from firpath.domain import ReviewAction, UpgradePath
from firpath.publish import publish, publish_summary_lines, verify_publication
from firpath.runtime.sheets import table_xlsx_bytes
from tests.firpath.publish.publish_builders import HYPERLINK, SMALL_FIR, SmallRun, decider, read_csv

pytestmark = pytest.mark.unit


def _xlsx_rows(path: Path) -> list[list[object]]:
    book = load_workbook(path)
    try:
        return [[c.value for c in row] for row in book.active.iter_rows()]
    finally:
        book.close()


def test_fir_values_are_published_as_they_were_and_no_cell_is_a_formula(small_board_factory, tmp_path):
    """#15.7: a FIR cell starting with `+`, `-` or `@` (a phone number, an address, a model name) used to
    gain a `'` in the files SECAS applies as they are. They keep every value; the XLSX holds every cell
    as text, so even a formula-like value from the export is never run."""
    board = small_board_factory(SmallRun(evidence_text=HYPERLINK))
    decide = decider(board)
    decide("E2", ReviewAction.APPROVE, "alice")  # E2's FIR row has =HYPERLINK( in Notes, -sales@ in Contact
    decide("E3", ReviewAction.APPROVE, "alice")  # E3's evidence starts with =HYPERLINK(, its Contact with +
    result = publish(board, tmp_path / "out")

    csv_rows = read_csv(result.files.csv)
    assert csv_rows[0] == ["CPL Entry ID", "Notes", "Firmware Upgrade Path", "Contact"]
    assert csv_rows[1] == ["E2", HYPERLINK, "E1", "-sales@example"]
    assert csv_rows[2] == ["E3", "plain", "E2", "+44 20 0000"]

    book = load_workbook(result.files.xlsx)
    cells = [c for row in book.active.iter_rows() for c in row]
    assert all(c.data_type == "s" for c in cells)  # every cell a string: no formula, number or link
    assert [c.value for c in book.active[2]] == ["E2", HYPERLINK, "E1", "-sales@example"]
    assert [c.value for c in book.active[3]] == ["E3", "plain", "E2", "+44 20 0000"]
    book.close()
    assert verify_publication(result.out_dir) == []

    # the evidence reaches the report as text, and the manifest as data
    html = result.files.report.read_text(encoding="utf-8")
    assert "=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;click&quot;)" in html
    manifest = json.loads(result.files.manifest.read_text(encoding="utf-8"))
    assert manifest["rows"][1]["evidence"][0]["text"] == HYPERLINK


def test_what_firpath_writes_itself_is_checked_before_it_is_published(small_board_factory, tmp_path):
    """The Entry IDs and paths firpath writes are CPL Entry IDs; one a spreadsheet would run as a
    formula is refused rather than written."""
    from firpath.publish import PublishRefused
    from firpath.publish.fir_changes import change_table
    from firpath.publish.selection import collect

    board = small_board_factory(SmallRun())
    decider(board)("E3", ReviewAction.APPROVE, "alice")
    publication = collect(board)
    [change] = publication.changes
    hostile = replace(change, new=UpgradePath(("+E2",)))
    with pytest.raises(PublishRefused, match=r"E3: .*'\+E2'"):
        change_table(board.fir, [hostile])


def test_report_escapes_markup_from_documents_and_is_self_contained(small_board_factory, tmp_path):
    board = small_board_factory(SmallRun(evidence_text="<script>alert('x')</script> needs 1.1.0"))
    decider(board)("E3", ReviewAction.APPROVE, "alice")
    html = publish(board, tmp_path / "out").files.report.read_text(encoding="utf-8")

    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "notes/acme &lt;v1.2&gt;.pdf" in html  # a file name is escaped too
    assert "<svg" in html and "<style>" in html
    for external in ("<link", " src=", "@import", "url(http"):
        assert external not in html
    assert re.findall(r'href="(?!#)', html) == []  # links only within the page


def test_fir_export_without_upgrade_path_column_gets_one_appended(small_board_factory, tmp_path):
    header = ("CPL Entry ID", "Notes", "Contact")
    rows = tuple((r[0], r[1], r[3]) for r in SMALL_FIR)
    board = small_board_factory(SmallRun(fir_header=header, fir_rows=rows))
    decider(board)("E3", ReviewAction.APPROVE, "alice")
    result = publish(board, tmp_path / "out")

    assert read_csv(result.files.csv) == [[*header, "Firmware Upgrade Path"], ["E3", "plain", "+44 20 0000", "E2"]]
    columns = json.loads(result.files.manifest.read_text(encoding="utf-8"))["columns"]
    assert columns == {"entry_id": "CPL Entry ID", "upgrade_path": "Firmware Upgrade Path", "upgrade_path_added": True}


def test_entry_missing_from_the_fir_export_gets_a_row_of_its_own_after_the_fir_rows(small_board, tmp_path):
    decide = decider(small_board)
    decide("E4", ReviewAction.APPROVE, "alice")  # E4 has no FIR row
    decide("E3", ReviewAction.APPROVE, "alice")
    result = publish(small_board, tmp_path / "out")

    assert read_csv(result.files.csv)[1:] == [["E3", "plain", "E2", "+44 20 0000"], ["E4", "", "E3", ""]]
    rows = json.loads(result.files.manifest.read_text(encoding="utf-8"))["rows"]
    assert [(r["entry_id"], r["in_fir_export"]) for r in rows] == [("E3", True), ("E4", False)]
    assert result.published == ("E3", "E4")


def test_nothing_approved_still_publishes_a_header_and_a_manifest(small_board, tmp_path):
    result = publish(small_board, tmp_path / "out")
    assert read_csv(result.files.csv) == [["CPL Entry ID", "Notes", "Firmware Upgrade Path", "Contact"]]
    assert result.counts.published == 0 and result.counts.pending == 3
    assert verify_publication(tmp_path / "out") == []
    assert "No approved change to publish" in result.files.report.read_text(encoding="utf-8")
    # with no decision yet, "as of" is the run's end, never the wall clock
    assert result.as_of == small_board.run.finished_at.replace(tzinfo=UTC)


def test_summary_lines_name_what_was_published_and_what_waits(small_board, tmp_path):
    decider(small_board)("E3", ReviewAction.APPROVE, "alice")
    lines = publish_summary_lines(publish(small_board, tmp_path / "out"))
    assert lines[0] == "Published   1 approved change(s): E3"
    assert lines[1].startswith("Waiting     2 pending, 0 needing another approval")
    assert "2024-05-01T09:01:00Z" in lines[3]


def test_verify_publication_finds_modified_missing_and_inconsistent_files(small_board, tmp_path):
    decider(small_board)("E3", ReviewAction.APPROVE, "alice")
    out = tmp_path / "out"
    result = publish(small_board, out)
    assert verify_publication(out) == []

    original = result.files.csv.read_bytes()
    result.files.csv.write_bytes(original.replace(b"E3,plain,E2", b"E3,plain,E1"))
    problems = verify_publication(out)
    assert len(problems) == 1 and "fir_upgrade_path_changes.csv: modified since publication" in problems[0]
    result.files.csv.write_bytes(original)

    result.files.xlsx.unlink()
    assert verify_publication(out) == ["fir_upgrade_path_changes.xlsx: missing"]

    publish(small_board, out)
    manifest = json.loads(result.files.manifest.read_text(encoding="utf-8"))
    manifest["rows"][0]["new_path"] = "E1"  # a manifest edited by hand no longer matches its CSV
    result.files.manifest.write_text(json.dumps(manifest), encoding="utf-8")
    assert verify_publication(out) == [
        "fir_upgrade_path_changes.csv: its rows (Entry ID, upgrade path) differ from the manifest's",
        "fir_upgrade_path_changes.parquet: its rows (Entry ID, upgrade path) differ from the manifest's",
    ]

    result.files.manifest.write_text("{not json", encoding="utf-8")
    assert "cannot be read" in verify_publication(out)[0]
    result.files.manifest.unlink()
    assert "missing" in verify_publication(out)[0]


def test_the_parquet_twin_holds_the_csv_cells_as_strings_and_is_verified(small_board_factory, tmp_path):
    import pandas as pd

    header = ("CPL Entry ID", "Hardware Version", "Firmware Upgrade Path")
    board = small_board_factory(SmallRun(fir_header=header, fir_rows=(("E1", "0002", "N/A"), ("E2", "0002", ""))))
    decider(board)("E2", ReviewAction.APPROVE, "alice")
    out = tmp_path / "out"
    result = publish(board, out)

    typed = pd.read_parquet(result.files.parquet)
    assert typed.to_dict("records") == [{"CPL Entry ID": "E2", "Hardware Version": "0002", "Firmware Upgrade Path": "E1"}]
    assert typed.to_dict("records") == pd.read_csv(result.files.csv, dtype=str, keep_default_na=False).to_dict("records")
    assert "fir_upgrade_path_changes.parquet" in next(line for line in publish_summary_lines(result) if line.startswith("Files"))

    # a Parquet file rewritten along with its hash in the manifest is still caught by its rows
    forged = pd.DataFrame({"CPL Entry ID": ["E2"], "Hardware Version": ["0002"], "Firmware Upgrade Path": ["N/A"]})
    forged.to_parquet(result.files.parquet, index=False)
    manifest = json.loads(result.files.manifest.read_text(encoding="utf-8"))
    manifest["files"]["fir_upgrade_path_changes.parquet"] = hashlib.sha256(result.files.parquet.read_bytes()).hexdigest()
    result.files.manifest.write_text(json.dumps(manifest), encoding="utf-8")
    assert verify_publication(out) == [
        "fir_upgrade_path_changes.parquet: its rows (Entry ID, upgrade path) differ from the manifest's"
    ]
    result.files.parquet.write_bytes(b"not parquet")
    manifest["files"]["fir_upgrade_path_changes.parquet"] = hashlib.sha256(b"not parquet").hexdigest()
    result.files.manifest.write_text(json.dumps(manifest), encoding="utf-8")
    assert verify_publication(out)[0].startswith("fir_upgrade_path_changes.parquet: cannot be read")


def test_verify_publication_refuses_file_names_outside_the_folder(small_board, tmp_path):
    out = tmp_path / "out"
    result = publish(small_board, out)
    manifest = json.loads(result.files.manifest.read_text(encoding="utf-8"))
    manifest["files"]["../staging.sqlite"] = "0" * 64
    result.files.manifest.write_text(json.dumps(manifest), encoding="utf-8")
    assert verify_publication(out) == [f"{out / 'manifest.json'}: file name '../staging.sqlite' is not a plain file name"]


def test_deterministic_xlsx_stamps_only_the_given_time(tmp_path):
    as_of = datetime(2024, 5, 1, 9, 30, 15, 123456, tzinfo=UTC)
    first = table_xlsx_bytes("Sheet", ("a", "b"), [("1", "x")], created=as_of)
    second = table_xlsx_bytes("Sheet", ("a", "b"), [("1", "x")], created=as_of)
    assert first == second

    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # no wall clock in the zip
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2024-05-01T09:30:15Z") == 2  # created and modified

    later = datetime(2024, 5, 2, tzinfo=UTC)
    assert table_xlsx_bytes("Sheet", ("a", "b"), [("1", "x")], created=later) != first
    path = tmp_path / "t.xlsx"
    path.write_bytes(first)
    assert _xlsx_rows(path) == [["a", "b"], ["1", "x"]]


def test_every_xlsx_cell_is_text(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    path.write_bytes(table_xlsx_bytes("Sheet", ("fw", "f"), [("01030001", "=1+1")], created=datetime(2024, 5, 1, tzinfo=UTC)))
    ws = load_workbook(path).active
    assert [(c.value, c.data_type) for c in ws[2]] == [("01030001", "s"), ("=1+1", "s")]
