"""Builders for realistic input documents: release-note PDFs, emails, MAP spreadsheets.

Used by the demo corpus and by tests, so every document firpath meets in a test was written the
way real senders write them (fpdf2 PDFs with header tables, Outlook .msg files, workbooks with
title rows), not stubbed.

Every builder gives the same bytes for the same arguments: the time a document claims it was made is
GENERATED_AT, not the clock, and MIME boundaries come from the message's content, not `random`. So a
corpus generated twice is read once (content hashes), and a review made on it still holds.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime

from fpdf import FPDF

# when every generated document says it was written (PDF creation date, workbook properties, zip
# entries, an Outlook message's delivery time unless given)
GENERATED_AT = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class ReleaseNote:
    title: str
    header: Sequence[tuple[str, str]]  # the key/value table at the top of page 1
    sections: Sequence[tuple[str, Sequence[str]]]  # (heading, paragraphs); a paragraph may be a bullet "- ..."
    tables: Sequence[tuple[str, Sequence[Sequence[str]]]] = field(default_factory=tuple)  # (caption, rows incl. header)
    pages: int = 1  # sections are spread over this many pages


def release_note_pdf(note: ReleaseNote, *, user_password: str | None = None) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(GENERATED_AT)  # also hashed into the file ID, and so into the encryption key
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(note.title)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-" + user_password, user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, note.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", size=10)
    with pdf.table(col_widths=(45, 125), first_row_as_headings=False) as table:
        for key, value in note.header:
            row = table.row()
            row.cell(key)
            row.cell(value)
    pdf.ln(4)
    per_page = max(1, -(-len(note.sections) // note.pages))
    for index, (heading, paragraphs) in enumerate(note.sections):
        if index and index % per_page == 0:
            pdf.add_page()
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        for paragraph in paragraphs:
            text = paragraph.replace("- ", "\u2022 ", 1) if paragraph.startswith("- ") else paragraph
            pdf.multi_cell(0, 5, text.replace("\u2022", "-"), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        pdf.ln(2)
    for caption, rows in note.tables:
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 7, caption, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        with pdf.table() as table:
            for cells in rows:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        pdf.ln(4)
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A 'scanned' release note: a picture of a page and no text layer at all."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(image)
    for y in range(80, 800, 22):
        draw.rectangle((60, y, 60 + (y * 37) % 480, y + 9), fill=90)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF(format="A4")
    pdf.set_creation_date(GENERATED_AT)
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210)
    return bytes(pdf.output())


def scan_of(pdf: bytes, dpi: int = 200) -> bytes:
    """`pdf` as a scanner would return it: each page a picture (greyscale, `dpi`), no text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pictures = [document[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(document))]
    finally:
        document.close()
    buffer = io.BytesIO()
    pictures[0].save(buffer, format="PDF", resolution=float(dpi), save_all=True, append_images=pictures[1:])
    return buffer.getvalue()


@dataclass(frozen=True)
class MailAttachment:
    name: str
    data: bytes
    mime_type: str  # "application/pdf", "text/csv", "message/rfc822", ...


def eml(
    *,
    sender: str,
    to: str,
    subject: str,
    text: str | None = None,
    html: str | None = None,
    attachments: Sequence[MailAttachment] = (),
    sent: datetime = datetime(2024, 3, 4, 9, 30, tzinfo=timezone.utc),
    message_id: str | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    if message_id is not None:
        message["Message-ID"] = message_id
    if text is not None:
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    for attachment in attachments:
        if attachment.mime_type == "message/rfc822":
            from email import message_from_bytes, policy

            nested = message_from_bytes(attachment.data, policy=policy.default)
            message.add_attachment(nested, filename=attachment.name)
        else:
            maintype, subtype = attachment.mime_type.split("/", 1)
            message.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=attachment.name)
    _set_boundaries(message)
    return bytes(message)


def _set_boundaries(message: EmailMessage) -> None:
    """Boundaries from a hash of the message's own content: the email package draws them from
    `random`, so the same message would come out different each time."""
    digest = hashlib.sha256()
    for part in message.walk():
        if not part.is_multipart():
            digest.update(part.as_bytes())
    token = digest.hexdigest()[:32]
    multiparts = [part for part in message.walk() if part.get_content_maintype() == "multipart"]
    for index, part in enumerate(multiparts):
        if part.get_boundary() is None:  # an attached message keeps the boundaries it has
            part.set_boundary(f"=_firpath_{token}_{index}")


def outlook_msg(
    *,
    sender_name: str,
    sender_email: str,
    subject: str,
    body: str,
    attachments: Sequence[MailAttachment] = (),
    sent: datetime = GENERATED_AT,
) -> bytes:
    """An Outlook .msg file, written the way Outlook stores one (a compound file of MAPI properties).

    `sent` is always set: without it, aspose stamps the time of writing in."""
    import tempfile
    from pathlib import Path

    from aspose.email_foss import msg

    message = msg.MapiMessage.create(subject, body)
    message.set_property(msg.PropertyId.SENDER_NAME, sender_name)
    message.set_property(msg.PropertyId.SENDER_EMAIL_ADDRESS, sender_email)
    message.set_property(msg.PropertyId.MESSAGE_DELIVERY_TIME, sent)
    for attachment in attachments:
        message.add_attachment(attachment.name, attachment.data, mime_type=attachment.mime_type)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "message.msg"
        message.save(str(path))
        return path.read_bytes()


@dataclass(frozen=True)
class Sheet:
    title: str
    rows: Sequence[Sequence[str]]  # title rows, header and data, as they appear


def workbook(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title)
        for row in sheet.rows:
            ws.append(list(row))
        for cells in ws.iter_rows():
            for cell in cells:
                cell.number_format = "@"  # text: a version like 01020005 must keep its leading zero
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue())


_CORE_TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def stable_zip(data: bytes) -> bytes:
    """The zip (an XLSX, a DOCX) with every entry dated GENERATED_AT, and the same dates in its
    docProps/core.xml: zipfile dates an entry by the clock, openpyxl sets `modified` on saving."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIME.sub(GENERATED_AT.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), content)
            entry = zipfile.ZipInfo(info.filename, date_time=GENERATED_AT.timetuple()[:6])
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            dst.writestr(entry, content)
    return out.getvalue()


def csv_bytes(rows: Sequence[Sequence[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)
