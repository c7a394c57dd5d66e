"""The review board over runs in a store: whoever imported what is under review cannot approve it
alone, however many runs later proposed the same content and whoever started them."""

from __future__ import annotations

from pathlib import Path

import pytest

from firpath.domain import ReviewAction
from firpath.review.board import ReviewBoard
from firpath.review.rules import ReviewState
from tests.firpath.publish.publish_builders import SmallRun, build_small_board, decider

pytestmark = pytest.mark.unit


def rerun(board: ReviewBoard, imported_by: str) -> ReviewBoard:
    """The same inputs run again by someone else: the same proposals, in a run of its own."""
    store = board.store
    run_id = store.runs.begin_run(board.run.inbox, board.run.inputs, imported_by)
    store.results.save_results(run_id, [c for p in board.proposals.values() for c in p.claims], [],
                               list(board.proposals.values()))  # fmt: skip
    store.runs.finish_run(run_id, {"proposals": len(board.proposals)})
    reopened = ReviewBoard.open(store)
    assert reopened.run.run_id == run_id
    return reopened


def test_a_rerun_by_someone_else_does_not_make_the_importers_lone_approval_enough(tmp_path: Path):
    """#15.2: the rule read only the latest run's importer, so re-running the same inputs under
    another name turned the importer's own approval into "approved"."""
    board = build_small_board(tmp_path, SmallRun(imported_by="alice"))
    decide = decider(board)
    status = decide("E3", ReviewAction.APPROVE, "alice")  # E3: a blank FIR value, one approver needed
    assert status.state is ReviewState.NEEDS_APPROVAL and "alice" in status.waiting_for

    later = rerun(board, "bob")
    status = later.status("E3")
    assert status.state is ReviewState.NEEDS_APPROVAL
    assert "alice" in status.waiting_for
    assert later.importers("E3") == {"alice", "bob"}

    # an approval by someone who imported none of the runs is enough
    decider(later)("E3", ReviewAction.APPROVE, "carol")
    assert later.status("E3").state is ReviewState.APPROVED


def test_a_run_that_records_no_reviewer_adds_no_importer(tmp_path: Path):
    board = build_small_board(tmp_path, SmallRun(imported_by=""))
    assert board.importers("E3") == set()
    assert decider(board)("E3", ReviewAction.APPROVE, "alice").state is ReviewState.APPROVED


def test_a_decision_by_someone_who_is_no_active_reviewer_is_refused(tmp_path: Path):
    from firpath.review.rules import DecisionRefused

    board = build_small_board(tmp_path, SmallRun(imported_by=""))
    with pytest.raises(DecisionRefused, match="not an active reviewer"):
        decider(board)("E3", ReviewAction.APPROVE, "mallory")
    assert board.store.reviews.decisions() == []


# --- SECAS edits and withdrawals (#17) --------------------------------------------------------------


def _approve_edit(board: ReviewBoard, proposal, reviewer: str, **kwargs):  # noqa: ANN001, ANN202
    return board.decide(proposal.target.entry_id, ReviewAction.APPROVE, reviewer, proposal_hash=proposal.content_hash,
                        channel="cli", **kwargs)  # fmt: skip


def test_an_edit_of_an_entry_nobody_wrote_about_needs_an_approver_other_than_its_editor(tmp_path: Path):
    from firpath.domain import ProposalKind, UpgradePath

    board = build_small_board(tmp_path, SmallRun(imported_by=""))
    assert "E5" not in board.proposals  # no document speaks of E5; the FIR has no row for it
    edit = board.propose_edit("E5", UpgradePath(("E4",)), "Acme's engineer, by phone on 3 May", "alice",
                              evidence=("call notes.txt", b"E5 needs E4 first\n"))  # fmt: skip
    assert (edit.origin.kind, edit.origin.proposed_by, edit.current) == (ProposalKind.EDIT, "alice", None)
    status = _approve_edit(board, edit, "alice")  # the editor's own approval is not enough
    assert status.state is ReviewState.NEEDS_APPROVAL and "alice" in status.waiting_for
    assert _approve_edit(board, edit, "bob").state is ReviewState.APPROVED
    assert ReviewBoard.open(board.store).edit_status(edit.origin.edit_id).state is ReviewState.APPROVED


def test_an_edit_of_a_value_the_fir_holds_needs_two_approvers_and_follows_the_correction_rules(tmp_path: Path):
    from firpath.domain import UpgradePath
    from firpath.review.rules import DecisionRefused

    board = build_small_board(tmp_path, SmallRun(imported_by=""))
    with pytest.raises(DecisionRefused, match="E5 .* is not older than"):
        board.propose_edit("E4", UpgradePath(("E5",)), "newer base", "alice")
    with pytest.raises(DecisionRefused, match="an edit needs a reason"):
        board.propose_edit("E4", UpgradePath(("E3",)), "  ", "alice")
    with pytest.raises(DecisionRefused, match="holds N/A for E1 already"):
        board.propose_edit("E1", UpgradePath(()), "first release", "alice")
    with pytest.raises(DecisionRefused, match="not an active reviewer"):
        board.propose_edit("E4", UpgradePath(("E3",)), "a note", "mallory")
    edit = board.propose_edit("E2", UpgradePath(()), "the first release went to no device", "alice")  # E2's FIR: blank
    other = board.propose_edit("E3", UpgradePath(("E1",)), "the maker's letter", "carol")
    assert _approve_edit(board, other, "alice").state is ReviewState.APPROVED  # blank before: one approver
    assert _approve_edit(board, edit, "bob").state is ReviewState.APPROVED
    assert board.status("E2").state is ReviewState.PENDING  # the run's own proposal for E2 is decided apart
    assert board.status("E2").stale == 0  # the edit's decisions are not stale ones of the run's proposal


def test_a_withdrawal_restores_the_value_a_published_change_replaced_after_two_approvals(tmp_path: Path):
    from firpath.publish import publish
    from tests.firpath.publish.publish_builders import read_csv

    board = build_small_board(tmp_path, SmallRun(imported_by=""))
    decider(board)("E3", ReviewAction.APPROVE, "alice")  # E3: blank -> E2
    out = tmp_path / "signed-off"
    publish(board, out)
    [published] = board.published_changes(["E3"])
    assert (published.old, str(published.new)) == (None, "E2")

    withdrawal = board.propose_withdrawal(published.change_id, "the note was for HW 0001, not 0002", "alice")
    assert withdrawal.current is not None and str(withdrawal.current) == "E2"  # the value published
    assert withdrawal.alternatives[0].path.blank  # back to the blank it was
    assert _approve_edit(board, withdrawal, "bob").state is ReviewState.NEEDS_APPROVAL  # E2 is a value: four eyes
    assert _approve_edit(board, withdrawal, "carol").state is ReviewState.APPROVED
    result = publish(board, out)
    rows = {r[0]: r for r in read_csv(result.files.csv)[1:]}
    assert rows["E3"][2] == ""  # the upgrade-path cell emptied again
    assert result.published == ("E3",)
    assert result.counts.superseded == 1  # the run's approved E2 gave way to the later withdrawal
    manifest = __import__("json").loads(result.files.manifest.read_text(encoding="utf-8"))
    [row] = manifest["rows"]
    assert (row["old_path"], row["new_path"], row["proposed_by_secas"]["kind"]) == ("E2", "", "withdrawal")
    assert row["proposed_by_secas"]["reason"] == "the note was for HW 0001, not 0002"
    assert [a["reviewer"] for a in row["approvals"]] == ["bob", "carol"]
