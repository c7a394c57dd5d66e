"""Read an Outlook .msg file with extract_msg: headers, body as plain text, attached files.

An embedded (attached) Outlook message becomes an attachment of its own: its .msg bytes when
extract_msg can export them, otherwise an .eml built here with its subject, sender, date, body and
attachments, so its text still reaches the pipeline.
"""

from __future__ import annotations

import mimetypes
from email import errors as email_errors
from email import policy
from email.message import EmailMessage

import extract_msg
from extract_msg.attachments import AttachmentBase, SignedAttachment
from extract_msg.enums import ErrorBehavior
from extract_msg.exceptions import ExMsgBaseException
from extract_msg.msg_classes import MessageBase

from extractors.mail._eml import safe_name
from extractors.mail._html import html_to_text
from extractors.mail.model import MailContent
from firpath.domain.documents import Attachment, UnreadableDocument

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_MIN_SIZE = 1536  # olefile treats shorter bytes as a *file name*: never hand it those

# What extract_msg and olefile raise on a corrupt or unexpected file. RTF trouble is not among
# them: it is silenced (ErrorBehavior.RTFDE) so a bad RTF body costs the body, not the attachments.
_MSG_ERRORS = (ExMsgBaseException, OSError, ValueError, KeyError, IndexError)


def read_msg(data: bytes) -> MailContent:
    if not data.startswith(OLE_MAGIC) or len(data) < OLE_MIN_SIZE:
        raise UnreadableDocument("not a readable Outlook .msg file (olefile: not an OLE2 structured storage file)")
    try:
        message = extract_msg.openMsg(data, errorBehavior=ErrorBehavior.RTFDE)
    except _MSG_ERRORS as exc:
        raise UnreadableDocument(f"not a readable Outlook .msg file ({type(exc).__name__}: {exc})") from exc
    try:
        if not isinstance(message, MessageBase):
            raise UnreadableDocument(f"Outlook .msg file is not an email (message class {message.classType!r})")
        return MailContent(
            subject=_one_line(message.subject),
            sender=_one_line(message.sender),
            sent=_sent(message),
            body=_body(message),
            attachments=tuple(_attachments(message)),
        )
    except _MSG_ERRORS as exc:
        raise UnreadableDocument(f"Outlook .msg file could not be read ({type(exc).__name__}: {exc})") from exc
    finally:
        message.close()


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) if value else ""


def _sent(message: MessageBase) -> str:
    """The Date header as the transport headers wrote it (extract_msg derives it when they are absent)."""
    return _one_line(message.header.get("Date"))


def _body(message: MessageBase) -> str:
    body = message.body
    if body and body.strip():
        return body
    html = message.htmlBody
    return html_to_text(html) if html else ""


def _attachments(message: MessageBase) -> list[Attachment]:
    found: list[Attachment] = []
    attachments: list[AttachmentBase | SignedAttachment] = list(message.attachments)
    for index, attachment in enumerate(attachments, start=1):
        data = attachment.data
        if isinstance(data, bytes):
            found.append(Attachment(_file_name(attachment) or f"attachment {index}", data))
        elif isinstance(data, MessageBase):
            found.append(_embedded(data, _file_name(attachment), index))
        # Anything else (a web link, an unsupported kind) carries no file to pass on.
    return found


def _file_name(attachment: AttachmentBase | SignedAttachment) -> str | None:
    if isinstance(attachment, SignedAttachment):  # S/MIME parts: a MIME file name, no MAPI names
        return attachment.name
    return attachment.longFilename or attachment.shortFilename or attachment.displayName


def _embedded(inner: MessageBase, given_name: str | None, index: int) -> Attachment:
    stem = safe_name(given_name or inner.subject or "") or f"attachment {index}"
    for suffix in (".msg", ".eml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    data = _exported(inner)
    if data is not None:
        return Attachment(f"{stem}.msg", data)
    return Attachment(f"{stem}.eml", _as_eml(inner))


def _exported(inner: MessageBase) -> bytes | None:
    """The embedded message as a .msg of its own; some writers' embeddings need extract_msg's repair."""
    for allow_bad_embed in (False, True):
        try:
            return inner.exportBytes(allowBadEmbed=allow_bad_embed)
        except _MSG_ERRORS:
            continue
    return None


def _as_eml(inner: MessageBase) -> bytes:
    mail = EmailMessage(policy=policy.default)
    for name, value in (("Subject", inner.subject), ("From", inner.sender), ("Date", _sent(inner))):
        if value:
            try:
                mail[name] = _one_line(value)
            except (email_errors.HeaderParseError, ValueError):  # e.g. a sender that is no address
                mail[f"X-Original-{name}"] = _one_line(value)
    mail.set_content(_body(inner))
    for attachment in _attachments(inner):
        mime_type = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
        maintype, subtype = mime_type.split("/", 1)
        if maintype in ("text", "message", "multipart"):  # keep the bytes exactly as they are
            maintype, subtype = "application", "octet-stream"
        mail.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=attachment.name)
    return mail.as_bytes()
