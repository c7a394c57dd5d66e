"""The one entry point: email bytes in, subject/sender/date, chain segments and attachments out."""

from __future__ import annotations

from extractors.mail._eml import read_eml
from extractors.mail._msg import read_msg
from extractors.mail.chain import split_chain
from extractors.mail.model import MessageSegment, ParsedEmail
from firpath.domain import DocumentKind
from firpath.domain.documents import UnreadableDocument
from firpath.domain.limits import DocumentLimits

__all__ = ["MessageSegment", "ParsedEmail", "parse_email"]


def parse_email(data: bytes, kind: DocumentKind, limits: DocumentLimits | None = None) -> ParsedEmail:
    """Parse an .eml or Outlook .msg; raises UnreadableDocument with a reason a person understands."""
    limits = limits or DocumentLimits()
    if kind is DocumentKind.EML:
        content = read_eml(data, limits)
    elif kind is DocumentKind.MSG:
        content = read_msg(data)
    else:
        raise ValueError(f"parse_email reads .eml and .msg documents, not {kind.value!r}")
    segments = split_chain(content.body, max_depth=limits.quote_depth)
    if not segments and not content.attachments:
        raise UnreadableDocument("email has no text body and no attachments")
    return ParsedEmail(content.subject, content.sender, content.sent, segments, content.attachments, content.notices)
