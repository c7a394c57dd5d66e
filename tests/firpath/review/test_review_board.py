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
