"""`firpath fetch-mail` as an operator runs it, against a real Dovecot on loopback: new messages into
the inbox once, the password never on the command line, a refused sign-in named with its own exit
code, and the next `firpath run` reading what was fetched."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from firpath.demo import write_demo
from firpath.demo.builders import eml
from tests.imap.dovecot import PASSWORD, USER, Dovecot

pytestmark = pytest.mark.imap

STATEMENT = "Firmware 02010005 for the Bolt G2 (hardware 0001) shall only be applied to devices running 02010003."


def firpath(*args: str, password: str | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FIRPATH_IMAP_PASSWORD"}
    if password is not None:
        env["FIRPATH_IMAP_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "firpath.cli", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=600)  # fmt: skip


def _mail(subject: str, message_id: str) -> bytes:
    return eml(sender="Jo Bloggs <jo@bolt.example>", to="fir@secas.example", subject=subject,
               text=f"Hello,\n\n{STATEMENT}\n\nJo\n", message_id=message_id)  # fmt: skip


@pytest.mark.integration
def test_fetch_mail_twice_saves_each_message_once_and_the_next_run_reads_it(dovecot: Dovecot, tmp_path: Path) -> None:
    dovecot.append("Firmware paths", _mail("RE: Bolt G2 upgrade path", "<a@bolt.example>"))
    dovecot.append("Firmware paths", _mail("Bolt G2 2.1.5", "<b@bolt.example>"))
    inbox = tmp_path / "inbox"
    fetch = ("fetch-mail", "--imap", dovecot.url, "--folder", "Firmware paths", "--inbox", str(inbox))

    first = firpath(*fetch, password=PASSWORD)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == (
        f"Mail        2 new message(s) saved to {inbox} from 'Firmware paths' at 127.0.0.1 (2 in the folder, 0 saved before)"
    )
    saved = sorted(p.name for p in inbox.iterdir())
    assert [name.split(" [")[0] for name in saved] == ["2024-03-04 Bolt G2 2.1.5", "2024-03-04 RE_ Bolt G2 upgrade path"]

    second = firpath(*fetch, stdin=PASSWORD + "\n")  # the password from standard input this time
    assert second.returncode == 0, second.stderr
    assert "0 new message(s) saved" in second.stdout and "(2 in the folder, 2 saved before)" in second.stdout
    assert sorted(p.name for p in inbox.iterdir()) == saved

    demo = write_demo(tmp_path)
    run = firpath("run", "--inbox", str(inbox), "--cpl", str(demo.cpl), "--fir", str(demo.fir),
                  "--workdir", str(tmp_path / "wd"))  # fmt: skip
    assert run.returncode == 0, run.stderr
    with (tmp_path / "wd" / "review" / "claims.csv").open(newline="", encoding="utf-8") as handle:
        claims = list(csv.DictReader(handle))
    assert sorted(c["file"] for c in claims) == saved
    assert {c["statement"] for c in claims} == {STATEMENT}


def test_a_wrong_password_fails_with_a_clear_message_and_exit_code_3(dovecot: Dovecot, tmp_path: Path) -> None:
    dovecot.append("INBOX", _mail("paths", "<c@bolt.example>"))
    done = firpath("fetch-mail", "--imap", dovecot.url, "--folder", "INBOX", "--inbox", str(tmp_path / "inbox"),
                   password="not the password")  # fmt: skip
    assert done.returncode == 3
    assert done.stdout == ""
    message = " ".join(done.stderr.split())
    assert message.startswith(f"error: 127.0.0.1 refused the sign-in of {USER} (")
    assert message.endswith("check the user and the password (FIRPATH_IMAP_PASSWORD, or the prompt)")
    assert "not the password" not in done.stderr


@pytest.mark.unit
def test_the_password_is_never_taken_from_the_command_line(tmp_path: Path) -> None:
    in_url = firpath("fetch-mail", "--imap", "imaps://fir:secret@mail.example", "--folder", "INBOX",
                     "--inbox", str(tmp_path))  # fmt: skip
    assert in_url.returncode == 2 and "holds a password" in in_url.stderr
    as_option = firpath("fetch-mail", "--imap", "imaps://fir@mail.example", "--folder", "INBOX",
                        "--inbox", str(tmp_path), "--password", "secret")  # fmt: skip
    assert as_option.returncode == 2 and "No such option: --password" in as_option.stderr
