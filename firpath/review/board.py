"""The review board: the latest run's proposals and SECAS's own edits, with their review status, and
the one way to decide.

Every review channel (the web page and its bulk approval, the register view, the Excel round trip,
the command line) and publishing go through a board, so they see the same proposals and enforce the
same rules (`firpath.review.rules`). Decisions are appended through the store, which accepts them
only from an active reviewer and checks the rules in the same transaction as the append.

A proposal is named by its entry and its content hash: an entry may have the run's proposal and
SECAS edits at once, each decided on its own (`find`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from extractors.registers import Fir, cpl_from_bytes, fir_from_bytes
from firpath.domain import (
    BLANK_PATH,
    Alternative,
    ChangeKind,
    CplEntry,
    ProposalKind,
    ProposalOrigin,
    ProposedChange,
    ReviewAction,
    ReviewDecision,
    UpgradePath,
)
from firpath.review.rules import (
    DecisionRefused,
    Refusal,
    ReviewStatus,
    check_decision,
    edit_problems,
    needs_review,
    review_status,
)
from firpath.stages.ingest import sniff_kind
from firpath.stages.lapsed_approvals import what_changed
from staging.edits import EditRecord
from staging.engine import paused_gc
from staging.publications import PublishedChangeRecord
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


@dataclass(frozen=True)
class FirSource:
    """Where a proposal's current FIR value came from: the FIR export the run read (its name as the
    run recorded it, its content hash) and the entry's row in it (None: the export has no row for
    it, so its value is blank)."""

    file: str
    sha256: str
    row: int | None


@dataclass
class ReviewBoard:
    store: StagingStore
    run: RunInfo
    proposals: dict[str, ProposedChange]  # CPL entry id -> proposal, in CPL order
    cpl: dict[str, CplEntry]
    fir: Fir
    # (entry, proposal hash) -> the reviewers recorded as starting a run that proposed that version
    _importers: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    edits: dict[int, ProposedChange] = field(default_factory=dict)  # edit id -> SECAS edit or withdrawal

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
        board = cls(store, run, proposals, {e.entry_id: e for e in cpl}, fir, importers)
        board.load_edits()
        return board

    # --- SECAS edits and withdrawals --------------------------------------------------------------

    def load_edits(self) -> None:
        """The edits this run's review holds: every one proposed since the run began, and earlier ones
        not published before it began (a published one is in this run's FIR export, or withdrawn). An
        edit of an entry the run's CPL no longer has is left out."""
        published_before = {c.proposal_hash for c in self.store.publications.changes()
                            if c.published_at < self.run.finished_at}  # fmt: skip
        self.edits = {}
        for record in self.store.edits.edits():
            if record.cpl_entry_id not in self.cpl:
                continue
            proposal = self._edit_proposal(record)
            if record.proposed_at < self.run.finished_at and proposal.content_hash in published_before:
                continue
            self.edits[record.edit_id] = proposal

    def _edit_proposal(self, record: EditRecord) -> ProposedChange:
        withdraws = ""
        if record.withdraws is not None and (change := self.store.publications.change(record.withdraws)) is not None:
            withdraws = (f"the change published {change.published_at:%Y-%m-%d %H:%M} UTC: {_shown(change.old)} -> "
                         f"{_shown(change.new)}")  # fmt: skip
        origin = ProposalOrigin(ProposalKind.EDIT if record.kind == "edit" else ProposalKind.WITHDRAWAL, record.edit_id,
                                record.proposed_by, record.proposed_at, record.reason, record.evidence_name,
                                record.evidence_sha256, withdraws)  # fmt: skip
        current, path = record.current, record.path
        change = ChangeKind.ADD if current is None else ChangeKind.UNCHANGED if current == path else ChangeKind.MODIFY
        return ProposedChange(self.cpl[record.cpl_entry_id], current, (Alternative(path, ()),), change, origin=origin)

    def register_value(self, entry_id: str) -> UpgradePath | None:
        """The entry's FIR value as far as firpath knows: what firpath published for it since this run
        read the FIR export, else the export's value (None: blank)."""
        later = [c for c in self.store.publications.changes([entry_id]) if c.published_at >= self.run.finished_at]
        if later:
            new = later[-1].new
            return None if new.blank else new
        return self.fir.paths.get(entry_id)

    def fir_source(self, entry_id: str) -> FirSource:
        """The FIR export row this run read `entry_id`'s current value from."""
        inputs = self.run.inputs
        return FirSource(inputs.get("fir_export_name", "FIR export"), inputs["fir_export"], self.fir.row_numbers.get(entry_id))

    def propose_edit(
        self,
        entry_id: str,
        path: UpgradePath,
        reason: str,
        proposed_by: str,
        *,
        evidence: tuple[str, bytes] | None = None,
    ) -> ProposedChange:
        """A SECAS edit of any entry's path (a reviewer's, authenticated by the channel); raises
        DecisionRefused when the rules do not allow it (`rules.edit_problems`)."""
        target = self._entry(entry_id)
        current = self.register_value(entry_id)
        if problems := edit_problems(target, path, current, reason, self.cpl):
            raise DecisionRefused("edit refused: " + "; ".join(problems), Refusal.BAD_CORRECTION)
        return self._record_edit("edit", target, path, current, reason, proposed_by, evidence, None)

    def propose_withdrawal(
        self, change_id: int, reason: str, proposed_by: str, *, evidence: tuple[str, bytes] | None = None
    ) -> ProposedChange:
        """A proposal to restore the value a published change replaced; DecisionRefused if there is no
        such change, no reason, or the FIR no longer holds what it published."""
        change = self.store.publications.change(change_id)
        if change is None:
            raise DecisionRefused(f"no published change {change_id}", Refusal.OTHER)
        target = self._entry(change.cpl_entry_id)
        current = self.register_value(target.entry_id)
        if current != (None if change.new.blank else change.new):
            raise DecisionRefused(f"the FIR holds {_shown(current)} for {target.entry_id} now, not the {_shown(change.new)} "
                                  "that change published: propose an edit instead", Refusal.OTHER)  # fmt: skip
        if not reason.strip():
            raise DecisionRefused("a withdrawal needs a reason", Refusal.OTHER)
        restored = change.old if change.old is not None else BLANK_PATH
        return self._record_edit("withdrawal", target, restored, current, reason, proposed_by, evidence, change_id)

    def _entry(self, entry_id: str) -> CplEntry:
        try:
            return self.cpl[entry_id]
        except KeyError:
            raise DecisionRefused(f"{entry_id} is not a CPL entry", Refusal.OTHER) from None

    def _record_edit(self, kind: str, target: CplEntry, path: UpgradePath, current: UpgradePath | None, reason: str,
                     proposed_by: str, evidence: tuple[str, bytes] | None, withdraws: int | None) -> ProposedChange:  # fmt: skip
        from staging.engine import StagingError

        stored = None if evidence is None else (evidence[0], evidence[1], sniff_kind(evidence[0], evidence[1]))
        try:
            record = self.store.edits.propose(cpl_entry_id=target.entry_id, kind=kind, path=path, current=current,
                                              reason=reason.strip(), proposed_by=proposed_by, evidence=stored,
                                              withdraws=withdraws)  # fmt: skip
        except StagingError as exc:
            raise DecisionRefused(str(exc), Refusal.NO_REVIEWER) from exc
        proposal = self._edit_proposal(record)
        self.edits[record.edit_id] = proposal
        return proposal

    def edit(self, edit_id: int) -> ProposedChange:
        try:
            return self.edits[edit_id]
        except KeyError:
            raise KeyError(f"no SECAS edit {edit_id} under review") from None

    def edit_status(self, edit_id: int) -> ReviewStatus:
        proposal = self.edit(edit_id)
        return self.status_of(proposal, self.store.reviews.decisions(proposal.target.entry_id))

    def edit_statuses(self) -> dict[int, ReviewStatus]:
        return self.edit_statuses_from(self.store.reviews.decisions())

    def edit_statuses_from(self, decisions: Iterable[ReviewDecision]) -> dict[int, ReviewStatus]:
        by_entry: dict[str, list[ReviewDecision]] = {}
        for decision in decisions:
            by_entry.setdefault(decision.cpl_entry_id, []).append(decision)
        return {i: self.status_of(p, by_entry.get(p.target.entry_id, [])) for i, p in self.edits.items()}

    def published_changes(self, entry_ids: Iterable[str]) -> list[PublishedChangeRecord]:
        return self.store.publications.changes(entry_ids)

    def find(self, entry_id: str, proposal_hash: str) -> ProposedChange:
        """The proposal for `entry_id` with that content hash (the run's, or an edit); when none has it
        (it changed since it was shown), the run's proposal, else the newest edit, so that the rules
        say it changed. KeyError when the entry has no proposal at all."""
        candidates = [p for p in (self.proposals.get(entry_id),) if p is not None]
        candidates += [p for _, p in sorted(self.edits.items(), reverse=True) if p.target.entry_id == entry_id]
        if not candidates:
            raise KeyError(f"no proposed change for CPL entry {entry_id} in run {self.run.run_id}")
        return next((p for p in candidates if p.content_hash == proposal_hash), candidates[0])

    def has_proposal(self, entry_id: str) -> bool:
        return entry_id in self.proposals or any(p.target.entry_id == entry_id for p in self.edits.values())

    @property
    def importer(self) -> str:
        """Who started this run, when a reviewer signed it ("" when the run records none)."""
        return self.run.imported_by

    def importers(self, entry_id: str, proposal: ProposedChange | None = None) -> set[str]:
        """Everyone who started a run that proposed what is under review for `entry_id` (or
        `proposal`): a re-run by someone else adds a name, never takes one away."""
        proposal = self.proposal(entry_id) if proposal is None else proposal
        return set(self._importers.get((entry_id, proposal.content_hash), set()))

    def proposal(self, entry_id: str) -> ProposedChange:
        try:
            return self.proposals[entry_id]
        except KeyError:
            raise KeyError(f"no proposed change for CPL entry {entry_id} in run {self.run.run_id}") from None

    def status(self, entry_id: str) -> ReviewStatus:
        return self.status_of(self.proposal(entry_id), self.store.reviews.decisions(entry_id))

    def status_of(self, proposal: ProposedChange, decisions: Sequence[ReviewDecision]) -> ReviewStatus:
        """A proposal's status from its entry's decisions: those on its other proposals (the run's
        and SECAS edits of the same entry) are theirs, neither counted nor stale here."""
        entry_id = proposal.target.entry_id
        return review_status(proposal, decisions, self.importers(entry_id, proposal), others=self.others(proposal))

    def others(self, proposal: ProposedChange) -> set[str]:
        """The content hashes of the entry's other proposals under review."""
        entry_id = proposal.target.entry_id
        found = {p.content_hash for p in self.edits.values() if p.target.entry_id == entry_id}
        if (run := self.proposals.get(entry_id)) is not None:
            found.add(run.content_hash)
        return found - {proposal.content_hash}

    def statuses(self) -> dict[str, ReviewStatus]:
        return self.statuses_from(self.store.reviews.decisions())

    def statuses_from(self, decisions: Iterable[ReviewDecision]) -> dict[str, ReviewStatus]:
        """Every proposal's status from one read of the log (publish and verify use one snapshot)."""
        by_entry: dict[str, list[ReviewDecision]] = {}
        for decision in decisions:
            by_entry.setdefault(decision.cpl_entry_id, []).append(decision)
        return {entry_id: self.status_of(proposal, by_entry.get(entry_id, [])) for entry_id, proposal in self.proposals.items()}

    def lapsed(self, entry_id: str) -> list[str]:
        """Why decisions on `entry_id` no longer count: for each earlier version of the proposal a
        decision was made on, what changed since (newest first)."""
        proposal = self.proposal(entry_id)
        current = {proposal.content_hash} | self.others(proposal)
        stale: dict[str, None] = {}
        for decision in reversed(self.store.reviews.decisions(entry_id)):
            if decision.proposal_hash not in current:
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
        proposals: dict[int, ProposedChange] = {}
        for r in requests:
            proposal = self.find(r.entry_id, r.proposal_hash)  # KeyError for an entry nothing proposes
            decisions.append(ReviewDecision(
                cpl_entry_id=r.entry_id, proposal_hash=r.proposal_hash, action=r.action, reviewer=r.reviewer,
                decided_at=r.decided_at or datetime.now(UTC), path=r.path, reason=r.reason.strip(), channel=r.channel,
            ))  # fmt: skip
            proposals[id(decisions[-1])] = proposal
        after: dict[int, list[ReviewDecision]] = {}
        refused: dict[int, DecisionRefused] = {}

        def check(decision: ReviewDecision, earlier: list[ReviewDecision]) -> str | None:
            entry_id, proposal = decision.cpl_entry_id, proposals[id(decision)]
            try:
                check_decision(decision, proposal, earlier, self.cpl, self.importers(entry_id, proposal), bulk=bulk)
            except DecisionRefused as exc:
                refused[id(decision)] = exc
                return str(exc)
            after[id(decision)] = [*earlier, decision]
            return None

        results = self.store.reviews.append_decisions(decisions, check)
        return [
            refused.get(id(d)) or DecisionRefused(outcome, Refusal.NO_REVIEWER) if isinstance(outcome, str)
            else self.status_of(proposals[id(d)], after[id(d)])
            for d, outcome in zip(decisions, results, strict=True)
        ]  # fmt: skip

    def reviewable(self, statuses: Mapping[str, ReviewStatus] | None = None) -> list[ProposedChange]:
        """The run's proposals that need a decision (`rules.needs_review`), in CPL order; `statuses`:
        the ones already read (`statuses()`), so that a caller counts from one snapshot."""
        statuses = self.statuses() if statuses is None else statuses
        return [p for entry_id, p in self.proposals.items() if needs_review(p, statuses[entry_id])]


def _shown(path: UpgradePath | None) -> str:
    return "blank" if path is None or path.blank else str(path)


__all__ = ["DecisionRefused", "DecisionRequest", "FirSource", "NothingToReview", "ReviewBoard"]
