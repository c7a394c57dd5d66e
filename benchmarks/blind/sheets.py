"""MAP spreadsheets (xlsx, csv)."""
from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from . import common
from .common import MS, T, ID, chain, minimum, pairs, step

CB = "calderbrook-map"
PN = "pennant-map"
VI = "vireo-map"
FIXED_DATE = datetime.datetime(2024, 4, 1, 9, 0)  # the PDFs' creation date (pdfkit.Doc)


def rowtext(cells):
    out = []
    for c in cells:
        if c is None or c == "":
            continue
        out.append(str(c))
    return " | ".join(out)


def save(rel, data):
    path = common.inbox() / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    T.doc(rel, MS)


def wb_bytes(wb):
    wb.properties.created = FIXED_DATE
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_dates(buf.getvalue())


def _fixed_dates(data):
    """The same workbook bytes on every build: openpyxl stamps `modified` with the time of saving and the
    zip members with the time of writing; both are set to FIXED_DATE."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def csv_bytes(rows, delim=","):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\r\n")
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8")


BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
GREY = PatternFill("solid", fgColor="DDDDDD")


def put(ws, r, values, bold=False, fill=None):
    for i, v in enumerate(values, start=1):
        c = ws.cell(row=r, column=i, value=v)
        if bold:
            c.font = BOLD
        if fill:
            c.fill = fill


# ------------------------------------------------------------------------------------------------------
def lch200_matrix():
    f = "MAP/Calderbrook/LCH-200 OTA compatibility matrix.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Matrix"
    ws["A1"] = "Calderbrook Meter Assets \u2013 LCH-200 comms hub OTA compatibility (internal)"
    ws["A1"].font = TITLE
    ws.merge_cells("A1:G1")
    ws["A2"] = ("Source: Lumenhale release notes R8.1 and FN-031; rows = installed release, columns = target "
                "release. Y = supported directly, N = not supported.")
    ws.merge_cells("A2:G2")
    ws["A4"] = "Installed \\ Target"
    ws["B4"] = "Target release"
    ws.merge_cells("B4:G4")
    ws["B4"].alignment = Alignment(horizontal="center")
    put(ws, 5, [None, "R7.1", "R7.2", "R7.2.1", "R8.0", "R8.1", "R8.2"], bold=True, fill=GREY)
    put(ws, 6, [None, "00020110", "0002012F", "00020131", "00030002", "00030010", "00030100"], fill=GREY)
    targets = ["00020110", "0002012F", "00020131", "00030002", "00030010", "00030100"]
    rows = [("R7.0 (00020104)", "00020104", "Y N N N N N"),
            ("R7.1 (00020110)", "00020110", "\u2013 Y N N N N"),
            ("R7.2 (0002012F)", "0002012F", "\u2013 \u2013 Y Y N N"),
            ("R7.2.1 (00020131)", "00020131", "\u2013 \u2013 \u2013 Y N N"),
            ("R8.0 (00030002)", "00030002", "\u2013 \u2013 \u2013 \u2013 Y Y"),
            ("R8.1 (00030010)", "00030010", "\u2013 \u2013 \u2013 \u2013 \u2013 Y")]
    r = 7
    for label, base, marks in rows:
        cells = [label] + marks.split()
        put(ws, r, cells)
        prs = [[ID("LCH200", t), ID("LCH200", base)] for t, m in zip(targets, marks.split()) if m == "Y"]
        T.s(f, MS, CB, "installed-target-matrix", rowtext(cells), prs)
        r += 1
    ws.column_dimensions["A"].width = 22
    ws2 = wb.create_sheet("Notes")
    ws2["A1"] = "Notes"
    ws2["A1"].font = BOLD
    ws2["A2"] = T.d(f, "R8.2 rolled out to about 20% of the estate by 31/03; remainder in Q2.", "fleet-status", CB)
    ws2["A3"] = "Questions to Priya Nandakumar (asset data)."
    save(f, wb_bytes(wb))


def pennant_esme():
    f = "MAP/Pennant/Pennant_FIR_backfill_ESME_v7.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Read me"
    for i, line in enumerate([
        "Pennant MAP Services \u2013 FIR backfill working file (ESME)",
        "Prepared for SECAS, MP231 best-endeavours collection.",
        "One tab per manufacturer. Firmware is as we hold it in our asset system: the Merrowfield tab keeps the",
        "hex firmware version with leading zeros dropped (our system stores it as a number).",
        "Where the manufacturer told us any earlier version is fine we put N/A in the base column.",
    ], start=1):
        ws.cell(row=i, column=1, value=line)
    ws["A1"].font = TITLE

    fe = wb.create_sheet("Ferrowick")
    fe["A1"] = "Ferrowick FE210 \u2013 upgrade bases (source: Ferrowick emails and release notes)"
    fe["A1"].font = TITLE
    hdr = ["Make", "Model", "HW", "Firmware", "Upgrade from (CPL FW)", "Source"]
    put(fe, 2, hdr, bold=True, fill=GREY)
    rows = [
        (["Ferrowick", "FE210", 3, "01.03.00.02", "01.02.00.03; 01.02.00.05; 01.03.00.00", "RN-FE210-0017"],
         pairs("FE210", "01030002", ["01020003", "01020005", "01030000"]), []),
        (["Ferrowick", "FE210", 3, "01.04.00.01", "01.03.00.00; 01.03.00.02", "email 02/05/2023"],
         pairs("FE210", "01040001", ["01030000", "01030002"]), []),
        (["Ferrowick", "FE210", 3, "02.00.00.00", "01.03.00.02; 01.04.00.01", "RN-FE210-0017"],
         pairs("FE210", "02000000", ["01030002", "01040001"]), []),
        (["Ferrowick", "FE210", 3, "02.00.00.04", "02.00.00.00", "RN-FE210-0021"],
         pairs("FE210", "02000004", ["02000000"]), []),
        (["Ferrowick", "FE210", 3, "01.02.00.05", "N/A", "Ferrowick: any earlier build"], [],
         [ID("FE210", "01020005")]),
    ]
    for i, (cells, prs, np) in enumerate(rows, start=3):
        put(fe, i, cells)
        T.s(f, MS, PN, "upgrade-from-column" if prs else "na-cell [no prerequisite]", rowtext(cells), prs, nopre=np)

    mf = wb.create_sheet("Merrowfield")
    put(mf, 1, ["Hersteller", "Modell", "HW", "FW (hex)", "Lowest permitted base FW", "Comment"], bold=True, fill=GREY)
    rows = [
        (["Merrowfield", "MS1", 4, 230105, 230100, ""], minimum("MS1", "00230105", "00230100")),
        (["Merrowfield", "MS1", 4, 240000, 230105, "MF email 04/2024"], minimum("MS1", "00240000", "00230105")),
        (["Merrowfield", "MS1", 4, 240102, 230105, ""], minimum("MS1", "00240102", "00230105")),
        (["Merrowfield", "MS1", 4, 250000, 240000, "any 0024 build"], minimum("MS1", "00250000", "00240000")),
        (["Merrowfield", "MS1", 4, 250003, 240102, "Freigabemitteilung 2024-007"], minimum("MS1", "00250003", "00240102")),
    ]
    for i, (cells, prs) in enumerate(rows, start=2):
        put(mf, i, cells)
        T.s(f, MS, PN, "lowest-permitted-base-numeric [minimum]", rowtext(cells), prs)

    cl = wb.create_sheet("Change log")
    put(cl, 1, ["Date", "Change", "By"], bold=True)
    put(cl, 2, ["2024-01-10", "Added FE210 01.04.00.01 row", "GP"])
    T.d(f, "2024-01-10 | Added FE210 01.04.00.01 row | GP", "changelog-row", PN)
    put(cl, 3, ["2024-04-15", "Merrowfield tab rebuilt from MF emails", "GP"])
    save(f, wb_bytes(wb))


def g4_headerless_csv():
    f = "MAP/Calderbrook/g4_paths_export.csv"
    rows = [["# Calderbrook Meter Assets - G4 firmware dependencies - exported 2024-03-28"],
            ["# columns: maker, model, hw, new fw, required fw (/ separates alternatives)"]]
    data = [
        (["Gastrell", "G4 Ultrasonic", "0002", "00040020", "00040010/00040012"],
         pairs("G4", "00040020", ["00040010", "00040012"])),
        (["Gastrell", "G4 Ultrasonic", "0002", "00050001", "00040020"], pairs("G4", "00050001", ["00040020"])),
        (["Gastrell", "G4 Ultrasonic", "0002", "00050003", "00040020/00050001"],
         pairs("G4", "00050003", ["00040020", "00050001"])),
        (["Gastrell", "G4 Ultrasonic", "0002", "00060000", "00050001/00050003"],
         pairs("G4", "00060000", ["00050001", "00050003"])),
        (["Gastrell", "G4 Ultrasonic", "0002", "00060002", "00060000"], pairs("G4", "00060002", ["00060000"])),
    ]
    for cells, prs in data:
        rows.append(cells)
        T.s(f, MS, CB, "headerless-csv-rows", rowtext(cells), prs)
    save(f, csv_bytes(rows))


def vireo_thistlebank():
    f = "MAP/Vireo/Vireo_Thistlebank_paths_2024.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Nova ESME"
    ws["A1"] = "Vireo Asset Finance \u2013 Thistlebank Nova firmware paths"
    ws["A1"].font = TITLE
    ws["A2"] = "Upgrade path column = the version(s) the meter must already be on before the firmware in column C is sent."
    put(ws, 3, ["Model", "HW ver", "Firmware (hex)", "Display", "Upgrade path (must already be on)"], bold=True, fill=GREY)
    data = [
        ("0001", "00020133", "2.1.51", "0002012F", pairs("NOVA1", "00020133", ["0002012F"])),
        ("0001", "00020200", "2.2.0", "00020133", pairs("NOVA1", "00020200", ["00020133"])),
        ("0001", "00020210", "2.2.16", "00020200", pairs("NOVA1", "00020210", ["00020200"])),
        ("0001", "00030000", "3.0.0", "00020210", pairs("NOVA1", "00030000", ["00020210"])),
        ("0002", "00030000", "3.0.0", "00020200, 00020210", pairs("NOVA2", "00030000", ["00020200", "00020210"])),
        ("0002", "00030004", "3.0.4", "00030000", pairs("NOVA2", "00030004", ["00030000"])),
    ]
    r = 4
    for i, (hw, fw, disp, base, prs) in enumerate(data):
        model = "Nova" if i in (0, 4) else None
        cells = [model, hw, fw, disp, base]
        put(ws, r, cells)
        T.s(f, MS, VI, "must-already-be-on-merged-model", rowtext(cells), prs)
        r += 1
    ws.merge_cells("A4:A7")
    ws.merge_cells("A8:A9")
    ws["A4"].alignment = Alignment(vertical="center")
    ws["A8"].alignment = Alignment(vertical="center")
    ws.column_dimensions["E"].width = 34

    hs = wb.create_sheet("Hearth IHD")
    put(hs, 1, ["Model", "HW ver", "Firmware (hex)", "Display", "Upgrade path (must already be on)"], bold=True, fill=GREY)
    c1 = ["Hearth IHD", "0001", "00110000", "11.0", "00100002"]
    c2 = ["Hearth IHD", "0001", "00110003", "11.3", "none required"]
    put(hs, 2, c1)
    put(hs, 3, c2)
    T.s(f, MS, VI, "must-already-be-on-merged-model", rowtext(c1), pairs("HEARTH", "00110000", ["00100002"]))
    T.s(f, MS, VI, "none-required-cell [no prerequisite]", rowtext(c2), nopre=[ID("HEARTH", "00110003")])
    save(f, wb_bytes(wb))


def pennant_lch100_csv():
    f = "MAP/Pennant/lumenhale_lch100_from_to.csv"
    rows = [["From version", "To version", "Direct?", "Comment"]]
    data = [
        (["v1.2.0", "v1.2.4", "Yes", ""], pairs("LCH100", "00010204", ["00010200"]), None),
        (["v1.2.4", "v1.3.0", "Yes", ""], pairs("LCH100", "00010300", ["00010204"]), None),
        (["v1.2.4", "v1.3.17", "Yes", ""], pairs("LCH100", "00010311", ["00010204"]), None),
        (["v1.3.0", "v1.3.17", "Yes", ""], pairs("LCH100", "00010311", ["00010300"]), None),
        (["v1.3.0", "v1.4.0", "No", "delta image, needs v1.3.17"], pairs("LCH100", "00010400", ["00010311"]),
         "negative-row-with-reason"),
        (["v1.3.17", "v1.4.0", "Yes", ""], pairs("LCH100", "00010400", ["00010311"]), None),
    ]
    for cells, prs, w in data:
        rows.append(cells)
        T.s(f, MS, PN, w or "from-to-direct-csv", rowtext(cells), prs)
    rows.append([])
    rows.append(["Version key (Lumenhale software version -> CPL firmware version)"])
    for v, h in [("v1.2.0", "00010200"), ("v1.2.4", "00010204"), ("v1.3.0", "00010300"), ("v1.3.17", "00010311"),
                 ("v1.4.0", "00010400")]:
        rows.append([v, h])
    T.d(f, "v1.3.17 | 00010311", "version-map-row", PN)
    save(f, csv_bytes(rows))


def calderbrook_fe220():
    f = "MAP/Calderbrook/ESME_FE220_2024Q1.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "FE220"
    ws["A1"] = "FE220 Polyphase \u2013 supported OTA moves \u2013 Q1 2024"
    ws["A1"].font = TITLE
    ws["A2"] = "All units HW 0001. Firmware values as held in our asset system (hex, leading zeros dropped)."
    put(ws, 3, ["Current", "Target", "Supported", "Checked by"], bold=True, fill=GREY)
    data = [
        ([1030000, 1030002, "Yes", "PN"], pairs("FE220", "01030002", ["01030000"])),
        ([1030002, 1040001, "Yes", "PN"], pairs("FE220", "01040001", ["01030002"])),
        ([1040001, 2000004, "Yes", "PN"], pairs("FE220", "02000004", ["01040001"])),
        ([1050000, 2000004, "Yes", "GP"], pairs("FE220", "02000004", ["01050000"])),
        ([1030002, 2000004, "No", "GP"], None),
        ([1030000, 1050000, "Yes", "GP"], pairs("FE220", "01050000", ["01030000"])),
    ]
    for i, (cells, prs) in enumerate(data, start=4):
        put(ws, i, cells)
        if prs is None:
            T.d(f, rowtext(cells), "negative-row", CB)
        else:
            T.s(f, MS, CB, "current-target-supported-numeric", rowtext(cells), prs)
    save(f, wb_bytes(wb))


def vireo_gas():
    f = "MAP/Vireo/Vireo gas upgrade bases.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Gas"
    ws["A1"] = "Vireo Asset Finance \u2013 gas meter firmware: upgrade bases"
    ws["A1"].font = TITLE
    ws["A3"] = "Merrowfield MG1 \u2013 HW 0002"
    ws["A3"].font = BOLD
    ws["A3"].fill = GREY
    ws.merge_cells("A3:C3")
    put(ws, 4, ["Target", "Base(s)", "Note"], bold=True)
    mg = [(["0011.0004", "0011.0000", ""], pairs("MG1", "00110004", ["00110000"])),
          (["0012.0000", "0011.0004", ""], pairs("MG1", "00120000", ["00110004"])),
          (["0012.0001", "0012.0000", ""], pairs("MG1", "00120001", ["00120000"])),
          (["0013.0000", "0012.0001", "per MF notification 2024-002"], pairs("MG1", "00130000", ["00120001"]))]
    r = 5
    for cells, prs in mg:
        put(ws, r, cells)
        T.s(f, MS, VI, "section-header-rows", rowtext(cells), prs)
        r += 1
    r += 1
    ws.cell(row=r, column=1, value="Gastrell GX6 \u2013 HW 0001").font = BOLD
    ws.cell(row=r, column=1).fill = GREY
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    r += 1
    put(ws, r, ["Target", "Base(s)", "Note"], bold=True)
    r += 1
    gx = [(["0x00020000", "0x00010005 \u2013 0x00010009", "field-proven on both"],
           pairs("GX6", "00020000", ["00010005", "00010009"])),
          (["0x00020004", "0x00020000 or 0x00010009", ""], pairs("GX6", "00020004", ["00020000", "00010009"])),
          (["0x00020010", "0x00020004", ""], pairs("GX6", "00020010", ["00020004"]))]
    for cells, prs in gx:
        put(ws, r, cells)
        T.s(f, MS, VI, "section-header-rows" + (" [range]" if "\u2013" in cells[1] else ""), rowtext(cells), prs)
        r += 1
    ws.column_dimensions["B"].width = 28
    save(f, wb_bytes(wb))


def pennant_notes():
    f = "MAP/Pennant/Pennant_IHD_PPMID_notes.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Ashgrove"
    put(ws, 1, ["Device", "Firmware", "Status", "Analyst comment"], bold=True, fill=GREY)
    data = [
        (["PayPoint PPMID", "2.0.0.3", "Deployed", "Fine to send from 2.0.0.1"],
         pairs("PAYPOINT", "02000003", ["02000001"]), None),
        (["PayPoint PPMID", "2.1.0.0", "Deployed", "Can only be reached from 2.0.0.3 per Ashgrove call 03/24"],
         pairs("PAYPOINT", "02010000", ["02000003"]), None),
        (["PayPoint PPMID", "2.2.0.0", "Deployed", "-"], None, "status-row"),
        (["PayPoint PPMID", "2.3.0.1", "Pilot", "OTA requires LCH-200 hub on R8.0+"], None, "cross-device"),
        (["Glance IHD", "01.02.00.0C", "Deployed", "Needs 01.02.00.0A on the unit first"],
         pairs("GLANCE", "0102000C", ["0102000A"]), None),
        (["Glance IHD", "1.3.0.0", "Withdrawn", "Do not deploy; superseded by 1.3.0.5"], None, "withdrawn"),
    ]
    for i, (cells, prs, fam) in enumerate(data, start=2):
        put(ws, i, cells)
        if prs is None:
            T.d(f, rowtext(cells), fam, PN)
        else:
            T.s(f, MS, PN, "analyst-comment", rowtext(cells), prs)
    ws.column_dimensions["D"].width = 60
    save(f, wb_bytes(wb))


def ms1_matrix_csv():
    f = "MAP/Calderbrook/Merrowfield_MS1_matrix.csv"
    cols = ["0023.0100", "0023.0105", "0024.0000", "0024.0102", "0025.0000"]
    hexes = ["00230100", "00230105", "00240000", "00240102", "00250000"]
    rows = [["Merrowfield MS1 (HW 0004) - which installed version can take which target"], [],
            ["Target \\ From"] + cols]
    data = [("0023.0105", "00230105", ["OK", "", "", "", ""]),
            ("0024.0000", "00240000", ["NOT OK", "OK", "", "", ""]),
            ("0024.0102", "00240102", ["NOT OK", "OK", "OK", "", ""]),
            ("0025.0000", "00250000", ["NOT OK", "NOT OK", "OK", "OK", ""]),
            ("0025.0003", "00250003", ["NOT OK", "NOT OK", "NOT OK", "OK", "OK"])]
    for label, t, marks in data:
        cells = [label] + marks
        rows.append(cells)
        prs = [P for P in ([ID("MS1", t), ID("MS1", b)] for b, m in zip(hexes, marks) if m == "OK")]
        T.s(f, MS, CB, "target-from-matrix", rowtext(cells), prs)
    rows.append([])
    rows.append(["Blank = not applicable (older or same version)."])
    save(f, csv_bytes(rows))


def vireo_fe210_route():
    f = "MAP/Vireo/Ferrowick_FE210_route.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "FE210"
    ws["A1"] = "Ferrowick FE210 (HW 0003) \u2013 approved OTA sequence"
    ws["A1"].font = TITLE
    data = [
        (["Approved sequence", "01.02.00.05 > 01.03.00.02 > 01.04.00.01 > 02.00.00.00 > 02.00.00.04"],
         chain("FE210", ["01020005", "01030002", "01040001", "02000000", "02000004"]), "chain-in-cell"),
        (["Minimum for 02.00.00.04", "02.00.00.00"], minimum("FE210", "02000004", "02000000"), "minimum-for-label"),
        (["Units on 01.02.00.03", "send 01.02.00.05 first, then follow the sequence"],
         pairs("FE210", "01020005", ["01020003"]), "units-on-send-first"),
        (["Current fleet build", "01.04.00.01"], None, "fleet-status"),
        (["Last reviewed", "2024-04-02 (JM)"], None, None),
    ]
    for i, (cells, prs, w) in enumerate(data, start=3):
        put(ws, i, cells)
        ws.cell(row=i, column=1).font = BOLD
        if prs is not None:
            T.s(f, MS, VI, w, rowtext(cells), prs)
        elif w:
            T.d(f, rowtext(cells), w, VI)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 70
    save(f, wb_bytes(wb))


# ---------------------------------------------------------------- attachments --------------------------
def ashgrove_estate_xlsx(file):
    wb = Workbook()
    hdr = ["Model", "HW", "Target FW", "Target (CPL hex)", "Min base FW", "Comment"]
    ws = wb.active
    ws.title = "Glance IHD"
    put(ws, 1, hdr, bold=True, fill=GREY)
    g = [(["Ashgrove Glance IHD", "0002", "1.3.0.5", "01030005", "1.2.0.10", "any later also fine"],
          minimum("GLANCE", "01030005", "0102000A")),
         (["Ashgrove Glance IHD", "0002", "1.4.0.0", "01040000", "1.3.0.0", "per Ashgrove RN"],
          minimum("GLANCE", "01040000", "01030000"))]
    for i, (cells, prs) in enumerate(g, start=2):
        put(ws, i, cells)
        T.s(file, MS, PN, "min-base-column", rowtext(cells), prs)
    ws2 = wb.create_sheet("PayPoint")
    put(ws2, 1, hdr, bold=True, fill=GREY)
    p = [(["PayPoint", 1, "2.2.0.0", "02020000", "2.0.0.3", ""], minimum("PAYPOINT", "02020000", "02000003"), []),
         (["PayPoint", 1, "2.3.0.1", "02030001", "2.2.0.0", ""], minimum("PAYPOINT", "02030001", "02020000"), []),
         (["PayPoint", 1, "2.0.0.3", "02000003", "N/A", "Ashgrove: full image"], [], [ID("PAYPOINT", "02000003")])]
    for i, (cells, prs, np) in enumerate(p, start=2):
        put(ws2, i, cells)
        T.s(file, MS, PN, "min-base-column" if prs else "na-cell [no prerequisite]", rowtext(cells), prs, nopre=np)
    T.doc(file, MS)
    return wb_bytes(wb)


def gas_register_csv(file):
    rows = [["Calderbrook Meter Assets", "Asset register extract", "Gas", "", "", ""],
            ["Generated 2024-03-28 07:00", "", "", "", "", ""],
            ["", "", "", "", "", ""],
            ["Manufacturer", "Model", "HW", "Target firmware", "Must be on", "Notes"]]
    data = [
        (["Gastrell", "GX6", "0001", "0x00020004", "0x00020000 or 0x00010009", ""],
         pairs("GX6", "00020004", ["00020000", "00010009"])),
        (["Gastrell", "GX6", "0001", "0x00020010", "0x00020004", ""], pairs("GX6", "00020010", ["00020004"])),
        (["Merrowfield", "MG1", "0002", "00110004", "00110000", ""], pairs("MG1", "00110004", ["00110000"])),
        (["Merrowfield", "MG1", "0002", "00120000", "00110004", ""], pairs("MG1", "00120000", ["00110004"])),
        (["Merrowfield", "MG1", "0002", "00120001", "00120000", ""], pairs("MG1", "00120001", ["00120000"])),
        (["Merrowfield", "MG1", "0002", "00130000", "00120001", "confirmed by MF 12/2023"],
         pairs("MG1", "00130000", ["00120001"])),
    ]
    for cells, prs in data:
        rows.append(cells)
        T.s(file, MS, CB, "must-be-on-column", rowtext(cells), prs)
    T.doc(file, MS)
    return csv_bytes(rows, delim=";")


def build_all():
    for fn in (lch200_matrix, pennant_esme, g4_headerless_csv, vireo_thistlebank, pennant_lch100_csv,
               calderbrook_fe220, vireo_gas, pennant_notes, ms1_matrix_csv, vireo_fe210_route):
        fn()
