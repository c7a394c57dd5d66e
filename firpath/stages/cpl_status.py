"""The CPL status of each entry (Active, Withdrawn, ...), as the CPL export writes it.

Routes avoid entries that are not Active (`firpath.stages.routes`); an export without a Status
column gives every entry a blank status, and a blank status counts as Active.
"""

from __future__ import annotations

from collections.abc import Iterable

from firpath.domain import CplEntry


def cpl_statuses(entries: Iterable[CplEntry]) -> dict[str, str]:
    """Entry ID -> status text as the export writes it (read with the entry by `extractors.registers`)."""
    return {entry.entry_id: entry.status for entry in entries}
