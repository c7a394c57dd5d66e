"""Publishing the demo run (backfill imported by ingrid) after real review decisions.

The backfill runs once for the module; each test decides on its own copy of the store.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest

from firpath.demo.scenario import FIR_HEADER
from firpath.domain import ReviewAction, UpgradePath
from firpath.publish import publish, verify_publication
from firpath.review.board import ReviewBoard
from firpath.review.rules import ReviewState
from tests.firpath.publish.publish_builders import Decide, decider, read_csv

pytestmark = pytest.mark.integration

FLAG_REASON = "the cycle runs through 1105, whose MAP row names a newer base: 1105 is not approved"
PUBLISHED_FILES = (
    "fir_upgrade_path_changes.csv", "fir_upgrade_path_changes.xlsx", "fir_upgrade_path_changes.parquet", "report.html",
    "manifest.json", "routes.csv",
)  # fmt: skip


def _review(board: ReviewBoard) -> Decide:
    """The brief's decisions: 1106 (flagged: a cycle through 1105) approved by alice with her reason;
    1104 rejected; the 2204 conflict corrected to 2203 by alice and approved by bob; 1103 (changes the
    FIR's 1101) approved by alice alone."""
    decide = decider(board)
    assert decide("1106", ReviewAction.APPROVE, "alice", reason=FLAG_REASON).state is ReviewState.APPROVED
    assert decide("1104", ReviewAction.REJECT, "bob", reason="the MAP row is a draft").state is ReviewState.REJECTED
    decide("2204", ReviewAction.CORRECT, "alice", path=UpgradePath(("2203",)), reason="release note is authoritative")
    assert decide("2204", ReviewAction.APPROVE, "bob", channel="excel").state is ReviewState.APPROVED
    assert decide("1103", ReviewAction.APPROVE, "alice").state is ReviewState.NEEDS_APPROVAL
    return decide


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in PUBLISHED_FILES}


def _fir_rows(fir_export: Path) -> dict[str, list[str]]:
    with fir_export.open(newline="", encoding="utf-8") as handle:
        return {row[0]: row for row in list(csv.reader(handle))[1:]}


def test_only_approved_changes_are_published_and_four_eyes_holds_back_1103(demo_board, tmp_path):
    decide = _review(demo_board)
    first = publish(demo_board, tmp_path / "first")

    assert first.published == ("1106", "2204")
    assert [row[0] for row in read_csv(first.files.csv)[1:]] == ["1106", "2204"]
    c = first.counts
    assert (c.published, c.rejected, c.needs_another_approval, c.conflicts_open, c.unchanged) == (2, 1, 1, 0, 2)
    assert (c.pending, c.approved_no_change, c.proposals) == (7, 0, 13)

    # a second, independent approver lets 1103's change of a non-empty FIR value through
    assert decide("1103", ReviewAction.APPROVE, "carol").state is ReviewState.APPROVED
    second = publish(demo_board, tmp_path / "second")
    assert second.published == ("1103", "1106", "2204")  # the FIR's row order
    assert (second.counts.published, second.counts.needs_another_approval) == (3, 0)
    row = json.loads(second.files.manifest.read_text(encoding="utf-8"))["rows"][0]
    assert (row["entry_id"], row["old_path"], row["new_path"], row["change"]) == ("1103", "1101", "1102", "modify")
    assert [a["reviewer"] for a in row["approvals"]] == ["alice", "carol"]


def test_the_fir_layout_is_kept_and_only_the_upgrade_path_cell_changes(demo_board, demo_store, tmp_path):
    _, fir_export = demo_store
    _review(demo_board)
    result = publish(demo_board, tmp_path / "out")
    rows = read_csv(result.files.csv)
    original = _fir_rows(fir_export)

    assert tuple(rows[0]) == FIR_HEADER
    path_col = FIR_HEADER.index("Firmware Upgrade Path")
    expected_paths = {"1106": "1104; 1105", "2204": "2203"}
    for row in rows[1:]:
        before = original[row[0]]
        assert row[:path_col] + row[path_col + 1 :] == before[:path_col] + before[path_col + 1 :]
        assert (before[path_col], row[path_col]) == ("", expected_paths[row[0]])

    from openpyxl import load_workbook

    book = load_workbook(result.files.xlsx)
    assert [[c.value or "" for c in r] for r in book.active.iter_rows()] == rows
    book.close()


def test_republishing_without_new_decisions_gives_byte_identical_files(demo_board, tmp_path):
    _review(demo_board)
    publish(demo_board, tmp_path / "a")
    first = _files(tmp_path / "a")
    publish(demo_board, tmp_path / "a")  # over itself
    assert _files(tmp_path / "a") == first
    reopened = ReviewBoard.open(demo_board.store)  # a fresh board, as another `firpath publish` would open
    publish(reopened, tmp_path / "b")
    assert _files(tmp_path / "b") == first


def test_a_new_decision_changes_every_published_file(demo_board, tmp_path):
    decide = _review(demo_board)
    publish(demo_board, tmp_path / "before")
    decide("4401", ReviewAction.APPROVE, "bob")
    result = publish(demo_board, tmp_path / "after")

    before, after = _files(tmp_path / "before"), _files(tmp_path / "after")
    assert all(before[name] != after[name] for name in PUBLISHED_FILES)
    assert "4401" in result.published and read_csv(result.files.csv)[-1][0] == "4401"
    assert json.loads(after["manifest.json"])["as_of"] == "2024-05-01T09:06:00Z"  # the latest decision


def test_manifest_names_inputs_rows_approvals_evidence_counts_and_file_hashes(demo_board, tmp_path):
    _review(demo_board)
    out = tmp_path / "out"
    publish(demo_board, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    run = demo_board.run

    assert manifest["run_id"] == run.run_id and manifest["imported_by"] == "ingrid"
    assert manifest["as_of"] == "2024-05-01T09:05:00Z"
    assert manifest["inputs"]["cpl_export"] == {"name": "cpl_export.xlsx", "sha256": run.inputs["cpl_export"]}
    assert manifest["inputs"]["fir_export"] == {"name": "fir_export.csv", "sha256": run.inputs["fir_export"]}

    rows = {r["entry_id"]: r for r in manifest["rows"]}
    assert list(rows) == ["1106", "2204"]
    r1106 = rows["1106"]
    assert r1106["proposal_hash"] == demo_board.proposals["1106"].content_hash
    assert (r1106["old_path"], r1106["new_path"], r1106["correction"]) == (None, "1104; 1105", None)
    assert r1106["approvals"] == [{"reviewer": "alice", "at": "2024-05-01T09:01:00Z", "channel": "web"}]
    evidence = {e["location"]: e for e in r1106["evidence"]}
    assert evidence["sheet 'Paths' row 4"]["file"] == "MAP/Northern MAP firmware paths.xlsx"
    assert evidence["page 1"]["text"] == (
        "This release shall only be applied to devices running firmware 01020005 or 01020007."
    )
    r2204 = rows["2204"]
    assert r2204["correction"] == {"by": "alice", "at": "2024-05-01T09:03:00Z",
                                   "reason": "release note is authoritative", "channel": "web"}  # fmt: skip
    assert r2204["approvals"] == [{"reviewer": "bob", "at": "2024-05-01T09:04:00Z", "channel": "excel"}]
    assert [e["file"] for e in r2204["evidence"]] == ["release-notes/bolt/BoltG2-2.2.0-RN.pdf"]
    assert r2204["evidence_supports_path"] is True

    # every cited document is listed once with its hash, and each hash is the stored document's
    cited = {(e["file"], e["sha256"]) for r in manifest["rows"] for e in r["evidence"]}
    documents = manifest["inputs"]["documents"]
    assert {(d["file"], d["sha256"]) for d in documents} == cited and len(documents) == len(cited)
    # the release note arrived twice (under two names): read once, listed under both
    release_note = next(d for d in documents if d["sha256"] == evidence["page 1"]["sha256"])
    assert release_note["received_as"] == [
        "forwarded/copy of acme notes.pdf", "release-notes/acme/AM-E200_release_notes_v1.3.1.pdf"
    ]
    for document in documents:
        assert hashlib.sha256(demo_board.store.documents.content(document["sha256"])).hexdigest() == document["sha256"]

    assert manifest["counts"] == {"published": 2, "approved_no_change": 0, "pending": 7, "needs_another_approval": 1,
                                  "rejected": 1, "conflicts_open": 0, "unchanged": 2, "superseded": 0,
                                  "proposals": 13}  # fmt: skip
    assert manifest["counts_by_manufacturer"]["Bolt Meters Ltd"]["published"] == 1
    assert set(manifest["files"]) == set(PUBLISHED_FILES) - {"manifest.json"}
    for name, sha in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == sha
    assert (out / "manifest.json").read_text(encoding="utf-8") == json.dumps(
        manifest, sort_keys=True, indent=2, ensure_ascii=False
    ) + "\n"

    assert verify_publication(out) == []
    report = out / "report.html"
    report.write_text(report.read_text(encoding="utf-8").replace("alice", "mallory"), encoding="utf-8")
    assert [p.split(":")[0] for p in verify_publication(out)] == ["report.html"]


def test_report_shows_counts_per_manufacturer_and_each_change_with_evidence_and_graph(demo_board, tmp_path):
    _review(demo_board)
    html = publish(demo_board, tmp_path / "out").files.report.read_text(encoding="utf-8")

    for manufacturer in ("Acme Metering Ltd", "Bolt Meters Ltd", "Circuit Devices plc", "Dynamo Comms Ltd"):
        assert re.search(f'<th scope="row"><a href="#[^"]+">{manufacturer}</a></th>', html)
    assert html.count('<section class="change"') == 2 and html.count("<svg") == 4  # and two route pictures
    assert "This release shall only be applied to devices running firmware 01020005 or 01020007." in html
    assert "(also received as release-notes/acme/AM-E200_release_notes_v1.3.1.pdf)" in html
    assert "Path set by alice" in html and "release note is authoritative" in html
    assert "rejected by bob: the MAP row is a draft" in html
    assert "a second approver other than alice" in html  # 1103, waiting
    assert "<script" not in html.lower()


def _sections(html: str) -> dict[str, str]:
    """The report's top-level sections by id, in order."""
    starts = [(m.start(), m.group(1)) for m in re.finditer(r'<section class="(?:summary|manufacturer)" id="([^"]+)"', html)]
    ends = [start for start, _ in starts[1:]] + [html.index("</body>")] * bool(starts)
    return {name: html[start:end] for (start, name), end in zip(starts, ends, strict=True)}


def _visible(html: str) -> str:
    """The text a reader sees: without style and pictures, inline tags dropped, block tags a space."""
    text = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.DOTALL)
    text = re.sub(r"</?(b|a|span|time)\b[^>]*>", "", text)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def test_report_opens_with_a_summary_then_a_section_per_manufacturer_in_human_times(demo_board, tmp_path):
    _review(demo_board)
    html = publish(demo_board, tmp_path / "out").files.report.read_text(encoding="utf-8")
    sections = _sections(html)
    assert list(sections) == ["summary", "manufacturer-acme-metering-ltd", "manufacturer-bolt-meters-ltd",
                              "manufacturer-circuit-devices-plc", "manufacturer-dynamo-comms-ltd"]  # fmt: skip
    summary = _visible(sections["summary"])
    assert summary.startswith(
        "Summary 2 changes published, for 2 of 4 manufacturers. 8 proposals wait for review (7 pending, 1 needing "
        "another approval), 1 rejected, 2 unchanged (the FIR holds the path already)."
    )  # fmt: skip
    assert '<a href="#manufacturer-bolt-meters-ltd">Bolt Meters Ltd</a>' in sections["summary"]  # the counts table links

    acme, bolt, dynamo = (_visible(sections[f"manufacturer-{name}"]) for name in ("acme-metering-ltd", "bolt-meters-ltd", "dynamo-comms-ltd"))
    assert acme.startswith("Acme Metering Ltd 1 published, 3 waiting for review, 1 rejected, 1 unchanged.")
    assert 'id="entry-1106"' in sections["manufacturer-acme-metering-ltd"] and "rejected by bob" in acme
    assert 'id="entry-2204"' in sections["manufacturer-bolt-meters-ltd"] and "Path set by alice" in bolt
    assert "Nothing published." in dynamo and "4401" in dynamo

    # times for people: day, month, year and minute, in UTC; the exact ones are in manifest.json
    text = _visible(html)
    assert "alice 1 May 2024, 09:01 UTC via web" in text
    assert "As of 1 May 2024, 09:05 UTC" in text
    assert not re.search(r"\d\d:\d\d:\d\d", text)
    assert '<time datetime="2024-05-01T09:01:00Z">1 May 2024, 09:01 UTC</time>' in html


def test_a_publication_of_the_demo_run_traces_to_its_inputs_and_decisions(demo_board, demo_store, tmp_path):
    """The whole trace on a real run: inbox documents received under several names, a correction,
    two channels; and a second publication after a newer run still traces to its own run."""
    from firpath.publish import export_problems, read_manifest, trace_problems

    _, fir_export = demo_store
    decide = _review(demo_board)
    first = publish(demo_board, tmp_path / "first")
    manifest, _ = read_manifest(first.out_dir)
    assert manifest["inputs"]["documents"] and trace_problems(manifest, demo_board.store) == []
    assert export_problems(manifest, {"fir_export": fir_export}) == []

    decide("1103", ReviewAction.APPROVE, "carol")  # after publishing: the first publication still holds
    assert trace_problems(manifest, demo_board.store) == []
    manifest["rows"][1]["approvals"][0]["channel"] = "web"  # 2204 was approved through Excel
    [problem] = trace_problems(manifest, demo_board.store)
    assert problem.startswith("row 2204: approvals bob at ") and "via web do not match the decision log's: bob at" in problem
