"""report.html: the publication for people — counts, and each change with its evidence and graph.

Self-contained (inline CSS and SVG, no script, nothing fetched) so it can be mailed or archived as
one file; every text from a document, an export or a reviewer is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from firpath.domain import ChangeKind, CplEntry, UpgradePath
from firpath.publish.selection import COUNT_LABELS, Publication, PublishCounts, PublishedChange, iso, manufacturer_label
from firpath.review.graph import upgrade_graph_svg
from firpath.review.rules import ReviewState
from staging.runs import RunInfo

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #1f2328; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; } h3 { font-size: 1.05em; margin: 0 0 .5em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #d0d7de; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.change { border: 1px solid #d0d7de; border-radius: 6px; padding: 1em; margin: 1em 0; }
.path { font-family: monospace; } .old { color: #cf222e; } .new { color: #1a7f37; font-weight: bold; }
blockquote { margin: .3em 0 .6em; padding: .3em .8em; border-left: 3px solid #d0d7de; background: #f6f8fa; }
.meta { color: #57606a; font-size: .9em; } .graph { overflow-x: auto; }
.warn { color: #9a6700; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _counts_row(label: str, counts: PublishCounts) -> str:
    cells = "".join(f'<td class="n">{getattr(counts, key)}</td>' for key in COUNT_LABELS)
    return f'<tr><th scope="row">{_e(label)}</th>{cells}<td class="n">{counts.proposals}</td></tr>'


def _counts_table(publication: Publication) -> str:
    head = "".join(f'<th scope="col">{_e(label)}</th>' for label in COUNT_LABELS.values())
    rows = [_counts_row(label, counts) for label, counts in publication.by_manufacturer.items()]
    rows.append(_counts_row("All manufacturers", publication.counts))
    return (
        f'<table><thead><tr><th scope="col">Manufacturer</th>{head}<th scope="col">proposals</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _path_text(path: UpgradePath | None) -> str:
    return "(blank)" if path is None or path.blank else str(path)


def _also_received(file: str, sha256: str, received_as: Mapping[str, tuple[str, ...]]) -> str:
    others = [name for name in received_as.get(sha256, ()) if name != file]
    return f" <span class=\"meta\">(also received as {_e('; '.join(others))})</span>" if others else ""


def _change_section(
    change: PublishedChange,
    cpl: Mapping[str, CplEntry],
    fir_paths: Mapping[str, UpgradePath | None],
    received_as: Mapping[str, tuple[str, ...]],
) -> str:
    entry = change.entry
    approvals = "".join(
        f"<li>{_e(a.reviewer)} <span class=\"meta\">{_e(iso(a.at))} via {_e(a.channel)}</span></li>"
        for a in change.approvals
    )
    correction = ""
    if change.correction is not None:
        c = change.correction
        correction = (
            f"<p>Path set by {_e(c.reviewer)} <span class=\"meta\">{_e(iso(c.at))} via {_e(c.channel)}</span>"
            + (f": {_e(c.reason)}" if c.reason else "")
            + "</p>"
        )
    if (origin := change.origin) is not None:
        evidence_file = f" (evidence: {_e(origin.evidence_name)}, sha256 {_e(origin.evidence_sha256[:12])})" if origin.evidence_sha256 else ""
        correction += (
            f"<p>{_e(origin.kind.value)} {origin.edit_id}, proposed by {_e(origin.proposed_by)} "
            f"<span class=\"meta\">{_e(iso(origin.proposed_at))}</span>: {_e(origin.reason)}{evidence_file}"
            + (f"; it withdraws {_e(origin.withdraws)}" if origin.withdraws else "") + "</p>"
        )
    note = "" if change.evidence_supports_path else (
        '<p class="warn">No source states this path: it was set by a reviewer; all the evidence they saw is shown.</p>'
    )
    evidence = "".join(
        f"<li><b>{_e(e.file)}</b>, {_e(e.location)} <span class=\"meta\">[{_e(e.source_kind)}] sha256 "
        f"{_e(e.sha256[:12])}</span>{_also_received(e.file, e.sha256, received_as)}<blockquote>{_e(e.text)}</blockquote></li>"
        for e in change.evidence
    )
    graph = upgrade_graph_svg(entry, cpl, fir_paths, change.new)
    device = f"{entry.manufacturer_name or entry.manufacturer_id} {entry.model_name or entry.model_id}"
    return (
        f'<section class="change" id="entry-{_e(entry.entry_id)}">'
        f"<h3>{_e(entry.entry_id)} — {_e(device)}, HW {_e(entry.hardware_version)}, "
        f"firmware {_e(entry.firmware_version)}</h3>"
        f'<p>{_e(change.kind)}: <span class="path old">{_e(_path_text(change.old))}</span> → '
        f'<span class="path new">{_e(_path_text(change.new))}</span> '
        f'<span class="meta">proposal {_e(change.proposal_hash)}</span></p>'
        f"{correction}<p>Approved by:</p><ul>{approvals}</ul>"
        f"{note}<p>Evidence:</p><ul>{evidence or '<li>none</li>'}</ul>"
        f'<div class="graph">{graph}</div></section>'
    )


def _not_published(publication: Publication) -> str:
    rows = []
    for edit_id, status in publication.edit_statuses.items():
        if status.state is ReviewState.APPROVED:
            continue
        proposal = publication.edits[edit_id]
        why = f"rejected by {status.rejected_by}: {status.reason}" if status.state is ReviewState.REJECTED else status.waiting_for
        entry = proposal.target
        label = f"{entry.entry_id} ({proposal.origin.kind.value if proposal.origin else 'edit'} {edit_id})"
        rows.append(
            f"<tr><td>{_e(label)}</td><td>{_e(manufacturer_label(entry))}</td>"
            f"<td>{_e(entry.model_name or entry.model_id)}</td><td>{_e(status.state.value)}</td><td>{_e(why)}</td></tr>"
        )
    for entry_id, status in publication.statuses.items():
        if status.state is ReviewState.APPROVED:
            continue
        proposal = publication.proposals[entry_id]
        if status.state is ReviewState.PENDING and proposal.change is ChangeKind.UNCHANGED:
            continue
        why = f"rejected by {status.rejected_by}: {status.reason}" if status.state is ReviewState.REJECTED else status.waiting_for
        entry = proposal.target
        rows.append(
            f"<tr><td>{_e(entry_id)}</td><td>{_e(manufacturer_label(entry))}</td>"
            f"<td>{_e(entry.model_name or entry.model_id)}</td><td>{_e(status.state.value)}</td><td>{_e(why)}</td></tr>"
        )
    if not rows:
        return "<p>Nothing is waiting.</p>"
    return (
        "<table><thead><tr><th>Entry</th><th>Manufacturer</th><th>Model</th><th>State</th><th>Waiting for</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def report_html(
    run: RunInfo,
    publication: Publication,
    cpl: Mapping[str, CplEntry],
    fir_paths: Mapping[str, UpgradePath | None],
) -> str:
    inputs = run.inputs
    changes = "".join(_change_section(c, cpl, fir_paths, publication.received_as) for c in publication.changes) or "<p>No approved change to publish.</p>"
    title = f"FIR Firmware Upgrade Path changes — as of {iso(publication.as_of)}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1>"
        f'<p class="meta">Run {_e(run.run_id)} ({_e("imported by " + run.imported_by if run.imported_by else "no reviewer recorded as its importer")}, finished '
        f"{_e(iso(run.finished_at))}); CPL export {_e(inputs.get('cpl_export_name', ''))} "
        f"(sha256 {_e(inputs.get('cpl_export', '')[:12])}), FIR export {_e(inputs.get('fir_export_name', ''))} "
        f"(sha256 {_e(inputs.get('fir_export', '')[:12])}).</p>"
        f"<p><b>{publication.counts.published}</b> approved change(s) published.</p>"
        f"<h2>Counts</h2>{_counts_table(publication)}"
        f"<h2>Published changes</h2>{changes}"
        f"<h2>Not published</h2>{_not_published(publication)}"
        "</body></html>\n"
    )
