"""Bulk approval by source file: which proposals it would approve, and which it refuses and why.

One plan serves the count the queue shows, the confirmation page and the approval itself, and it is
made by the review rules the approval applies (`rules.check_decision`, in bulk), so the count is the
number of rows that will be approved, never rows the rules would then refuse.

The candidates of a source: the run's proposals that need review (`rules.needs_review`), that nobody
has approved yet (pending), and whose every claim was read from that one file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from firpath.domain import CplEntry, ProposedChange, ReviewAction, ReviewDecision
from firpath.review.board import ReviewBoard
from firpath.review.rules import DecisionRefused, Importers, ReviewState, ReviewStatus, check_decision, review_status


@dataclass(frozen=True)
class Candidate:
    """A proposal bulk approval might decide, with what the rules need to judge it."""

    proposal: ProposedChange
    status: ReviewStatus
    decisions: Sequence[ReviewDecision]  # the entry's decisions so far
    importers: Importers = ()
    others: frozenset[str] = frozenset()  # the content hashes of the entry's other proposals


@dataclass(frozen=True)
class BulkItem:
    proposal: ProposedChange
    status: ReviewStatus  # now
    refused: str = ""  # why the rules refuse its approval in bulk ("" when it will be approved)
    after: ReviewStatus | None = None  # its status once approved (None when refused)

    @property
    def entry_id(self) -> str:
        return self.proposal.target.entry_id


@dataclass(frozen=True)
class BulkPlan:
    source: str
    reviewer: str
    approve: tuple[BulkItem, ...]
    refuse: tuple[BulkItem, ...]


def source_files(proposal: ProposedChange) -> set[str]:
    return {c.claim.evidence.file for c in proposal.claims}


def plan(candidates: Iterable[Candidate], cpl: Mapping[str, CplEntry], source: str, reviewer: str) -> BulkPlan:
    """What approving every candidate as `reviewer` would do: each is checked by the rules in bulk,
    as `ReviewBoard.decide_many(..., bulk=True)` checks it."""
    approve: list[BulkItem] = []
    refuse: list[BulkItem] = []
    now = datetime.now(UTC)
    for c in candidates:
        decision = ReviewDecision(cpl_entry_id=c.proposal.target.entry_id, proposal_hash=c.proposal.content_hash,
                                  action=ReviewAction.APPROVE, reviewer=reviewer, decided_at=now, path=c.status.path,
                                  reason="", channel="web")  # fmt: skip
        try:
            check_decision(decision, c.proposal, c.decisions, cpl, c.importers, bulk=True)
        except DecisionRefused as exc:
            refuse.append(BulkItem(c.proposal, c.status, refused=str(exc)))
            continue
        after = review_status(c.proposal, [*c.decisions, decision], c.importers, c.others)
        approve.append(BulkItem(c.proposal, c.status, after=after))
    return BulkPlan(source, reviewer, tuple(approve), tuple(refuse))


def sources(board: ReviewBoard) -> list[str]:
    """Every file a proposal of the run was read from, sorted."""
    return sorted({f for p in board.proposals.values() for f in source_files(p)})


def plans(board: ReviewBoard, reviewer: str, only: str | None = None) -> dict[str, BulkPlan]:
    """Each source's plan (or `only`'s) for `reviewer`, from one read of the decision log."""
    by_entry: dict[str, list[ReviewDecision]] = {}
    for decision in board.store.reviews.decisions():
        by_entry.setdefault(decision.cpl_entry_id, []).append(decision)
    statuses = {e: board.status_of(p, by_entry.get(e, [])) for e, p in board.proposals.items()}
    wanted = [only] if only is not None else sources(board)
    candidates: dict[str, list[Candidate]] = {s: [] for s in wanted}
    for proposal in board.reviewable(statuses):
        entry_id = proposal.target.entry_id
        files = source_files(proposal)
        if statuses[entry_id].state is not ReviewState.PENDING or len(files) != 1 or (file := next(iter(files))) not in candidates:
            continue
        candidates[file].append(Candidate(proposal, statuses[entry_id], by_entry.get(entry_id, []),
                                          board.importers(entry_id, proposal), frozenset(board.others(proposal))))  # fmt: skip
    return {s: plan(candidates[s], board.cpl, s, reviewer) for s in wanted}


__all__ = ["BulkItem", "BulkPlan", "Candidate", "plan", "plans", "source_files", "sources"]
