"""The review board: the latest run's proposals with their review status, and the one way to decide.

Both review channels (the web app and the Excel round trip) and publishing go through a board, so
they see the same proposals and enforce the same rules (`firpath.review.rules`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from extractors.registers import Fir, cpl_from_bytes, fir_from_bytes
from firpath.domain import ChangeKind, CplEntry, ProposedChange, ReviewAction, ReviewDecision, UpgradePath
from firpath.review.rules import DecisionRefused, ReviewStatus, check_decision, review_status
from staging.runs import RunInfo
from staging.store import StagingStore


class NothingToReview(LookupError):
    """The store holds no finished run yet: run `firpath run` (or `firpath demo`) first."""


@dataclass
class ReviewBoard:
    store: StagingStore
    run: RunInfo
    proposals: dict[str, ProposedChange]  # CPL entry id -> proposal, in CPL order
    cpl: dict[str, CplEntry]
    fir: Fir

    @classmethod
    def open(cls, store: StagingStore, run_id: str | None = None) -> ReviewBoard:
        """The latest finished run's board, or run `run_id`'s (staging.engine.NotFound if unknown)."""
        run = store.runs.latest_run() if run_id is None else store.runs.finished_run(run_id)
        if run is None:
            raise NothingToReview("no finished backfill run in this workdir: run `firpath run` or `firpath demo` first")
        inputs = run.inputs
        cpl = cpl_from_bytes(inputs.get("cpl_export_name", "CPL export"), store.documents.content(inputs["cpl_export"]))
        fir = fir_from_bytes(inputs.get("fir_export_name", "FIR export"), store.documents.content(inputs["fir_export"]))
        proposals = {p.target.entry_id: p for p in store.results.proposals(run.run_id)}
        return cls(store, run, proposals, {e.entry_id: e for e in cpl}, fir)

    @property
    def importer(self) -> str:
        return self.run.imported_by

    def proposal(self, entry_id: str) -> ProposedChange:
        try:
            return self.proposals[entry_id]
        except KeyError:
            raise KeyError(f"no proposed change for CPL entry {entry_id} in run {self.run.run_id}") from None

    def status(self, entry_id: str) -> ReviewStatus:
        return review_status(self.proposal(entry_id), self.store.reviews.decisions(entry_id), self.importer)

    def statuses(self) -> dict[str, ReviewStatus]:
        by_entry: dict[str, list[ReviewDecision]] = {}
        for decision in self.store.reviews.decisions():
            by_entry.setdefault(decision.cpl_entry_id, []).append(decision)
        return {
            entry_id: review_status(proposal, by_entry.get(entry_id, []), self.importer)
            for entry_id, proposal in self.proposals.items()
        }

    def decide(
        self,
        entry_id: str,
        action: ReviewAction,
        reviewer: str,
        *,
        proposal_hash: str,
        path: UpgradePath | None = None,
        reason: str = "",
        channel: str = "web",
        decided_at: datetime | None = None,
    ) -> ReviewStatus:
        """Check and append one decision atomically; raises DecisionRefused with the reason."""
        proposal = self.proposal(entry_id)
        decision = ReviewDecision(
            cpl_entry_id=entry_id,
            proposal_hash=proposal_hash,
            action=action,
            reviewer=reviewer,
            decided_at=decided_at or datetime.now(UTC),
            path=path,
            reason=reason.strip(),
            channel=channel,
        )
        self.store.reviews.append_decision(
            decision, lambda earlier: check_decision(decision, proposal, earlier, self.cpl, self.importer)
        )
        return self.status(entry_id)

    def reviewable(self) -> Iterable[ProposedChange]:
        """What needs a decision: every proposal but those that change nothing."""
        return (p for p in self.proposals.values() if p.change is not ChangeKind.UNCHANGED)


__all__ = ["DecisionRefused", "NothingToReview", "ReviewBoard"]
