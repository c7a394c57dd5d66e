"""What the mail readers produce: a parsed email, and one segment of its reply/forward chain."""

from __future__ import annotations

from dataclasses import dataclass

from firpath.domain.documents import Attachment


@dataclass(frozen=True)
class MessageSegment:
    """One message of a conversation, as it appears in the body of the newest one."""

    text: str  # plain text: one line per block, paragraph or table row; quote markers removed
    depth: int  # 0 = the newest message's own text; 1 = the message it quotes or forwards; 2 = ...
    label: str  # where a reviewer finds it: "email body, quoted message 1 (From: Jo, Sent: 3 March 2024)"


@dataclass(frozen=True)
class ParsedEmail:
    subject: str
    sender: str
    sent: str  # the date as the email writes it; "" when it has none
    segments: tuple[MessageSegment, ...]  # newest first (by depth)
    attachments: tuple[Attachment, ...]
    notices: tuple[str, ...] = ()  # how the email was read where it was not as written (see Extraction)


@dataclass(frozen=True)
class MailContent:
    """What a format reader hands over: headers, the body as plain text, and the attachments."""

    subject: str
    sender: str
    sent: str
    body: str
    attachments: tuple[Attachment, ...]
    notices: tuple[str, ...] = ()
