"""PDF release notes."""
from .core import *  # noqa: F403 (the writer's star import, kept as written)

RN = "release note"


def pdf(rel, style, blocks, **kw):
    write(rel, render_pdf(blocks, **kw), RN, style)


def hal_e470():
    rel = "Halvern/Release Notes/E470/RN-E470-020000_02.00.00.01.pdf"
    st = "halvern-rn-template"
    c = Ctx(rel, RN, st)
    h = hexdot
    blocks = [
        ("title", "Halvern E470 Smart Electricity Meter - Firmware Release Note"),
        ("kv", [("Document", "RN-E470-020000 issue 2"), ("Product", "Halvern E470 (ESME), model 0101"),
                ("Hardware", "0001 and 0002"), ("Firmware", "02.00.00.01"), ("Release date", "14 February 2024"),
                ("Classification", "Customer - Restricted")]),
        ("h", "1. Purpose"),
        ("p", "This note describes firmware 02.00.00.01 for the Halvern E470 single phase smart electricity meter. "
              "The release is a major version and introduces the revised load switch control algorithm requested by "
              "several suppliers, together with corrections for defects reported against the 01.03 stream."),
        ("h", "2. Changes in this release"),
        ("ul", ["New load switch arming sequence compliant with GBCS v4.2 use case ECS22c.",
                "Improved handling of the auxiliary load control switch calendar at daylight saving boundaries.",
                "Event log now records the reason code for remote disconnection.",
                c.d("Fixed in 01.03.00.00: tariff switching at midnight could be delayed by up to 30 seconds.", "fixed-in")]),
        ("h", "3. Upgrade prerequisites"),
        ("p", "The firmware image is signed for both hardware revisions but the upgrade must respect the base versions below. "
              "Images applied from any other base will be rejected by the head end or, on early units, may leave the meter "
              "in a degraded state that requires a site visit."),
        ("ul", [c.s("Meters fitted with hardware 0001 must be running 01.03.00.00 before 02.00.00.01 is applied.",
                    exact("HE1", "01030000", "02000001"), "must-be-running-before"),
                c.s("For hardware revision 0002 the base firmware shall be 01.03.00.02; earlier 01.03 builds must first be taken to 01.03.00.02.",
                    exact("HE2", "01030002", "02000001") + exact("HE2", "01030000", "01030002"), "base-shall-be-with-intermediate")]),
        ("p", c.d("Downgrade from 02.00.00.01 to any 01.xx build is not supported.", "downgrade")),
        ("break",),
        ("h", "4. Known issues"),
        ("table", ["Ref", "Description", "Workaround"], [
            ["KI-311", "Display may briefly show 'Err 7' after activation.", "None required; clears after 10 s."],
            ["KI-318", "Import register rollover test on bench units only.", "Not applicable to field units."],
            ["KI-322", "Supply interrupted alert may be duplicated when the supply is restored within 3 seconds.", "Filter duplicates at head end."],
        ], {"widths": (15, 85, 60)}),
        ("h", "5. Test summary"),
        ("p", "The release was regression tested on 48 meters of each hardware revision over a four week soak test, including "
              "a full run of the GBCS use case test suite, DCC User Integration Testing scripts for firmware distribution and "
              "activation, and interoperability tests with comms hubs from three manufacturers."),
        ("p", c.d("Interoperability was verified with NM-Hub 2 communications hubs running 00030105.", "interoperability")),
        ("table", ["Test area", "Cases", "Passed", "Remarks"], [
            ["GBCS use cases", "412", "412", "-"], ["Firmware distribution/activation", "36", "36", "-"],
            ["Metrology accuracy (class B)", "24", "24", "-"], ["Load switch endurance", "10", "10", "10,000 operations"]],
         {"widths": (60, 25, 25, 50)}),
        ("h", "6. Installation"),
        ("p", "Distribute the image with SRV 11.1 and activate with SRV 11.3 at a time of low load. The meter reports "
              "the new firmware version in the activation response. Allow 20 minutes between distribution and activation."),
        ("h", "7. Document history"),
        ("table", ["Issue", "Date", "Author", "Change"], [
            ["1", "2024-01-19", "J. Okoro", "First issue"], ["2", "2024-02-14", "J. Okoro", "Section 3 clarified for hardware 0002"]],
         {"rules": False, "widths": (15, 30, 35, 80)}),
        ("note", "This document contains information proprietary to Halvern Metering Ltd. It may be shared with SEC Parties and "
                 "SECAS for the purposes of the Central Products List and the Firmware Information Repository only."),
    ]
    pdf(rel, st, blocks, header="Halvern Metering Ltd - RN-E470-020000", footer="Halvern Metering Ltd  |  Page {p}", title="RN E470 02.00.00.01", author="Halvern Metering Ltd")


def hal_g220():
    rel = "Halvern/Release Notes/G220/RN-G220-0303_03.03.00.00.pdf"
    st = "halvern-rn-template"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "Halvern G220 Gas Meter - Firmware Release Note"),
        ("kv", [("Document", "RN-G220-0303 issue 1"), ("Product", "Halvern G220 (GSME), model 0201"),
                ("Hardware", "0001"), ("Firmware", "03.03.00.00"), ("Release date", "2 October 2023")]),
        ("h", "1. Purpose"),
        ("p", "Firmware 03.03.00.00 improves battery life by reducing the number of ZigBee wake-ups during the "
              "quiescent period and corrects valve status reporting after a tamper event."),
        ("h", "2. Changes in this release"),
        ("ul", ["Reduced radio duty cycle in sleep mode (estimated 6% battery improvement).",
                "Valve status now reported correctly after tamper-triggered closure.",
                c.d("The prepayment debt recovery rounding error introduced in 03.02.00.05 is corrected.", "introduced-in")]),
        ("h", "3. Upgrade compatibility"),
        ("p", "The table below gives, for each firmware currently installed on the meter, whether 03.03.00.00 can be applied."),
        ("table", ["Installed firmware", "Upgrade to 03.03.00.00 permitted", "Remarks"], [
            c.row(["03.02.00.0B", "Yes", "Recommended base"], exact("HG", "0302000B", "03030000"), "compat-table-yes"),
            c.row(["03.02.00.05", "Yes", "-"], exact("HG", "03020005", "03030000"), "compat-table-yes"),
            c.row(["03.01.00.04", "No", "Apply 03.02.00.05 first"], exact("HG", "03010004", "03020005"), "compat-table-route-remark"),
            c.drow(["03.00.00.00", "No", "Not supported - return unit to Halvern"], "not-supported-no-route"),
        ], {"widths": (40, 50, 60)}),
        ("h", "4. Known issues"),
        ("p", "None known at time of release."),
        ("h", "5. Installation"),
        ("p", "Gas meters are battery powered; distribute the image during the daily wake window. Activation must not "
              "be scheduled while the valve is closed."),
    ]
    pdf(rel, st, blocks, header="Halvern Metering Ltd - RN-G220-0303", footer="Halvern Metering Ltd  |  Page {p}", title="RN G220 03.03.00.00", author="Halvern Metering Ltd")


def hal_p10():
    rel = "Halvern/Technical Bulletins/TB-0047 P10 firmware 00.0A.00.03.pdf"
    st = "halvern-tech-bulletin"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "Technical Bulletin TB-0047"),
        ("p", "Subject: P10 prepayment meter interface - firmware 00.0A.00.03"),
        ("p", "Audience: Suppliers, Meter Asset Providers, Halvern field engineers"),
        ("h", "Background"),
        ("p", "A number of P10 units in the field report an incorrect credit balance after a power cycle of the "
              "associated electricity meter. The fault is corrected in firmware 00.0A.00.03, which also adds Welsh "
              "language screens. This bulletin explains how to move the installed base onto the new release."),
        ("p", "The P10 holds a single image slot; an interrupted download is discarded and the unit continues on its "
              "current firmware, so there is no risk of a blank device. However, the boot loader in the 00.09 stream "
              "cannot validate the new signature format introduced in 00.0A.00.00, which is why the order below matters."),
        ("h", "Recommended approach"),
        ("p", c.s("Units on 00.0A.00.00 can take this release directly.", exact("HP", "000A0000", "000A0003"), "can-take-directly")),
        ("p", c.s("Units still on the 00.09 stream (00.09.00.00, 00.09.01.00) need the 00.0A.00.00 image first.",
                  fam("HP", "0009", "000A0000"), "stream-needs-image-first")),
        ("p", c.d("Before any P10 update over the air, the paired comms hub must be running firmware 00030000 or newer.", "cross-device")),
        ("break",),
        ("h", "Frequently asked questions"),
        ("p", "Q: Will the customer lose their credit? A: No. Credit and debt registers are held by the ESME, not the P10."),
        ("p", "Q: How long does the update take? A: Typically 40 minutes over the HAN, longer if the signal is weak."),
        ("p", c.d("Q: Is 00.09.01.00 still supported? A: It remains on the CPL, but no further fixes will be made on that stream.", "support-status")),
        ("p", "Contact: technical.support@halvern.example"),
    ]
    pdf(rel, st, blocks, font="Times", size=11, footer="TB-0047 rev A - page {p}", title="TB-0047", author="Halvern Metering Ltd")


def hal_errata():
    rel = "Halvern/Release Notes/E470/ERRATA-RN-E470-0130.pdf"
    st = "halvern-errata"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "ERRATA - Release note RN-E470-0130 (firmware 01.03.00.00)"),
        ("p", "Issued: 9 May 2023. This errata replaces section 4 of RN-E470-0130 issue 1. All other sections remain valid."),
        ("h", "What was wrong"),
        ("p", "Section 4 of issue 1 contained the sentence " + c.d("\"Any 01.02 build may be upgraded to 01.03.00.00.\"", "retracted-statement")
              + " This was incorrect for hardware 0001 and has led to a small number of meters being left unable to activate."),
        ("h", "Corrected section 4 - Upgrade path"),
        ("ol", [c.s("On hardware 0001, only 01.02.00.10 may be used as the base for 01.03.00.00.", exact("HE1", "01020010", "01030000"), "only-x-may-be-used-as-base"),
                c.s("01.02.00.10 in turn accepts 01.01.00.00 and 01.02.00.05 as base.", exact("HE1", "01010000", "01020010") + exact("HE1", "01020005", "01020010"), "in-turn-accepts"),
                c.s("For hardware 0002, 01.03.00.00 may be installed on top of 01.02.00.10.", exact("HE2", "01020010", "01030000"), "installed-on-top-of")]),
        ("note", c.d("Meters still reporting 01.00.00.03 were withdrawn from service in 2022 and are not covered by this errata.", "withdrawn-history")),
        ("p", "We apologise for any inconvenience. Questions to technical.support@halvern.example quoting reference ERR-0130."),
    ]
    pdf(rel, st, blocks, header="ERRATA", footer="Halvern Metering Ltd - Errata ERR-0130", title="Errata RN-E470-0130", author="Halvern Metering Ltd")


def cor_cx1():
    rel = "Corrib/Release Notes/CX-1_FW_2.0.0.12_ReleaseNotes.pdf"
    st = "corrib-release-note"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "Corrib Energy Devices"),
        ("p", "CX-1 Single Phase ESME - Release Notes - Firmware 2.0.0.12"),
        ("p", "Model ID 0A01 | Hardware 0002 | Manufacturer ID 2C4D"),
        ("h", "Overview"),
        ("p", "2.0.0.12 is a maintenance release on the 2.0 line. It addresses field-reported problems with the "
              "HAN join procedure and updates the embedded certificates ahead of their expiry. Customers are encouraged "
              "to deploy it across the whole CX-1 estate during 2024."),
        ("h", "Resolved issues"),
        ("table", ["ID", "Summary"], [
            ["CX-2214", "HAN join could stall when the IHD is powered before the meter."],
            ["CX-2240", "Certificate expiry warnings raised 30 days too early."],
            ["CX-2251", "Daily read log missed the 00:00 entry after a clock adjustment."],
        ], {"widths": (30, 130)}),
        ("h", "Upgrade path"),
        ("p", "Follow the steps of the table below in order. Skipping a step is not supported."),
        ("table", ["From version", "To version", "Notes"], [
            c.row(["1.4.0.0", "2.0.0.0", "Mandatory intermediate step"], exact("C1", "01040000", "02000000"), "from-to-table"),
            c.row(["2.0.0.0", "2.0.0.12", "Direct"], exact("C1", "02000000", "0200000C"), "from-to-table"),
        ], {"widths": (40, 40, 80)}),
        ("note", c.s("Meters on 1.3.0.x must be upgraded to 1.4.0.0 before following the path above.", fam("C1", "0103", "01040000"), "note-under-table-family")),
        ("h", "Version history"),
        ("table", ["Version", "Date", "Comment"], [
            ["2.0.0.0", "2023-05-22", "Major release"],
            ["1.4.0.0", "2022-09-13", "Tariff engine rework"],
            c.drow(["1.3.0.5", "2021-12-01", "Introduced optional 30 minute export logging"], "version-history"),
            c.drow(["1.2.0.10", "2019-11-04", "Initial production release, withdrawn"], "version-history"),
        ], {"rules": False, "widths": (30, 35, 95)}),
        ("p", c.d("Corrib recommends 2.0.0.12 for all new installations from April 2024.", "recommendation")),
        ("p", "For support contact your Corrib account manager."),
    ]
    pdf(rel, st, blocks, footer="Corrib Energy Devices - Confidential - {p}", title="CX-1 2.0.0.12", author="Corrib Energy Devices")


def cor_cx3():
    rel = "Corrib/Release Notes/CX-3_Poly_FW_3.4.0.11_HW0004.pdf"
    st = "corrib-release-note"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "Corrib Energy Devices"),
        ("p", "CX-3 Poly Phase ESME - Release Notes - Firmware 3.4.0.11 (hardware 0004)"),
        ("p", "Model ID 0A03 | Hardware 0004 | Manufacturer ID 2C4D"),
        ("h", "Overview"),
        ("p", "This release applies to the hardware 0004 variant of the CX-3 fitted with the new metrology board. "
              "It corrects reactive energy accumulation in quadrant III and improves power quality event reporting."),
        ("kv", [("Target version", "3.4.0.11"),
                ("Minimum installed version", c.kv("Minimum installed version", "3.3.0.0", from_up("C3B", "03030000", "0304000B"), "kv-minimum-installed")),
                ("Image size", "412 kB"), ("Activation", "Deferred activation supported")]),
        ("p", c.d("Not applicable to hardware 0001, which remains on the 3.4.0.x line up to 3.4.0.1.", "hardware-applicability")),
        ("p", "Customers operating mixed estates should note the following. "
              + c.s("For hardware 0001 the 3.4.0.1 release still requires 3.2.0.5 or later.", from_up("C3A", "03020005", "03040001"), "still-requires-or-later")
              + " Both variants report the same model identifier, so check the hardware version in the device inventory before scheduling any firmware distribution."),
        ("h", "Resolved issues"),
        ("ul", ["CX-2301 Reactive import register (Q3) incremented at half rate.",
                "CX-2307 Voltage sag events lacked phase identifier.",
                "CX-2312 Spurious 'supply interrupted' alert after firmware activation."]),
        ("h", "Known limitations"),
        ("ul", [c.d("Load profile capture period changes made on 3.3.0.0 are reset to 30 minutes after the upgrade.", "known-issue"),
                "Export MPAN configuration is not altered by the upgrade."]),
    ]
    pdf(rel, st, blocks, footer="Corrib Energy Devices - Confidential - {p}", title="CX-3 3.4.0.11", author="Corrib Energy Devices")


def tes_tgz6():
    rel = "Tessaly/Freigabemitteilungen/TGZ-6_Firmware_0x06000000_EN.pdf"
    st = "tessaly-translated"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "Release Communication Firmware 0x06000000"),
        ("p", "Product: Gas meter TGZ-6 (model 7701), hardware version 0x0010"),
        ("p", "Translation of the German original. In case of doubt the German version is valid."),
        ("h", "1 Scope of the release"),
        ("p", "With the firmware 0x06000000 the gas meter receives a new measuring core for the ultrasonic sensor. "
              "The temperature compensation is more exact in the range below 0 degree. The communication to the "
              "communication hub is unchanged."),
        ("p", c.d("Since 0x05010100 the valve test is executed weekly; this behaviour is kept.", "introduced-in")),
        ("h", "2 Preconditions for the update"),
        ("p", c.s("The firmware 0x06000000 is only installable over the firmware 0x05030000.", exact("T6", "05030000", "06000000"), "translated-only-installable-over")),
        ("p", "For the field population following is to be observed. "
              + c.s("Firmware of the series 0x0502xxxx is to be lifted first onto 0x05030000.", fam("T6", "0502", "05030000"), "series-wildcard-lift-first")
              + " Please consider that the battery state must be above 20 percent, otherwise the meter refuses the activation."),
        ("p", "The download of the image over the HAN lasts depending on the link quality between 2 and 6 hours. During this time "
              "the meter measures normally. An interrupted download is continued at the next wake-up window, it is not necessary "
              "to send the image again."),
        ("p", c.d("The TGZ-4 (model 7704) with firmware 0x04010002 is not concerned by this release.", "another-product")),
        ("h", "3 Known restrictions"),
        ("ul", ["The display shows for 2 seconds the text 'UPd' after the activation.",
                "Historical flow data older than 13 months is deleted by the new measuring core."]),
        ("h", "4 Contact"),
        ("p", "Tessaly Systems GmbH, Produktmanagement Gas, support@tessaly.example"),
    ]
    pdf(rel, st, blocks, header="Tessaly Systems GmbH", footer="Seite/Page {p}", title="Freigabe 0x06000000", author="Tessaly Systems GmbH")


def tes_tsw():
    rel = "Tessaly/Freigabemitteilungen/TSW-Link_Versionshistorie_2024.pdf"
    st = "tessaly-version-history"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "TSW-Link HCALCS - Version history"),
        ("p", "Model 7720, hardware 0x0001. State: January 2024. This document lists all firmware versions delivered for "
              "the TSW-Link auxiliary load control switch and the firmware which must be present before each update."),
        ("table", ["Version", "Date", "Prerequisite", "Changes"], [
            c.row(["0x01010002", "2024-01", "0x01010000", "Correction of the switching delay after power return"], exact("TW", "01010000", "01010002"), "history-table-prerequisite-col"),
            c.row(["0x01010000", "2023-06", "0x01000000, 0x01000100", "Support of randomised offset up to 1800 s"], exact("TW", "01000000", "01010000") + exact("TW", "01000100", "01010000"), "history-table-prerequisite-col"),
            c.row(["0x01000100", "2022-11", "0x01000000", "Correction of the relay state report"], exact("TW", "01000000", "01000100"), "history-table-prerequisite-col"),
            c.narow(["0x01000000", "2022-03", "none (first delivery)", "First release for the series"], E("TW", "01000000"), "history-table-none-first"),
        ], {"widths": (28, 20, 45, 80)}),
        ("note", "The prerequisite applies also when the update is sent by the DCC on behalf of a new supplier."),
        ("break",),
        ("h", "Details to the versions"),
        ("p", "0x01010002: After a power return the relay could switch with a delay of up to 4 minutes. Corrected."),
        ("p", "0x01010000: The randomised offset for the switching was extended on request of the network operators."),
        ("p", c.d("0x01000100: In the firmware 0x01000000 the relay state was reported inverted after a manual override.", "fixed-in")),
        ("p", "Installation: the update takes about 15 minutes. The load is not switched during the update."),
    ]
    pdf(rel, st, blocks, font="Helvetica", footer="Tessaly Systems GmbH - TSW-Link - {p}", title="TSW-Link history", author="Tessaly Systems GmbH")


def nmi_hub():
    rel = "Northmoor/Engineering Notes/EN-112_NM-Hub2_00030105.pdf"
    st = "northmoor-engineering-note"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "ENGINEERING NOTE EN-112"),
        ("kv", [("PRODUCT", "NM-Hub 2 Communications Hub (CHF 0C02)"), ("HARDWARE", "0002, 0003"),
                ("FIRMWARE", "00030105"), ("STATUS", "Released for field deployment")]),
        ("h", "SUMMARY"),
        ("p", "00030105 corrects a defect where the CHF could stop forwarding GSME alerts after a WAN reconnection "
              "lasting more than 6 hours. It also reduces the time to rejoin the HAN after a power outage."),
        ("h", "INSTALLATION PROCEDURE"),
        ("ol", [c.s("Confirm the hub reports 00030000 (hardware 0002 and 0003).", exact("NH2", "00030000", "00030105") + exact("NH3", "00030000", "00030105"), "numbered-step-confirm-base"),
                c.s("If the hub reports 00020210 or 00020200, first apply 00030000 and activate it.", exact("NH2", "00020210", "00030000") + exact("NH2", "00020200", "00030000") + exact("NH3", "00020210", "00030000"), "conditional-step-first-apply"),
                "Distribute 00030105 and wait for the distribution success alert.",
                "Activate; the hub will restart and rejoin the HAN within 5 minutes."]),
        ("p", c.d("Hubs on 0002012F cannot be upgraded remotely; contact Northmoor field services.", "not-supported-no-route")),
        ("p", c.d("00030200 is released for hardware 0003 only.", "hardware-applicability")),
        ("h", "KNOWN ISSUES"),
        ("p", "The hub may report a spurious 'Clock adjusted' event once after activation. This can be ignored."),
    ]
    pdf(rel, st, blocks, font="Courier", size=9, header="NORTHMOOR INSTRUMENTS - INTERNAL/CUSTOMER", footer="EN-112 p{p}", title="EN-112", author="Northmoor Instruments")


def nmi_key():
    rel = "Northmoor/Release Notes/NM-Key_10020000_release_note.pdf"
    st = "northmoor-rn"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "NM-Key PPMID - Firmware 10020000"),
        ("kv", [("Model", "0C10"), ("Hardware", "0001"), ("Firmware", "10020000"),
                ("Prerequisite firmware", c.kv("Prerequisite firmware", "10010000", exact("NK", "10010000", "10020000"), "kv-prerequisite"))]),
        ("h", "What's new"),
        ("ul", ["Emergency credit can now be accepted with a single button press.",
                "Backlight timeout configurable from 10 to 60 seconds.",
                "Improved readability of the debt screen."]),
        ("h", "Upgrade matrix"),
        ("p", "Y = the upgrade from the installed version (row) to the new version (column) is supported; N = not supported; - = not applicable."),
        ("table", ["Installed \\ New", "10000002", "10010000", "10020000"], [
            c.row(["10000001", "Y", "Y", "N"], exact("NK", "10000001", "10000002") + exact("NK", "10000001", "10010000"), "compat-matrix-yn"),
            c.row(["10000002", "-", "Y", "N"], exact("NK", "10000002", "10010000"), "compat-matrix-yn"),
            c.row(["10010000", "-", "-", "Y"], exact("NK", "10010000", "10020000"), "compat-matrix-yn"),
        ], {"widths": (40, 30, 30, 30)}),
        ("h", "Known issues"),
        ("p", c.d("On 10000002 the clock may drift by up to 2 seconds per day; this is corrected from 10010000.", "fixed-in")),
    ]
    pdf(rel, st, blocks, footer="Northmoor Instruments Ltd - {p}", title="NM-Key 10020000", author="Northmoor Instruments")


def qui_qm():
    rel = "Quillon/Release Notes/Q-Meter-One_v2.0.1_release-notes.pdf"
    st = "quillon-modern-rn"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "Q-Meter One v2.0.1"),
        ("p", "Release notes | Quillon Smart | ESME model 1001, hardware 0001"),
        ("h", "Highlights"),
        ("ul", ["Faster boot: the meter is ready for HAN traffic 8 seconds after power-up.",
                "Smarter load limiting with a configurable grace period.",
                "Security patches for the TLS stack used on the optical port."]),
        ("h", "Version numbers"),
        ("p", "Quillon uses semantic version numbers. The CPL records the firmware as four bytes: major, minor, patch, 00."),
        ("table", ["Release", "CPL firmware version"], [
            ["v1.0.0", "01000000"], ["v1.1.0", "01010000"], ["v1.1.2", "01010200"],
            ["v1.2.0", "01020000"], ["v2.0.0", "02000000"], ["v2.0.1", "02000100"]], {"widths": (40, 50), "rules": False}),
        ("h", "Before you upgrade"),
        ("p", c.s("Upgrading to v2.0.1 requires v2.0.0.", exact("QM", "02000000", "02000100"), "upgrading-to-requires")),
        ("p", c.s("Meters still on v1.x must step through v1.2.0 and then v2.0.0, in that order; v1.2.0 itself accepts v1.1.0 or v1.1.2.",
                  many(exact("QM", "01020000", "02000000"), exact("QM", "01010000", "01020000"), exact("QM", "01010200", "01020000")), "step-through-in-order")),
        ("p", c.d("v1.1.2 introduced the low-credit alarm on the display.", "introduced-in")),
        ("p", c.d("Rolling back to v1.2.0 is possible via the service tool only.", "downgrade")),
        ("h", "Known issues"),
        ("p", "None."),
    ]
    pdf(rel, st, blocks, font="Helvetica", size=10, footer="quillon.example/releases  -  {p}", title="Q-Meter One v2.0.1", author="Quillon Smart")


def qui_qd():
    rel = "Quillon/Release Notes/Q-Display_v3.2.0_FAQ.pdf"
    st = "quillon-faq"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "Q-Display v3.2.0 - Upgrade FAQ"),
        ("p", "Q-Display IHD, model 1010, hardware 0002. v3.2.0 (CPL firmware 03020000) adds a carbon intensity screen and "
              "a simplified pairing flow."),
        ("p", "For reference: v3.0.0 = 03000000, v3.1.0 = 03010000, v3.1.4 = 03010400."),
        ("h", "Can I go straight from v3.0.0 to v3.2.0?"),
        ("p", c.s("No. Install v3.1.0 first, then v3.2.0.", chain("QD", ["03000000", "03010000", "03020000"]), "faq-answer-chain")),
        ("h", "What about displays already on v3.1.4?"),
        ("p", c.s("Those can take v3.2.0 directly.", exact("QD", "03010400", "03020000"), "faq-answer-directly")),
        ("h", "Will the customer's history be kept?"),
        ("p", "Yes, consumption history is stored on the meter and is re-read after the update."),
        ("h", "Does v3.2.0 change the pairing?"),
        ("p", c.d("Pairing done on v3.1.4 is kept; pairing done on v3.0.0 may need repeating after any upgrade.", "known-issue")),
    ]
    pdf(rel, st, blocks, font="Helvetica", size=10, footer="Quillon Smart - Q-Display FAQ - {p}", title="Q-Display FAQ", author="Quillon Smart")


def pnr_ws():
    rel = "Pelham & Rowe/Release Notes/Wren SP - Heron SR1 Release Note.pdf"
    st = "pnr-glossy-rn"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "Wren SP - Heron SR1"),
        ("p", "Service release for the Wren SP single phase smart electricity meter (model 2201, hardware 0001)."),
        ("h", "Release names and firmware identifiers"),
        ("table", ["Release name", "Firmware identifier", "Released"], [
            ["Finch", "0A000100", "2020"], ["Finch SR1", "0A000200", "2020"], ["Goldcrest", "0B000000", "2021"],
            ["Goldcrest SR2", "0B000200", "2022"], ["Heron", "0C000000", "2023"], ["Heron SR1", "0C000100", "2024"]],
         {"widths": (45, 45, 30)}),
        ("h", "About this release"),
        ("p", "Heron SR1 resolves an issue where the meter could reject a change of supplier tariff if the previous tariff "
              "had more than 24 time-of-use registers. It also updates translations on the Welsh display screens."),
        ("p", c.s("Heron SR1 is a service release for meters already running Heron. It cannot be applied to Goldcrest or Finch builds.",
                  exact("WS", "0C000000", "0C000100"), "service-release-for-running")),
        ("p", c.s("Goldcrest SR2 is the only supported base for Heron.", exact("WS", "0B000200", "0C000000"), "only-supported-base")),
        ("p", c.d("Finch SR1 reached end of support in March 2023.", "support-status")),
        ("h", "Installation"),
        ("p", "Schedule distribution outside the morning and evening peaks. Activation takes under one minute."),
    ]
    pdf(rel, st, blocks, font="Helvetica", size=10, header="Pelham & Rowe  |  Smart Metering", footer="(c) Pelham & Rowe 2024  -  {p}", title="Heron SR1", author="Pelham & Rowe")


def pnr_wg():
    rel = "Pelham & Rowe/Release Notes/Wren Gas - Merlin SR3 Release Note.pdf"
    st = "pnr-glossy-rn"
    c = Ctx(rel, RN, st)
    blocks = [
        ("title", "Wren Gas - Merlin SR3"),
        ("p", "Service release for the Wren Gas smart gas meter (model 2202, hardware 0001)."),
        ("h", "About this release"),
        ("p", "Merlin SR3 corrects the calorific value rounding used in the monthly billing snapshot and reduces "
              "current draw during valve operation. No configuration changes are required after the upgrade."),
        ("p", "The release has been regression tested against all supported comms hubs on the CPL at the date of issue."),
        ("ul", ["Calorific value now held to three decimal places.",
                "Valve motor current limited to 180 mA.",
                "Low battery alert threshold corrected."]),
        ("break",),
        ("h", "Upgrade routes"),
        ("table", ["Release", "Firmware", "Upgrade from"], [
            c.row(["Merlin SR3", "05000300", "Merlin"], exact("WG", "05000000", "05000300"), "route-table-upgrade-from-name"),
            c.row(["Merlin", "05000000", "Linnet SR1*"], exact("WG", "04010100", "05000000"), "route-table-upgrade-from-name"),
            c.row(["Linnet SR1", "04010100", "Linnet"], exact("WG", "04010000", "04010100"), "route-table-upgrade-from-name"),
            c.narow(["Linnet", "04010000", "- (factory image)"], E("WG", "04010000"), "route-table-factory-image"),
        ], {"widths": (40, 40, 60)}),
        ("note", c.s("* Units on Linnet must take Linnet SR1 first.", exact("WG", "04010000", "04010100"), "asterisk-footnote")),
        ("h", "Known issues"),
        ("p", c.d("Meters that were on Linnet before 2022 may show an incorrect battery percentage for the first day after the upgrade.", "known-issue")),
    ]
    pdf(rel, st, blocks, font="Helvetica", size=10, header="Pelham & Rowe  |  Smart Metering", footer="(c) Pelham & Rowe 2024  -  {p}", title="Merlin SR3", author="Pelham & Rowe")


ALL = [hal_e470, hal_g220, hal_p10, hal_errata, cor_cx1, cor_cx3, tes_tgz6, tes_tsw, nmi_hub, nmi_key, qui_qm, qui_qd, pnr_ws, pnr_wg]
