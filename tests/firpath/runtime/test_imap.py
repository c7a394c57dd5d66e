"""The IMAP address a user gives, and folder names as IMAP spells them (no server needed)."""

from __future__ import annotations

import pytest

from firpath.runtime.imap import ImapAddress, ImapError, encode_folder, is_loopback, parse_imap_url

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("imaps://fir@mail.example.com", ImapAddress(True, "mail.example.com", 993, "fir")),
        ("imap://fir@127.0.0.1:1143", ImapAddress(False, "127.0.0.1", 1143, "fir")),
        ("imaps://fir%40secas.example@mail.example.com:9993/", ImapAddress(True, "mail.example.com", 9993, "fir@secas.example")),
    ],
)
def test_an_imap_url_names_scheme_user_host_and_port(url: str, address: ImapAddress) -> None:
    assert parse_imap_url(url) == address


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://fir@mail.example.com", "is not an IMAP URL"),
        ("imaps://mail.example.com", "names no user or no host"),
        ("imaps://fir:secret@mail.example.com", "holds a password: give it in FIRPATH_IMAP_PASSWORD"),
        ("imaps://fir@mail.example.com/INBOX", "give the folder with --folder"),
        ("imaps://fir@mail.example.com:99999", "out of range"),
    ],
)
def test_a_url_firpath_cannot_use_is_refused_with_the_reason(url: str, message: str) -> None:
    with pytest.raises(ImapError, match=message):
        parse_imap_url(url)


def test_folder_names_are_written_in_modified_utf7() -> None:
    assert encode_folder("INBOX") == b"INBOX"
    assert encode_folder("Firmware paths & notes") == b"Firmware paths &- notes"
    assert encode_folder("Entwürfe") == b"Entw&APw-rfe"
    assert encode_folder("~peter/mail/台北/日本語") == b"~peter/mail/&U,BTFw-/&ZeVnLIqe-"  # RFC 3501's example


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("127.8.0.2", True), ("::1", True),
                                                 ("localhost", True), ("10.0.0.1", False), ("mail.example.com", False)])  # fmt: skip
def test_only_loopback_counts_as_this_machine(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
