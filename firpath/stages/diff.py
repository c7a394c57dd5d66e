"""Diff: what firpath proposes for each CPL entry against what the FIR holds now."""

from __future__ import annotations

from collections.abc import Mapping

from firpath.domain import Alternative, ChangeKind, CplEntry, ProposedChange, UpgradePath


def change_kind(alternatives: tuple[Alternative, ...], current: UpgradePath | None) -> ChangeKind:
    if len(alternatives) > 1:
        return ChangeKind.CONFLICT
    if current is None:
        return ChangeKind.ADD
    return ChangeKind.UNCHANGED if alternatives[0].path == current else ChangeKind.MODIFY


def proposed_changes(
    alternatives: Mapping[str, tuple[Alternative, ...]],
    fir_paths: Mapping[str, UpgradePath | None],
    cpl_by_id: Mapping[str, CplEntry],
) -> list[ProposedChange]:
    """One proposal per CPL entry that any source spoke about, in CPL order (maker, model, HW, FW)."""
    changes = [
        ProposedChange(
            target=cpl_by_id[entry_id],
            current=fir_paths.get(entry_id),
            alternatives=alts,
            change=change_kind(alts, fir_paths.get(entry_id)),
        )
        for entry_id, alts in alternatives.items()
    ]
    return sorted(changes, key=lambda c: (c.target.device, c.target.firmware_version, c.target.entry_id))
