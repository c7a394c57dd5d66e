"""Artifacts: what a backfill leaves on its flow run in Prefect's UI.

The summary (markdown), the proposals (a table), a link to each file of the review folder and links
to the GX Data Docs: their index and this run's page of each suite. The summary and the table are
keyed, so the UI's Artifacts page keeps their history across runs; the links belong to the run only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from prefect import task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from firpath.domain import ProposedChange
from firpath.runtime.review_files import proposed_change_row
from firpath.stages.lapsed_approvals import ApprovalCarryOver
from firpath.stages.summary import RunSummary, summary_markdown

SUMMARY_KEY = "backfill-summary"
PROPOSALS_KEY = "backfill-proposals"
# proposed_changes.csv without the long columns (sources, evidence) and the CPL entry's identifiers
PROPOSAL_COLUMNS = (
    "cpl_entry_id", "manufacturer", "model", "hardware_version", "firmware_version", "current_upgrade_path",
    "proposed_upgrade_path", "change", "alternatives", "review_flags",
)  # fmt: skip


def run_summary_markdown(
    run_id: str, summary: RunSummary, inputs: Mapping[str, Path], review_dir: Path,
    approvals: ApprovalCarryOver | None = None, register_findings: Sequence[str] = (),
) -> str:  # fmt: skip
    """The terminal's summary lines, the approvals carried over and the FIR findings included."""
    read = "\n".join(f"- {label}: `{path}`" for label, path in inputs.items())
    table = summary_markdown(summary, approvals, register_findings)
    return f"# Backfill run {run_id}\n\n{table}\n\nRead:\n{read}\n\nReview files: `{review_dir}`\n"


def proposal_rows(proposals: Sequence[ProposedChange], names: Mapping[str, Sequence[str]]) -> list[dict[str, str]]:
    rows = (proposed_change_row(p, names) for p in proposals)
    return [{column: row[column] for column in PROPOSAL_COLUMNS} for row in rows]


def review_file_links(review_dir: Path) -> list[tuple[str, str]]:
    """(link, text) for each file of the review folder, whatever the run wrote there."""
    return [(path.resolve().as_uri(), path.name) for path in sorted(review_dir.iterdir()) if path.is_file()]


def data_docs_links(index: Path | None, pages: Mapping[str, Path]) -> list[tuple[str, str]]:
    """(link, text) for the Data Docs index, then this run's page of each suite, by suite name."""
    links = [(index.resolve().as_uri(), "Data Docs")] if index is not None else []
    return links + [(pages[suite].resolve().as_uri(), f"Data Docs: {suite}") for suite in sorted(pages)]


@task(cache_policy=NO_CACHE)
def publish_artifacts(
    run_id: str, summary: RunSummary, proposals: list[ProposedChange], names: dict[str, list[str]],
    inputs: dict[str, Path], review_dir: Path, approvals: ApprovalCarryOver | None = None,
    register_findings: tuple[str, ...] = (), data_docs: Path | None = None,
    data_docs_pages: dict[str, Path] | None = None,
) -> None:  # fmt: skip
    """Prefect's work, not a stage's: its time counts as orchestration (benchmarks/run.py)."""
    create_markdown_artifact(
        run_summary_markdown(run_id, summary, inputs, review_dir, approvals, register_findings), key=SUMMARY_KEY,
        description=f"firpath run {run_id}: what was read and what is proposed",
    )  # fmt: skip
    create_table_artifact(
        proposal_rows(proposals, names), key=PROPOSALS_KEY,
        description=f"firpath run {run_id}: one row per CPL entry a source spoke about (every column: "
        "proposed_changes.csv)",
    )  # fmt: skip
    for link, text in review_file_links(review_dir):
        create_link_artifact(link, link_text=text, description=f"firpath run {run_id}: review file")
    for link, text in data_docs_links(data_docs, data_docs_pages or {}):
        create_link_artifact(link, link_text=text, description=f"firpath run {run_id}: Great Expectations Data Docs")
