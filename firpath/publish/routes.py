"""The routes a publication leaves: routes.csv (every entry to its device's newest release once the
approved changes are applied), the graph checks run on them before publishing, and the report's
routes section with a route picture per device the changes touch.

The graph checks are the same Great Expectations suites the backfill ran before review (graph,
route_changes), now on the approved paths: what publishing would strand is in the report and on
the terminal before anyone applies the files.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

from expectations.results import ValidationReport
from expectations.runner import validate_graph
from firpath.publish.selection import Publication
from firpath.review.board import ReviewBoard
from firpath.review.route_picture import route_picture_svg
from firpath.runtime.route_files import PUBLISHED_NAME, routes_csv_bytes
from firpath.stages.cpl_status import cpl_statuses
from firpath.stages.graph_checks import graph_checks
from firpath.stages.routes import Route, RouteStatus, UpgradeRoutes

ROUTES_NAME = PUBLISHED_NAME
_STATUS_ORDER = tuple(RouteStatus)


@dataclass(frozen=True)
class PublicationRoutes:
    csv: bytes
    checks: ValidationReport
    counts: dict[str, int]  # route status -> entries, over the whole CPL
    stranded_by_changes: tuple[str, ...]  # entries the approved changes strand
    section_html: str


def publication_routes(board: ReviewBoard, publication: Publication) -> PublicationRoutes:
    statuses = cpl_statuses(board.cpl.values())
    changes = {c.entry.entry_id: c.new for c in publication.changes}
    model = UpgradeRoutes(board.cpl.values(), {**board.fir.paths, **changes}, statuses)
    counts: Counter[str] = Counter()

    def counted():  # noqa: ANN202 - the routes, counted on their way into the CSV
        for route in model.all_routes():
            counts[route.status.value] += 1
            yield route

    data = routes_csv_bytes(counted())
    checks = validate_graph(
        graph_checks(board.cpl.values(), board.fir.paths, statuses, {k: [v] for k, v in changes.items()})
    )
    stranded = tuple(dict.fromkeys(
        key for o in checks.outcomes if o.suite == "route_changes" for key in o.failing_rows
    ))  # fmt: skip
    devices = list(dict.fromkeys(board.cpl[e].device for e in changes if e in board.cpl))
    pictures = [(device, model.routes(device)) for device in sorted(devices)]
    return PublicationRoutes(data, checks, dict(counts), stranded, _section(checks, counts, pictures, statuses))


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _checks_html(checks: ValidationReport) -> str:
    rows = []
    for outcome in checks.outcomes:
        verdict = "passed" if outcome.success else f"{outcome.unexpected_count} failing"
        keys = ", ".join(outcome.failing_rows[:30]) + (" ..." if len(outcome.failing_rows) > 30 else "")
        rows.append(f"<tr><td>{_e(outcome.description)}</td><td class=\"n\">{outcome.element_count}</td>"
                    f"<td>{_e(verdict)}</td><td>{_e(keys)}</td></tr>")  # fmt: skip
    return ("<table><thead><tr><th>Graph check (Great Expectations)</th><th>rows</th><th>result</th>"
            f"<th>entries</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")  # fmt: skip


def _device_html(routes: dict[str, Route], statuses: dict[str, str]) -> str:
    first = next(iter(routes.values()))
    source = first.source
    rows = "".join(
        f'<tr><td>{_e(r.source.entry_id)}</td><td class="path">{_e(r.source.firmware_version)}</td>'
        f'<td class="n">{r.installs}</td><td class="path">{_e(r.text)}</td><td>{_e(r.status.value)}</td></tr>'
        for r in sorted(routes.values(), key=lambda r: (r.source.firmware_version, r.source.entry_id))
    )
    return (
        f"<h3>{_e(source.manufacturer_name or source.manufacturer_id)} {_e(source.model_name or source.model_id)}, "
        f"HW {_e(source.hardware_version)}: to {_e(first.target.entry_id)} ({_e(first.target.firmware_version)})</h3>"
        f'<div class="graph">{route_picture_svg(routes, statuses)}</div>'
        "<table><thead><tr><th>from</th><th>firmware</th><th>installs</th><th>route</th><th>status</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _section(
    checks: ValidationReport,
    counts: Counter[str],
    pictures: list[tuple[object, dict[str, Route]]],
    statuses: dict[str, str],
) -> str:
    summary = ", ".join(f"{counts[s.value]} {s.value}" for s in _STATUS_ORDER if counts[s.value])
    devices = "".join(_device_html(routes, statuses) for _, routes in pictures)
    return (
        "<h2>Upgrade routes after these changes</h2>"
        f"<p>Every CPL entry to the newest Active release of its device ({ROUTES_NAME}): "
        f"{_e(summary or 'no entries')}. "
        "Arcs are each entry's first install; follow them to the newest release. Red: no route; dashed: not Active.</p>"
        f"{_checks_html(checks)}{devices}"
    )
