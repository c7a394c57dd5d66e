"""The one-screen summary a run ends with, and the figures the staging store keeps for the run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from firpath.domain import ChangeKind, MappedClaim, ProposedChange, UnmappedClaim


@dataclass(frozen=True)
class RunSummary:
    files_received: int  # files in the inbox
    documents: int  # distinct documents, attachments included (a duplicate counts once)
    documents_read: int  # of which read in this run (others came from the cache)
    quarantined: int
    claims: int
    mapped: int
    superseded: int  # quoted older statements overridden by a newer one in the same email chain
    unmapped: int
    proposals: int
    added: int
    modified: int
    unchanged: int
    conflicts: int
    flagged: int  # proposals with a failed expectation
    files_not_stored: int = 0  # inbox files quarantined without being stored (over the size limit, unreadable)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def run_summary(
    *,
    files_received: int,
    documents: int,
    documents_read: int,
    quarantined: int,
    files_not_stored: int = 0,
    mapped: Sequence[MappedClaim],
    unmapped: Sequence[UnmappedClaim],
    proposals: Sequence[ProposedChange],
) -> RunSummary:
    changes = Counter(p.change for p in proposals)
    superseded = sum(1 for m in mapped if m.claim.superseded)
    return RunSummary(
        files_received=files_received,
        documents=documents,
        documents_read=documents_read,
        quarantined=quarantined,
        claims=len(mapped) + len(unmapped),
        mapped=len(mapped) - superseded,
        superseded=superseded,
        unmapped=len(unmapped),
        proposals=len(proposals),
        added=changes[ChangeKind.ADD],
        modified=changes[ChangeKind.MODIFY],
        unchanged=changes[ChangeKind.UNCHANGED],
        conflicts=changes[ChangeKind.CONFLICT],
        flagged=sum(1 for p in proposals if p.review_flags),
        files_not_stored=files_not_stored,
    )


def summary_lines(summary: RunSummary) -> list[str]:
    s = summary
    return [
        f"Documents   {s.documents} read from {s.files_received} files (attachments included; "
        f"{s.documents_read} read now, {s.documents - s.documents_read} from cache), {s.quarantined} quarantined",
        f"Claims      {s.claims} found: {s.mapped} mapped to CPL entries, {s.unmapped} unmapped, "
        f"{s.superseded} superseded by a newer email",
        f"Proposals   {s.proposals}: {s.added} add, {s.modified} modify, {s.unchanged} unchanged, "
        f"{s.conflicts} conflict; {s.flagged} flagged by expectations",
    ]


def summary_markdown(summary: RunSummary) -> str:
    """The summary lines as a two-column markdown table (what the run shows in Prefect's UI)."""
    rows = [line.split(maxsplit=1) for line in summary_lines(summary)]
    return "\n".join(["| | |", "| --- | --- |", *(f"| {label} | {text} |" for label, text in rows)])
