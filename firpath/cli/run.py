"""`firpath run` on an inbox, `firpath demo` on a generated one."""

from __future__ import annotations

import gc
import json
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from firpath.cli.common import DEFAULT_WORKDIR, WorkdirOption, authenticated, console, err, open_store

if TYPE_CHECKING:
    from flows.prefect_api import RunApi

app = typer.Typer()


def _quiet_prefect(verbose: bool) -> None:
    """Prefect's own chatter (server start-up, task states, telemetry) stays out of the user's terminal
    unless asked for; must run before prefect is first imported."""
    defaults = {
        # Prefect's own lines (task states, retries, crashes) only with --verbose: what goes wrong
        # reaches the user as firpath's message, or as the exception, not twice
        "PREFECT_LOGGING_LEVEL": "INFO" if verbose else "CRITICAL",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # the client's telemetry too: on a terminal, its first import in a new PREFECT_HOME would
        # print a notice across the run's progress (and report the "new user")
        "DO_NOT_TRACK": "1",
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
    gc.disable()  # until the pipeline is loaded (see _backfill), or the run ends before it is
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
        _interrupted()
    except Exception as exc:
        if not during_interrupt(exc):
            raise
        _interrupted()  # a library failed while a Ctrl-C unwound it (Prefect: "Task run is not set")
    finally:  # the collector as it was, for a caller that goes on (a test runs the command in its process)
        gc.unfreeze()
        gc.enable()


def during_interrupt(exc: BaseException) -> bool:
    """Whether an error was raised while a Ctrl-C was being handled: the interrupt is what happened."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _interrupted() -> NoReturn:
    # Every write to the store is a transaction: what was read is kept, and the next run reads
    # only what this one did not.
    err.print("firpath: interrupted; what was read so far is kept: run the same command again to carry on")
    raise typer.Exit(130) from None


def _check_registers(cpl: Path, fir: Path) -> None:
    """The registers' problems are reported plainly, before any work starts."""
    from extractors.registers import RegisterError, load_fir, read_cpl

    try:
        export = read_cpl(cpl, cpl.read_bytes())
        load_fir(fir)
    except OSError as exc:
        err.print(f"[red]error:[/] {cpl}: cannot be read ({exc.strerror or exc})")
        raise typer.Exit(2) from exc
    except RegisterError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    if export.skipped:  # the run goes on without them; notices.csv lists each
        shown = "; ".join(export.skipped[:3]) + (f"; and {len(export.skipped) - 3} more" if len(export.skipped) > 3 else "")
        err.print(f"[yellow]warning:[/] {cpl}: {len(export.skipped)} row(s) left out: {shown}")


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

    open_store(workdir).close()  # an incompatible store is reported before any work starts
    phases.lap("check the registers and the store")
    from firpath.stages.summary import summary_lines
    from flows.backfill import backfill_flow, backfill_on_dask
    from staging.settings import store_url

    # What is loaded by now (Prefect, Great Expectations, pandas, the registers) lives as long as the
    # run and holds no garbage: the collector was held off while it loaded (_run), and now leaves it
    # out of its full passes, each of which would walk all of it again (about 0.2 s a pass).
    gc.freeze()
    gc.enable()
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
    for line in summary_lines(result.summary, result.approvals, result.register_findings):
        console.print(line)
    console.print(f"Review      {result.review_dir}/ (proposed_changes.csv/.xlsx, unmapped.csv, needs_reading.csv, "
                  f"quarantine.csv, notices.csv, claims.csv, each also .parquet; validation.html)")  # fmt: skip
    from expectations.gx_project import data_docs_index

    console.print(f"Data Docs   {data_docs_index(workdir)} (Great Expectations: every run's validation results)")
    if api_url is None:  # a server Prefect's settings name: it outlives the run, and may show it
        from flows.labels import flow_run_ui_url

        if ui_url := flow_run_ui_url(result.flow_run_id):
            console.print(f"Prefect     {ui_url}")
    console.print(f"Run {result.run_id} finished in {phases.total:.1f} s")


def _importer(workdir: Path, by: str) -> str:
    """Who the run records as having started it: a reviewer who proved it with their password, or
    nobody (an OS login or a name typed on the command line proves nothing)."""
    if not by:
        return ""
    with open_store(workdir) as store:
        return authenticated(store, by).name


@app.command()
def run(
    inbox: Annotated[Path, typer.Option(help="Folder of what arrived: PDFs, .eml/.msg, XLSX/CSV, any layout.")],
    cpl: Annotated[Path, typer.Option(help="CPL export, CSV or XLSX.")],
    fir: Annotated[Path, typer.Option(help="FIR export, CSV or XLSX.")],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
    workers: Annotated[int | None, typer.Option(help="Processes reading documents (default: one per core).")] = None,
    verbose: Annotated[bool, typer.Option(help="Show Prefect's own logs.")] = False,
    by: Annotated[str, typer.Option(
        help="The reviewer running the import, who signs it with their password (asked for, or the first line of "
             "standard input) and may then not be the sole approver of what it proposes. Without it the run "
             "records no reviewer.",
    )] = "",  # fmt: skip
    dask: Annotated[bool, typer.Option(
        "--dask", help="Read documents on a Dask cluster: the scheduler at FIRPATH_DASK_ADDRESS, else a local "
                       "cluster started for the run. Every worker must reach the store (FIRPATH_STORE_URL).",
    )] = False,  # fmt: skip
    dask_workers: Annotated[int | None, typer.Option(
        min=1, help="Worker processes of the local Dask cluster (default: one per core).",
    )] = None,  # fmt: skip
) -> None:
    """Read an inbox and propose upgrade paths for review.

    Every stated base-version requirement is mapped to CPL entries, compared with the FIR and
    checked; the proposals and their evidence go to WORKDIR/review.
    """
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
    importer = _importer(workdir, by)  # asks for the password before any progress is drawn
    from firpath.runtime.progress import shown_progress

    with shown_progress():  # on a terminal, from the first second; piped, none
        _run(inbox, cpl, fir, workdir, workers, verbose, importer, dask, dask_workers)


@app.command()
def demo(
    workdir: WorkdirOption = DEFAULT_WORKDIR,
    verbose: Annotated[bool, typer.Option(help="Show Prefect's own logs.")] = False,
) -> None:
    """Run the backfill on a generated sample inbox, CPL and FIR.

    They are written under WORKDIR/demo, the same bytes every time.
    """
    from firpath.demo import write_demo
    from firpath.runtime.progress import shown_progress

    with shown_progress():
        inputs = write_demo(workdir)
        console.print(f"firpath demo: sample inbox, CPL and FIR written to {inputs.inbox.parent}")
        _run(inputs.inbox, inputs.cpl, inputs.fir, workdir, None, verbose, "")
