"""The review rules on hand-built proposals: four eyes, who may not approve alone, stale decisions,
conflicts, rejections, corrections, and what a proposal's content hash does and does not cover."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from firpath.domain import (
    Alternative,
    ChangeKind,
    Claim,
    CplEntry,
    DeviceRef,
    Evidence,
    FirmwareVersion,
    MappedClaim,
    ProposedChange,
    Relation,
    ReviewAction,
    ReviewDecision,
    SourceKind,
    UpgradePath,
    VersionRef,
)
from firpath.review.rules import (
    DecisionRefused,
    Refusal,
    ReviewState,
    check_decision,
    correction_problems,
    required_approvals,
    review_status,
)
from tests.builders import cpl_entry

pytestmark = pytest.mark.unit

IMPORTER = "ingrid"
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def _entry(entry_id: str, firmware: str, hardware: str = "0002", model_id: str = "0101") -> CplEntry:
    return cpl_entry(entry_id, firmware, hardware=hardware, model_id=model_id)


CPL = {
    e.entry_id: e
    for e in (
        _entry("1101", "01000005"),
        _entry("1102", "01010003"),
        _entry("1103", "01020000"),
        _entry("1104", "01020005"),
        _entry("1105", "01020007"),
        _entry("1106", "01030001"),
        _entry("1111", "01020005", hardware="0001"),  # same model, other hardware version
        _entry("1112", "01030001", hardware="0001"),
        _entry("1201", "01000000", model_id="0102"),  # another model, same hardware number
    )
}


def _claim(target: CplEntry, bases: tuple[str, ...], *, file: str = "notes.pdf", text: str = "", sha: str = "a" * 64) -> MappedClaim:
    text = text or f"Firmware {target.firmware_version} requires {' or '.join(bases) or 'nothing'}."
    claim = Claim(
        device=DeviceRef("Acme", "AM-E200", target.hardware_version),
        target=VersionRef(str(target.firmware_version), target.firmware_version),
        bases=tuple(VersionRef(str(CPL[b].firmware_version), CPL[b].firmware_version) for b in bases),
        relation=Relation.EXACT if bases else Relation.NONE,
        evidence=Evidence(file, sha, "page 1", text),
        source_kind=SourceKind.RELEASE_NOTE,
    )
    return MappedClaim(claim, target, tuple(CPL[b] for b in bases))


def _proposal(entry_id: str, current: str | None, *paths: tuple[str, ...], cpl: dict[str, CplEntry] = CPL) -> ProposedChange:
    """One alternative per `paths` item (several: a conflict); `current` is the FIR cell (None: blank)."""
    target = cpl[entry_id]
    alternatives = tuple(
        Alternative(UpgradePath(bases), (_claim(target, bases, text=f"source {i}: {bases}"),)) for i, bases in enumerate(paths)
    )
    fir = UpgradePath.parse(current)
    if len(alternatives) > 1:
        change = ChangeKind.CONFLICT
    elif fir is None:
        change = ChangeKind.ADD
    elif fir == alternatives[0].path:
        change = ChangeKind.UNCHANGED
    else:
        change = ChangeKind.MODIFY
    return ProposedChange(target, fir, alternatives, change)


class Log:
    """The decisions on one proposal, built the way the board records them (checked, then appended)."""

    def __init__(self, proposal: ProposedChange, importer: str | tuple[str, ...] = IMPORTER) -> None:
        self.proposal = proposal
        self.importer = importer
        self.decisions: list[ReviewDecision] = []

    def decision(self, action: ReviewAction, reviewer: str, *, path: str | None = None, reason: str = "",
                 proposal_hash: str | None = None) -> ReviewDecision:  # fmt: skip
        return ReviewDecision(
            cpl_entry_id=self.proposal.target.entry_id,
            proposal_hash=proposal_hash or self.proposal.content_hash,
            action=action,
            reviewer=reviewer,
            decided_at=T0 + timedelta(minutes=len(self.decisions)),
            path=UpgradePath.parse(path),
            reason=reason,
            channel="cli",
        )

    def decide(self, action: ReviewAction, reviewer: str, **kwargs) -> Log:
        decision = self.decision(action, reviewer, **kwargs)
        check_decision(decision, self.proposal, self.decisions, CPL, self.importer)
        self.decisions.append(decision)
        return self

    def approve(self, reviewer: str, **kwargs) -> Log:
        return self.decide(ReviewAction.APPROVE, reviewer, **kwargs)

    def refused(self, action: ReviewAction, reviewer: str, **kwargs) -> str:
        with pytest.raises(DecisionRefused) as info:
            self.decide(action, reviewer, **kwargs)
        return str(info.value)

    @property
    def status(self):
        return review_status(self.proposal, self.decisions, self.importer)


# --- four eyes ---------------------------------------------------------------------------------------


def test_adding_a_path_to_a_blank_fir_value_needs_one_approver():
    log = Log(_proposal("1104", None, ("1103",)))
    assert required_approvals(log.proposal, log.proposal.proposed) == 1
    assert log.status.state is ReviewState.PENDING
    log.approve("alice")
    assert (log.status.state, log.status.approvers, log.status.waiting_for) == (ReviewState.APPROVED, ("alice",), "")
    assert log.status.path == UpgradePath(("1103",))


def test_changing_a_non_empty_fir_value_needs_two_different_approvers():
    log = Log(_proposal("1103", "1101", ("1102",)))
    assert log.proposal.change is ChangeKind.MODIFY
    assert required_approvals(log.proposal, log.proposal.proposed) == 2
    log.approve("alice")
    assert log.status.state is ReviewState.NEEDS_APPROVAL
    assert "second approver other than alice" in log.status.waiting_for
    log.approve("bob")
    assert (log.status.state, log.status.approvers) == (ReviewState.APPROVED, ("alice", "bob"))


def test_second_approval_by_the_same_person_is_refused():
    log = Log(_proposal("1103", "1101", ("1102",))).approve("alice")
    reason = log.refused(ReviewAction.APPROVE, "alice")
    assert "alice has already approved" in reason
    assert log.status.state is ReviewState.NEEDS_APPROVAL
    # and replaying a log that holds a duplicate (written past the check) still counts alice once
    duplicate = log.decisions + [log.decision(ReviewAction.APPROVE, "alice")]
    assert review_status(log.proposal, duplicate, IMPORTER).approvers == ("alice",)


def test_the_importer_cannot_be_the_sole_approver():
    log = Log(_proposal("1104", None, ("1103",))).approve(IMPORTER)
    assert log.status.state is ReviewState.NEEDS_APPROVAL
    assert f"an approver other than {IMPORTER}" in log.status.waiting_for
    log.approve("alice")
    assert log.status.state is ReviewState.APPROVED


def test_the_importer_may_be_one_of_two_approvers_of_a_change():
    log = Log(_proposal("1103", "1101", ("1102",))).approve(IMPORTER).approve("alice")
    assert log.status.state is ReviewState.APPROVED


def test_the_corrector_cannot_be_the_sole_approver():
    log = Log(_proposal("1104", None, ("1103",)))
    log.decide(ReviewAction.CORRECT, "alice", path="1101; 1103", reason="1101 is allowed too")
    assert (log.status.state, log.status.corrected_by) == (ReviewState.PENDING, "alice")
    log.approve("alice")  # allowed, but not enough on its own
    assert log.status.state is ReviewState.NEEDS_APPROVAL
    assert "alice" in log.status.waiting_for
    log.approve("bob")
    assert (log.status.state, log.status.path) == (ReviewState.APPROVED, UpgradePath(("1101", "1103")))


def test_a_correction_resets_earlier_approvals():
    log = Log(_proposal("1104", None, ("1103",))).approve("alice")
    log.decide(ReviewAction.CORRECT, "bob", path="1101", reason="the manufacturer's letter")
    assert (log.status.state, log.status.approvers, log.status.path) == (ReviewState.PENDING, (), UpgradePath(("1101",)))


# --- stale decisions ---------------------------------------------------------------------------------


def test_decisions_on_an_earlier_version_of_the_proposal_do_not_count():
    before = _proposal("1104", None, ("1103",))
    log = Log(before).approve("alice")
    assert log.status.state is ReviewState.APPROVED
    # new evidence arrives: the same path, now from two documents
    extra = _claim(CPL["1104"], ("1103",), file="map.xlsx", text="MAP row 7: 01020005 from 01020000", sha="b" * 64)
    after = replace(before, alternatives=(Alternative(UpgradePath(("1103",)), before.alternatives[0].claims + (extra,)),))
    assert after.content_hash != before.content_hash
    status = review_status(after, log.decisions, IMPORTER)
    assert (status.state, status.approvers, status.stale) == (ReviewState.PENDING, (), 1)
    assert status.waiting_for == "an approval"


def test_a_decision_on_a_stale_hash_is_refused():
    before = _proposal("1104", None, ("1103",))
    after = _proposal("1104", "1101", ("1103",))  # the FIR export changed
    log = Log(after)
    reason = log.refused(ReviewAction.APPROVE, "alice", proposal_hash=before.content_hash)
    assert "changed since it was shown" in reason


def test_a_decision_for_another_entry_is_refused():
    log = Log(_proposal("1104", None, ("1103",)))
    decision = replace(log.decision(ReviewAction.APPROVE, "alice"), cpl_entry_id="1105")
    with pytest.raises(DecisionRefused, match="not 1104"):
        check_decision(decision, log.proposal, [], CPL, IMPORTER)


def test_a_decision_needs_a_reviewer_name():
    log = Log(_proposal("1104", None, ("1103",)))
    assert "reviewer's name" in log.refused(ReviewAction.APPROVE, "  ")


# --- conflicts ---------------------------------------------------------------------------------------


def test_a_conflict_cannot_be_approved_until_a_correction_sets_the_path():
    log = Log(_proposal("1104", None, ("1103",), ("1101",)))
    assert (log.proposal.change, log.proposal.proposed) == (ChangeKind.CONFLICT, None)
    assert log.status.state is ReviewState.PENDING and log.status.path is None
    assert "sources conflict" in log.status.waiting_for
    assert "sources conflict" in log.refused(ReviewAction.APPROVE, "alice")
    assert "sources conflict" in log.refused(ReviewAction.APPROVE, "alice", path="1103")
    log.decide(ReviewAction.CORRECT, "alice", path="1103", reason="the release note is newer")
    assert log.status.path == UpgradePath(("1103",))
    log.approve("bob", path="1103")
    assert (log.status.state, log.status.path) == (ReviewState.APPROVED, UpgradePath(("1103",)))


def test_approving_a_path_other_than_the_one_under_review_is_refused():
    log = Log(_proposal("1104", None, ("1103",)))
    assert "path under review is 1103" in log.refused(ReviewAction.APPROVE, "alice", path="1101")


# --- rejections --------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_rejection_needs_a_reason(reason):
    log = Log(_proposal("1104", None, ("1103",)))
    assert "needs a reason" in log.refused(ReviewAction.REJECT, "alice", reason=reason)


def test_a_rejection_after_approvals_resets_them():
    log = Log(_proposal("1103", "1101", ("1102",))).approve("alice")
    log.decide(ReviewAction.REJECT, "bob", reason="the MAP retracted this path")
    status = log.status
    assert (status.state, status.approvers, status.rejected_by, status.reason) == (
        ReviewState.REJECTED, (), "bob", "the MAP retracted this path",
    )  # fmt: skip
    # approving again starts from nobody: alice's earlier approval does not count
    log.approve("carol")
    assert (log.status.state, log.status.approvers) == (ReviewState.NEEDS_APPROVAL, ("carol",))


# --- corrections -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("1111", "1111 is 10A7/0101/HW 0001, not 10A7/0101/HW 0002 (another model or hardware version)"),
        ("1201", "another model or hardware version"),
        ("1105", "1105 is the entry itself"),
        ("1106", "1106 (firmware 01030001) is not older than 01020007"),
        ("9999", "9999 is not a CPL entry"),
        ("1104; 9999", "9999 is not a CPL entry"),
    ],
)
def test_a_correction_may_only_name_older_entries_of_the_same_device(path, expected):
    log = Log(_proposal("1105", None, ("1104",)))
    reason = log.refused(ReviewAction.CORRECT, "alice", path=path)
    assert reason.startswith("corrected path refused: ")
    assert expected in reason
    assert log.decisions == []


@pytest.mark.parametrize("path", ["1103", "1101; 1103; 1104", "N/A"])
def test_a_correction_to_older_entries_of_the_same_device_is_accepted(path):
    log = Log(_proposal("1105", None, ("1104",)))
    assert correction_problems(log.proposal, UpgradePath.parse(path), CPL) == []
    log.decide(ReviewAction.CORRECT, "alice", path=path, reason="the manufacturer's letter")
    assert log.status.path == UpgradePath.parse(path)


def test_a_correction_needs_a_path():
    log = Log(_proposal("1105", None, ("1104",)))
    assert "needs the corrected upgrade path" in log.refused(ReviewAction.CORRECT, "alice")


def test_correction_problems_lists_every_bad_entry():
    proposal = _proposal("1105", None, ("1104",))
    problems = correction_problems(proposal, UpgradePath(("1104", "1111", "1105", "9999")), CPL)
    assert len(problems) == 3 and not any(p.startswith("1104") for p in problems)


# --- the content hash --------------------------------------------------------------------------------


def test_content_hash_ignores_the_folders_a_file_was_filed_in_and_review_flags():
    """The file as its sender named it is part of what was approved (tests/firpath/domain/
    test_proposal_identity.py); where the analyst filed it, or which email it came in, is not."""
    proposal = _proposal("1104", None, ("1103",))
    claim = proposal.claims[0]
    refiled = replace(claim.claim.evidence, file="forwarded/again/notes.pdf")
    renamed = replace(proposal, alternatives=(
        Alternative(proposal.alternatives[0].path, (replace(claim, claim=replace(claim.claim, evidence=refiled)),)),
    ))  # fmt: skip
    assert renamed.content_hash == proposal.content_hash
    flagged = replace(proposal, review_flags=("base firmware is not older than the target",))
    assert flagged.content_hash == proposal.content_hash


def test_content_hash_changes_with_new_evidence():
    proposal = _proposal("1104", None, ("1103",))
    extra = _claim(CPL["1104"], ("1103",), file="map.xlsx", text="MAP row 7", sha="b" * 64)
    more = replace(proposal, alternatives=(Alternative(proposal.alternatives[0].path, proposal.claims + (extra,)),))
    assert more.content_hash != proposal.content_hash
    # the same document with another sentence is new evidence too
    reworded = _claim(CPL["1104"], ("1103",), text="Install 01020000 before 01020005.")
    other = replace(proposal, alternatives=(Alternative(proposal.alternatives[0].path, (reworded,)),))
    assert other.content_hash != proposal.content_hash


def test_content_hash_changes_with_the_current_fir_value():
    blank = _proposal("1104", None, ("1103",))
    filled = replace(blank, current=UpgradePath(("1101",)), change=ChangeKind.MODIFY)
    not_applicable = replace(blank, current=UpgradePath(()), change=ChangeKind.MODIFY)
    assert len({blank.content_hash, filled.content_hash, not_applicable.content_hash}) == 3


def test_content_hash_changes_with_the_cpl_entry():
    proposal = _proposal("1104", None, ("1103",))
    for changed in (
        replace(proposal.target, firmware_version=FirmwareVersion("01020006")),
        replace(proposal.target, hardware_version="0003"),
        replace(proposal.target, model_id="0102"),
    ):
        assert replace(proposal, target=changed).content_hash != proposal.content_hash
    # names are display only
    renamed = replace(proposal.target, model_name="AM-E200 (new name)")
    assert replace(proposal, target=renamed).content_hash == proposal.content_hash


def test_replacing_a_recorded_not_applicable_needs_two_approvers():
    """`N/A` in the FIR is a recorded value (no earlier version needed), not a blank."""
    log = Log(_proposal("1104", "N/A", ("1103",)))
    assert required_approvals(log.proposal, log.proposal.proposed) == 2
    log.approve("alice")
    assert log.status.state is ReviewState.NEEDS_APPROVAL
    log.approve("bob")
    assert log.status.state is ReviewState.APPROVED


def test_a_correction_needs_a_reason():
    log = Log(_proposal("1105", None, ("1104",)))
    assert "a correction needs a reason" in log.refused(ReviewAction.CORRECT, "alice", path="1103")


# --- flags, bulk approval, several importers ---------------------------------------------------------


def _flagged(proposal: ProposedChange) -> ProposedChange:
    return replace(proposal, review_flags=("upgrade path forms a cycle",))


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_flagged_proposal_is_approved_only_with_a_reason(reason):
    """#15.9: one rule for every channel (the Excel import and the web page call it alike)."""
    log = Log(_flagged(_proposal("1104", None, ("1103",))))
    refused = log.refused(ReviewAction.APPROVE, "alice", reason=reason)
    assert refused.startswith("flagged by the automatic checks (upgrade path forms a cycle): an approval needs a reason")
    log.approve("alice", reason="1103 <- 1104 is fixed by the correction of 1103")
    assert log.status.state is ReviewState.APPROVED


def test_bulk_approval_refuses_flagged_and_corrected_proposals_whatever_the_reason():
    flagged = Log(_flagged(_proposal("1104", None, ("1103",))))
    decision = flagged.decision(ReviewAction.APPROVE, "alice", reason="looks fine")
    with pytest.raises(DecisionRefused, match="approve it on its own page, with a reason") as info:
        check_decision(decision, flagged.proposal, [], CPL, IMPORTER, bulk=True)
    assert info.value.kind is Refusal.FLAGGED

    corrected = Log(_proposal("1104", None, ("1103",)))
    corrected.decide(ReviewAction.CORRECT, "bob", path="1101", reason="the manufacturer's letter")
    decision = corrected.decision(ReviewAction.APPROVE, "alice")
    with pytest.raises(DecisionRefused, match="set by bob's correction: review the correction on its own page"):
        check_decision(decision, corrected.proposal, corrected.decisions, CPL, IMPORTER, bulk=True)
    check_decision(decision, corrected.proposal, corrected.decisions, CPL, IMPORTER)  # on its own page: fine

    plain = Log(_proposal("1105", None, ("1104",)))
    check_decision(plain.decision(ReviewAction.APPROVE, "alice"), plain.proposal, [], CPL, IMPORTER, bulk=True)


def test_none_of_several_importers_can_approve_alone():
    log = Log(_proposal("1104", None, ("1103",)), importer=("ingrid", "ivan"))
    log.approve("ivan")
    assert log.status.state is ReviewState.NEEDS_APPROVAL
    assert "other than ingrid, ivan" in log.status.waiting_for
    log.approve("ingrid")
    assert log.status.state is ReviewState.NEEDS_APPROVAL
    log.approve("alice")
    assert log.status.state is ReviewState.APPROVED


# --- SECAS edits (#17) --------------------------------------------------------------------------------


def _edit(entry_id: str, current: str | None, path: str, editor: str = "erin") -> ProposedChange:
    from firpath.domain import ProposalKind, ProposalOrigin

    origin = ProposalOrigin(ProposalKind.EDIT, 7, editor, T0, "the manufacturer's letter of 2 May")
    fir, new = UpgradePath.parse(current), UpgradePath.parse(path)
    change = ChangeKind.ADD if fir is None else ChangeKind.MODIFY
    return ProposedChange(CPL[entry_id], fir, (Alternative(new, ()),), change, origin=origin)


def test_the_editor_is_never_the_sole_approver_of_a_secas_edit():
    log = Log(_edit("1104", None, "1103"), importer=())
    log.approve("erin")
    assert log.status.state is ReviewState.NEEDS_APPROVAL
    assert log.status.waiting_for == "an approver other than erin (who imported, proposed or edited it)"
    log.approve("alice")
    assert (log.status.state, log.status.approvers) == (ReviewState.APPROVED, ("erin", "alice"))


def test_a_secas_edit_of_a_non_empty_value_needs_four_eyes_the_editor_may_be_one():
    log = Log(_edit("1103", "1101", "1102"), importer=())
    assert required_approvals(log.proposal, log.proposal.proposed) == 2
    log.approve("alice")
    assert log.status.state is ReviewState.NEEDS_APPROVAL
    log.approve("erin")
    assert log.status.state is ReviewState.APPROVED


def test_an_edit_is_a_proposal_of_its_own_and_its_content_names_its_editor_and_reason():
    from dataclasses import replace as changed

    edit = _edit("1104", None, "1103")
    plain = _proposal("1104", None, ("1103",))
    assert edit.content_hash != plain.content_hash
    assert changed(edit, origin=changed(edit.origin, reason="another reason")).content_hash != edit.content_hash
    assert changed(edit, origin=changed(edit.origin, proposed_by="frank")).content_hash != edit.content_hash
    # decisions on the run's proposal of the same entry are the run proposal's, not stale ones of the edit
    log = Log(plain).approve("alice")
    assert review_status(edit, log.decisions, others={plain.content_hash}).stale == 0


# --- what a page says of a review (#14.8) -------------------------------------------------------------


def test_an_approved_proposal_says_it_is_approved_and_asks_nobody_for_a_further_approval():
    """#14.8: the page said "Review: approved" next to "a further approval must come from someone
    else" to the reviewer who had approved it. One function says both, from the rules."""
    from firpath.review.rules import status_text

    log = Log(_proposal("1104", None, ("1103",))).approve("alice")
    for reviewer in ("alice", "bob", IMPORTER):
        text = status_text(log.proposal, log.status, reviewer)
        assert (text.state, text.may_approve) == ("approved", False)
        assert text.summary == "Approved by alice: the next publication writes it."
        assert "further approval" not in text.for_you and "waiting" not in text.summary.lower()
        assert text.for_you == "Nothing more is needed; reject or correct it to reopen the review."


def test_the_approver_of_a_change_that_needs_four_eyes_is_told_the_next_approval_is_someone_elses():
    from firpath.review.rules import status_text

    log = Log(_proposal("1103", "1101", ("1102",))).approve("alice")
    mine = status_text(log.proposal, log.status, "alice")
    assert (mine.state, mine.may_approve) == ("needs another approval", False)
    assert mine.for_you == "You have approved this path: the further approval it needs must come from someone else."
    assert mine.summary == ("Approved by alice; waiting for a second approver other than alice "
                            "(it changes a non-empty FIR value).")  # fmt: skip
    theirs = status_text(log.proposal, log.status, "bob")
    assert (theirs.may_approve, theirs.for_you) == (True, "Your approval completes the review.")


def test_the_importer_is_told_their_approval_is_not_enough_on_its_own():
    from firpath.review.rules import status_text

    log = Log(_proposal("1104", None, ("1103",)))
    text = status_text(log.proposal, log.status, IMPORTER)
    assert (text.state, text.may_approve) == ("pending", True)
    assert text.for_you == "You imported, proposed or corrected it: your approval counts, but another reviewer must approve it too."
    log.approve(IMPORTER)
    after = status_text(log.proposal, log.status, "alice")
    assert (after.state, after.may_approve, after.for_you) == ("needs another approval", True, "Your approval completes the review.")


def test_a_conflict_and_a_rejection_say_what_opens_them():
    from firpath.review.rules import status_text

    conflict = Log(_proposal("1104", None, ("1103",), ("1102",)))
    text = status_text(conflict.proposal, conflict.status, "alice")
    assert (text.state, text.may_approve) == ("pending", False)
    assert text.for_you == "Sources conflict: set the path below (correct) before it can be approved."
    rejected = Log(_proposal("1104", None, ("1103",))).decide(ReviewAction.REJECT, "bob", reason="wrong hardware")
    text = status_text(rejected.proposal, rejected.status, "alice")
    assert (text.state, text.summary, text.may_approve) == ("rejected", "Rejected by bob: wrong hardware.", True)
    assert text.for_you == "Approving it overrules the rejection."


def test_a_proposal_the_fir_holds_already_has_nothing_to_review():
    from firpath.review.rules import needs_review, status_text

    log = Log(_proposal("1103", "1101", ("1101",)))
    assert not needs_review(log.proposal, log.status)
    text = status_text(log.proposal, log.status, "alice")
    assert (text.state, text.may_approve) == ("no change", False)
    assert text.summary == "The FIR holds 1101 already, as the sources say: nothing to review."
    # a correction to another path makes it a change like any other
    log.decide(ReviewAction.CORRECT, "bob", path="1102", reason="the manufacturer's letter")
    assert needs_review(log.proposal, log.status)
    assert status_text(log.proposal, log.status, "alice").state == "pending"
