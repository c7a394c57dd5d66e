"""The review board: the latest run's proposals with their review status, and the one way to decide.

Every review channel (the web page and its bulk approval, the Excel round trip, the command line)
and publishing go through a board, so they see the same proposals and enforce the same rules
(`firpath.review.rules`). Decisions are appended through the store, which accepts them only from an
active reviewer and checks the rules in the same transaction as the append.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from extractors.registers import Fir, cpl_from_bytes, fir_from_bytes
from firpath.domain import ChangeKind, CplEntry, ProposedChange, ReviewAction, ReviewDecision, UpgradePath
from firpath.review.rules import DecisionRefused, Refusal, ReviewStatus, check_decision, review_status
from firpath.stages.lapsed_approvals import what_changed
from staging.engine import paused_gc
from staging.runs import RunInfo
from staging.store import StagingStore

BATCH_SIZE = 500  # decisions appended in one transaction by `decide_many`


class NothingToReview(LookupError):
    """The store holds no finished run yet: run `firpath run` (or `firpath demo`) first."""


@dataclass(frozen=True)
class DecisionRequest:
    """One decision to make through `ReviewBoard.decide_many` (a row of a returned workbook)."""

    entry_id: str
    action: ReviewAction
    reviewer: str
    proposal_hash: str
    path: UpgradePath | None = None
    reason: str = ""
    channel: str = "web"
    decided_at: datetime | None = None


@dataclass
class ReviewBoard:
    store: StagingStore
    run: RunInfo
    proposals: dict[str, ProposedChange]  # CPL entry id -> proposal, in CPL order
    cpl: dict[str, CplEntry]
    fir: Fir
    # (entry, proposal hash) -> the reviewers recorded as starting a run that proposed that version
    _importers: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    @classmethod
    def open(cls, store: StagingStore, run_id: str | None = None) -> ReviewBoard:
        """The latest finished run's board, or run `run_id`'s (staging.engine.NotFound if unknown)."""
        run = store.runs.latest_run() if run_id is None else store.runs.finished_run(run_id)
        if run is None:
            raise NothingToReview("no finished backfill run in this workdir: run `firpath run` or `firpath demo` first")
        inputs = run.inputs
        with paused_gc():  # the board's objects all stay alive: nothing for the collector to find
            cpl = cpl_from_bytes(inputs.get("cpl_export_name", "CPL export"), store.documents.content(inputs["cpl_export"]))
            fir = fir_from_bytes(inputs.get("fir_export_name", "FIR export"), store.documents.content(inputs["fir_export"]))
            proposals = {p.target.entry_id: p for p in store.results.proposals(run.run_id)}
            importers = store.results.importers((e, p.content_hash) for e, p in proposals.items())
        return cls(store, run, proposals, {e.entry_id: e for e in cpl}, fir, importers)

    @property
    def importer(self) -> str:
        """Who started this run, when a reviewer signed it ("" when the run records none)."""
        return self.run.imported_by

    def importers(self, entry_id: str) -> set[str]:
        """Everyone who started a run that proposed what is under review for `entry_id`: a re-run
        by someone else adds a name, never takes one away."""
        proposal = self.proposal(entry_id)
        return set(self._importers.get((entry_id, proposal.content_hash), set()))

    def proposal(self, entry_id: str) -> ProposedChange:
        try:
            return self.proposals[entry_id]
        except KeyError:
            raise KeyError(f"no proposed change for CPL entry {entry_id} in run {self.run.run_id}") from None

    def status(self, entry_id: str) -> ReviewStatus:
        return review_status(self.proposal(entry_id), self.store.reviews.decisions(entry_id), self.importers(entry_id))

    def statuses(self) -> dict[str, ReviewStatus]:
        return self.statuses_from(self.store.reviews.decisions())

    def statuses_from(self, decisions: Iterable[ReviewDecision]) -> dict[str, ReviewStatus]:
        """Every proposal's status from one read of the log (publish and verify use one snapshot)."""
        by_entry: dict[str, list[ReviewDecision]] = {}
        for decision in decisions:
            by_entry.setdefault(decision.cpl_entry_id, []).append(decision)
        return {
            entry_id: review_status(proposal, by_entry.get(entry_id, []), self.importers(entry_id))
            for entry_id, proposal in self.proposals.items()
        }

    def lapsed(self, entry_id: str) -> list[str]:
        """Why decisions on `entry_id` no longer count: for each earlier version of the proposal a
        decision was made on, what changed since (newest first)."""
        proposal = self.proposal(entry_id)
        stale: dict[str, None] = {}
        for decision in reversed(self.store.reviews.decisions(entry_id)):
            if decision.proposal_hash != proposal.content_hash:
                stale[decision.proposal_hash] = None
        reasons = []
        for version in stale:
            before = self.store.results.proposal_version(entry_id, version)
            reasons.append("an earlier version no run holds any more" if before is None else what_changed(before, proposal))
        return reasons

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
        bulk: bool = False,
    ) -> ReviewStatus:
        """Check and append one decision atomically; raises DecisionRefused with the reason."""
        request = DecisionRequest(entry_id, action, reviewer, proposal_hash, path, reason, channel, decided_at)
        [outcome] = self.decide_many([request], bulk=bulk)
        if isinstance(outcome, DecisionRefused):
            raise outcome
        return outcome

    def decide_many(
        self,
        requests: Sequence[DecisionRequest],
        *,
        bulk: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[ReviewStatus | DecisionRefused]:
        """Check and append decisions in order, `BATCH_SIZE` to a transaction; per request, the
        proposal's status after it or why it was refused. Each is checked against every decision
        before it, this call's included: the same outcome as deciding them one by one."""
        outcomes: list[ReviewStatus | DecisionRefused] = []
        for start in range(0, len(requests), BATCH_SIZE):
            outcomes += self._decide_batch(requests[start : start + BATCH_SIZE], bulk)
            if progress is not None:
                progress(len(outcomes), len(requests))
        return outcomes

    def _decide_batch(self, requests: Sequence[DecisionRequest], bulk: bool) -> list[ReviewStatus | DecisionRefused]:
        decisions: list[ReviewDecision] = []
        for r in requests:
            self.proposal(r.entry_id)  # KeyError for an entry the run does not propose
            decisions.append(ReviewDecision(
                cpl_entry_id=r.entry_id, proposal_hash=r.proposal_hash, action=r.action, reviewer=r.reviewer,
                decided_at=r.decided_at or datetime.now(UTC), path=r.path, reason=r.reason.strip(), channel=r.channel,
            ))  # fmt: skip
        after: dict[int, list[ReviewDecision]] = {}
        refused: dict[int, DecisionRefused] = {}

        def check(decision: ReviewDecision, earlier: list[ReviewDecision]) -> str | None:
            entry_id = decision.cpl_entry_id
            try:
                check_decision(decision, self.proposals[entry_id], earlier, self.cpl, self.importers(entry_id), bulk=bulk)
            except DecisionRefused as exc:
                refused[id(decision)] = exc
                return str(exc)
            after[id(decision)] = [*earlier, decision]
            return None

        results = self.store.reviews.append_decisions(decisions, check)
        return [
            refused.get(id(d)) or DecisionRefused(outcome, Refusal.NO_REVIEWER) if isinstance(outcome, str)
            else review_status(self.proposals[d.cpl_entry_id], after[id(d)], self.importers(d.cpl_entry_id))
            for d, outcome in zip(decisions, results, strict=True)
        ]  # fmt: skip

    def reviewable(self) -> Iterable[ProposedChange]:
        """What needs a decision: every proposal but those that change nothing."""
        return (p for p in self.proposals.values() if p.change is not ChangeKind.UNCHANGED)


__all__ = ["DecisionRefused", "DecisionRequest", "NothingToReview", "ReviewBoard"]
