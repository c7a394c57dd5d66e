"""Shared model for the blind8 corpus: CPL, version formats, recorders and writers."""
import csv, hashlib, io, json, os, re, zipfile, html as _html
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime

OUT = INBOX = None  # set by benchmarks.blind3.gen.generate(out) before any document is written

# ---------------------------------------------------------------- manufacturers and devices
MFRS = {
    "KES": ("1B4E", "Kestrel Metering Ltd"),
    "NVE": ("2C07", "Nordvik Energiteknikk AS"),
    "HX":  ("3A91", "Huaxin Intelligent Meter Co., Ltd."),
    "AUR": ("4D12", "Aurelio Misure S.r.l."),
    "BRK": ("5E30", "Brackenridge Controls Inc."),
    "MX":  ("6F48", "Meterix Messtechnik GmbH"),
    "CSD": ("7A05", "Caledon Smart Devices Ltd"),
}
# device key -> (mfr, type, model id, model name, hw, [fw 8-hex ...] oldest first)
DEVICES = {
    "KE1": ("KES", "ESME", "0A31", "Kestrel E470", "0001",
            ["01000012", "01010003", "01010200", "0102000A", "01030001", "01030007"]),
    "KE2": ("KES", "ESME", "0A31", "Kestrel E470", "0002",
            ["02000005", "02000100", "02010002", "02020000"]),
    "KG":  ("KES", "GSME", "0A52", "Kestrel G210", "0001",
            ["03010000", "03010004", "03020005", "03020100", "0302020B", "03030000"]),
    "NP":  ("NVE", "ESME", "0103", "NVE Polar 3P", "0002",
            ["04000001", "04000200", "04010000", "0401000C", "04020003", "04030000"]),
    "NN":  ("NVE", "PPMID", "0201", "NVE Nordlys", "0001",
            ["01000009", "01010000", "01010100", "0102000A", "0102000E"]),
    "HG1": ("HX", "GSME", "1120", "HX-G4U", "0001",
            ["02000008", "02000010", "02010000", "02010005", "02020001", "02030000"]),
    "HG3": ("HX", "GSME", "1120", "HX-G4U", "0003",
            ["03000000", "03000102", "03010000", "03010200"]),
    "HE":  ("HX", "ESME", "1010", "HX-E1S", "0002",
            ["05010000", "05010100", "05020000", "05020003", "05030000"]),
    "AP":  ("AUR", "CHF", "00C1", "AUR-Ponte", "0001",
            ["00090010", "00090021", "000A0000", "000A0103", "000B0000"]),
    "AC":  ("AUR", "IHD", "00D4", "AUR-Casa", "0001",
            ["01010001", "01020000", "01020007", "01030000"]),
    "BL":  ("BRK", "HCALCS", "2201", "BRK LoadMaster 2", "0001",
            ["00010400", "00010502", "00010600", "00010701", "00010800"]),
    "BT":  ("BRK", "ESME", "2205", "BRK TwinRate", "0001",
            ["00200100", "00200200", "00200305", "00210000", "00210101"]),
    "MG1": ("MX", "GSME", "3310", "MX GasLine G4", "0001",
            ["00020004", "00020100", "00020103", "00020200", "00020300", "00020302"]),
    "MG2": ("MX", "GSME", "3310", "MX GasLine G4", "0002",
            ["00030000", "00030005", "00030100", "00030200"]),
    "MP":  ("MX", "PPMID", "3320", "MX PayPoint", "0001",
            ["00010400", "00010500", "00010502", "00010600"]),
    "CT1": ("CSD", "ESME", "0E01", "CSD Thistle", "0001",
            ["02030009", "02040002", "02040011", "02050003", "02050011", "02060000"]),
    "CT2": ("CSD", "ESME", "0E01", "CSD Thistle", "0002",
            ["03000004", "03010000", "03010006"]),
    "CG":  ("CSD", "IHD", "0E07", "CSD Glen", "0001",
            ["01040000", "01050002", "01050010", "01060001"]),
}
BRK_NAMES = {
    "BL": ["Osprey", "Petrel", "Quail", "Raven", "Swift"],
    "BT": ["Alder", "Birch", "Cedar", "Damson", "Elm"],
}


def _build_cpl():
    rows, ids = [], {}
    # entry IDs in (pseudo) submission order: interleave devices by version index
    order = []
    maxlen = max(len(d[5]) for d in DEVICES.values())
    for i in range(maxlen):
        for key, d in DEVICES.items():
            if i < len(d[5]):
                order.append((key, d[5][i]))
    eid = 40117
    for n, (key, fw) in enumerate(order):
        mfr, typ, mid, mname, hw, fws = DEVICES[key]
        eid += 1 + (n * 7) % 5
        ids[(key, fw)] = f"{eid:05d}"
        status = "Active"
        if fws.index(fw) == 0 and len(fws) > 4:
            status = "Deprecated"
        rows.append({
            "CPL Entry ID": f"{eid:05d}", "Device Type": typ,
            "Manufacturer Identifier": MFRS[mfr][0], "Manufacturer Name": MFRS[mfr][1],
            "Model Identifier": mid, "Model Name": mname, "Hardware Version": hw,
            "Firmware Version": fw, "Status": status,
        })
    return rows, ids

CPL_ROWS, ENTRY = _build_cpl()


def eid(dev, fw):
    return ENTRY[(dev, fw)]


def fws(dev):
    return DEVICES[dev][5]

# ---------------------------------------------------------------- display formats

def b(fw):
    return [int(fw[i:i + 2], 16) for i in range(0, 8, 2)]

def dothex(fw):          # Kestrel 01.02.00.0A
    return ".".join(fw[i:i + 2] for i in range(0, 8, 2))

def dotdec(fw):          # Nordvik 1.2.0.10
    return ".".join(str(x) for x in b(fw))

def ox(fw):              # Huaxin 0x0102000A
    return "0x" + fw

def bare(fw):            # Aurelio 0102000A
    return fw

def semver(fw):          # Meterix v2.1.3  (00 MM mm pp)
    x = b(fw)
    return f"v{x[1]}.{x[2]}.{x[3]}"

def csd(fw):             # Caledon V2.05 b17
    x = b(fw)
    return f"V{x[0]}.{x[1]:02d} b{x[2] * 256 + x[3]}"

def brk(dev, fw):        # Brackenridge marketing name
    return BRK_NAMES[dev][fws(dev).index(fw)]

# ---------------------------------------------------------------- pair helpers

def P(dev, target, *bases):
    return [(eid(dev, target), eid(dev, x)) for x in bases]

def from_on(dev, target, start):
    """every CPL version of dev from start (incl.) up to target (excl.)"""
    t = int(target, 16)
    return [(eid(dev, target), eid(dev, x)) for x in fws(dev) if int(start, 16) <= int(x, 16) < t]

def all_before(dev, target):
    t = int(target, 16)
    return [(eid(dev, target), eid(dev, x)) for x in fws(dev) if int(x, 16) < t]

def family(dev, target, pred):
    t = int(target, 16)
    return [(eid(dev, target), eid(dev, x)) for x in fws(dev) if pred(x) and int(x, 16) < t]

# ---------------------------------------------------------------- truth recorder
TRUTH = {"corpus": "blind8", "pairs": [], "no_prerequisite": [], "statements": [], "decoys": []}
STYLES = {}


class Doc:
    def __init__(self, file, kind, style):
        self.file, self.kind, self.style = file, kind, style
        STYLES.setdefault(style, 0)
        STYLES[style] += 1
        self._seen = set()

    def s(self, text, pairs, wording):
        """a stated requirement; returns text"""
        assert pairs, text
        TRUTH["statements"].append({"file": self.file, "source_kind": self.kind, "text": text,
                                    "pairs": [list(p) for p in pairs], "style": self.style,
                                    "wording": wording, "split": "tuned"})
        for t, bb in pairs:
            if (t, bb) not in self._seen:
                self._seen.add((t, bb))
                TRUTH["pairs"].append({"target": t, "base": bb, "file": self.file,
                                       "source_kind": self.kind, "style": self.style,
                                       "wording": wording, "split": "tuned"})
        return text

    def d(self, text, fam):
        TRUTH["decoys"].append({"file": self.file, "text": text, "family": fam,
                                "style": self.style, "split": "tuned"})
        return text

    def na(self, dev, fw, wording, text=None):
        TRUTH["no_prerequisite"].append({"target": eid(dev, fw), "file": self.file,
                                         "source_kind": self.kind, "style": self.style,
                                         "wording": wording, "split": "tuned"})
        return text

    def row(self, cells, pairs, wording):
        self.s(" | ".join(str(c) for c in cells if str(c).strip() != ""), pairs, wording)
        return cells

    def drow(self, cells, fam):
        self.d(" | ".join(str(c) for c in cells if str(c).strip() != ""), fam)
        return cells

# ---------------------------------------------------------------- writers

def path(rel):
    p = os.path.join(INBOX, *rel.split("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"


def make_pdf(blocks, header=None, footer=None, font="DejaVuSans", title=None, size=10, orientation="P"):
    """blocks: list of (kind, payload). kinds: h1 h2 p bullets numbered table kv pagebreak small mono"""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class PDF(FPDF):
        def header(self):
            if header:
                self.set_font(font, "", 7)
                self.cell(0, 5, header, new_x="LMARGIN", new_y="NEXT", align="R")
                self.ln(2)

        def footer(self):
            if footer:
                self.set_y(-13)
                self.set_font(font, "", 7)
                self.cell(0, 5, footer.replace("{p}", str(self.page_no())), align="C")

    pdf = PDF(orientation=orientation, format="A4")
    pdf.set_creation_date(datetime(2024, 3, 1, tzinfo=timezone.utc))
    pdf.add_font("DejaVuSans", "", FONT_DIR + "DejaVuSans.ttf")
    pdf.add_font("DejaVuSans", "B", FONT_DIR + "DejaVuSans-Bold.ttf")
    pdf.add_font("DejaVuSans", "I", FONT_DIR + "DejaVuSans-Oblique.ttf")
    pdf.add_font("DejaVuSansCondensed", "", FONT_DIR + "DejaVuSansCondensed.ttf")
    pdf.add_font("DejaVuSansCondensed", "B", FONT_DIR + "DejaVuSansCondensed-Bold.ttf")
    pdf.add_font("DejaVuSansCondensed", "I", FONT_DIR + "DejaVuSansCondensed-Oblique.ttf")
    pdf.add_font("DejaVuSerif", "", FONT_DIR + "DejaVuSerif.ttf")
    pdf.add_font("DejaVuSerif", "B", FONT_DIR + "DejaVuSerif-Bold.ttf")
    pdf.add_font("DejaVuSerif", "I", FONT_DIR + "DejaVuSerif-Italic.ttf")
    pdf.add_font("DejaVuMono", "", FONT_DIR + "DejaVuSansMono.ttf")
    if title:
        pdf.set_title(title)
    pdf.set_auto_page_break(True, 18)
    pdf.add_page()
    W = pdf.epw
    for kind, pl in blocks:
        if kind == "h1":
            pdf.set_font(font, "B", size + 6); pdf.multi_cell(W, 9, pl, new_x="LMARGIN", new_y="NEXT"); pdf.ln(2)
        elif kind == "h2":
            pdf.ln(2); pdf.set_font(font, "B", size + 2); pdf.multi_cell(W, 7, pl, new_x="LMARGIN", new_y="NEXT"); pdf.ln(1)
        elif kind == "p":
            pdf.set_font(font, "", size); pdf.multi_cell(W, size * 0.5, pl, new_x="LMARGIN", new_y="NEXT"); pdf.ln(2)
        elif kind == "i":
            pdf.set_font(font, "I", size - 1); pdf.multi_cell(W, size * 0.5, pl, new_x="LMARGIN", new_y="NEXT"); pdf.ln(2)
        elif kind == "small":
            pdf.set_font(font, "", size - 2); pdf.multi_cell(W, size * 0.4, pl, new_x="LMARGIN", new_y="NEXT"); pdf.ln(1)
        elif kind == "mono":
            pdf.set_font("DejaVuMono", "", size - 1); pdf.multi_cell(W, size * 0.45, pl, new_x="LMARGIN", new_y="NEXT"); pdf.ln(2)
        elif kind in ("bullets", "numbered"):
            pdf.set_font(font, "", size)
            for n, item in enumerate(pl, 1):
                mark = "\u2022" if kind == "bullets" else f"{n}."
                pdf.set_x(pdf.l_margin + 4)
                pdf.cell(7, size * 0.5, mark)
                pdf.multi_cell(W - 11, size * 0.5, item, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(0.8)
            pdf.ln(1.5)
        elif kind == "kv":
            pdf.set_font(font, "", size)
            for k, v in pl:
                pdf.set_font(font, "B", size); pdf.cell(W * 0.3, size * 0.55, k)
                pdf.set_font(font, "", size); pdf.multi_cell(W * 0.7, size * 0.55, v, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "table":
            rows = pl["rows"]
            lines = pl.get("lines", "ALL")
            widths = pl.get("widths")
            pdf.set_font(font, "", pl.get("size", size - 1))
            kw = dict(borders_layout=lines, text_align="LEFT", line_height=pl.get("size", size - 1) * 0.5,
                      first_row_as_headings=pl.get("head", True))
            if widths:
                kw["col_widths"] = widths
            if pl.get("head", True):
                kw["headings_style"] = FontFace(emphasis="BOLD", fill_color=pl.get("fill", (225, 225, 225)))
            with pdf.table(**kw) as t:
                for r in rows:
                    rr = t.row()
                    for c in r:
                        rr.cell(str(c))
            pdf.ln(3)
        elif kind == "pagebreak":
            pdf.add_page()
        elif kind == "font":
            font = pl
        else:
            raise ValueError(kind)
    return bytes(pdf.output())


def write_pdf(rel, blocks, **kw):
    data = make_pdf(blocks, **kw)
    with open(path(rel), "wb") as f:
        f.write(data)
    return data


def make_xlsx(sheets, props_title=None):
    """sheets: list of (name, rows, opts) rows lists of cells; opts: widths, bold_rows"""
    import openpyxl
    from openpyxl.styles import Font
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    fixed = datetime(2024, 5, 2, 9, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "MAP analytics"
    for name, rows, opts in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append([None if c == "" else c for c in r])
        for i in opts.get("bold_rows", []):
            for c in ws[i]:
                c.font = Font(bold=True)
        for col, w in opts.get("widths", {}).items():
            ws.column_dimensions[col].width = w
    bio = io.BytesIO()
    wb.save(bio)
    # re-zip with fixed timestamps so that the bytes are reproducible
    src = zipfile.ZipFile(io.BytesIO(bio.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 5, 2, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-05-02T09:00:00Z", body)
            z.writestr(zi, body)
    return out.getvalue()


def write_xlsx(rel, sheets):
    data = make_xlsx(sheets)
    with open(path(rel), "wb") as f:
        f.write(data)
    return data


def make_csv(rows, delimiter=","):
    bio = io.StringIO()
    w = csv.writer(bio, delimiter=delimiter, lineterminator="\r\n")
    for r in rows:
        w.writerow(r)
    return bio.getvalue().encode("utf-8")


def write_csv(rel, rows, delimiter=","):
    data = make_csv(rows, delimiter)
    with open(path(rel), "wb") as f:
        f.write(data)
    return data


def write_eml(rel, frm, to, subject, date, plain=None, html=None, attachments=(), cc=None,
              msgid=None, in_reply_to=None, extra=None):
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to
    if cc:
        m["Cc"] = cc
    m["Subject"] = subject
    m["Date"] = format_datetime(datetime(*date, tzinfo=timezone.utc))
    m["Message-ID"] = msgid or f"<{hashlib.sha1(subject.encode()).hexdigest()[:12]}.{date[0]}{date[1]:02d}{date[2]:02d}@mail.example>"
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
        m["References"] = in_reply_to
    for k, v in (extra or {}).items():
        m[k] = v
    if plain is not None:
        m.set_content(plain)
        if html is not None:
            m.add_alternative(html, subtype="html")
    elif html is not None:
        m.set_content(html, subtype="html")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    tag = hashlib.sha1(rel.encode()).hexdigest()[:16]
    for n, part in enumerate(m.walk()):
        if part.is_multipart():
            part.set_boundary(f"===============b8{tag}{n:02d}==")
    with open(path(rel), "wb") as f:
        f.write(bytes(m))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDFM = "application/pdf"
CSVM = "text/csv"


def esc(t):
    return _html.escape(t, quote=False)


def write_registers():
    cols = ["CPL Entry ID", "Device Type", "Manufacturer Identifier", "Manufacturer Name",
            "Model Identifier", "Model Name", "Hardware Version", "Firmware Version", "Status"]
    with open(os.path.join(OUT, "cpl.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, cols)
        w.writeheader()
        w.writerows(CPL_ROWS)
    with open(os.path.join(OUT, "fir.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["CPL Entry ID", "Firmware Upgrade Path"])
        for r in CPL_ROWS:
            w.writerow([r["CPL Entry ID"], ""])
