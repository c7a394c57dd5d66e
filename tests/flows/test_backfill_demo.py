"""The backfill flow on the demo corpus, end to end: exact expected paths, precision and recall 1.0.

The expected table is written out by hand from what each demo document states (see
firpath/demo/scenario.py), not derived from the generator, so a change in either shows up here.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from firpath.demo import write_demo

pytestmark = pytest.mark.integration

# CPL entry -> (proposed path, change); a conflict has no proposed path
EXPECTED = {
    "1102": ("1101", "unchanged"),  # upgrade-path chain line, FIR already right
    "1103": ("1102", "modify"),  # chain line; the FIR says 1101
    "1104": ("1103", "add"),  # MAP workbook row
    "1105": ("1106", "add"),  # MAP row naming a newer base: proposed, flagged for review
    "1106": ("1104; 1105", "add"),  # "shall only be applied to devices running ..." + MAP row agree
    "1112": ("1111", "add"),  # minimum firmware version (dotted octets) + emailed xlsx + the email (hardware 0001) agree
    "2202": ("2201", "add"),  # From/To table
    "2203": ("2202", "unchanged"),  # table + newest email + MAP CSV agree; quoted email superseded
    "2204": ("", "conflict"),  # release note (display version 2.1.5 = 02010005) vs MAP workbook
    "3303": ("3301; 3302", "add"),  # PDF inside an HTML email forwarded as message/rfc822
    "4401": ("N/A", "add"),  # MAP row with N/A base
    "4402": ("4401", "add"),  # CSV attached to an Outlook .msg
    "4403": ("4402", "add"),  # .msg body: "requires X to be installed first"
}
EXPECTED_CONFLICT_ALTERNATIVES = {"2204": {"2203", "2201"}}
EXPECTED_FLAGGED = {"1105", "1106"}  # 1105 <- 1106 <- 1105 is a cycle; 1105's base is newer
EXPECTED_UNMAPPED = {
    ("MAP/Northern MAP firmware paths.xlsx", "sheet 'Paths' row 8"): "model '0999'",
    ("MAP/smart-assets-return.csv", "row 4"): "BCD/hex mix-up",
    ("MAP/smart-assets-return.csv", "row 5"): "manufacturer 'Zeta Power' is not on the CPL",
    ("emails/Fwd CD-PPM1 release.eml > CD-PPM1 release.eml", "email body"): "2.0 is not listed (in any reading)",
}
EXPECTED_QUARANTINE = {
    "broken/meeting notes.docx": "unsupported file type",
    "broken/protected release notes.pdf": "encrypted",
    "broken/scanned release notes.pdf": "no text layer",
    "broken/truncated release notes.pdf": "corrupt PDF",
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _edges(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    edges = set()
    for row in rows:
        paths = [row["proposed_upgrade_path"]] if row["change"] != "conflict" else [
            alt.split(" (from ")[0] for alt in row["alternatives"].split(" | ")
        ]
        for path in paths:
            edges |= {(row["cpl_entry_id"], base) for base in path.split("; ")}
    return edges


@pytest.fixture(scope="module")
def demo_run(prefect_harness, tmp_path_factory):
    from flows.backfill import backfill_flow
    from staging.settings import store_url

    workdir = tmp_path_factory.mktemp("demo")
    inputs = write_demo(workdir)
    result = backfill_flow(inputs.inbox, inputs.cpl, inputs.fir, workdir, store_url(workdir), 1)
    return workdir, inputs, result


def test_every_expected_path_and_nothing_else(demo_run):
    _, _, result = demo_run
    rows = _rows(result.files.proposed_csv)
    assert {r["cpl_entry_id"]: (r["proposed_upgrade_path"], r["change"]) for r in rows} == EXPECTED


def test_precision_and_recall_are_one(demo_run):
    _, _, result = demo_run
    found = _edges(_rows(result.files.proposed_csv))
    expected = {(entry, base) for entry, (path, _) in EXPECTED.items() if path for base in path.split("; ")}
    expected |= {
        (entry, base) for entry, paths in EXPECTED_CONFLICT_ALTERNATIVES.items() for path in paths for base in path.split("; ")
    }
    true_positives = found & expected
    precision = len(true_positives) / len(found)
    recall = len(true_positives) / len(expected)
    assert (precision, recall) == (1.0, 1.0), (found - expected, expected - found)


def test_conflict_lists_each_alternative_with_its_source(demo_run):
    _, _, result = demo_run
    row = next(r for r in _rows(result.files.proposed_csv) if r["cpl_entry_id"] == "2204")
    assert row["alternatives"] == (
        "2201 (from MAP/Northern MAP firmware paths.xlsx) | 2203 (from release-notes/bolt/BoltG2-2.2.0-RN.pdf)"
    )


def test_failed_expectations_flag_rows_without_dropping_them(demo_run):
    _, _, result = demo_run
    rows = {r["cpl_entry_id"]: r for r in _rows(result.files.proposed_csv)}
    assert {k for k, r in rows.items() if r["review_flags"]} == EXPECTED_FLAGGED
    assert "base firmware is not older than the target" in rows["1105"]["review_flags"]
    assert "cycle" in rows["1106"]["review_flags"]
    html = result.validation_html.read_text(encoding="utf-8")
    assert "1105" in html and "<script" not in html.lower()
    # failing rows are named by where they were read, and linked to their proposals
    assert '<a href="http://127.0.0.1:8050/proposal/1105"><code>1105</code></a>' in html
    assert "Rows are named by <code>file, location</code>" in html
    docs = re.findall(r'href="(\.\./gx/[^"]+)"', html)
    assert len(docs) == 6 and all((result.review_dir / href).resolve().is_file() for href in docs)


def test_evidence_names_file_page_and_exact_sentence(demo_run):
    _, _, result = demo_run
    rows = {r["cpl_entry_id"]: r for r in _rows(result.files.proposed_csv)}
    evidence = rows["1106"]["evidence"]
    assert (
        'page 1: "This release shall only be applied to devices running firmware 01020005 or 01020007."'
        in evidence
    )
    assert "sheet 'Paths' row 4" in evidence
    # the same PDF arrived twice: read once, listed under both names
    assert "release-notes/acme/AM-E200_release_notes_v1.3.1.pdf" in rows["1106"]["sources"]
    assert "forwarded/copy of acme notes.pdf" in rows["1106"]["sources"]
    assert "page 2, table 1 row 2" in rows["2203"]["evidence"]


def test_unmapped_statements_carry_their_reason(demo_run):
    _, _, result = demo_run
    rows = _rows(result.files.unmapped_csv)
    assert {(r["file"], r["location"]) for r in rows} == set(EXPECTED_UNMAPPED)
    for row in rows:
        assert EXPECTED_UNMAPPED[(row["file"], row["location"])] in row["reason"]


def test_unreadable_inputs_are_quarantined_with_their_reason(demo_run):
    _, _, result = demo_run
    rows = _rows(result.files.quarantine_csv)
    assert {r["file"] for r in rows} == set(EXPECTED_QUARANTINE)
    for row in rows:
        assert EXPECTED_QUARANTINE[row["file"]] in row["reason"], row


def test_decoy_sentences_state_nothing(demo_run):
    _, _, result = demo_run
    statements = " ".join(r["statement"] for r in _rows(result.files.claims_csv))
    for decoy in ("GBCS", "Communications Hub", "Fixed an issue", "minimum hardware", "display defect"):
        assert decoy not in statements


def test_quoted_older_email_statement_is_superseded(demo_run):
    _, _, result = demo_run
    claims = [r for r in _rows(result.files.claims_csv) if r["file"] == "emails/RE Bolt G2 upgrade path.eml"]
    assert sorted((r["status"], r["base_firmware"]) for r in claims) == [("mapped", "02010003"), ("superseded", "02010001")]


def test_summary_counts(demo_run):
    _, _, result = demo_run
    s = result.summary
    assert (s.files_received, s.documents, s.quarantined) == (14, 17, 4)
    assert (s.proposals, s.added, s.modified, s.unchanged, s.conflicts, s.flagged) == (13, 9, 1, 2, 1, 2)
    assert (s.unmapped, s.superseded, s.needs_reading) == (4, 1, 0)


def test_rerun_reads_nothing_again_and_gives_identical_files(demo_run):
    from flows.backfill import backfill_flow
    from staging.settings import store_url

    workdir, inputs, first = demo_run
    tables = [*first.files.csvs, *first.files.parquets, first.files.proposed_xlsx]
    before = {p.name: p.read_bytes() for p in tables}
    assert len(before) == 13
    second = backfill_flow(inputs.inbox, inputs.cpl, inputs.fir, workdir, store_url(workdir), 1)
    assert second.summary.documents_read == 0
    assert second.summary.documents == first.summary.documents
    assert {p.name: (second.review_dir / p.name).read_bytes() for p in tables} == before
    # both runs' validation results are kept, and the GX Data Docs index lists both
    index = (workdir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").read_text(encoding="utf-8")
    for run in (first, second):
        assert f"'run_name': 'backfill-{run.run_id}'" in index
        assert len(list((workdir / "gx" / "uncommitted" / "validations").glob(f"*/backfill-{run.run_id}/*/*.json"))) == 5  # claims, edges, proposals, graph, route_changes
