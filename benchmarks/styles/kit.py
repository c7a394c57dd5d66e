"""Building blocks shared by the house styles: text blocks, the PDF writer, email and workbook helpers.

Everything here is deterministic: fixed PDF creation dates, fixed zip timestamps inside workbooks,
MIME boundaries derived from the message, no clock and no global random state.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Callable

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FIXED_DATE = dt.datetime(2025, 1, 6, 9, 0, 0, tzinfo=dt.timezone.utc)
FIXED_ZIP_DATE = (2025, 1, 6, 9, 0, 0)

# ---------------------------------------------------------------------------------------------
# Blocks: what a wording or a filler paragraph produces, before a house style lays it out
# ---------------------------------------------------------------------------------------------


@dataclass
class Prose:
    text: str

    def record(self) -> str:
        return self.text


@dataclass
class Items:
    """A list: numbered steps or bullet items, with an optional lead-in line."""

    items: list[str]
    numbered: bool = False
    intro: str | None = None

    def lines(self) -> list[str]:
        if self.numbered:
            return [f"{k}. {item}" for k, item in enumerate(self.items, 1)]
        return list(self.items)

    def record(self) -> str:
        head = [self.intro] if self.intro else []
        return "\n".join(head + self.lines())


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str | None = None

    def record(self) -> str:
        lines = [" | ".join(self.header)] + [" | ".join(r) for r in self.rows]
        if self.caption:
            lines.insert(0, self.caption)
        return "\n".join(lines)


Block = Prose | Items | Table


@dataclass
class Placed:
    """A block with its role in the truth: a statement, a decoy or plain filler."""

    block: Block
    role: str = "filler"  # statement | decoy | filler | tie
    ref: object = None  # the corpus' record for statements and decoys
    heading: str | None = None


# ---------------------------------------------------------------------------------------------
# Text for PDFs: DejaVu when installed (arrows, accents); otherwise the core fonts and ASCII stand-ins
# ---------------------------------------------------------------------------------------------

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
UNICODE_PDF = all((_DEJAVU / n).exists() for n in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                                                      "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf",
                                                      "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
                                                      "DejaVuSerif-Italic.ttf"))
_ASCII = {"→": "->", "–": "-", "—": "-", "≥": ">=", "≤": "<=", "•": "-", "‘": "'", "’": "'", "“": '"',
          "”": '"', "¹": "(1)", "²": "(2)", "³": "(3)", "…": "...", "\u00a0": " ", "✓": "Yes", "✗": "No"}


# Parsing a full DejaVu face costs fpdf2 ~0.15 s per document and face; a subset holding the characters
# these documents use is parsed in milliseconds. Subsets are made once per machine (in the temp dir).
_UNICODES = ([*range(0x20, 0x7F), *range(0xA0, 0x180), 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2018, 0x2019,
              0x201C, 0x201D, 0x2022, 0x2026, 0x2070, *range(0x2074, 0x207A), 0x20AC, *range(0x2190, 0x2196),
              0x21D2, 0x2264, 0x2265, 0x2713, 0x2717])
_FACES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSansMono.ttf",
          "DejaVuSansMono-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf")
_font_cache: dict[str, str] = {}


def _face(name: str) -> str:
    if name in _font_cache:
        return _font_cache[name]
    import logging
    import os
    import tempfile

    import fontTools
    from fontTools import subset

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    src = _DEJAVU / name
    sizes = [(_DEJAVU / n).stat().st_size for n in _FACES]
    key = hashlib.sha1(f"{fontTools.version}:{sizes}:{_UNICODES}".encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"styles-corpus-fonts-{key}"
    dst = folder / name
    if not dst.exists():
        folder.mkdir(parents=True, exist_ok=True)
        opts = subset.Options()
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        font = subset.load_font(str(src), opts)
        font.recalcTimestamp = False
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=_UNICODES)
        sub.subset(font)
        tmp = folder / f".{name}.{os.getpid()}"
        subset.save_font(font, str(tmp), opts)
        os.replace(tmp, dst)
    _font_cache[name] = str(dst)
    return str(dst)


def pdf_text(text: str) -> str:
    """The text as the PDF will carry it (identity when a Unicode font is available)."""
    if UNICODE_PDF:
        return text
    out = "".join(_ASCII.get(ch, ch) for ch in text)
    return out.encode("latin-1", "replace").decode("latin-1")


class _FPDF(FPDF):
    running_header: str | None = None
    running_footer: str | None = None
    page_numbers: bool = True
    font_family_name: str = "Sans"

    def header(self) -> None:
        if self.running_header:
            self.set_font(self.font_family_name, "", 8)
            self.set_text_color(90, 90, 90)
            self.set_xy(self.l_margin, 8)
            self.cell(0, 4, pdf_text(self.running_header), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_draw_color(160, 160, 160)
            self.line(self.l_margin, 13, self.w - self.r_margin, 13)
            self.set_text_color(0, 0, 0)
            self.set_y(max(self.get_y(), self.t_margin))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.font_family_name, "", 7)
        self.set_text_color(110, 110, 110)
        left = pdf_text(self.running_footer) if self.running_footer else ""
        if left:
            self.cell(0, 4, left, align="L")
            self.set_x(self.l_margin)
        if self.page_numbers:
            self.cell(0, 4, f"Page {self.page_no()}", align="R")
        self.set_text_color(0, 0, 0)


class Pdf:
    """A thin layer over fpdf2 with the few layouts the house styles need."""

    def __init__(self, *, orientation: str = "P", header: str | None = None, footer: str | None = None,
                 margins: tuple[float, float, float] = (18, 18, 18), title: str | None = None,
                 author: str | None = None, page_numbers: bool = True, serif: bool = False):
        f = _FPDF(orientation=orientation, unit="mm", format="A4")
        self.f = f
        f.set_creation_date(FIXED_DATE)
        f.set_margins(*margins)
        f.set_auto_page_break(True, margin=18)
        self._faces: dict[tuple[str, str], str] = {}
        self._added: set[tuple[str, str]] = set()
        if UNICODE_PDF:
            base = "DejaVuSerif" if serif else "DejaVuSans"
            self._faces = {("Sans", ""): f"{base}.ttf", ("Sans", "B"): f"{base}-Bold.ttf",
                           ("Sans", "I"): f"{base}-Italic.ttf" if serif else f"{base}-Oblique.ttf",
                           ("Mono", ""): "DejaVuSansMono.ttf", ("Mono", "B"): "DejaVuSansMono-Bold.ttf"}
            f.font_family_name = "Sans"
            self.sans, self.mono = "Sans", "Mono"
            self._ensure("Sans", "")
        else:
            f.font_family_name = "Times" if serif else "Helvetica"
            self.sans, self.mono = f.font_family_name, "Courier"
        f.running_header = header
        f.running_footer = footer
        f.page_numbers = page_numbers
        if title:
            f.set_title(pdf_text(title))
        if author:
            f.set_author(pdf_text(author))
        f.set_creator("DocWriter 4.2")
        self.f = f
        f.add_page()
        self.font()

    # fonts and spacing -----------------------------------------------------------------------
    def _ensure(self, family: str, style: str) -> None:
        """Fonts are added when first used: fpdf2 embeds (and subsets) every face it was given."""
        if (family, style) in self._faces and (family, style) not in self._added:
            self.f.add_font(family, style, _face(self._faces[(family, style)]))
            self._added.add((family, style))

    def font(self, size: float = 10, style: str = "", mono: bool = False) -> None:
        family = self.mono if mono else self.sans
        self._ensure(family, style)
        self.f.set_font(family, style, size)

    def spacer(self, h: float = 3) -> None:
        self.f.ln(h)

    @property
    def width(self) -> float:
        return self.f.w - self.f.l_margin - self.f.r_margin

    # text ------------------------------------------------------------------------------------
    def title(self, text: str, size: float = 16, align: str = "L") -> None:
        self.font(size, "B")
        self.f.multi_cell(0, size * 0.5, pdf_text(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.spacer(3)
        self.font()

    def heading(self, text: str, size: float = 12) -> None:
        if self.f.get_y() > self.f.h - 40:
            self.f.add_page()
        self.spacer(2)
        self.font(size, "B")
        self.f.multi_cell(0, size * 0.45, pdf_text(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.spacer(1)
        self.font()

    def para(self, text: str, size: float = 10, lh: float = 5, style: str = "", align: str = "L",
             width: float = 0) -> None:
        self.font(size, style)
        self.f.multi_cell(width, lh, pdf_text(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.spacer(1.5)
        self.font()

    def bullets(self, items: list[str], glyph: str = "•", size: float = 10, indent: float = 5) -> None:
        self.font(size)
        for item in items:
            x0 = self.f.l_margin
            self.f.set_x(x0 + indent)
            self.f.cell(5, 5, pdf_text(glyph))
            self.f.multi_cell(self.width - indent - 5, 5, pdf_text(item), align="L",
                              new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.spacer(1.5)

    def numbered(self, items: list[str], size: float = 10, indent: float = 4) -> None:
        self.font(size)
        for k, item in enumerate(items, 1):
            self.f.set_x(self.f.l_margin + indent)
            self.f.cell(7, 5, f"{k}.")
            self.f.multi_cell(self.width - indent - 7, 5, pdf_text(item), align="L",
                              new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.spacer(1.5)

    def items(self, block: Items, glyph: str = "•") -> None:
        if block.intro:
            self.para(block.intro)
        if block.numbered:
            self.numbered(block.items)
        else:
            self.bullets(block.items, glyph=glyph)

    # tables ----------------------------------------------------------------------------------
    def table(self, header: list[str] | None, rows: list[list[str]], widths: list[float] | None = None,
              ruled: bool = True, size: float = 9, mono: bool = False, shade: bool = True) -> None:
        """A table with drawn rules, or columns aligned by position only (ruled=False)."""
        ncols = len(header) if header else len(rows[0])
        widths = widths or [self.width / ncols] * ncols
        self.font(size, mono=mono)
        if self.f.get_y() > self.f.h - 45:
            self.f.add_page()
        grey = (225, 230, 236)
        self._ensure(self.mono if mono else self.sans, "B")
        with self.f.table(col_widths=tuple(widths), width=sum(widths), align="LEFT", text_align="LEFT",
                          borders_layout="ALL" if ruled else "NONE", first_row_as_headings=bool(header),
                          line_height=size * 0.5 + 0.6,
                          headings_style=None if not header else _heading_style(self, ruled, shade, grey),
                          padding=1 if ruled else 0.6) as t:
            for r in ([header] if header else []) + rows:
                row = t.row()
                for cell in r:
                    row.cell(pdf_text(cell))
        self.spacer(3)
        self.font()

    def block(self, block: Block, *, ruled: bool = True, glyph: str = "•", mono_tables: bool = False) -> None:
        if isinstance(block, Prose):
            self.para(block.text)
        elif isinstance(block, Items):
            self.items(block, glyph=glyph)
        else:
            if block.caption:
                self.para(block.caption, style="B")
            self.table(block.header, block.rows, ruled=ruled, mono=mono_tables)

    def kv(self, rows: list[tuple[str, str]], widths: tuple[float, float] = (45, 100), ruled: bool = True,
           size: float = 9) -> None:
        self.table(None, [[k, v] for k, v in rows], widths=list(widths), ruled=ruled, size=size)

    def output(self) -> bytes:
        return bytes(self.f.output())


def _heading_style(pdf: Pdf, ruled: bool, shade: bool, grey: tuple[int, int, int]):
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=grey if (ruled and shade) else None)


# ---------------------------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------------------------


def message_id(key: str, domain: str) -> str:
    return f"<{hashlib.sha1(key.encode()).hexdigest()[:20]}@{domain}>"


def mail_date(when: dt.datetime) -> str:
    return format_datetime(when)


@dataclass
class Attachment:
    name: str
    data: bytes
    maintype: str
    subtype: str


def build_email(*, sender: str, to: str, subject: str, date: dt.datetime, msgid: str, text: str | None = None,
                html: str | None = None, attachments: list[Attachment] = (), cc: str | None = None,
                in_reply_to: str | None = None, extra_headers: dict[str, str] | None = None) -> bytes:
    """An RFC 5322 message with deterministic MIME boundaries."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = mail_date(date)
    msg["Message-ID"] = msgid
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    for k, v in (extra_headers or {}).items():
        msg[k] = v
    msg["MIME-Version"] = "1.0"
    if text is not None:
        msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
        if html is not None:
            msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    elif html is not None:
        msg.set_content(html, subtype="html", charset="utf-8", cte="quoted-printable")
    for a in attachments:
        msg.add_attachment(a.data, maintype=a.maintype, subtype=a.subtype, filename=a.name)
        if a.maintype == "text":
            msg.get_payload()[-1].set_param("charset", "utf-8")
    seed = hashlib.sha1(msgid.encode()).hexdigest()[:16]
    for k, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"----=_Part_{seed}_{k}")
    return msg.as_bytes(policy=policy.SMTP)


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------------------------
# Workbooks and CSV
# ---------------------------------------------------------------------------------------------


def normalise_zip(data: bytes) -> bytes:
    """Rewrite an xlsx with fixed member timestamps and fixed document-property dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", r"\g<1>2025-01-06T09:00:00Z\2",
                              text)
                body = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def workbook_bytes(wb) -> bytes:
    wb.properties.created = FIXED_DATE.replace(tzinfo=None)
    wb.properties.modified = FIXED_DATE.replace(tzinfo=None)
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue())


def csv_bytes(rows: list[list[object]], delimiter: str = ",", encoding: str = "utf-8", bom: bool = False) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for r in rows:
        w.writerow(["" if c is None else c for c in r])
    text = buf.getvalue()
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def cell_text(value: object) -> str:
    """A cell as a reader sees it (numbers as typed)."""
    if value is None:
        return ""
    return str(value)


# ---------------------------------------------------------------------------------------------
# Styles
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """A house style: how one kind of document is laid out. `render` is called by the generator."""

    label: str
    kind: str  # note | mail | sheet
    render: Callable
    wants: str | None = None  # the block type its main statement must have (table, items), if any
    multi_model: bool = False  # one document covering several models in sections
    implied_target: bool = True  # the target may be implied by the title ("this release")
    marketing_only: bool = False  # only for makers whose documents use marketing versions
    options: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Wordings: how a claim is put into words
# ---------------------------------------------------------------------------------------------

from benchmarks.styles.model import Claim, Model, render, render_family  # noqa: E402

NOUNS = {"ESME": ("meter", "meters"), "GSME": ("meter", "meters"), "CHF": ("comms hub", "comms hubs"),
         "PPMID": ("PPMID", "PPMIDs"), "IHD": ("IHD", "IHDs")}


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def join(items: list[str], conj: str = "or") -> str:
    if conj == ",":
        return ", ".join(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


class Ctx:
    """What a wording needs to put a claim into words in one document."""

    def __init__(self, model: Model, form: str, *, implied: bool, this_word: str = "this release",
                 hw_phrase: str = "", model_ref: str | None = None):
        self.m = model
        self.form = form
        self.implied = implied
        self.this_word = this_word
        self.hw_phrase = hw_phrase  # "" or e.g. " (hardware version 0002)"
        self.model_ref = model_ref or model.short
        self.mentioned: set[int] = set()
        self.families: set[tuple[int, ...]] = set()

    def v(self, i: int) -> str:
        self.mentioned.add(i)
        return render(self.m.versions[i], self.m.scheme, self.form)

    def vl(self, idxs, conj: str = "or") -> str:
        return join([self.v(i) for i in idxs], conj)

    def this(self, i: int) -> str:
        return self.this_word if self.implied else f"firmware {self.v(i)}"

    def This(self, i: int) -> str:
        return cap(self.this(i))

    def fam(self, key: tuple[int, ...]) -> str:
        self.families.add(key)
        for i in self.m.family_members(key):
            self.mentioned.add(i)
        name = render_family(key, self.m.scheme, self.form)
        assert name, "family wording in a form that cannot name families"
        return name

    @property
    def dev(self) -> str:
        return NOUNS[self.m.dtype][0]

    @property
    def devs(self) -> str:
        return NOUNS[self.m.dtype][1]

    @property
    def Devs(self) -> str:
        return cap(self.devs)


@dataclass(frozen=True)
class Wording:
    """A requirement wording. `make(model, i)` gives the claims it can state about target i, or None."""

    label: str
    family: str
    make: Callable[[Model, int], list[Claim] | None]
    render: Callable[[list[Claim], Ctx], Block]
    block: str = "prose"  # prose | items | table
    kinds: tuple[str, ...] = ("note", "mail")
    family_form: bool = False


@dataclass(frozen=True)
class CellWording:
    """A spreadsheet cell wording: one row per claim; `cell(claim, fmt)` is the base cell's value(s)."""

    label: str
    family: str
    columns: tuple[str, ...]  # the sheet columns it can fill: bases | minimum | route
    make: Callable[[Model, int], list[Claim] | None]
    cell: Callable[[Claim, Callable[[int], str]], str | list[str]]


@dataclass(frozen=True)
class Decoy:
    """A sentence that mentions versions but states no base requirement for the document's device."""

    label: str
    family: str
    render: Callable[[Model, int, Ctx], Block | None]
    in_sheets: bool = True  # reads sensibly as a note in a MAP spreadsheet


# ---------------------------------------------------------------------------------------------
# Documents as the generator hands them to a house style
# ---------------------------------------------------------------------------------------------


@dataclass
class Section:
    """One model and target firmware in a release note (a note covering several models has several)."""

    model: Model
    target: int
    form: str
    fw: str  # the target as this document writes it
    fw_cpl: str
    hw: str | None  # hardware as written, None when the document does not name it
    model_ref: str  # the model as written (name, short name or model id)
    model_id: str  # the model identifier as written
    statements: list[Placed]
    decoys: list[Placed]
    summary: str
    changes: list[str]
    prereqs: list[str]  # filler prerequisites (no versions)
    ties: list[tuple[str, str]]  # (as written, CPL form) for marketing versions
    history: list[tuple[str, str, str]]  # (as written, CPL form, release date) up to the target
    details: list[str] = field(default_factory=list)  # longer filler paragraphs (no versions)
    padding: list[str] = field(default_factory=list)  # short filler sentences (no versions)


@dataclass
class NoteDoc:
    maker: object
    sections: list[Section]
    date: str
    doc_no: str
    revision: str
    rng: object
    author: str = ""


@dataclass
class MailPart:
    """One message of a thread: who wrote it and the body blocks."""

    name: str
    address: str
    org: str
    date: dt.datetime
    subject: str
    to: str
    greeting: str
    blocks: list[Placed]
    closing: str
    signature: list[str]
    lang: str = "en"


@dataclass
class MailDoc:
    parts: list[MailPart]  # newest first; the rest are quoted or forwarded, newest to oldest
    msgid: str
    rng: object
    attachments: list[Attachment] = field(default_factory=list)
    cc: str | None = None


@dataclass
class SheetRow:
    maker_name: str
    maker_id: str
    model_id: str
    model_name: str
    dtype: str
    hw: str  # 4 hex digits
    target: str  # as written
    base: str | list[str]  # cell value(s) as written
    column: str  # bases | minimum | route
    route: str | None = None  # an upgrade-route cell ("A → B → T"), for route rows
    ref: object = None


@dataclass
class SheetDoc:
    org: str
    title: str
    rows: list[SheetRow]
    notes: list[Placed]
    date: str
    rng: object
    author: str = ""


@dataclass
class SheetOut:
    data: bytes
    ext: str  # csv | xlsx
    row_texts: list[str]  # the statement text of each row (header + row as written)
    note_texts: list[str]  # the text of each note, in order


def hw_value(hw: str) -> str:
    """Hardware as the value of a "Hardware" field: 0002, 2, HW 2, revision 2."""
    return hw[len("hardware "):] if hw.startswith("hardware ") else hw


def hw_inline(hw: str) -> str:
    """Hardware in running text or a header line: HW 0002, HW 2, hardware revision 2."""
    return f"HW {hw}" if hw[0].isdigit() else hw


def put(pdf: Pdf, placed: list[Placed], *, ruled: bool = True, glyph: str = "•", mono_tables: bool = False,
        prose_as_bullets: bool = False) -> None:
    for p in placed:
        if prose_as_bullets and isinstance(p.block, Prose):
            pdf.bullets([p.block.text], glyph=glyph)
        else:
            pdf.block(p.block, ruled=ruled, glyph=glyph, mono_tables=mono_tables)


def plain_table(block: Table, indent: str = "") -> list[str]:
    """A table as a plain-text mail writes it: columns padded with spaces."""
    rows = [block.header] + block.rows
    widths = [max(len(r[c]) for r in rows) for c in range(len(block.header))]
    out = [block.caption] if block.caption else []
    for r in rows:
        out.append(indent + "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
    return out


def plain_block(block: Block) -> list[str]:
    if isinstance(block, Prose):
        return [block.text]
    if isinstance(block, Items):
        head = [block.intro] if block.intro else []
        if block.numbered:
            return head + block.lines()
        return head + [f"- {it}" for it in block.items]
    return plain_table(block)


def html_block(block: Block, table_attrs: str = 'border="1" cellpadding="4" cellspacing="0"') -> str:
    e = html_escape
    if isinstance(block, Prose):
        return f"<p>{e(block.text)}</p>"
    if isinstance(block, Items):
        head = f"<p>{e(block.intro)}</p>" if block.intro else ""
        tag = "ol" if block.numbered else "ul"
        return head + f"<{tag}>" + "".join(f"<li>{e(i)}</li>" for i in block.items) + f"</{tag}>"
    cap_ = f"<p><b>{e(block.caption)}</b></p>" if block.caption else ""
    head = "".join(f"<th>{e(h)}</th>" for h in block.header)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in block.rows)
    return cap_ + f"<table {table_attrs}><tr>{head}</tr>{body}</table>"
