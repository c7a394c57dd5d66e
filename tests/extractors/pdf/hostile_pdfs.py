"""Hostile and broken PDFs, written byte by byte: what a release-note inbox may hold besides notes.

Each builder writes a small, valid-looking PDF with one twist. `raw_pdf` writes objects and a
correct cross-reference table, so that a twist is the only thing wrong with a file.
"""

from __future__ import annotations

import io
import re
import zlib

REQUIREMENT = b"This release shall only be applied to devices running firmware 01020005."
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def raw_pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """Objects 1..n as given, a correct xref table and trailer."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def text_content(*lines: bytes) -> bytes:
    """A content stream writing each line of text."""
    ops = [b"BT /F1 11 Tf 72 760 Td 14 TL"]
    ops += [b"(%s) '" % line.replace(b"(", b"\\(").replace(b")", b"\\)") for line in lines]
    ops.append(b"ET")
    return b"\n".join(ops)


def one_page(content: bytes, *, compress: bool = False, resources_extra: bytes = b"") -> bytes:
    data = zlib.compress(content) if compress else content
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        _FONT,
        stream(data, b"/Filter /FlateDecode " if compress else b""),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> %s>> >>" % resources_extra,
    ])  # fmt: skip


def note_content(*, table: bool = False) -> bytes:
    """A one-page note's text stating one requirement; with `table`, also a ruled From/To table
    (which only pdfplumber reads)."""
    content = text_content(b"Acme Metering AM-E200 release notes", b"Model ID: 0101", b"Firmware Version: 01030001",
                           REQUIREMENT)  # fmt: skip
    if table:
        cells = ((75, 620, b"From"), (225, 620, b"To"), (75, 590, b"01020003"), (225, 590, b"01030001"))
        content += b"\nBT /F1 11 Tf " + b" ".join(b"1 0 0 1 %d %d Tm (%s) Tj" % c for c in cells) + b" ET"
        content += b"\n0.5 w 70 580 300 60 re S 70 610 m 370 610 l S 220 580 m 220 640 l S"
    return content


def release_note(*, table: bool = False) -> bytes:
    return one_page(note_content(table=table))


def corrupt_xref(data: bytes) -> bytes:
    """Every offset in the cross-reference table pointing to the wrong place."""
    return re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), data)


def no_xref(data: bytes) -> bytes:
    """The cross-reference table and trailer gone: only the objects are left."""
    return data[: data.rindex(b"xref")] + b"%%EOF\n"


def page_count_bomb(pages: int) -> bytes:
    """A PDF of `pages` empty pages (a few bytes each), built as a flat page tree."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
                    *([page] * pages)])  # fmt: skip


def decompression_bomb(expanded_mib: int) -> bytes:
    """One page whose content stream is a few MB of flate data that expands to `expanded_mib` MiB."""
    packer = zlib.compressobj(9)
    parts = [packer.compress(text_content(REQUIREMENT) + b"\n")]
    block = b" " * 2**20
    parts += [packer.compress(block) for _ in range(expanded_mib)]
    parts.append(packer.flush())
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        _FONT,
        stream(b"".join(parts), b"/Filter /FlateDecode "),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
    ])  # fmt: skip


def deeply_nested(depth: int) -> bytes:
    """The note with its From/To table (so both readers parse the page) whose resources hold arrays
    nested `depth` deep."""
    nested = b"[" * depth + b"]" * depth
    return one_page(note_content(table=True), resources_extra=b"/Nest " + nested + b" ")
