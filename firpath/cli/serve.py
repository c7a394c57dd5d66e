"""`firpath serve`: the backfill as a Prefect deployment, run on a schedule over a watched inbox."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from firpath.cli.common import DEFAULT_WORKDIR, WorkdirOption, authenticated, console, err, open_store

app = typer.Typer()

NO_SERVER = (
    "firpath serve needs a Prefect server that outlives it, to keep the schedule and the runs: start one "
    "(`prefect server start`) and set PREFECT_API_URL (e.g. http://127.0.0.1:4200/api), or a Prefect profile naming it"
)


@app.command(short_help="Run the backfill on a schedule, as a Prefect deployment.")
def serve(
    inbox: Annotated[Path, typer.Option(help="The folder files are dropped into.")],
    cpl: Annotated[Path, typer.Option(help="CPL export, CSV or XLSX (replace the file to use a newer export).")],
    fir: Annotated[Path, typer.Option(help="FIR export, CSV or XLSX (replace the file to use a newer export).")],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
    every: Annotated[int | None, typer.Option(min=1, help="Run every N minutes (default 60, unless --cron).")] = None,
    cron: Annotated[str | None, typer.Option(help="Run on a cron schedule instead, e.g. '0 7 * * 1-5'.")] = None,
    name: Annotated[str, typer.Option(help="The deployment's name in Prefect.")] = "watched-inbox",
    by: Annotated[str, typer.Option(
        help="The reviewer the scheduled runs are imported by, who signs them with their password (asked for once, "
             "or the first line of standard input) and may then not be the sole approver of what they propose. "
             "Without it the runs record no reviewer.",
    )] = "",  # fmt: skip
) -> None:
    """Serve the backfill as a Prefect deployment: it runs on a schedule until stopped (Ctrl-C)."""
    if every is not None and cron is not None:
        err.print("[red]error:[/] give --every or --cron, not both")
        raise typer.Exit(2)
    for label, path in (("inbox", inbox), ("CPL export", cpl), ("FIR export", fir)):
        if not path.exists():
            err.print(f"[red]error:[/] {label} {path} does not exist")
            raise typer.Exit(2)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # the scheduled runs inherit it
    from prefect.settings import Settings

    if not Settings().api.url:
        err.print(f"[red]error:[/] {NO_SERVER}")
        raise typer.Exit(2)
    importer = _importer(workdir, by)
    from prefect import serve as serve_deployments

    from flows.deployment import backfill_deployment, backfill_parameters

    parameters = backfill_parameters(inbox, cpl, fir, workdir, importer)
    schedule = {"cron": cron} if cron else {"every": timedelta(minutes=every or 60)}
    deployment = backfill_deployment(name, parameters, **schedule)
    console.print(f"firpath serve: backfill of {parameters['inbox']} into {parameters['workdir']}, "
                  f"{f'on {cron!r}' if cron else f'every {every or 60} min'}")  # fmt: skip
    serve_deployments(deployment)


def _importer(workdir: Path, by: str) -> str:
    """As `firpath run --by`: a reviewer who proved it with their password, or nobody (an OS login
    proves nothing). Asked once, before serving: the scheduled runs cannot ask."""
    if not by:
        return ""
    with open_store(workdir, create=False) as store:
        return authenticated(store, by).name
