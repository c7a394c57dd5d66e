"""`firpath review`: the web app, the Excel round trip and reviewer accounts."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Annotated

import typer

from firpath.cli.common import (
    DEFAULT_WORKDIR,
    WorkdirOption,
    authenticated,
    console,
    err,
    open_board,
    open_store,
    read_secret,
    refused_as_exit,
)

app = typer.Typer(no_args_is_help=True, help="Review proposed changes: web app, Excel round trip, accounts.")


AdminOption = Annotated[str, typer.Option("--by", help="An admin, who signs the change with their password.")]


@app.command("add-user")
def review_add_user(
    name: Annotated[str, typer.Argument(help="The reviewer's sign-in name (unique whatever its case).")],
    admin: Annotated[bool, typer.Option(help="May manage other reviewers.")] = False,
    by: Annotated[str, typer.Option("--by", help="The admin adding them (not needed for the first reviewer).")] = "",
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Create a reviewer. The first one is an admin; every later one needs an admin (--by).

    Reads NAME's new password, then the admin's: from prompts, or one per line from standard input.
    Never from the command line.
    """
    from firpath.review.accounts import add_user
    from staging.engine import StagingError

    with open_store(workdir) as store:
        first = not store.reviews.users()
        if not first and not by:
            err.print("[red]error:[/] adding a reviewer needs an admin: --by ADMIN (only the first reviewer needs none)")
            raise typer.Exit(2)
        password = read_secret(f"New password for {name}: ", confirm=True)
        signer = authenticated(store, by, admin=True) if by else None
        with refused_as_exit(ValueError, StagingError):
            record = add_user(store, name, password, admin=admin, by=signer)
    role = " (admin: the first reviewer)" if first else " (admin)" if record.is_admin else ""
    console.print(f"Reviewer {record.name} added{role}")


@app.command("disable-user")
def review_disable_user(
    name: Annotated[str, typer.Argument(help="The reviewer to disable (their decisions stay).")],
    by: AdminOption,
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Disable a reviewer: they can no longer sign in or decide. Reads the admin's password."""
    from firpath.review.accounts import disable_user
    from staging.engine import StagingError

    with open_store(workdir, create=False) as store:
        signer = authenticated(store, by, admin=True)
        with refused_as_exit(StagingError):
            disable_user(store, name, signer)
    console.print(f"Reviewer {name} disabled by {signer.name}")


@app.command("reset-password")
def review_reset_password(
    name: Annotated[str, typer.Argument(help="The reviewer whose password is replaced.")],
    by: AdminOption,
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Give a reviewer a new password (their web sign-ins end). Reads the new password, then the
    admin's: from prompts, or one per line from standard input."""
    from firpath.review.accounts import reset_password
    from staging.engine import StagingError

    with open_store(workdir, create=False) as store:
        password = read_secret(f"New password for {name}: ", confirm=True)
        signer = authenticated(store, by, admin=True)
        with refused_as_exit(ValueError, StagingError):
            reset_password(store, name, password, signer)
    console.print(f"Password of {name} reset by {signer.name}")


@app.command("list-users")
def review_list_users(workdir: WorkdirOption = DEFAULT_WORKDIR) -> None:
    """List every reviewer.

    Each one's role and state, how many decisions they made and the last one, and who added them.
    """
    from firpath.review.accounts import list_users

    with open_store(workdir, create=False) as store:
        accounts = list_users(store)
    rows = [("NAME", "ROLE", "STATE", "DECISIONS", "LAST DECISION", "ADDED BY")]
    for a in accounts:
        state = f"disabled by {a.disabled_by}" if a.disabled else "active"
        last = "never" if a.last_decision_at is None else f"{a.last_decision_at:%Y-%m-%d %H:%M} UTC"
        rows.append((a.name, "admin" if a.is_admin else "reviewer", state, str(a.decisions), last,
                     a.created_by or "(first reviewer)"))  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        console.print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip(), markup=False)


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
    """Serve the review web app until interrupted.

    Every page needs a reviewer's sign-in.
    """
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


@app.command("propose")
def review_propose(
    entry_id: Annotated[str, typer.Argument(help="The CPL Entry ID whose upgrade path SECAS edits.")],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who proposes it: their password is asked for.")],
    reason: Annotated[str, typer.Option("--reason", help="Why: where the path comes from (required).")],
    path: Annotated[str, typer.Option("--path", help='The new path: "ID; ID" (earlier entries of the same device) or N/A.')] = "",
    withdraw: Annotated[bool, typer.Option("--withdraw", help="Instead of --path: restore the value the latest change "
                                                             "firpath published for the entry replaced.")] = False,  # fmt: skip
    evidence: Annotated[Path | None, typer.Option("--evidence", help="A file that backs it (an email, a letter).",
                                                  exists=True, dir_okay=False)] = None,  # fmt: skip
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Propose a SECAS edit of an entry's path, or a withdrawal.

    An edit of any entry's path, or the withdrawal of a published change: a proposal of its own,
    reviewed under the same rules (the proposer is never its sole approver; changing a non-empty
    value needs two approvers).
    """
    from firpath.domain import UpgradePath
    from firpath.domain.limits import DocumentLimits, too_large
    from firpath.review.rules import DecisionRefused

    if withdraw == bool(path):
        err.print('[red]error:[/] give either --path "ID; ID"|N/A or --withdraw')
        raise typer.Exit(2)
    attached = None
    if evidence is not None:
        if (refusal := too_large(evidence.stat().st_size, DocumentLimits())) is not None:
            err.print(f"[red]error:[/] {evidence}: {refusal.reason}")
            raise typer.Exit(2)
        attached = (evidence.name, evidence.read_bytes())
    board = open_board(workdir)
    try:
        signer = authenticated(board.store, reviewer)
        if withdraw:
            published = board.published_changes([entry_id])
            if not published:
                err.print(f"[red]error:[/] firpath has published no change of {entry_id} to withdraw")
                raise typer.Exit(2)
            proposal = board.propose_withdrawal(published[-1].change_id, reason, signer.name, evidence=attached)
        else:
            new_path = UpgradePath.parse(path)
            if new_path is None:
                err.print('[red]error:[/] --path needs CPL Entry IDs separated by "; ", or N/A')
                raise typer.Exit(2)
            proposal = board.propose_edit(entry_id, new_path, reason, signer.name, evidence=attached)
        status = board.edit_status(proposal.origin.edit_id)  # type: ignore[union-attr]
    except DecisionRefused as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    finally:
        board.store.close()
    origin = proposal.origin
    current = "blank" if proposal.current is None else str(proposal.current)
    new = str(proposal.alternatives[0].path) or "blank"
    console.print(f"Proposed {origin.kind.value} {origin.edit_id} of {entry_id}: {current} -> {new}; "  # type: ignore[union-attr]
                  f"{status.state.value}, waiting for {status.waiting_for}", markup=False)  # fmt: skip


@app.command("import")
def review_import(
    file: Annotated[Path, typer.Argument(help="A workbook written by `firpath review export`, with decisions.")],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who made the decisions: their password is asked for.")],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Read a review workbook's decisions back.

    REVIEWER signs them with their password (from a prompt, or the first line of standard input); each
    row is checked against the proposal it was exported from.
    """
    from firpath.review.workbook import NotAReviewWorkbook, format_import_report, import_workbook
    from firpath.runtime.progress import counter, shown_progress, stage_shown

    board = open_board(workdir)
    try:
        signer = authenticated(board.store, reviewer)  # the password is asked for before progress is drawn
        with shown_progress(), stage_shown("review import"):  # on a terminal only, like a run's
            result = import_workbook(board, file, signer.name, progress=counter("review import", "rows"))
    except (NotAReviewWorkbook, ValueError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    finally:
        board.store.close()
    console.print(format_import_report(result, file), markup=False)
    if result.refused:
        raise typer.Exit(1)
