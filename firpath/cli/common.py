"""What every command shares: the consoles, the --workdir option, opening the store and the board,
reading a password and proving who a reviewer is."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


def open_store(workdir: Path, *, create: bool = True):  # noqa: ANN202
    """`create=False` for the commands that only read the store (or write elsewhere): on a mistyped
    --workdir they say so and leave nothing behind (opening makes the folder and a staging.sqlite)."""
    from staging.engine import StagingError
    from staging.settings import store_url
    from staging.store import StagingStore

    if not create:
        _require_store(workdir)
    try:
        return StagingStore.open(store_url(workdir), workdir=workdir)
    except StagingError as exc:
        err.print(f"[red]error:[/] staging store of {workdir}: {exc} (use a new --workdir, or delete this one)")
        raise typer.Exit(2) from exc


def _require_store(workdir: Path) -> None:
    """A SQLite store's file must be there already. A server's database is not checked: connecting
    to it creates nothing on this machine."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from staging.settings import StoreSettings, store_url

    try:
        url = make_url(store_url(workdir))
    except ArgumentError:
        return  # opening the store says what is wrong with the URL
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") or Path(url.database).is_file():
        return
    if StoreSettings().url:
        err.print(f"[red]error:[/] no staging store at {url.database} (FIRPATH_STORE_URL)")
    else:
        err.print(f"[red]error:[/] no staging store in {workdir} (run `firpath run` first, or pass --workdir)")
    raise typer.Exit(2)


def open_board(workdir: Path):  # noqa: ANN202 (imports stay lazy: `firpath --help` must be instant)
    """The board of the store's latest finished run. Every command on it reads the store, or adds
    decisions to a run that must be there: none creates a store."""
    from firpath.review.board import NothingToReview, ReviewBoard

    store = open_store(workdir, create=False)
    try:
        return ReviewBoard.open(store)
    except NothingToReview as exc:
        store.close()
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


@contextmanager
def refused_as_exit(*refusals: type[Exception]) -> Iterator[None]:
    """What the store or the rules refuse (a wrong name, the last admin) is one error line and exit 2."""
    try:
        yield
    except refusals as exc:
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
