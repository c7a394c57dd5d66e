"""Hostile inputs, generated: the workbooks, CSVs and emails of the reliability suite.

Each builder makes the small, realistic file a sender (careless or malicious) could send; the
cases and what a user sees for each are listed in docs/reliability.md. Imported as
`tests.hostile_builders`.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from email.message import EmailMessage

import openpyxl

from firpath.domain import Document, DocumentKind
from firpath.stages.ingest import sniff_kind

MAP_HEADER = ("Mfr", "Model ID", "HW Ver", "Current FW", "Target FW")
MAP_ROW = ("10A7", "0101", "0002", "01020005", "01030001")
STATEMENT = "Acme Metering AM-E200: 01030001 must only be applied to devices running 01020005."

Rows = Sequence[Sequence[object]]


def document(name: str, data: bytes, kind: DocumentKind | None = None) -> Document:
    """A received document, its kind sniffed from its bytes unless given."""
    return Document(name, data, kind or sniff_kind(name, data), Document.sha256_of(data))


# --- workbooks ------------------------------------------------------------------------------------


def xlsx(sheets: Mapping[str, Rows], merges: Mapping[str, Sequence[str]] | None = None) -> bytes:
    """A workbook with one sheet per entry, cells as given (a str starting with "=" is a formula,
    saved without a value, as openpyxl and other generators write them), `merges` per sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for cell_range in (merges or {}).get(title, ()):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: Mapping[str, bytes] | None = None, add: Mapping[str, bytes] | None = None) -> bytes:
    """The zip with some parts' content replaced and parts added (deflated)."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def with_saved_values(data: bytes, values: Mapping[str, str], sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with the given formula cells' saved (cached) results, as Excel writes them:
    `<c r="B2" t="str"><f>...</f><v>01020005</v></c>`."""
    xml = part(data, sheet).decode()
    for ref, value in values.items():
        pattern = re.compile(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>')
        xml, count = pattern.subn(lambda m: f'<c r="{ref}"{m.group(1)} t="str"><f>{m.group(2)}</f><v>{value}</v>', xml)
        assert count == 1, f"no formula cell {ref} without a saved value"
    return rezip(data, replace={sheet: xml.encode()})


# A VBA project as Excel stores it: an OLE container holding the macro source (compressed in
# reality; its words are what a scanner would look for).
VBA_PROJECT = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    + b'Attribute VB_Name = "ThisWorkbook"\r\nSub Workbook_Open()\r\n  Shell "cmd /c calc.exe"\r\nEnd Sub\r\n'
)  # fmt: skip


def macro_enabled(data: bytes) -> bytes:
    """The workbook as an .xlsm: macro-enabled content type, a VBA project and an Excel 4 macro sheet."""
    types = part(data, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    types = types.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    macro_sheet = b'<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>'
    return rezip(
        data,
        replace={"[Content_Types].xml": types},
        add={"xl/vbaProject.bin": VBA_PROJECT, "xl/macrosheets/sheet1.xml": macro_sheet},
    )


def forge_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with part `name` declaring `size` bytes unpacked (in its local header and in the
    central directory), its content unchanged: the header fields a zip bomb sets, or lies in."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (start := out.find(signature, start)) >= 0:
            (name_len,) = struct.unpack_from("<H", out, start + name_len_at)
            if bytes(out[start + name_at : start + name_at + name_len]) == encoded:
                struct.pack_into("<I", out, start + size_at, size)
            start += 4
    return bytes(out)


def sheet_xml(rows_xml: bytes, dimension: str = "A1", merges: Sequence[str] = ()) -> bytes:
    """A worksheet part as Excel lays it out (merged ranges written as they are: openpyxl would
    make a cell object for every cell a huge range covers)."""
    merged = b""
    if merges:
        merged = f'<mergeCells count="{len(merges)}">'.encode() + b"".join(
            f'<mergeCell ref="{ref}"/>'.encode() for ref in merges
        ) + b"</mergeCells>"
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + f'<dimension ref="{dimension}"/>'.encode() + b"<sheetData>" + rows_xml + b"</sheetData>" + merged
        + b"</worksheet>"
    )  # fmt: skip


def inline_row(cells: Sequence[str], row: int | None = None) -> bytes:
    """One `<row>` of inline-string cells (no `r` attributes unless `row` is given: readers count)."""
    attribute = f' r="{row}"' if row is not None else ""
    return f"<row{attribute}>".encode() + b"".join(
        f'<c t="inlineStr"><is><t>{cell}</t></is></c>'.encode() for cell in cells
    ) + b"</row>"


def workbook_with_sheet(sheet: bytes, level: int = 1) -> bytes:
    """A one-sheet workbook whose sheet part is `sheet` (deflated at `level`)."""
    shell = xlsx({"Paths": [["placeholder"]]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(shell)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename)
            target.writestr(info.filename, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return out.getvalue()


def map_sheet_rows(count: int) -> bytes:
    """`count` MAP data rows under the header, as sheet XML rows, made by repetition (cheap at a
    million rows: the compressed workbook stays small)."""
    return inline_row(MAP_HEADER) + inline_row(MAP_ROW) * count


def space_bomb(expanded: int) -> bytes:
    """A workbook whose sheet part is `expanded` bytes of whitespace inside <sheetData> (valid XML,
    and deflate packs a megabyte of it into about a kilobyte)."""
    head, tail = sheet_xml(b"").split(b"</sheetData>")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunks = [compressor.compress(head)]
    block = b" " * (1 << 20)
    for _ in range(expanded >> 20):
        chunks.append(compressor.compress(block))
    chunks.append(compressor.compress(b"</sheetData>" + tail))
    chunks.append(compressor.flush())
    raw = b"".join(chunks)
    size = len(head) + (expanded >> 20 << 20) + len(b"</sheetData>" + tail)
    crc = zlib.crc32(head)
    for _ in range(expanded >> 20):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(b"</sheetData>" + tail, crc)
    return _with_raw_part(xlsx({"Paths": [["placeholder"]]}), "xl/worksheets/sheet1.xml", raw, size, crc)


def _with_raw_part(data: bytes, name: str, deflated: bytes, size: int, crc: int) -> bytes:
    """The zip with part `name` replaced by already-deflated bytes (so a test never holds the
    expanded content)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info.filename))
    body = out.getvalue()
    # append the raw part by hand: a local header, the data, and a central directory rebuilt
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        infos = archive.infolist()
        directory_at = archive.start_dir  # type: ignore[attr-defined]
    encoded = name.encode()
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0) + encoded
    entries = body[:directory_at]
    offset = len(entries)
    central = bytearray(body[directory_at : body.rfind(b"PK\x05\x06")])
    central += struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0, 0, 0, 0, 0, offset
    ) + encoded
    total = len(infos) + 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, total, total, len(central), offset + len(local) + len(deflated), 0)
    return entries + local + deflated + bytes(central) + end


def zip_of_many_parts(parts: int) -> bytes:
    """A workbook followed by `parts` tiny extra parts (an entry-count bomb, scaled down)."""
    return rezip(xlsx({"Paths": [list(MAP_HEADER), list(MAP_ROW)]}), add={f"xl/media/p{i}.bin": b"" for i in range(parts)})


# --- CSV ------------------------------------------------------------------------------------------


def map_csv(rows: Rows, *, delimiter: str = ",", encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    text = newline.join(delimiter.join(str(cell) for cell in row) for row in rows) + newline
    return text.encode(encoding)


# --- emails ---------------------------------------------------------------------------------------


def email(
    subject: str = "Firmware 01030001",
    body: str = STATEMENT,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    sender: str = "Jo Bloggs <jo@acme-metering.example>",
) -> bytes:
    """An email with a plain-text body and attachments (file name, bytes, MIME type)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "paths@secas.example"
    message["Subject"] = subject
    message["Date"] = "Mon, 04 Mar 2024 10:00:00 +0000"
    message.set_content(body)
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def raw_email(headers: Sequence[tuple[bytes, bytes]], body: bytes) -> bytes:
    """An email exactly as given (for what EmailMessage refuses to write: raw 8-bit headers,
    missing boundaries, file names with path separators or line breaks)."""
    return b"".join(name + b": " + value + b"\r\n" for name, value in headers) + b"\r\n" + body


def with_attachment_named(filename: bytes, content: bytes = b"Mfr,Model ID\r\n10A7,0101\r\n") -> bytes:
    """An email whose one attachment's Content-Disposition file name is `filename`, verbatim."""
    body = (
        b"--b1\r\nContent-Type: text/plain\r\n\r\n" + STATEMENT.encode() + b"\r\n"
        b"--b1\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"" + filename + b"\"\r\n\r\n"
        + content + b"\r\n--b1--\r\n"
    )  # fmt: skip
    return raw_email(
        [(b"From", b"jo@acme.example"), (b"Subject", b"paths"), (b"MIME-Version", b"1.0"),
         (b"Content-Type", b'multipart/mixed; boundary="b1"')],  # fmt: skip
        body,
    )


def forwarded(depth: int) -> bytes:
    """An email forwarded `depth` times, each time as an attachment (message/rfc822), the
    innermost stating a path; each level says which level it is. Built as bytes (a mail library
    would re-serialise every level at each step)."""
    inner = email(subject="level 0", body=STATEMENT)
    for level in range(1, depth + 1):
        boundary = f"fwd{level}".encode()
        inner = raw_email(
            [(b"From", b"fwd@acme.example"), (b"Subject", f"Fwd: level {level}".encode()), (b"MIME-Version", b"1.0"),
             (b"Content-Type", b'multipart/mixed; boundary="' + boundary + b'"')],
            b"--" + boundary + b"\r\nContent-Type: text/plain\r\n\r\n" + f"Forwarding level {level}.".encode()
            + b"\r\n--" + boundary + b"\r\nContent-Type: message/rfc822\r\n\r\n" + inner + b"\r\n--" + boundary + b"--\r\n",
        )  # fmt: skip
    return inner


def nested_multipart(depth: int) -> bytes:
    """An email whose MIME parts are nested `depth` levels deep (multipart in multipart ...)."""
    inner = b"Content-Type: text/plain\r\n\r\n" + STATEMENT.encode() + b"\r\n"
    for level in range(depth):
        boundary = f"n{level}".encode()
        inner = (
            b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary + b"\r\n"
            + inner + b"\r\n--" + boundary + b"--\r\n"
        )  # fmt: skip
    return b"From: a@acme.example\r\nSubject: nested\r\nMIME-Version: 1.0\r\n" + inner


def forwarded_msg(depth: int) -> bytes:
    """An Outlook message forwarded `depth` times, each time as an embedded message attachment."""
    from aspose.email_foss import msg

    inner = msg.MapiMessage.create("level 0", STATEMENT)
    for level in range(1, depth + 1):
        outer = msg.MapiMessage.create(f"Fwd level {level}", f"Forwarding level {level}.")
        outer.add_embedded_message_attachment(inner, filename=f"level {level - 1}.msg")
        inner = outer
    return inner.to_bytes()
