"""The progress view's numbers on hand-built proposals: per manufacturer, how far review has come and
what is waiting for whom (#14.14)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from firpath.domain import ReviewAction
from firpath.review.progress import progress
from tests.firpath.review.test_review_rules import CPL, IMPORTER, Log, _proposal

pytestmark = pytest.mark.unit


def _of_bolt(proposal):
    """The proposal as if its entry were Bolt's (another manufacturer)."""
    return replace(proposal, target=replace(proposal.target, manufacturer_id="20B1", manufacturer_name="Bolt Meters Ltd"))


def test_progress_counts_each_manufacturers_proposals_by_state_and_says_what_waits_for_whom():
    acme = [
        Log(_proposal("1104", None, ("1103",))).approve("alice"),  # approved
        Log(_proposal("1103", "1101", ("1102",))).approve("alice"),  # needs a second approver, not alice
        Log(_proposal("1106", "1104", ("1105",))).approve("alice"),  # the same
        Log(_proposal("1105", None, ("1104",))).approve(IMPORTER),  # the importer's approval: someone else's next
        Log(_proposal("1102", None, ("1101",))).decide(ReviewAction.REJECT, "bob", reason="wrong"),
        Log(_proposal("1112", None, ("1111",))),  # pending
        Log(_proposal("1111", None, ())),  # pending
        Log(_proposal("1101", "N/A", ())),  # the FIR holds it already: not counted
    ]
    bolt = [Log(_of_bolt(_proposal("1106", None, ("1104",), ("1105",))))]  # a conflict
    items = [(log.proposal, log.status) for log in acme + bolt]

    rows = progress(items, "bob")
    assert [r.manufacturer for r in rows] == ["Acme Metering Ltd", "Bolt Meters Ltd"]
    acme_row, bolt_row = rows
    assert (acme_row.need_review, acme_row.pending, acme_row.needs_approval, acme_row.approved, acme_row.rejected) == (7, 2, 3, 1, 1)
    assert acme_row.waiting == (  # most first
        ("a first approval", 2),
        ("needs another approval, other than alice", 2),
        (f"needs another approval, other than {IMPORTER}", 1),
    )
    assert acme_row.yours == 5  # bob's approval is asked for on the two pending and the three waiting for another
    assert (bolt_row.need_review, bolt_row.pending, bolt_row.waiting) == (1, 1, (("a reviewer to set the path (sources conflict)", 1),))
    assert bolt_row.yours == 0
    assert progress(items, "alice")[0].yours == 3  # not the three she approved
    total = progress(items, "bob", total="All manufacturers")[-1]
    assert (total.manufacturer, total.need_review, total.pending) == ("All manufacturers", 8, 3)


def test_progress_has_a_row_for_no_manufacturer_when_nothing_needs_review():
    log = Log(_proposal("1103", "1101", ("1101",)))
    assert progress([(log.proposal, log.status)], "alice") == []
    assert CPL["1101"].manufacturer_name == "Acme Metering Ltd"
