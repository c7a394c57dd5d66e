"""Upgrade routes: every install from the firmware a device runs to a target release, over the FIR's paths.

The FIR's path of an entry names the earlier entries it may be installed on, so each base is an
edge `base -> entry` ("on base, entry may be installed"). `N/A` means the entry may be installed on
any earlier firmware of its device: an edge from every entry of the device with older firmware. A
blank path says nothing: no edge. Only entries of the same manufacturer, model and hardware version
take part; a base on another device or not on the CPL is left out here (the graph checks name it).

The route rules (`routes_to`):

1. fewest installs;
2. never through an entry whose CPL status is not Active, unless no other route exists; then the
   route is the shortest through any entries and its status says so (`ok_via_non_active`);
3. among equally short routes, the one through newer releases: the routes' installs are compared
   in order, the first install first, by firmware version (then Entry ID, so the choice is always
   the same).

Plain typed Python over networkx graphs (one small graph per device, built when asked for and not
kept, so memory stays flat however large the CPL).
"""

from __future__ import annotations

import bisect
import re
from collections import ChainMap, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import networkx as nx

from firpath.domain import CplEntry, DeviceKey, UpgradePath

# The CPL's word for an entry in use is "Active"; the exports firpath meets (the demo's, the
# benchmark's) write "Approved" for the same. Anything else (Withdrawn, Removed, ...) is not Active.
ACTIVE_STATUSES = frozenset({"active", "approved"})
ROUTE_SEPARATOR = " > "


def is_active(status: str | None) -> bool:
    """An entry is Active unless its CPL status says something else: a CPL export without a Status
    column (or a blank cell) gives no reason to avoid the entry."""
    text = (status or "").strip().casefold()
    return not text or text in ACTIVE_STATUSES


class RouteStatus(StrEnum):
    OK = "ok"  # a route through Active entries only
    OK_VIA_NON_ACTIVE = "ok_via_non_active"  # every route passes an entry that is not Active: this is the shortest
    UP_TO_DATE = "up_to_date"  # the device runs the target already
    STRANDED = "stranded"  # no route: nothing the paths allow leads to the target
    UNKNOWN = "unknown"  # no entry of the device has any path data: nothing is known either way


REACHING = frozenset({RouteStatus.OK, RouteStatus.OK_VIA_NON_ACTIVE, RouteStatus.UP_TO_DATE})


@dataclass(frozen=True)
class Route:
    """The way from `source` (installed) to `target`: `steps` are the Entry IDs to install in order,
    the source left out and the target included."""

    source: CplEntry
    target: CplEntry
    steps: tuple[str, ...]
    status: RouteStatus

    @property
    def installs(self) -> int:
        return len(self.steps)

    @property
    def reaches(self) -> bool:
        return self.status in REACHING

    @property
    def text(self) -> str:
        return ROUTE_SEPARATOR.join(self.steps)


def _id_key(entry_id: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdecimal() else (1, p) for p in re.split(r"(\d+)", entry_id) if p)


def _version_key(entry: CplEntry) -> tuple[tuple[int, ...], str]:
    return entry.firmware_version.parts, entry.firmware_version.text


def newness(entry: CplEntry) -> tuple[tuple[tuple[int, ...], str], tuple[tuple[int, int | str], ...]]:
    """What "newer" means everywhere here: the firmware version's order, then the Entry ID."""
    return _version_key(entry), _id_key(entry.entry_id)


@dataclass(frozen=True)
class DeviceGraph:
    """One device's entries (oldest first) and its upgrade edges `base -> entry`."""

    device: DeviceKey
    entries: tuple[CplEntry, ...]
    edges: nx.DiGraph
    active: frozenset[str]  # Entry IDs whose CPL status is Active
    has_path_data: bool  # some entry of the device has a path (N/A included)

    @cached_property
    def by_id(self) -> dict[str, CplEntry]:
        return {e.entry_id: e for e in self.entries}

    @cached_property
    def rank(self) -> dict[str, int]:
        """Entry ID -> its place oldest first: `newness` worked out once per entry."""
        return {e.entry_id: i for i, e in enumerate(self.entries)}

    @property
    def newest(self) -> CplEntry:
        """The default target: the newest Active entry (the newest of all when none is Active)."""
        return next((e for e in reversed(self.entries) if e.entry_id in self.active), self.entries[-1])

    @contextmanager
    def through_active(self, target_id: str) -> Iterator[nx.DiGraph]:
        """The edges a route may take without passing a non-Active entry on the way to `target_id`:
        every edge into an Active entry or into the target. The few edges into other entries are
        taken out of `edges` for the duration and put back after (measured: a filtered view of
        the graph cost as much as the routes themselves on a dense 50,000-entry CPL)."""
        keep = self.active | {target_id}
        aside = [(u, v) for v in self.edges if v not in keep for u in self.edges.predecessors(v)]
        self.edges.remove_edges_from(aside)
        try:
            yield self.edges
        finally:
            self.edges.add_edges_from(aside)


def device_graph(
    entries: Iterable[CplEntry], paths: Mapping[str, UpgradePath | None], statuses: Mapping[str, str]
) -> DeviceGraph:
    """The graph of one device's entries (all of one `DeviceKey`) under `paths`."""
    ordered = tuple(sorted(entries, key=newness))
    if not ordered:
        raise ValueError("a device graph needs at least one entry")
    device = ordered[0].device
    ids = {e.entry_id for e in ordered}
    values = [_version_key(e) for e in ordered]
    graph = nx.DiGraph()
    graph.add_nodes_from(e.entry_id for e in ordered)
    edges: list[tuple[str, str]] = []
    has_data = False
    for entry in ordered:
        path = paths.get(entry.entry_id)
        if path is None or path.blank:  # a blank cell (also as a withdrawal restores it): no path data
            continue
        has_data = True
        if not path.entry_ids:  # N/A: from any earlier firmware of the device
            earlier = bisect.bisect_left(values, _version_key(entry))
            edges.extend((base.entry_id, entry.entry_id) for base in ordered[:earlier])
        else:
            edges.extend((b, entry.entry_id) for b in path.entry_ids if b in ids and b != entry.entry_id)
    graph.add_edges_from(edges)
    active = frozenset(e.entry_id for e in ordered if is_active(statuses.get(e.entry_id)))
    return DeviceGraph(device, ordered, graph, active, has_data)


def _shortest_steps(graph: nx.DiGraph, target_id: str, rank: Mapping[str, int]) -> dict[str, tuple[str, ...]]:
    """Entry ID -> its route's steps to `target_id` in `graph`, for every entry that has one.

    Breadth-first from the target against the edges gives each entry its fewest installs; then each
    entry's first install is, among the successors one install nearer the target, the newest. Taking
    the newest first install and the best route on from it is the best route overall, because what
    follows a step does not depend on how the step was reached.
    """
    distance = nx.single_target_shortest_path_length(graph, target_id)
    steps: dict[str, tuple[str, ...]] = {target_id: ()}
    for node in sorted(distance, key=distance.__getitem__):
        d = distance[node]
        if d == 0:
            continue
        nearer = [w for w in graph.successors(node) if distance.get(w) == d - 1]
        first = max(nearer, key=rank.__getitem__)
        steps[node] = (first, *steps[first])
    return steps


def routes_to(graph: DeviceGraph, target_id: str | None = None) -> dict[str, Route]:
    """Every entry of the device -> its route to `target_id` (default: the newest Active entry)."""
    target = graph.newest if target_id is None else graph.by_id[target_id]
    if not graph.has_path_data:
        return {
            e.entry_id: Route(e, target, (), RouteStatus.UP_TO_DATE if e == target else RouteStatus.UNKNOWN)
            for e in graph.entries
        }
    with graph.through_active(target.entry_id) as edges:
        through_active = _shortest_steps(edges, target.entry_id, graph.rank)
    missing = [e for e in graph.entries if e.entry_id not in through_active]
    through_any = _shortest_steps(graph.edges, target.entry_id, graph.rank) if missing else {}
    routes: dict[str, Route] = {}
    for entry in graph.entries:
        if entry == target:
            routes[entry.entry_id] = Route(entry, target, (), RouteStatus.UP_TO_DATE)
        elif (steps := through_active.get(entry.entry_id)) is not None:
            routes[entry.entry_id] = Route(entry, target, steps, RouteStatus.OK)
        elif (steps := through_any.get(entry.entry_id)) is not None:
            routes[entry.entry_id] = Route(entry, target, steps, RouteStatus.OK_VIA_NON_ACTIVE)
        else:
            routes[entry.entry_id] = Route(entry, target, (), RouteStatus.STRANDED)
    return routes


class RouteChangeKind(StrEnum):
    STRANDS = "strands"  # reached the target before, not after
    REACHES = "reaches"  # did not reach it before, does after
    SHORTENS = "shortens"
    LENGTHENS = "lengthens"
    REROUTES = "reroutes"  # as many installs, other entries (or now through a non-Active one, or no longer)


@dataclass(frozen=True)
class RouteChange:
    """What a path change does to one entry's route to its device's target."""

    before: Route
    after: Route

    @property
    def entry(self) -> CplEntry:
        return self.after.source

    @property
    def kind(self) -> RouteChangeKind:
        if self.before.reaches and not self.after.reaches:
            return RouteChangeKind.STRANDS
        if self.after.reaches and not self.before.reaches:
            return RouteChangeKind.REACHES
        if self.after.installs < self.before.installs:
            return RouteChangeKind.SHORTENS
        if self.after.installs > self.before.installs:
            return RouteChangeKind.LENGTHENS
        return RouteChangeKind.REROUTES

    @property
    def by(self) -> int:
        """Installs saved (SHORTENS) or added (LENGTHENS); 0 otherwise."""
        if self.kind not in (RouteChangeKind.SHORTENS, RouteChangeKind.LENGTHENS):
            return 0
        return abs(self.before.installs - self.after.installs)


def route_changes(before: Mapping[str, Route], after: Mapping[str, Route]) -> tuple[RouteChange, ...]:
    """The entries whose route differs (steps or status), strands first, then by entry age. An entry
    that reaches the target neither before nor after has no route to change (unknown becoming
    stranded is the device gaining path data, not a change of route)."""
    order = list(RouteChangeKind)
    changes = [
        RouteChange(before[entry_id], route)
        for entry_id, route in after.items()
        if entry_id in before
        and (before[entry_id].reaches or route.reaches)
        and (before[entry_id].steps, before[entry_id].status) != (route.steps, route.status)
    ]
    return tuple(sorted(changes, key=lambda c: (order.index(c.kind), newness(c.entry))))


@dataclass(frozen=True)
class RouteImpact:
    """What setting one entry's path does to the routes of its device to the newest release."""

    entry_id: str
    path: UpgradePath | None
    target: CplEntry
    changes: tuple[RouteChange, ...]
    after: dict[str, Route]

    def of_kind(self, kind: RouteChangeKind) -> tuple[RouteChange, ...]:
        return tuple(c for c in self.changes if c.kind is kind)

    @property
    def stranded(self) -> tuple[str, ...]:
        return tuple(c.entry.entry_id for c in self.of_kind(RouteChangeKind.STRANDS))

    @property
    def reached(self) -> tuple[str, ...]:
        return tuple(c.entry.entry_id for c in self.of_kind(RouteChangeKind.REACHES))

    @property
    def shortened(self) -> tuple[str, ...]:
        return tuple(c.entry.entry_id for c in self.of_kind(RouteChangeKind.SHORTENS))


class UpgradeRoutes:
    """The CPL by device with the FIR's paths and the CPL statuses: each device's routes, and what a
    change of one path does to them. A device's routes to its newest release are kept once computed."""

    def __init__(
        self,
        cpl: Iterable[CplEntry],
        paths: Mapping[str, UpgradePath | None],
        statuses: Mapping[str, str] | None = None,
    ) -> None:
        by_device: dict[DeviceKey, list[CplEntry]] = defaultdict(list)
        for entry in cpl:
            by_device[entry.device].append(entry)
        self.by_device = {device: tuple(entries) for device, entries in sorted(by_device.items())}
        self.by_id = {e.entry_id: e for entries in self.by_device.values() for e in entries}
        self.paths = paths
        self.statuses: Mapping[str, str] = statuses or {}
        self._newest_routes: dict[DeviceKey, dict[str, Route]] = {}

    def graph(self, device: DeviceKey, changed: Mapping[str, UpgradePath | None] | None = None) -> DeviceGraph:
        paths = ChainMap(dict(changed), self.paths) if changed else self.paths  # type: ignore[arg-type]
        return device_graph(self.by_device[device], paths, self.statuses)

    def routes(self, device: DeviceKey, target_id: str | None = None) -> dict[str, Route]:
        """Every entry of `device` -> its route to `target_id` (default: the newest Active entry)."""
        if target_id is not None:
            return routes_to(self.graph(device), target_id)
        if device not in self._newest_routes:
            self._newest_routes[device] = routes_to(self.graph(device))
        return self._newest_routes[device]

    def all_routes(self) -> Iterator[Route]:
        """Every entry's route to the newest release of its device, device by device, oldest first.
        Nothing is kept: the routes of 50,000 entries go through in the memory of one device's."""
        for device in self.by_device:
            yield from routes_to(self.graph(device)).values()

    def impact(self, entry_id: str, path: UpgradePath | None) -> RouteImpact:
        """What setting `entry_id`'s path to `path` does to its device's routes to the newest release."""
        device = self.by_id[entry_id].device
        before = self.routes(device)
        after = routes_to(self.graph(device, {entry_id: path}))
        target = next(iter(after.values())).target
        return RouteImpact(entry_id, path, target, route_changes(before, after), after)


LATEST = "latest"


class RouteQueryError(ValueError):
    """`--from` or `--to` names no CPL entry, or entries of two different devices."""


def select_routes(model: UpgradeRoutes, source: str | None = None, target: str | None = None) -> Iterator[Route]:
    """The routes asked for: from `source` (default: every entry) to `target` (default, or `latest`:
    the newest Active entry of each device), device by device."""
    target = None if target in (None, LATEST) else target
    for label, entry_id in (("--from", source), ("--to", target)):
        if entry_id is not None and entry_id not in model.by_id:
            raise RouteQueryError(f"{label} {entry_id}: no such CPL Entry ID")
    devices = {model.by_id[e].device for e in (source, target) if e is not None}
    if len(devices) > 1:
        raise RouteQueryError(f"--from {source} ({model.by_id[source].device}) and --to {target} "  # type: ignore[index]
                              f"({model.by_id[target].device}) are different devices: routes stay within one")  # type: ignore[index]  # fmt: skip
    if not devices:
        yield from model.all_routes()
        return
    found = model.routes(devices.pop(), target)
    yield from (found.values() if source is None else (found[source],))
