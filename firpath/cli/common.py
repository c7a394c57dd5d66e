"""What every command shares: the consoles, the --workdir option, opening the store and the board."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

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
        return StagingStore.open(store_url(workdir))
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
