"""Read an RFC 5322 .eml file: headers, the body as plain text, and every attached file."""

from __future__ import annotations

import mimetypes
import re
from email import errors, policy
from email.message import EmailMessage, Message, MIMEPart
from email.parser import BytesParser

from extractors.base import Attachment, UnreadableDocument
from extractors.mail._html import html_to_text
from extractors.mail.model import MailContent

# Headers of which at least one shows the bytes are an email and not something else.
_EMAIL_HEADERS = ("from", "to", "subject", "date", "message-id", "mime-version", "received", "content-type")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


def read_eml(data: bytes) -> MailContent:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)  # policy.default always builds EmailMessage
    if not any(message.get(name) is not None for name in _EMAIL_HEADERS):
        raise UnreadableDocument("not a readable email (.eml): no email headers found at its start")
    return MailContent(
        subject=header_text(message, "subject"),
        sender=header_text(message, "from"),
        sent=header_text(message, "date"),
        body=body_text(message),
        attachments=tuple(_attachments(message)),
    )


def header_text(message: EmailMessage, name: str) -> str:
    """A header decoded (RFC 2047 words, folding); its raw value when it is too malformed to parse."""
    try:
        value = message.get(name)
    except (errors.HeaderParseError, IndexError, ValueError):  # CPython's parser on broken headers
        value = next((raw for key, raw in message.raw_items() if key.lower() == name), None)
    return " ".join(str(value).split()) if value is not None else ""


def body_text(message: EmailMessage) -> str:
    """The text/plain body, or the text/html body as text when the plain one is missing or blank."""
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        text = _unflow(plain, _decoded_text(plain))
        if text.strip():
            return text
    html = message.get_body(preferencelist=("html",))
    if html is not None:
        return html_to_text(_decoded_text(html))
    return ""


def _decoded_text(part: MIMEPart) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # unknown or lying charset: decode what is there
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _unflow(part: MIMEPart, text: str) -> str:
    """Join format=flowed soft line breaks (RFC 3676) so a wrapped sentence is one line again."""
    if str(part.get_param("format", "")).lower() != "flowed":
        return text
    delsp = str(part.get_param("delsp", "")).lower() == "yes"
    out: list[str] = []
    joining = False
    for raw in text.replace("\r\n", "\n").split("\n"):
        depth = len(raw) - len(raw.lstrip(">"))
        content = raw[depth:]
        if content.startswith(" "):  # space-stuffing
            content = content[1:]
        if joining and out:
            out[-1] += content
        else:
            out.append(">" * depth + (" " if depth and content else "") + content)
        soft = content.endswith(" ") and content != "-- "
        if soft and delsp:
            out[-1] = out[-1][:-1]
        joining = soft
    return "\n".join(out)


def _attachments(message: EmailMessage) -> list[Attachment]:
    """Every part with a file name, every `attachment` part, and each nested message as .eml bytes."""
    if not message.is_multipart():  # a message that is nothing but one attached file
        return _leaf_attachment(message, 0)
    found: list[Attachment] = []
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        if part.get_content_type() == "message/rfc822":
            found.append(_nested_message(part))
        elif part.is_multipart():
            found.extend(_attachments(part))
        else:
            found.extend(_leaf_attachment(part, len(found)))
    return found


def _leaf_attachment(part: EmailMessage, seen: int) -> list[Attachment]:
    """The part as an attachment when it has a file name or says it is one; else nothing."""
    name = part.get_filename()
    if name is None and part.get_content_disposition() == "attachment":
        extension = mimetypes.guess_extension(part.get_content_type()) or ".bin"
        name = f"attachment {seen + 1}{extension}"
    if name is None:
        return []
    payload = part.get_payload(decode=True)
    return [Attachment(name, payload if isinstance(payload, bytes) else b"")]


def _nested_message(part: EmailMessage) -> Attachment:
    inner = part.get_content()
    if not isinstance(inner, Message):  # a non-conforming encoded message/rfc822 payload
        payload = part.get_payload(decode=True)
        inner = BytesParser(policy=policy.default).parsebytes(payload if isinstance(payload, bytes) else b"")
    assert isinstance(inner, EmailMessage)
    name = part.get_filename() or f"{safe_name(header_text(inner, 'subject')) or 'message'}.eml"
    return Attachment(name, inner.as_bytes(policy=policy.default))


def safe_name(text: str) -> str:
    """A subject made fit to name a file: no path separators or control characters."""
    return " ".join(_UNSAFE_NAME.sub(" ", text).split()).strip(" .")[:120]
