"""The `firpath` command: `firpath run` on an inbox, `firpath demo` on a generated one."""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from flows.prefect_api import RunApi

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__, pretty_exceptions_show_locals=False)
console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DEFAULT_WORKDIR = Path(".firpath")

WorkdirOption = Annotated[
    Path, typer.Option("--workdir", help="Where the staging store and review files go.", file_okay=False)
]


def _quiet_prefect(verbose: bool) -> None:
    """Prefect's own chatter (server start-up, task states, telemetry) stays out of the user's terminal
    unless asked for; must run before prefect is first imported."""
    defaults = {
        # Prefect's own lines (task states, retries, crashes) only with --verbose: what goes wrong
        # reaches the user as firpath's message, or as the exception, not twice
        "PREFECT_LOGGING_LEVEL": "INFO" if verbose else "CRITICAL",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING" if verbose else "CRITICAL",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",  # a fresh PREFECT_HOME migrates its DB first
        "GX_ANALYTICS_ENABLED": "false",
        # The stage flows hand each other lists of claims and proposals as parameters; the server's
        # default 512 KB cap on a flow run's parameters refuses them for a large inbox (0: no cap).
        # Passing references through the staging store instead is the lasting fix.
        "PREFECT_SERVER_API_MAX_PARAMETER_SIZE": "0",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    if not verbose:  # a connection closed by a Ctrl-C is logged as an error: the run says it was interrupted
        logging.getLogger("sqlalchemy.pool").setLevel(logging.CRITICAL)


def _run(
    inbox: Path, cpl: Path, fir: Path, workdir: Path, workers: int | None, verbose: bool, by: str,
    dask: bool = False, dask_workers: int | None = None,
) -> None:  # fmt: skip
    """The run's Prefect server is started first: it boots in its own process while this one checks
    the registers, takes the workdir and imports the pipeline (see flows/prefect_api.py). Nothing is
    written until the registers have passed and the workdir is this run's."""
    _quiet_prefect(verbose)
    from firpath.runtime.workdir_lock import WorkdirBusy, workdir_lock
    from firpath.runtime.worker_pool import WorkersFailing
    from flows.prefect_api import run_api

    for label, path in (("inbox", inbox), ("CPL export", cpl), ("FIR export", fir)):
        if not path.exists():
            err.print(f"[red]error:[/] {label} {path} does not exist")
            raise typer.Exit(2)
    if not inbox.is_dir():
        err.print(f"[red]error:[/] inbox {inbox} is not a folder")
        raise typer.Exit(2)
    phases = _Phases()
    try:
        with run_api() as api:
            phases.lap("start the Prefect server")
            _check_registers(cpl, fir)
            with workdir_lock(workdir):
                if api is not None:
                    api.keep_log(workdir / "logs" / "prefect-server.log")
                _backfill(inbox, cpl, fir, workdir, workers, by, dask, dask_workers, api, phases)
    except WorkdirBusy as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    except WorkersFailing as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    except KeyboardInterrupt:
        # Every write to the store is a transaction: what was read is kept, and the next run reads
        # only what this one did not.
        err.print("firpath: interrupted; what was read so far is kept: run the same command again to carry on")
        raise typer.Exit(130) from None


def _check_registers(cpl: Path, fir: Path) -> None:
    """The registers' problems are reported plainly, before any work starts."""
    from extractors.registers import RegisterError, load_cpl, load_fir

    try:
        load_cpl(cpl)
        load_fir(fir)
    except RegisterError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


class _Phases:
    """Where a run's wall time went, phase by phase (benchmarks/run.py reads them)."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.started_at = time.time()  # the wall clock too: a benchmark compares it with its own
        self.seconds: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self.last
        self.last = now

    @property
    def total(self) -> float:
        return self.last - self.started


def _backfill(
    inbox: Path, cpl: Path, fir: Path, workdir: Path, workers: int | None, by: str, dask: bool,
    dask_workers: int | None, api: RunApi | None, phases: _Phases,
) -> None:  # fmt: skip
    from flows.prefect_api import PrefectApiError, run_settings

    _open_store(workdir).close()  # an incompatible store is reported before any work starts
    phases.lap("check the registers and the store")
    from firpath.stages.summary import summary_lines
    from flows.backfill import backfill_flow, backfill_on_dask
    from staging.settings import store_url

    phases.lap("import the pipeline")
    console.print(f"firpath: backfill of {inbox} against {cpl.name} and {fir.name} ...")
    try:
        api_url = None if api is None else api.wait_ready(float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]))
    except PrefectApiError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    phases.lap("wait for the Prefect server")
    with run_settings(api_url):
        if dask:
            result = backfill_on_dask(
                inbox.resolve(), cpl.resolve(), fir.resolve(), workdir.resolve(), store_url(workdir), by,
                show_progress=True, workers=dask_workers,
            )
        else:
            result = backfill_flow(
                inbox.resolve(), cpl.resolve(), fir.resolve(), workdir.resolve(), store_url(workdir), workers,
                by, show_progress=True,
            )
    phases.lap("backfill flow")
    if api is not None:
        api.finish()
    phases.lap("stop the Prefect server")
    if timings_file := os.environ.get("FIRPATH_TIMINGS_FILE"):  # for benchmarks/run.py
        from firpath.runtime.timing import totals

        timings = {"stages": totals(), "phases": phases.seconds, "started_at": phases.started_at, "ended_at": time.time()}
        Path(timings_file).write_text(json.dumps(timings), encoding="utf-8")
    console.print()
    for line in summary_lines(result.summary):
        console.print(line)
    console.print(f"Review      {result.review_dir}/ (proposed_changes.csv/.xlsx, unmapped.csv, quarantine.csv, "
                  f"notices.csv, claims.csv, validation.html)")  # fmt: skip
    console.print(f"Run {result.run_id} finished in {phases.total:.1f} s")


@app.command()
def run(
    inbox: Annotated[Path, typer.Option(help="Folder of what arrived: PDFs, .eml/.msg, XLSX/CSV, any layout.")],
    cpl: Annotated[Path, typer.Option(help="CPL export, CSV or XLSX.")],
    fir: Annotated[Path, typer.Option(help="FIR export, CSV or XLSX.")],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
    workers: Annotated[int | None, typer.Option(help="Processes reading documents (default: one per core).")] = None,
    verbose: Annotated[bool, typer.Option(help="Show Prefect's own logs.")] = False,
    by: Annotated[str, typer.Option(help="Who runs the import (may not be the sole approver of its claims).")] = "",
    dask: Annotated[bool, typer.Option(
        "--dask", help="Read documents on a Dask cluster: the scheduler at FIRPATH_DASK_ADDRESS, else a local "
                       "cluster started for the run. Every worker must reach the store (FIRPATH_STORE_URL).",
    )] = False,  # fmt: skip
    dask_workers: Annotated[int | None, typer.Option(
        min=1, help="Worker processes of the local Dask cluster (default: one per core).",
    )] = None,  # fmt: skip
) -> None:
    """Read the inbox, map every stated upgrade path to CPL entries, and write the review folder."""
    if dask and workers is not None:
        err.print("[red]error:[/] --workers is for reading without --dask; with it, see --dask-workers")
        raise typer.Exit(2)
    if dask or dask_workers is not None:
        from flows.cluster import DaskSettings
        from staging.settings import store_url

        address = DaskSettings().address
        if dask_workers is not None and (not dask or address):
            err.print("[red]error:[/] --dask-workers is for the local cluster of --dask, without FIRPATH_DASK_ADDRESS")
            raise typer.Exit(2)
        if address and store_url(workdir).startswith("sqlite"):
            err.print(f"note: the Dask workers at {address} must all reach the SQLite store in {workdir}: "
                      "fine on this machine; for a cluster of several, set FIRPATH_STORE_URL to PostgreSQL")  # fmt: skip
    _run(inbox, cpl, fir, workdir, workers, verbose, by or getpass.getuser(), dask, dask_workers)


@app.command()
def demo(
    workdir: WorkdirOption = DEFAULT_WORKDIR,
    verbose: Annotated[bool, typer.Option(help="Show Prefect's own logs.")] = False,
) -> None:
    """Generate a realistic sample inbox, CPL and FIR under WORKDIR/demo and run the backfill on it."""
    from firpath.demo import write_demo

    inputs = write_demo(workdir)
    console.print(f"firpath demo: sample inbox, CPL and FIR written to {inputs.inbox.parent}")
    _run(inputs.inbox, inputs.cpl, inputs.fir, workdir, None, verbose, getpass.getuser())


review_app = typer.Typer(no_args_is_help=True, help="Review proposed changes: web app, Excel round trip, accounts.")
app.add_typer(review_app, name="review")


def _open_store(workdir: Path):  # noqa: ANN202
    from staging.engine import StagingError
    from staging.settings import store_url
    from staging.store import StagingStore

    try:
        return StagingStore.open(store_url(workdir))
    except StagingError as exc:
        err.print(f"[red]error:[/] staging store of {workdir}: {exc} (use a new --workdir, or delete this one)")
        raise typer.Exit(2) from exc


def _board(workdir: Path):  # noqa: ANN202 (imports stay lazy: `firpath --help` must be instant)
    from firpath.review.board import NothingToReview, ReviewBoard

    store = _open_store(workdir)
    try:
        return ReviewBoard.open(store)
    except NothingToReview as exc:
        store.close()
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


@review_app.command("add-user")
def review_add_user(
    name: Annotated[str, typer.Argument(help="The reviewer's sign-in name.")],
    admin: Annotated[bool, typer.Option(help="May manage other reviewers.")] = False,
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Create a reviewer. The password is read from a prompt (or standard input), never the command line."""
    from firpath.review.accounts import add_user
    from staging.engine import StagingError

    if sys.stdin.isatty():
        password = getpass.getpass(f"Password for {name}: ")
        if getpass.getpass("Again: ") != password:
            err.print("[red]error:[/] the passwords differ")
            raise typer.Exit(2)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    store = _open_store(workdir)
    try:
        add_user(store, name, password, admin=admin)
    except (ValueError, StagingError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    console.print(f"Reviewer {name} added{' (admin)' if admin else ''}")


@review_app.command("serve")
def review_serve(
    host: Annotated[str | None, typer.Option(
        help="Address to listen on (default 127.0.0.1, or FIRPATH_REVIEW_HOST); keep to loopback unless told otherwise.",
    )] = None,  # fmt: skip
    port: Annotated[int | None, typer.Option(help="Port (default 8050, or FIRPATH_REVIEW_PORT).")] = None,
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Serve the review web app (sign-in required) until interrupted."""
    from pydantic import ValidationError

    from firpath.review.web import serve
    from firpath.review.web.settings import ReviewAppSettings

    try:
        settings = ReviewAppSettings()
    except ValidationError as exc:
        err.print(f"[red]error:[/] review app settings (FIRPATH_REVIEW_...): {exc}")
        raise typer.Exit(2) from exc
    _board(workdir).store.close()  # say plainly if there is nothing to review yet
    serve(workdir, host, port, settings=settings)


@review_app.command("export")
def review_export(
    out: Annotated[Path, typer.Option("--out", help="Workbook to write (.xlsx).", dir_okay=False)],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Write a review workbook: one row per proposal, evidence, and decision columns to fill in."""
    from firpath.review.workbook import export_workbook

    board = _board(workdir)
    try:
        rows = export_workbook(board, out)
    finally:
        board.store.close()
    console.print(f"Wrote {rows} proposals for review to {out}")


@review_app.command("import")
def review_import(
    file: Annotated[Path, typer.Argument(help="A workbook written by `firpath review export`, with decisions.")],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who made the decisions in this workbook.")],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Read decisions back; each row is checked against the proposal it was exported from."""
    from firpath.review.workbook import NotAReviewWorkbook, format_import_report, import_workbook

    board = _board(workdir)
    try:
        result = import_workbook(board, file, reviewer)
    except (NotAReviewWorkbook, ValueError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    finally:
        board.store.close()
    console.print(format_import_report(result, file))
    if result.refused:
        raise typer.Exit(1)


@app.command()
def publish(
    out: Annotated[Path, typer.Option("--out", help="Folder for the signed-off changes.", file_okay=False)],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Write only the approved changes (FIR layout CSV/XLSX), manifest.json and report.html."""
    from firpath.publish import publish as publish_changes
    from firpath.publish import publish_summary_lines

    board = _board(workdir)
    try:
        result = publish_changes(board, out)
    finally:
        board.store.close()
    for line in publish_summary_lines(result):
        console.print(line)


@app.command()
def verify(
    out: Annotated[Path, typer.Option("--out", help="A folder written by `firpath publish`.", file_okay=False)],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
    cpl: Annotated[Path | None, typer.Option(help="Also check that this CPL export is the one published from.")] = None,
    fir: Annotated[Path | None, typer.Option(help="Also check that this FIR export is the one published from.")] = None,
) -> None:
    """Check a publication: its files against the manifest, the manifest against the run, its inputs
    and the decision log, and the decision log's hash chain."""
    from firpath.publish import export_problems, read_manifest, trace_problems, verify_publication

    problems = verify_publication(out)
    manifest, _ = read_manifest(out)  # why it cannot be read is among the problems already
    with _open_store(workdir) as store:
        if manifest is not None:
            problems += trace_problems(manifest, store)
        problems += [f"decision log: {p}" for p in store.reviews.decision_log_problems()]
    if manifest is not None:
        exports = {key: path for key, path in (("cpl_export", cpl), ("fir_export", fir)) if path is not None}
        problems += export_problems(manifest, exports)
    for problem in problems:
        console.print(f"problem: {problem}")
    if problems:
        raise typer.Exit(1)
    console.print(f"{out}: every file matches its manifest; every row traces to approvals in the decision log "
                  "and to the run's inputs; the decision log is intact")  # fmt: skip


@app.command()
def check(workdir: WorkdirOption = DEFAULT_WORKDIR) -> None:
    """Check the staging store's integrity: exit 1 if it is damaged or contradicts itself.

    Notes (a run that was interrupted, work the next run redoes) are printed but are not problems.
    """
    from staging.settings import DEFAULT_FILE_NAME, StoreSettings, store_url

    if not StoreSettings().url and not Path(workdir, DEFAULT_FILE_NAME).is_file():
        err.print(f"[red]error:[/] no staging store in {workdir} (run `firpath run` first, or pass --workdir)")
        raise typer.Exit(2)
    with _open_store(workdir) as store:
        report = store.integrity_check()
        n = store.counts()
    console.print(
        f"Store       {_shown_url(store_url(workdir))}: {n.runs} runs ({n.unfinished_runs} unfinished), "
        f"{n.documents} documents, {n.arrivals} arrivals, {n.extractions} extractions ({n.quarantined} quarantined), "
        f"{n.claims} claims, {n.decisions} decisions"
    )
    for note in report.notes:
        console.print(f"note: {note}")
    for problem in report.problems:
        console.print(f"problem: {problem}")
    if report.problems:
        console.print(f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''} found: "
                      "the store is damaged; keep a copy of it and report it")  # fmt: skip
        raise typer.Exit(1)
    console.print("Integrity check passed")


def _shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main() -> None:
    """The `firpath` command. Once a command is done and its output flushed, the process ends
    without the interpreter's teardown: with Prefect and Great Expectations loaded that takes about
    a second, and everything a command writes is written (and closed) by the time it returns."""
    try:
        app()
        code: int = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int | None):
            err.print(exc.code)
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    main()
