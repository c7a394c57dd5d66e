"""Emails (.eml), with their attachments."""
from __future__ import annotations

import hashlib
from email.message import EmailMessage
from email.policy import SMTP

from . import common, pdfs, sheets
from .common import EM, RN, T, ID, minimum, newer_than, pairs, chain

FW, GA, LU, AS, MF, TB = pdfs.FW, pdfs.GA, pdfs.LU, pdfs.AS, pdfs.MF, pdfs.TB
CB, PN, VI = sheets.CB, sheets.PN, sheets.VI


def mk(rel, frm, to, subject, date, plain=None, html=None, cc=None, attachments=(), headers=None, domain="mail.example"):
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to
    if cc:
        m["Cc"] = cc
    m["Subject"] = subject
    m["Date"] = date
    m["Message-ID"] = "<" + hashlib.sha1(rel.encode()).hexdigest()[:20] + "@" + domain + ">"
    for k, v in (headers or {}).items():
        m[k] = v
    if plain is not None:
        m.set_content(plain)
        if html is not None:
            m.add_alternative(html, subtype="html")
    else:
        m.set_content(html, subtype="html")
    for name, data, maintype, subtype in attachments:
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    seed = hashlib.sha1(rel.encode()).hexdigest()[:16]  # MIME boundaries from the file's name, not random
    for k, part in enumerate(m.walk()):
        if part.is_multipart():
            part.set_boundary(f"----=_Part_{seed}_{k}")
    path = common.inbox() / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(m.as_bytes(policy=SMTP))
    T.doc(rel, EM)


SECAS = "Rachel Ostler <r.ostler@secas.example>"
PRIYA = "Priya Nandakumar <priya.n@calderbrook.example>"
GARETH = "Gareth Pryce <gareth.pryce@pennant-map.example>"


def e1():
    f = "mail/2023-05-02 RE FE210 upgrade path query.eml"
    s1 = T.s(f, EM, FW, "can-be-installed-from [list]",
             "01.04.00.01 can be installed from 01.03.00.00 or 01.03.00.02.",
             pairs("FE210", "01040001", ["01030000", "01030002"]))
    s2 = T.s(f, EM, FW, "family-needs-to-go-first [step]", "Anything on 01.02 needs to go to 01.03.00.02 first.",
             pairs("FE210", "01030002", ["01020003", "01020005"]))
    dq = T.d(f, "Our records show the FE210 entries 01.03.00.02 and 01.04.00.01 on the CPL.", "query", FW)
    body = f"""Hi Rachel,

Thanks for your patience on this one. I have checked with our firmware team and can confirm the following for the FE210 single phase meter (hardware version 0003):

{s1}
{s2}

We are putting together a more formal statement covering the remaining releases and will send it once it has been through document control. In the meantime please treat the above as Ferrowick's position.

Kind regards,

Dominic Ashcroft
Product Assurance Engineer
Ferrowick Metering Ltd
T: 01782 000000

This e-mail and any attachments are confidential and intended solely for the addressee.

From: Rachel Ostler <r.ostler@secas.example>
Sent: 27 April 2023 14:02
To: Product Assurance <product.assurance@ferrowick.example>
Subject: FE210 upgrade path query

Dear Ferrowick team,

As part of the MP231 backfill we are collecting firmware upgrade paths for existing CPL entries. {dq} Could you let us know, for each, which earlier firmware versions must already be installed on the meter?

Many thanks,
Rachel Ostler
SECAS
"""
    mk(f, "Dominic Ashcroft <d.ashcroft@ferrowick.example>", SECAS, "RE: FE210 upgrade path query",
       "Tue, 02 May 2023 09:31:07 +0100", plain=body, headers={"Thread-Topic": "FE210 upgrade path query"})


def e2():
    f = "mail/gastrell/Re_ G4 path from 0x00040010.eml"
    s1 = T.s(f, EM, GA, "on-top-of [list]",
             "0x00040020 can be applied on top of 0x00040010 or 0x00040012 - no other restriction.",
             pairs("G4", "00040020", ["00040010", "00040012"]))
    s2 = T.s(f, EM, GA, "full-image-no-prerequisite",
             "0x00040012 has no prerequisite; it went out as a full image and any earlier build can take it.",
             nopre=[ID("G4", "00040012")])
    dq = T.d(f, "Could you confirm the upgrade path for the G4 from 0x00040010 onwards?", "query", GA)
    body = f"""Hi Priya,

Short answer below, sorry for the delay - I was on site all week.

- {s1}
- {s2}

The 0x0005 builds are covered by the release notes on the portal, I'd go by those.

Cheers
Tom

--
Tom Haverley | Firmware Engineering | Gastrell Instruments plc

On Tue, 12 Mar 2024 at 09:14, Priya Nandakumar <priya.n@calderbrook.example> wrote:
> Hi Tom,
>
> {dq} We have about 3,000 G4 meters still on early builds and want to get the order right.
>
> Thanks, Priya
"""
    mk(f, "Tom Haverley <t.haverley@gastrell.example>", PRIYA, "Re: G4 path from 0x00040010",
       "Mon, 18 Mar 2024 17:48:22 +0000", plain=body)


def e3():
    f = "mail/Fwd_ LCH-100 v1.3.17 release note.eml"
    att = "LCH-100_v1.3.17_Release_Note.pdf"
    s = T.s(f, EM, LU, "taken-to-before-anything-else [step]",
            "The one thing to watch: hubs still on v1.2.0 (00010200) have to be taken to v1.2.4 (00010204) before "
            "anything else.", pairs("LCH100", "00010204", ["00010200"]))
    pdf = pdfs.lch100_v1317()(f"{f} > {att}")
    T.doc(f"{f} > {att}", RN)
    plain = f"""FYI for the FIR backfill - Lumenhale's note is attached, see their covering email below.

Mark

-------- Forwarded Message --------
Subject: LCH-100 v1.3.17 release note
Date: Thu, 9 Nov 2023 11:02:45 +0000
From: Lumenhale Customer Engineering <customer.engineering@lumenhale.example>
To: Mark Oduya <mark.oduya@brackenfield-energy.example>

Dear Mark,

Please find attached the release note for v1.3.17 (00010311) of the LCH-100 comms hub software.

{s}

Best regards,
Lumenhale Customer Engineering
"""
    html = f"""<html><body style="font-family:Calibri,sans-serif">
<p>FYI for the FIR backfill - Lumenhale's note is attached, see their covering email below.</p>
<p>Mark</p>
<div class="moz-forward-container">-------- Forwarded Message --------
<table class="moz-email-headers-table"><tbody>
<tr><th>Subject:</th><td>LCH-100 v1.3.17 release note</td></tr>
<tr><th>Date:</th><td>Thu, 9 Nov 2023 11:02:45 +0000</td></tr>
<tr><th>From:</th><td>Lumenhale Customer Engineering &lt;customer.engineering@lumenhale.example&gt;</td></tr>
<tr><th>To:</th><td>Mark Oduya &lt;mark.oduya@brackenfield-energy.example&gt;</td></tr>
</tbody></table><br>
<p>Dear Mark,</p>
<p>Please find attached the release note for v1.3.17 (00010311) of the LCH-100 comms hub software.</p>
<p>{s}</p>
<p>Best regards,<br>Lumenhale Customer Engineering</p>
</div></body></html>"""
    mk(f, "Mark Oduya <mark.oduya@brackenfield-energy.example>", SECAS, "Fwd: LCH-100 v1.3.17 release note",
       "Fri, 10 Nov 2023 08:15:00 +0000", plain=plain, html=html,
       attachments=[(att, pdf, "application", "pdf")])


def e4():
    f = "mail/merrowfield/AW Upgrade-Pfade MS1.eml"
    s1 = T.s(f, EM, MF, "setzt-voraus [de]", "Version 0024.0000 setzt 0023.0105 voraus.",
             pairs("MS1", "00240000", ["00230105"]))
    s2 = T.s(f, EM, MF, "zuerst-aktualisiert [de, step]",
             "Geräte mit 0023.0100 müssen zuerst auf 0023.0105 aktualisiert werden.",
             pairs("MS1", "00230105", ["00230100"]))
    dd = T.d(f, "Die Version 0023.0100 wird seit Oktober 2023 nicht mehr ab Werk ausgeliefert.", "withdrawn", MF)
    body = f"""Sehr geehrte Frau Ostler,

vielen Dank für Ihre Anfrage. Zu den Upgrade-Pfaden des MS1 (Hardwareversion 0004) können wir Folgendes mitteilen:

{s1} {s2}

{dd} Für die übrigen Versionen verweisen wir auf die jeweiligen Freigabemitteilungen.

Mit freundlichen Grüßen

Katrin Vogelsang
Produktmanagement Elektrizitätszähler
Merrowfield Energiesysteme GmbH
Sitz der Gesellschaft: Kassel

Von: Rachel Ostler <r.ostler@secas.example>
Gesendet: Montag, 8. April 2024 11:20
An: support@merrowfield.example
Betreff: Upgrade paths MS1

Dear Merrowfield team,

For the FIR backfill (SEC modification MP231) could you please confirm which firmware versions must already be installed before each MS1 release can be applied?

Kind regards,
Rachel Ostler
"""
    mk(f, "Katrin Vogelsang <k.vogelsang@merrowfield.example>", SECAS, "AW: Upgrade paths MS1",
       "Wed, 10 Apr 2024 08:02:51 +0200", plain=body)


def e5():
    f = "mail/ashgrove/TR_ PayPoint 2.1.0.2.eml"
    s_en = T.s(f, EM, AS, "only-goes-onto [exact]", "in short, 2.1.0.2 only goes onto 2.1.0.0.",
               pairs("PAYPOINT", "02010002", ["02010000"]))
    s_fr = T.s(f, EM, AS, "ne-peut-que [fr, exact]",
               "La version 2.1.0.2 du PayPoint ne peut être installée que sur un PPMID déjà en 2.1.0.0.",
               pairs("PAYPOINT", "02010002", ["02010000"]))
    dd = T.d(f, "La 2.1.0.2 corrige l'affichage du crédit d'urgence introduit en 2.1.0.0.", "fix-note", AS)
    body = f"""Hi Priya,

See Julien's note below - {s_en} Nothing else changes for the PayPoint.

Best,
Hannah

Hannah Whitlock | Customer Success | Ashgrove Displays

Le 14 mars 2024 à 09:41, Julien Marchetti <j.marchetti@ashgrove.example> a écrit :
> Bonjour Hannah,
>
> {s_fr}
> {dd}
>
> Cordialement,
> Julien
"""
    mk(f, "Hannah Whitlock <hannah.w@ashgrove.example>", PRIYA, "TR: PayPoint 2.1.0.2",
       "Thu, 14 Mar 2024 10:20:13 +0000", plain=body)


def e6():
    f = "mail/calderbrook/Hearth IHD paths - Calderbrook view.eml"
    rows = [("00100000", "00100002", "Direct", pairs("HEARTH", "00100002", ["00100000"])),
            ("00100002", "00110000", "Direct", pairs("HEARTH", "00110000", ["00100002"])),
            ("00100000", "00110000", "Not supported \u2013 via 00100002",
             pairs("HEARTH", "00100002", ["00100000"]) + pairs("HEARTH", "00110000", ["00100002"])),
            ("00110000", "00110003", "Direct", pairs("HEARTH", "00110003", ["00110000"]))]
    trs = []
    for a, b, c, prs in rows:
        T.s(f, EM, CB, "current-target-route-table", " | ".join([a, b, c]), prs)
        trs.append(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>")
    dd = T.d(f, "We still have around 1,200 Hearth units on 00100000 in the North West.", "fleet-status", CB)
    html = f"""<html><head><style>td,th{{border:1px solid #999;padding:3px 8px}}</style></head><body>
<p>Hi Rachel,</p>
<p>As promised, here is how we currently route the Thistlebank Hearth IHD (HW 0001) firmware. This is our operational
view, built from Thistlebank's notes and our own field experience.</p>
<table style="border-collapse:collapse"><thead><tr><th>Current</th><th>Target</th><th>Route</th></tr></thead>
<tbody>
{chr(10).join(trs)}
</tbody></table>
<p>{dd} Most will go straight to 00110003 once the summer programme starts.</p>
<p>Kind regards,<br>Priya Nandakumar<br>Asset Data Analyst, Calderbrook Meter Assets</p>
</body></html>"""
    mk(f, PRIYA, SECAS, "Hearth IHD paths - Calderbrook view", "Wed, 27 Mar 2024 15:33:40 +0000", html=html)


def e7():
    f = "mail/pennant/Fwd Nova HW0002 base for 00030004.eml"
    s = T.s(f, EM, TB, "needs-on-the-meter [exact]",
            "For Nova hardware version 0002, 00030004 needs 00030000 on the meter; there is no direct route from 2.2.x.",
            pairs("NOVA2", "00030004", ["00030000"]))
    dd = T.d(f, "HW 0001 units cannot take 00030004 at all.", "negative-no-pair", TB)
    body = f"""FYI - Thistlebank's answer on the Nova below. We've put this into our register.

Gareth

Begin forwarded message:

From: Isla Drummond <isla.drummond@thistlebank.example>
Subject: RE: Nova HW0002 base for 00030004
Date: 5 March 2024 at 16:40:12 GMT
To: Gareth Pryce <gareth.pryce@pennant-map.example>

Hi Gareth,

{s} {dd}

Regards,
Isla Drummond
Field Engineering, Thistlebank Devices
"""
    mk(f, GARETH, SECAS, "Fwd: Nova HW0002 base for 00030004", "Wed, 06 Mar 2024 09:12:00 +0000", plain=body)


def e8():
    f = "mail/pennant/Ashgrove estate - upgrade bases (v3).eml"
    att = "Ashgrove_estate_bases_v3.xlsx"
    s = T.s(f, EM, PN, "can-be-reached-directly-from",
            "One addition to the sheet: Glance 1.3.0.0 can also be reached directly from 1.2.0.10.",
            pairs("GLANCE", "01030000", ["0102000A"]))
    data = sheets.ashgrove_estate_xlsx(f"{f} > {att}")
    body = f"""Hi Rachel,

Attached is our current view of upgrade bases for the Ashgrove estate (Glance IHD and PayPoint PPMID). It is built from Ashgrove's release notes and two calls with their customer success team.

{s}

Regards,
Gareth Pryce
Pennant MAP Services
"""
    mk(f, GARETH, SECAS, "Ashgrove estate - upgrade bases (v3)", "Mon, 15 Apr 2024 12:00:05 +0100", plain=body,
       attachments=[(att, data, "application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")])


def e9():
    f = "mail/ashgrove/Re_ Glance firmware - do we need to stage.eml"
    s1 = T.s(f, EM, AS, "goes-on-whatever [no prerequisite]",
             "there's no need to stage anything for 1.3.0.5, it goes on whatever the IHD is running.",
             nopre=[ID("GLANCE", "01030005")])
    s2 = T.s(f, EM, AS, "family-x-needs-on-device",
             "1.4.0.0 is a different story - it needs 1.3.0.x on the device first.",
             pairs("GLANCE", "01040000", ["01030000", "01030005"]))
    dd = T.d(f, "We're hoping to have 1.5.0.0 out in the autumn, and that one will be a full image.", "roadmap", AS)
    body = f"""Hiya Priya,

Quick one on the Glance: {s1} {s2}

{dd}

Hannah
Customer Success, Ashgrove Displays

-----Original Message-----
From: Priya Nandakumar <priya.n@calderbrook.example>
Sent: 02 April 2024 10:05
To: Hannah Whitlock <hannah.w@ashgrove.example>
Subject: Glance firmware - do we need to stage?

Hi Hannah, do we need to stage the Glance IHDs through intermediate versions or can we go straight to the latest? Thanks, Priya
"""
    mk(f, "Hannah Whitlock <hannah.w@ashgrove.example>", PRIYA, "Re: Glance firmware - do we need to stage?",
       "Tue, 02 Apr 2024 13:41:19 +0100", plain=body)


def e10():
    f = "mail/calderbrook/Gas fleet register extract.eml"
    att = "gas_register_extract_2024-03.csv"
    data = sheets.gas_register_csv(f"{f} > {att}")
    dd = T.d(f, "Most of the GX6 fleet is already on 0x00020004.", "fleet-status", CB)
    body = f"""Hi Rachel,

Please see attached an extract from our asset register covering the Gastrell GX6 and Merrowfield MG1 fleet, with the firmware dependencies we hold. {dd}

Shout if anything looks odd.

Priya
"""
    mk(f, PRIYA, SECAS, "Gas fleet register extract", "Thu, 28 Mar 2024 08:05:00 +0000", plain=body,
       attachments=[(att, data, "text", "csv")])


def e11():
    f = "mail/thistlebank/RE_ Nova and Hearth firmware - FIR backfill.eml"
    s1 = T.s(f, EM, TB, "may-only-be-loaded-over [exact]", "Nova HW 0001: 00030000 may only be loaded over 00020210.",
             pairs("NOVA1", "00030000", ["00020210"]))
    s3 = T.s(f, EM, TB, "can-go-onto-either [list]", "Nova HW 0002: 00030000 can go onto either 00020200 or 00020210.",
             pairs("NOVA2", "00030000", ["00020200", "00020210"]))
    s2 = T.s(f, EM, TB, "needs-in-place-first", "Nova HW 0001: 00020200 needs 00020133 in place first.",
             pairs("NOVA1", "00020200", ["00020133"]))
    dd = T.d(f, "The Hearth IHD will display a 'FW mismatch' icon if paired with a Nova still on 0002012F; this is "
                "cosmetic.", "cross-device", TB)
    html = f"""<html><body><div class="WordSection1">
<p class="MsoNormal">Hello Rachel,</p>
<p class="MsoNormal">Answers to your questions below, in the order you asked them:</p>
<ul><li>{s1}</li><li>{s3}</li><li>{s2}</li><li>{dd}</li></ul>
<p class="MsoNormal">Kind regards,<br>Isla Drummond<br>Field Engineering | Thistlebank Devices Ltd</p>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm" id="divRplyFwdMsg">
<p class="MsoNormal"><b>From:</b> Rachel Ostler &lt;r.ostler@secas.example&gt;<br><b>Sent:</b> 14 March 2024 10:02<br>
<b>To:</b> Isla Drummond &lt;isla.drummond@thistlebank.example&gt;<br><b>Subject:</b> Nova and Hearth firmware - FIR backfill</p>
</div>
<p class="MsoNormal">Hi Isla,</p>
<p class="MsoNormal">Three questions on the Nova: which version must be on a HW 0001 meter before 00030000, the same for
HW 0002, and what must be on the meter before 00020200?</p>
<p class="MsoNormal">Thanks,<br>Rachel</p>
</div></body></html>"""
    mk(f, "Isla Drummond <isla.drummond@thistlebank.example>", SECAS, "RE: Nova and Hearth firmware - FIR backfill",
       "Fri, 15 Mar 2024 11:47:09 +0000", html=html)


def e12():
    f = "mail/gastrell/Re_ G4 0x00060002 base - correction.eml"
    s = T.s(f, EM, GA, "correction-needs-not [exact]",
            "0x00060002 needs 0x00060000, not 0x00050003 as I wrote.", pairs("G4", "00060002", ["00060000"]))
    dd = T.d(f, "0x00060002 can be installed over 0x00050003 or later.", "superseded-quote", GA)
    body = f"""Hi Priya,

Correction to my email of yesterday (quoted below): {s} Apologies for the confusion - I was reading from the wrong bulletin.

Tom

On Wed, 20 Mar 2024 at 17:02, Tom Haverley <t.haverley@gastrell.example> wrote:
> Hi Priya,
>
> {dd}
>
> Tom
"""
    mk(f, "Tom Haverley <t.haverley@gastrell.example>", PRIYA, "Re: G4 0x00060002 base - correction",
       "Thu, 21 Mar 2024 08:30:41 +0000", plain=body)


def e13():
    f = "mail/merrowfield/RE_ MS1 route from 0023.0100.eml"
    s1 = T.s(f, EM, MF, "numbered-route",
             "For a meter still on 0023.0100 the route to 0025.0003 is:\n1. 0023.0105\n2. 0024.0102\n3. 0025.0000\n4. 0025.0003",
             chain("MS1", ["00230100", "00230105", "00240102", "00250000", "00250003"]))
    s2 = T.s(f, EM, MF, "no-prerequisite-beyond-family",
             "0025.0000 itself has no prerequisite beyond being on a 0024 build.",
             pairs("MS1", "00250000", ["00240000", "00240102"]))
    body = f"""Dear Priya,

{s1}

Each step must be activated and the new version confirmed before the next image is distributed. {s2}

Best regards / Mit freundlichen Grüßen
Katrin Vogelsang
Merrowfield Energiesysteme GmbH

From: Priya Nandakumar <priya.n@calderbrook.example>
Sent: Thursday, April 11, 2024 3:15 PM
To: Katrin Vogelsang <k.vogelsang@merrowfield.example>
Subject: MS1 route from 0023.0100

Hello Katrin, we have 400 MS1 meters on 0023.0100. What is the route to 0025.0003? Regards, Priya
"""
    mk(f, "Katrin Vogelsang <k.vogelsang@merrowfield.example>", PRIYA, "RE: MS1 route from 0023.0100",
       "Fri, 12 Apr 2024 09:10:00 +0200", plain=body)


def e14():
    f = "mail/Re_ FE220 permitted targets.eml"
    rows = [("01.03.00.00", "01.03.00.02, 01.04.00.01, 01.05.00.00",
             pairs("FE220", "01030002", ["01030000"]) + pairs("FE220", "01040001", ["01030000"])
             + pairs("FE220", "01050000", ["01030000"])),
            ("01.03.00.02", "01.04.00.01, 01.05.00.00",
             pairs("FE220", "01040001", ["01030002"]) + pairs("FE220", "01050000", ["01030002"])),
            ("01.04.00.01", "01.05.00.00, 02.00.00.04",
             pairs("FE220", "01050000", ["01040001"]) + pairs("FE220", "02000004", ["01040001"])),
            ("01.05.00.00", "02.00.00.04", pairs("FE220", "02000004", ["01050000"]))]
    trs = []
    for a, b, prs in rows:
        T.s(f, EM, FW, "base-pov-permitted-targets-table", f"{a} | {b}", prs)
        trs.append(f"<tr><td>{a}</td><td>{b}</td></tr>")
    dd = T.d(f, "Please note 02.00.00.00 was never released for the FE220, whatever your asset system says.",
             "not-issued", FW)
    html = f"""<html><body><div dir="ltr">
<div>Dear Gareth,</div><div><br></div>
<div>Below is the list you asked for. It is organised by the version currently on the meter (FE220 polyphase,
hardware version 0001):</div><div><br></div>
<table border="1" cellpadding="4" cellspacing="0"><tr><th>Current version</th><th>Permitted target(s)</th></tr>
{chr(10).join(trs)}
</table><div><br></div>
<div>{dd}</div><div><br></div>
<div>Kind regards,<br>Dominic Ashcroft<br>Ferrowick Metering Ltd</div><br>
<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 15 Jan 2024 at 16:20, Gareth Pryce &lt;gareth.pryce@pennant-map.example&gt; wrote:<br></div>
<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">
Hi Dominic, could you send us the permitted targets for each FE220 build? Thanks, Gareth</blockquote></div>
</div></body></html>"""
    mk(f, "Dominic Ashcroft <d.ashcroft@ferrowick.example>", GARETH, "Re: FE220 permitted targets",
       "Wed, 17 Jan 2024 10:05:33 +0000", html=html)


def e15():
    f = "mail/pennant/RE_ FE210 02.00.00.00 bases.eml"
    s1 = T.s(f, EM, FW, "any-family-except",
             "02.00.00.00 will accept any 01.03 or 01.04 build except 01.03.00.00 (that one has a known flash-layout "
             "issue and must go to 01.03.00.02 first).",
             pairs("FE210", "02000000", ["01030002", "01040001"]) + pairs("FE210", "01030002", ["01030000"]))
    s2 = T.s(f, EM, FW, "newer-than", "And for the FE220, 02.00.00.04 goes onto anything newer than 01.03.00.02.",
             newer_than("FE220", "02000004", "01030002"))
    dd = T.d(f, "01.04.00.01 remains the FE210 build we ship from the factory until June.", "fleet-status", FW)
    body = f"""Gareth,

To close off your two remaining questions on the FE210 (hardware version 0003):

{s1} {dd}

{s2}

Regards,
Dominic

Dominic Ashcroft | Product Assurance Engineer | Ferrowick Metering Ltd

This e-mail and any attachments are confidential and intended solely for the addressee. If you have received it in error please notify the sender and delete it.

From: Gareth Pryce <gareth.pryce@pennant-map.example>
Sent: 22 January 2024 11:47
To: Dominic Ashcroft <d.ashcroft@ferrowick.example>
Subject: FE210 02.00.00.00 bases

Dominic - which 01.xx builds can go straight to 02.00.00.00 on the FE210? And is the FE220 rule for 02.00.00.04 the same? Thanks, Gareth
"""
    mk(f, "Dominic Ashcroft <d.ashcroft@ferrowick.example>", GARETH, "RE: FE210 02.00.00.00 bases",
       "Tue, 23 Jan 2024 14:02:10 +0000", plain=body)


def build_all():
    for fn in (e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11, e12, e13, e14, e15):
        fn()
