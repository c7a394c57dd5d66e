"""Read an RFC 5322 .eml file: headers, the body as plain text, and every attached file.

Emails come from anyone, so reading one is bounded (`DocumentLimits`):

- A forwarded message (message/rfc822) is not parsed with the email that carries it: it is kept
  as its own bytes and becomes an attachment, read as a document of its own, so each level of a
  deeply forwarded chain costs one parse and the extraction runtime bounds how deep they go.
- MIME parts nested more than `mime_depth` deep are refused; an attachment is sized from its
  encoded length before it is decoded, against `document_mb` and (all of them) `expanded_mb`.
- A multipart part that declares no boundary (or one its body never uses) is split at the
  boundary line its body does use; failing that its body is read as plain text. A notice says so.
- Headers and file names in raw 8-bit bytes (not RFC 2047 encoded) are decoded as UTF-8, else
  cp1252, instead of as replacement characters.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from email import errors, policy
from email.message import EmailMessage, Message, MIMEPart
from email.parser import BytesParser

from extractors.containers import size_text
from extractors.mail._html import html_to_text
from extractors.mail.model import MailContent
from firpath.domain.documents import Attachment, UnreadableDocument
from firpath.domain.limits import DocumentLimits, setting_name

# Headers of which at least one shows the bytes are an email and not something else.
_EMAIL_HEADERS = ("from", "to", "subject", "date", "message-id", "mime-version", "received", "content-type")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')
_HEADER_ERRORS = (errors.HeaderParseError, errors.MessageError, IndexError, ValueError, TypeError, AttributeError)
# What CPython's email package raises from a header it cannot make sense of, when a part's type,
# parameters or file name are asked for (its parser records defects, but the header classes built
# on demand do not always): all mean "malformed beyond reading".
_MIME_ERRORS = (*_HEADER_ERRORS, KeyError, LookupError)

# A message/* part is renamed to this type before parsing, so the parser keeps it as bytes (the
# stdlib parses every message/* part recursively, in one parse, as deep as they are nested).
_NESTED_TYPE = re.compile(rb"(?im)^(content-type:[ \t]*(?:\r?\n[ \t]+)?)message/")
_KEPT_TYPE = re.compile(rb"(?im)^(content-type:[ \t]*(?:\r?\n[ \t]+)?)x-firpath-message/")
_KEPT_MAINTYPE = "x-firpath-message"
_KEPT_TEXT = re.compile(r"(?im)^(content-type:[ \t]*)x-firpath-message/")
# A boundary delimiter line (RFC 2046: 1 to 70 characters of this set, not ending in a space).
_BOUNDARY_LINE = re.compile(r"^--([0-9A-Za-z'()+_,./:=?-][0-9A-Za-z'()+_,./:=? -]{0,69}?)[ \t\r]*$", re.M)


@dataclass
class _Reading:
    """What reading one email has used so far, and the notices it leaves."""

    limits: DocumentLimits
    expanded: int = 0
    notices: list[str] = field(default_factory=list)


def read_eml(data: bytes, limits: DocumentLimits | None = None) -> MailContent:
    reading = _Reading(limits or DocumentLimits())
    try:
        message = BytesParser(policy=policy.default).parsebytes(_NESTED_TYPE.sub(rb"\1x-firpath-message/", data))
    except RecursionError as exc:
        raise UnreadableDocument(_too_deep(reading.limits)) from exc
    assert isinstance(message, EmailMessage)  # policy.default always builds EmailMessage
    if not any(name in message for name in _EMAIL_HEADERS):  # names only: nothing parsed yet
        raise UnreadableDocument("not a readable email (.eml): no email headers found at its start")
    try:
        _check_structure(message, reading)
        return MailContent(
            subject=header_text(message, "subject"),
            sender=header_text(message, "from"),
            sent=header_text(message, "date"),
            body=body_text(message),
            attachments=tuple(_attachments(message, reading)),
            notices=tuple(reading.notices),
        )
    except RecursionError as exc:
        raise UnreadableDocument(_too_deep(reading.limits)) from exc
    except _MIME_ERRORS as exc:
        raise UnreadableDocument(f"not a readable email (.eml): malformed MIME headers ({type(exc).__name__}: {exc})") from exc


def _too_deep(limits: DocumentLimits) -> str:
    return (
        f"email refused: its MIME parts are nested more than {limits.mime_depth} deep (mail programs write "
        f"3 or 4 levels); raise {setting_name('mime_depth')} if it is genuine"
    )


def _check_structure(message: EmailMessage, reading: _Reading) -> None:
    """Walk the part tree without recursion: refuse it past `mime_depth`, and split multipart
    parts that declare no (usable) boundary at the boundary line their body uses."""
    stack: list[tuple[EmailMessage, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        if depth > reading.limits.mime_depth:
            raise UnreadableDocument(_too_deep(reading.limits))
        if part.get_content_maintype() == "multipart" and not part.is_multipart():
            _recover_boundary(part, reading)
        if part.is_multipart():
            stack.extend((child, depth + 1) for child in part.iter_parts())  # type: ignore[misc]


def _recover_boundary(part: EmailMessage, reading: _Reading) -> None:
    body = part.get_payload()
    body = body if isinstance(body, str) else ""
    content_type = part.get_content_type()
    declared = part.get_param("boundary")
    what = f"a {content_type} part declares no boundary" if declared is None else (
        f"a {content_type} part declares the boundary {str(declared)!r} but its body never uses it"
    )
    found = _BOUNDARY_LINE.search(body)
    if found is not None:
        boundary = found.group(1).removesuffix("--").rstrip()
        try:  # the header rewritten whole: its other parameters may be what is broken
            del part["Content-Type"]
            part["Content-Type"] = f'{content_type}; boundary="{boundary}"'
            reparsed = BytesParser(policy=policy.default).parsebytes(part.as_bytes())
        except (*_HEADER_ERRORS, UnicodeError, LookupError):
            reparsed = None
        if reparsed is not None and reparsed.is_multipart():
            part.set_payload(reparsed.get_payload())
            reading.notices.append(f"{what}: its parts were split at the boundary line '--{boundary}' in its body")
            return
    del part["Content-Type"]  # read what is there as text
    part["Content-Type"] = "text/plain"
    reading.notices.append(f"{what}, and no boundary line was found in it: its body was read as plain text")


def header_text(message: EmailMessage, name: str) -> str:
    """A header decoded (RFC 2047 words, folding); its raw value when it is too malformed to parse.

    Raw 8-bit bytes in a header (not allowed, but common) are decoded as UTF-8, else cp1252, rather
    than left as the parser's replacement characters.
    """
    raw = _raw_header(message, name)
    try:
        value = message.get(name)
    except _HEADER_ERRORS:  # CPython's parser on broken headers
        value = raw
    text = " ".join(str(value).split()) if value is not None else ""
    if raw is not None and "\ufffd" in text and _has_raw_bytes(raw):
        return " ".join(_parsed_header(name, _redecoded(raw)).split())
    return text


def _raw_header(message: Message, name: str) -> str | None:
    return next((raw for key, raw in message.raw_items() if key.lower() == name), None)


def _has_raw_bytes(raw: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in raw)  # the parser's surrogate escapes


def _redecoded(raw: str) -> str:
    data = raw.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parsed_header(name: str, text: str) -> str:
    try:
        return str(policy.default.header_factory(name, text))
    except _HEADER_ERRORS:
        return text


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
    except (LookupError, UnicodeError, *_HEADER_ERRORS):  # unknown or lying charset: decode what is there
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    # a body line that happened to read "Content-Type: message/..." reads as it was written
    return _KEPT_TEXT.sub(r"\1message/", content) if isinstance(content, str) else ""


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


def _attachments(message: EmailMessage, reading: _Reading) -> list[Attachment]:
    """Every part with a file name, every `attachment` part, and each nested message as .eml bytes,
    in email order. Iterative: the depth was bounded by `_check_structure`."""
    found: list[Attachment] = []
    stack: list[EmailMessage] = [message]
    while stack:
        part = stack.pop()
        if part.get_content_maintype() == _KEPT_MAINTYPE:
            found.append(_nested_message(part, reading))
        elif part.is_multipart():
            stack.extend(reversed(list(part.iter_parts())))  # type: ignore[arg-type]
        else:  # also a message that is nothing but one attached file
            found.extend(_leaf_attachment(part, len(found), reading))
    return found


def _leaf_attachment(part: EmailMessage, seen: int, reading: _Reading) -> list[Attachment]:
    """The part as an attachment when it has a file name or says it is one; else nothing."""
    name = _filename(part)
    if name is None and part.get_content_disposition() == "attachment":
        extension = mimetypes.guess_extension(part.get_content_type()) or ".bin"
        name = f"attachment {seen + 1}{extension}"
    if name is None:
        return []
    _count_decoded_size(part, name, reading)
    payload = part.get_payload(decode=True)
    return [Attachment(name, payload if isinstance(payload, bytes) else b"")]


def _filename(part: EmailMessage) -> str | None:
    """The part's file name; raw 8-bit bytes in it decoded as UTF-8, else cp1252."""
    try:
        name = part.get_filename()
    except _HEADER_ERRORS:
        name = None
    if name is None or "\ufffd" not in name:
        return name
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        raw = _raw_header(part, header)
        if raw is not None and _has_raw_bytes(raw):
            try:
                value = policy.default.header_factory(header, _redecoded(raw)).params.get(param)
            except _HEADER_ERRORS:
                continue
            if value:
                return str(value)
    return name


def _count_decoded_size(part: EmailMessage, name: str, reading: _Reading) -> None:
    """Size the attachment from its encoded length, before decoding it (base64 is 4 characters for
    3 bytes); refuse the email when it, or all its attachments so far, are over the limits."""
    payload = part.get_payload()
    encoded = len(payload) if isinstance(payload, str) else 0
    cte = str(part.get("content-transfer-encoding", "")).strip().lower()
    size = encoded * 3 // 4 if cte == "base64" else encoded
    limits = reading.limits
    if size > limits.document_bytes:
        raise UnreadableDocument(
            f"attachment {name!r} would be {size_text(size)} decoded, over the {limits.document_mb:g} MB a "
            f"document may be; the email was not read (raise {setting_name('document_mb')} if it is genuine)"
        )
    reading.expanded += size
    if reading.expanded > limits.expanded_bytes:
        raise UnreadableDocument(
            f"the attachments up to {name!r} would be {size_text(reading.expanded)} decoded, over the "
            f"{limits.expanded_mb:g} MB one email's attachments may expand to; the email was not read (raise "
            f"{setting_name('expanded_mb')} if it is genuine)"
        )


def _nested_message(part: EmailMessage, reading: _Reading) -> Attachment:
    """A forwarded message as the bytes it was sent as (its own headers restored), named after its
    file name or subject; only its headers are parsed here."""
    _count_decoded_size(part, _filename(part) or "forwarded message", reading)
    payload = part.get_payload(decode=True)
    data = _KEPT_TYPE.sub(rb"\1message/", payload if isinstance(payload, bytes) else b"")
    name = _filename(part)
    if not name:
        headers = BytesParser(policy=policy.default).parsebytes(data, headersonly=True)
        assert isinstance(headers, EmailMessage)
        name = f"{safe_name(header_text(headers, 'subject')) or 'message'}.eml"
    return Attachment(name, data)


def safe_name(text: str) -> str:
    """A subject made fit to name a file: no path separators or control characters."""
    return " ".join(_UNSAFE_NAME.sub(" ", text).split()).strip(" .")[:120]
