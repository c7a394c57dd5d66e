"""`firpath fetch-mail`: the new messages of a mailbox folder into the inbox, for the next run."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from firpath.cli.common import console, err

app = typer.Typer()

PASSWORD_VARIABLE = "FIRPATH_IMAP_PASSWORD"


def _password(user: str, host: str) -> str:
    """From FIRPATH_IMAP_PASSWORD, else a prompt (or a line of standard input): never the command line."""
    if (password := os.environ.get(PASSWORD_VARIABLE)) is not None:
        return password
    if sys.stdin.isatty():
        return getpass.getpass(f"IMAP password for {user} at {host}: ")
    return sys.stdin.readline().rstrip("\r\n")


@app.command("fetch-mail", short_help="Save new messages of an IMAP folder into the inbox.")
def fetch_mail(
    imap: Annotated[str, typer.Option(
        "--imap", help="The mailbox: imaps://USER@HOST[:PORT] (TLS), or imap://... (STARTTLS; plain only on loopback).",
    )],  # fmt: skip
    folder: Annotated[str, typer.Option(help="The folder to read, e.g. INBOX or 'Firmware paths'.")],
    inbox: Annotated[Path, typer.Option(help="The inbox `firpath run` reads: new messages are saved here as .eml.")],
) -> None:
    """Save each new message of an IMAP folder into the inbox as an .eml file, once (by Message-ID).

    The mailbox is only read: no message is moved, deleted or marked as seen. The password comes
    from FIRPATH_IMAP_PASSWORD or a prompt (or standard input), never from the command line.
    """
    from firpath.runtime.imap import ImapError, LoginRefused, parse_imap_url
    from firpath.runtime.mail_intake import fetch_new_mail

    try:
        address = parse_imap_url(imap)
    except ImapError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    if inbox.exists() and not inbox.is_dir():
        err.print(f"[red]error:[/] inbox {inbox} is not a folder")
        raise typer.Exit(2)
    try:
        result = fetch_new_mail(address, _password(address.user, address.host), folder, inbox)
    except LoginRefused as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(3) from exc
    except ImapError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    console.print(
        f"Mail        {len(result.saved)} new message(s) saved to {inbox} from {result.folder!r} at {address.host} "
        f"({result.messages} in the folder, {result.already} saved before)"
    )
    for path in result.saved:
        console.print(f"            {path.name}")
    if result.saved:
        console.print(f"Next        firpath run --inbox {inbox} ... reads them")
