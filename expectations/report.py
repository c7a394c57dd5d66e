"""A validation report as one self-contained HTML page (inline CSS, no scripts, no external assets).

It is the run's page in the review folder, beside GX's Data Docs (which keep every run): per suite,
each expectation's verdict and counts and every failing row by file and location, then the review
flags per CPL entry, each linked to its proposal in the review app. What it adds to Data Docs: it
opens offline and runs no script (Data Docs load Bootstrap, jQuery and Vega from CDNs), it lists every
failing row (Data Docs show 20 failing values and 10 rows of each), and it gathers the flags per CPL
entry (Data Docs list them per expectation). Every text is HTML-escaped.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from urllib.parse import quote

from expectations.naming import ReviewLinks
from expectations.results import ExpectationOutcome, ValidationReport

KEYS_SHOWN_OPEN = 20  # longer key lists are folded into a <details> element

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.75rem 0 .5rem}
.summary{margin:.25rem 0 1rem;color:#57606a}
table{border-collapse:collapse;width:100%;margin:.25rem 0}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-weight:600;font-size:.8rem}
.pass{background:#dafbe1;color:#116329}.fail{background:#ffebe9;color:#a40e26}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:0 .2rem}
ul.keys{margin:0;padding-left:1.1rem}.muted{color:#57606a}h2 a.muted{font-size:.8rem;font-weight:400}
"""


def validation_html(
    report: ValidationReport, run_label: str, links: ReviewLinks | None = None, folder: Path | None = None
) -> str:
    """The whole page for one run's `ValidationReport`. Given the `folder` the page will be kept in,
    it links the run's Data Docs (the index, and each suite's page of this run) relative to it."""
    links = links or ReviewLinks()
    docs = _data_docs_hrefs(report, folder)
    failed = len(report.failures)
    total = len(report.outcomes)
    verdict = _badge(report.success)
    title = f"firpath expectations: {run_label}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">{verdict} {total - failed} of {total} expectations passed; '
        f"{len(report.flags)} CPL entr{'y' if len(report.flags) == 1 else 'ies'} flagged for review.</p>",
    ]
    if "" in docs:
        parts.append(
            f'<p class="muted">Every run\'s results: <a href="{docs[""]}">Great Expectations Data Docs</a> '
            "(its index needs the network for its scripts; each suite's page below opens without).</p>"
        )
    for suite in report.suites:
        parts.append(_suite_section(suite, [o for o in report.outcomes if o.suite == suite], links, docs.get(suite)))
    parts.append(_register_section(report.register_findings))
    parts.append(_flags_section(report.flags, links))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _badge(success: bool) -> str:
    return '<span class="badge pass">PASS</span>' if success else '<span class="badge fail">FAIL</span>'


def _data_docs_hrefs(report: ValidationReport, folder: Path | None) -> dict[str, str]:
    """"" -> the Data Docs index, suite -> its page of this run: escaped relative links from `folder`."""
    if folder is None or report.data_docs is None:
        return {}
    targets = {"": report.data_docs, **report.data_docs_pages}
    return {k: escape(quote(Path(os.path.relpath(p, folder)).as_posix())) for k, p in targets.items()}


def _suite_section(suite: str, outcomes: list[ExpectationOutcome], links: ReviewLinks, page: str | None) -> str:
    rows = "\n".join(_outcome_row(o, links) for o in outcomes)
    key = escape(outcomes[0].rows_named_by) if outcomes else ""
    in_docs = f' <a class="muted" href="{page}">in Data Docs</a>' if page else ""
    return (
        f"<section><h2>Suite <code>{escape(suite)}</code> {_badge(all(o.success for o in outcomes))}{in_docs}</h2>"
        f'<p class="muted">Rows are named by <code>{key}</code>.</p>'
        "<table><thead><tr><th>Status</th><th>Review flag when failing / expectation</th><th>Rows</th>"
        "<th>Failing</th><th>Failing rows</th><th>Flagged CPL entries</th></tr></thead>"
        f"<tbody>\n{rows}\n</tbody></table></section>"
    )


def _outcome_row(outcome: ExpectationOutcome, links: ReviewLinks) -> str:
    entries = tuple(_entry_link(e, links) for e in outcome.entry_ids)
    return (
        f"<tr><td>{_badge(outcome.success)}</td>"
        f"<td>{escape(outcome.description)}<br><code>{escape(outcome.expectation_type)}</code></td>"
        f'<td class="num">{outcome.element_count}</td><td class="num">{outcome.unexpected_count}</td>'
        f"<td>{_key_list(outcome.rows_named_by, tuple(f'<code>{escape(r)}</code>' for r in outcome.failing_rows))}</td>"
        f"<td>{_key_list('CPL entry', entries)}</td></tr>"
    )


def _entry_link(entry_id: str, links: ReviewLinks) -> str:
    return f'<a href="{escape(links.proposal_url(entry_id))}"><code>{escape(entry_id)}</code></a>'


def _key_list(label: str, items_html: tuple[str, ...]) -> str:
    """A list of items already rendered as HTML, folded when long."""
    if not items_html:
        return '<span class="muted">none</span>'
    listing = '<ul class="keys">' + "".join(f"<li>{item}</li>" for item in items_html) + "</ul>"
    if len(items_html) <= KEYS_SHOWN_OPEN:
        return listing
    return f"<details><summary>{len(items_html)} × {escape(label)}</summary>{listing}</details>"


def _register_section(findings: tuple[str, ...]) -> str:
    """The FIR export checked against the CPL export: every Entry ID the FIR names must be on the CPL."""
    if not findings:
        return ('<section><h2>FIR against the CPL <span class="badge pass">PASS</span></h2>'
                '<p class="muted">Every Entry ID the FIR names, as a row or in a path, is on the CPL.</p></section>')  # fmt: skip
    items = "".join(f"<li>{escape(f)}</li>" for f in findings)
    return (
        '<section><h2>FIR against the CPL <span class="badge fail">FAIL</span></h2>'
        f'<p class="muted">{len(findings)} finding(s): a stale row or a typing slip in the FIR; the proposals '
        f'whose current path is affected are flagged.</p><ul class="keys">{items}</ul></section>'
    )


def _flags_section(flags: dict[str, tuple[str, ...]], links: ReviewLinks) -> str:
    if not flags:
        return '<section><h2>Review flags</h2><p class="muted">No CPL entry is flagged.</p></section>'
    rows = "\n".join(
        f"<tr><td>{_entry_link(entry_id, links)}</td><td><ul class=\"keys\">"
        + "".join(f"<li>{escape(d)}</li>" for d in descriptions)
        + "</ul></td></tr>"
        for entry_id, descriptions in flags.items()
    )
    return (
        "<section><h2>Review flags</h2><table><thead><tr><th>CPL entry</th><th>Failed expectations</th>"
        f"</tr></thead><tbody>\n{rows}\n</tbody></table></section>"
    )
