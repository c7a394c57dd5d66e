"""A model's upgrade graph as a small, self-contained SVG: versions as nodes (oldest left), required
bases as arcs, the change under review marked; for a conflict, every candidate path's arcs, one
colour a source, named in a legend, so the reviewer sees what each source asks for.

Written by hand rather than through Graphviz so that the picture is byte-identical for the same
input (publishing twice must give the same files) and needs nothing installed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from firpath.domain import CplEntry, UpgradePath

_NODE_W, _NODE_H, _GAP, _MARGIN = 104, 40, 28, 16
_COLOURS = {"kept": "#8a8f98", "added": "#1a7f37", "removed": "#cf222e", "route": "#8250df"}
_CANDIDATE_COLOURS = ("#0969da", "#bf8700", "#1b7c83", "#bc4c00", "#6e7781")  # one a source, in turn
_LEGEND_LINE = 16


@dataclass(frozen=True)
class Candidate:
    """A path a source proposes (one alternative of a conflict), and its label: which alternative,
    from which files."""

    path: UpgradePath
    label: str


def _arc(x1: float, x2: float, y: float, lift: float, colour: str, dashed: bool, title: str, width: int = 2,
         dash: str = "6 4") -> str:  # fmt: skip
    mid = (x1 + x2) / 2
    dash = f' stroke-dasharray="{dash}"' if dashed else ""
    return (
        f'<path d="M{x1:.1f},{y:.1f} Q{mid:.1f},{y - lift:.1f} {x2:.1f},{y:.1f}" fill="none" stroke="{colour}" '
        f'stroke-width="{width}"{dash} marker-end="url(#arrow-{colour[1:]})"><title>{escape(title)}</title></path>'
    )


def upgrade_graph_svg(
    target: CplEntry,
    cpl: Mapping[str, CplEntry],
    current_paths: Mapping[str, UpgradePath | None],
    new_path: UpgradePath | None,
    route: Sequence[str] = (),
    candidates: Sequence[Candidate] = (),
) -> str:
    """The graph of `target`'s model and hardware version: current FIR paths in grey, and for
    `target` the bases `new_path` adds (green) and the ones it drops (red, dashed; with no `new_path`
    nothing is dropped: nothing is chosen yet); each of `candidates` in a colour of its own, dotted,
    named in a legend; with `route` (Entry IDs from the installed one to the last install), that
    route's installs in bold purple."""
    siblings = sorted((e for e in cpl.values() if e.device == target.device), key=lambda e: (e.firmware_version, e.entry_id))
    x_of = {e.entry_id: _MARGIN + i * (_NODE_W + _GAP) for i, e in enumerate(siblings)}
    max_span = max(len(siblings) - 1, 1)
    legend_h = _LEGEND_LINE * len(candidates) + (8 if candidates else 0)
    height = _MARGIN * 2 + _NODE_H + 40 + 12 * max_span + 10 * len(candidates) + legend_h
    width = _MARGIN * 2 + len(siblings) * (_NODE_W + _GAP) - _GAP
    node_y = height - _MARGIN - _NODE_H
    edge_y = node_y
    arcs: list[str] = []

    def add_arc(base_id: str, target_id: str, kind: str) -> None:
        if base_id not in x_of or target_id not in x_of:
            return
        x1, x2 = x_of[base_id] + _NODE_W / 2, x_of[target_id] + _NODE_W / 2
        span = abs(siblings.index(cpl[target_id]) - siblings.index(cpl[base_id]))
        lift = 30 + 24 * span
        arcs.append(_arc(x1, x2 + (-6 if x2 > x1 else 6), edge_y, lift, _COLOURS[kind], kind == "removed",
                         f"{target_id} requires base {base_id} ({kind})"))  # fmt: skip

    legend = []
    for i, candidate in enumerate(candidates):
        colour = _CANDIDATE_COLOURS[i % len(_CANDIDATE_COLOURS)]
        for base_id in candidate.path.entry_ids:
            if base_id in x_of and target.entry_id in x_of:
                x1, x2 = x_of[base_id] + _NODE_W / 2, x_of[target.entry_id] + _NODE_W / 2
                span = abs(siblings.index(target) - siblings.index(cpl[base_id]))
                arcs.append(_arc(x1 + 3 * (i + 1), x2 + (-6 if x2 > x1 else 6), edge_y, 40 + 24 * span + 10 * (i + 1),
                                 colour, True, f"{target.entry_id} requires base {base_id} ({candidate.label})",
                                 dash="2 3"))  # fmt: skip
        y = _MARGIN + _LEGEND_LINE * i + 10
        legend.append(f'<line x1="{_MARGIN}" y1="{y - 4}" x2="{_MARGIN + 28}" y2="{y - 4}" stroke="{colour}" stroke-width="2" '
                      f'stroke-dasharray="2 3"/><text x="{_MARGIN + 34}" y="{y}" font-size="11">{escape(candidate.label)}</text>')  # fmt: skip

    for entry in siblings:
        path = current_paths.get(entry.entry_id)
        if entry.entry_id == target.entry_id:
            continue
        for base_id in path.entry_ids if path else ():
            add_arc(base_id, entry.entry_id, "kept")
    old = set(current_paths.get(target.entry_id).entry_ids) if current_paths.get(target.entry_id) else set()
    new = set(new_path.entry_ids) if new_path is not None else old  # nothing chosen: nothing added or dropped
    for base_id in sorted(old | new):
        add_arc(base_id, target.entry_id, "kept" if base_id in old and base_id in new else "added" if base_id in new else "removed")

    for step, (base_id, target_id) in enumerate(pairwise(route), start=1):
        if base_id in x_of and target_id in x_of:
            x1, x2 = x_of[base_id] + _NODE_W / 2, x_of[target_id] + _NODE_W / 2
            span = abs(siblings.index(cpl[target_id]) - siblings.index(cpl[base_id]))
            arcs.append(_arc(x1, x2 + (-6 if x2 > x1 else 6), edge_y, 30 + 24 * span, _COLOURS["route"], False,
                             f"route, install {step}: {target_id} on {base_id}", width=4))  # fmt: skip

    nodes = []
    for entry in siblings:
        x = x_of[entry.entry_id]
        is_target = entry.entry_id == target.entry_id
        stroke, fill = ("#0969da", "#ddf4ff") if is_target else ("#57606a", "#f6f8fa")
        nodes.append(
            f'<g><rect x="{x}" y="{node_y}" width="{_NODE_W}" height="{_NODE_H}" rx="6" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{3 if is_target else 1}"/>'
            f'<text x="{x + _NODE_W / 2:.1f}" y="{node_y + 16}" text-anchor="middle" font-size="12" '
            f'font-weight="bold">{escape(entry.entry_id)}</text>'
            f'<text x="{x + _NODE_W / 2:.1f}" y="{node_y + 32}" text-anchor="middle" font-size="11" '
            f'font-family="monospace">{escape(str(entry.firmware_version))}</text></g>'
        )
    markers = "".join(
        f'<marker id="arrow-{c[1:]}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
        for c in (*_COLOURS.values(), *_CANDIDATE_COLOURS[: len(candidates)])
    )
    title = f"Upgrade graph of {target.model_name or target.model_id} ({target.device})"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="sans-serif"><title>{escape(title)}</title>'
        f"<defs>{markers}</defs>{''.join(legend)}{''.join(arcs)}{''.join(nodes)}</svg>"
    )
