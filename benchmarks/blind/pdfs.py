"""The release notes (PDF)."""
from __future__ import annotations

from . import common
from .common import (RN, T, P, chain, minimum, newer_than, older, pairs, step, ID)
from .pdfkit import Doc

FW = "ferrowick-formal"
GA = "gastrell-bulletin"
LU = "lumenhale-release"
AS = "ashgrove-friendly"
MF = "merrowfield-bilingual"
TB = "thistlebank-memo"


def save(rel, data):
    path = common.inbox() / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    T.doc(rel, RN)


# ---------------------------------------------------------------- Ferrowick ---------------------------
def fe210_rn_0200004():
    f = "release_notes/Ferrowick/FE210_RN-0021_02.00.00.04.pdf"
    d = Doc("serif", head="Ferrowick Metering Ltd  |  RN-FE210-0021  |  Issue 2", size=9.5,
            foot="COMMERCIAL IN CONFIDENCE  -  Page {p} of {nb}", title="FE210 Release Note 02.00.00.04")
    d.heading("FE210 Single Phase ESME\nFirmware Release Note 02.00.00.04", 15, gap=4)
    d.tab([["Document", "RN-FE210-0021"], ["Issue / date", "2 / 11 September 2023"],
             ["Product", "FE210 Single Phase Smart Meter (SMETS2), hardware version 0003"],
             ["Firmware", "02.00.00.04 (CPL firmware identifier 0x02000004)"],
             ["Author", "Product Assurance, Ferrowick Metering Ltd"]], widths=(35, 120), header=False)
    d.heading("1  Scope", 11)
    d.para("This note describes firmware 02.00.00.04 for the FE210 single phase electricity meter, hardware "
        "version 0003. It is intended for Energy Suppliers, Meter Asset Providers and their installation "
        "partners. It does not apply to the FE220 polyphase meter or to the FE230 CT-operated meter, which "
        "have their own release notes even where the version numbers coincide.")
    d.heading("2  Summary of changes", 11)
    d.bullets([
        "Improved robustness of the auxiliary load control switch state after a supply interruption.",
        "Alignment of the billing calendar with GBCS v4.1 corrections for the change of season.",
        T.d(f, "Corrected the tariff-switching table being cleared after a power cycle on meters running "
               "01.04.00.01.", "fix-note", FW),
        "Reduced HAN join time when the comms hub is restarted during a firmware activation.",
    ])
    d.heading("3  Known issues", 11)
    d.para("Under rare conditions the meter may report a spurious supply-tamper event on first power-up "
        "after installation. The event can be cleared remotely and has no effect on metrology. This will be "
        "corrected in a later maintenance release.")
    d.heading("4  Version history", 11)
    d.tab([["Version", "Date", "Type", "Main content"],
             ["02.00.00.04", "09/2023", "Maintenance", "This release"],
             ["02.00.00.00", "03/2023", "Major", "DLMS profile update, new billing engine"],
             [T.d(f, "01.04.00.01 | 11/2022 | Maintenance | Load limiting fixes", "history-row", FW).split(" | ")[0],
              "11/2022", "Maintenance", "Load limiting fixes"],
             ["01.03.00.02", "05/2022", "Maintenance", "Event log overflow fix"],
             ["01.03.00.00", "01/2022", "Minor", "Smart export guarantee support"],
             ["01.02.00.05", "07/2021", "Maintenance", "Field reliability"],
             ["01.02.00.03", "02/2021", "Initial", "First CPL listed build"]],
            widths=(28, 22, 28, 92), borders="ALL")
    d.heading("5  Installation prerequisites", 11)
    d.para("5.1  Prerequisite firmware", bold=True, gap=1)
    d.para(T.s(f, RN, FW, "shall-only-be-applied-active [exact base]",
            "Release 02.00.00.04 shall only be applied to FE210 meters whose active firmware is 02.00.00.00; "
            "meters on any earlier release must first be brought to 02.00.00.00 by the path given in the release "
            "note for that version.", pairs("FE210", "02000004", ["02000000"]),))
    d.para("5.2  Image transfer", bold=True, gap=1)
    d.para("The image is approximately 412 kB and is delivered as a full image. Suppliers should allow at least "
        "48 hours between distribution and activation on meters with a weak HAN signal. The activation "
        "command must carry the image hash given in the accompanying manifest.")
    d.para("5.3  Downgrade", bold=True, gap=1)
    d.para(T.d(f, "Downgrade from 02.00.00.04 to any 01.xx release is not supported and will be rejected by the "
               "bootloader.", "downgrade", FW))
    d.heading("6  Contact", 11)
    d.para("Questions about this note should be sent to product.assurance@ferrowick.example quoting RN-FE210-0021.")
    save(f, d.bytes())


def fe210_rn_0200000():
    f = "release_notes/Ferrowick/FE210_RN-0017_02.00.00.00.pdf"
    d = Doc("serif", head="Ferrowick Metering Ltd  |  RN-FE210-0017  |  Issue 1", size=9.5,
            foot="COMMERCIAL IN CONFIDENCE  -  Page {p} of {nb}", title="FE210 Release Note 02.00.00.00")
    d.heading("FE210 Single Phase ESME - Firmware 02.00.00.00 (0x02000000)", 13, gap=3)
    d.para("Hardware version: 0003.  Release type: major.  Issued: 14 March 2023.")
    d.para("02.00.00.00 introduces the new billing engine and the revised DLMS profile. "
        + T.d(f, "This release incorporates all fixes delivered in 01.04.00.01.", "supersedes", FW)
        + " Because the configuration data model changes, the upgrade route depends on the firmware "
        "currently active on the meter, as set out in Table 1.")
    d.para("Table 1 - Upgrade compatibility", bold=True, gap=1)
    rows = [
        ("01.02.00.03", "No", "Apply 01.03.00.02 first", pairs("FE210", "01030002", ["01020003"])),
        ("01.02.00.05", "No", "Apply 01.03.00.02 first", pairs("FE210", "01030002", ["01020005"])),
        ("01.03.00.00", "No", "Apply 01.03.00.02 first", pairs("FE210", "01030002", ["01030000"])),
        ("01.03.00.02", "Yes", "-", pairs("FE210", "02000000", ["01030002"])),
        ("01.04.00.01", "Yes", "Recommended route", pairs("FE210", "02000000", ["01040001"])),
    ]
    tab = [["Installed firmware", "Direct upgrade to 02.00.00.00", "Action"]]
    for a, b, c, prs in rows:
        tab.append([a, b, c])
        T.s(f, RN, FW, "installed-direct-yes-no-table", " | ".join([a, b, c]), prs)
    d.tab(tab, widths=(45, 55, 70))
    d.para("Meters must not be left on an intermediate version for longer than necessary; the intermediate "
        "step does not need a separate site visit. The FE220 polyphase meter is not covered by this note.")
    d.para("Product Assurance, Ferrowick Metering Ltd, Unit 4 Canal Wharf, Stoke-on-Trent.", size=8)
    save(f, d.bytes())


def fe220_rn_0200004():
    f = "release_notes/Ferrowick/FE220 RN-0009 firmware 02.00.00.04.pdf"
    d = Doc("serif", head="Ferrowick Metering Ltd  |  RN-FE220-0009", size=9.5,
            foot="Ferrowick Metering Ltd - registered in England No. 0000000 - Page {p}", title="FE220 02.00.00.04")
    d.heading("FE220 Polyphase - Release Note for firmware 02.00.00.04", 13)
    rows = [["Product", "FE220 Polyphase ESME"], ["Hardware version", "0001"],
            ["New firmware", "02.00.00.04 (0x02000004)"]]
    minrow = ["Minimum installed firmware", "01.04.00.01"]
    T.s(f, RN, FW, "kv-minimum-field", " | ".join(minrow), minimum("FE220", "02000004", "01040001"))
    rows.append(minrow)
    rows.append(["Image type", "Full image, 498 kB"])
    d.tab(rows, widths=(60, 100), borders="NONE", header=False)
    d.para("Firmware 02.00.00.04 is the first 2.x firmware for the FE220; "
        + T.d(f, "the 02.00.00.00 release was never issued for this product.", "not-issued", FW)
        + " It brings the polyphase meter onto the same billing engine as the FE210.")
    d.para(T.s(f, RN, FW, "base-pov-directly",
            "Units already on 01.05.00.00 may be upgraded directly.", pairs("FE220", "02000004", ["01050000"])))
    d.para(T.d(f, "The FE210 single-phase meter also has a 02.00.00.04 release; its prerequisites differ (see "
               "RN-FE210-0021).", "cross-model", FW))
    d.para("Fixed in this release: phase rotation alarm raised incorrectly on balanced loads; incorrect scaling "
        "of reactive energy in the half-hourly profile; display freeze when the optical port is used during "
        "an active firmware transfer.")
    save(f, d.bytes())


def fe220_rn_0105():
    f = "release_notes/Ferrowick/FE220_RN-0007_01.05.00.00.pdf"
    d = Doc("serif", head="Ferrowick Metering Ltd  |  RN-FE220-0007", size=9.5,
            foot="COMMERCIAL IN CONFIDENCE  -  Page {p} of {nb}", title="FE220 01.05.00.00")
    d.heading("FE220 Polyphase ESME\nFirmware Release Note 01.05.00.00", 14)
    d.para("Hardware version 0001. CPL firmware identifier 0x01050000. Issued 2 May 2023.")
    d.heading("1  Purpose", 11)
    d.para("This maintenance release corrects the polyphase import register rounding issue reported by two "
        "Suppliers in Q1 2023 and improves the behaviour of the load switch on phase loss. It is a "
        "recommended update for all FE220 meters in the field.")
    d.heading("2  Changes", 11)
    for i in range(1, 9):
        d.bullets([f"FWR-{2200+i*7}: " + [
            "import register rounding on phase L3 corrected.",
            "load switch no longer re-arms automatically after a phase loss.",
            "improved event log wording for the power quality events.",
            "half hour boundary alignment after a clock adjustment.",
            "reduced power consumption of the optical port when idle.",
            "corrected reporting of the supply voltage on L2 under low load.",
            "HAN reconnection retries limited to avoid flooding the comms hub.",
            "display of the tariff name truncated at 16 characters as per GBCS.",
        ][i-1]], gap=0.6)
    d.heading("3  Known issues", 11)
    d.para("None known at the time of issue.")
    d.heading("4  Installation", 11)
    d.para(T.s(f, RN, FW, "no-prerequisite-version",
            "There is no prerequisite version for 01.05.00.00; it may be loaded over any FE220 firmware released "
            "to date.", nopre=[ID("FE220", "01050000")]))
    d.para(T.d(f, "After installation the meter reports 0x01050000 in the GBCS firmware version attribute.",
            "reporting", FW))
    d.para("The release is delivered as a full image. Activation can be scheduled at any time of day; the meter "
        "re-starts in under ten seconds and keeps all billing data.")
    d.add_page()
    d.heading("5  Document history", 11)
    d.tab([["Issue", "Date", "Change"], ["0.1", "18/04/2023", "Draft for review"],
             ["1", "02/05/2023", "First issue"]], widths=(20, 35, 100))
    d.para("Product Assurance, Ferrowick Metering Ltd.", size=8)
    save(f, d.bytes())


# ---------------------------------------------------------------- Gastrell ----------------------------
def g4_tb0112():
    f = "release_notes/gastrell/TB-0112 G4 firmware 0x00060000.pdf"
    d = Doc("cond", head="GASTRELL INSTRUMENTS  -  TECHNICAL BULLETIN TB-0112", size=9,
            foot="TB-0112 rev B   page {p}/{nb}", title="TB-0112")
    d.heading("G4 Ultrasonic Gas Meter - Firmware 0x00060000", 14, gap=1)
    d.para("Hardware 0002  |  Release date 19-Jan-2024  |  Classification: customer release", size=8.5, gap=4)
    left = [("Overview", True),
            ("Firmware 0x00060000 (FW 6.0) adds support for the revised GBCS valve-control use cases and a "
             "new flow-profile algorithm that reduces the number of spurious leak alerts at low flow. It "
             "replaces 0x00050003 as the recommended field build.", False),
            ("Fixes", True),
            (T.d(f, "0x00050001 units in the field occasionally log event 0x8F1C after a valve test; fixed "
                    "here.", "fix-note", GA), False),
            ("Battery life estimate recalculated on each wake cycle instead of daily.", False),
            ("Interoperability", True),
            (T.d(f, "Tested against Lumenhale LCH-200 R8.0 (00030002) and R8.1 (00030010) comms hubs.",
                 "compatibility", GA), False)]
    right = [("Upgrade restriction", True),
             (T.s(f, RN, GA, "applied-from-only [list]",
                  "0x00060000 can be applied from 0x00050001 or 0x00050003 only.",
                  pairs("G4", "00060000", ["00050001", "00050003"])), False),
             (T.d(f, "Units still on a 0x0004xxxx image cannot take 0x00060000 directly; see TB-0097 for their "
                     "route to 0x00050003.", "negative-no-pair", GA), False),
             ("Activation", True),
             ("The valve is closed for up to 40 seconds during activation. Do not schedule activation during "
              "peak heating hours. The meter reports the new version in the firmware version attribute "
              "after the restart.", False),
             ("Known issues", True),
             ("Display contrast is reduced below -10 C; cosmetic only.", False)]
    d.two_columns(left, right)
    d.add_page()
    d.heading("Appendix A - Release contents", 11)
    d.tab([["Item", "Value"], ["Image size", "221 kB"], ["Image type", "Full"],
             ["Hash algorithm", "SHA-256"], ["Build tag", "G4-6.0-b1187"]], widths=(50, 80), borders="HORIZONTAL_LINES")
    d.para("Gastrell Instruments plc, Firmware Engineering. Bulletins are superseded by later revisions; "
        "always check the portal for the current revision.", size=8)
    save(f, d.bytes())


def g4_rn_50003():
    f = "release_notes/gastrell/G4_0x00050003_release_note.pdf"
    d = Doc("cond", head="GASTRELL INSTRUMENTS  -  RELEASE NOTE", size=9, foot="page {p}/{nb}", title="G4 0x00050003")
    d.heading("G4 Ultrasonic - Release Note - Firmware 0x00050003 (FW 5.3)", 13)
    d.tab([["Field", "Value"], ["Hardware", "0002"], ["Firmware", "0x00050003"],
             ["Supersedes", T.d(f, "Supersedes | 0x00050001", "supersedes", GA).split(" | ")[1]],
             ["Status", "General release"]], widths=(40, 70), borders="HORIZONTAL_LINES")
    d.flow_columns([
        ("What changed", True),
        ("Improved temperature compensation between 0 and 5 degrees C. The meter now rejects a firmware image "
         "whose manufacturer identifier does not match before the transfer completes, which saves HAN "
         "bandwidth.", False),
        ("Compatible base images", True),
        (T.s(f, RN, GA, "compatible-base-images [list]",
             "Compatible base images: 0x00040020, 0x00050001.",
             pairs("G4", "00050003", ["00040020", "00050001"])), False),
        (T.s(f, RN, GA, "older-than-brought-first [step]",
             "Images older than 0x00040020 must be brought to 0x00040020 first.",
             step("G4", "00040020", older("G4", "00040020"))), False),
        ("Field notes", True),
        ("Meters installed in metal kiosks may need a second distribution attempt. The transfer resumes from "
         "the last block received.", False),
        ("Support", True),
        ("firmware.support@gastrell.example", False),
    ])
    save(f, d.bytes())


def gx6_rn_20010():
    f = "release_notes/gastrell/GX6 release note 0x00020010.pdf"
    d = Doc("cond", head="GASTRELL INSTRUMENTS", size=9, foot="GX6 RN 0x00020010 - {p}", title="GX6")
    d.heading("GX6 Diaphragm Gas Meter (HW 0001) - Firmware 0x00020010", 13)
    d.para("This is a maintenance release that recalibrates the battery model for the 2023 cell supplier and "
        "tightens the valve closing timings. It is applicable to all GX6 meters with hardware version 0001.")
    d.para("Version history", bold=True)
    hist = [
        ("0x00020010", "2024-02", "0x00020004", "Battery model recalibration", pairs("GX6", "00020010", ["00020004"]), None),
        ("0x00020004", "2023-06", "0x00020000, 0x00010009", "Valve close timing",
         pairs("GX6", "00020004", ["00020000", "00010009"]), None),
        ("0x00020000", "2022-11", "0x00010009", "New tariff engine", pairs("GX6", "00020000", ["00010009"]), None),
        ("0x00010009", "2022-03", "any", "Initial field release", [], ID("GX6", "00010009")),
        ("0x00010005", "2021-09", "N/A (first release)", "Pre-production, CPL listed", [], ID("GX6", "00010005")),
    ]
    tab = [["Version", "Date", "Upgrade from", "Main change"]]
    for a, b, c, e, prs, np in hist:
        tab.append([a, b, c, e])
        T.s(f, RN, GA, "history-upgrade-from-column", " | ".join([a, b, c, e]), prs, nopre=[np] if np else ())
    d.tab(tab, widths=(28, 22, 50, 70), borders="NONE")
    d.para("Notes", bold=True)
    d.para("The 'Upgrade from' column lists the images on which each release has been qualified. Gastrell does "
        "not test other combinations. The GX6 must not be confused with the G4 Ultrasonic, whose version "
        "numbering is independent.")
    save(f, d.bytes())


# ---------------------------------------------------------------- Lumenhale ---------------------------
LCH200_MAP = [("R7.0", "00020104"), ("R7.1", "00020110"), ("R7.2", "0002012F"), ("R7.2.1", "00020131"),
              ("R8.0", "00030002"), ("R8.1", "00030010")]


def lch200_r81():
    f = "release_notes/Lumenhale/LCH-200_R8.1_Release_Notes.pdf"
    d = Doc("lib", head="Lumenhale Communications  \u2022  LCH-200 Release Notes", size=10,
            foot="\u00a9 Lumenhale Communications Ltd  \u2022  {p}", title="LCH-200 R8.1")
    d.heading("LCH-200 Dual Band Comms Hub\nRelease 8.1", 16, gap=4)
    d.para("Release 8.1 is a feature and stability release for the LCH-200 dual band communications hub "
        "(hardware version 0005). It adds sub-GHz channel agility, improves mesh re-routing after a "
        "power cut and closes several issues raised by Suppliers since Release 8.0.")
    d.heading("Firmware identifiers", 12)
    d.para("Lumenhale refers to releases by their release number. The firmware version reported by the hub and "
        "listed on the CPL is given below.")
    tab = [["Release", "Firmware version (CPL)"]]
    for r, h in LCH200_MAP:
        tab.append([r, h])
    T.d(f, "R7.1 | 00020110", "version-map-row", LU)
    d.tab(tab, widths=(40, 60), borders="HORIZONTAL_LINES")
    d.heading("What is new", 12)
    d.bullets(["Sub-GHz channel agility (GBCS 4.1 option).",
               "Faster mesh re-formation after a wide-area outage.",
               "Diagnostic counters for the WAN module exposed to the DCC.",
               T.d(f, "Hubs on R8.0 will show improved join times with GSMEs on Gastrell firmware 0x00060000.",
                   "cross-device", LU)])
    d.add_page()
    d.heading("Upgrade path", 12)
    d.para("Each LCH-200 release is qualified only against the release before it. The supported path is:")
    d.para(T.s(f, RN, LU, "chain-arrows",
            "R7.0 \u2192 R7.1 \u2192 R7.2 \u2192 R8.0 \u2192 R8.1",
            chain("LCH200", ["00020104", "00020110", "0002012F", "00030002", "00030010"])), bold=True)
    d.para(T.s(f, RN, LU, "base-pov-straight-to",
            "R7.2.1 was a field fix for a small population; hubs on R7.2.1 may go straight to R8.0.",
            pairs("LCH200", "00030002", ["00020131"])))
    d.para(T.d(f, "It is not possible to skip R8.0: a hub on R7.x that is sent the R8.1 image will reject it at "
               "activation.", "negative-no-pair", LU))
    d.heading("Known issues", 12)
    d.para("The WAN signal strength reported in the first hour after activation may read low. No action is "
        "required. Some hubs log a single 'clock unsynchronised' alert after activation.")
    d.heading("Interoperability", 12)
    d.para("Release 8.1 has been tested with the ESME, GSME and IHD models on Lumenhale's interoperability "
        "list, dated 4 March 2024. Devices not on the list are expected to work but have not been tested.")
    save(f, d.bytes())


def lch200_r82():
    f = "release_notes/Lumenhale/Field notice FN-031 LCH-200 R8.2.pdf"
    d = Doc("lib", head="Lumenhale Communications  \u2022  Field Notice FN-031", size=10,
            foot="FN-031  \u2022  {p}", title="FN-031")
    d.heading("Field Notice FN-031: LCH-200 Release 8.2 now available", 14)
    d.para("Release 8.2 (firmware version 00030100) for the LCH-200 dual band hub, hardware version 0005, is now "
        "available to Suppliers through the usual channel. For reference, Release 8.0 is firmware version "
        "00030002 and Release 8.1 is 00030010.")
    d.para(T.s(f, RN, LU, "may-take-directly [list]",
            "R8.2 is a cumulative image. Hubs on R8.0 or R8.1 may take it directly; hubs on anything older than "
            "R8.0 must follow the path in the R8.1 release notes to R8.0 first.",
            pairs("LCH200", "00030100", ["00030002", "00030010"])))
    d.para(T.d(f, "R8.2 is not yet on the CPL for the LCH-200 HW 0004 variant.", "cpl-status", LU))
    d.para("Changes: correction to the GPF time synchronisation after daylight saving; reduced memory use of the "
        "HAN neighbour table; removal of a debug log that could fill under heavy traffic.")
    d.para("Lumenhale Communications Ltd - Customer Engineering", size=8)
    save(f, d.bytes())


def lch100_v140():
    f = "release_notes/Lumenhale/LCH-100 v1.4.0 release notes.pdf"
    d = Doc("lib", head="Lumenhale Communications  \u2022  LCH-100", size=10, foot="{p}", title="LCH-100 v1.4.0")
    d.heading("LCH-100 Comms Hub - Software v1.4.0", 15)
    d.para("Hardware version 0003. Release date 7 November 2023.")
    d.tab([["Software", "Firmware version (CPL)"], ["v1.2.0", "00010200"], ["v1.2.4", "00010204"],
             ["v1.3.0", "00010300"], ["v1.3.17", "00010311"], ["v1.4.0", "00010400"]],
            widths=(40, 60), borders="SINGLE_TOP_LINE")
    d.heading("Before you upgrade", 12)
    d.para(T.s(f, RN, LU, "delta-image-exact",
            "Starting point: this image is a differential image and is accepted only by hubs running v1.3.17 "
            "(00010311).", pairs("LCH100", "00010400", ["00010311"])))
    d.para(T.s(f, RN, LU, "list-apply-first [step]", "Hubs on v1.3.0 or v1.2.4: apply v1.3.17 first.",
            pairs("LCH100", "00010311", ["00010300", "00010204"])))
    d.heading("Changes", 12)
    d.bullets(["Improved WAN reconnection after a cellular network outage.",
               T.d(f, "Fixes the HAN key rotation failure introduced in v1.3.0.", "fix-note", LU),
               "Event log retention extended to 30 days."])
    save(f, d.bytes())


def lch100_v1317():
    """Attachment of an email, not a standalone file."""
    f_holder = {}

    def build(file):
        d = Doc("lib", head="Lumenhale Communications  \u2022  LCH-100", size=10, foot="{p}", title="LCH-100 v1.3.17")
        d.heading("LCH-100 Comms Hub - Software v1.3.17", 15)
        d.para("Hardware version 0003. Maintenance release.")
        d.para("v1.3.17 corrects the intermittent loss of the GSME mirror after a WAN reconnection and hardens the "
            "command queue against duplicated requests.")
        d.heading("Applicability", 12)
        d.para(T.s(file, RN, LU, "or-a-later-release [minimum]",
                "v1.3.17 (00010311) may be installed on any LCH-100 hub running v1.2.4 (00010204) or a later "
                "release.", minimum("LCH100", "00010311", "00010204")))
        d.para(T.d(file, "v1.3.0 (00010300) remains supported until 31 March 2024.", "support-status", LU))
        return d.bytes()
    return build


# ---------------------------------------------------------------- Ashgrove ----------------------------
def paypoint_2301():
    f = "release_notes/Ashgrove/PayPoint 2.3.0.1 - release notes.pdf"
    d = Doc("sans", head=None, size=10, foot="Ashgrove Displays  \u00b7  hello@ashgrove.example  \u00b7  page {p}",
            title="PayPoint 2.3.0.1")
    d.heading("PayPoint PPMID \u2014 what\u2019s new in 2.3.0.1", 16, gap=3)
    d.para("Hi all! Here\u2019s the rundown on the latest PayPoint firmware (2.3.0.1, hardware version 0001). "
        "It\u2019s mostly about making top-ups feel snappier, plus a handful of fixes our customers asked for.")
    d.heading("The good stuff", 12)
    d.bullets(["Top-up codes now show a tick as soon as the meter confirms them.",
               "Emergency credit screen is clearer, with a big friendly button.",
               "Screen brightness adapts to the room."])
    d.heading("Before you update", 12)
    d.para(T.s(f, RN, AS, "need-to-be-on-before [exact]",
            "PayPoint units need to be on 2.2.0.0 before 2.3.0.1 is sent.",
            pairs("PAYPOINT", "02030001", ["02020000"])))
    d.para(T.s(f, RN, AS, "family-send-first-upwards [step+minimum]",
            "If a unit is still on 2.1.x, send 2.2.0.0 first \u2014 it accepts anything from 2.0.0.3 upwards.",
            minimum("PAYPOINT", "02020000", "02000003")))
    d.para(T.d(f, "PPMIDs can only be updated over the air once the comms hub is on Lumenhale R8.0 or later.",
            "cross-device", AS))
    d.heading("Bits we\u2019re still working on", 12)
    d.para("A few units show the wrong day name for a second after midnight. It\u2019s cosmetic and we\u2019ll tidy it "
        "up in the next release.")
    save(f, d.bytes())


def glance_1400():
    f = "release_notes/Ashgrove/Glance_IHD_1.4.0.0_notes.pdf"
    d = Doc("sans", size=10, foot="Ashgrove Displays  \u00b7  page {p}", title="Glance 1.4.0.0")
    d.heading("Glance IHD \u2014 firmware 1.4.0.0", 16, gap=3)
    d.para("Hardware version 0002. In CPL terms the new firmware is 01040000; the versions mentioned below are "
        "1.2.0.10 (0102000A), 1.2.0.12 (0102000C), 1.3.0.0 (01030000) and 1.3.0.5 (01030005).")
    d.para("The big one: a new home screen that shows today\u2019s cost at a glance, and a weekly summary that "
        "customers have been asking for since launch. "
        + T.d(f, "1.4.0.0 also fixes the clock drift seen on some 1.3.0.0 units after a long power cut.",
              "fix-note", AS))
    d.heading("Which units can take what?", 12)
    d.para("We\u2019ve kept this simple. Find the version your Glance is on, and read across.")
    rows = [
        ("1.2.0.10", "\u2713", "\u2717", pairs("GLANCE", "01030005", ["0102000A"])),
        ("1.2.0.12", "\u2713", "\u2717", pairs("GLANCE", "01030005", ["0102000C"])),
        ("1.3.0.0", "\u2713", "\u2713", pairs("GLANCE", "01030005", ["01030000"]) + pairs("GLANCE", "01040000", ["01030000"])),
        ("1.3.0.5", "\u2014", "\u2713", pairs("GLANCE", "01040000", ["01030005"])),
    ]
    tab = [["Installed version", "Can go to 1.3.0.5", "Can go to 1.4.0.0"]]
    for a, b, c, prs in rows:
        tab.append([a, b, c])
        T.s(f, RN, AS, "supported-matrix-ticks", " | ".join([a, b, c]), prs)
    d.tab(tab, widths=(50, 45, 45), align="CENTER")
    d.para("\u2713 = supported directly   \u2717 = not supported, go via 1.3.0.5 first", size=8.5)
    d.heading("Anything else?", 12)
    d.para("The Glance keeps its pairing and history through the update. If a customer sees a blank screen for "
        "more than two minutes after the update, a power cycle fixes it.")
    save(f, d.bytes())


# ---------------------------------------------------------------- Merrowfield -------------------------
def ms1_0025_0003():
    f = "release_notes/Merrowfield/MF_MS1_Freigabemitteilung_0025.0003.pdf"
    d = Doc("sans", head="Merrowfield Energiesysteme GmbH  \u2013  Freigabemitteilung / Release notification",
            size=9, foot="MF-FM-2024-007  \u2013  Seite/Page {p}", title="MS1 0025.0003")
    d.heading("MS1 Elektrizit\u00e4tsz\u00e4hler / MS1 electricity meter\nFirmware 0025.0003", 14, gap=3)
    d.para("Hardwareversion / hardware version: 0004   \u2013   Firmwareversion (CPL): 00250003", size=8.5, gap=4)
    de = [("Beschreibung", True),
          ("Diese Version behebt Fehler in der Tarifumschaltung und verbessert die Stabilit\u00e4t der "
           "HAN-Verbindung.", False),
          ("Behobene Fehler", True),
          (T.d(f, "Falsche Anzeige der Blindenergie bei Version 0025.0000.", "fix-note", MF), False),
          ("Voraussetzung", True),
          (T.s(f, RN, MF, "mindestens-installiert [de, minimum]",
               "Auf dem Z\u00e4hler muss mindestens die Version 0024.0102 installiert sein.",
               minimum("MS1", "00250003", "00240102")), False),
          ("Hinweise", True),
          ("Ein Downgrade ist nicht m\u00f6glich.", False)]
    en = [("Description", True),
          ("This version corrects faults in tariff switching and improves the stability of the HAN "
           "connection.", False),
          ("Fixed faults", True),
          ("Incorrect display of reactive energy in version 0025.0000.", False),
          ("Prerequisite", True),
          (T.s(f, RN, MF, "already-running-or-higher [minimum]",
               "The meter must already be running version 0024.0102 or higher.",
               minimum("MS1", "00250003", "00240102")), False),
          ("Notes", True),
          ("A downgrade is not possible.", False)]
    d.two_columns(de, en)
    save(f, d.bytes())


def ms1_0024_0102():
    f = "release_notes/Merrowfield/MS1 release 0024.0102 (EN).pdf"
    d = Doc("sans", head="Merrowfield Energiesysteme GmbH", size=9.5, foot="MF-FM-2023-019 \u2013 {p}/{nb}",
            title="MS1 0024.0102")
    d.heading("MS1 single phase meter \u2013 release notification 0024.0102", 13)
    d.para("Hardware version 0004. Firmware 0024.0102, written 00240102 in the CPL.")
    d.para("Scope of changes", bold=True, gap=1)
    d.bullets(["Corrected load profile capture period after a time change.",
               "Improved resilience of the firmware image verification.",
               "New event for a removed terminal cover in the extended event log."], mark="\u2013")
    d.para("Installation conditions", bold=True, gap=1)
    d.para(T.s(f, RN, MF, "must-not-older-than [negative minimum]",
            "This image must not be loaded onto meters running anything older than 0023.0105.",
            minimum("MS1", "00240102", "00230105")))
    d.para("The meter keeps all configuration and billing data during the update. The activation restarts the "
        "metrology processor; the measurement interruption is below two seconds.")
    d.para(T.d(f, "Meters still delivered from stock with 0023.0100 are updated in the factory before dispatch "
               "since October 2023.", "factory-note", MF))
    save(f, d.bytes())


def mg1_0013():
    f = "release_notes/Merrowfield/MG1_0013.0000_release.pdf"
    d = Doc("sans", head="Merrowfield Energiesysteme GmbH  \u2013  MG1", size=9.5,
            foot="MF-FM-2024-002 \u2013 {p}/{nb}", title="MG1 0013.0000")
    d.heading("MG1 gas meter \u2013 release notification 0013.0000", 14)
    d.para("Hardware version 0002. This notification covers the new firmware 0013.0000 and restates the "
        "installation rules for all MG1 firmware released so far.")
    d.heading("1. Changes in 0013.0000", 11)
    d.bullets(["Valve actuation current limit reduced to extend battery life.",
               "New tamper detection for magnetic interference.",
               "Support for the revised GBCS gas daily read log."], mark="\u2013")
    d.heading("2. Known limitations", 11)
    d.para("The optical port baud rate is fixed at 9600. A meter in the 'supply disabled' state does not accept "
        "a firmware activation; arm the supply first.")
    d.add_page()
    d.heading("3. Firmware releases and installation order", 11)
    d.para(T.s(f, RN, MF, "section-scope-immediately-preceding [chain]",
            "The following applies to every MG1 image listed in this section: the image may only be installed "
            "on a meter whose running version is the immediately preceding entry in the table below.",
            chain("MG1", ["00110000", "00110004", "00120000", "00120001", "00130000"])))
    d.tab([["Firmware", "Release date", "Remark"],
             ["0011.0000", "2021-05-03", "first CPL listing"],
             ["0011.0004", "2021-11-22", "maintenance"],
             ["0012.0000", "2022-09-14", "new tariff model"],
             ["0012.0001", "2023-02-08", "maintenance"],
             ["0013.0000", "2024-01-29", "this release"]], widths=(35, 40, 80), borders="HORIZONTAL_LINES")
    d.para("Images installed in a different order are rejected by the bootloader without a response to the "
        "activation command. The meter then stays on its previous image.")
    save(f, d.bytes())


# ---------------------------------------------------------------- Thistlebank -------------------------
def nova_tm044():
    f = "release_notes/thistlebank/TM-044 Nova upgrade routes.pdf"
    d = Doc("lib", head="THISTLEBANK DEVICES LTD", size=10, foot="TM-044  |  Uncontrolled when printed  |  {p}",
            title="TM-044")
    d.heading("TECHNICAL MEMO  TM-044", 14, gap=1)
    d.tab([["To:", "Suppliers and MAPs with Nova ESME estates"], ["From:", "Thistlebank Field Engineering"],
             ["Date:", "21 February 2024"], ["Subject:", "Nova ESME firmware upgrade routes"]],
            widths=(25, 140), borders="NONE", header=False)
    d.para("We have been asked by several Suppliers to set out, in one place, which firmware moves are supported "
        "on the Nova ESME. The Nova exists in two hardware versions (0001 and 0002) that share some firmware "
        "versions; the route depends on both. Versions are given as the CPL firmware version (hex) followed "
        "where helpful by our display version, e.g. 0002012F is displayed as 2.1.47.")
    rows = [
        ("0001", "0002012F", "00020133", "OTA, full image", pairs("NOVA1", "00020133", ["0002012F"])),
        ("0001", "00020133", "00020200", "OTA, full image", pairs("NOVA1", "00020200", ["00020133"])),
        ("0001", "00020200", "00020210", "OTA, delta", pairs("NOVA1", "00020210", ["00020200"])),
        ("0001, 0002", "00020210", "00030000", "OTA, full image",
         pairs("NOVA1", "00030000", ["00020210"]) + pairs("NOVA2", "00030000", ["00020210"])),
        ("0002", "00020200", "00030000", "OTA, full image", pairs("NOVA2", "00030000", ["00020200"])),
        ("0002", "00030000", "00030004", "OTA, delta", pairs("NOVA2", "00030004", ["00030000"])),
    ]
    tab = [["Hardware", "From", "To", "Method"]]
    for a, b, c, e, prs in rows:
        tab.append([a, b, c, e])
        T.s(f, RN, TB, "from-to-table-hw", " | ".join([a, b, c, e]), prs)
    d.tab(tab, widths=(30, 35, 35, 60), borders="HORIZONTAL_LINES")
    d.para("Any route not listed in the table above is unsupported. Where a meter needs more than one move, "
        "allow the meter to report its new version before sending the next image.")
    d.para(T.d(f, "0002012F was withdrawn from new production in January 2022.", "withdrawn", TB))
    d.para("For the Hearth IHD see TM-045.")
    save(f, d.bytes())


def hearth_rn():
    f = "release_notes/thistlebank/Hearth_IHD_RN_00110003.pdf"
    d = Doc("lib", head="THISTLEBANK DEVICES LTD", size=10, foot="Hearth IHD release note  |  {p}", title="Hearth")
    d.heading("Hearth IHD - firmware 00110003 (display version 11.3)", 14)
    d.para("Hardware version 0001.")
    d.para("This release improves the readability of the cost screen and corrects the colour of the "
        "'high usage' ambient light. "
        + T.s(f, RN, TB, "no-prerequisite-any-earlier",
              "This release has no prerequisite firmware: it can be applied to a Hearth IHD running any earlier "
              "version.", nopre=[ID("HEARTH", "00110003")]))
    d.para("Previous releases", bold=True)
    rows = [("00110000", "Requires 00100002", "Larger font set, Welsh language", pairs("HEARTH", "00110000", ["00100002"])),
            ("00100002", "Requires 00100000", "Pairing robustness", pairs("HEARTH", "00100002", ["00100000"]))]
    tab = [["Firmware", "Prerequisite", "Notes"]]
    for a, b, c, prs in rows:
        tab.append([a, b, c])
        T.s(f, RN, TB, "requires-cell", " | ".join([a, b, c]), prs)
    tab.append(["00100000", "-", "Launch firmware"])
    d.tab(tab, widths=(35, 45, 80), borders="NONE")
    d.para(T.d(f, "Version 00110000 introduced the larger font set used by the accessibility mode.", "history-note", TB))
    save(f, d.bytes())


def build_all():
    for fn in (fe210_rn_0200004, fe210_rn_0200000, fe220_rn_0200004, fe220_rn_0105, g4_tb0112, g4_rn_50003,
               gx6_rn_20010, lch200_r81, lch200_r82, lch100_v140, paypoint_2301, glance_1400, ms1_0025_0003,
               ms1_0024_0102, mg1_0013, nova_tm044, hearth_rn):
        fn()
