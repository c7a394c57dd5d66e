"""What a proposal does to the upgrade routes of its device, in words a reviewer reads next to it.

Each path under review is judged on its own against the run's FIR export: which entries it strands
(they could reach the newest release before), which it makes reachable, whose route it shortens or
lengthens; with an estate, how many devices run those entries ("devices affected", the queue's
sort key). Worked out once per run and path, then kept: the queue asks for every proposal.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from firpath.domain import ProposedChange, UpgradePath
from firpath.review.board import ReviewBoard
from firpath.stages.cpl_status import cpl_statuses
from firpath.stages.estate import Estate, read_estate
from firpath.stages.routes import RouteChange, RouteChangeKind, RouteImpact, UpgradeRoutes


@dataclass(frozen=True)
class ImpactLine:
    kind: RouteChangeKind
    text: str  # "shortens the route from 01020005 (1104) by 2 installs"
    entries: tuple[str, ...]  # the entries it is about; each links to its route in the picture
    devices: int | None  # with an estate: devices running those entries


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _entries(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


def _named(changes: Iterable[RouteChange]) -> str:
    return ", ".join(f"{c.entry.entry_id} ({c.entry.firmware_version})" for c in changes)


def impact_lines(impact: RouteImpact, estate: Estate | None = None) -> list[ImpactLine]:
    """One line per kind of change, strands first; a shortened or lengthened route is a line of its own."""
    lines: list[ImpactLine] = []

    def devices(changes: tuple[RouteChange, ...]) -> int | None:
        return None if estate is None else sum(estate.on(c.entry.entry_id) for c in changes)

    target = f"{impact.target.entry_id} ({impact.target.firmware_version})"
    grouped = {
        RouteChangeKind.STRANDS: f"could reach {target} before and cannot now",
        RouteChangeKind.REACHES: f"can reach {target} now",
        RouteChangeKind.REROUTES: "take another route of as many installs",
    }
    for kind in RouteChangeKind:
        changes = impact.of_kind(kind)
        if not changes:
            continue
        if kind in (RouteChangeKind.SHORTENS, RouteChangeKind.LENGTHENS):
            for change in changes:
                text = (f"{kind.value} the route from {change.entry.firmware_version} ({change.entry.entry_id}) "
                        f"by {_plural(change.by, 'install')}: {change.after.text}")  # fmt: skip
                lines.append(ImpactLine(kind, text, (change.entry.entry_id,), devices((change,))))
            continue
        verb = {RouteChangeKind.STRANDS: "strands", RouteChangeKind.REACHES: "makes reachable",
                RouteChangeKind.REROUTES: "reroutes"}[kind]  # fmt: skip
        text = f"{verb} {_entries(len(changes))}: {_named(changes)} ({grouped[kind]})"
        lines.append(ImpactLine(kind, text, tuple(c.entry.entry_id for c in changes), devices(changes)))
    return lines


def devices_affected(impact: RouteImpact, estate: Estate | None = None) -> int:
    """Devices (with an estate) or entries (without) whose route to the newest release the path changes."""
    if estate is None:
        return len(impact.changes)
    return sum(estate.on(c.entry.entry_id) for c in impact.changes)


class RouteReview:
    """The routes of one run's board: the FIR export's paths, the CPL statuses, an optional estate."""

    def __init__(self, board: ReviewBoard, estate_file: Path | None = None) -> None:
        statuses = cpl_statuses(board.cpl.values())
        self.run_id = board.run.run_id
        self.routes = UpgradeRoutes(board.cpl.values(), board.fir.paths, statuses)
        self.estate = (
            None if estate_file is None else read_estate(estate_file, estate_file.read_bytes(), board.cpl.values())
        )
        self._impacts: dict[tuple[str, UpgradePath | None], RouteImpact] = {}
        self._lock = threading.Lock()

    def impact(self, entry_id: str, path: UpgradePath | None) -> RouteImpact:
        with self._lock:
            key = (entry_id, path)
            if key not in self._impacts:
                self._impacts[key] = self.routes.impact(entry_id, path)
            return self._impacts[key]

    def impacts(self, proposal: ProposedChange, path: UpgradePath | None) -> list[tuple[UpgradePath, RouteImpact]]:
        """The path under review's impact; for an open conflict, each alternative's."""
        paths = [path] if path is not None else [a.path for a in proposal.alternatives]
        return [(p, self.impact(proposal.target.entry_id, p)) for p in paths]

    def affected(self, proposal: ProposedChange, path: UpgradePath | None) -> int:
        return max((devices_affected(i, self.estate) for _, i in self.impacts(proposal, path)), default=0)
