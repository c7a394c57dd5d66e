"""Emails (.eml)."""
from .core import *  # noqa: F403 (the writer's star import, kept as written)

SECAS = "SECAS Firmware Pathways <firmware.pathways@secas.example>"


def e1():
    # Kestrel support engineer, plain text reply with quoted request
    k = "KG"; v = fws(k); f = dothex
    D = Doc("Kestrel Metering/Emails/RE_ G210 upgrade sequence query.eml", "email", "support-reply-plain")
    plain = f"""Hi Priya,

Thanks for your patience on this one, I had to check with the firmware team in Chorley before answering as the G210 history is a bit convoluted.

Short version:

- {D.s(f"{f(v[5])} must go on top of {f(v[4])}, nothing else.", P(k, v[5], v[4]), "must-go-on-top-of-nothing-else")}
- {D.s(f"{f(v[4])} can be loaded onto anything from {f(v[2])} upwards.", from_on(k, v[4], v[2]), "can-be-loaded-onto-anything-from-upwards")}
- {D.s(f"Meters still on the 03.01 builds need {f(v[2])} first.", family(k, v[2], lambda x: x.startswith("0301")), "need-first-family")}

{D.d(f"FYI the valve-position reporting bug you mentioned was fixed in {f(v[3])}, so if you have meters on {f(v[2])} it is worth moving them anyway.", "fixed-in")}

I've not got a formal release note for {f(v[3])} to hand (it was a hotfix) but the above comes straight from the release board minutes.

Cheers,
Dan Whitlow
Technical Support Engineer | Kestrel Metering Ltd
T: 01257 000 000

-----Original Message-----
From: Priya Natarajan <priya.natarajan@secas.example>
Sent: 12 February 2024 10:14
To: Kestrel Support <support@kestrel-metering.example>
Subject: G210 upgrade sequence query

Hello,

As part of the MP231 backfill we're collecting upgrade pathways for existing CPL entries. Could you tell us, for each G210 (HW 0001) firmware version on the CPL, which earlier version(s) it has to be installed over?

Kind regards,
Priya
SECAS
"""
    write_eml(D.file, "Dan Whitlow <dan.whitlow@kestrel-metering.example>", "Priya Natarajan <priya.natarajan@secas.example>",
              "RE: G210 upgrade sequence query", (2024, 2, 14, 16, 2), plain=plain)


def e2():
    # SECAS internal forward of a Nordvik email, plain+html
    k = "NP"; v = fws(k); f = dotdec
    D = Doc("Nordvik/Emails/FW_ Polar 3P - upgrade order older versions.eml", "email", "secas-forward")
    s1 = D.s(f"For going to {f(v[2])} the meter shall have {f(v[1])}, this is the only way.", P(k, v[2], v[1]), "shall-have-only-way")
    s2 = D.s(f"The version {f(v[1])} is loaded on meters with {f(v[0])}.", P(k, v[1], v[0]), "is-loaded-on-meters-with")
    s3 = D.s(f"{f(v[3])} is a small correction and is accepted from {f(v[2])} only.", P(k, v[3], v[2]), "accepted-from-only")
    d1 = D.d(f"The register of the export energy was wrong from {f(v[1])} until {f(v[3])}.", "known-issue")
    plain = f"""Rob - see below from Nordvik, covers the older Polar versions the release note didn't. Can you load into the tracker?

Thanks
Kev

---------- Forwarded message ---------
From: Ingrid Solbakken <ingrid.solbakken@nordvik-energi.example>
Date: Tue, 5 Mar 2024 at 08:41
Subject: Polar 3P - upgrade order older versions
To: Kev Duddle <kev.duddle@secas.example>

Dear Kev,

Referring to our phone call, here is the information about the older versions of Polar 3P (hardware 0002).

{s1}
{s2}
{s3}

{d1} This is why we recommend to update all meters to the newest version.

Best regards / Med vennlig hilsen
Ingrid Solbakken
Product manager, Nordvik Energiteknikk AS
"""
    html = "<html><body><p>Rob - see below from Nordvik, covers the older Polar versions the release note didn't. Can you load into the tracker?</p><p>Thanks<br>Kev</p>" \
        "<div>---------- Forwarded message ---------<br>From: Ingrid Solbakken &lt;ingrid.solbakken@nordvik-energi.example&gt;<br>Date: Tue, 5 Mar 2024 at 08:41<br>Subject: Polar 3P - upgrade order older versions</div>" \
        f"<blockquote><p>Dear Kev,</p><p>Referring to our phone call, here is the information about the older versions of Polar 3P (hardware 0002).</p><p>{s1}<br>{s2}<br>{s3}</p><p>{d1} This is why we recommend to update all meters to the newest version.</p><p>Best regards / Med vennlig hilsen<br>Ingrid Solbakken</p></blockquote></body></html>"
    write_eml(D.file, "Kev Duddle <kev.duddle@secas.example>", "Rob Bakerson <rob.bakerson@secas.example>",
              "FW: Polar 3P - upgrade order older versions", (2024, 3, 5, 9, 30), plain=plain, html=html)


def e3():
    # Huaxin HTML-only email with PDF attachment (upgrade instruction)
    k = "HG1"; v = fws(k); f = ox
    D = Doc("Huaxin/Emails/HX-G4U old version upgrade instruction.eml", "email", "huaxin-sales-html")
    A = Doc(D.file + " > HX-G4U_Upgrade_Instruction_early_versions.pdf", "release note", "huaxin-instruction")
    blocks = [
        ("h1", "HX-G4U Upgrade Instruction (early versions)"),
        ("p", "This instruction describe the upgrade of the early firmware of HX-G4U, hardware version 0001."),
        ("table", {"rows": [["Step", "Current firmware", "Upgrade to", "Remark"],
                            A.row(["1", f(v[0]), f(v[1]), "Must"], P(k, v[1], v[0]), "step-current-upgrade-to-table"),
                            A.row(["2", f(v[1]), f(v[2]), "Must"], P(k, v[2], v[1]), "step-current-upgrade-to-table"),
                            A.row(["3", f(v[2]), f(v[3]), "Recommend"], P(k, v[3], v[2]), "step-current-upgrade-to-table")],
                   "widths": (15, 45, 45, 35)}),
        ("p", A.d(f"The {f(v[0])} meter can not be upgraded by the handheld unit, only OTA.", "history-no-route")),
        ("p", "Please contact the Huaxin service team in UK if there is any question."),
    ]
    pdf = make_pdf(blocks, footer="Huaxin {p}")
    s = D.s(f"Please note the meter with {f(v[1])} must be upgraded to {f(v[2])} first before the {f(v[3])} upgrade.",
            P(k, v[3], v[2]), "must-be-upgraded-first-before")
    html = f"""<html><head><style>p{{font-family:SimSun,Arial;font-size:10.5pt}}</style></head><body>
<p>Dear Sir/Madam,</p>
<p>Good day! Attached please find the upgrade instruction for the early firmware of HX-G4U meter, as your request.</p>
<p>{s}</p>
<p>{D.d(f"The {f(v[5])} is the newest firmware and is now submitted to CPL.", "history-no-route")}</p>
<p>Any question please feel free to contact me.</p>
<p>Best regards<br>Lily Zhang (张丽)<br>Overseas Business Department<br>Huaxin Intelligent Meter Co., Ltd.</p>
</body></html>"""
    write_eml(D.file, "Lily Zhang <lily.zhang@huaxin-meter.example>", SECAS,
              "HX-G4U old version upgrade instruction", (2024, 4, 10, 3, 12), html=html,
              attachments=[("HX-G4U_Upgrade_Instruction_early_versions.pdf", pdf, PDFM)])


def e4():
    # Aurelio plain email with xlsx attachment (matrix for Ponte and Casa)
    D = Doc("Aurelio Misure/Email/Percorsi aggiornamento firmware - Aurelio.eml", "email", "aurelio-plain")
    A = Doc(D.file + " > Aurelio_percorsi_FW.xlsx", "MAP spreadsheet", "aurelio-xlsx-attachment")
    kp, vp = "AP", fws("AP"); kc, vc = "AC", fws("AC")
    rows = [["Prodotto", "HW", "FW destinazione", "FW di partenza ammesso", "Commento"],
            A.row(["AUR-Ponte", "0001", vp[4], vp[3], "unico percorso"], P(kp, vp[4], vp[3]), "destinazione-partenza-cols"),
            A.row(["AUR-Ponte", "0001", vp[3], vp[2], ""], P(kp, vp[3], vp[2]), "destinazione-partenza-cols"),
            A.row(["AUR-Ponte", "0001", vp[2], vp[1], "da 00090010 passare prima a 00090021"], P(kp, vp[2], vp[1]), "destinazione-partenza-cols"),
            A.row(["AUR-Ponte", "0001", vp[1], vp[0], ""], P(kp, vp[1], vp[0]), "destinazione-partenza-cols"),
            A.row(["AUR-Casa", "0001", vc[3], vc[2], ""], P(kc, vc[3], vc[2]), "destinazione-partenza-cols"),
            A.row(["AUR-Casa", "0001", vc[2], vc[1] + " / " + vc[0], "anche da 01010001"], P(kc, vc[2], vc[1], vc[0]), "destinazione-partenza-cols"),
            A.drow(["AUR-Casa", "0001", vc[0], "N/A", "prima versione"], "history-no-route")]
    A.na(kc, vc[0], "na-cell-prima-versione")
    xl = make_xlsx([("Percorsi", rows, {"bold_rows": [1]})])
    plain = f"""Buongiorno,

as promised I send you in attachment the table with the upgrade paths for our products AUR-Ponte (comms hub) and AUR-Casa (IHD).

{D.s(f"In short for the Ponte: the {vp[4]} go only on the hub with {vp[3]}.", P(kp, vp[4], vp[3]), "go-only-on-the-hub-with")}
For the Casa the IHD is updated through the hub, the paths are in the second part of the table.

Sorry for the delay, we had the fair in Milano.

Cordiali saluti,
Marco Bellandi
Ufficio Tecnico - Aurelio Misure S.r.l.
"""
    write_eml(D.file, "Marco Bellandi <m.bellandi@aureliomisure.example>", SECAS,
              "Percorsi aggiornamento firmware - Aurelio", (2024, 4, 22, 13, 5), plain=plain,
              attachments=[("Aurelio_percorsi_FW.xlsx", xl, XLSX)])


def e5():
    # Brackenridge ticketing system HTML with table
    k = "BT"; v = fws(k); n = BRK_NAMES[k]
    D = Doc("Brackenridge/Emails/[BRK-CS #48213] TwinRate upgrade prerequisites.eml", "email", "ticket-system-html")
    r1 = D.row([f"Birch ({v[1]})", f"Alder ({v[0]})", "Supported"], P(k, v[1], v[0]), "ticket-table-release-requires")
    r2 = D.row([f"Cedar ({v[2]})", f"Birch ({v[1]})", "Supported"], P(k, v[2], v[1]), "ticket-table-release-requires")
    r3 = D.row([f"Damson ({v[3]})", f"Cedar ({v[2]})", "Limited release"], P(k, v[3], v[2]), "ticket-table-release-requires")
    r4 = D.row([f"Elm ({v[4]})", f"Cedar ({v[2]}) or Damson ({v[3]})", "Current"], P(k, v[4], v[2], v[3]), "ticket-table-release-requires")
    tr = "".join("<tr>" + "".join(f"<td style='border:1px solid #ccc;padding:4px'>{esc(c)}</td>" for c in r) + "</tr>" for r in (r1, r2, r3, r4))
    html = f"""<html><body style="font-family:Segoe UI,Arial">
<div style="color:#888">##- Please type your reply above this line -##</div>
<p>Your request (48213) has been updated. To add additional comments, reply to this email.</p>
<hr>
<p><b>Jordan Pike</b> (Brackenridge Controls)</p>
<p>Hello again, per your follow-up, here's the full TwinRate release lineage with the required installed release for each. Firmware values are the GBCS hex values that appear on the CPL.</p>
<table style="border-collapse:collapse"><tr><th>Release</th><th>Requires installed</th><th>Status</th></tr>{tr}</table>
<p>{D.d("Alder was the launch firmware and has no predecessor.", "history-no-route")}</p>
<p>Let us know if you need anything further. This ticket will auto-close in 7 days.</p>
<hr><p style="color:#888">Brackenridge Controls Customer Success | This email is a service from Brackenridge Controls.</p>
</body></html>"""
    D.na(k, v[0], "launch-firmware-no-predecessor")
    write_eml(D.file, "Brackenridge Support <support@brackenridge.example>", SECAS,
              "[BRK-CS #48213] TwinRate upgrade prerequisites", (2024, 5, 2, 18, 44), html=html)


def e6():
    # Meterix email with csv attachment for HW2 line, German formal
    k = "MG2"; v = fws(k); f = semver
    D = Doc("Meterix/Emails/AW_ Update-Pfade GasLine G4 HW 0002.eml", "email", "meterix-formal-de-en")
    A = Doc(D.file + " > GasLine_G4_HW0002_Pfade.csv", "MAP spreadsheet", "meterix-csv-export")
    rows = [["Geraet", "HW", "Ziel-FW", "Ziel-FW (GBCS)", "Voraussetzung", "Voraussetzung (GBCS)"],
            A.row(["GasLine G4", "0002", f(v[1]), v[1], f(v[0]), v[0]], P(k, v[1], v[0]), "ziel-voraussetzung-cols"),
            A.row(["GasLine G4", "0002", f(v[2]), v[2], f(v[1]), v[1]], P(k, v[2], v[1]), "ziel-voraussetzung-cols"),
            A.row(["GasLine G4", "0002", f(v[3]), v[3], f(v[1]) + "/" + f(v[2]), v[1] + "/" + v[2]], P(k, v[3], v[1], v[2]), "ziel-voraussetzung-cols")]
    data = make_csv(rows, ";")
    plain = f"""Sehr geehrte Damen und Herren,
dear colleagues,

please find attached the update paths for the MX GasLine G4 with hardware 0002 as CSV export from our PLM system.

{D.s(f"We wish to underline that {f(v[3])} ({v[3]}) requires {f(v[1])} ({v[1]}) or {f(v[2])} ({v[2]}) as installed version; devices on {f(v[0])} ({v[0]}) must be updated to {f(v[1])} beforehand.", P(k, v[3], v[1], v[2]) + P(k, v[1], v[0]), "requires-as-installed-beforehand")}

{D.d(f"The versions v2.x of hardware 0001 are not relevant for this hardware.", "other-hardware")}

Mit freundlichen Grüßen / Kind regards

i.A. Stefan Hollerith
Produktmanagement Gas
Meterix Messtechnik GmbH | Amtsgericht Mannheim HRB 000000

-----Ursprüngliche Nachricht-----
Von: SECAS Firmware Pathways
Gesendet: Montag, 13. Mai 2024 11:02
Betreff: Update-Pfade GasLine G4 HW 0002

Could you please confirm the upgrade pathways for the GasLine G4 hardware 0002 entries on the CPL?
"""
    write_eml(D.file, "Stefan Hollerith <s.hollerith@meterix.example>", SECAS,
              "AW: Update-Pfade GasLine G4 HW 0002", (2024, 5, 15, 7, 55), plain=plain,
              attachments=[("GasLine_G4_HW0002_Pfade.csv", data, CSVM)])


def e7():
    # Caledon terse reply on top of quoted earlier Caledon email
    k = "CT2"; v = fws(k); f = csd
    D = Doc("Caledon/Emails/Re_ Re_ Thistle HW2 paths.eml", "email", "terse-reply-quoted")
    plain = f"""Yes, correct. {D.s(f"And {f(v[2])} ({v[2]}) only over {f(v[1])} ({v[1]}).", P(k, v[2], v[1]), "terse-only-over")}

A.

On Thu, 16 May 2024 at 14:20, SECAS Firmware Pathways <firmware.pathways@secas.example> wrote:
> Thanks Alasdair. Just to confirm, the HW2 entries are separate from the HW1 ones, and the b0 of V3.01 is the
> one that follows V3.00 b4?
>
> On Wed, 15 May 2024 at 09:03, Alasdair Munro <a.munro@caledon-sd.example> wrote:
>> HW2 is its own line, started at {f(v[0])}.
>> {D.s(f"{f(v[1])} ({v[1]}) loads over {f(v[0])} ({v[0]}) and nothing else.", P(k, v[1], v[0]), "loads-over-and-nothing-else")}
>> {D.d(f"{f(v[0])} is factory fit only, cannot be reinstalled OTA.", "history-no-route")}
>> A.
"""
    write_eml(D.file, "Alasdair Munro <a.munro@caledon-sd.example>", SECAS, "Re: Re: Thistle HW2 paths",
              (2024, 5, 16, 15, 1), plain=plain)


def e8():
    # MAP analyst email with bullet summary, HTML+plain, several manufacturers
    D = Doc("MAPs/Correspondence/Upgrade path info from our records - Caledon and Kestrel.eml", "email", "map-analyst-summary")
    kg, vg = "CG", fws("CG"); g = csd
    ke, ve = "KE1", fws("KE1")
    items = [
        D.s(f"CSD Glen IHD: {g(vg[3])} ({vg[3]}) - we only ever push it to Glens on {g(vg[2])} ({vg[2]}); Caledon told us the b2 units must go via b16 first.",
            P(kg, vg[3], vg[2]) + P(kg, vg[2], vg[1]), "we-only-ever-push-to"),
        D.s(f"CSD Glen IHD: {g(vg[1])} ({vg[1]}) went out over {g(vg[0])} ({vg[0]}) with no issues, and that's per Caledon's guidance.",
            P(kg, vg[1], vg[0]), "went-out-over"),
        D.d(f"Kestrel E470: our estate is 80% on {dothex(ve[4])} and 15% on {dothex(ve[3])}; the rest are awaiting exchange.", "estate-stats"),
    ]
    plain = "Hi all,\n\nAs requested at the last WG, here's what we hold on file. Not authoritative - please treat as MAP knowledge, confirm with the manufacturers.\n\n" \
            + "\n".join("* " + i for i in items) + "\n\n" + "Regards,\nHelen Okafor\nData & Asset Analyst, Thameside Meter Assets\n"
    html = "<html><body><p>Hi all,</p><p>As requested at the last WG, here's what we hold on file. Not authoritative - please treat as MAP knowledge, confirm with the manufacturers.</p><ul>" \
           + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul><p>Regards,<br>Helen Okafor<br>Data &amp; Asset Analyst, Thameside Meter Assets</p></body></html>"
    write_eml(D.file, "Helen Okafor <helen.okafor@thameside-ma.example>", SECAS,
              "Upgrade path info from our records - Caledon and Kestrel", (2024, 6, 3, 11, 20), plain=plain, html=html)


def e9():
    # Kestrel G210 HTML numbered steps for the older builds
    k = "KG"; v = fws(k); f = dothex
    D = Doc("Kestrel Metering/Emails/G210 - recommended upgrade procedure (older estates).eml", "email", "vendor-procedure-html")
    steps = [
        D.s(f"Confirm the installed version with SR 11.2. Meters on either 03.01 build ({f(v[0])} or {f(v[1])}) take {f(v[2])} next.", P(k, v[2], v[0], v[1]), "either-build-take-next"),
        D.s(f"Once on {f(v[2])}, apply {f(v[4])}. The hotfix {f(v[3])} is optional; where it has been installed, {f(v[4])} may be applied over it as well.", P(k, v[4], v[2], v[3]), "once-on-apply-optional-hotfix"),
        "Allow 24 hours between activations so that the meter can complete its post-activation self test.",
    ]
    html = "<html><body><p>Dear Customer,</p><p>Following several enquiries we set out below the recommended procedure for G210 gas meters (HW 0001) that are still on early firmware.</p><ol>" \
           + "".join(f"<li>{esc(s)}</li>" for s in steps) + "</ol>" \
           + f"<p><i>{esc(D.d(f'Note: {f(v[1])} remains on the CPL for legacy reasons only and should not be used for new installations.', 'history-no-route'))}</i></p>" \
           + "<p>Kestrel Metering Ltd - Customer Technical Services</p></body></html>"
    plain = "Dear Customer,\n\nFollowing several enquiries we set out below the recommended procedure for G210 gas meters (HW 0001) that are still on early firmware.\n\n" \
            + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)) + f"\n\nNote: {f(v[1])} remains on the CPL for legacy reasons only and should not be used for new installations.\n\nKestrel Metering Ltd - Customer Technical Services\n"
    write_eml(D.file, "Kestrel CTS <cts@kestrel-metering.example>", "customers-gb@kestrel-metering.example",
              "G210 - recommended upgrade procedure (older estates)", (2023, 11, 8, 9, 0), plain=plain, html=html,
              extra={"Bcc": SECAS})


def e10():
    # Huaxin HX-E1S key-value email, plain
    k = "HE"; v = fws(k); f = ox
    D = Doc("Huaxin/Emails/Reply - HX-E1S firmware information for FIR.eml", "email", "huaxin-kv-plain")
    plain = f"""Dear Priya,

Please see the information for FIR as below.

Model: HX-E1S (1010)
Hardware: 0002
{D.s(f"Firmware {f(v[2])} -- Base firmware: {f(v[1])}", P(k, v[2], v[1]), "kv-base-firmware")}
{D.s(f"Firmware {f(v[1])} -- Base firmware: {f(v[0])}", P(k, v[1], v[0]), "kv-base-firmware")}
{D.s(f"Firmware {f(v[3])} -- Base firmware: {f(v[2])}", P(k, v[3], v[2]), "kv-base-firmware")}
Firmware {f(v[0])} -- Base firmware: N/A
{D.d(f"Firmware {f(v[4])} -- please see the release notice HX-OB-2024-021.", "refer-elsewhere")}

Best regards
Wang Lei
"""
    D.na(k, v[0], "kv-base-firmware-na")
    write_eml(D.file, "Wang Lei <wang.lei@huaxin-meter.example>", "Priya Natarajan <priya.natarajan@secas.example>",
              "Reply: HX-E1S firmware information for FIR", (2024, 4, 28, 2, 40), plain=plain)


def e11():
    # Brackenridge LoadMaster: engineer email with PDF attachment of older release notes
    k = "BL"; v = fws(k); n = BRK_NAMES[k]
    D = Doc("Brackenridge/Emails/LoadMaster 2 - Petrel and Quail notes.eml", "email", "us-engineer-casual")
    A = Doc(D.file + " > LM2_Quail_ReleaseNotes_revA.pdf", "release note", "brackenridge-marketing")
    blocks = [
        ("h1", "LoadMaster 2 - \"Quail\" Release Notes (rev A)"),
        ("p", f"Quail = firmware {v[2]}. Petrel = {v[1]}. Osprey = {v[0]}."),
        ("h2", "Install requirements"),
        ("bullets", [A.s("Quail requires Petrel to be the running image.", P(k, v[2], v[1]), "requires-to-be-running-image"),
                     A.s("Petrel requires Osprey to be the running image.", P(k, v[1], v[0]), "requires-to-be-running-image"),
                     A.d("Quail requires a HAN-connected comms hub with GBCS 3.2 or later.", "cross-device")]),
        ("h2", "Changes"),
        ("p", "Adds scheduled switching profiles 5-8. Fixes HAN rejoin after hub replacement."),
    ]
    pdf = make_pdf(blocks, footer="LM2-RN-QUAIL rev A - {p}")
    plain = f"""Hey Priya -

Dug out the old Quail notes (attached), they cover Petrel too. Raven and Swift are in the current release notes which you already have.

{D.s(f"Bottom line, nobody should be jumping from Osprey ({v[0]}) straight to Quail ({v[2]}) - it has to be Osprey > Petrel > Quail.", P(k, v[1], v[0]) + P(k, v[2], v[1]), "has-to-be-gt-chain")}

{D.d("We never shipped a Petrel build for the older HW rev, so you won't see one on the CPL.", "other-hardware")}

- Jordan
"""
    write_eml(D.file, "Jordan Pike <jordan.pike@brackenridge.example>", "Priya Natarajan <priya.natarajan@secas.example>",
              "LoadMaster 2 - Petrel and Quail notes", (2024, 5, 6, 21, 17), plain=plain,
              attachments=[("LM2_Quail_ReleaseNotes_revA.pdf", pdf, PDFM)])


def e12():
    # Supplier asks, Kestrel answers no prerequisite for first release; plus a G210 statement; HTML+plain reply
    k = "KG"; v = fws(k); f = dothex
    D = Doc("Kestrel Metering/Emails/RE_ CoS estate - G210 on 03.01.00.00.eml", "email", "supplier-thread-reply")
    s = D.s(f"Those meters can go straight to {f(v[1])}; there's no intermediate needed.", P(k, v[1], v[0]), "can-go-straight-no-intermediate")
    n = f"{f(v[0])} itself has no prerequisite - it's the factory load."
    D.na(k, v[0], "has-no-prerequisite-factory-load")
    d = D.d(f"Don't try to use the {f(v[0])} image to reflash; it is not distributable over the air.", "not-supported-no-route")
    plain = f"""Hi Tom,

{s} {n}

{d}

Regards
Dan

From: Tom Reeve <tom.reeve@brightsparkenergy.example>
Sent: 20 March 2024 15:40
To: Kestrel Support
Subject: CoS estate - G210 on 03.01.00.00

We've picked up ~2,300 G210s through change of supplier and they report {f(v[0])}. What's the route up?
"""
    html = f"<html><body><p>Hi Tom,</p><p>{s} {n}</p><p>{d}</p><p>Regards<br>Dan</p><hr><p><b>From:</b> Tom Reeve &lt;tom.reeve@brightsparkenergy.example&gt;<br><b>Sent:</b> 20 March 2024 15:40<br><b>Subject:</b> CoS estate - G210 on 03.01.00.00</p><p>We've picked up ~2,300 G210s through change of supplier and they report {f(v[0])}. What's the route up?</p></body></html>"
    write_eml(D.file, "Dan Whitlow <dan.whitlow@kestrel-metering.example>", "Tom Reeve <tom.reeve@brightsparkenergy.example>",
              "RE: CoS estate - G210 on 03.01.00.00", (2024, 3, 21, 8, 12), plain=plain, html=html, cc=SECAS)


def e13():
    # Meterix MG1 older: engineer's plain mail in German-English with "Voraussetzung:" lines and a hedge
    k = "MG1"; v = fws(k); f = semver
    D = Doc("Meterix/Emails/GasLine G4 HW1 - aeltere Versionen.eml", "email", "meterix-formal-de-en")
    plain = f"""Hello Ms Natarajan,

regarding your question about the older versions of the GasLine G4 (HW 0001) I can tell you following:

{D.s(f"{f(v[1])} ({v[1]}) -> Voraussetzung (precondition): {f(v[0])} ({v[0]})", P(k, v[1], v[0]), "arrow-voraussetzung")}
{D.s(f"{f(v[2])} ({v[2]}) -> Voraussetzung (precondition): {f(v[1])} ({v[1]})", P(k, v[2], v[1]), "arrow-voraussetzung")}

{D.s(f"To my best knowledge there was also a direct way from {f(v[1])} to {f(v[3])} ({v[3]}), this is also written in the current Freigabemitteilung.", P(k, v[3], v[1]), "to-my-best-knowledge-direct-way")}

{D.d(f"The {f(v[0])} was delivered with the first 4.000 devices to the pilot customer.", "estate-stats")}

Mit freundlichen Grüßen
Jens Oberhauser
Meterix Messtechnik GmbH
"""
    write_eml(D.file, "Jens Oberhauser <j.oberhauser@meterix.example>", "Priya Natarajan <priya.natarajan@secas.example>",
              "GasLine G4 HW1 - aeltere Versionen", (2024, 5, 21, 12, 30), plain=plain)


def e14():
    # Nordvik Nordlys short HTML mail, statement in a sentence with a hedge; decoy about Polar
    k = "NN"; v = fws(k); f = dotdec
    D = Doc("Nordvik/Emails/Nordlys 1.2.0.14 - question from supplier.eml", "email", "nordvik-short-html")
    s = D.s(f"Yes, the Nordlys can be updated to {f(v[4])} from {f(v[3])}, but not from earlier versions.", P(k, v[4], v[3]), "can-be-updated-from-but-not-earlier")
    d = D.d(f"The Polar meter firmware {dotdec('04030000')} is independent of the Nordlys firmware.", "other-product")
    html = f"<html><body><div>Hello Sarah,</div><div><br></div><div>{s}</div><div>{d}</div><div><br></div><div>Regards<br>Ingrid</div></body></html>"
    write_eml(D.file, "Ingrid Solbakken <ingrid.solbakken@nordvik-energi.example>", "Sarah Lyle <sarah.lyle@glowpower.example>",
              "Re: Nordlys 1.2.0.14", (2024, 6, 11, 7, 5), html=html, cc=SECAS)


ALL = [e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11, e12, e13, e14]
