"""Reading a mailbox over IMAP, read-only: the server's address, signing in, and the raw messages.

Python's own `imaplib` (maintained with the language) rather than a wrapper library: firpath needs
four commands (LOGIN, EXAMINE, UID SEARCH, UID FETCH) and the exact bytes of each message, which is
what imaplib hands back. The folder is opened with EXAMINE, and messages are fetched with
BODY.PEEK: nothing in the mailbox changes, not even the \\Seen flag.

The password never crosses the network in clear: `imaps://` is TLS from the start, and `imap://`
is upgraded with STARTTLS, or refused when the server offers none, unless the server is on this
machine (loopback), where nothing crosses a network.
"""

from __future__ import annotations

import base64
import imaplib
import ipaddress
import re
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import unquote, urlsplit

TIMEOUT_SECONDS = 60.0
_FETCH_CHUNK = 500  # UIDs per header fetch


class ImapError(Exception):
    """What went wrong, in a sentence for the person who ran the command."""


class LoginRefused(ImapError):
    """The server refused the user name or password."""


@dataclass(frozen=True)
class ImapAddress:
    """`imaps://USER@HOST[:PORT]` (TLS) or `imap://USER@HOST[:PORT]` (STARTTLS; plain on loopback)."""

    tls: bool
    host: str
    port: int
    user: str

    def __str__(self) -> str:
        return f"{'imaps' if self.tls else 'imap'}://{self.user}@{self.host}:{self.port}"


def parse_imap_url(url: str) -> ImapAddress:
    """The address in `url`; the user may be percent-encoded (`alice%40example.com`). A password in
    the URL is refused: it would show in the shell's history and the process list."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("imap", "imaps"):
        raise ImapError(f"{url!r} is not an IMAP URL: write imaps://USER@HOST[:PORT] (or imap://... with STARTTLS)")
    if parts.password is not None:
        raise ImapError("the IMAP URL holds a password: give it in FIRPATH_IMAP_PASSWORD or at the prompt instead")
    if not parts.hostname or not parts.username:
        raise ImapError(f"{url!r} names no user or no host: write {parts.scheme}://USER@HOST[:PORT]")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImapError(f"{url!r}: give the folder with --folder, not in the URL")
    try:
        port = parts.port or (993 if parts.scheme == "imaps" else 143)
    except ValueError as exc:
        raise ImapError(f"{url!r}: {exc}") from exc
    return ImapAddress(parts.scheme == "imaps", parts.hostname, port, unquote(parts.username))


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Header:
    """The few header fields a message is named and told apart by, as the server sent them."""

    uid: bytes
    message_id: str  # "" when the message has none
    subject: bytes
    date: bytes


class Mailbox:
    """A signed-in, read-only IMAP session on one folder. Use as a context manager."""

    def __init__(self, address: ImapAddress, password: str, folder: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.address = address
        self.folder = folder
        self._imap = _connect(address, timeout)
        try:
            _login(self._imap, address, password)
            status, answer = self._imap.select(_quoted(encode_folder(folder)), readonly=True)
            if status != "OK":
                raise ImapError(f"{address.host} has no folder {folder!r} for {address.user} ({_text(answer)})")
        except BaseException:
            self.close()
            raise

    def uids(self) -> list[bytes]:
        """Every message in the folder, by UID, oldest first."""
        answer = self._uid("SEARCH", "ALL")
        return [uid for line in answer if line for uid in line.split()]

    def headers(self, uids: Sequence[bytes]) -> Iterator[Header]:
        """Message-ID, Subject and Date of each message (BODY.PEEK: nothing is marked seen)."""
        for start in range(0, len(uids), _FETCH_CHUNK):
            chunk = b",".join(uids[start : start + _FETCH_CHUNK]).decode()
            answer = self._uid("FETCH", chunk, "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT DATE)])")
            for item in answer:
                if isinstance(item, tuple) and (uid := _uid_of(item[0])) is not None:
                    yield _header(uid, item[1])

    def message(self, uid: bytes) -> bytes:
        """The message exactly as the server holds it."""
        answer = self._uid("FETCH", uid.decode(), "(BODY.PEEK[])")
        for item in answer:
            if isinstance(item, tuple):
                return bytes(item[1])
        raise ImapError(f"{self.address.host} sent no message for UID {uid.decode()} in {self.folder!r}")

    def close(self) -> None:
        try:
            self._imap.logout()
        except (imaplib.IMAP4.error, OSError):
            pass

    def __enter__(self) -> Mailbox:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _uid(self, command: str, *args: str) -> list:
        try:
            status, answer = self._imap.uid(command, *args)
        except (imaplib.IMAP4.error, OSError) as exc:
            raise ImapError(f"{self.address.host}: UID {command} failed: {exc}") from exc
        if status != "OK":
            raise ImapError(f"{self.address.host}: UID {command} failed: {_text(answer)}")
        return answer


def _connect(address: ImapAddress, timeout: float) -> imaplib.IMAP4:
    context = ssl.create_default_context()
    try:
        if address.tls:
            return imaplib.IMAP4_SSL(address.host, address.port, ssl_context=context, timeout=timeout)
        imap = imaplib.IMAP4(address.host, address.port, timeout=timeout)
    except ssl.SSLError as exc:
        raise ImapError(f"TLS with {address.host}:{address.port} failed: {exc}") from exc
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ImapError(f"cannot reach the IMAP server at {address.host}:{address.port}: {exc}") from exc
    if "STARTTLS" in imap.capabilities:
        try:
            imap.starttls(ssl_context=context)
        except (ssl.SSLError, OSError, imaplib.IMAP4.error) as exc:
            imap.shutdown()
            raise ImapError(f"STARTTLS with {address.host}:{address.port} failed: {exc}") from exc
    elif not is_loopback(address.host):
        imap.shutdown()
        raise ImapError(
            f"{address.host} offers no STARTTLS, and firpath will not send a password in clear across a network: "
            f"use imaps://{address.user}@{address.host}"
        )
    return imap


def _login(imap: imaplib.IMAP4, address: ImapAddress, password: str) -> None:
    try:
        imap.login(address.user, password)
    except imaplib.IMAP4.error as exc:
        raise LoginRefused(
            f"{address.host} refused the sign-in of {address.user} ({_text([str(exc)])}): check the user and "
            "the password (FIRPATH_IMAP_PASSWORD, or the prompt)"
        ) from exc
    except OSError as exc:  # a timeout included
        raise ImapError(f"the connection to {address.host} failed while signing in: {exc}") from exc


_UID = re.compile(rb"\bUID (\d+)")


def _uid_of(envelope: bytes) -> bytes | None:
    found = _UID.search(envelope)
    return found.group(1) if found else None


def _header(uid: bytes, raw: bytes) -> Header:
    message_id = _field(raw, b"message-id").decode("ascii", "replace")
    return Header(uid, message_id, _field(raw, b"subject"), _field(raw, b"date"))


def _field(raw: bytes, name: bytes) -> bytes:
    """A header field's raw value, unfolded (decoding is the caller's: it names a file with it)."""
    match = re.search(rb"^" + name + rb":[ \t]*(.*(?:\r?\n[ \t].*)*)", raw, re.I | re.M)
    return b" ".join(match.group(1).split()) if match else b""


def _text(answer: Sequence[object]) -> str:
    parts = [a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a) for a in answer if a]
    return " ".join(" ".join(parts).split())[:300] or "no reason given"


def _quoted(name: bytes) -> str:
    """A mailbox name as an IMAP quoted string."""
    text = name.decode("ascii")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def encode_folder(name: str) -> bytes:
    """A folder name in IMAP's modified UTF-7 (RFC 3501, 5.1.3): `Entwürfe` -> `Entw&APw-rfe`."""
    out = bytearray()
    pending: list[str] = []

    def flush() -> None:
        if pending:
            utf16 = "".join(pending).encode("utf-16-be")
            out.extend(b"&" + base64_modified(utf16) + b"-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.extend(b"&-" if char == "&" else char.encode("ascii"))
        else:
            pending.append(char)
    flush()
    return bytes(out)


def base64_modified(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=").replace(b"/", b",")
