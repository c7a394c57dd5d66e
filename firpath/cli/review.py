"""`firpath review`: the web app, the Excel round trip and reviewer accounts."""

from __future__ import annotations

import errno
import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

from firpath.cli.common import DEFAULT_WORKDIR, WorkdirOption, console, err, open_board, open_store

app = typer.Typer(no_args_is_help=True, help="Review proposed changes: web app, Excel round trip, accounts.")


@app.command("add-user")
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
    store = open_store(workdir)
    try:
        add_user(store, name, password, admin=admin)
    except (ValueError, StagingError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    console.print(f"Reviewer {name} added{' (admin)' if admin else ''}")


@app.command("serve")
def review_serve(
    host: Annotated[str | None, typer.Option(
        help="Address to listen on (default 127.0.0.1, or FIRPATH_REVIEW_HOST); keep to loopback unless told otherwise.",
    )] = None,  # fmt: skip
    port: Annotated[int | None, typer.Option(help="Port (default 8050, or FIRPATH_REVIEW_PORT).")] = None,
    workdir: WorkdirOption = DEFAULT_WORKDIR,
    estate: Annotated[Path | None, typer.Option(
        "--estate", help="A MAP's estate (CSV/XLSX with device counts, or FIRPATH_REVIEW_ESTATE): each proposal "
                         "shows the devices its route changes affect; the queue sorts by them.", dir_okay=False,
    )] = None,  # fmt: skip
) -> None:
    """Serve the review web app (sign-in required) until interrupted."""
    from pydantic import ValidationError

    from firpath.review.web import serve
    from firpath.review.web.settings import ReviewAppSettings

    try:
        settings = ReviewAppSettings(**({"estate": estate} if estate is not None else {}))
    except ValidationError as exc:
        err.print(f"[red]error:[/] review app settings (FIRPATH_REVIEW_...): {exc}")
        raise typer.Exit(2) from exc
    board = open_board(workdir)  # say plainly if there is nothing to review yet
    try:
        if settings.estate is not None:
            _check_estate(settings.estate, board)
    finally:
        board.store.close()
    host = settings.host if host is None else host
    port = settings.port if port is None else port
    if problem := _cannot_listen(host, port):
        err.print(f"[red]error:[/] {problem}")
        raise typer.Exit(2)
    try:
        serve(workdir, host, port, settings=settings)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        err.print(f"[red]error:[/] {_listen_problem(host, port, exc)}")  # taken since the check
        raise typer.Exit(2) from exc


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the app could not listen on host:port, found by binding there (as waitress will, with
    SO_REUSEADDR) before anything says it is serving."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        return _listen_problem(host, port, exc)
    return None


def _listen_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} on {host} is in use (another `firpath review serve`?): stop what holds it, "
                "or choose another with --port (or FIRPATH_REVIEW_PORT)")  # fmt: skip
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port} (ports below 1024 need privileges): choose another with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}:{port}: {host} is not an address of this machine (see --host)"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def _check_estate(path: Path, board) -> None:  # noqa: ANN001 (a ReviewBoard: imports stay lazy)
    """An estate that cannot be read stops the app before it starts; rows it cannot match are named."""
    from firpath.stages.estate import EstateError, read_estate

    try:
        estate = read_estate(path, path.read_bytes(), board.cpl.values())
    except (OSError, EstateError) as exc:
        err.print(f"[red]error:[/] --estate {path}: {exc}")
        raise typer.Exit(2) from exc
    console.print(f"Estate      {estate.matched_devices:,} devices on {len(estate.devices)} CPL entries; "
                  f"{len(estate.unmatched)} row(s) matched none")  # fmt: skip


@app.command("export")
def review_export(
    out: Annotated[Path, typer.Option("--out", help="Workbook to write (.xlsx).", dir_okay=False)],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Write a review workbook for reviewers who prefer Excel.

    One row per proposal, its evidence, and decision columns to fill in.
    """
    from firpath.review.workbook import export_workbook

    board = open_board(workdir)
    try:
        rows = export_workbook(board, out)
    finally:
        board.store.close()
    console.print(f"Wrote {rows} proposals for review to {out}")


@app.command("import")
def review_import(
    file: Annotated[Path, typer.Argument(help="A workbook written by `firpath review export`, with decisions.")],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who made the decisions in this workbook.")],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Read a review workbook's decisions back.

    Each row is checked against the proposal it was exported from.
    """
    from firpath.review.workbook import NotAReviewWorkbook, format_import_report, import_workbook

    board = open_board(workdir)
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


