from __future__ import annotations

import pytest

from expectations.results import (
    ExpectationOutcome,
    ValidationReport,
    claim_entry_ids,
    flag_proposals,
    flags_by_entry,
    merge_entry_ids,
)
from tests.expectations.expectation_builders import E1, E2, E3, proposal


def outcome(description: str, entry_ids: tuple[str, ...], success: bool = False) -> ExpectationOutcome:
    return ExpectationOutcome(
        "edges", "expect_x", description, success, 3, len(entry_ids), "edge_id",
        tuple(f"{e} <- E1" for e in entry_ids) if not success else (), entry_ids if not success else (),
    )


@pytest.mark.unit
def test_flags_follow_the_outcome_order_once_each() -> None:
    outcomes = [outcome("b rule", ("E3", "E2")), outcome("ok", (), True), outcome("a rule", ("E3", "E3"))]
    flags = flags_by_entry(outcomes)
    assert flags == {"E2": ("b rule",), "E3": ("b rule", "a rule")}


@pytest.mark.unit
def test_flag_proposals_marks_and_never_drops() -> None:
    proposals = [proposal(E2, [E1]), proposal(E3, [E1])]
    report = ValidationReport((outcome("a rule", ("E3",)),), {"E3": ("a rule",)})
    flagged = flag_proposals(proposals, report)
    assert [p.target for p in flagged] == [E2, E3]
    assert flagged[0] is proposals[0]
    assert flagged[1].review_flags == ("a rule",)
    assert flagged[1].alternatives == proposals[1].alternatives
    assert proposals[1].review_flags == ()  # the input is untouched
    assert flag_proposals(flagged, report) == flagged  # idempotent


@pytest.mark.unit
def test_flag_proposals_keeps_earlier_flags_first() -> None:
    import dataclasses

    earlier = dataclasses.replace(proposal(E3, [E1]), review_flags=("set upstream", "a rule"))
    report = ValidationReport((), {"E3": ("a rule", "b rule")})
    assert flag_proposals([earlier], report)[0].review_flags == ("set upstream", "a rule", "b rule")


@pytest.mark.unit
def test_a_passing_outcome_cannot_list_failing_rows() -> None:
    with pytest.raises(ValueError):
        ExpectationOutcome("edges", "expect_x", "d", True, 1, 0, "edge_id", ("E3 <- E1",))


@pytest.mark.unit
def test_claim_entry_ids_and_merge() -> None:
    p = proposal(E3, [E1])
    claim_id = p.claims[0].claim.claim_id
    assert claim_entry_ids([p]) == {claim_id: ("E3",)}
    assert merge_entry_ids(claim_entry_ids([p]), {claim_id: ["E2", "E3"], "other": "E1"}) == {
        claim_id: ("E3", "E2"),
        "other": ("E1",),
    }
