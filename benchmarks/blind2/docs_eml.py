"""Emails (.eml), some with attachments."""
from .core import *  # noqa: F403 (the writer's star import, kept as written)

EM = "email"
SECAS = "SECAS FIR Team <fir@secas.example>"


def eml(rel, style, data):
    write(rel, data, EM, style)


def q(text):
    """quote a plain-text block for a reply"""
    return "\n".join("> " + l if l else ">" for l in text.split("\n"))


def cor_glance():
    rel = "Corrib/Emails/RE_ Glance IHD upgrade path for FIR.eml"
    st = "corrib-support-reply"
    c = Ctx(rel, EM, st)
    orig = ("Hello Corrib support,\n\n"
            "As part of the MP231 backfill we are collecting upgrade paths for the Corrib Glance IHD (model 0B10, hardware 0001). "
            "The CPL lists 0.5.0.0, 0.5.0.2, 0.6.0.0, 0.6.0.1 and 0.7.0.14.\n"
            + c.d("We have 0.5.0.2 on the CPL as well - is that still in use in the field?", "question") + "\n\n"
            "Kind regards,\nPriya Nandakumar\nSECAS")
    body = ("Hi Priya,\n\n"
            "Thanks for getting in touch, sorry for the slow reply, we had the quarter end.\n\n"
            + c.s("The Glance needs to be on 0.6.0.1 before you push 0.7.0.14.", exact("CG", "00060001", "0007000E"), "needs-to-be-on-before-push") + "\n"
            + c.s("Anything older goes to 0.6.0.0 first, then 0.6.0.1.", many(from_up("CG", "00050000", "00060000"), exact("CG", "00060000", "00060001")), "anything-older-first-then") + "\n\n"
            "On your other question, yes there are still a few thousand units on 0.5.0.2, mostly with one supplier.\n\n"
            "Cheers,\nDeclan\n\n--\nDeclan Hurley | Product Support | Corrib Energy Devices\n\n"
            "From: Priya Nandakumar <fir@secas.example>\nSent: 03 April 2024 10:12\nSubject: Glance IHD upgrade path for FIR\n\n"
            + q(orig) + "\n")
    eml(rel, st, make_eml(frm="Declan Hurley <declan.hurley@corrib.example>", to=SECAS, subject="RE: Glance IHD upgrade path for FIR",
                          date=D(2024, 4, 9, 15, 2), text=body, msgid="<cg-2@corrib.example>", in_reply_to="<cg-1@secas.example>"))


def hal_html_reply():
    rel = "Halvern/Emails/RE_ MP231 backfill - G220 and E470.eml"
    st = "halvern-html-reply-table"
    c = Ctx(rel, EM, st)
    rows = [
        c.row([E("HG", "0302000B"), "03.02.00.0B", "03.02.00.05"], exact("HG", "03020005", "0302000B"), "entry-id-table-upgrade-from"),
        c.row([E("HG", "03020005"), "03.02.00.05", "03.01.00.04"], exact("HG", "03010004", "03020005"), "entry-id-table-upgrade-from"),
        c.row([E("HG", "03010004"), "03.01.00.04", "03.00.00.00"], exact("HG", "03000000", "03010004"), "entry-id-table-upgrade-from"),
        c.narow([E("HG", "03000000"), "03.00.00.00", "N/A"], E("HG", "03000000"), "entry-id-table-na"),
    ]
    blocks = [
        ("p", "Dear FIR team,"),
        ("p", "Please see below the upgrade information for the G220 gas meter as requested. We have used the CPL Entry IDs from "
              "the February CPL extract. The E470 will follow next week once our product manager is back."),
        ("table", ["CPL Entry ID", "Firmware", "Upgrade from"], rows),
        ("p", c.d("Please note that 03.00.00.00 units are being replaced under our swap programme.", "support-status")),
        ("p", "Best regards,"),
        ("p", "Helen Marsh - Customer Quality Manager, Halvern Metering Ltd"),
        ("raw", "<hr><p><b>From:</b> SECAS FIR Team<br><b>Sent:</b> 12 March 2024<br><b>Subject:</b> MP231 backfill - G220 and E470</p>"),
        ("quote", [("p", "Dear Halvern, under MP231 SECAS is collecting firmware upgrade pathways for existing CPL entries. "
                         "Could you let us know, for each G220 and E470 entry, which earlier firmware must be installed first?")]),
    ]
    eml(rel, st, make_eml(frm="Helen Marsh <h.marsh@halvern.example>", to=SECAS, subject="RE: MP231 backfill - G220 and E470",
                          date=D(2024, 3, 19, 11, 40), html_body=blocks_html(blocks)))


def tes_forward_pdf():
    rel = "Tessaly/Emails/WG_ Freigabe TGZ-6 0x05020003.eml"
    st = "tessaly-forward-with-attachment"
    att = "TGZ-6_0x05020003_Release_EN.pdf"
    c = Ctx(rel + " > " + att, "release note", "tessaly-translated")
    blocks = [
        ("title", "Release Communication Firmware 0x05020003"),
        ("p", "Product: Gas meter TGZ-6 (model 7701), hardware version 0x0010"),
        ("h", "1 Scope of the release"),
        ("p", "The firmware 0x05020003 corrects the calculation of the daily consumption at the change of the gas day at 05:00. "
              "Further the tamper detection is made less sensible for the installation in cellars."),
        ("h", "2 Preconditions for the update"),
        ("p", c.s("The update to 0x05020003 presupposes the firmware 0x05020000.", exact("T6", "05020000", "05020003"), "translated-presupposes")),
        ("p", c.s("Devices with 0x05010000 or 0x05010100 must be updated beforehand to 0x05020000.", exact("T6", "05010000", "05020000") + exact("T6", "05010100", "05020000"), "translated-updated-beforehand")),
        ("h", "3 Known restrictions"),
        ("p", "None."),
    ]
    pdfdata = render_pdf(blocks, header="Tessaly Systems GmbH", footer="Seite/Page {p}", title="Freigabe 0x05020003", author="Tessaly Systems GmbH")
    DOCS.append({"file": rel + " > " + att, "kind": "pdf attachment", "source_kind": "release note", "style": "tessaly-translated"})
    body = ("Hi all,\n\nFYI see below, the release communication for 0x05020003 is attached as PDF. "
            "Please use it for the FIR.\n\nRgds\nMarkus\n\n"
            "---------- Forwarded message ---------\nFrom: Produktmanagement Gas <pm-gas@tessaly.example>\n"
            "Date: Tue, 7 Nov 2023 08:15\nSubject: Freigabe TGZ-6 0x05020003\n\n"
            "Dear customers,\n\nattached please find the release communication for the firmware 0x05020003 of the TGZ-6.\n\n"
            "With kind regards\nTessaly Systems GmbH\n")
    eml(rel, st, make_eml(frm="Markus Brandl <m.brandl@tessaly.example>", to=SECAS, subject="WG: Freigabe TGZ-6 0x05020003",
                          date=D(2024, 2, 6, 7, 55), text=body, attachments=[(att, pdfdata, "application/pdf")]))


def nmi_terse():
    rel = "Northmoor/Emails/hub2 hw3.eml"
    st = "northmoor-terse-engineer"
    c = Ctx(rel, EM, st)
    body = ("hub2 hw3 - " + c.s("00030200 needs 00030105.", exact("NH3", "00030105", "00030200"), "terse-needs") + "\n"
            + c.d("hw2 never got 00030200, don't load it.", "hardware-applicability") + "\n"
            + c.s("hw2 and hw3: 00030105 from 00030000 only.", exact("NH2", "00030000", "00030105") + exact("NH3", "00030000", "00030105"), "terse-from-only") + "\n\n"
            "sent from phone\nrob\n")
    eml(rel, st, make_eml(frm="Rob Tindall <rtindall@northmoor.example>", to=SECAS, subject="hub2 hw3",
                          date=D(2024, 5, 2, 18, 31), text=body))


def qui_account_manager():
    rel = "Quillon/Emails/Q-Meter One upgrade sequence.eml"
    st = "quillon-account-manager"
    c = Ctx(rel, EM, st)
    items = [
        c.s("v1.2.0 (01020000) - from v1.1.0 or v1.1.2 only", exact("QM", "01010000", "01020000") + exact("QM", "01010200", "01020000"), "list-from-or-only"),
        c.s("v1.1.2 (01010200) - from v1.1.0", exact("QM", "01010000", "01010200"), "list-from"),
        c.s("v1.1.0 (01010000) - from v1.0.0", exact("QM", "01000000", "01010000"), "list-from"),
        c.na("v1.0.0 (01000000) - initial release, no prerequisite", E("QM", "01000000"), "list-initial-no-prerequisite"),
    ]
    blocks = [
        ("p", "Hi team,"),
        ("p", "Great to catch up on the call yesterday! As promised, here is the upgrade sequence for the Q-Meter One (model 1001) "
              "on the v1 line. The v2 line is covered in the v2.0.1 release notes which I sent over last month."),
        ("ul", items),
        ("p", "The numbers in brackets are the firmware versions as they appear on the CPL."),
        ("p", c.d("Heads up that v1.1.0 (01010000) had the known display flicker issue, fixed in v1.1.2 (01010200).", "fixed-in")),
        ("p", "Any questions just shout!"),
        ("p", "Sophie Grant | Key Account Manager | Quillon Smart"),
    ]
    text = ("Hi team,\n\nGreat to catch up on the call yesterday! As promised, here is the upgrade sequence for the Q-Meter One (model 1001) "
            "on the v1 line. The v2 line is covered in the v2.0.1 release notes which I sent over last month.\n\n"
            + "\n".join("* " + i for i in items) + "\n\n"
            "The numbers in brackets are the firmware versions as they appear on the CPL.\n\n"
            "Heads up that v1.1.0 (01010000) had the known display flicker issue, fixed in v1.1.2 (01010200).\n\n"
            "Any questions just shout!\n\nSophie Grant | Key Account Manager | Quillon Smart\n")
    eml(rel, st, make_eml(frm="Sophie Grant <sophie.grant@quillon.example>", to=SECAS, subject="Q-Meter One upgrade sequence",
                          date=D(2024, 1, 24, 9, 5), text=text, html_body=blocks_html(blocks)))


def pnr_hedged():
    rel = "Pelham & Rowe/Emails/Wren SP - Goldcrest upgrade question.eml"
    st = "pnr-hedged-engineer"
    c = Ctx(rel, EM, st)
    body = ("Dear Sir/Madam,\n\n"
            "Thank you for your enquiry regarding the upgrade pathways for the Wren SP (model 2201). I have checked with our "
            "firmware team and I can confirm the following, although I would ask that you treat the release notes as the "
            "definitive source where they exist.\n\n"
            "For reference the CPL firmware versions are: Finch = 0A000100, Finch SR1 = 0A000200, Goldcrest = 0B000000, "
            "Goldcrest SR2 = 0B000200.\n\n"
            + c.s("As far as we are aware, Goldcrest can be installed on any Finch build (Finch or Finch SR1), although we would always recommend taking Finch SR1 first where time allows.",
                  exact("WS", "0A000100", "0B000000") + exact("WS", "0A000200", "0B000000"), "hedged-as-far-as-aware") + " "
            + c.s("Goldcrest SR2 should only go on top of Goldcrest.", exact("WS", "0B000000", "0B000200"), "should-only-go-on-top-of") + "\n\n"
            + c.d("Finch SR1 itself was a field-fix for Finch and is no longer being distributed.", "support-status") + "\n\n"
            "I hope this helps. Please do not hesitate to contact me should you require anything further.\n\n"
            "Yours faithfully,\n\nGeoffrey Ainsworth\nSenior Applications Engineer\nPelham & Rowe\n")
    eml(rel, st, make_eml(frm="Geoffrey Ainsworth <g.ainsworth@pelhamrowe.example>", to=SECAS, subject="RE: Wren SP - Goldcrest upgrade question",
                          date=D(2024, 2, 28, 14, 20), text=body))


def map_email_xlsx():
    rel = "MAPs/Brackenridge/Emails/CX-1 upgrade paths - Brackenridge view.eml"
    st = "map-analyst-email"
    att = "Brackenridge_CX1_paths_v3.xlsx"
    c = Ctx(rel, EM, st)
    a = Ctx(rel + " > " + att, "MAP spreadsheet", "brackenridge-map-sheet")
    rows = [["Make", "Model", "HW", "Target FW", "Min FW", "Comment"],
            a.row(["Corrib", "CX-1", "0002", "1.4.0.0", "1.3.0.0", "1.3.0.0 or any later 1.3"], from_up("C1", "01030000", "01040000"), "min-fw-column"),
            a.row(["Corrib", "CX-1", "0002", "2.0.0.0", "1.4.0.0", "mandatory hop"], exact("C1", "01040000", "02000000"), "min-fw-column"),
            a.row(["Corrib", "CX-1", "0002", "2.0.0.12", "2.0.0.0", ""], exact("C1", "02000000", "0200000C"), "min-fw-column"),
            a.drow(["Corrib", "CX-1", "0002", "1.2.0.10", "", "withdrawn - do not deploy"], "withdrawn-history"),
            ]
    DOCS.append({"file": rel + " > " + att, "kind": "xlsx attachment", "source_kind": "MAP spreadsheet", "style": "brackenridge-map-sheet"})
    data = xlsx_bytes([("CX-1", rows), ("Notes", [["Source: Corrib release notes and support emails, compiled by T. Okafor"], ["Min FW = lowest firmware the target may be installed on"]])])
    body = ("Hi FIR team,\n\nPlease find attached our view of upgrade paths for the Corrib CX-1 fleet (hardware 0002). "
            "This is what our field ops team works to.\n\n"
            + c.s("Note the 1.3.0.5 build can only be reached from 1.3.0.0.", exact("C1", "01030000", "01030005"), "can-only-be-reached-from") + " "
            "We have about 40k meters on it so it matters to us.\n\n"
            "Thanks\nTunde Okafor\nAsset Data Analyst, Brackenridge Meter Assets\n")
    eml(rel, st, make_eml(frm="Tunde Okafor <tunde.okafor@brackenridge.example>", to=SECAS, subject="CX-1 upgrade paths - Brackenridge view",
                          date=D(2024, 3, 5, 16, 45), text=body, attachments=[(att, data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]))


def hal_correction():
    rel = "Halvern/Emails/RE_ RE_ G220 03.02.00.0B base version - correction.eml"
    st = "halvern-correction-thread"
    c = Ctx(rel, EM, st)
    # the earlier (superseded) message: still true as far as it goes, so not labelled as a decoy
    first = ("Hi,\n\n03.02.00.0B requires 03.02.00.05.\n\nHelen")
    secas = ("Thanks Helen, we will record that. Just to confirm, does that apply to hardware 0001 only?\n\nPriya\n\n" + q(first))
    body = ("Hi Priya,\n\n"
            "Correction to my earlier email, I'm afraid I misread our internal table.\n\n"
            + c.s("03.02.00.0B does NOT require 03.02.00.05; it can be applied to any 03.01 or 03.02 build.",
                  many(fam("HG", "0301", "0302000B"), fam("HG", "0302", "0302000B")), "correction-any-family-build") + "\n\n"
            "And yes, the G220 only exists as hardware 0001.\n\n"
            "Apologies for the confusion,\nHelen\n\n"
            "-----Original Message-----\nFrom: SECAS FIR Team\nSent: 21 March 2024 09:02\nSubject: RE: G220 03.02.00.0B base version\n\n"
            + q(secas) + "\n")
    eml(rel, st, make_eml(frm="Helen Marsh <h.marsh@halvern.example>", to=SECAS, subject="RE: RE: G220 03.02.00.0B base version - correction",
                          date=D(2024, 3, 22, 8, 12), text=body))


def cor_csv_attachment():
    rel = "Corrib/Emails/CX-3 hw0004 path export.eml"
    st = "corrib-export-email"
    att = "cx3_hw0004_paths.csv"
    a = Ctx(rel + " > " + att, "MAP spreadsheet", "corrib-semicolon-export")
    rows = [["model", "hw", "fw_from", "fw_to", "remark"],
            a.row(["0A03", "0004", "3.3.0.0", "3.4.0.1", "ok"], exact("C3B", "03030000", "03040001"), "from-to-export-rows"),
            a.row(["0A03", "0004", "3.4.0.1", "3.4.0.11", "ok"], exact("C3B", "03040001", "0304000B"), "from-to-export-rows"),
            a.row(["0A03", "0004", "3.3.0.0", "3.4.0.11", "ok (direct)"], exact("C3B", "03030000", "0304000B"), "from-to-export-rows"),
            a.row(["0A03", "0004", "3.4.0.11", "4.0.0.0", "ok, only route to 4.0"], exact("C3B", "0304000B", "04000000"), "from-to-export-rows"),
            ]
    DOCS.append({"file": rel + " > " + att, "kind": "csv attachment", "source_kind": "MAP spreadsheet", "style": "corrib-semicolon-export"})
    data = csv_bytes(rows, delimiter=";")
    c = Ctx(rel, EM, st)
    body = ("Hello,\n\nexport from our release database attached (semicolon separated, versions as on the meter display, "
            "i.e. decimal per byte: 3.4.0.11 = 0304000B).\n\n"
            + c.d("4.0.0.0 requires the hardware 0004 metrology board and will never be offered for hardware 0001.", "hardware-applicability") + "\n\n"
            "BR\nAoife Brennan\nRelease Management, Corrib Energy Devices\n")
    eml(rel, st, make_eml(frm="Aoife Brennan <aoife.brennan@corrib.example>", to=SECAS, subject="CX-3 hw0004 path export",
                          date=D(2024, 4, 15, 12, 0), text=body, attachments=[(att, data, "text/csv")]))


def tes_tsw_email():
    rel = "Tessaly/Emails/AW_ TSW-Link Update Voraussetzung.eml"
    st = "tessaly-translated-email"
    c = Ctx(rel, EM, st)
    body = ("Dear Mrs. Nandakumar,\n\nthank you for your request.\n\n"
            + c.s("The HCALCS TSW-Link needs for the firmware 0x01010002 absolutely the 0x01010000 as starting point.", exact("TW", "01010000", "01010002"), "translated-needs-as-starting-point") + " "
            + c.s("A direct jump from 0x01000000 or 0x01000100 onto 0x01010002 is not allowed, these devices go over 0x01010000.",
                  exact("TW", "01000000", "01010000") + exact("TW", "01000100", "01010000"), "translated-not-allowed-go-over") + "\n\n"
            + c.d("With the firmware 0x01000100 the battery-free clock backup was corrected.", "fixed-in") + "\n\n"
            "For further questions I stand gladly at disposal.\n\nWith friendly greetings\nJana Voigt\nTessaly Systems GmbH\n")
    eml(rel, st, make_eml(frm="Jana Voigt <j.voigt@tessaly.example>", to=SECAS, subject="AW: TSW-Link Update Voraussetzung",
                          date=D(2024, 1, 30, 13, 14), text=body))


def qui_ticket():
    rel = "Quillon/Emails/[Ticket #48213] Q-Display v3.1.4 base firmware.eml"
    st = "quillon-ticket-notification"
    c = Ctx(rel, EM, st)
    body = ("Quillon Support Portal\n========================\n\n"
            "Ticket: #48213\nStatus: Resolved\nProduct: Q-Display (IHD, model 1010, hw 0002)\n"
            "Target: v3.1.4 (03010400)\n"
            + c.kv("Required base", "v3.1.0 (03010000)", exact("QD", "03010000", "03010400"), "ticket-kv-required-base").join(["Required base: ", "\n"])
            + "Alternative bases: none\n\n"
            "Agent comment:\n"
            + c.d("v3.1.4 is a hotfix for the pairing timeout seen on v3.1.0 (03010000).", "fixed-in") + "\n\n"
            "Reply above this line to reopen the ticket.\n")
    eml(rel, st, make_eml(frm="Quillon Support <support@quillon.example>", to=SECAS, subject="[Ticket #48213] Q-Display v3.1.4 base firmware",
                          date=D(2024, 2, 12, 10, 33), text=body))


def supplier_forward():
    rel = "Northmoor/Emails/Fwd_ NM-Key firmware order.eml"
    st = "supplier-forward"
    c = Ctx(rel, EM, st)
    fwd = ("From: Northmoor Instruments Support <support@northmoor.example>\nDate: Mon, 4 Dec 2023 at 11:20\n"
           "Subject: NM-Key firmware order\nTo: Meter Ops <meterops@brightwatt.example>\n\n"
           "Hi,\n\n"
           + c.s("10010000 must be installed prior to 10020000.", exact("NK", "10010000", "10020000"), "must-be-installed-prior-to") + "\n"
           + c.s("10000001 and 10000002 units can both go to 10010000 directly.", exact("NK", "10000001", "10010000") + exact("NK", "10000002", "10010000"), "can-both-go-directly") + "\n\n"
           "Thanks,\nNorthmoor Support\n")
    body = ("Hi SECAS,\n\nForwarding this from Northmoor as it looks like what you asked for on the MP231 call. "
            "We are BrightWatt Energy, we do not own the data, just passing it on.\n\n"
            + c.d("Our fleet is mostly on 10000002 today.", "fleet-count") + "\n\n"
            "Mark\nMeter Operations, BrightWatt Energy\n\n"
            "---------- Forwarded message ---------\n" + fwd)
    eml(rel, st, make_eml(frm="Mark Doyle <mark.doyle@brightwatt.example>", to=SECAS, subject="Fwd: NM-Key firmware order",
                          date=D(2024, 1, 8, 9, 48), text=body))


def hal_p10_html():
    rel = "Halvern/Emails/P10 minimum firmware.eml"
    st = "halvern-html-minimum-table"
    c = Ctx(rel, EM, st)
    blocks = [
        ("p", "Good afternoon,"),
        ("p", "Following TB-0047, please find the minimum firmware for each P10 release below."),
        ("table", ["P10 firmware", "Minimum firmware", "Notes"], [
            c.row(["00.0A.00.03", "00.0A.00.00", "see TB-0047"], exact("HP", "000A0000", "000A0003"), "minimum-firmware-column"),
            c.row(["00.0A.00.00", "00.09.00.00", "any 00.09 build"], fam("HP", "0009", "000A0000"), "minimum-firmware-column"),
            c.row(["00.09.01.00", "00.09.00.00", ""], exact("HP", "00090000", "00090100"), "minimum-firmware-column"),
        ], {"rules": False}),
        ("p", c.d("The P10 hardware 0003 PCB is required for any 00.0A firmware; older PCBs stay on 00.09.01.00.", "hardware-applicability")),
        ("p", "Kind regards,<br>Halvern Technical Support".replace("<br>", " ")),
    ]
    eml(rel, st, make_eml(frm="Halvern Technical Support <technical.support@halvern.example>", to=SECAS, subject="P10 minimum firmware",
                          date=D(2024, 4, 2, 14, 30), html_body=blocks_html(blocks)))


def cor_fir_backfill():
    rel = "Corrib/Emails/FIR backfill - CX-1 first builds.eml"
    st = "corrib-fir-backfill"
    c = Ctx(rel, EM, st)
    text = ("Hi Priya,\n\nTwo more for the CX-1 (hardware 0002):\n\n"
            "1) " + c.na("1.2.0.10 was the factory build and has no predecessor; for FIR purposes please record N/A.", E("C1", "0102000A"), "factory-build-record-na") + "\n"
            "2) " + c.s("1.3.0.0 can be loaded on 1.2.0.10.", exact("C1", "0102000A", "01030000"), "can-be-loaded-on") + "\n\n"
            + c.d("1.2.0.10 has been withdrawn from the CPL since 2021.", "withdrawn-history") + "\n\n"
            "Declan\n")
    blocks = [("p", "Hi Priya,"), ("p", "Two more for the CX-1 (hardware 0002):"),
              ("ol", ["1.2.0.10 was the factory build and has no predecessor; for FIR purposes please record N/A.",
                      "1.3.0.0 can be loaded on 1.2.0.10."]),
              ("p", "1.2.0.10 has been withdrawn from the CPL since 2021."), ("p", "Declan")]
    eml(rel, st, make_eml(frm="Declan Hurley <declan.hurley@corrib.example>", to=SECAS, subject="FIR backfill - CX-1 first builds",
                          date=D(2024, 4, 11, 17, 3), text=text, html_body=blocks_html(blocks)))


ALL = [cor_glance, hal_html_reply, tes_forward_pdf, nmi_terse, qui_account_manager, pnr_hedged, map_email_xlsx,
       hal_correction, cor_csv_attachment, tes_tsw_email, qui_ticket, supplier_forward, hal_p10_html, cor_fir_backfill]
