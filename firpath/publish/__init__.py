"""Publishing: the approved changes as files SECAS can apply, with a manifest and a report.

`publish(board, out_dir)` writes, for the latest run's approved changes only:

- fir_upgrade_path_changes.csv / .xlsx — the FIR export's own layout, changed rows only;
- fir_upgrade_path_changes.parquet — the same table with string columns, for programs;
- report.html — counts, and each change with its evidence, approvers and upgrade graph;
- manifest.json — run, input hashes, rows with approvals and evidence, counts, file hashes.

Nothing depends on the wall clock: publishing again with no new decision gives the same bytes.
Nothing is published from a decision log that fails its check (`ReviewLog.decision_log_problems`);
each publication anchors the log's head (in the store, beside the key and in the manifest), so that
decisions removed later are seen. The folder is written whole beside the target and swapped in
(`firpath.publish.files.write_folder`).

`verify_publication(out_dir)` re-reads the manifest and checks every file against it;
`trace_problems(manifest, store)` checks that the manifest's run, inputs and every row's approvals
are those the staging store holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from firpath.domain import ProposalKind
from firpath.publish.files import PublishRefused, check_target, sha256_bytes, write_folder
from firpath.publish.fir_changes import change_table, csv_bytes, parquet_bytes, xlsx_bytes
from firpath.publish.manifest import (
    MANIFEST_NAME,
    build_manifest,
    manifest_anchor,
    manifest_bytes,
    read_manifest,
    verify_publication,
)
from firpath.publish.report import report_html
from firpath.publish.routes import ROUTES_NAME, publication_routes
from firpath.publish.selection import PublishCounts, collect, iso
from firpath.publish.trace import export_problems, trace_problems
from firpath.review.board import ReviewBoard
from staging.publications import ChangeToRecord

CSV_NAME = "fir_upgrade_path_changes.csv"
XLSX_NAME = "fir_upgrade_path_changes.xlsx"
PARQUET_NAME = "fir_upgrade_path_changes.parquet"
REPORT_NAME = "report.html"


@dataclass(frozen=True)
class PublishedFiles:
    csv: Path
    xlsx: Path
    report: Path
    manifest: Path
    parquet: Path
    routes: Path | None = None  # routes.csv: every entry to its device's newest release after the changes


@dataclass(frozen=True)
class PublishResult:
    out_dir: Path
    run_id: str
    as_of: datetime  # the latest decision's time (UTC)
    published: tuple[str, ...]  # CPL Entry IDs of the published rows, in file order
    counts: PublishCounts
    files: PublishedFiles
    file_sha256: dict[str, str]  # file name -> sha256, manifest.json included
    stranded_by_changes: tuple[str, ...] = ()  # entries whose approved path strands others (graph checks)
    route_counts: dict[str, int] | None = None  # route status -> CPL entries, after the changes


PUBLISHED_NAMES = frozenset({CSV_NAME, XLSX_NAME, PARQUET_NAME, REPORT_NAME, MANIFEST_NAME, ROUTES_NAME})


def publish(board: ReviewBoard, out_dir: Path) -> PublishResult:
    """Make `out_dir` (new, empty, or an earlier publication) hold the approved changes of `board`'s
    run; PublishRefused, with nothing written, when the decision log fails its check, a cell firpath
    would write is not a plain Entry ID, or the folder holds other files."""
    out_dir = Path(out_dir)
    check_target(out_dir, set(PUBLISHED_NAMES))
    if problems := board.store.reviews.decision_log_problems():
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise PublishRefused(f"the decision log fails its check, so nothing was published: {shown} "
                             "(`firpath check` lists every problem)")  # fmt: skip
    publication = collect(board)
    table = change_table(board.fir, publication.changes)
    routes = publication_routes(board, publication)  # the graph checks run here, before anything is written
    anchor = board.store.reviews.anchor("publish", at=publication.as_of)
    contents = {
        CSV_NAME: csv_bytes(table),
        XLSX_NAME: xlsx_bytes(table, publication.as_of),
        PARQUET_NAME: parquet_bytes(table),
        REPORT_NAME: report_html(
            board.run, publication, board.cpl, board.fir.paths, routes.section_html
        ).encode("utf-8"),
        ROUTES_NAME: routes.csv,
    }
    hashes = {name: sha256_bytes(data) for name, data in contents.items()}
    contents[MANIFEST_NAME] = manifest_bytes(build_manifest(board.run, publication, table, hashes, anchor))
    write_folder(out_dir, contents)
    # once the folder is in place: the register view shows these as published, a withdrawal undoes one
    board.store.publications.record(board.run.run_id, publication.as_of, str(out_dir.resolve()),
                                    sha256_bytes(contents[MANIFEST_NAME]), [
        ChangeToRecord(c.entry.entry_id, c.old, c.new, c.proposal_hash,
                       "document" if c.origin is None else "edit" if c.origin.kind is ProposalKind.EDIT else "withdrawal")
        for c in publication.changes
    ])  # fmt: skip
    return PublishResult(
        out_dir=out_dir,
        run_id=publication.run_id,
        as_of=publication.as_of,
        published=tuple(c.entry.entry_id for c in publication.changes),
        counts=publication.counts,
        files=PublishedFiles(
            csv=out_dir / CSV_NAME, xlsx=out_dir / XLSX_NAME, report=out_dir / REPORT_NAME,
            manifest=out_dir / MANIFEST_NAME, parquet=out_dir / PARQUET_NAME, routes=out_dir / ROUTES_NAME,
        ),  # fmt: skip
        file_sha256={**hashes, MANIFEST_NAME: sha256_bytes(contents[MANIFEST_NAME])},
        stranded_by_changes=routes.stranded_by_changes,
        route_counts=routes.counts,
    )


def publish_summary_lines(result: PublishResult) -> list[str]:
    """A few lines for the terminal after `firpath publish`."""
    counts = result.counts
    shown = "" if not result.published else ": " + ", ".join(result.published[:12]) + (
        f" and {len(result.published) - 12} more" if len(result.published) > 12 else ""
    )
    return [
        f"Published   {counts.published} approved change(s){shown}",
        f"Waiting     {counts.pending} pending, {counts.needs_another_approval} needing another approval, "
        f"{counts.conflicts_open} conflict(s) open; {counts.rejected} rejected",
        f"No change   {counts.approved_no_change} approved but already in the FIR, {counts.unchanged} unchanged "
        f"(of {counts.proposals} proposals)",
        f"As of       {iso(result.as_of)} (latest decision), run {result.run_id}",
        f"Files       {result.out_dir}/ ({CSV_NAME}, {XLSX_NAME}, {PARQUET_NAME}, {REPORT_NAME}, {MANIFEST_NAME}, {ROUTES_NAME})",
        *_route_lines(result),
    ]


def _route_lines(result: PublishResult) -> list[str]:
    """The graph checks' verdict on the approved paths: whatever they strand, said before anyone applies them."""
    counts = result.route_counts or {}
    lines = [f"Routes      {ROUTES_NAME}: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))]
    if result.stranded_by_changes:
        lines.append(f"Warning     the approved path of {', '.join(result.stranded_by_changes)} strands entries "
                     f"that could reach the newest release before: see {REPORT_NAME}, Upgrade routes")  # fmt: skip
    return lines


__all__ = [
    "PUBLISHED_NAMES",
    "PublishCounts",
    "PublishRefused",
    "PublishResult",
    "PublishedFiles",
    "export_problems",
    "manifest_anchor",
    "publish",
    "publish_summary_lines",
    "read_manifest",
    "trace_problems",
    "verify_publication",
]
