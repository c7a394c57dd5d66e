"""report.html: the publication for people — a summary first, then one section per manufacturer with
each change published (its evidence, approvers and graph) and what is not published yet, and why.

Times are written for people (1 May 2024, 09:05 UTC); the exact ones are in manifest.json. Self-
contained (inline CSS and SVG, no script, nothing fetched) so it can be mailed or archived as one
file; every text from a document, an export or a reviewer is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from html import escape

from firpath.domain import CplEntry, UpgradePath
from firpath.publish.selection import (
    COUNT_LABELS,
    Publication,
    PublishCounts,
    PublishedChange,
    manufacturer_label,
    utc,
)
from firpath.review.graph import upgrade_graph_svg
from firpath.review.rules import ReviewState, needs_review
from staging.runs import RunInfo

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #1f2328; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 2em; } h3 { font-size: 1.1em; margin-top: 1.5em; }
h4 { font-size: 1em; margin: 0 0 .5em; }
.summary { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 1em; background: #f6f8fa; }
.summary h2 { margin-top: .8em; }
.manufacturer { border-top: 2px solid #d0d7de; margin-top: 2.5em; }
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


def human_time(moment: datetime) -> str:
    """`1 May 2024, 09:05 UTC`: to the minute, as a reader says it."""
    moment = utc(moment)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def _when(moment: datetime) -> str:
    moment = utc(moment)
    return f'<time datetime="{moment:%Y-%m-%dT%H:%M:%SZ}">{_e(human_time(moment))}</time>'


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _waiting(counts: PublishCounts) -> int:
    return counts.pending + counts.needs_another_approval + counts.conflicts_open


def _section_ids(labels: list[str]) -> dict[str, str]:
    """Manufacturer label -> the id of its section (`manufacturer-acme-metering-ltd`), unique."""
    ids: dict[str, str] = {}
    for label in labels:
        base = "manufacturer-" + (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "unnamed")
        ids[label] = base if base not in ids.values() else f"{base}-{len(ids)}"
    return ids


def _counts_row(label: str, counts: PublishCounts, section_id: str | None = None) -> str:
    cells = "".join(f'<td class="n">{getattr(counts, key)}</td>' for key in COUNT_LABELS)
    name = _e(label) if section_id is None else f'<a href="#{section_id}">{_e(label)}</a>'
    return f'<tr><th scope="row">{name}</th>{cells}<td class="n">{counts.proposals}</td></tr>'


def _counts_table(publication: Publication, ids: Mapping[str, str]) -> str:
    head = "".join(f'<th scope="col">{_e(label)}</th>' for label in COUNT_LABELS.values())
    rows = [_counts_row(label, counts, ids[label]) for label, counts in publication.by_manufacturer.items()]
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
        f"<li>{_e(a.reviewer)} <span class=\"meta\">{_when(a.at)} via {_e(a.channel)}</span></li>"
        for a in change.approvals
    )
    correction = ""
    if change.correction is not None:
        c = change.correction
        correction = (
            f"<p>Path set by {_e(c.reviewer)} <span class=\"meta\">{_when(c.at)} via {_e(c.channel)}</span>"
            + (f": {_e(c.reason)}" if c.reason else "")
            + "</p>"
        )
    if (origin := change.origin) is not None:
        evidence_file = f" (evidence: {_e(origin.evidence_name)}, sha256 {_e(origin.evidence_sha256[:12])})" if origin.evidence_sha256 else ""
        correction += (
            f"<p>{_e(origin.kind.value)} {origin.edit_id}, proposed by {_e(origin.proposed_by)} "
            f"<span class=\"meta\">{_when(origin.proposed_at)}</span>: {_e(origin.reason)}{evidence_file}"
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
        f"<h4>{_e(entry.entry_id)} — {_e(device)}, HW {_e(entry.hardware_version)}, "
        f"firmware {_e(entry.firmware_version)}</h4>"
        f'<p>{_e(change.kind)}: <span class="path old">{_e(_path_text(change.old))}</span> → '
        f'<span class="path new">{_e(_path_text(change.new))}</span> '
        f'<span class="meta">proposal {_e(change.proposal_hash)}</span></p>'
        f"{correction}<p>Approved by:</p><ul>{approvals}</ul>"
        f"{note}<p>Evidence:</p><ul>{evidence or '<li>none</li>'}</ul>"
        f'<div class="graph">{graph}</div></section>'
    )


def _not_published(publication: Publication, label: str) -> str:
    """The manufacturer's proposals not published, and why: waiting (for whom) or rejected."""
    rows = []
    for edit_id, status in publication.edit_statuses.items():
        proposal = publication.edits[edit_id]
        if status.state is ReviewState.APPROVED or manufacturer_label(proposal.target) != label:
            continue
        why = f"rejected by {status.rejected_by}: {status.reason}" if status.state is ReviewState.REJECTED else status.waiting_for
        entry = proposal.target
        name = f"{entry.entry_id} ({proposal.origin.kind.value if proposal.origin else 'edit'} {edit_id})"
        rows.append(
            f"<tr><td>{_e(name)}</td><td>{_e(entry.model_name or entry.model_id)}</td>"
            f"<td>{_e(status.state.value)}</td><td>{_e(why)}</td></tr>"
        )
    for entry_id, status in publication.statuses.items():
        proposal = publication.proposals[entry_id]
        if status.state is ReviewState.APPROVED or manufacturer_label(proposal.target) != label:
            continue
        if status.state is ReviewState.PENDING and not needs_review(proposal, status):
            continue
        why = f"rejected by {status.rejected_by}: {status.reason}" if status.state is ReviewState.REJECTED else status.waiting_for
        entry = proposal.target
        rows.append(
            f"<tr><td>{_e(entry_id)}</td><td>{_e(entry.model_name or entry.model_id)}</td>"
            f"<td>{_e(status.state.value)}</td><td>{_e(why)}</td></tr>"
        )
    if not rows:
        return "<p>Nothing is waiting.</p>"
    return (
        "<table><thead><tr><th>Entry</th><th>Model</th><th>State</th><th>Waiting for</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _in_words(counts: PublishCounts) -> str:
    """`1 published, 4 waiting for review, 1 rejected, 1 unchanged.` (what there is of each)."""
    parts = [
        (counts.published, "published"),
        (counts.approved_no_change, "approved, the FIR holds it already"),
        (_waiting(counts), "waiting for review"),
        (counts.rejected, "rejected"),
        (counts.superseded, "superseded by a later approval"),
        (counts.unchanged, "unchanged"),
    ]
    return ", ".join(f"{n} {what}" for n, what in parts if n) + "."


def _the_rest(counts: PublishCounts) -> str:
    """`8 proposals wait for review (7 pending, 1 needing another approval), 1 rejected, ...`"""
    waiting = ", ".join(f"{n} {why}" for n, why in (
        (counts.pending, "pending"), (counts.needs_another_approval, "needing another approval"),
        (counts.conflicts_open, "in conflict"),
    ) if n)  # fmt: skip
    verb = "waits" if _waiting(counts) == 1 else "wait"
    parts = (
        (_waiting(counts), f"{_plural(_waiting(counts), 'proposal')} {verb} for review ({waiting})"),
        (counts.approved_no_change, f"{counts.approved_no_change} approved that the FIR holds already"),
        (counts.rejected, f"{counts.rejected} rejected"),
        (counts.superseded, f"{counts.superseded} superseded by a proposal approved later"),
        (counts.unchanged, f"{counts.unchanged} unchanged (the FIR holds the path already)"),
    )  # fmt: skip
    return ", ".join(text for n, text in parts if n)


def _summary(run: RunInfo, publication: Publication, ids: Mapping[str, str]) -> str:
    counts = publication.counts
    makers = sum(1 for c in publication.by_manufacturer.values() if c.published)
    published = (f"<b>{_plural(counts.published, 'change')} published</b>, for {makers} of "
                 f"{_plural(len(publication.by_manufacturer), 'manufacturer')}.")  # fmt: skip
    rest = _the_rest(counts)
    rest = f" {_e(rest[0].upper() + rest[1:])}." if rest else ""
    inputs = run.inputs
    importer = f"imported by {run.imported_by}" if run.imported_by else "no reviewer recorded as its importer"
    return (
        '<section class="summary" id="summary"><h2>Summary</h2>'
        f"<p>{published}{rest}</p>"
        f'<p class="meta">From run {_e(run.run_id)}, {_e(importer)} and finished '
        f"{_when(run.finished_at)}; CPL export {_e(inputs.get('cpl_export_name', ''))} "
        f"(sha256 {_e(inputs.get('cpl_export', '')[:12])}), FIR export {_e(inputs.get('fir_export_name', ''))} "
        f"(sha256 {_e(inputs.get('fir_export', '')[:12])}).</p>"
        f"{_counts_table(publication, ids)}</section>"
    )


def _manufacturer_section(
    label: str,
    section_id: str,
    publication: Publication,
    cpl: Mapping[str, CplEntry],
    fir_paths: Mapping[str, UpgradePath | None],
) -> str:
    changes = "".join(
        _change_section(c, cpl, fir_paths, publication.received_as)
        for c in publication.changes
        if manufacturer_label(c.entry) == label
    )
    return (
        f'<section class="manufacturer" id="{section_id}"><h2>{_e(label)}</h2>'
        f"<p>{_e(_in_words(publication.by_manufacturer[label]))}</p>"
        f"<h3>Published</h3>{changes or '<p>Nothing published.</p>'}"
        f"<h3>Not published</h3>{_not_published(publication, label)}</section>"
    )


def report_html(
    run: RunInfo,
    publication: Publication,
    cpl: Mapping[str, CplEntry],
    fir_paths: Mapping[str, UpgradePath | None],
    routes_html: str = "",
) -> str:
    """`routes_html`: the routes section (`firpath.publish.routes`), after the manufacturers' sections."""
    ids = _section_ids(list(publication.by_manufacturer))
    sections = "".join(
        _manufacturer_section(label, ids[label], publication, cpl, fir_paths) for label in publication.by_manufacturer
    )
    if not publication.changes:
        sections = "<p>No approved change to publish.</p>" + sections
    title = "FIR Firmware Upgrade Path changes"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{_e(title)}, as of {_e(human_time(publication.as_of))}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1>"
        f'<p class="meta">As of {_when(publication.as_of)} (the latest decision).</p>'
        f"{_summary(run, publication, ids)}{sections}{routes_html}"
        "</body></html>\n"
    )
