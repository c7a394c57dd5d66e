"""The one-screen summary a run ends with, and the figures the staging store keeps for the run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from firpath.domain import ChangeKind, MappedClaim, NeedsReading, ProposedChange, UnmappedClaim
from firpath.stages.lapsed_approvals import ApprovalCarryOver


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
    needs_reading: int = 0  # statements with a requirement's cues that were not understood: listed for a person
    register_rows_left_out: int = 0  # CPL rows that could not be read (notices.csv says why)
    approvals_standing: int = 0  # entries approved on the run before whose proposal this run keeps
    approvals_lapsed: int = 0  # entries approved on the run before whose proposal changed
    fir_not_on_cpl: int = 0  # FIR rows, or paths, naming an Entry ID the CPL does not have

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
    needs_reading: Sequence[NeedsReading] = (),
    register_rows_left_out: int = 0,
    approvals: ApprovalCarryOver | None = None,
    fir_findings: int = 0,
) -> RunSummary:
    """Claims are counted once however many CPL entries one maps to (a family, several hardware versions)."""
    changes = Counter(p.change for p in proposals)
    mapped_ids = {m.claim.claim_id for m in mapped}
    superseded = len({m.claim.claim_id for m in mapped if m.claim.superseded})
    return RunSummary(
        files_received=files_received,
        documents=documents,
        documents_read=documents_read,
        quarantined=quarantined,
        claims=len(mapped_ids) + len(unmapped) + len(needs_reading),
        mapped=len(mapped_ids) - superseded,
        superseded=superseded,
        unmapped=len(unmapped),
        proposals=len(proposals),
        added=changes[ChangeKind.ADD],
        modified=changes[ChangeKind.MODIFY],
        unchanged=changes[ChangeKind.UNCHANGED],
        conflicts=changes[ChangeKind.CONFLICT],
        flagged=sum(1 for p in proposals if p.review_flags),
        files_not_stored=files_not_stored,
        needs_reading=len(needs_reading),
        register_rows_left_out=register_rows_left_out,
        approvals_standing=len(approvals.standing) if approvals else 0,
        approvals_lapsed=len(approvals.lapsed) if approvals else 0,
        fir_not_on_cpl=fir_findings,
    )


def summary_lines(
    summary: RunSummary, approvals: ApprovalCarryOver | None = None, register_findings: Sequence[str] = ()
) -> list[str]:
    """The run's summary for the terminal; with `approvals`, what became of the approvals given
    before, and with `register_findings`, the FIR's Entry IDs that are not on the CPL."""
    s = summary
    lines = [
        f"Documents   {s.documents} read from {s.files_received} files (attachments included; "
        f"{s.documents_read} read now, {s.documents - s.documents_read} from cache), {s.quarantined} quarantined",
        f"Claims      {s.claims} found: {s.mapped} mapped to CPL entries, {s.unmapped} unmapped, "
        f"{s.superseded} superseded by a newer email; {s.needs_reading} listed for reading (needs_reading.csv)",
        f"Proposals   {s.proposals}: {s.added} add, {s.modified} modify, {s.unchanged} unchanged, "
        f"{s.conflicts} conflict; {s.flagged} flagged by expectations",
    ]
    if approvals is not None and (text := approvals.summary_text()):
        lines.append(f"Approvals   {text}")
    if s.register_rows_left_out:
        lines.append(f"Registers   {s.register_rows_left_out} CPL row(s) could not be read and were left out (notices.csv)")
    if register_findings:
        shown = "; ".join(register_findings[:5]) + (f"; and {len(register_findings) - 5} more" if len(register_findings) > 5 else "")
        lines.append(f"Registers   {len(register_findings)} FIR Entry ID finding(s), flagged for review: {shown}")
    return lines


def summary_markdown(
    summary: RunSummary, approvals: ApprovalCarryOver | None = None, register_findings: Sequence[str] = ()
) -> str:
    """The summary lines as a two-column markdown table (what the run shows in Prefect's UI). A `|`
    in a line (a lapsed approval's conflicting paths) is escaped, not taken for a cell's end."""
    rows = [line.split(maxsplit=1) for line in summary_lines(summary, approvals, register_findings)]
    cells = ((label, text.replace("|", "\\|")) for label, text in rows)
    return "\n".join(["| | |", "| --- | --- |", *(f"| {label} | {text} |" for label, text in cells)])
