"""How far review has come, per manufacturer: how many proposals need review, how many are pending,
need another approval, are approved or rejected, and what is waiting for whom.

Counted over what needs review (`rules.needs_review`), so its totals are the queue's and the Excel
export's; what the reader may approve now is what the pages offer them (`rules.status_text`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from firpath.domain import ProposedChange
from firpath.review.rules import ReviewState, ReviewStatus, needs_review, required_approvals, status_text


@dataclass(frozen=True)
class Progress:
    manufacturer: str
    need_review: int
    pending: int
    needs_approval: int
    approved: int
    rejected: int
    waiting: tuple[tuple[str, int], ...]  # (what it waits for, how many), most first
    yours: int  # how many the reader's approval is asked for now

    @property
    def decided(self) -> int:
        return self.approved + self.rejected


def waiting_for(proposal: ProposedChange, status: ReviewStatus) -> str:
    """What an open proposal waits for, in the words the progress view groups by ("" when decided)."""
    if status.state is ReviewState.NEEDS_APPROVAL:
        return f"needs another approval, other than {', '.join(status.other_than)}"
    if status.state is not ReviewState.PENDING:
        return ""
    if status.path is None:
        return "a reviewer to set the path (sources conflict)"
    if status.corrected_by:
        return f"approval of {status.corrected_by}'s correction"
    return "two approvals" if required_approvals(proposal, status.path) > 1 else "a first approval"


def _row(name: str, items: list[tuple[ProposedChange, ReviewStatus]], reviewer: str) -> Progress:
    states = Counter(s.state for _, s in items)
    waiting = Counter(w for p, s in items if (w := waiting_for(p, s)))
    open_states = (ReviewState.PENDING, ReviewState.NEEDS_APPROVAL)
    yours = sum(1 for p, s in items if s.state in open_states and status_text(p, s, reviewer).may_approve)
    return Progress(name, len(items), states[ReviewState.PENDING], states[ReviewState.NEEDS_APPROVAL],
                    states[ReviewState.APPROVED], states[ReviewState.REJECTED],
                    tuple(sorted(waiting.items(), key=lambda kv: (-kv[1], kv[0]))), yours)  # fmt: skip


def progress(
    items: Iterable[tuple[ProposedChange, ReviewStatus]], reviewer: str, *, total: str | None = None
) -> list[Progress]:
    """One row per manufacturer (by name) of the proposals that need review, and with `total` a last
    row of that name over all of them."""
    by_maker: dict[str, list[tuple[ProposedChange, ReviewStatus]]] = {}
    for proposal, status in items:
        if needs_review(proposal, status):
            entry = proposal.target
            by_maker.setdefault(entry.manufacturer_name or entry.manufacturer_id, []).append((proposal, status))
    rows = [_row(name, by_maker[name], reviewer) for name in sorted(by_maker)]
    if total is not None and rows:
        rows.append(_row(total, [i for name in sorted(by_maker) for i in by_maker[name]], reviewer))
    return rows


__all__ = ["Progress", "progress", "waiting_for"]
