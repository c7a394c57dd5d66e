"""Mail intake: each new message of a mailbox folder saved into the inbox as an `.eml` file, once.

"Once" is by Message-ID: a message's file name ends in a tag made from its Message-ID
(`2024-03-04 RE AM-E200 paths [3f9c0a1b2c3d4e5f].eml`), and a message whose tag is already on a
`.eml` file anywhere under the inbox is not fetched again, however many times the folder is read, and
wherever under the inbox the file was moved. (A message without a Message-ID is tagged by its
content, which means fetching it to tell.) The inbox is where `firpath run` reads everything that
arrived, so the files stay there; a run reads each document once in any case (by content hash).
Each file is written whole under a temporary name and then renamed, so a run never reads half of one.
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from pathlib import Path

from firpath.runtime.imap import Header, ImapAddress, Mailbox

_TAG = re.compile(r"\[([0-9a-f]{16})\]\.eml$")
_UNSAFE = re.compile(r"[^\w .,()'&+@=-]+")
SUBJECT_CHARS = 60


@dataclass
class IntakeResult:
    folder: str
    messages: int = 0  # in the folder
    saved: list[Path] = field(default_factory=list)
    already: int = 0  # saved by an earlier fetch


def fetch_new_mail(
    address: ImapAddress,
    password: str,
    folder: str,
    inbox: Path,
) -> IntakeResult:
    """Save every message of `folder` not yet in `inbox` as `.eml`; returns what was saved.

    Raises `firpath.runtime.imap.ImapError` (LoginRefused for a refused sign-in) with a sentence
    for the user; what was saved before an error stays saved.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    have = tags_in(inbox)
    with Mailbox(address, password, folder) as mailbox:
        uids = mailbox.uids()
        result = IntakeResult(folder, messages=len(uids))
        for header in mailbox.headers(uids):
            tag = message_tag(header.message_id) if header.message_id else None
            if tag is not None and tag in have:
                result.already += 1
                continue
            raw = mailbox.message(header.uid)
            tag = tag or content_tag(raw)
            if tag in have:
                result.already += 1
                continue
            result.saved.append(_write_new(inbox, file_name(header, tag), raw))
            have.add(tag)
    return result


def message_tag(message_id: str) -> str:
    return hashlib.sha256(b"message-id:" + message_id.strip().encode("utf-8", "replace")).hexdigest()[:16]


def content_tag(raw: bytes) -> str:
    return hashlib.sha256(b"content:" + raw).hexdigest()[:16]


def tags_in(inbox: Path) -> set[str]:
    """The tags of every `.eml` file under the inbox that a fetch saved."""
    return {m.group(1) for path in inbox.rglob("*.eml") if (m := _TAG.search(path.name))}


def file_name(header: Header, tag: str) -> str:
    """`<date> <subject> [<tag>].eml`: sorted by date in a folder listing, readable, and safe on any
    file system (the subject is the sender's text: path separators and control characters go)."""
    day = "undated"
    try:
        if header.date and (sent := email.utils.parsedate_to_datetime(header.date.decode("ascii", "replace"))):
            day = f"{sent:%Y-%m-%d}"
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    subject = _decoded(header.subject)
    subject = " ".join(_UNSAFE.sub("_", subject).split())[:SUBJECT_CHARS].strip(" .") or "no subject"
    return f"{day} {subject} [{tag}].eml"


def _decoded(value: bytes) -> str:
    text = value.decode("utf-8", "replace")
    try:
        return str(make_header(decode_header(text)))
    except (LookupError, ValueError, UnicodeError):  # an unknown charset or broken encoded word
        return text


def _write_new(folder: Path, name: str, data: bytes) -> Path:
    target = folder / name
    handle, temporary = tempfile.mkstemp(prefix=".fetching-", suffix=".partial", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
