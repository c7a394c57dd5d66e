"""The review rules: what a proposal's decision log means, and which decisions are refused.

Plain functions over the append-only log, shared by every channel (the web page, the web's bulk
approval, the Excel round trip, the command line) and by publish, so that each refuses the same
things with the same words:

- a decision counts only for the proposal it was made on (its content hash); when the proposal
  changes (new evidence, new CPL or FIR export) earlier decisions are stale and it needs review again;
- four eyes: a change to a non-empty FIR value needs two different approvers;
- whoever imported the claims (started a run that proposed this version, as an authenticated
  reviewer), proposed it (a SECAS edit or withdrawal) or edited the path (a correction) cannot be its
  sole approver;
- conflicting sources cannot be approved until a reviewer sets the path explicitly;
- a proposal the automatic checks flagged is approved only with a reason saying why the flags do not
  stand in the way (so never in bulk); a path a correction set is never approved in bulk either;
- a rejection and a correction need a reason; a correction may only name older entries of the same
  model and hardware.

What needs review at all (`needs_review`) and what a page says of a review and asks of its reader
(`status_text`) are decided here too, so that the queue, the Excel export, bulk approval, the
progress view and every count agree, and no page says two things at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from firpath.domain import ChangeKind, CplEntry, ProposedChange, ReviewAction, ReviewDecision, UpgradePath


class Refusal(StrEnum):
    """Which rule refused a decision (the message says it in words)."""

    WRONG_ENTRY = "decision for another entry"
    STALE = "stale"  # the proposal changed since it was shown
    NO_REVIEWER = "no reviewer"  # no name, or not an active reviewer's
    REJECTION_WITHOUT_REASON = "rejection without a reason"
    CORRECTION_WITHOUT_PATH = "correction without a path"
    BAD_CORRECTION = "corrected path not allowed"
    CORRECTION_WITHOUT_REASON = "correction without a reason"
    CONFLICT_WITHOUT_PATH = "conflict without a path"
    FLAGGED = "flagged, approved without a reason"
    CORRECTED_IN_BULK = "a correction approved in bulk"
    PATH_CHANGED = "path under review changed"
    SECOND_APPROVAL = "second approval by the same person"
    OTHER = "refused"


class DecisionRefused(ValueError):
    """A decision the rules do not allow; the message says why, for the reviewer to read."""

    def __init__(self, message: str, kind: Refusal = Refusal.OTHER) -> None:
        super().__init__(message)
        self.kind = kind


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
    not_alone: tuple[str, ...] = ()  # who may approve it only beside someone else (importers, proposer, corrector)
    other_than: tuple[str, ...] = ()  # while it needs another approval: whom that approval may not come from


def required_approvals(proposal: ProposedChange, path: UpgradePath) -> int:
    """Two approvers when an existing FIR value would change (`N/A` is a value: it says no earlier
    version is needed); one when the FIR is blank for the entry."""
    current = proposal.current
    return 2 if current is not None and current != path else 1


Importers = str | Iterable[str]  # who imported what is under review (one name, or several runs' names)


def _names(importers: Importers) -> frozenset[str]:
    return frozenset(n for n in ((importers,) if isinstance(importers, str) else importers) if n)


def review_status(
    proposal: ProposedChange, decisions: Sequence[ReviewDecision], importers: Importers = (), others: Iterable[str] = ()
) -> ReviewStatus:
    """Replay the proposal's decisions (log order) that were made on its current content; `others`:
    the content hashes of the entry's other proposals (a SECAS edit beside the run's proposal), whose
    decisions are theirs, not stale ones of this proposal."""
    current_hash = proposal.content_hash
    skip = set(others) - {current_hash}
    relevant = [d for d in decisions if d.cpl_entry_id == proposal.target.entry_id and d.proposal_hash not in skip]
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
    proposer = proposal.origin.proposed_by if proposal.origin is not None else ""
    not_sole = (_names(importers) | {corrected_by, proposer}) - {""}
    common = {"approvers": tuple(approvers), "corrected_by": corrected_by, "rejected_by": rejected_by,
              "reason": reason, "stale": stale, "not_alone": tuple(sorted(not_sole))}  # fmt: skip
    if rejected_by:
        return ReviewStatus(ReviewState.REJECTED, path, waiting_for="", **common)
    if path is None:
        return ReviewStatus(ReviewState.PENDING, None, waiting_for="a reviewer to choose or write the path (sources conflict)", **common)
    if not approvers:
        return ReviewStatus(ReviewState.PENDING, path, waiting_for="an approval", **common)
    needed = required_approvals(proposal, path)
    independent = [a for a in approvers if a not in not_sole]
    if len(approvers) >= needed and independent:
        return ReviewStatus(ReviewState.APPROVED, path, waiting_for="", **common)
    if len(approvers) < needed:
        other_than = tuple(approvers)
        waiting = f"a second approver other than {', '.join(other_than)} (it changes a non-empty FIR value)"
    else:
        other_than = tuple(sorted(not_sole))
        waiting = f"an approver other than {', '.join(other_than)} (who imported, proposed or edited it)"
    return ReviewStatus(ReviewState.NEEDS_APPROVAL, path, waiting_for=waiting, other_than=other_than, **common)


def correction_problems(proposal: ProposedChange, path: UpgradePath, cpl: Mapping[str, CplEntry]) -> list[str]:
    """Why a corrected path is not allowed: each entry must be an older firmware of the same device."""
    return path_problems(proposal.target, path, cpl)


def edit_problems(target: CplEntry, path: UpgradePath, current: UpgradePath | None, reason: str,
                  cpl: Mapping[str, CplEntry]) -> list[str]:  # fmt: skip
    """Why a SECAS edit may not be proposed: the same rules as a correction (older firmware of the same
    device, or N/A), a reason, and a value the FIR does not hold already."""
    problems = path_problems(target, path, cpl)
    if current is not None and path == current:
        problems.append(f"the FIR holds {path} for {target.entry_id} already")
    if not reason.strip():
        problems.append("an edit needs a reason: say where the path comes from")
    return problems


def path_problems(target: CplEntry, path: UpgradePath, cpl: Mapping[str, CplEntry]) -> list[str]:
    """Why `path` cannot be `target`'s upgrade path: each entry must be an older firmware of the same device."""
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


def flags_text(proposal: ProposedChange) -> str:
    return "; ".join(proposal.review_flags)


def check_decision(
    decision: ReviewDecision,
    proposal: ProposedChange,
    decisions: Sequence[ReviewDecision],
    cpl: Mapping[str, CplEntry],
    importers: Importers = (),
    *,
    bulk: bool = False,
) -> None:
    """Raise DecisionRefused when the rules do not allow `decision` on `proposal` now; `bulk`: the
    decision is one of many approved at once (the web's bulk approval), not looked at on its own."""
    if decision.cpl_entry_id != proposal.target.entry_id:
        raise DecisionRefused(f"decision is for {decision.cpl_entry_id}, not {proposal.target.entry_id}", Refusal.WRONG_ENTRY)
    if decision.proposal_hash != proposal.content_hash:
        raise DecisionRefused(
            "the proposal changed since it was shown (new evidence or a new CPL/FIR export): review it again",
            Refusal.STALE,
        )
    if not decision.reviewer.strip():
        raise DecisionRefused("a decision needs the reviewer's name", Refusal.NO_REVIEWER)
    status = review_status(proposal, decisions, importers)
    if decision.action is ReviewAction.REJECT:
        if not decision.reason.strip():
            raise DecisionRefused("a rejection needs a reason", Refusal.REJECTION_WITHOUT_REASON)
        return
    if decision.action is ReviewAction.CORRECT:
        if decision.path is None:
            raise DecisionRefused("a correction needs the corrected upgrade path (Entry IDs or N/A)", Refusal.CORRECTION_WITHOUT_PATH)
        if problems := correction_problems(proposal, decision.path, cpl):
            raise DecisionRefused("corrected path refused: " + "; ".join(problems), Refusal.BAD_CORRECTION)
        if not decision.reason.strip():
            raise DecisionRefused("a correction needs a reason: say where the path comes from", Refusal.CORRECTION_WITHOUT_REASON)
        return
    if status.path is None:
        raise DecisionRefused("sources conflict: choose or write the path (correct) before approving", Refusal.CONFLICT_WITHOUT_PATH)
    if proposal.review_flags and (bulk or not decision.reason.strip()):
        how = "approve it on its own page, with a reason" if bulk else "an approval needs a reason"
        raise DecisionRefused(f"flagged by the automatic checks ({flags_text(proposal)}): {how} saying why "
                              "the flags do not stand in the way", Refusal.FLAGGED)  # fmt: skip
    if bulk and status.corrected_by:
        raise DecisionRefused(f"its path was set by {status.corrected_by}'s correction: review the correction on its own page",
                              Refusal.CORRECTED_IN_BULK)
    if decision.path is not None and decision.path != status.path:
        raise DecisionRefused(f"approves {decision.path}, but the path under review is {status.path}", Refusal.PATH_CHANGED)
    if decision.reviewer in status.approvers:
        raise DecisionRefused(f"{decision.reviewer} has already approved this path: a second approval must come from someone else",
                              Refusal.SECOND_APPROVAL)


# --- what needs review, and what a page says of it ----------------------------------------------------

NO_CHANGE = "no change"  # the state shown for a proposal the FIR holds already (see `needs_review`)


def needs_review(proposal: ProposedChange, status: ReviewStatus) -> bool:
    """Whether a reviewer has anything to decide: every proposal but one whose sources say what the
    FIR holds already (and no correction set another path). One definition for the queue, the Excel
    export, bulk approval and every count, so that no channel lists what another leaves out."""
    return not (proposal.change is ChangeKind.UNCHANGED and status.path == proposal.current)


@dataclass(frozen=True)
class StatusText:
    """A review's state as a page shows it, and what it asks of the reader: made in one place so
    that a page never says "approved" beside "a further approval must come from someone else"."""

    state: str  # a ReviewState's value, or NO_CHANGE
    css: str  # the state's class name on the page (pending, needs_approval, approved, rejected, no_change)
    summary: str  # the state in a sentence, the same for every reader
    for_you: str  # what the page asks of this reader
    may_approve: bool  # whether this reader's approval would be accepted and is still needed


def _shown(path: UpgradePath | None) -> str:
    return "blank" if path is None or path.blank else str(path)


def status_text(proposal: ProposedChange, status: ReviewStatus, reviewer: str) -> StatusText:
    """What the page of `proposal` says of its review to `reviewer` ("" for no one in particular:
    an export)."""
    if not needs_review(proposal, status):
        summary = f"The FIR holds {_shown(proposal.current)} already, as the sources say: nothing to review."
        return StatusText(NO_CHANGE, "no_change", summary, "Nothing to decide; correct it if the path is wrong.", False)
    state, css = status.state.value, status.state.name.lower()
    if status.state is ReviewState.APPROVED:
        summary = f"Approved by {', '.join(status.approvers)}: the next publication writes it."
        return StatusText(state, css, summary, "Nothing more is needed; reject or correct it to reopen the review.", False)
    if status.state is ReviewState.REJECTED:
        summary = f"Rejected by {status.rejected_by}: {status.reason.rstrip('.')}."
    elif status.state is ReviewState.NEEDS_APPROVAL:
        summary = f"Approved by {', '.join(status.approvers)}; waiting for {status.waiting_for}."
    elif status.path is None:
        summary = "Sources conflict: waiting for a reviewer to choose or write the path."
    else:
        two = required_approvals(proposal, status.path) > 1
        summary = ("Waiting for two approvals by different reviewers (it changes a non-empty FIR value)." if two
                   else "Waiting for an approval.")  # fmt: skip
        if status.corrected_by:
            summary = f"Path set by {status.corrected_by}'s correction. " + summary
    if status.path is None:
        return StatusText(state, css, summary, "Sources conflict: set the path below (correct) before it can be approved.", False)
    if reviewer and reviewer in status.approvers:
        return StatusText(state, css, summary,
                          "You have approved this path: the further approval it needs must come from someone else.", False)  # fmt: skip
    if status.state is ReviewState.REJECTED:
        return StatusText(state, css, summary, "Approving it overrules the rejection.", True)
    approvers = [*status.approvers, reviewer]
    completes = len(approvers) >= required_approvals(proposal, status.path) and any(
        a not in status.not_alone for a in approvers
    )
    if completes:
        for_you = "Your approval completes the review."
    elif reviewer in status.not_alone:
        for_you = "You imported, proposed or corrected it: your approval counts, but another reviewer must approve it too."
    else:
        for_you = "Your approval counts; a second reviewer must approve it too (it changes a non-empty FIR value)."
    return StatusText(state, css, summary, for_you, True)
