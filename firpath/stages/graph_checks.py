"""The facts the graph suites check, worked out from the routes: per entry of the graph after the
changes, and per path change against the FIR as it stands.

Run before review (the backfill's validate stage, on the proposed paths) and again before publish
(on the approved ones), through the same Great Expectations runner as the other suites.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from expectations.route_frames import EntryGraphCheck, GraphChecks, PathChangeCheck
from firpath.domain import CplEntry, UpgradePath
from firpath.stages.routes import UpgradeRoutes, routes_to


def entry_checks(routes: UpgradeRoutes) -> list[EntryGraphCheck]:
    """One check per entry of every device that has path data (a device with none is not judged)."""
    checks: list[EntryGraphCheck] = []
    for device in routes.by_device:
        graph = routes.graph(device)
        if not graph.has_path_data:
            continue
        to_newest = routes_to(graph)
        on_cycle = {node for part in nx.strongly_connected_components(graph.edges) if len(part) > 1 for node in part}
        first = graph.entries[0].firmware_version
        for entry in graph.entries:
            path = routes.paths.get(entry.entry_id)
            path = None if path is not None and path.blank else path  # a blank a withdrawal restores
            bases = [routes.by_id[b] for b in (path.entry_ids if path else ()) if b in routes.by_id]
            checks.append(
                EntryGraphCheck(
                    cpl_entry_id=entry.entry_id,
                    device=str(device),
                    firmware=entry.firmware_version.text,
                    path=None if path is None else str(path),
                    newest=to_newest[entry.entry_id].target.entry_id,
                    in_cycle=entry.entry_id in on_cycle,
                    base_on_other_device=any(b.device != device for b in bases),
                    base_not_older=any(
                        b.device == device and b.firmware_version >= entry.firmware_version for b in bases
                    ),
                    reaches_newest=to_newest[entry.entry_id].reaches,
                    installable=entry.firmware_version == first
                    or (path is not None and not path.entry_ids)
                    or graph.edges.in_degree(entry.entry_id) > 0,
                )
            )
    return checks


def change_checks(routes: UpgradeRoutes, changes: Mapping[str, Sequence[UpgradePath]]) -> list[PathChangeCheck]:
    """Per changed entry, what its path(s) do to the routes to the newest release, against `routes`'
    paths; for several candidate paths (a conflict) what any of them does."""
    checks = []
    for entry_id, candidates in changes.items():
        if entry_id not in routes.by_id or not candidates:
            continue
        impacts = [routes.impact(entry_id, path) for path in candidates]
        checks.append(
            PathChangeCheck(
                cpl_entry_id=entry_id,
                path=" | ".join(str(p) for p in candidates),
                stranded=_union(i.stranded for i in impacts),
                reached=_union(i.reached for i in impacts),
                shortened=_union(i.shortened for i in impacts),
            )
        )
    return checks


def _union(groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(entry_id for group in groups for entry_id in group))


def graph_checks(
    cpl: Iterable[CplEntry],
    fir_paths: Mapping[str, UpgradePath | None],
    statuses: Mapping[str, str],
    changes: Mapping[str, Sequence[UpgradePath]],
) -> GraphChecks:
    """The graph checks of `changes` (Entry ID -> its candidate paths) on the FIR's paths: the graph
    after them holds every change with one candidate (an open conflict keeps the FIR's value)."""
    cpl = list(cpl)
    before = UpgradeRoutes(cpl, fir_paths, statuses)
    decided = {entry_id: paths[0] for entry_id, paths in changes.items() if len(paths) == 1}
    after = UpgradeRoutes(cpl, {**fir_paths, **decided}, statuses)
    return GraphChecks(entries=tuple(entry_checks(after)), changes=tuple(change_checks(before, changes)))
