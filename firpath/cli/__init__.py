"""The `firpath` command: `firpath run` on an inbox, `firpath demo` on a generated one, then review,
publish and verify. One module per command group; each registers its commands on its own Typer app,
merged here."""

from __future__ import annotations

import logging
import os
import sys

import typer

from firpath.cli import check, publish, review, routes, run
from firpath.cli.common import err

HELP = "The MP231 Firmware Upgrade Path backfill: run it on an inbox, review what it proposes, publish what was approved."

app = typer.Typer(add_completion=False, no_args_is_help=True, help=HELP, pretty_exceptions_show_locals=False)
app.add_typer(run.app)
app.add_typer(review.app, name="review")
app.add_typer(publish.app)
app.add_typer(check.app)
app.add_typer(routes.app)


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

