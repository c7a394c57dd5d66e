"""Core data and helpers for the blind6 corpus: devices, CPL, truth registration, renderers."""
import csv, io, json, os, re, email, html
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone, timedelta

OUT = INBOX = None  # set by benchmarks.blind2.gen.generate(out) before any document is written

# ---------------------------------------------------------------- manufacturers / devices
MFRS = {
    "HAL": ("1A2B", "Halvern Metering Ltd"),
    "COR": ("2C4D", "Corrib Energy Devices"),
    "TES": ("3E5F", "Tessaly Systems GmbH"),
    "NMI": ("4A60", "Northmoor Instruments"),
    "QUI": ("5B71", "Quillon Smart"),
    "PNR": ("6C82", "Pelham & Rowe"),
}
# key: (mfr, device type, model id, model name, hw, [firmware 8-hex ascending], {fw: status})
DEVICES = {
    "HE1": ("HAL", "ESME", "0101", "Halvern E470", "0001", ["01000003", "01010000", "01020005", "01020010", "01030000", "02000001"]),
    "HE2": ("HAL", "ESME", "0101", "Halvern E470", "0002", ["01020010", "01030000", "01030002", "02000001"]),
    "HG":  ("HAL", "GSME", "0201", "Halvern G220", "0001", ["03000000", "03010004", "03020005", "0302000B", "03030000"]),
    "HP":  ("HAL", "PPMID", "0301", "Halvern P10", "0003", ["00090000", "00090100", "000A0000", "000A0003"]),
    "C1":  ("COR", "ESME", "0A01", "CX-1 Single Phase", "0002", ["0102000A", "01030000", "01030005", "01040000", "02000000", "0200000C"]),
    "C3A": ("COR", "ESME", "0A03", "CX-3 Poly", "0001", ["03010000", "03020005", "03020009", "03030000", "03040001"]),
    "C3B": ("COR", "ESME", "0A03", "CX-3 Poly", "0004", ["03030000", "03040001", "0304000B", "04000000"]),
    "CG":  ("COR", "IHD", "0B10", "Corrib Glance", "0001", ["00050000", "00050002", "00060000", "00060001", "0007000E"]),
    "T6":  ("TES", "GSME", "7701", "TGZ-6", "0010", ["05010000", "05010100", "05020000", "05020003", "05030000", "06000000"]),
    "T4":  ("TES", "GSME", "7704", "TGZ-4", "0008", ["04000000", "04010000", "04010002"]),
    "TW":  ("TES", "HCALCS", "7720", "TSW-Link", "0001", ["01000000", "01000100", "01010000", "01010002"]),
    "NH2": ("NMI", "CHF", "0C02", "NM-Hub 2", "0002", ["0002012F", "00020200", "00020210", "00030000", "00030105"]),
    "NH3": ("NMI", "CHF", "0C02", "NM-Hub 2", "0003", ["00020210", "00030000", "00030105", "00030200"]),
    "NK":  ("NMI", "PPMID", "0C10", "NM-Key", "0001", ["10000001", "10000002", "10010000", "10020000"]),
    "QM":  ("QUI", "ESME", "1001", "Q-Meter One", "0001", ["01000000", "01010000", "01010200", "01020000", "02000000", "02000100"]),
    "QD":  ("QUI", "IHD", "1010", "Q-Display", "0002", ["03000000", "03010000", "03010400", "03020000"]),
    "WS":  ("PNR", "ESME", "2201", "Wren SP", "0001", ["0A000100", "0A000200", "0B000000", "0B000200", "0C000000", "0C000100"]),
    "WG":  ("PNR", "GSME", "2202", "Wren Gas", "0001", ["04010000", "04010100", "05000000", "05000300"]),
}
WITHDRAWN = {("HE1", "01000003"), ("C1", "0102000A"), ("T4", "04000000"), ("NH2", "0002012F")}
MARKETING = {  # Pelham & Rowe names
    ("WS", "0A000100"): "Finch", ("WS", "0A000200"): "Finch SR1", ("WS", "0B000000"): "Goldcrest",
    ("WS", "0B000200"): "Goldcrest SR2", ("WS", "0C000000"): "Heron", ("WS", "0C000100"): "Heron SR1",
    ("WG", "04010000"): "Linnet", ("WG", "04010100"): "Linnet SR1", ("WG", "05000000"): "Merlin",
    ("WG", "05000300"): "Merlin SR3",
}

EID = {}
CPL_ROWS = []


def build_cpl():
    import random
    rnd = random.Random(6)
    keys = [(d, fw) for d, spec in DEVICES.items() for fw in spec[5]]
    ids = rnd.sample(range(10200, 19900), len(keys))
    order = sorted(range(len(keys)), key=lambda i: ids[i])
    for (d, fw), i in zip(keys, ids):
        EID[(d, fw)] = "%05d" % i
    for k in sorted(keys, key=lambda k: EID[k]):
        d, fw = k
        m, dtype, mid, mname, hw, _ = DEVICES[d]
        CPL_ROWS.append({
            "CPL Entry ID": EID[k], "Device Type": dtype, "Manufacturer Identifier": MFRS[m][0],
            "Manufacturer Name": MFRS[m][1], "Model Identifier": mid, "Model Name": mname,
            "Hardware Version": hw, "Firmware Version": fw,
            "Status": "Withdrawn" if k in WITHDRAWN else "Active",
        })


build_cpl()


def E(d, fw):
    return EID[(d, fw)]


def vers(d):
    return DEVICES[d][5]


# --- pair helpers (return lists of (target, base) Entry ID pairs)
def exact(d, base, target):
    assert base in vers(d) and target in vers(d) and base < target, (d, base, target)
    return [(E(d, target), E(d, base))]


def from_up(d, base, target, upto_incl=None):
    """every CPL version of d from base (incl) to target (excl)."""
    assert base in vers(d) and target in vers(d) and base < target
    return [(E(d, target), E(d, v)) for v in vers(d) if base <= v < target]


def between(d, lo, hi, target):
    """every CPL version v of d with lo <= v <= hi (both inclusive), v < target"""
    out = [(E(d, target), E(d, v)) for v in vers(d) if lo <= v <= hi and v < target]
    assert out
    return out


def fam(d, prefix, target):
    out = [(E(d, target), E(d, v)) for v in vers(d) if v.startswith(prefix) and v < target]
    assert out, (d, prefix, target)
    return out


def any_before(d, target):
    return [(E(d, target), E(d, v)) for v in vers(d) if v < target]


def chain(d, seq):
    out = []
    for a, b in zip(seq, seq[1:]):
        out += exact(d, a, b)
    return out


def many(*lists):
    out = []
    for l in lists:
        for p in l:
            if p not in out:
                out.append(p)
    return out


# --- version writers
def hexdot(fw):
    return ".".join(fw[i:i + 2] for i in range(0, 8, 2))


def decdot(fw):
    return ".".join(str(int(fw[i:i + 2], 16)) for i in range(0, 8, 2))


def ox(fw):
    return "0x" + fw


def semv(fw):
    return "v%d.%d.%d" % (int(fw[0:2], 16), int(fw[2:4], 16), int(fw[4:6], 16))


def mk(d, fw):
    return MARKETING[(d, fw)]


# ---------------------------------------------------------------- truth
TRUTH = {"corpus": "blind6", "pairs": [], "no_prerequisite": [], "statements": [], "decoys": []}
DOCS = []  # (file, kind)


class Ctx:
    def __init__(self, file, source_kind, style):
        self.file, self.kind, self.style = file, source_kind, style

    def s(self, text, pairs, wording, row=None):
        """a requirement statement; `row` = list of cells when it is a table row (text = cells joined)."""
        assert pairs
        pairs = list(dict.fromkeys(pairs))
        item = {"file": self.file, "source_kind": self.kind, "text": text, "pairs": [list(p) for p in pairs],
                "style": self.style, "wording": wording, "split": "tuned"}
        if row is not None:
            item["table_row"] = True
        TRUTH["statements"].append(item)
        for t, b in pairs:
            if not any(p["target"] == t and p["base"] == b and p["file"] == self.file for p in TRUTH["pairs"]):
                TRUTH["pairs"].append({"target": t, "base": b, "file": self.file, "source_kind": self.kind,
                                       "style": self.style, "wording": wording, "split": "tuned"})
        return text

    def row(self, cells, pairs, wording):
        cells = [str(c) for c in cells]
        self.s(join(cells), pairs, wording, row=cells)
        return cells

    def na(self, text, target, wording, row=None):
        item = {"file": self.file, "source_kind": self.kind, "text": text, "pairs": [],
                "no_prerequisite": [target], "style": self.style, "wording": wording, "split": "tuned"}
        if row is not None:
            item["table_row"] = True
        TRUTH["statements"].append(item)
        TRUTH["no_prerequisite"].append({"target": target, "file": self.file, "source_kind": self.kind,
                                         "style": self.style, "wording": wording, "split": "tuned"})
        return text

    def kv(self, key, value, pairs, wording):
        """a key/value line stating a requirement; text = 'key | value'"""
        self.s(join([key, value]), pairs, wording, row=[key, value])
        return value

    def narow(self, cells, target, wording):
        cells = [str(c) for c in cells]
        self.na(join(cells), target, wording, row=cells)
        return cells

    def d(self, text, family, row=None):
        item = {"file": self.file, "source_kind": self.kind, "text": text, "family": family,
                "style": self.style, "split": "tuned"}
        if row is not None:
            item["table_row"] = True
        TRUTH["decoys"].append(item)
        return text

    def drow(self, cells, family):
        cells = [str(c) for c in cells]
        self.d(join(cells), family, row=cells)
        return cells


def join(cells):
    return " | ".join(str(c) for c in cells if str(c).strip() != "")


# ---------------------------------------------------------------- PDF renderer (fpdf2)
def render_pdf(blocks, *, font="Helvetica", header=None, footer=None, title="", author="", size=10, margin=18):
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class P(FPDF):
        def header(self):
            if header:
                self.set_font(font, "I", 8)
                self.cell(0, 5, header, new_x="LMARGIN", new_y="NEXT", align="R")
                self.ln(2)

        def footer(self):
            if footer:
                self.set_y(-14)
                self.set_font(font, "", 7)
                self.cell(0, 5, footer.replace("{p}", str(self.page_no())), align="C")

    pdf = P(format="A4")
    pdf.set_margins(margin, 16, margin)
    pdf.set_auto_page_break(True, 20)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creation_date(datetime(2024, 3, 1, tzinfo=timezone.utc))
    pdf.add_page()
    W = pdf.w - 2 * margin
    for b in blocks:
        k = b[0]
        if k == "title":
            pdf.set_font(font, "B", size + 6); pdf.multi_cell(W, 9, b[1], new_x="LMARGIN", new_y="NEXT"); pdf.ln(2)
        elif k == "h":
            pdf.ln(2); pdf.set_font(font, "B", size + 2); pdf.multi_cell(W, 7, b[1], new_x="LMARGIN", new_y="NEXT"); pdf.ln(1)
        elif k == "p":
            pdf.set_font(font, "", size); pdf.multi_cell(W, size * 0.5, b[1], new_x="LMARGIN", new_y="NEXT"); pdf.ln(2)
        elif k == "note":
            pdf.set_font(font, "I", size - 1); pdf.multi_cell(W, size * 0.48, b[1], new_x="LMARGIN", new_y="NEXT"); pdf.ln(2)
        elif k in ("ul", "ol"):
            pdf.set_font(font, "", size)
            for i, it in enumerate(b[1], 1):
                mark = "-" if k == "ul" else f"{i}."
                if len(b) > 2:
                    mark = b[2] if k == "ul" else f"{b[2]}{i}"
                pdf.set_x(margin + 4)
                pdf.cell(7, size * 0.5, mark)
                pdf.multi_cell(W - 11, size * 0.5, it, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(0.8)
            pdf.ln(1.5)
        elif k == "kv":
            pdf.set_font(font, "", size)
            for key, val in b[1]:
                pdf.set_font(font, "B", size); pdf.cell(48, size * 0.55, key)
                pdf.set_font(font, "", size); pdf.multi_cell(W - 48, size * 0.55, val, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif k == "table":
            head, rows = b[1], b[2]
            opts = b[3] if len(b) > 3 else {}
            pdf.set_font(font, "", size - 1)
            lines = "ALL" if opts.get("rules", True) else "NONE"
            with pdf.table(col_widths=opts.get("widths"), borders_layout=lines, line_height=size * 0.5,
                           headings_style=FontFace(emphasis="BOLD"), text_align="LEFT",
                           first_row_as_headings=head is not None) as t:
                for r in ([head] if head else []) + rows:
                    rr = t.row()
                    for c in r:
                        rr.cell(str(c))
            pdf.ln(3)
        elif k == "break":
            pdf.add_page()
        elif k == "space":
            pdf.ln(b[1])
        else:
            raise ValueError(k)
    return bytes(pdf.output())


# ---------------------------------------------------------------- HTML from blocks (for emails)
def blocks_html(blocks, rules=True):
    e = html.escape
    out = ["<html><body style=\"font-family:Calibri,Arial,sans-serif;font-size:11pt\">"]
    for b in blocks:
        k = b[0]
        if k in ("title", "h"):
            out.append(f"<p><b>{e(b[1])}</b></p>")
        elif k in ("p", "note"):
            out.append(f"<p>{e(b[1])}</p>")
        elif k == "raw":
            out.append(b[1])
        elif k in ("ul", "ol"):
            tag = k
            out.append(f"<{tag}>" + "".join(f"<li>{e(i)}</li>" for i in b[1]) + f"</{tag}>")
        elif k == "kv":
            out.append("<p>" + "<br>".join(f"<b>{e(a)}:</b> {e(v)}" for a, v in b[1]) + "</p>")
        elif k == "table":
            head, rows = b[1], b[2]
            border = ' border="1" cellpadding="4" style="border-collapse:collapse"' if (b[3] if len(b) > 3 else {}).get("rules", rules) else ' cellpadding="3"'
            t = [f"<table{border}>"]
            if head:
                t.append("<tr>" + "".join(f"<th>{e(str(c))}</th>" for c in head) + "</tr>")
            for r in rows:
                t.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>")
            t.append("</table>")
            out.append("\n".join(t))
        elif k == "quote":
            out.append("<blockquote style=\"border-left:2px solid #ccc;padding-left:8px;margin-left:4px\">" + blocks_html(b[1]).replace("<html><body style=\"font-family:Calibri,Arial,sans-serif;font-size:11pt\">", "").replace("</body></html>", "") + "</blockquote>")
        else:
            raise ValueError(k)
    out.append("</body></html>")
    return "\n".join(out)


def make_eml(*, frm, to, subject, date, text=None, html_body=None, cc=None, attachments=(), msgid=None, in_reply_to=None):
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to
    if cc:
        m["Cc"] = cc
    m["Subject"] = subject
    m["Date"] = format_datetime(date)
    import hashlib
    m["Message-ID"] = msgid or f"<{hashlib.sha1(subject.encode()).hexdigest()[:12]}.{int(date.timestamp())}@mail.example>"
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
        m["References"] = in_reply_to
    if text is not None and html_body is not None:
        m.set_content(text)
        m.add_alternative(html_body, subtype="html")
    elif text is not None:
        m.set_content(text)
    else:
        m.set_content(html_body, subtype="html")
    for name, data, mime in attachments:
        main, sub = mime.split("/")
        m.add_attachment(data, maintype=main, subtype=sub, filename=name)
    for i, part in enumerate(m.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_blind6_{hashlib.sha1(subject.encode()).hexdigest()[:8]}_{i}")
    return bytes(m)


def D(y, mo, d, h=9, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=timezone.utc)


# ---------------------------------------------------------------- sheets
def xlsx_bytes(sheets, widths=None):
    """sheets: list of (name, rows) ; rows = list of lists (None/'' for empty)."""
    import openpyxl
    from openpyxl.styles import Font
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append([None if (c is None or c == "") else c for c in r])
        for c in ws[1]:
            c.font = Font(bold=True)
        for col in ws.columns:
            ws.column_dimensions[col[0].column_letter].width = 22
    wb.properties.creator = "MAP analyst"
    from datetime import datetime as _dt
    wb.properties.created = _dt(2024, 2, 1)
    wb.properties.modified = _dt(2024, 2, 1)
    bio = io.BytesIO()
    wb.save(bio)
    return normalise_zip(bio.getvalue())


def normalise_zip(data):
    """rewrite a zip with fixed timestamps so xlsx output is deterministic"""
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(data))
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 2, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-02-01T00:00:00Z", body)
            dst.writestr(zi, body)
    return bio.getvalue()


def csv_bytes(rows, delimiter=","):
    bio = io.StringIO()
    w = csv.writer(bio, delimiter=delimiter, lineterminator="\r\n")
    for r in rows:
        w.writerow(["" if c is None else c for c in r])
    return bio.getvalue().encode("utf-8")


def write(rel, data, source_kind, style):
    p = os.path.join(INBOX, *rel.split("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)
    DOCS.append({"file": rel, "kind": rel.rsplit(".", 1)[-1], "source_kind": source_kind, "style": style})
