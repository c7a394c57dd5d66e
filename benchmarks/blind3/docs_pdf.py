"""PDF release notes."""
from .core import *  # noqa: F403 (the writer's star import, kept as written)


def p1():
    # Kestrel formal UK template, multi-page, history table with "Upgrade from" column
    k = "KE1"; v = fws(k); f = dothex
    D = Doc("Kestrel Metering/Release Notes/E470/KES-RN-E470-H1-01.03.00.07.pdf", "release note", "kestrel-formal-rn")
    blocks = [
        ("h1", "Kestrel E470 Single Phase ESME\nFirmware Release Note - 01.03.00.07"),
        ("kv", [("Document ref", "KES-RN-0419 issue 2"), ("Product", "Kestrel E470 (Model ID 0A31)"),
                ("Hardware version", "0001 (main board rev C)"), ("Firmware", "01.03.00.07"),
                ("Classification", "Customer Confidential"), ("Author", "Product Assurance, Chorley")]),
        ("h2", "1. Scope"),
        ("p", "This release note accompanies firmware 01.03.00.07 for the Kestrel E470 single phase electricity "
              "meter, hardware version 0001. It describes the changes made since the previous customer release, "
              "the known limitations and the procedure to be followed by Suppliers when deploying the image via "
              "the DCC. It should be read in conjunction with the E470 Installation Manual (KES-IM-0210)."),
        ("h2", "2. New functionality"),
        ("bullets", ["Support for the revised Auxiliary Load Control Switch calendar (GBCS v4.1 alignment).",
                     "Improved handling of Update Security Credentials when the Supplier certificate is renewed.",
                     "Extended event log depth from 100 to 250 entries."]),
        ("h2", "3. Corrections"),
        ("p", D.d("The tariff rollover defect first reported against 01.02.00.0A is corrected in this release.", "fixed-in")),
        ("p", "Display flicker on the LCD during high ambient temperature has been reduced. The meter no longer "
              "raises spurious alert 0x8F0A after a supply interruption of less than three seconds."),
        ("h2", "4. Known limitations"),
        ("p", "The prepayment debt recovery screen may briefly show an incorrect currency symbol after a "
              "language change. A fix is planned for a later release."),
        ("pagebreak", None),
        ("h2", "5. Upgrade path"),
        ("p", D.s("Firmware 01.03.00.07 shall only be applied to meters currently operating firmware 01.03.00.01.",
                  P(k, v[5], v[4]), "shall-only-be-applied-to-meters-operating")),
        ("p", "Meters of hardware version 0002 are covered by a separate release note and must not receive this image."),
        ("p", "Applying the image to a meter on any other version will result in the activation being rejected "
              "with a firmware verification failure; the meter will continue to operate on its existing firmware."),
        ("h2", "6. Release history"),
        ("table", {"rows": [["Version", "Released", "Summary", "Upgrade from"]] + [
            D.drow([f(v[0]), "Jun 2021", "Initial production release", "None (factory image)"], "history-no-route"),
            D.row([f(v[1]), "Nov 2021", "CoS certificate handling", f(v[0])], P(k, v[1], v[0]), "history-table-upgrade-from"),
            D.row([f(v[2]), "Mar 2022", "Event log corrections", f(v[1])], P(k, v[2], v[1]), "history-table-upgrade-from"),
            D.row([f(v[3]), "Sep 2022", "Tariff engine rework", f(v[1]) + " or " + f(v[2])], P(k, v[3], v[1], v[2]), "history-table-upgrade-from"),
            D.row([f(v[4]), "Feb 2023", "Load limiting", f(v[3])], P(k, v[4], v[3]), "history-table-upgrade-from"),
            D.row([f(v[5]), "Jan 2024", "This release", f(v[4])], P(k, v[5], v[4]), "history-table-upgrade-from"),
        ], "widths": (20, 18, 40, 30)}),
        ("small", "Versions are shown in the Kestrel dotted notation; the four octets correspond to the firmware "
                  "version reported in GBCS responses, e.g. 01.03.00.07 is reported as 01030007."),
    ]
    D.na(k, v[0], "history-table-none-factory")
    write_pdf(D.file, blocks, header="KES-RN-0419 issue 2  |  Kestrel Metering Ltd  |  Customer Confidential",
              footer="Page {p}  -  Printed copies are uncontrolled")


def p2():
    # Kestrel HW2 compatibility matrix
    k = "KE2"; v = fws(k); f = dothex
    D = Doc("Kestrel Metering/Release Notes/E470/KES-RN-E470-H2-02.02.00.00.pdf", "release note", "kestrel-formal-rn")
    blocks = [
        ("h1", "Kestrel E470 (HW 0002) - Firmware 02.02.00.00"),
        ("kv", [("Document ref", "KES-RN-0433 issue 1"), ("Hardware", "0002 (main board rev F, new metrology ASIC)"),
                ("Firmware", "02.02.00.00"), ("Date", "14 March 2024")]),
        ("h2", "1. Summary"),
        ("p", "02.02.00.00 is a maintenance release for the second hardware generation of the E470. It carries "
              "the security patches issued under Kestrel advisory KSA-2024-02 and a number of stability fixes."),
        ("h2", "2. Changes"),
        ("numbered", ["Fix: meter could report an incorrect cumulative import register after a firmware activation.",
                      "Fix: HAN join retry interval corrected to 60 s.",
                      "Change: Supply Enable now requires a confirmation button press when the meter is in credit mode."]),
        ("h2", "3. Compatibility matrix"),
        ("p", "The matrix below lists the firmware currently installed in the field and whether 02.02.00.00 may be "
              "applied to it directly."),
        ("table", {"rows": [["Installed firmware", "Direct upgrade to 02.02.00.00", "Remark"],
                            D.drow([f(v[0]), "No", "Not supported"], "not-supported-no-route"),
                            D.row([f(v[1]), "Yes", "-"], P(k, v[3], v[1]), "compat-matrix-yes"),
                            D.row([f(v[2]), "Yes", "Recommended"], P(k, v[3], v[2]), "compat-matrix-yes")],
                   "widths": (40, 45, 40)}),
        ("p", "Meters still running the pilot firmware should be returned under the pilot exchange programme rather than upgraded."),
        ("h2", "4. Earlier releases for hardware 0002"),
        ("p", D.s(f"For completeness: {f(v[2])} itself was released to be installed over {f(v[1])} only; meters on "
                  f"{f(v[0])} went first to {f(v[1])}.", P(k, v[2], v[1]) + P(k, v[1], v[0]), "for-completeness-prose-chain")),
        ("p", D.d(f"The minimum hardware revision for {f(v[3])} is board rev F; rev E boards were never shipped with 02.x firmware.", "hardware-minimum")),
        ("h2", "5. Installation"),
        ("p", "Distribute the image with SR 11.1 and activate with SR 11.3 at a time of low consumption. The meter "
              "restarts its application processor; supply is not interrupted. Confirm the new version with SR 11.2."),
    ]
    write_pdf(D.file, blocks, header="KES-RN-0433 issue 1  |  Kestrel Metering Ltd",
              footer="Page {p}")


def p3():
    # Nordvik translated (Norwegian English), dotted decimal, prose + numbered steps
    k = "NP"; v = fws(k); f = dotdec
    D = Doc("Nordvik/Releasenotes/NVE_Polar3P_FW_4.3.0.0_releasenote_EN.pdf", "release note", "nordvik-translated")
    blocks = [
        ("font", "DejaVuSerif"),
        ("h1", "Release note - Polar 3P firmware 4.3.0.0"),
        ("p", "Nordvik Energiteknikk AS, Trondheim. Translated from the Norwegian original; in case of doubt the "
              "Norwegian text is valid."),
        ("kv", [("Product", "NVE Polar 3P polyphase ESME, model 0103"), ("Hardware", "0002"),
                ("Firmware", "4.3.0.0 (GBCS identifier 04030000)"), ("Status", "General release")]),
        ("h2", "About this release"),
        ("p", "With this version is introduced the support for the export MPAN on the secondary element and the "
              "improved reverse-running detection. Also the boot loader is updated, this is why the order of "
              "installing is important and must be followed by the energy supplier."),
        ("h2", "Order of installing"),
        ("p", "Before 4.3.0.0 can be sent to the meter, the following is necessary:"),
        ("numbered", [
            D.s(f"The meter must have the version {f(v[4])} installed. Other versions are not accepted by the new boot loader.",
                P(k, v[5], v[4]), "must-have-version-installed"),
            D.s(f"If the meter has {f(v[3])} or {f(v[2])}, first it must be updated to {f(v[4])}, after that to {f(v[5])}.",
                P(k, v[4], v[3], v[2]), "if-has-first-updated-to"),
            "Verify after each step that the meter reports the new version before continuing.",
        ]),
        ("p", D.d(f"Meters with the pre-series version 3.9.0.2 can not be updated over the air at all and must be changed on site.", "not-supported-no-route")),
        ("h2", "Corrected errors"),
        ("bullets", [D.d(f"The wrong sign of reactive energy in quadrant IV, which was present since {f(v[1])}, is corrected.", "introduced-in"),
                     "The alarm for terminal cover open is now also logged when the meter is without supply.",
                     "Small corrections of texts in the display menu."]),
        ("h2", "Known problems"),
        ("p", "When the meter is configured for three-rate tariff and the clock is changed by more than one hour, "
              "the active rate can be shown wrong until next rate switch. This has no influence on the registers."),
    ]
    write_pdf(D.file, blocks, footer="Nordvik Energiteknikk AS - Dok. nr. NVE-RN-3P-0430 - side {p}", font="DejaVuSerif")


def p4():
    # Huaxin Chinese-English template with bilingual version table and "Prerequisite version" KV
    k = "HG1"; v = fws(k); f = ox
    D = Doc("Huaxin/HX-G4U/HX-G4U_Firmware_Release_Notice_V2.3.pdf", "release note", "huaxin-notice")
    blocks = [
        ("h1", "HX-G4U Gas Smart Meter Firmware Release Notice"),
        ("p", "Huaxin Intelligent Meter Co., Ltd.   Overseas Business Department   Notice No.: HX-OB-2024-017"),
        ("kv", [("Product model", "HX-G4U (Model ID 1120)"), ("Hardware version", "0001"),
                ("Release firmware", f(v[5])), ("Prerequisite version", f(v[4])),
                ("Release date", "2024-04-08")]),
        ("p", "Dear customer, thank you for your support to Huaxin products. For improving the battery life and the "
              "stability of the valve control, we release the new firmware. Please kindly read this notice "
              "carefully before the upgrade."),
        ("h2", "1. Upgrade content"),
        ("numbered", ["Optimize the battery consumption in the sleep mode, estimated life improve 8%.",
                      "Fix the problem of the valve state report is delay after the remote close command.",
                      "Add the tamper event for the magnetic interference according to the customer requirement."]),
        ("h2", "2. Upgrade requirement"),
        ("p", D.s(f"The meter which firmware is lower than {f(v[4])} is not allowed to upgrade to {f(v[5])} directly, it need upgrade to {f(v[4])} firstly.",
                  P(k, v[5], v[4]), "lower-than-not-allowed-directly-need-firstly")),
        ("p", D.s(f"The upgrade of {f(v[4])} support the meter which firmware is {f(v[2])} or {f(v[3])}.",
                  P(k, v[4], v[2], v[3]), "upgrade-of-support-the-meter-which")),
        ("p", D.d(f"For the meter of hardware version 0003, the firmware {f(v[5])} is not suitable, please refer to the notice HX-OB-2024-018.", "other-hardware")),
        ("h2", "3. Version information"),
        ("table", {"rows": [["Version", "Description", "Note"],
                            [f(v[0]), "Factory version", "Stop production"],
                            [f(v[1]), "First batch for UK", "-"],
                            [f(v[2]), "SMETS2 certification version", "-"],
                            [f(v[3]), "Fix valve report", "-"],
                            [f(v[4]), "Battery optimize step 1", "-"],
                            [f(v[5]), "This release", "-"]], "lines": "HORIZONTAL_LINES", "widths": (30, 60, 30)}),
        ("p", D.d(f"The valve report problem was found in {f(v[2])} and it was solved in {f(v[3])}.", "fixed-in")),
        ("h2", "4. Notice"),
        ("p", "During the upgrade, please do not send other command to the meter. The upgrade time is about 40 minutes "
              "because of the low data rate of the gas proxy. If upgrade fail, the meter keep the old firmware and work normally."),
    ]
    write_pdf(D.file, blocks, footer="Huaxin Intelligent Meter Co., Ltd.  www.huaxin-meter.example  {p}")


def p5():
    # Huaxin HW3 short notice: table with "Base version" column (no lines)
    k = "HG3"; v = fws(k); f = ox
    D = Doc("Huaxin/HX-G4U/HX-G4U-H3_Firmware_Release_Notice_V1.3.pdf", "release note", "huaxin-notice")
    blocks = [
        ("h1", "HX-G4U (Hardware 0003) Firmware Release Notice"),
        ("p", "Notice No.: HX-OB-2024-018.  This notice is for the meters of hardware version 0003 (new ultrasonic sensor) only."),
        ("h2", "1. Firmware list and base version"),
        ("p", "Please use the base version in the table when you make the upgrade plan. The firmware can only be upgraded from the base version."),
        ("table", {"rows": [["Firmware", "Date", "Base version", "Remark"],
                            D.drow([f(v[0]), "2023-05", "/", "Factory"], "history-no-route"),
                            D.row([f(v[1]), "2023-08", f(v[0]), "Sensor drift compensation"], P(k, v[1], v[0]), "base-version-column"),
                            D.row([f(v[2]), "2023-12", f(v[1]), "GBCS 4.x alignment"], P(k, v[2], v[1]), "base-version-column"),
                            D.row([f(v[3]), "2024-04", f(v[1]) + ", " + f(v[2]), "This release"], P(k, v[3], v[1], v[2]), "base-version-column")],
                   "lines": "NONE", "widths": (30, 22, 45, 50)}),
        ("p", D.d(f"Note: {f(v[0])} meters can be downgrade from {f(v[1])} only in the factory.", "downgrade")),
        ("h2", "2. Upgrade content"),
        ("bullets", ["Improve the accuracy in low flow (Qmin) condition.", "Add the support for the CoS with the new root certificate."]),
    ]
    D.na(k, v[0], "slash-in-base-version-column")
    write_pdf(D.file, blocks, footer="Huaxin Intelligent Meter Co., Ltd.  {p}")


def p6():
    # Aurelio Italian comms hub release note with "Requisiti" section, bare hex
    k = "AP"; v = fws(k); f = bare
    D = Doc("Aurelio Misure/Note di rilascio/AUR-Ponte_FW_000B0000_NdR_rev1.pdf", "release note", "aurelio-ndr")
    blocks = [
        ("h1", "AUR-Ponte Communications Hub - Note di rilascio / Release notes"),
        ("p", "Aurelio Misure S.r.l. - Via dell'Industria 14, Bergamo. Document NdR-PON-011 rev.1"),
        ("kv", [("Firmware", f"{f(v[4])}"), ("Hardware", "0001"), ("Device type", "CHF (model 00C1)")]),
        ("h2", "1. Contenuto / Content"),
        ("p", "The release introduce the new mesh routing table with up to 32 neighbours, the correction of the "
              "clock drift in the GPF after long outage, and the update of the WAN module driver. The performance "
              "of the HAN is improved in the multi-dwelling buildings."),
        ("h2", "2. Requisiti / Requirements"),
        ("p", D.s(f"Requisito: firmware {f(v[3])} installed on the hub. Prerequisite firmware for {f(v[4])}: {f(v[3])}.",
                  P(k, v[4], v[3]), "requisito-prerequisite-firmware-for")),
        ("p", D.s(f"The firmware {f(v[3])} in its turn is installable on hubs with {f(v[2])} and never on hubs of the 0009 series ({f(v[0])}, {f(v[1])}).",
                  P(k, v[3], v[2]), "in-its-turn-installable-on")),
        ("p", D.s(f"For the hubs of the 0009 series the passage is {f(v[1])} then {f(v[2])}; the hubs with {f(v[0])} need {f(v[1])} before.",
                  P(k, v[2], v[1]) + P(k, v[1], v[0]), "passage-then-need-before")),
        ("h2", "3. Problemi noti / Known issues"),
        ("bullets", [D.d(f"Occasional reboot of the hub when more than 28 devices are joined (present from {f(v[2])}, under analysis).", "known-issue"),
                     "LED status indicator may stay amber for 10 minutes after the commissioning."]),
        ("p", D.d("The GPF firmware is not changed by this release and keeps its own version.", "other-product")),
    ]
    write_pdf(D.file, blocks, footer="NdR-PON-011 rev.1 - pag. {p}")


def p7():
    # Brackenridge US marketing names; version table ties names to hex; requirement via names
    k = "BL"; v = fws(k); n = BRK_NAMES[k]
    D = Doc("Brackenridge/LoadMaster2/LoadMaster2_Swift_ReleaseNotes.pdf", "release note", "brackenridge-marketing")
    blocks = [
        ("h1", "LoadMaster 2 HCALCS - \"Swift\" Release Notes"),
        ("p", "Brackenridge Controls Inc., Madison WI.  Customer release - GB market.  Revision B"),
        ("h2", "What's new in Swift"),
        ("bullets", ["Faster randomised offset handling for demand-side response events.",
                     "New diagnostic counters available through the HAN.",
                     "Relay wear telemetry (cycles since installation)."]),
        ("h2", "Release identifiers"),
        ("table", {"rows": [["Release name", "Firmware version (GBCS)", "Status"]] +
                   [[n[i], v[i], s] for i, s in enumerate(["Retired", "Retired", "Maintained", "Maintained", "Current"])],
                   "widths": (45, 55, 40)}),
        ("h2", "Before you upgrade"),
        ("p", D.s(f"Swift can be installed only on top of {n[3]}. Units on {n[2]} must take {n[3]} first.",
                  P(k, v[4], v[3]) + P(k, v[3], v[2]), "only-on-top-of")),
        ("p", D.s(f"{n[3]} in turn upgrades cleanly from {n[2]} or {n[1]}.", P(k, v[3], v[2], v[1]), "upgrades-cleanly-from")),
        ("p", D.d(f"Heads up: {n[0]} units cannot be upgraded remotely; replace the unit.", "not-supported-no-route")),
        ("p", D.d("The comms hub must be on its latest firmware before any HCALCS update is scheduled.", "cross-device")),
        ("h2", "Fixed issues"),
        ("bullets", [D.d(f"Relay chatter under low supply voltage (introduced in {n[2]}) is fixed.", "introduced-in"),
                     "Corrected a rare watchdog reset during long DSR events."]),
    ]
    write_pdf(D.file, blocks, header="BRACKENRIDGE CONTROLS - CONFIDENTIAL", footer="LM2-RN-SWIFT rev B - {p}")


def p8():
    # Meterix German template, two-column upgrade table "von -> nach" with semver and hex
    k = "MG1"; v = fws(k); f = semver
    D = Doc("Meterix/Freigabemitteilungen/MX_GasLine_G4_HW1_v2.3.2_Freigabe.pdf", "release note", "meterix-freigabe")
    blocks = [
        ("h1", "Freigabemitteilung / Release notification\nMX GasLine G4 - Firmware v2.3.2"),
        ("kv", [("Hersteller", "Meterix Messtechnik GmbH, Karlsruhe"), ("Modell", "MX GasLine G4 (3310)"),
                ("Hardware", "HW 0001"), ("Firmware", "v2.3.2  (GBCS: 00020302)")]),
        ("h2", "1 Allgemeines / General"),
        ("p", "This release notification is issued for the British market. The firmware v2.3.2 corrects the "
              "issue with the prepayment credit display and adds the new valve test routine. The document "
              "uses the Meterix version notation vMAJOR.MINOR.PATCH; the GBCS firmware version is 00 MAJOR MINOR PATCH in hex."),
        ("h2", "2 Zulässige Update-Pfade / Permitted update paths"),
        ("table", {"rows": [["von / from", "nach / to", "Bemerkung / remark"],
                            D.row([f(v[4]), f(v[5]), "direkt / direct"], P(k, v[5], v[4]), "von-nach-table"),
                            D.row([f(v[3]), f(v[4]), "direkt / direct"], P(k, v[4], v[3]), "von-nach-table"),
                            D.row([f(v[2]), f(v[3]), "direkt / direct"], P(k, v[3], v[2]), "von-nach-table"),
                            D.row([f(v[1]), f(v[3]), "direkt / direct"], P(k, v[3], v[1]), "von-nach-table"),
                            D.row([f(v[0]), f(v[1]), "nur Zwischenschritt / intermediate only"], P(k, v[1], v[0]), "von-nach-table")],
                   "widths": (35, 35, 70)}),
        ("small", "Pfade, die nicht in der Tabelle stehen, sind nicht zulässig. Paths not listed are not permitted."),
        ("h2", "3 Versionen / Versions (HW 0001)"),
        ("table", {"rows": [["Meterix", "GBCS"]] + [[f(x), x] for x in v], "lines": "HORIZONTAL_LINES", "widths": (30, 30), "size": 8}),
        ("h2", "4 Änderungen / Changes"),
        ("bullets", ["Prepayment credit display: rounding corrected.", "Valve test routine (monthly) added.",
                     D.d(f"Rückstufung auf {f(v[3])} ist möglich (downgrade to {f(v[3])} possible) in case of field problems.", "downgrade")]),
        ("h2", "5 Hinweise / Notes"),
        ("p", D.d(f"Hardware 0002 devices use the v3 firmware line; v3.0.0 and later are not installable on HW 0001.", "other-hardware")),
    ]
    write_pdf(D.file, blocks, footer="Meterix Messtechnik GmbH - FM-G4-0232 - Seite {p}")


def p9():
    # Caledon: terse engineering note, monospace "UPGRADE MAP" ascii, V2.05 b17 + hex
    k = "CT1"; v = fws(k); f = csd
    D = Doc("Caledon/Thistle/CSD-Thistle-H1-V2.06b0-notes.pdf", "release note", "caledon-eng-note")
    blocks = [
        ("h1", "CSD Thistle ESME  HW1  firmware V2.06 b0  (02060000)"),
        ("p", "Caledon Smart Devices Ltd - engineering release note. Terse by design; ask support if unclear."),
        ("h2", "Versions"),
        ("mono", "\n".join(f"{f(x)}  = {x}" for x in v)),
        ("h2", "Upgrade"),
        ("p", D.s(f"V2.06 b0 needs V2.05 b17 on the meter.", P(k, v[5], v[4]), "needs-on-the-meter")),
        ("p", D.s(f"V2.05 b17 needs any V2.05 or V2.04 build.", family(k, v[4], lambda x: x[:4] in ("0205", "0204")),
                  "needs-any-build-family")),
        ("p", D.s(f"V2.04 b2 needs V2.03 b9.", P(k, v[1], v[0]), "needs-on-the-meter")),
        ("p", D.d("HW2 boards: different image, different notes. Do not cross-load.", "other-hardware")),
        ("h2", "Changes"),
        ("bullets", ["Fixed credit display rounding.", "Reworked HAN rejoin timing.",
                     D.d("V2.05 b3 introduced the ALCS timing drift; gone in this release.", "introduced-in")]),
    ]
    write_pdf(D.file, blocks, footer="CSD internal ref ENG-TH1-206   p{p}", font="DejaVuSansCondensed")


def p10():
    # Nordvik Nordlys PPMID: cumulative release note with "Minimum version for update" per version
    k = "NN"; v = fws(k); f = dotdec
    D = Doc("Nordvik/Releasenotes/NVE_Nordlys_PPMID_cumulative_releasenotes_2024.pdf", "release note", "nordvik-translated")
    blocks = [
        ("font", "DejaVuSerif"),
        ("h1", "Nordlys PPMID - cumulative release notes"),
        ("p", "This document collects the release notes for all released firmware versions of the Nordlys "
              "prepayment interface device (model 0201, hardware 0001). Newest version is first."),
    ]
    entries = [
        (4, f"Minimum version for update to {f(v[4])}: {f(v[3])}", P(k, v[4], v[3]), "minimum-version-for-update", ["Fix of the emergency credit button debounce.", "Better contrast of the display in cold conditions."]),
        (3, f"Minimum version for update to {f(v[3])}: {f(v[1])} or later", from_on(k, v[3], v[1]), "minimum-version-for-update", ["New menu for the debt recovery.", "Support for Welsh language."]),
        (2, f"Minimum version for update to {f(v[2])}: {f(v[1])}", P(k, v[2], v[1]), "minimum-version-for-update", ["Correction of the time display in summer time."]),
        (1, f"Minimum version for update to {f(v[1])}: {f(v[0])}", P(k, v[1], v[0]), "minimum-version-for-update", ["First version for the serial production.", "Pairing with the Nordvik Polar meters is improved."]),
    ]
    for i, line, pairs, w, items in entries:
        blocks.append(("h2", f"Version {f(v[i])}  ({v[i]})"))
        blocks.append(("bullets", items))
        blocks.append(("p", D.s(line, pairs, w)))
    blocks.append(("h2", f"Version {f(v[0])}  ({v[0]})"))
    blocks.append(("bullets", ["Pre-series version, delivered to the trial installations only."]))
    blocks.append(("p", "Minimum version for update: not relevant (first version)."))
    D.na(k, v[0], "minimum-version-not-relevant-first")
    blocks.append(("p", D.d(f"The pairing problem with Polar meters on {dotdec('04000001')} is a known issue of the meter, not of the Nordlys.", "other-product")))
    write_pdf(D.file, blocks, footer="Nordvik Energiteknikk AS - side {p}", font="DejaVuSerif")


def p11():
    # Meterix PayPoint: German-style "Voraussetzungen" key points and footnotes under table
    k = "MP"; v = fws(k); f = semver
    D = Doc("Meterix/Freigabemitteilungen/MX_PayPoint_v1.6.0_ReleaseNotes_EN.pdf", "release note", "meterix-freigabe")
    blocks = [
        ("h1", "MX PayPoint PPMID - Release Notes v1.6.0"),
        ("p", "Meterix Messtechnik GmbH. English edition. GBCS firmware version of this release: 00010600."),
        ("h2", "Voraussetzungen (Prerequisites)"),
        ("bullets", [D.s(f"Installed firmware: {f(v[2])} (00010502) exactly - no other starting point is validated.", P(k, v[3], v[2]), "installed-firmware-exactly"),
                     "Comms hub: any CPL-listed version.",
                     D.d("Display module hardware index C or later.", "hardware-minimum")]),
        ("h2", "Release overview"),
        ("table", {"rows": [["Version", "GBCS", "Released", "Update from¹"],
                            [f(v[0]), v[0], "2022-09", "-"],
                            D.row([f(v[1]), v[1], "2023-03", f(v[0])], P(k, v[1], v[0]), "update-from-footnote-column"),
                            D.row([f(v[2]), v[2], "2023-10", f(v[0]) + " / " + f(v[1])], P(k, v[2], v[0], v[1]), "update-from-footnote-column"),
                            D.row([f(v[3]), v[3], "2024-05", f(v[2])], P(k, v[3], v[2]), "update-from-footnote-column")],
                   "widths": (30, 35, 30, 50)}),
        ("small", "¹ Only the listed versions are valid starting points for an over-the-air update."),
        ("h2", "Changes"),
        ("p", "Improved top-up code entry (auto-advance). New screen for standing charge. Corrected battery indicator. "
              + D.d(f"The top-up code entry problem was present in {f(v[1])} and {f(v[2])}.", "known-issue")),
    ]
    write_pdf(D.file, blocks, footer="Meterix PayPoint RN v1.6.0 - {p}")


def p12():
    # Brackenridge TwinRate: FAQ style Q&A
    k = "BT"; v = fws(k); n = BRK_NAMES[k]
    D = Doc("Brackenridge/TwinRate/TwinRate_Elm_FAQ_and_ReleaseNotes.pdf", "release note", "brackenridge-faq")
    blocks = [
        ("h1", "TwinRate ESME - Elm release: notes and FAQ"),
        ("p", f"Elm is the GBCS firmware {v[4]}. Previous releases: Damson ({v[3]}), Cedar ({v[2]}), Birch ({v[1]}), Alder ({v[0]})."),
        ("h2", "Frequently asked questions"),
        ("p", "Q: Can I go straight to Elm from whatever is on the meter?"),
        ("p", D.s("A: No. Elm may be applied to meters running Damson or Cedar; anything older needs Cedar first.",
                  P(k, v[4], v[3], v[2]), "may-be-applied-to-meters-running")),
        ("p", "Q: What about Cedar itself?"),
        ("p", D.s("A: Cedar installs over Birch. That's the only supported route into Cedar.", P(k, v[2], v[1]), "installs-over-only-route")),
        ("p", "Q: And Damson?"),
        ("p", D.s("A: Damson was a limited release; it went onto Cedar meters only.", P(k, v[3], v[2]), "went-onto-meters-only")),
        ("p", "Q: Is there a rollback?"),
        ("p", D.d("A: Rolling back from Elm to Damson is possible via the service tool on site only.", "downgrade")),
        ("p", "Q: Does Elm change tariff behaviour?"),
        ("p", "A: No changes to tariff configuration. Elm fixes two register display issues and improves HAN resilience."),
        ("h2", "Known issues"),
        ("p", D.d("Birch meters may show a blank screen for up to 2 seconds after a credit top-up; this is cosmetic.", "known-issue")),
    ]
    write_pdf(D.file, blocks, header="Brackenridge Controls Inc.", footer="TwinRate Elm FAQ - page {p}")


def p13():
    # Huaxin HX-E1S: multi-page, appendix "upgrade route" chain with arrows
    k = "HE"; v = fws(k); f = ox
    D = Doc("Huaxin/HX-E1S/HX-E1S_Firmware_Release_Notice_0x05030000.pdf", "release note", "huaxin-notice")
    blocks = [
        ("h1", "HX-E1S Electricity Smart Meter Firmware Release Notice"),
        ("p", "Notice No.: HX-OB-2024-021.  Model ID 1010, hardware version 0002."),
        ("h2", "1. Release firmware"),
        ("p", f"The release firmware is {f(v[4])}. This firmware is tested by the third party test house and is in the CPL process."),
        ("h2", "2. Upgrade content"),
        ("numbered", ["Add the function of the load limit with the configurable restore period.",
                      "Optimize the time of the relay switching under the high load.",
                      "Fix the problem of the wrong event code when the terminal cover is removed.",
                      "Improve the robustness of the HAN communication in the noisy environment."]),
        ("pagebreak", None),
        ("h2", "Appendix A. Upgrade route"),
        ("p", "The upgrade must follow the route below. Each arrow is one over-the-air upgrade."),
        ("mono", D.s(f"{f(v[0])} -> {f(v[1])} -> {f(v[2])} -> {f(v[4])}", P(k, v[1], v[0]) + P(k, v[2], v[1]) + P(k, v[4], v[2]), "arrow-route-chain")),
        ("p", D.s(f"The meter with {f(v[3])} can be upgraded to {f(v[4])} directly also.", P(k, v[4], v[3]), "can-be-upgraded-directly-also")),
        ("p", D.d(f"The {f(v[3])} is the special version for the customer trial, it is not in the route for the other meters.", "history-no-route")),
        ("h2", "Appendix B. Attention"),
        ("p", "Please make the upgrade in the batch of not more than 500 meters per day in the first week."),
    ]
    write_pdf(D.file, blocks, footer="HX-OB-2024-021   {p}")


def p14():
    # Aurelio Casa IHD: short bilingual sheet, rule-less table "Da versione / From version"
    k = "AC"; v = fws(k); f = bare
    D = Doc("Aurelio Misure/Note di rilascio/AUR-Casa_IHD_01030000_scheda.pdf", "release note", "aurelio-ndr")
    blocks = [
        ("h1", "AUR-Casa IHD - Scheda firmware 01030000"),
        ("p", "Aurelio Misure S.r.l. Product sheet for the In-Home Display, model 00D4, hardware 0001."),
        ("h2", "Aggiornamento / Update"),
        ("table", {"rows": [["Da versione / From version", "A versione / To version", "Note"],
                            D.row([f(v[2]), f(v[3]), "OTA"], P(k, v[3], v[2]), "da-a-versione-table"),
                            D.row([f(v[1]), f(v[2]), "OTA"], P(k, v[2], v[1]), "da-a-versione-table"),
                            D.row([f(v[0]), f(v[2]), "OTA (diretto / direct)"], P(k, v[2], v[0]), "da-a-versione-table"),
                            D.row([f(v[0]), f(v[1]), "OTA, lungo (long, ~2h)"], P(k, v[1], v[0]), "da-a-versione-table")],
                   "lines": "NONE", "widths": (50, 50, 50)}),
        ("p", "Novità / What is new: new graphic of the consumption history, the support of the gas tariff with "
              "the standing charge, the brightness automatic. The IHD keeps the customer settings after the update."),
        ("p", D.d(f"The display freeze reported with {f(v[1])} was resolved in the spring maintenance build, as communicated with the bulletin 2023/4.", "fixed-in")),
    ]
    write_pdf(D.file, blocks, footer="Aurelio Misure - scheda IHD-CASA-0103 - {p}")


ALL = [p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14]
