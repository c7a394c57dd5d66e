"""What every command shares: the consoles, the --workdir option, opening the store and the board,
reading a password and proving who a reviewer is."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from staging.reviews import UserRecord
    from staging.store import StagingStore

console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DEFAULT_WORKDIR = Path(".firpath")

WorkdirOption = Annotated[
    Path, typer.Option("--workdir", help="Where the staging store and review files go.", file_okay=False)
]


def open_store(workdir: Path):  # noqa: ANN202
    from staging.engine import StagingError
    from staging.settings import store_url
    from staging.store import StagingStore

    try:
        return StagingStore.open(store_url(workdir), workdir=workdir)
    except StagingError as exc:
        err.print(f"[red]error:[/] staging store of {workdir}: {exc} (use a new --workdir, or delete this one)")
        raise typer.Exit(2) from exc


def open_board(workdir: Path):  # noqa: ANN202 (imports stay lazy: `firpath --help` must be instant)
    from firpath.review.board import NothingToReview, ReviewBoard

    store = open_store(workdir)
    try:
        return ReviewBoard.open(store)
    except NothingToReview as exc:
        store.close()
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


def read_secret(prompt: str, *, confirm: bool = False) -> str:
    """A password: from a prompt on a terminal (twice with `confirm`), else the next line of standard
    input (so a script can give several, one per line). Never from the command line."""
    if sys.stdin.isatty():
        secret = getpass.getpass(prompt)
        if confirm and getpass.getpass("Again: ") != secret:
            err.print("[red]error:[/] the passwords differ")
            raise typer.Exit(2)
        return secret
    line = sys.stdin.readline()
    if not line:
        err.print(f"[red]error:[/] expected a line on standard input: {prompt.strip().rstrip(':')}")
        raise typer.Exit(2)
    return line.rstrip("\r\n")


def authenticated(store: StagingStore, name: str, *, admin: bool = False) -> UserRecord:
    """The reviewer `name`, proved by the password read next; exit 2 (nothing done) otherwise."""
    from firpath.review.accounts import AuthenticationFailed, NotAuthorised, authenticate, authenticate_admin

    password = read_secret(f"Password for {name}: ")
    try:
        return authenticate_admin(store, name, password) if admin else authenticate(store, name, password)
    except (AuthenticationFailed, NotAuthorised) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
