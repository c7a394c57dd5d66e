"""One device's routes to its newest release as a small SVG: versions as nodes (oldest left), each
entry's first install as an arc; following the arcs from any entry walks its whole route, because
every route goes on as the route of its first install does.

Stranded entries are outlined red, entries that are not Active dashed, the target blue. Written by
hand like `firpath.review.graph`, so that the same routes always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from firpath.stages.routes import Route, RouteStatus, is_active

_NODE_W, _NODE_H, _GAP, _MARGIN = 104, 46, 28, 16
_ROUTE, _VIA_NON_ACTIVE = "#8250df", "#bc4c00"


def route_picture_svg(routes: Mapping[str, Route], statuses: Mapping[str, str]) -> str:
    """`routes`: every entry of one device -> its route to the same target (`routes_to`)."""
    ordered = sorted(routes.values(), key=lambda r: (r.source.firmware_version, r.source.entry_id))
    index = {r.source.entry_id: i for i, r in enumerate(ordered)}
    first = ordered[0]
    span = max((abs(index[r.steps[0]] - index[r.source.entry_id]) for r in ordered if r.steps), default=1)
    width = _MARGIN * 2 + len(ordered) * (_NODE_W + _GAP) - _GAP
    height = _MARGIN * 2 + _NODE_H + 40 + 12 * span
    node_y = height - _MARGIN - _NODE_H

    def centre(entry_id: str) -> float:
        return _MARGIN + index[entry_id] * (_NODE_W + _GAP) + _NODE_W / 2

    arcs = []
    for route in ordered:
        if not route.steps:
            continue
        colour = _VIA_NON_ACTIVE if route.status is RouteStatus.OK_VIA_NON_ACTIVE else _ROUTE
        x1, x2 = centre(route.source.entry_id), centre(route.steps[0])
        x2 += -6 if x2 > x1 else 6
        lift = 30 + 24 * abs(index[route.steps[0]] - index[route.source.entry_id])
        title = f"from {route.source.entry_id}: {route.text} ({route.installs} installs, {route.status.value})"
        arcs.append(
            f'<path d="M{x1:.1f},{node_y:.1f} Q{(x1 + x2) / 2:.1f},{node_y - lift:.1f} {x2:.1f},{node_y:.1f}" '
            f'fill="none" stroke="{colour}" stroke-width="3" marker-end="url(#route-{colour[1:]})">'
            f"<title>{escape(title)}</title></path>"
        )
    nodes = []
    for route in ordered:
        entry = route.source
        x = _MARGIN + index[entry.entry_id] * (_NODE_W + _GAP)
        stroke, fill, label = "#57606a", "#f6f8fa", f"{route.installs} install{'s' if route.installs != 1 else ''}"
        if route.status is RouteStatus.UP_TO_DATE:
            stroke, fill, label = "#0969da", "#ddf4ff", "newest"
        elif route.status in (RouteStatus.STRANDED, RouteStatus.UNKNOWN):
            stroke, fill, label = "#cf222e", "#ffebe9", route.status.value
        dash = "" if is_active(statuses.get(entry.entry_id)) else ' stroke-dasharray="5 3"'
        if dash:
            label += ", not Active"
        nodes.append(
            f"<g><title>{escape(entry.entry_id)} {escape(str(entry.firmware_version))}: {escape(route.status.value)}"
            f"{escape(' ' + route.text) if route.steps else ''}</title>"
            f'<rect x="{x}" y="{node_y}" width="{_NODE_W}" height="{_NODE_H}" rx="6" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="2"{dash}/>'
            f'<text x="{x + _NODE_W / 2:.1f}" y="{node_y + 15}" text-anchor="middle" font-size="12" '
            f'font-weight="bold">{escape(entry.entry_id)}</text>'
            f'<text x="{x + _NODE_W / 2:.1f}" y="{node_y + 29}" text-anchor="middle" font-size="11" '
            f'font-family="monospace">{escape(str(entry.firmware_version))}</text>'
            f'<text x="{x + _NODE_W / 2:.1f}" y="{node_y + 41}" text-anchor="middle" font-size="10" '
            f'fill="#57606a">{escape(label)}</text></g>'
        )
    markers = "".join(
        f'<marker id="route-{c[1:]}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
        for c in (_ROUTE, _VIA_NON_ACTIVE)
    )
    source = first.source
    title = (f"Routes of {source.model_name or source.model_id} ({source.device}) to "
             f"{first.target.entry_id} ({first.target.firmware_version})")  # fmt: skip
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="sans-serif"><title>{escape(title)}</title>'
        f"<defs>{markers}</defs>{''.join(arcs)}{''.join(nodes)}</svg>"
    )
