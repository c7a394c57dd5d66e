"""parse_email on .eml and Outlook .msg bytes built here: headers, segments, attachments, errors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from email.message import EmailMessage

import pytest
from aspose.email_foss import msg

from extractors.mail import _msg, parse_email
from extractors.mail.parse import ParsedEmail
from firpath.domain import DocumentKind
from firpath.domain.documents import UnreadableDocument

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"
CSV = b"model,target,base\nEM-1,01030001,01020005\n"
DATE = "Mon, 04 Mar 2024 10:00:00 +0000"
SENDER = "Jo Bloggs <jo@example.com>"

OUTLOOK_REPLY = (
    "Confirmed: 01030001 needs 01020005.\r\n\r\n"
    "-----Original Message-----\r\nFrom: Al Smith\r\nSent: 03 March 2024 09:00\r\nTo: Jo\r\nSubject: firmware\r\n\r\n"
    "Which base does 01030001 need?\r\n"
)


@dataclass(frozen=True)
class Expected:
    subject: str
    sender: str
    sent: str
    segments: list[tuple[int, str, str]]  # (depth, label, text)
    attachments: list[tuple[str, bytes]]  # (name, data)


def summary(parsed: ParsedEmail) -> Expected:
    return Expected(
        parsed.subject,
        parsed.sender,
        parsed.sent,
        [(s.depth, s.label, s.text) for s in parsed.segments],
        [(a.name, a.data) for a in parsed.attachments],
    )


# --- .eml ---------------------------------------------------------------------------------------


def eml(subject: str = "Firmware 01030001", body: str | None = "Body.", html: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = SENDER
    message["Date"] = DATE
    if body is not None:
        message.set_content(body)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    return message


def eml_with_attachments() -> bytes:
    message = eml(body="See attached.")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="release notes.pdf")
    message.add_attachment(CSV, maintype="text", subtype="csv", filename="paths.csv")
    return message.as_bytes()


def eml_with_nested_message() -> tuple[bytes, bytes]:
    inner = eml(subject="RE: paths / v2", body="01030001 needs 01020005.")
    inner.add_attachment(CSV, maintype="text", subtype="csv", filename="paths.csv")
    outer = eml(body="Forwarding the thread as an attachment.")
    outer.add_attachment(inner)  # message/rfc822, no file name
    return outer.as_bytes(), inner.as_bytes()


def eml_raw(headers: str, body: str) -> bytes:
    return (headers.strip() + "\n\n" + body).encode()


EML_CASES = [
    pytest.param(
        eml(body="01030001 must only be applied to devices running 01020005.").as_bytes(),
        Expected("Firmware 01030001", SENDER, DATE,
                 [(0, "email body", "01030001 must only be applied to devices running 01020005.")], []),
        id="plain text",
    ),
    pytest.param(
        eml(body=None, html="<html><body><p>Paths:</p><table><tr><td>01030001</td><td>01020005</td></tr>"
                            "</table><style>p{}</style></body></html>").as_bytes(),
        Expected("Firmware 01030001", SENDER, DATE, [(0, "email body", "Paths:\n01030001 | 01020005")], []),
        id="html only",
    ),
    pytest.param(
        eml(body="Plain wins.", html="<p>HTML loses.</p>").as_bytes(),
        Expected("Firmware 01030001", SENDER, DATE, [(0, "email body", "Plain wins.")], []),
        id="multipart/alternative prefers text/plain",
    ),
    pytest.param(
        eml(body="  \n", html="<p>Only the HTML says it.</p>").as_bytes(),
        Expected("Firmware 01030001", SENDER, DATE, [(0, "email body", "Only the HTML says it.")], []),
        id="blank text/plain falls back to html",
    ),
    pytest.param(
        eml_with_attachments(),
        Expected("Firmware 01030001", SENDER, DATE, [(0, "email body", "See attached.")],
                 [("release notes.pdf", PDF), ("paths.csv", CSV)]),
        id="pdf and csv attachments",
    ),
    pytest.param(
        eml(subject="Firmware für Zähler \u2013 01030001", body="Grüße").as_bytes(),
        Expected("Firmware für Zähler \u2013 01030001", SENDER, DATE, [(0, "email body", "Grüße")], []),
        id="non-ascii subject and body",
    ),
    pytest.param(
        eml_raw("Subject: =?utf-8?q?Mise_=C3=A0_jour?= 01030001\nFrom: =?iso-8859-1?q?J=FCrgen?= <j@example.com>",
                "Corps."),
        Expected("Mise à jour 01030001", "Jürgen <j@example.com>", "", [(0, "email body", "Corps.")], []),
        id="rfc 2047 encoded headers, no date",
    ),
    pytest.param(
        eml(body=OUTLOOK_REPLY).as_bytes(),
        Expected("Firmware 01030001", SENDER, DATE, [
            (0, "email body", "Confirmed: 01030001 needs 01020005."),
            (1, "email body, quoted message 1 (From: Al Smith, Sent: 03 March 2024 09:00)",
             "Which base does 01030001 need?"),
        ], []),
        id="outlook reply in the body",
    ),
    pytest.param(
        eml(body=None, html="<p>Yes.</p><div>On Mon, 4 Mar 2024, Al &lt;al@example.com&gt; wrote:</div>"
                            "<blockquote><p>Does 01030001 need 01020005?</p></blockquote>").as_bytes(),
        Expected("Firmware 01030001", SENDER, DATE, [
            (0, "email body", "Yes."),
            (1, "email body, quoted message 1 (From: Al <al@example.com>, Sent: Mon, 4 Mar 2024)",
             "Does 01030001 need 01020005?"),
        ], []),
        id="html reply with blockquote",
    ),
    pytest.param(
        eml_raw("Subject: flowed\nFrom: a@example.com\nContent-Type: text/plain; format=flowed",
                "01030001 must only be applied \nto devices running 01020005.\n> quoted \n> wrapped\n"),
        Expected("flowed", "a@example.com", "", [
            (0, "email body", "01030001 must only be applied to devices running 01020005."),
            (1, "email body, quoted message 1", "quoted wrapped"),
        ], []),
        id="format=flowed soft breaks joined",
    ),
    pytest.param(
        eml_raw(
            "Subject: nameless\nFrom: a@example.com\nMIME-Version: 1.0\n"
            'Content-Type: multipart/mixed; boundary="b"',
            "--b\nContent-Type: text/plain\n\nBody.\n"
            "--b\nContent-Type: application/pdf\nContent-Disposition: attachment\n"
            "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQ=\n"
            "--b\nContent-Type: image/png; name=logo.png\nContent-Disposition: inline\n"
            "Content-Transfer-Encoding: base64\n\niVBORw==\n--b--\n",
        ),
        Expected("nameless", "a@example.com", "", [(0, "email body", "Body.")],
                 [("attachment 1.pdf", b"%PDF-1.4"), ("logo.png", b"\x89PNG")]),
        id="attachment without a name, inline part with one",
    ),
]


@pytest.mark.unit
@pytest.mark.parametrize(("data", "expected"), EML_CASES)
def test_parse_eml(data: bytes, expected: Expected) -> None:
    assert summary(parse_email(data, DocumentKind.EML)) == expected


@pytest.mark.unit
def test_nested_message_becomes_an_eml_attachment() -> None:
    outer, inner = eml_with_nested_message()

    parsed = parse_email(outer, DocumentKind.EML)

    assert [a.name for a in parsed.attachments] == ["RE paths v2.eml"]
    nested = parse_email(parsed.attachments[0].data, DocumentKind.EML)
    assert summary(nested) == summary(parse_email(inner, DocumentKind.EML))
    assert summary(nested) == Expected(
        "RE: paths / v2", SENDER, DATE, [(0, "email body", "01030001 needs 01020005.")], [("paths.csv", CSV)]
    )


# --- .msg ---------------------------------------------------------------------------------------


def outlook(subject: str, body: str = "", html: str | None = None) -> msg.MapiMessage:
    message = msg.MapiMessage.create(subject, body)
    message.set_property(msg.PropertyId.SENDER_NAME, "Jo Bloggs")
    message.set_property(
        msg.PropertyId.MESSAGE_DELIVERY_TIME, datetime.datetime(2024, 3, 4, 10, 0, tzinfo=datetime.UTC)
    )
    if html is not None:
        message.body_html = html
    return message


def outlook_with_attachments() -> bytes:
    message = outlook("Release 01030001", "Notes attached.")
    message.add_attachment("release notes.pdf", PDF, mime_type="application/pdf")
    message.add_attachment("paths.csv", CSV, mime_type="text/csv")
    return message.to_bytes()


def outlook_with_embedded() -> bytes:
    inner = msg.MapiMessage.create("RE: paths", "01030001 needs 01020005.")
    inner.add_attachment("paths.csv", CSV, mime_type="text/csv")
    outer = outlook("FW: paths", "See the attached thread.")
    outer.add_embedded_message_attachment(inner, filename="RE paths.msg")
    return outer.to_bytes()


MSG_SENT = "Mon, 04 Mar 2024 10:00:00 +0000"

MSG_CASES = [
    pytest.param(
        outlook("Release 01030001", "01030001 must only be applied to 01020005.").to_bytes(),
        Expected("Release 01030001", "Jo Bloggs", MSG_SENT,
                 [(0, "email body", "01030001 must only be applied to 01020005.")], []),
        id="plain text",
    ),
    pytest.param(
        outlook_with_attachments(),
        Expected("Release 01030001", "Jo Bloggs", MSG_SENT, [(0, "email body", "Notes attached.")],
                 [("release notes.pdf", PDF), ("paths.csv", CSV)]),
        id="pdf and csv attachments",
    ),
    pytest.param(
        outlook("HTML only", html="<html><body><p>Paths:</p><table><tr><td>01030001</td><td>01020005</td></tr>"
                                  "</table></body></html>").to_bytes(),
        Expected("HTML only", "Jo Bloggs", MSG_SENT, [(0, "email body", "Paths:\n01030001 | 01020005")], []),
        id="html only",
    ),
    pytest.param(
        outlook("Zähler-Firmware \u2013 01030001", "Grüße").to_bytes(),
        Expected("Zähler-Firmware \u2013 01030001", "Jo Bloggs", MSG_SENT, [(0, "email body", "Grüße")], []),
        id="non-ascii subject",
    ),
    pytest.param(
        outlook("RE: firmware", OUTLOOK_REPLY).to_bytes(),
        Expected("RE: firmware", "Jo Bloggs", MSG_SENT, [
            (0, "email body", "Confirmed: 01030001 needs 01020005."),
            (1, "email body, quoted message 1 (From: Al Smith, Sent: 03 March 2024 09:00)",
             "Which base does 01030001 need?"),
        ], []),
        id="outlook reply chain",
    ),
]


@pytest.mark.unit
@pytest.mark.parametrize(("data", "expected"), MSG_CASES)
def test_parse_msg(data: bytes, expected: Expected) -> None:
    assert summary(parse_email(data, DocumentKind.MSG)) == expected


@pytest.mark.unit
def test_embedded_outlook_message_becomes_a_msg_attachment() -> None:
    parsed = parse_email(outlook_with_embedded(), DocumentKind.MSG)

    assert [a.name for a in parsed.attachments] == ["RE paths.msg"]
    nested = parse_email(parsed.attachments[0].data, DocumentKind.MSG)
    assert (nested.subject, [s.text for s in nested.segments]) == ("RE: paths", ["01030001 needs 01020005."])
    assert [(a.name, a.data) for a in nested.attachments] == [("paths.csv", CSV)]


@pytest.mark.unit
def test_embedded_message_that_cannot_be_exported_becomes_an_eml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_msg, "_exported", lambda inner: None)

    parsed = parse_email(outlook_with_embedded(), DocumentKind.MSG)

    assert [a.name for a in parsed.attachments] == ["RE paths.eml"]
    nested = parse_email(parsed.attachments[0].data, DocumentKind.EML)
    assert (nested.subject, [s.text for s in nested.segments]) == ("RE: paths", ["01030001 needs 01020005."])
    assert [(a.name, a.data) for a in nested.attachments] == [("paths.csv", CSV)]


# --- errors -------------------------------------------------------------------------------------

GARBAGE = bytes(range(256)) * 8  # 2 KiB: long enough that olefile would read it as data, not a path
OLE_HEADER_THEN_GARBAGE = _msg.OLE_MAGIC + GARBAGE


@pytest.mark.unit
@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        pytest.param(GARBAGE, DocumentKind.EML, "not a readable email (.eml)", id="garbage as eml"),
        pytest.param(b"", DocumentKind.EML, "not a readable email (.eml)", id="empty as eml"),
        pytest.param(GARBAGE, DocumentKind.MSG, "not a readable Outlook .msg file (olefile:", id="garbage as msg"),
        pytest.param(b"short", DocumentKind.MSG, "not a readable Outlook .msg file (olefile:", id="short as msg"),
        pytest.param(OLE_HEADER_THEN_GARBAGE, DocumentKind.MSG, "not a readable Outlook .msg file",
                     id="ole signature then garbage"),
        pytest.param(outlook_with_attachments()[:3000], DocumentKind.MSG, "not a readable Outlook .msg file",
                     id="truncated msg"),
        pytest.param(eml(body="x").as_bytes(), DocumentKind.MSG, "not a readable Outlook .msg file",
                     id="eml given as msg"),
        pytest.param(eml_raw("Subject: nothing\nFrom: a@example.com", "\n  \n"), DocumentKind.EML,
                     "email has no text body and no attachments", id="eml without body or attachments"),
        pytest.param(msg.MapiMessage.create("nothing", "").to_bytes(), DocumentKind.MSG,
                     "email has no text body and no attachments", id="msg without body or attachments"),
    ],
)
def test_unreadable(data: bytes, kind: DocumentKind, message: str) -> None:
    with pytest.raises(UnreadableDocument) as raised:
        parse_email(data, kind)
    assert str(raised.value).startswith(message)


@pytest.mark.unit
def test_other_kinds_are_a_caller_error() -> None:
    with pytest.raises(ValueError, match=r"reads \.eml and \.msg"):
        parse_email(b"%PDF-1.4", DocumentKind.PDF)

