"""The demo scenario: four manufacturers' devices on a small CPL, the FIR as it stands, and an inbox
of what SECAS might receive for them — every input kind and phrasing firpath reads, plus decoys
(sentences that mention versions without stating a base requirement) and files that cannot be read.

What each document states is written next to it, so a reader can check the demo's results by eye;
`tests/test_demo_corpus.py` checks them independently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from firpath.demo.builders import (
    MailAttachment,
    ReleaseNote,
    Sheet,
    csv_bytes,
    eml,
    image_only_pdf,
    outlook_msg,
    release_note_pdf,
    stable_zip,
    workbook,
)

ACME, BOLT, CIRCUIT, DYNAMO = "Acme Metering Ltd", "Bolt Meters Ltd", "Circuit Devices plc", "Dynamo Comms Ltd"

# CPL Entry ID, device type, manufacturer, manufacturer id, model, model id, hardware, firmware
CPL_ROWS: tuple[tuple[str, ...], ...] = (
    ("1101", "ESME", ACME, "10A7", "AM-E200", "0101", "0002", "01000005"),
    ("1102", "ESME", ACME, "10A7", "AM-E200", "0101", "0002", "01010003"),
    ("1103", "ESME", ACME, "10A7", "AM-E200", "0101", "0002", "01020000"),
    ("1104", "ESME", ACME, "10A7", "AM-E200", "0101", "0002", "01020005"),
    ("1105", "ESME", ACME, "10A7", "AM-E200", "0101", "0002", "01020007"),
    ("1106", "ESME", ACME, "10A7", "AM-E200", "0101", "0002", "01030001"),
    # the same firmware numbers on the model's other hardware version
    ("1111", "ESME", ACME, "10A7", "AM-E200", "0101", "0001", "01020005"),
    ("1112", "ESME", ACME, "10A7", "AM-E200", "0101", "0001", "01030001"),
    ("1201", "GSME", ACME, "10A7", "AM-G100", "0102", "0001", "01000000"),
    ("1202", "GSME", ACME, "10A7", "AM-G100", "0102", "0001", "01000100"),
    ("2201", "GSME", BOLT, "20B1", "Bolt G2", "0203", "0001", "02010001"),
    ("2202", "GSME", BOLT, "20B1", "Bolt G2", "0203", "0001", "02010003"),
    ("2203", "GSME", BOLT, "20B1", "Bolt G2", "0203", "0001", "02010005"),
    ("2204", "GSME", BOLT, "20B1", "Bolt G2", "0203", "0001", "02020000"),
    ("3301", "PPMID", CIRCUIT, "3C05", "CD-PPM1", "0A10", "0003", "00010000"),
    ("3302", "PPMID", CIRCUIT, "3C05", "CD-PPM1", "0A10", "0003", "00010100"),
    ("3303", "PPMID", CIRCUIT, "3C05", "CD-PPM1", "0A10", "0003", "00020000"),
    ("4401", "CHF", DYNAMO, "4D11", "DH-1", "0C01", "0001", "04010000"),
    ("4402", "CHF", DYNAMO, "4D11", "DH-1", "0C01", "0001", "04020001"),
    ("4403", "CHF", DYNAMO, "4D11", "DH-1", "0C01", "0001", "04030000"),
    ("4404", "CHF", DYNAMO, "4D11", "DH-1", "0C01", "0001", "0403000A"),
)
CPL_HEADER = (
    "CPL Entry ID", "Device Type", "Manufacturer Name", "Manufacturer Identifier",
    "Model Name", "Model Identifier", "Hardware Version", "Firmware Version", "Status",
)  # fmt: skip

# The FIR as exported today: most paths blank (MP231 is new), a few filled in already.
FIR_PATHS = {"1102": "1101", "1103": "1101", "1202": "1201", "2203": "2202", "3301": "N/A"}
FIR_HEADER = ("CPL Entry ID", "Manufacturer", "Model", "Firmware Version", "Contact", "Firmware Upgrade Path")


def cpl_workbook() -> bytes:
    """The CPL as SECAS exports it: a title row above the header, one row per entry."""
    rows = [("Central Products List - export 2024-03-01",), CPL_HEADER]
    rows += [(*row, "Approved") for row in CPL_ROWS]
    return workbook([Sheet("CPL", rows)])


def fir_csv() -> bytes:
    rows = [FIR_HEADER]
    for entry_id, _, maker, _, model, _, _, firmware in CPL_ROWS:
        rows.append((entry_id, maker, model, firmware, f"firmware@{maker.split()[0].lower()}.example", FIR_PATHS.get(entry_id, "")))
    return csv_bytes(rows)


# --- release notes ---------------------------------------------------------------------------------

ACME_HW2_NOTE = ReleaseNote(
    title="Acme Metering AM-E200 Electricity Meter - Firmware Release Notes v1.3.1",
    header=(
        ("Manufacturer", "Acme Metering Ltd (Manufacturer ID 10A7)"),
        ("Device Type", "ESME"),
        ("Model", "AM-E200 (Model ID 0101)"),
        ("Hardware Version", "0002"),
        ("Release", "Version 1.3.1 (CPL firmware version 01030001)"),
        ("Date", "12 February 2024"),
    ),
    sections=(
        ("1. Installation requirements", (
            # states: 1106 <- 1104, 1105
            "This release shall only be applied to devices running firmware 01020005 or 01020007. Devices on "
            "older firmware must be brought up to one of those releases first.",
            # decoys: minimum hardware, GBCS version, another device's ordering
            "The minimum hardware version required to install this update is 0002.",
            "Requires GBCS v2.0 or later.",
            "Update the Communications Hub to 04020001 before applying this release to the meter.",
        )),
        ("2. Historical upgrade path", (
            # states: 1102 <- 1101 and 1103 <- 1102
            "Upgrade path: 01000005 -> 01010003 -> 01020000",
            "Devices shipped before 2022 follow the path above before any later release.",
        )),
        ("3. Defects fixed", (
            "- Fixed an issue where devices running 01010003 could lose the tariff after a power cut.",
            "- Version 1.2.0 (01020000) fixed the display defect; this release fixes the load-limit alarm.",
        )),
    ),
    tables=(
        ("Version history", (
            ("Version", "CPL firmware version", "Date", "Notes"),
            ("1.3.1", "01030001", "2024-02", "This release"),
            ("1.2.7", "01020007", "2023-09", "Security patch"),
            ("1.2.5", "01020005", "2023-05", "Tariff fixes"),
        )),
    ),
    pages=2,
)

ACME_HW1_NOTE = ReleaseNote(
    title="AM-E200 (hardware 0001) firmware 01.03.00.01 - release notice",
    header=(
        ("Manufacturer", "Acme Metering Ltd"),
        ("Device Type", "ESME"),
        ("Model ID", "0101"),
        ("Hardware Version", "0001"),
        ("Firmware Version", "01.03.00.01"),
    ),
    sections=(
        ("Before you install", (
            # states: 1112 <- every HW 0001 entry from 01020005 up to the target, i.e. 1111
            "The minimum firmware version required to install this update is 01.02.00.05.",
            "Fixed an issue where devices running 01.01.00.03 reported a wrong tamper state.",
        )),
    ),
)

BOLT_NOTE = ReleaseNote(
    title="Bolt G2 Gas Meter - Release Notes for Version 2.2.0",
    header=(
        ("Manufacturer", "Bolt Meters Ltd"),
        ("Device Type", "GSME"),
        ("Model", "Bolt G2"),
        ("Hardware Version", "0001"),
        ("Release", "Version 2.2.0 (CPL firmware version 02020000)"),
    ),
    sections=(
        ("Upgrade instructions", (
            # states: 2204 <- 2203 (release 2.1.5 is 02010005, as the history says)
            "Devices must first be upgraded to the intermediate release 2.1.5 before installing this release.",
            "Applying this release out of order can leave the valve closed.",
        )),
        ("Release history", (
            "Release 2.1.5 (02010005) improved gas valve diagnostics.",
            "Release 2.1.3 (02010003) added the new debt recovery rates.",
        )),
        ("Compatibility", (
            "Requires GBCS v3.2 or later on the Communications Hub.",
            "Minimum hardware version: 0001.",
        )),
    ),
    tables=(
        # states: 2202 <- 2201 and 2203 <- 2202
        ("Earlier supported upgrades", (
            ("From version", "To version", "Notes"),
            ("02010001", "02010003", "Direct"),
            ("02010003", "02010005", "Direct"),
        )),
    ),
    pages=2,
)

CIRCUIT_NOTE = ReleaseNote(
    title="CD-PPM1 Prepayment Interface firmware 00020000",
    header=(
        ("Manufacturer", "Circuit Devices plc (3C05)"),
        ("Device Type", "PPMID"),
        ("Model", "CD-PPM1"),
        ("Hardware Version", "0003"),
        ("Firmware Version", "00020000"),
    ),
    sections=(
        ("Applicability", (
            # states: 3303 <- 3301, 3302
            "Supported upgrade-from versions: 00010000 and 00010100.",
            # decoy: an ordering across devices
            "The Communications Hub must first be upgraded to 04020001 before installing this PPMID firmware.",
            "Minimum hardware version: 0003.",
        )),
    ),
)


def _pdf_broken_copy(data: bytes) -> bytes:
    return data[: len(data) // 3]


# --- emails -----------------------------------------------------------------------------------------

BOLT_REPLY_TEXT = """Hi SECAS team,

Correction to my earlier note: firmware 02010005 shall only be applied to devices running 02010003.
The earlier version skipped a step.

Regards,
Jo Bloggs
Bolt Meters Ltd

-----Original Message-----
From: Jo Bloggs <jo.bloggs@bolt.example>
Sent: 01 March 2024 10:02
To: fir@secas.example
Subject: Bolt G2 upgrade path

Manufacturer: Bolt Meters Ltd
Model: Bolt G2
Hardware Version: 0001

Firmware 02010005 shall only be applied to devices running 02010001.
"""

ACME_EMAIL_TEXT = """Dear SECAS,

As requested, our upgrade matrix for the AM-E200 is attached.

For the AM-E200 (model 0101, hardware 0001), firmware 01030001 must only be applied to devices running 01020005.

Kind regards,
Acme Metering Ltd firmware team
"""

CIRCUIT_HTML = """<html><body>
<p>Hello,</p>
<p>Please find the release notes for the <b>CD-PPM1</b> attached.</p>
<p>For the CD-PPM1 (model 0A10, hardware 0003), release 2.0 must only be applied to devices running release 1.1.</p>
<table><tr><td>Manufacturer</td><td>Circuit Devices plc</td></tr></table>
<p>Best wishes,<br>Circuit Devices</p>
</body></html>"""

DYNAMO_MSG_BODY = """Hi,

For our DH-1 communications hub (model 0C01, hardware 0001): firmware 04030000 requires 04020001 to be installed first.
The attached list covers the older releases.

Thanks,
Sam, Dynamo Comms Ltd
"""


@dataclass(frozen=True)
class DemoInputs:
    inbox: Path
    cpl: Path
    fir: Path


def inbox_documents() -> dict[str, bytes]:
    """Inbox-relative path -> content, as an analyst would have saved what arrived."""
    acme_hw2 = release_note_pdf(ACME_HW2_NOTE)
    circuit_pdf = release_note_pdf(CIRCUIT_NOTE)
    acme_matrix = workbook(
        [
            Sheet("Read me", (("AM-E200 upgrade matrix",), ("One row per supported upgrade.",))),
            Sheet(
                "Matrix",
                (
                    ("Acme Metering - AM-E200 upgrade matrix",),
                    ("Issued 2024-03-02",),
                    ("Manufacturer ID", "Model ID", "HW Version", "From FW", "To FW"),
                    # agrees with the HW 0001 release notice: 1112 <- 1111
                    ("10A7", "0101", "0001", "0x01020005", "0x01030001"),
                ),
            ),
        ]
    )
    circuit_email = eml(
        sender="Circuit Devices <releases@circuit.example>",
        to="fir@secas.example",
        subject="CD-PPM1 firmware 00020000 release notes",
        html=CIRCUIT_HTML,
        attachments=[MailAttachment("CD-PPM1 00020000 release notes.pdf", circuit_pdf, "application/pdf")],
    )
    dynamo_list = csv_bytes(
        [
            ("Mfr", "Model ID", "HW Ver", "Base Firmware Version", "New Firmware Version"),
            ("4D11", "0C01", "0001", "04010000", "04020001"),  # 4402 <- 4401
        ]
    )
    map_workbook = workbook(
        [
            Sheet("Cover", (("Northern MAP - firmware upgrade paths",), ("Prepared for SECAS MP231 backfill",))),
            Sheet(
                "Paths",
                (
                    ("Northern MAP",),
                    ("Firmware upgrade paths as at March 2024",),
                    ("Mfr", "Model ID", "HW Ver", "Current FW", "Target FW", "Notes"),
                    ("10A7", "0101", "0002", "01020005; 01020007", "01030001", "agrees with release notes"),  # 1106
                    ("10A7", "0101", "0002", "01020000", "01020005", ""),  # 1104 <- 1103
                    ("10A7", "0101", "0002", "01030001", "01020007", "as installed in the field"),  # base newer: flagged
                    ("20B1", "0203", "0001", "02010001", "02020000", "direct upgrade"),  # conflicts for 2204
                    ("10A7", "0999", "0001", "01000000", "01010000", ""),  # unmapped: no such model
                    ("4D11", "0C01", "0001", "N/A", "04010000", "first release"),  # 4401 <- N/A
                ),
            ),
        ]
    )
    smart_assets_csv = csv_bytes(
        [
            ("Smart Assets MAP upgrade path return",),
            ("Manufacturer", "Model", "HW Version", "Base Firmware Version", "New Firmware Version"),
            ("Bolt Meters Ltd", "Bolt G2", "0001", "02010003", "02010005"),  # agrees: 2203 <- 2202
            ("Dynamo Comms Ltd", "DH-1", "0001", "04020001", "04030010"),  # unmapped: CPL has 0403000A
            ("Zeta Power", "Z1", "0001", "01000000", "01000001"),  # unmapped: not on the CPL
        ],
        delimiter=";",
    )
    return {
        "release-notes/acme/AM-E200_release_notes_v1.3.1.pdf": acme_hw2,
        "release-notes/acme/AM-E200 HW0001 notice.pdf": release_note_pdf(ACME_HW1_NOTE),
        "release-notes/bolt/BoltG2-2.2.0-RN.pdf": release_note_pdf(BOLT_NOTE),
        # the same release notes forwarded again under another name: read once, both arrivals kept
        "forwarded/copy of acme notes.pdf": acme_hw2,
        "emails/RE Bolt G2 upgrade path.eml": eml(
            sender="Jo Bloggs <jo.bloggs@bolt.example>",
            to="fir@secas.example",
            subject="RE: Bolt G2 upgrade path",
            text=BOLT_REPLY_TEXT,
        ),
        "emails/Acme AM-E200 matrix.eml": eml(
            sender="Acme firmware <firmware@acme.example>",
            to="fir@secas.example",
            subject="AM-E200 upgrade matrix",
            text=ACME_EMAIL_TEXT,
            attachments=[
                MailAttachment(
                    "AM-E200 upgrade matrix.xlsx",
                    acme_matrix,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            ],
        ),
        "emails/Fwd CD-PPM1 release.eml": eml(
            sender="MAP Ops <ops@northern-map.example>",
            to="fir@secas.example",
            subject="Fwd: CD-PPM1 firmware 00020000 release notes",
            text="Forwarding the Circuit Devices release below for the FIR backfill.\n",
            attachments=[MailAttachment("CD-PPM1 release.eml", circuit_email, "message/rfc822")],
        ),
        "emails/DH-1 hub firmware order.msg": outlook_msg(
            sender_name="Sam Patel",
            sender_email="sam@dynamo.example",
            subject="DH-1 firmware order",
            body=DYNAMO_MSG_BODY,
            attachments=[MailAttachment("DH-1 older releases.csv", dynamo_list, "text/csv")],
        ),
        "MAP/Northern MAP firmware paths.xlsx": map_workbook,
        "MAP/smart-assets-return.csv": smart_assets_csv,
        # cannot be read: each is quarantined with its reason
        "broken/truncated release notes.pdf": _pdf_broken_copy(release_note_pdf(BOLT_NOTE)),
        "broken/protected release notes.pdf": release_note_pdf(CIRCUIT_NOTE, user_password="s3cret"),
        "broken/scanned release notes.pdf": image_only_pdf(),
        "broken/meeting notes.docx": _docx_like(),
    }


def _docx_like() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Minutes of the MP231 call</w:document>")
    return stable_zip(buffer.getvalue())


def write_demo(workdir: Path) -> DemoInputs:
    """Write the demo inbox, CPL and FIR under `workdir/demo/`, replacing an earlier demo there."""
    import shutil

    root = workdir / "demo"
    if root.exists():
        shutil.rmtree(root)
    inbox = root / "inbox"
    for relative, data in inbox_documents().items():
        path = inbox / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    cpl = root / "cpl_export.xlsx"
    cpl.write_bytes(cpl_workbook())
    fir = root / "fir_export.csv"
    fir.write_bytes(fir_csv())
    return DemoInputs(inbox=inbox, cpl=cpl, fir=fir)
