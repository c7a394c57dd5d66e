"""Bulk approval's plan on hand-built proposals: what it approves is what the rules accept in bulk,
and each row it refuses says why (#14.10: its count included rows it then refused)."""

from __future__ import annotations

import pytest

from firpath.domain import ReviewAction
from firpath.review.bulk import Candidate, plan
from firpath.review.rules import ReviewState, check_decision
from tests.firpath.review.test_review_rules import CPL, IMPORTER, Log, _flagged, _proposal

pytestmark = pytest.mark.unit


def _candidate(log: Log) -> Candidate:
    return Candidate(log.proposal, log.status, tuple(log.decisions), log.importer)


def test_the_plan_approves_only_what_the_rules_accept_in_bulk_and_says_why_it_refuses_the_rest():
    plain = Log(_proposal("1105", None, ("1104",)))
    change = Log(_proposal("1103", "1101", ("1102",)))
    flagged = Log(_flagged(_proposal("1104", None, ("1103",))))
    corrected = Log(_proposal("1106", None, ("1105",))).decide(ReviewAction.CORRECT, "bob", path="1104", reason="letter")
    conflict = Log(_proposal("1102", None, ("1101",), ()))
    logs = (plain, change, flagged, corrected, conflict)
    made = plan([_candidate(log) for log in logs], CPL, "notes.pdf", "alice")

    assert [i.entry_id for i in made.approve] == ["1105", "1103"]
    assert [(i.after.state, i.after.waiting_for) for i in made.approve] == [
        (ReviewState.APPROVED, ""),
        (ReviewState.NEEDS_APPROVAL, "a second approver other than alice (it changes a non-empty FIR value)"),
    ]  # fmt: skip
    refused = {i.entry_id: i.refused for i in made.refuse}
    assert list(refused) == ["1104", "1106", "1102"]
    assert refused["1104"].startswith("flagged by the automatic checks (upgrade path forms a cycle): approve it on its own page")
    assert refused["1106"] == "its path was set by bob's correction: review the correction on its own page"
    assert refused["1102"] == "sources conflict: choose or write the path (correct) before approving"
    # what it approves, the rules accept in bulk, one by one
    for item, log in ((made.approve[0], plain), (made.approve[1], change)):
        check_decision(log.decision(ReviewAction.APPROVE, "alice", path=str(item.status.path)), log.proposal,
                       log.decisions, CPL, IMPORTER, bulk=True)  # fmt: skip


def test_the_importer_is_told_their_bulk_approval_leaves_each_row_waiting_for_someone_else():
    plain = Log(_proposal("1105", None, ("1104",)))
    [item] = plan([_candidate(plain)], CPL, "notes.pdf", IMPORTER).approve
    assert (item.after.state, item.after.other_than) == (ReviewState.NEEDS_APPROVAL, (IMPORTER,))
