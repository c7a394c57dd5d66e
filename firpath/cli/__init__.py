"""The `firpath` command: `firpath run` on an inbox, `firpath demo` on a generated one, then review,
publish and verify; `firpath template` and `firpath status` to collect what is still missing;
`firpath fetch-mail` fills the inbox from a mailbox; `firpath serve` runs the backfill on a schedule
through Prefect. One module per command group; each registers its commands on its own Typer app,
merged here."""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer

from firpath.cli import check, mail, publish, review, routes, run, serve, template
from firpath.cli.common import console, err

HELP = "The MP231 Firmware Upgrade Path backfill: run it on an inbox, review what it proposes, publish what was approved."

# Help as click writes it (rich_markup_mode=None): paragraphs reflowed to the terminal, option help
# wrapped, never cut. Rich's tables cut a long word (an environment variable's name) to fit a column
# at 80 columns, and keep a docstring's line breaks in the command list.
app = typer.Typer(
    add_completion=False, no_args_is_help=True, help=HELP, pretty_exceptions_show_locals=False, rich_markup_mode=None
)
app.add_typer(run.app)
app.add_typer(review.app, name="review")
app.add_typer(publish.app)
app.add_typer(check.app)
app.add_typer(mail.app)
app.add_typer(template.app)
app.add_typer(routes.app)
app.add_typer(serve.app)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        console.print(f"firpath {version('firpath')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True, help="Show the installed version and exit.",
    )] = False,  # fmt: skip
) -> None:
    """Options of `firpath` itself, before the command."""


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

