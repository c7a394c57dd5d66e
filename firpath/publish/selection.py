"""What a publication holds: the approved changes, each with its approvals and evidence, and counts.

Read from a review board, once, so that the FIR change files, the manifest and the report all
describe the same decisions. Only a proposal whose review status is APPROVED and whose approved path
differs from the value it replaces becomes a published change: for the run's proposals, the FIR
export's value; for a SECAS edit or withdrawal, the value it was proposed against. When an entry has
more than one such proposal (the run's and an edit), the one approved last is published and the
others count as superseded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

from firpath.domain import BLANK_PATH, CplEntry, ProposalOrigin, ProposedChange, ReviewAction, ReviewDecision, UpgradePath
from firpath.review.board import ReviewBoard
from firpath.review.rules import ReviewState, ReviewStatus, needs_review, review_status


@dataclass(frozen=True)
class Approval:
    reviewer: str
    at: datetime
    channel: str


@dataclass(frozen=True)
class Correction:
    reviewer: str
    at: datetime
    reason: str
    channel: str


@dataclass(frozen=True)
class EvidenceRef:
    file: str
    sha256: str
    location: str
    text: str
    source_kind: str


@dataclass(frozen=True)
class PublishedChange:
    """One approved change to the FIR's upgrade path of one CPL entry."""

    entry: CplEntry
    old: UpgradePath | None  # the FIR export's value (None: blank, or no row for the entry)
    new: UpgradePath
    proposal_hash: str
    approvals: tuple[Approval, ...]
    correction: Correction | None
    evidence: tuple[EvidenceRef, ...]
    evidence_supports_path: bool  # False: a correction set a path no source stated; all evidence shown
    in_fir_export: bool  # False: the FIR export has no row for the entry (a new row is written)
    origin: ProposalOrigin | None = None  # a SECAS edit or withdrawal: who proposed it, why, on what file

    @property
    def kind(self) -> str:
        return "add" if self.old is None else "modify"


@dataclass(frozen=True)
class PublishCounts:
    """Every proposal of the run falls in exactly one of these."""

    published: int = 0  # approved, and differs from the FIR value
    approved_no_change: int = 0  # approved, but the FIR already holds the path
    pending: int = 0  # waiting for a first approval
    needs_another_approval: int = 0  # four eyes, or the importer/corrector cannot approve alone
    rejected: int = 0
    conflicts_open: int = 0  # sources disagree and no reviewer has set the path yet
    unchanged: int = 0  # the FIR already holds the proposed path: nothing to review
    superseded: int = 0  # approved, but another proposal for the entry was approved after it

    @property
    def proposals(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))

    def as_dict(self) -> dict[str, int]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {**values, "proposals": self.proposals}


COUNT_LABELS: dict[str, str] = {
    "published": "approved, published",
    "approved_no_change": "approved, FIR already holds it",
    "pending": "pending",
    "needs_another_approval": "needing another approval",
    "rejected": "rejected",
    "conflicts_open": "conflicts open",
    "unchanged": "unchanged",
    "superseded": "superseded by a later approval",
}


@dataclass(frozen=True)
class Publication:
    run_id: str
    as_of: datetime  # the latest decision's time (the run's end when nobody has decided yet)
    changes: tuple[PublishedChange, ...]  # in the FIR export's row order, then new rows in CPL order
    counts: PublishCounts
    by_manufacturer: dict[str, PublishCounts]  # manufacturer label -> counts, sorted by label
    statuses: dict[str, ReviewStatus]  # every proposal's status, CPL order
    proposals: dict[str, ProposedChange]
    received_as: dict[str, tuple[str, ...]]  # document sha256 -> every name it arrived under in the run
    edits: dict[int, ProposedChange] = field(default_factory=dict)  # SECAS edits and withdrawals held
    edit_statuses: dict[int, ReviewStatus] = field(default_factory=dict)


def utc(moment: datetime) -> datetime:
    """A stored time as aware UTC (a naive time is taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso(moment: datetime) -> str:
    return utc(moment).isoformat().replace("+00:00", "Z")


def manufacturer_label(entry: CplEntry) -> str:
    return entry.manufacturer_name or entry.manufacturer_id


def _category(proposal: ProposedChange, status: ReviewStatus, fir_value: UpgradePath | None) -> str:
    if status.state is ReviewState.APPROVED:
        replaced = BLANK_PATH if fir_value is None else fir_value  # a withdrawal may restore a blank
        return "published" if status.path != replaced else "approved_no_change"
    if status.state is ReviewState.REJECTED:
        return "rejected"
    if status.state is ReviewState.NEEDS_APPROVAL:
        return "needs_another_approval"
    if status.path is None:
        return "conflicts_open"
    return "pending" if needs_review(proposal, status) else "unchanged"


def _count(categories: Sequence[str]) -> PublishCounts:
    return PublishCounts(**{name: categories.count(name) for name in COUNT_LABELS})


def _approvals_and_correction(
    proposal: ProposedChange, decisions: Sequence[ReviewDecision], status: ReviewStatus
) -> tuple[tuple[Approval, ...], Correction | None]:
    """Replay the live decisions the way `review_status` does: a rejection or correction resets the
    approvals; each approver's first approval after the last reset is the one that counts."""
    live = [d for d in decisions if d.proposal_hash == proposal.content_hash]
    resets = [i for i, d in enumerate(live) if d.action is not ReviewAction.APPROVE]
    after = live[resets[-1] + 1 :] if resets else live
    first: dict[str, ReviewDecision] = {}
    for decision in after:
        first.setdefault(decision.reviewer, decision)
    approvals = tuple(
        Approval(name, utc(first[name].decided_at), first[name].channel) for name in status.approvers if name in first
    )
    corrections = [d for d in live if d.action is ReviewAction.CORRECT]
    correction = None
    if status.corrected_by and corrections:
        last = corrections[-1]
        correction = Correction(last.reviewer, utc(last.decided_at), last.reason, last.channel)
    return approvals, correction


def _evidence(proposal: ProposedChange, path: UpgradePath) -> tuple[tuple[EvidenceRef, ...], bool]:
    """The claims behind the approved path; all the proposal's claims when no source stated it. A
    SECAS edit's evidence is the file attached to it (none: its reason alone)."""
    if (origin := proposal.origin) is not None:
        refs = () if not origin.evidence_sha256 else (EvidenceRef(
            origin.evidence_name, origin.evidence_sha256, f"attached to {origin.kind.value} {origin.edit_id}",
            origin.reason, origin.kind.value),)  # fmt: skip
        return refs, True
    matching = [alt for alt in proposal.alternatives if alt.path == path]
    claims = [c for alt in matching for c in alt.claims] if matching else list(proposal.claims)
    refs = {
        EvidenceRef(c.claim.evidence.file, c.claim.evidence.sha256, c.claim.evidence.location,
                    c.claim.evidence.text, c.claim.source_kind.value)  # fmt: skip
        for c in claims
    }
    ordered = sorted(refs, key=lambda r: (r.file, r.location, r.sha256, r.text, r.source_kind))
    return tuple(ordered), bool(matching)


def as_of(board: ReviewBoard, decisions: Sequence[ReviewDecision]) -> datetime:
    moments = [utc(d.decided_at) for d in decisions]
    return max(moments) if moments else utc(board.run.finished_at)


def collect(board: ReviewBoard, until: datetime | None = None) -> Publication:
    """The publication of `board`'s run from the decision log; with `until`, from the decisions made
    and the edits proposed up to that moment only (what a publication made then held: `firpath
    verify` rebuilds it so)."""
    decisions = board.store.reviews.decisions()
    if until is not None:
        decisions = [d for d in decisions if utc(d.decided_at) <= utc(until)]
    by_entry: dict[str, list[ReviewDecision]] = {}
    for decision in decisions:
        by_entry.setdefault(decision.cpl_entry_id, []).append(decision)
    edits = {i: p for i, p in board.edits.items()
             if until is None or (p.origin is not None and utc(p.origin.proposed_at) <= utc(until))}  # fmt: skip
    # statuses from the same read of the log as the approvals and "as of": one consistent snapshot
    statuses = {entry_id: board.status_of(p, by_entry.get(entry_id, [])) for entry_id, p in board.proposals.items()}
    edit_statuses = {i: board.status_of(p, by_entry.get(p.target.entry_id, [])) for i, p in edits.items()}
    fir_paths = board.fir.paths

    # every proposal of the publication: (its category's key, proposal, status, the value it replaces)
    candidates: list[tuple[str, ProposedChange, ReviewStatus, UpgradePath | None]] = [
        (entry_id, p, statuses[entry_id], fir_paths.get(entry_id)) for entry_id, p in board.proposals.items()
    ] + [(f"edit {i}", p, edit_statuses[i], p.current) for i, p in edits.items()]
    categories: dict[str, str] = {}
    approved: dict[str, list[PublishedChange]] = {}
    last_approval: dict[int, datetime] = {}
    for key, proposal, status, baseline in candidates:
        categories[key] = _category(proposal, status, baseline)
        if categories[key] != "published" or status.path is None:
            continue
        entry_id = proposal.target.entry_id
        approvals, correction = _approvals_and_correction(proposal, by_entry.get(entry_id, []), status)
        evidence, supported = _evidence(proposal, status.path)
        change = PublishedChange(
            entry=proposal.target,
            old=baseline,
            new=status.path,
            proposal_hash=proposal.content_hash,
            approvals=approvals,
            correction=correction,
            evidence=evidence,
            evidence_supports_path=supported,
            in_fir_export=entry_id in fir_paths,
            origin=proposal.origin,
        )
        approved.setdefault(entry_id, []).append(change)
        last_approval[id(change)] = max((a.at for a in approvals), default=utc(board.run.finished_at))
    chosen: dict[str, PublishedChange] = {}
    for entry_id, changes in approved.items():
        # the one approved last wins; ties: the newer proposal (an edit after the run's)
        winner = max(enumerate(changes), key=lambda ic: (last_approval[id(ic[1])], ic[0]))[1]
        chosen[entry_id] = winner
        for change in changes:
            if change is not winner:
                key = change.entry.entry_id if change.origin is None else f"edit {change.origin.edit_id}"
                categories[key] = "superseded"

    in_fir = [chosen[e] for e in fir_paths if e in chosen]
    new_rows = [chosen[e] for e in dict.fromkeys(p.target.entry_id for _, p, _, _ in candidates)
                if e in chosen and e not in fir_paths]  # fmt: skip
    names: dict[str, set[str]] = {}
    for name, sha256, _ in board.store.runs.arrivals(board.run.run_id):
        names.setdefault(sha256, set()).add(name)
    labels: dict[str, list[str]] = {}
    for key, proposal, _, _ in candidates:
        labels.setdefault(manufacturer_label(proposal.target), []).append(categories[key])
    return Publication(
        run_id=board.run.run_id,
        as_of=as_of(board, decisions),
        changes=tuple(in_fir + new_rows),
        counts=_count(list(categories.values())),
        by_manufacturer={label: _count(cats) for label, cats in sorted(labels.items())},
        statuses=statuses,
        proposals=dict(board.proposals),
        received_as={sha256: tuple(sorted(n)) for sha256, n in sorted(names.items())},
        edits=edits,
        edit_statuses=edit_statuses,
    )
