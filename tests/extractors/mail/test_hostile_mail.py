"""Hostile emails, as an inbox receives them: what each reads as, or why it is refused.

The cases of docs/reliability.md ("Emails"): attachments named like paths, deeply nested
forwarded emails, a multipart with no boundary, a huge base64 attachment, non-ASCII headers.
"""

from __future__ import annotations

import base64
import os

import pytest

from extractors import extract
from extractors.mail import parse_email
from extractors.mail.chain import split_chain
from firpath.domain import DocumentKind
from firpath.domain.documents import UnreadableDocument
from firpath.domain.limits import DocumentLimits
from firpath.stages.ingest import attachment_document
from tests.hostile_builders import (
    STATEMENT,
    document,
    email,
    forwarded,
    forwarded_msg,
    nested_multipart,
    raw_email,
    with_attachment_named,
)

pytestmark = pytest.mark.unit

CSV = b"Mfr,Model ID,HW Ver,Current FW,Target FW\r\n10A7,0101,0002,01020005,01030001\r\n"


def parsed(data: bytes, limits: DocumentLimits | None = None):
    return parse_email(data, DocumentKind.EML, limits)


# --- attachments named like paths ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "given", "shown"),
    [
        (b"../../etc/passwd", "../../etc/passwd", "passwd"),
        (b"/etc/cron.d/firpath", "/etc/cron.d/firpath", "firpath"),
        (b"..\\\\..\\\\Windows\\\\System32\\\\evil.csv", "..\\..\\Windows\\System32\\evil.csv", "evil.csv"),
        (b"C:\\\\Users\\\\Public\\\\paths.csv", "C:\\Users\\Public\\paths.csv", "paths.csv"),
        (b"..", "..", "attachment"),
    ],
    ids=["relative-traversal", "absolute-posix", "windows-traversal", "windows-absolute", "dot-dot"],
)
def test_an_attachment_named_like_a_path_is_kept_under_its_name_and_shown_as_a_name(filename: bytes, given: str, shown: str) -> None:
    received = document("mail/paths.eml", with_attachment_named(filename, CSV))
    (attachment,) = extract(received).attachments
    assert (attachment.name, attachment.data) == (given, CSV)  # untrusted, kept only as text
    child = attachment_document(received, attachment.name, attachment.data)
    assert child.name == f"mail/paths.eml > {shown}"
    assert child.kind is DocumentKind.CSV


def test_an_rfc2231_encoded_traversal_name_is_decoded_then_shown_as_a_name() -> None:
    data = with_attachment_named(b"x").replace(b'filename="x"', b"filename*=utf-8''%2E%2E%2F%2E%2E%2Fetc%2Fshadow")
    received = document("mail/paths.eml", data)
    (attachment,) = extract(received).attachments
    assert attachment.name == "../../etc/shadow"
    assert attachment_document(received, attachment.name, attachment.data).name == "mail/paths.eml > shadow"


# --- deeply nested forwarded emails ------------------------------------------------------------------


def test_a_forwarded_email_is_passed_on_as_the_bytes_it_was_sent_as() -> None:
    inner = email(subject="RE: AM-E200 paths", attachments=[("paths.csv", CSV, "text/csv")])
    outer = raw_email(
        [*HEADERS, (b"Content-Type", b'multipart/mixed; boundary="f"')],
        b"--f\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n--f\r\nContent-Type: message/rfc822\r\n\r\n" + inner + b"\r\n--f--\r\n",
    )
    extraction = extract(document("mail/fwd.eml", outer))
    (attachment,) = extraction.attachments
    assert attachment.name == "RE AM-E200 paths.eml"
    assert attachment.data == inner  # byte for byte: its sha256 is the message's own
    assert parsed(attachment.data) == parsed(inner)
    assert parsed(attachment.data).attachments[0].data == CSV


@pytest.mark.parametrize("depth", [20, 1000])
def test_each_level_of_a_deep_forward_is_read_as_a_document_of_its_own(depth: int) -> None:
    """One parse per level: the outer email does not parse the levels inside it (the extraction
    runtime follows them, up to its own depth limit)."""
    data = forwarded(depth)
    for level in range(depth, depth - 3, -1):
        extraction = extract(document(f"level {level}.eml", data))
        assert [s.text for s in parsed(data).segments] == [f"Forwarding level {level}."]
        (attachment,) = extraction.attachments
        assert attachment.name == f"Fwd level {level - 1}.eml"
        assert len(attachment.data) < len(data)
        data = attachment.data


def test_each_level_of_a_deeply_forwarded_outlook_message_is_a_document_of_its_own() -> None:
    data = forwarded_msg(12)
    for level in range(12, 0, -1):
        received = document(f"level {level}.msg", data)
        assert received.kind is DocumentKind.MSG
        extraction = extract(received)
        assert [s.text for s in parse_email(data, DocumentKind.MSG).segments] == [f"Forwarding level {level}."]
        (attachment,) = extraction.attachments
        assert attachment.name == f"level {level - 1}.msg"
        data = attachment.data
    (claim,) = extract(document("level 0.msg", data)).claims
    assert claim.evidence.text == STATEMENT


def test_the_innermost_forwarded_email_still_states_its_path() -> None:
    data = forwarded(3)
    for _ in range(3):
        (attachment,) = extract(document("fwd.eml", data)).attachments
        data = attachment.data
    (claim,) = extract(document("level 0.eml", data)).claims
    assert claim.evidence.text == STATEMENT


@pytest.mark.parametrize("depth", [33, 500, 5000])
def test_mime_parts_nested_deeper_than_the_limit_are_refused(depth: int) -> None:
    with pytest.raises(UnreadableDocument) as raised:
        extract(document("mail/nested.eml", nested_multipart(depth)))
    assert str(raised.value) == (
        "email refused: its MIME parts are nested more than 32 deep (mail programs write 3 or 4 levels); "
        "raise FIRPATH_MAX_MIME_DEPTH if it is genuine"
    )


def test_mime_parts_nested_up_to_the_limit_are_read() -> None:
    (claim,) = extract(document("mail/nested.eml", nested_multipart(31))).claims
    assert claim.evidence.text == STATEMENT


def test_quotes_deeper_than_the_quote_limit_stay_in_the_deepest_message() -> None:
    body = "Newest.\n" + "".join(">" * level + f" level {level}\n" for level in range(1, 3001))
    segments = split_chain(body, max_depth=50)
    assert [s.depth for s in segments] == list(range(51))
    assert segments[50].text.splitlines()[0] == "level 50" and segments[50].text.splitlines()[1] == "> level 51"
    assert segments[50].text.splitlines()[-1] == ">" * 2950 + " level 3000"


def test_a_long_run_of_blank_lines_inside_a_quote_is_one_quoted_message() -> None:
    """Each blank line asks whether quoting resumes after it: answered from one pass, not a rescan."""
    body = "Newest.\n> older one\n" + "\n" * 100_000 + "> older two\nNewest again.\n"
    segments = split_chain(body)
    assert [(s.depth, s.text.split()[0:2]) for s in segments] == [(0, ["Newest."]), (0, ["Newest", "again."]), (1, ["older", "one"])]
    assert segments[2].text.endswith("older two")


# --- a multipart with no boundary ----------------------------------------------------------------


MIXED_BODY = (
    b"This is a multi-part message in MIME format.\r\n"
    b"--=_Part_1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + STATEMENT.encode() + b"\r\n"
    b"--=_Part_1\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"paths.csv\"\r\n\r\n"
    + CSV + b"--=_Part_1--\r\n"
)  # fmt: skip
HEADERS = [(b"From", b"jo@acme.example"), (b"Subject", b"AM-E200 paths"), (b"MIME-Version", b"1.0")]


@pytest.mark.parametrize(
    ("content_type", "declared"),
    [(b"multipart/mixed", "declares no boundary"), (b'multipart/mixed; boundary="other"', "declares the boundary 'other' but its body never uses it")],
    ids=["no-boundary", "wrong-boundary"],
)
def test_a_multipart_without_a_usable_boundary_is_split_at_the_boundary_its_body_uses(content_type: bytes, declared: str) -> None:
    extraction = extract(document("mail/broken.eml", raw_email([*HEADERS, (b"Content-Type", content_type)], MIXED_BODY)))
    (claim,) = extraction.claims
    assert claim.evidence.text == STATEMENT
    # split exactly as if the boundary had been declared (the line break before a boundary is the boundary's)
    well_formed = extract(document("mail/ok.eml", raw_email([*HEADERS, (b"Content-Type", b'multipart/mixed; boundary="=_Part_1"')], MIXED_BODY)))
    assert extraction.attachments == well_formed.attachments
    assert [(a.name, a.data) for a in extraction.attachments] == [("paths.csv", CSV.removesuffix(b"\r\n"))]
    assert extraction.notices == (
        f"a multipart/mixed part {declared}: its parts were split at the boundary line '--=_Part_1' in its body",
    )


def test_a_multipart_with_no_boundary_line_at_all_is_read_as_plain_text() -> None:
    body = b"Hello,\r\n\r\n" + STATEMENT.encode() + b"\r\n"
    extraction = extract(document("mail/broken.eml", raw_email([*HEADERS, (b"Content-Type", b"multipart/alternative")], body)))
    (claim,) = extraction.claims
    assert claim.evidence.text == STATEMENT
    assert extraction.notices == (
        "a multipart/alternative part declares no boundary, and no boundary line was found in it: its body was read as plain text",
    )


# --- a huge base64 attachment ---------------------------------------------------------------------


def big_attachment_email(size: int, parts: int = 1) -> tuple[bytes, bytes]:
    content = os.urandom(size)
    return email(attachments=[(f"dump{i}.bin", content, "application/octet-stream") for i in range(parts)]), content


def test_a_large_base64_attachment_is_passed_on_whole() -> None:
    data, content = big_attachment_email(8 << 20)
    extraction = extract(document("mail/big.eml", data))
    assert [claim.evidence.text for claim in extraction.claims] == [STATEMENT]
    (attachment,) = extraction.attachments
    assert attachment.data == content


def test_an_attachment_larger_than_a_document_may_be_is_refused_before_it_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    data, _ = big_attachment_email(3 << 20)

    def never(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the attachment was decoded")

    monkeypatch.setattr(base64, "b64decode", never)
    monkeypatch.setattr(base64, "decodebytes", never)
    import binascii

    monkeypatch.setattr(binascii, "a2b_base64", never)
    with pytest.raises(UnreadableDocument) as raised:
        extract(document("mail/big.eml", data), DocumentLimits(document_mb=2))
    assert str(raised.value) == (
        "attachment 'dump0.bin' would be 3.0 MB decoded, over the 2 MB a document may be; the email was not read "
        "(raise FIRPATH_MAX_DOCUMENT_MB if it is genuine)"
    )


def test_attachments_that_together_expand_past_the_limit_are_refused() -> None:
    data, _ = big_attachment_email(1 << 20, parts=3)
    with pytest.raises(UnreadableDocument, match=r"^the attachments up to 'dump2.bin' would be 3.0 MB decoded, over the 2.5 MB one email's attachments may expand to; .*FIRPATH_MAX_EXPANDED_MB"):
        extract(document("mail/big.eml", data), DocumentLimits(expanded_mb=2.5))


# --- non-ASCII headers ----------------------------------------------------------------------------

SUBJECT = "Zähler-Firmware – 01030001 für AM-E200"
SENDER = "Jürgen Groß <jg@zähler.example>"


@pytest.mark.parametrize(
    ("subject", "sender"),
    [
        (SUBJECT.encode("utf-8"), SENDER.encode("utf-8")),  # raw UTF-8 (RFC 6532, or just careless)
        (SUBJECT.encode("cp1252"), SENDER.encode("cp1252")),  # raw 8-bit from an old client
        (b"=?utf-8?q?Z=C3=A4hler-Firmware_=E2=80=93_01030001?= =?iso-8859-1?q?_f=FCr_AM-E200?=",
         "=?utf-8?b?SsO8cmdlbiBHcm/Dnw==?= <jg@zähler.example>".encode()),  # RFC 2047 encoded words
    ],
    ids=["raw-utf-8", "raw-cp1252", "rfc2047"],
)  # fmt: skip
def test_non_ascii_headers_read_as_written(subject: bytes, sender: bytes) -> None:
    data = raw_email([(b"From", sender), (b"Subject", subject), (b"Content-Type", b"text/plain; charset=utf-8")], STATEMENT.encode())
    email_read = parsed(data)
    assert (email_read.subject, email_read.sender) == (SUBJECT, SENDER)
    assert "\ufffd" not in email_read.subject + email_read.sender


@pytest.mark.parametrize(
    "filename",
    ["Zähler Übersicht.csv".encode("utf-8"), "Zähler Übersicht.csv".encode("cp1252"), b"=?utf-8?q?Z=C3=A4hler_=C3=9Cbersicht.csv?="],
    ids=["raw-utf-8", "raw-cp1252", "rfc2047"],
)
def test_non_ascii_attachment_names_read_as_written(filename: bytes) -> None:
    (attachment,) = extract(document("mail/paths.eml", with_attachment_named(filename, CSV))).attachments
    assert attachment.name == "Zähler Übersicht.csv"


def test_a_forwarded_message_with_a_non_ascii_subject_is_named_after_it() -> None:
    inner = raw_email([(b"From", b"a@b.example"), (b"Subject", "RE: Zähler/Pfad".encode("cp1252"))], STATEMENT.encode())
    outer = raw_email(
        [*HEADERS, (b"Content-Type", b'multipart/mixed; boundary="f"')],
        b"--f\r\nContent-Type: text/plain\r\n\r\nsee below\r\n--f\r\nContent-Type: message/rfc822\r\n\r\n" + inner + b"\r\n--f--\r\n",
    )
    (attachment,) = extract(document("mail/fwd.eml", outer)).attachments
    assert attachment.name == "RE Zähler Pfad.eml" and attachment.data.rstrip(b"\r\n") == inner.rstrip(b"\r\n")


def test_an_email_that_is_only_a_wrapped_message_passes_the_message_on() -> None:
    inner = email(subject="RE: paths")
    outer = raw_email([*HEADERS, (b"Content-Type", b"message/rfc822")], inner)
    (attachment,) = extract(document("mail/wrapped.eml", outer)).attachments
    assert (attachment.name, attachment.data) == ("RE paths.eml", inner)


def test_a_body_line_that_reads_like_a_message_content_type_reads_as_written() -> None:
    body = b"Set the header to:\r\nContent-Type: message/rfc822\r\nand resend.\r\n"
    (segment,) = parsed(raw_email([*HEADERS, (b"Content-Type", b"text/plain")], body)).segments
    assert segment.text == "Set the header to:\nContent-Type: message/rfc822\nand resend."


# --- found by tests/extractors/test_fuzz.py --------------------------------------------------------


def test_a_from_header_that_breaks_the_address_parser_is_read_as_written() -> None:
    """CPython raises AttributeError asking for this header; the email is still read."""
    data = raw_email([(b"From", b"=?utf-8?q?J=C3=BCrgacme.: RE: paths"), (b"Subject", b"paths")], STATEMENT.encode())
    email_read = parsed(data)
    assert email_read.sender == "=?utf-8?q?J=C3=BCrgacme.: RE: paths"
    assert [s.text for s in email_read.segments] == [STATEMENT]


def test_a_boundary_parameter_with_a_control_character_is_recovered_from_the_body() -> None:
    data = raw_email([*HEADERS, (b"Content-Type", b'multipart/mixed; b\x0bundary="=_Part_1"')], MIXED_BODY)
    extraction = extract(document("mail/broken.eml", data))
    assert [c.evidence.text for c in extraction.claims] == [STATEMENT]
    assert [a.name for a in extraction.attachments] == ["paths.csv"]
    assert extraction.notices[0].endswith("split at the boundary line '--=_Part_1' in its body")
