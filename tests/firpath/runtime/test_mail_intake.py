"""Mail intake against a real Dovecot on loopback: each message saved once (by Message-ID), the
mailbox left as it was, refusals named plainly."""

from __future__ import annotations

import imaplib
from pathlib import Path

import pytest

from extractors import extract
from firpath.demo.builders import eml
from firpath.domain import DocumentKind
from firpath.runtime.imap import ImapError, LoginRefused, parse_imap_url
from firpath.runtime.mail_intake import fetch_new_mail, tags_in
from firpath.stages.ingest import read_document
from tests.imap.dovecot import PASSWORD, USER, Dovecot

pytestmark = pytest.mark.imap

STATEMENT = "Firmware 02010005 for the Bolt G2 (hardware 0001) shall only be applied to devices running 02010003."


def message(subject: str, message_id: str | None, text: str = STATEMENT + "\n") -> bytes:
    return eml(sender="Jo Bloggs <jo@bolt.example>", to="fir@secas.example", subject=subject, text=text,
               message_id=message_id)  # fmt: skip


def crlf(data: bytes) -> bytes:
    """As IMAP carries a message: every line ending CRLF."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def fetch(dovecot: Dovecot, inbox: Path, folder: str = "INBOX", password: str = PASSWORD):  # noqa: ANN201
    return fetch_new_mail(parse_imap_url(dovecot.url), password, folder, inbox)


def test_fetching_twice_saves_each_message_once(dovecot: Dovecot, tmp_path: Path) -> None:
    first = message("RE: Bolt G2 upgrade path", "<path-1@bolt.example>")
    again = message("RE: Bolt G2 upgrade path (resent)", "<path-1@bolt.example>")  # the same Message-ID
    anonymous = message("no id / from an old client", None)
    for data in (first, again, anonymous):
        dovecot.append("INBOX", data)
    inbox = tmp_path / "inbox"

    one = fetch(dovecot, inbox)
    assert (one.messages, len(one.saved), one.already) == (3, 2, 1)
    assert sorted(p.name for p in inbox.iterdir()) == sorted(p.name for p in one.saved)
    by_subject = {p.name.split(" [")[0]: p for p in one.saved}
    assert set(by_subject) == {"2024-03-04 RE_ Bolt G2 upgrade path", "2024-03-04 no id _ from an old client"}
    assert by_subject["2024-03-04 RE_ Bolt G2 upgrade path"].read_bytes() == crlf(first)  # exactly as the server holds it

    two = fetch(dovecot, inbox)
    assert (two.messages, two.saved, two.already) == (3, [], 3)
    assert len(list(inbox.iterdir())) == 2

    # a file moved within the inbox still counts; a new message is the only one saved
    (inbox / "sorted").mkdir()
    moved = one.saved[0].rename(inbox / "sorted" / one.saved[0].name)
    dovecot.append("INBOX", message("Bolt G2 2.2.0", "<path-2@bolt.example>"))
    three = fetch(dovecot, inbox)
    assert [p.name.split(" [")[0] for p in three.saved] == ["2024-03-04 Bolt G2 2.2.0"]
    assert moved.is_file() and len(tags_in(inbox)) == 3
    assert not list(inbox.glob(".fetching-*"))  # no temporary file left behind


def test_the_mailbox_is_left_as_it_was(dovecot: Dovecot, tmp_path: Path) -> None:
    dovecot.append("INBOX", message("paths", "<p@bolt.example>"))
    fetch(dovecot, tmp_path / "inbox")
    with imaplib.IMAP4("127.0.0.1", dovecot.port) as imap:
        imap.login(USER, PASSWORD)
        assert imap.select("INBOX")[1] == [b"1"]  # still there
        status, flags = imap.fetch("1", "(FLAGS)")
        assert status == "OK" and b"\\Seen" not in flags[0]


def test_a_saved_message_is_read_by_the_next_run_as_an_email(dovecot: Dovecot, tmp_path: Path) -> None:
    dovecot.append("Entwürfe Firmware", message("RE: Bolt G2 upgrade path", "<x@bolt.example>"))
    inbox = tmp_path / "inbox"
    (saved,) = fetch(dovecot, inbox, folder="Entwürfe Firmware").saved
    document = read_document(inbox, saved)
    assert document.kind is DocumentKind.EML
    (claim,) = extract(document).claims
    assert claim.evidence.text == STATEMENT
    assert (claim.target.text, [b.text for b in claim.bases]) == ("02010005", ["02010003"])


def test_a_wrong_password_is_refused_with_a_clear_message(dovecot: Dovecot, tmp_path: Path) -> None:
    with pytest.raises(LoginRefused) as refused:
        fetch(dovecot, tmp_path / "inbox", password="wrong")
    assert str(refused.value).startswith(f"127.0.0.1 refused the sign-in of {USER} (")
    assert str(refused.value).endswith("check the user and the password (FIRPATH_IMAP_PASSWORD, or the prompt)")
    assert not (tmp_path / "inbox").exists() or not any((tmp_path / "inbox").iterdir())


def test_a_folder_that_does_not_exist_is_named(dovecot: Dovecot, tmp_path: Path) -> None:
    with pytest.raises(ImapError, match=f"127.0.0.1 has no folder 'Firmwear' for {USER}"):
        fetch(dovecot, tmp_path / "inbox", folder="Firmwear")


def test_a_server_that_is_not_there_is_named(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ImapError, match=f"cannot reach the IMAP server at 127.0.0.1:{port}"):
        fetch_new_mail(parse_imap_url(f"imap://x@127.0.0.1:{port}"), "pw", "INBOX", tmp_path)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("subject", "date", "name"),
    [
        (b"RE: AM-E200 paths", b"Mon, 4 Mar 2024 09:30:00 +0000", "2024-03-04 RE_ AM-E200 paths [0123456789abcdef].eml"),
        (b"../../etc/passwd", b"", "undated _.._etc_passwd [0123456789abcdef].eml"),  # no separator left
        (b"=?utf-8?q?Entw=C3=BCrfe?= \x01\x7f", b"not a date", "undated Entw\u00fcrfe _ [0123456789abcdef].eml"),
        (b"", b"Mon, 4 Mar 2024 09:30:00 +0000", "2024-03-04 no subject [0123456789abcdef].eml"),
        (b"x" * 300, b"", f"undated {'x' * 60} [0123456789abcdef].eml"),
    ],
)
def test_a_saved_file_is_named_by_date_and_subject_safely(subject: bytes, date: bytes, name: str) -> None:
    from firpath.runtime.imap import Header
    from firpath.runtime.mail_intake import file_name

    assert file_name(Header(b"1", "<x@y>", subject, date), "0123456789abcdef") == name
