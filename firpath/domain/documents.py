"""What reading a document gives: its extraction (claims, attachments, notices), or why it cannot be
read. Every extractor returns these; the store keeps them; the review folder lists them."""

from __future__ import annotations

from dataclasses import dataclass, field

from firpath.domain import Claim


class UnreadableDocument(Exception):
    """The document cannot be read (corrupt, encrypted, no text layer, unsupported...).

    The message is the reason a person reads in quarantine.csv, so it names the problem plainly.
    """


class LimitExceeded(UnreadableDocument):
    """The document goes over one of the limits in `firpath.domain.limits.DocumentLimits` (pages, rows,
    unpacked size...). The message names the limit and its setting; with a higher limit it may read."""


@dataclass(frozen=True)
class Attachment:
    """A file found inside an email; it goes through the pipeline as a document of its own."""

    name: str  # the attachment's file name as the email gives it (untrusted: never a path to write)
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Extraction:
    claims: tuple[Claim, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    # What a reviewer should know about how a document that was read was read: what was passed
    # over on purpose ("macros were never run") or recovered ("no MIME boundary: ..."). Plain
    # sentences, in document order.
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unreadable:
    """The verdict on a document that cannot be read, as the extract stage records it."""

    reason: str
    cacheable: bool = True  # False for a firpath defect: a fixed release must read the file again
    limit: bool = False  # a limit stopped the reading: with other limits it may read (see cache_version)


Verdict = Extraction | Unreadable


@dataclass(frozen=True)
class QuarantinedDocument:
    """An input that could not be read, and why (a row of quarantine.csv)."""

    file: str
    sha256: str
    detected_kind: str
    reason: str


@dataclass(frozen=True)
class DocumentNotice:
    """How a document that was read was read, where a reviewer should know (macros passed over, a
    formula read as its text, a MIME boundary recovered)."""

    file: str
    sha256: str
    notice: str
