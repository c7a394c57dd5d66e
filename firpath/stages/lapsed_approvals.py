"""Which approvals a new run leaves standing, which lapse, and why, in words.

An approval is for one version of a proposal (its content hash: what the reviewer approved). A run
that proposes the same content again keeps it; a run in which the proposal changed (new evidence,
another statement, a changed FIR value or CPL entry, another path) makes it lapse, and a reviewer
must look again. The run summary and the review app say which lapsed and what changed, so nobody has
to guess why a row went back to "pending".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from firpath.domain import ChangeKind, ProposedChange, ReviewAction, ReviewDecision, UpgradePath


@dataclass(frozen=True)
class LapsedApproval:
    entry_id: str
    approvers: tuple[str, ...]
    why: str  # what changed since it was approved


@dataclass(frozen=True)
class ApprovalCarryOver:
    """What a run did to the approvals given on the run before it."""

    standing: tuple[str, ...] = ()  # CPL entries whose approved proposal the run proposes unchanged
    lapsed: tuple[LapsedApproval, ...] = ()

    def summary_text(self) -> str | None:
        """The run summary's line (after its label), or None when no approval was at stake."""
        if not self.standing and not self.lapsed:
            return None
        text = f"{len(self.standing)} still stand"
        if self.lapsed:
            shown = "; ".join(f"{a.entry_id} ({a.why})" for a in self.lapsed[:10])
            more = f"; and {len(self.lapsed) - 10} more" if len(self.lapsed) > 10 else ""
            text += f"; {len(self.lapsed)} lapsed because what was approved changed: {shown}{more}"
        return text


def _path_text(path: UpgradePath | None) -> str:
    return "blank" if path is None else str(path)


def _paths_text(proposal: ProposedChange) -> str:
    if proposal.change is ChangeKind.CONFLICT:
        return "conflicting: " + " | ".join(str(a.path) for a in proposal.alternatives)
    return str(proposal.proposed)


def _statements(proposal: ProposedChange) -> dict[tuple[str, str, str, str], str]:
    """Each statement as the identity sees it -> how a reviewer would name it."""
    return {
        (c.claim.evidence.text, c.claim.evidence.location, c.claim.evidence.file_as_written, c.claim.source_kind.value):
            f"{c.claim.evidence.file}, {c.claim.evidence.location}"
        for c in proposal.claims
    }  # fmt: skip


def what_changed(before: ProposedChange, now: ProposedChange | None) -> str:
    """Why the proposal `before` (as approved) is not the proposal `now`, in a reviewer's words."""
    if now is None:
        return "no source states a path for it any more"
    reasons = []
    old, new = before.target, now.target
    if (old.manufacturer_id, old.model_id, old.hardware_version) != (new.manufacturer_id, new.model_id, new.hardware_version):
        reasons.append(f"its CPL entry is now {new.device} (it was {old.device})")
    if old.firmware_version != new.firmware_version:
        reasons.append(f"its CPL firmware version is now {new.firmware_version} (it was {old.firmware_version})")
    if before.current != now.current:
        reasons.append(f"the FIR value is now {_path_text(now.current)} (it was {_path_text(before.current)})")
    if sorted(a.path.entry_ids for a in before.alternatives) != sorted(a.path.entry_ids for a in now.alternatives):
        reasons.append(f"the proposed path is now {_paths_text(now)} (it was {_paths_text(before)})")
    was, is_ = _statements(before), _statements(now)
    if added := [is_[k] for k in is_ if k not in was]:
        reasons.append("new evidence: " + "; ".join(sorted(added)))
    if gone := [was[k] for k in was if k not in is_]:
        reasons.append("evidence no longer read: " + "; ".join(sorted(gone)))
    if not reasons:  # only what a reviewer does not read (the order of sources) changed
        reasons.append("how its sources were grouped changed")
    return "; ".join(reasons)


def approvers_by_version(decisions: Iterable[ReviewDecision]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(CPL entry, proposal hash) -> who approved that version of the proposal, in log order."""
    found: dict[tuple[str, str], dict[str, None]] = {}
    for decision in decisions:
        if decision.action is ReviewAction.APPROVE:
            found.setdefault((decision.cpl_entry_id, decision.proposal_hash), {})[decision.reviewer] = None
    return {key: tuple(names) for key, names in found.items()}


def carry_over(
    previous: Sequence[ProposedChange],
    current: Iterable[ProposedChange],
    approvers: Mapping[tuple[str, str], tuple[str, ...]],
) -> ApprovalCarryOver:
    """The approvals given on `previous` (the run before), as `current` leaves them."""
    now = {p.target.entry_id: p for p in current}
    standing: list[str] = []
    lapsed: list[LapsedApproval] = []
    for before in previous:
        entry_id = before.target.entry_id
        who = approvers.get((entry_id, before.content_hash))
        if not who:
            continue
        after = now.get(entry_id)
        if after is not None and after.content_hash == before.content_hash:
            standing.append(entry_id)
        else:
            lapsed.append(LapsedApproval(entry_id, who, what_changed(before, after)))
    return ApprovalCarryOver(tuple(standing), tuple(lapsed))


__all__ = ["ApprovalCarryOver", "LapsedApproval", "approvers_by_version", "carry_over", "what_changed"]
