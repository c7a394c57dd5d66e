"""The FIR export checked against the CPL export: every Entry ID the FIR names must be a CPL entry.

A FIR row for an Entry ID the CPL does not have, or a FIR path naming one, is either stale (an entry
withdrawn from the CPL) or a typing slip in the register; firpath cannot tell which. Either way a
reviewer must hear of it: the run lists each finding, validation.html shows them, and a proposal whose
current FIR path names such an ID is flagged (so it is not approved as an ordinary change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from firpath.domain import CplEntry, ProposedChange, UpgradePath


@dataclass(frozen=True)
class FirCheck:
    unknown_rows: tuple[str, ...] = ()  # FIR rows whose Entry ID is not on the CPL, in FIR order
    unknown_in_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)  # FIR entry -> unknown IDs its path names

    def findings(self) -> list[str]:
        """One line per finding, FIR order: what the run prints and validation.html lists."""
        lines = [f"FIR row for CPL Entry ID {entry_id}: not on the CPL" for entry_id in self.unknown_rows]
        lines += [f"FIR path of {entry_id} names {', '.join(ids)}: not on the CPL" for entry_id, ids in self.unknown_in_paths.items()]
        return lines

    def flags(self, proposals: Iterable[ProposedChange]) -> dict[str, tuple[str, ...]]:
        """CPL entry id -> the review flag of each proposal whose current FIR path names an unknown ID."""
        return {
            p.target.entry_id: (f"its current FIR path names {', '.join(self.unknown_in_paths[p.target.entry_id])}, "
                                "which is not on the CPL",)  # fmt: skip
            for p in proposals
            if p.target.entry_id in self.unknown_in_paths
        }


def fir_against_cpl(cpl: Iterable[CplEntry], fir_paths: Mapping[str, UpgradePath | None]) -> FirCheck:
    """Every FIR Entry ID, and every Entry ID in a FIR path, looked up in the CPL."""
    known = {entry.entry_id for entry in cpl}
    unknown_rows = tuple(entry_id for entry_id in fir_paths if entry_id not in known)
    unknown_in_paths = {
        entry_id: missing
        for entry_id, path in fir_paths.items()
        if path is not None and (missing := tuple(e for e in path.entry_ids if e not in known))
    }
    return FirCheck(unknown_rows, unknown_in_paths)


__all__ = ["FirCheck", "fir_against_cpl"]
