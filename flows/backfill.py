"""The backfill: ingest -> extract -> map -> diff -> validate, then the review folder.

One flow; each stage is a task (defined in its own module under flows/), called in the order the
data moves. Stages are tasks rather than subflows because a flow run costs the orchestrator a dozen
API calls (about 0.4 s each on the ephemeral server), a task run a few milliseconds; the work is
batched inside the tasks. Large stage arguments are wrapped in quote(): Prefect would otherwise walk
every nested dataclass of them on each call, looking for futures to resolve.

Run with a DaskTaskRunner (`backfill_on_dask`, `firpath run --dask`), extraction goes in batch
tasks spread over the Dask cluster; the review files and summary are the same as without.

The flow runs as it is from a Prefect deployment (flows/deployment.py, `firpath serve`): it takes
the workdir's lock itself, and finds the store from the workdir (FIRPATH_STORE_URL) when it is not
given one, so no database URL is kept among a deployment's parameters. Its flow run is named
`backfill-<run id>` (as its GX Data Docs are), tagged with the inbox and the CPL export
(flows/labels.py), and carries the summary, the proposals and links to the review files and the Data
Docs as artifacts (flows/artifacts.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from expectations.report import validation_html
from expectations.results import ValidationReport
from firpath.domain import MappedClaim, NeedsReading, ProposedChange, UnmappedClaim
from firpath.domain.documents import DocumentNotice, QuarantinedDocument
from firpath.domain.limits import DocumentLimits
from firpath.runtime.review_files import (
    ReviewFiles,
    replace_folder,
    review_files_in,
    staging_folder,
    write_review_files,
)
from firpath.runtime.timing import stage
from firpath.runtime.workdir_lock import workdir_lock
from firpath.stages.ingest import sniff_kind
from firpath.stages.lapsed_approvals import ApprovalCarryOver
from firpath.stages.summary import RunSummary, run_summary
from flows.approvals import carry_over_approvals
from flows.artifacts import publish_artifacts
from flows.cluster import BATCH_SIZE, DaskSettings, dask_task_runner, is_dask_runner, prefect_api_for_workers
from flows.diff import diff_against_fir, read_fir
from flows.extract import extract_claims, extract_on_cluster
from flows.ingest import store_inbox
from flows.labels import label_flow_run
from flows.map import map_to_cpl, read_cpl_export
from flows.validate import run_expectations
from staging.settings import store_url as workdir_store_url
from staging.store import StagingStore


@dataclass(frozen=True)
class BackfillResult:
    run_id: str
    summary: RunSummary
    review_dir: Path
    files: ReviewFiles
    validation_html: Path
    approvals: ApprovalCarryOver  # the previous run's approvals: which still stand, which lapsed and why
    flow_run_id: str  # the run in Prefect (flows/labels.py: flow_run_ui_url)
    register_findings: tuple[str, ...] = ()  # the FIR's Entry IDs that are not on the CPL


@task(cache_policy=NO_CACHE)
def begin_run(store_url: str, inbox: Path, cpl: Path, fir: Path, imported_by: str) -> tuple[str, dict[str, str]]:
    """The CPL and FIR exports are kept with the run: publishing writes the FIR's own layout, and a
    manifest names exactly which exports a change was checked against. Returns the run ID and
    the inputs' hashes."""
    with StagingStore.open(store_url) as store:
        inputs: dict[str, str] = {}
        for label, path in (("cpl_export", cpl), ("fir_export", fir)):
            data = path.read_bytes()
            inputs[label] = store.runs.store_content(data, sniff_kind(path.name, data))
            inputs[f"{label}_name"] = path.name
        return store.runs.begin_run(str(inbox), inputs, imported_by), inputs


@task(cache_policy=NO_CACHE)
def write_review_folder(
    review_dir: Path,
    run_id: str,
    proposals: list[ProposedChange],
    mapped: list[MappedClaim],
    unmapped: list[UnmappedClaim],
    needs_reading: list[NeedsReading],
    quarantined: list[QuarantinedDocument],
    names: dict[str, list[str]],
    notices: list[DocumentNotice],
    report: ValidationReport,
) -> tuple[ReviewFiles, Path]:
    """Written beside the folder and put in its place in one rename, once the run is saved: the
    review folder always shows a run the store holds as finished."""
    with stage("write review files"):
        staged = staging_folder(review_dir)
        write_review_files(staged, proposals, mapped, unmapped, quarantined, names, notices, needs_reading)
        page = validation_html(report, f"run {run_id}", folder=review_dir)
        (staged / "validation.html").write_text(page, encoding="utf-8")
        replace_folder(staged, review_dir)
    return review_files_in(review_dir), review_dir / "validation.html"


@task(cache_policy=NO_CACHE)
def save_results(
    store_url: str, run_id: str, mapped: list[MappedClaim], unmapped: list[UnmappedClaim],
    needs_reading: list[NeedsReading], proposals: list[ProposedChange], summary: RunSummary,
) -> None:  # fmt: skip
    with stage("save results"), StagingStore.open(store_url) as store:
        store.results.save_results(run_id, mapped, unmapped, proposals, needs_reading)
        store.runs.finish_run(run_id, summary.as_dict())


@flow(name="backfill")
def backfill_flow(
    inbox: Path,
    cpl_path: Path,
    fir_path: Path,
    workdir: Path,
    store_url: str | None = None,
    max_workers: int | None = None,
    imported_by: str = "",
    show_progress: bool = False,
    batch_size: int = BATCH_SIZE,
) -> BackfillResult:
    """`store_url`: default the workdir's (staging.settings); `max_workers`: processes reading
    documents locally (default one per core; 0 reads in this process, without the time and memory
    limits); `batch_size`: documents per extraction task when the flow runs on a DaskTaskRunner
    (`max_workers` then does not apply)."""
    with workdir_lock(workdir, reentrant=True):
        return _backfill(inbox, cpl_path, fir_path, workdir, store_url or workdir_store_url(workdir), max_workers,
                         imported_by, show_progress, batch_size)  # fmt: skip


def _backfill(
    inbox: Path, cpl_path: Path, fir_path: Path, workdir: Path, store_url: str, max_workers: int | None,
    imported_by: str, show_progress: bool, batch_size: int,
) -> BackfillResult:  # fmt: skip
    limits = DocumentLimits()
    run_id, inputs = begin_run(store_url, inbox, cpl_path, fir_path, imported_by)
    label_flow_run(run_id, inbox, cpl_path.name, inputs["cpl_export"])
    cpl, register_notices = read_cpl_export(cpl_path)
    fir = read_fir(fir_path)
    documents, refused = store_inbox(inbox, store_url, run_id, limits)
    if is_dask_runner(FlowRunContext.get().task_runner):
        extraction = extract_on_cluster(store_url, run_id, documents, refused, limits, batch_size, show_progress)
    else:
        processes = (os.cpu_count() or 1) if max_workers is None else max_workers
        extraction = extract_claims(store_url, run_id, quote(documents), quote(refused), processes, limits, show_progress)
    mapped, unmapped, needs_reading = map_to_cpl(quote(extraction.claims), quote(cpl))
    proposals = diff_against_fir(quote(mapped), quote(fir), quote(cpl))
    report, proposals = run_expectations(
        quote(extraction.claims), quote(proposals), quote(cpl), quote(fir), workdir, run_id
    )
    approvals = carry_over_approvals(store_url, quote(proposals))
    summary = run_summary(
        files_received=len(documents) + len(refused),
        documents=extraction.documents,
        documents_read=extraction.read,
        quarantined=len(extraction.quarantined),
        files_not_stored=len(refused),
        mapped=mapped,
        unmapped=unmapped,
        proposals=proposals,
        needs_reading=needs_reading,
        register_rows_left_out=len(register_notices),
        approvals=approvals,
        fir_findings=len(report.register_findings),
    )
    save_results(store_url, run_id, quote(mapped), quote(unmapped), quote(needs_reading), quote(proposals), summary)
    review_dir = workdir / "review"
    files, html_path = write_review_folder(
        review_dir, run_id, quote(proposals), quote(mapped), quote(unmapped), quote(needs_reading),
        quote(extraction.quarantined), quote(extraction.names), quote(register_notices + extraction.notices), quote(report),
    )
    read = {"inbox": inbox, "CPL export": cpl_path, "FIR export": fir_path}
    publish_artifacts(
        run_id, summary, quote(proposals), quote(extraction.names), read, review_dir, quote(approvals),
        report.register_findings, report.data_docs, dict(report.data_docs_pages),
    )  # fmt: skip
    return BackfillResult(
        run_id, summary, review_dir, files, html_path, approvals, flow_run.id, report.register_findings
    )


def backfill_on_dask(
    inbox: Path,
    cpl_path: Path,
    fir_path: Path,
    workdir: Path,
    store_url: str,
    imported_by: str = "",
    show_progress: bool = False,
    *,
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> BackfillResult:
    """The backfill on the Dask cluster at `address` (default: FIRPATH_DASK_ADDRESS), or on a local
    cluster of `workers` processes started for the run if neither is set.

    Every worker must reach the store at `store_url` and the Prefect API (see flows/cluster.py).
    """
    runner = dask_task_runner(address or DaskSettings().address, workers)
    with prefect_api_for_workers():
        on_dask = backfill_flow.with_options(task_runner=runner)
        return on_dask(inbox, cpl_path, fir_path, workdir, store_url, None, imported_by, show_progress, batch_size)
