"""What every extractor returns, and how it says a document cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from firpath.domain import Claim


class UnreadableDocument(Exception):
    """The document cannot be read (corrupt, encrypted, no text layer, unsupported...).

    The message is the reason a person reads in quarantine.csv, so it names the problem plainly.
    """


class LimitExceeded(UnreadableDocument):
    """The document goes over one of the limits in `firpath.limits.DocumentLimits` (pages, rows,
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
