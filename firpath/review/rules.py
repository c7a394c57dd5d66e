"""The review rules: what a proposal's decision log means, and which decisions are refused.

Plain functions over the append-only log, shared by the web app, the Excel round trip and publish,
so that every channel enforces the same rules:

- a decision counts only for the proposal it was made on (its content hash); when the proposal
  changes (new evidence, new CPL or FIR export) earlier decisions are stale and it needs review again;
- four eyes: a change to a non-empty FIR value needs two different approvers;
- whoever imported the claims (ran the backfill) or edited the path (a correction) cannot be its
  sole approver;
- conflicting sources cannot be approved until a reviewer sets the path explicitly;
- a rejection needs a reason; a correction may only name entries of the same model and hardware.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from firpath.domain import CplEntry, ProposedChange, ReviewAction, ReviewDecision, UpgradePath


class DecisionRefused(ValueError):
    """A decision the rules do not allow; the message says why, for the reviewer to read."""


class ReviewState(StrEnum):
    PENDING = "pending"  # nobody has approved (or the conflict has no path yet)
    NEEDS_APPROVAL = "needs another approval"  # approved, but not yet by enough (independent) people
    APPROVED = "approved"  # will be published
    REJECTED = "rejected"


@dataclass(frozen=True)
class ReviewStatus:
    state: ReviewState
    path: UpgradePath | None  # the path that is (or would be) published; None while a conflict is open
    approvers: tuple[str, ...]  # who approved `path`, in order
    corrected_by: str  # who set `path` explicitly ("" when it is the proposed path)
    rejected_by: str
    reason: str  # the rejection's or correction's reason
    stale: int  # decisions made on an earlier version of this proposal (not counted)
    waiting_for: str  # what is still missing, in words ("" when approved or rejected)


def required_approvals(proposal: ProposedChange, path: UpgradePath) -> int:
    """Two approvers when an existing FIR value would change (`N/A` is a value: it says no earlier
    version is needed); one when the FIR is blank for the entry."""
    current = proposal.current
    return 2 if current is not None and current != path else 1


def review_status(proposal: ProposedChange, decisions: Sequence[ReviewDecision], importer: str = "") -> ReviewStatus:
    """Replay the proposal's decisions (log order) that were made on its current content."""
    current_hash = proposal.content_hash
    relevant = [d for d in decisions if d.cpl_entry_id == proposal.target.entry_id]
    live = [d for d in relevant if d.proposal_hash == current_hash]
    path = proposal.proposed
    approvers: list[str] = []
    corrected_by = rejected_by = reason = ""
    for decision in live:
        if decision.action is ReviewAction.REJECT:
            approvers, rejected_by, reason = [], decision.reviewer, decision.reason
        elif decision.action is ReviewAction.CORRECT:
            path, approvers, corrected_by, rejected_by = decision.path, [], decision.reviewer, ""
            reason = decision.reason
        elif decision.reviewer not in approvers:
            approvers.append(decision.reviewer)
            rejected_by = ""
    stale = len(relevant) - len(live)
    common = {"approvers": tuple(approvers), "corrected_by": corrected_by, "rejected_by": rejected_by,
              "reason": reason, "stale": stale}  # fmt: skip
    if rejected_by:
        return ReviewStatus(ReviewState.REJECTED, path, waiting_for="", **common)
    if path is None:
        return ReviewStatus(ReviewState.PENDING, None, waiting_for="a reviewer to choose or write the path (sources conflict)", **common)
    if not approvers:
        return ReviewStatus(ReviewState.PENDING, path, waiting_for="an approval", **common)
    needed = required_approvals(proposal, path)
    not_sole = {importer, corrected_by} - {""}
    independent = [a for a in approvers if a not in not_sole]
    if len(approvers) >= needed and independent:
        return ReviewStatus(ReviewState.APPROVED, path, waiting_for="", **common)
    if len(approvers) < needed:
        waiting = f"a second approver other than {', '.join(approvers)} (it changes a non-empty FIR value)"
    else:
        waiting = f"an approver other than {', '.join(sorted(not_sole))} (who imported or edited it)"
    return ReviewStatus(ReviewState.NEEDS_APPROVAL, path, waiting_for=waiting, **common)


def correction_problems(proposal: ProposedChange, path: UpgradePath, cpl: Mapping[str, CplEntry]) -> list[str]:
    """Why a corrected path is not allowed: each entry must be an older firmware of the same device."""
    target = proposal.target
    problems = []
    for entry_id in path.entry_ids:
        entry = cpl.get(entry_id)
        if entry is None:
            problems.append(f"{entry_id} is not a CPL entry")
        elif entry_id == target.entry_id:
            problems.append(f"{entry_id} is the entry itself")
        elif entry.device != target.device:
            problems.append(f"{entry_id} is {entry.device}, not {target.device} (another model or hardware version)")
        elif entry.firmware_version >= target.firmware_version:
            problems.append(f"{entry_id} (firmware {entry.firmware_version}) is not older than {target.firmware_version}")
    return problems


def check_decision(
    decision: ReviewDecision,
    proposal: ProposedChange,
    decisions: Sequence[ReviewDecision],
    cpl: Mapping[str, CplEntry],
    importer: str = "",
) -> None:
    """Raise DecisionRefused when the rules do not allow `decision` on `proposal` now."""
    if decision.cpl_entry_id != proposal.target.entry_id:
        raise DecisionRefused(f"decision is for {decision.cpl_entry_id}, not {proposal.target.entry_id}")
    if decision.proposal_hash != proposal.content_hash:
        raise DecisionRefused(
            "the proposal changed since it was shown (new evidence or a new CPL/FIR export): review it again"
        )
    if not decision.reviewer.strip():
        raise DecisionRefused("a decision needs the reviewer's name")
    status = review_status(proposal, decisions, importer)
    if decision.action is ReviewAction.REJECT:
        if not decision.reason.strip():
            raise DecisionRefused("a rejection needs a reason")
        return
    if decision.action is ReviewAction.CORRECT:
        if decision.path is None:
            raise DecisionRefused("a correction needs the corrected upgrade path (Entry IDs or N/A)")
        if problems := correction_problems(proposal, decision.path, cpl):
            raise DecisionRefused("corrected path refused: " + "; ".join(problems))
        return
    if status.path is None:
        raise DecisionRefused("sources conflict: choose or write the path (correct) before approving")
    if decision.path is not None and decision.path != status.path:
        raise DecisionRefused(f"approves {decision.path}, but the path under review is {status.path}")
    if decision.reviewer in status.approvers:
        raise DecisionRefused(f"{decision.reviewer} has already approved this path: a second approval must come from someone else")
