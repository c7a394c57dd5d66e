"""The Excel round trip on a real demo run: export, fill in decisions as a reviewer would, import.

The run is imported by "ingrid"; the reviewers are "alice" and "bob". Every test works on its own
copy of the run's store (tests/review/conftest.py), so decisions never leak between tests.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from firpath.domain import ReviewAction, UpgradePath
from firpath.publish import publish
from firpath.review.board import ReviewBoard
from firpath.review.rules import ReviewState
from firpath.review.workbook import (
    DECISION_COLUMNS,
    HOW_TO_REVIEW,
    HOW_TO_SHEET,
    REVIEW_SHEET,
    WORKBOOK_COLUMNS,
    NotAReviewWorkbook,
    RefusalKind,
    export_workbook,
    format_import_report,
    import_workbook,
)

pytestmark = pytest.mark.integration

# the demo run's reviewable proposals (all but the two unchanged ones, 1102 and 2203)
REVIEWABLE = ["1103", "1104", "1105", "1106", "1112", "2202", "2204", "3303", "4401", "4402", "4403"]


def _column(name: str) -> int:
    return WORKBOOK_COLUMNS.index(name) + 1


def _rows_by_entry(ws) -> dict[str, int]:
    return {ws.cell(row=r, column=_column("cpl_entry_id")).value: r for r in range(2, ws.max_row + 1)}


def fill(exported: Path, out: Path, decisions: dict[str, dict[str, object]]) -> dict[str, int]:
    """Write cells into the exported workbook as a reviewer would; returns entry id -> sheet row."""
    book = load_workbook(exported)
    ws = book[REVIEW_SHEET]
    rows = _rows_by_entry(ws)
    for entry_id, cells in decisions.items():
        for column, value in cells.items():
            ws.cell(row=rows[entry_id], column=_column(column)).value = value
    book.save(out)
    return rows


@pytest.fixture
def exported(workbook_board: ReviewBoard, tmp_path: Path) -> Path:
    out = tmp_path / "review" / "firpath review.xlsx"
    assert export_workbook(workbook_board, out) == len(REVIEWABLE)
    return out


def _reopen(board: ReviewBoard) -> ReviewBoard:
    return ReviewBoard.open(board.store)


def test_round_trip_approve_reject_and_correct_the_conflict(workbook_board, exported, tmp_path):
    assert workbook_board.importer == "ingrid"
    returned = tmp_path / "returned.xlsx"
    rows = fill(exported, returned, {
        "1104": {"decision": "approve"},
        "4401": {"decision": "reject", "reason": "DH-1 4.1 needs 4.0.9 first, per the manufacturer's call"},
        "2204": {"decision": "correct", "corrected_upgrade_path": 2203, "reason": "the release note is newer"},
    })  # fmt: skip

    result = import_workbook(workbook_board, returned, "alice")

    assert (result.accepted, result.refused, result.undecided) == (3, (), len(REVIEWABLE) - 3)
    assert [(a.row, a.entry_id, a.action) for a in result.accepted_rows] == sorted(
        [(rows["1104"], "1104", ReviewAction.APPROVE), (rows["2204"], "2204", ReviewAction.CORRECT),
         (rows["4401"], "4401", ReviewAction.REJECT)]  # fmt: skip
    )
    statuses = workbook_board.statuses()
    assert (statuses["1104"].state, statuses["1104"].approvers) == (ReviewState.APPROVED, ("alice",))
    assert statuses["4401"].state is ReviewState.REJECTED
    assert (statuses["4401"].rejected_by, statuses["4401"].reason) == (
        "alice", "DH-1 4.1 needs 4.0.9 first, per the manufacturer's call",
    )  # fmt: skip
    conflict = statuses["2204"]
    assert (conflict.state, conflict.path, conflict.corrected_by) == (ReviewState.PENDING, UpgradePath(("2203",)), "alice")
    assert conflict.waiting_for == "an approval"
    untouched = set(REVIEWABLE) - {"1104", "4401", "2204"}
    assert {statuses[e].state for e in untouched} == {ReviewState.PENDING}
    logged = workbook_board.store.reviews.decisions()
    assert {d.channel for d in logged} == {"excel"} and {d.reviewer for d in logged} == {"alice"}
    assert {d.proposal_hash for d in logged} == {workbook_board.proposal(e).content_hash for e in ("1104", "4401", "2204")}

    # alice corrected 2204, so she cannot approve it alone; bob's approval of the next export publishes it
    again = tmp_path / "again.xlsx"
    export_workbook(workbook_board, again)
    book = load_workbook(again)
    ws = book[REVIEW_SHEET]
    row = _rows_by_entry(ws)["2204"]
    assert ws.cell(row=row, column=_column("proposed_upgrade_path")).value == "2203"
    assert "path set by alice's correction" in ws.cell(row=row, column=_column("waiting_for")).value
    approved = tmp_path / "approved.xlsx"
    fill(again, approved, {"2204": {"decision": "approve"}})
    assert import_workbook(workbook_board, approved, "alice").accepted == 1
    assert workbook_board.status("2204").state is ReviewState.NEEDS_APPROVAL
    assert import_workbook(workbook_board, approved, "bob").accepted == 1
    assert workbook_board.status("2204").state is ReviewState.APPROVED

    # what SECAS receives: exactly the approved and the corrected rows, nothing rejected or pending
    published = publish(workbook_board, tmp_path / "published")
    with published.files.csv.open(newline="", encoding="utf-8") as handle:
        rows_out = {r["CPL Entry ID"]: r["Firmware Upgrade Path"] for r in csv.DictReader(handle)}
    assert rows_out == {"1104": "1103", "2204": "2203"}


def test_export_shows_the_facts_a_reviewer_needs(workbook_board, exported):
    book = load_workbook(exported)
    assert book.sheetnames == [REVIEW_SHEET, HOW_TO_SHEET]
    ws = book[REVIEW_SHEET]
    assert [c.value for c in ws[1]] == list(WORKBOOK_COLUMNS)
    rows = {ws.cell(row=r, column=1).value: {c: ws.cell(row=r, column=_column(c)).value or "" for c in WORKBOOK_COLUMNS}
            for r in range(2, ws.max_row + 1)}  # fmt: skip
    assert list(rows) == REVIEWABLE
    conflict = rows["2204"]
    assert (conflict["change"], conflict["proposed_upgrade_path"]) == ("conflict", "")
    assert conflict["alternatives"].splitlines() == [
        "2201 (from MAP/Northern MAP firmware paths.xlsx)",
        "2203 (from release-notes/bolt/BoltG2-2.2.0-RN.pdf)",
    ]
    assert "sources conflict" in conflict["waiting_for"]
    modify = rows["1103"]
    assert (modify["change"], modify["current_upgrade_path"], modify["proposed_upgrade_path"]) == ("modify", "1101", "1102")
    assert (modify["review_state"], modify["waiting_for"]) == ("pending", "an approval")
    evidence = rows["1106"]["evidence"].splitlines()
    assert len(evidence) == len(workbook_board.proposal("1106").claims)
    assert any(
        'page 1: "This release shall only be applied to devices running firmware 01020005 or 01020007."' in line
        for line in evidence
    )
    assert "forwarded/copy of acme notes.pdf" in rows["1106"]["sources"]
    assert "cycle" in rows["1106"]["review_flags"]
    assert (rows["1104"]["manufacturer"], rows["1104"]["model"], rows["1104"]["hardware_version"],
            rows["1104"]["firmware_version"]) == ("Acme Metering Ltd", "AM-E200", "0002", "01020005")  # fmt: skip
    assert all(rows[e]["proposal_hash"] == workbook_board.proposal(e).content_hash for e in REVIEWABLE)
    assert all(rows[e][c] == "" for e in REVIEWABLE for c in DECISION_COLUMNS)
    guide = " ".join(str(c.value or "") for (c,) in book[HOW_TO_SHEET].iter_rows())
    assert "approve" in guide and "reject" in guide and "correct" in guide and "two different approvers" in guide


def test_the_how_to_sheet_shows_firpaths_own_text_as_written(exported):
    """Neutralising is for what documents and people wrote: the guide's bullets ("- A change ...")
    are firpath's own, and show without a leading apostrophe."""
    guide = load_workbook(exported)[HOW_TO_SHEET]
    cells = [cell for (cell,) in guide.iter_rows()]
    assert [cell.value or "" for cell in cells[: len(HOW_TO_REVIEW)]] == list(HOW_TO_REVIEW)
    assert len([line for line in HOW_TO_REVIEW if line.startswith("- ")]) == 5
    assert all(cell.data_type == "s" for cell in cells if cell.value)  # text, never a formula


def test_export_has_the_drop_down_and_protects_all_but_the_decision_columns(exported):
    ws = load_workbook(exported)[REVIEW_SHEET]
    last = len(REVIEWABLE) + 1
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"approve,reject,correct"'
    assert validation.allow_blank
    letter = ws.cell(row=1, column=_column("decision")).column_letter
    assert str(validation.sqref) == f"{letter}2:{letter}{last}"
    assert ws.protection.sheet
    assert ws.freeze_panes == "B2"
    for row in range(1, last + 1):
        for column in WORKBOOK_COLUMNS:
            cell = ws.cell(row=row, column=_column(column))
            editable = row > 1 and column in DECISION_COLUMNS
            assert cell.protection.locked is not editable, (cell.coordinate, column)
    assert ws.column_dimensions[ws.cell(row=1, column=_column("evidence")).column_letter].width >= 60


def test_export_neutralises_formulas_from_documents(workbook_board, workbook_store, tmp_path):
    run_id = workbook_board.run.run_id
    proposals = workbook_store.results.proposals(run_id)
    index = next(i for i, p in enumerate(proposals) if p.target.entry_id == "1104")
    proposal = proposals[index]
    mapped = proposal.claims[0]
    evil = replace(mapped.claim.evidence, text='=HYPERLINK("http://evil.example","click")', file="@evil.csv",
                   sha256="f" * 64)  # a document of no arrival: its own name is the source
    alternative = replace(proposal.alternatives[0], claims=(replace(mapped, claim=replace(mapped.claim, evidence=evil)),))
    proposals[index] = replace(proposal, alternatives=(alternative,))
    workbook_store.results.save_results(run_id, [], [], proposals)

    out = tmp_path / "evil.xlsx"
    export_workbook(_reopen(workbook_board), out)
    ws = load_workbook(out)[REVIEW_SHEET]
    row = _rows_by_entry(ws)["1104"]
    evidence = ws.cell(row=row, column=_column("evidence"))
    sources = ws.cell(row=row, column=_column("sources"))
    assert evidence.data_type == "s" and not str(evidence.value).startswith("=")
    assert 'HYPERLINK("http://evil.example"' in evidence.value
    assert sources.value == "'@evil.csv"
    for r in ws.iter_rows():
        for cell in r:
            assert cell.data_type != "f", cell.coordinate


def test_a_row_whose_hash_was_edited_is_refused_as_stale(workbook_board, exported, tmp_path):
    returned = tmp_path / "edited.xlsx"
    rows = fill(exported, returned, {"1104": {"decision": "approve", "proposal_hash": "0" * 20}})
    result = import_workbook(workbook_board, returned, "alice")
    assert result.accepted == 0
    (refused,) = result.refused
    assert (refused.row, refused.entry_id, refused.kind) == (rows["1104"], "1104", RefusalKind.STALE)
    assert "changed since" in refused.reason
    assert workbook_board.status("1104").state is ReviewState.PENDING


def test_rows_are_refused_when_the_proposal_changed_since_the_export(workbook_board, workbook_store, exported, tmp_path):
    returned = tmp_path / "returned.xlsx"
    fill(exported, returned, {"1104": {"decision": "approve"}, "4402": {"decision": "approve"}})
    # a later run sees the FIR holding a path for 1104 now: the proposal (and its hash) changes
    run_id = workbook_board.run.run_id
    proposals = [
        replace(p, current=UpgradePath(("1101",))) if p.target.entry_id == "1104" else p
        for p in workbook_store.results.proposals(run_id)
    ]
    workbook_store.results.save_results(run_id, [], [], proposals)
    board = _reopen(workbook_board)

    result = import_workbook(board, returned, "alice")

    assert [a.entry_id for a in result.accepted_rows] == ["4402"]
    assert [(r.entry_id, r.kind) for r in result.refused] == [("1104", RefusalKind.STALE)]
    assert board.status("1104").state is ReviewState.PENDING
    assert board.status("4402").state is ReviewState.APPROVED


def test_a_second_approval_by_the_same_reviewer_is_refused(workbook_board, exported, tmp_path):
    returned = tmp_path / "returned.xlsx"
    rows = fill(exported, returned, {"1103": {"decision": "approve"}})  # modifies the FIR's 1101: two approvers
    first = import_workbook(workbook_board, returned, "alice")
    assert first.accepted == 1 and first.accepted_rows[0].state is ReviewState.NEEDS_APPROVAL

    again = import_workbook(workbook_board, returned, "alice")
    assert again.accepted == 0
    (refused,) = again.refused
    assert (refused.row, refused.entry_id, refused.kind) == (rows["1103"], "1103", RefusalKind.SECOND_APPROVAL)
    assert "alice has already approved" in refused.reason

    assert import_workbook(workbook_board, returned, "bob").accepted == 1
    assert workbook_board.status("1103").approvers == ("alice", "bob")
    assert workbook_board.status("1103").state is ReviewState.APPROVED


def test_the_importer_alone_cannot_approve(workbook_board, exported, tmp_path):
    returned = tmp_path / "returned.xlsx"
    fill(exported, returned, {"1104": {"decision": "approve"}})
    result = import_workbook(workbook_board, returned, "ingrid")
    assert result.accepted == 1
    assert result.accepted_rows[0].state is ReviewState.NEEDS_APPROVAL
    assert "other than ingrid" in result.accepted_rows[0].waiting_for


def test_a_flagged_row_is_approved_only_with_a_reason_as_on_the_web(workbook_board, exported, tmp_path):
    """#15.9: a row the expectations flagged (1106: an upgrade cycle) was approved through the workbook,
    though the web's bulk approval refused it. The rules now decide for every channel: approving a
    flagged proposal needs a reason saying why the flag does not stand in the way."""
    assert "cycle" in " ".join(workbook_board.proposal("1106").review_flags)
    returned = tmp_path / "returned.xlsx"
    fill(exported, returned, {"1106": {"decision": "approve"}})
    result = import_workbook(workbook_board, returned, "alice")
    assert result.accepted == 0
    assert workbook_board.status("1106").state is ReviewState.PENDING
    (refused,) = result.refused
    assert (refused.entry_id, refused.kind) == ("1106", RefusalKind.FLAGGED)
    assert "flagged" in refused.reason and "cycle" in refused.reason and "reason" in refused.reason

    fill(exported, returned, {"1106": {"decision": "approve", "reason": "1105 is fixed by a correction of its own"}})
    result = import_workbook(workbook_board, returned, "alice")
    assert (result.accepted, result.refused) == (1, ())
    assert workbook_board.status("1106").state is ReviewState.APPROVED
    [decision] = workbook_board.store.reviews.decisions("1106")
    assert decision.reason == "1105 is fixed by a correction of its own"


def test_a_conflict_approved_without_a_path_is_refused(workbook_board, exported, tmp_path):
    returned = tmp_path / "returned.xlsx"
    fill(exported, returned, {"2204": {"decision": "approve"}})
    (refused,) = import_workbook(workbook_board, returned, "alice").refused
    assert (refused.entry_id, refused.kind) == ("2204", RefusalKind.CONFLICT_WITHOUT_PATH)
    assert "sources conflict" in refused.reason
    # naming a path with "approve" is no way round it: only a correction sets a conflict's path
    fill(exported, returned, {"2204": {"decision": "approve", "corrected_upgrade_path": "2203"}})
    (refused,) = import_workbook(workbook_board, returned, "alice").refused
    assert refused.kind is RefusalKind.CONFLICT_WITHOUT_PATH
    assert workbook_board.store.reviews.decisions("2204") == []


def test_a_correction_to_another_hardware_versions_entry_is_refused(workbook_board, exported, tmp_path):
    returned = tmp_path / "returned.xlsx"
    # 1112 is AM-E200 on hardware 0001; 1104 is the same model and firmware number on hardware 0002
    fill(exported, returned, {"1112": {"decision": "correct", "corrected_upgrade_path": "1104"}})
    (refused,) = import_workbook(workbook_board, returned, "alice").refused
    assert (refused.entry_id, refused.kind) == ("1112", RefusalKind.BAD_CORRECTION)
    assert "1104 is 10A7/0101/HW 0002, not 10A7/0101/HW 0001" in refused.reason
    assert workbook_board.store.reviews.decisions("1112") == []


def test_each_bad_row_is_refused_with_its_reason_and_the_rest_are_accepted(workbook_board, exported, tmp_path):
    returned = tmp_path / "returned.xlsx"
    rows = fill(exported, returned, {
        "1104": {"decision": "aprove"},
        "1105": {"decision": "correct"},
        "1106": {"decision": "reject", "reason": "   "},
        "2202": {"decision": "correct", "corrected_upgrade_path": "2201 / 2200"},
        "3303": {"decision": "correct", "corrected_upgrade_path": "3301; 3399"},
        "4401": {"cpl_entry_id": "9999", "decision": "approve"},
        "4402": {"corrected_upgrade_path": "4401"},
        "4403": {"decision": " Approve "},
    })  # fmt: skip

    result = import_workbook(workbook_board, returned, "alice")

    assert [(a.entry_id, a.action) for a in result.accepted_rows] == [("4403", ReviewAction.APPROVE)]
    refused = {(r.row, r.entry_id): r for r in result.refused}
    expected = {
        (rows["1104"], "1104"): (RefusalKind.UNKNOWN_DECISION, "unknown decision 'aprove'"),
        (rows["1105"], "1105"): (RefusalKind.MISSING_PATH, "needs the corrected upgrade path"),
        (rows["1106"], "1106"): (RefusalKind.MISSING_REASON, "needs a reason"),
        (rows["2202"], "2202"): (RefusalKind.UNPARSEABLE_PATH, "cannot be read"),
        (rows["3303"], "3303"): (RefusalKind.BAD_CORRECTION, "3399 is not a CPL entry"),
        (rows["4401"], "9999"): (RefusalKind.UNKNOWN_ENTRY, "no proposed change for CPL entry '9999'"),
        (rows["4402"], "4402"): (RefusalKind.NO_DECISION, "no decision"),
    }
    assert set(refused) == set(expected)
    for key, (kind, text) in expected.items():
        assert refused[key].kind is kind, refused[key]
        assert text in refused[key].reason, refused[key]
    assert result.undecided == len(REVIEWABLE) - len(expected) - 1
    assert {d.cpl_entry_id for d in workbook_board.store.reviews.decisions()} == {"4403"}

    report = format_import_report(result, returned)
    lines = report.splitlines()
    assert lines[0] == f"Accepted 1 decision from {returned}; refused 7; {result.undecided} rows left undecided."
    assert f"  refused row {rows['1104']} (CPL entry 1104, aprove): unknown decision 'aprove'" in report
    assert f"row {rows['4401']} (CPL entry 9999, approve)" in report
    assert sum(line.startswith("  refused row") for line in lines) == 7


def test_a_file_that_is_not_a_review_workbook_is_refused(workbook_run, workbook_board, tmp_path):
    proposed = workbook_run.workdir / "review" / "proposed_changes.xlsx"  # the run's own review file
    with pytest.raises(NotAReviewWorkbook, match="not a review workbook.*has no column.*proposal_hash"):
        import_workbook(workbook_board, proposed, "alice")
    text = tmp_path / "notes.xlsx"
    text.write_text("approve everything", encoding="utf-8")
    with pytest.raises(NotAReviewWorkbook, match="not an Excel workbook"):
        import_workbook(workbook_board, text, "alice")
    with pytest.raises(NotAReviewWorkbook, match="no such file"):
        import_workbook(workbook_board, tmp_path / "missing.xlsx", "alice")
    assert workbook_board.store.reviews.decisions() == []
