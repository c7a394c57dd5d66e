"""`firpath status`: per manufacturer, how far the backfill has got, so SECAS knows who still has to answer.

Counted per CPL entry from the FIR export and the latest run's proposals with their review state:
`with a path` (the FIR holds one, `N/A` included), `proposed` (a new or changed path awaiting its
first decision), `under review` (decided on, not yet final), `approved` (to be published, not yet in
the FIR) and `still missing` (the FIR is blank and nothing is proposed, or what was proposed was
rejected). A proposal to change a path the FIR already holds counts both as `with a path` and as
proposed, under review or approved; `still missing` never overlaps the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from firpath.domain import CplEntry, UpgradePath


class Progress(StrEnum):
    """Where a proposal stands with the reviewers (firpath.review.rules gives the full status)."""

    PROPOSED = "proposed"  # nobody has decided on it yet
    UNDER_REVIEW = "under review"  # a decision was made, more are needed (a second approval, a correction's approval)
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ProposalState:
    """A proposal of the latest run that would change an entry's path, and where it stands."""

    progress: Progress
    path: UpgradePath | None  # the path under review; None while sources conflict and nobody has set one
    alternatives: tuple[UpgradePath, ...] = field(default=())  # the conflicting paths, for a conflict


@dataclass(frozen=True)
class ManufacturerStatus:
    manufacturer_id: str
    manufacturer: str
    entries: int = 0
    with_path: int = 0
    proposed: int = 0
    under_review: int = 0
    approved: int = 0
    missing: int = 0


COLUMNS = ("entries", "with a path", "proposed", "under review", "approved", "still missing")
_FIELDS = ("entries", "with_path", "proposed", "under_review", "approved", "missing")  # the same, as fields


def manufacturer_status(
    cpl: Iterable[CplEntry], fir: Mapping[str, UpgradePath | None], states: Mapping[str, ProposalState]
) -> list[ManufacturerStatus]:
    """One line per manufacturer on the CPL, by name."""
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for entry in cpl:
        names.setdefault(entry.manufacturer_id, entry.manufacturer_name or entry.manufacturer_id)
        tally = counts.setdefault(entry.manufacturer_id, dict.fromkeys(_FIELDS, 0))
        tally["entries"] += 1
        has_path = fir.get(entry.entry_id) is not None
        tally["with_path"] += has_path
        state = states.get(entry.entry_id)
        progress = state.progress if state is not None else None
        if progress is Progress.PROPOSED:
            tally["proposed"] += 1
        elif progress is Progress.UNDER_REVIEW:
            tally["under_review"] += 1
        elif progress is Progress.APPROVED:
            tally["approved"] += 1
        elif not has_path:  # nothing proposed, or it was rejected
            tally["missing"] += 1
    lines = [ManufacturerStatus(mid, names[mid], **tally) for mid, tally in counts.items()]
    return sorted(lines, key=lambda s: (s.manufacturer.casefold(), s.manufacturer_id))


def status_lines(lines: list[ManufacturerStatus]) -> list[str]:
    """The table `firpath status` prints: a line per manufacturer and the total."""
    total = ManufacturerStatus("", "Total", *(sum(getattr(s, f) for s in lines) for f in _FIELDS))
    rows = [(f"{s.manufacturer} ({s.manufacturer_id})", *(str(getattr(s, f)) for f in _FIELDS)) for s in lines]
    rows.append(("Total", *(str(getattr(total, f)) for f in _FIELDS)))
    header = ("Manufacturer", *COLUMNS)
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    return ["  ".join(_aligned(cells, widths)) for cells in (header, *rows)]


def _aligned(cells: tuple[str, ...], widths: list[int]) -> list[str]:
    """The first column (names) to the left, the counts to the right."""
    return [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(cells, widths, strict=True))]
