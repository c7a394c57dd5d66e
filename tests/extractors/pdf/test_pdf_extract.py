"""extract_pdf on real release-note PDFs (fpdf2): exact claims, evidence pages and tables, context from
the header table, and the reasons an unreadable PDF is quarantined with."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.pdf.extract import extract_pdf, extract_pdf_full
from firpath.demo.builders import ReleaseNote, image_only_pdf, release_note_pdf
from firpath.domain import (
    Claim,
    DeviceRef,
    Document,
    DocumentKind,
    Evidence,
    FirmwareVersion,
    Relation,
    SourceKind,
    VersionRef,
)
from firpath.domain.documents import UnreadableDocument

NAME = "inbox/Acme/AM-E200 release notes.pdf"


def fw(hex_digits: str) -> FirmwareVersion:
    return FirmwareVersion(hex_digits)


def pdf_document(data: bytes, name: str = NAME) -> Document:
    return Document(name=name, data=data, kind=DocumentKind.PDF, sha256=Document.sha256_of(data))


def claims_of(note: ReleaseNote) -> tuple[Document, tuple[Claim, ...]]:
    """The note's claims without the places that name the device and how each was read (tested apart)."""
    document = pdf_document(release_note_pdf(note))
    return document, tuple(
        replace(c, note="", device=replace(c.device, context=())) for c in extract_pdf(document).claims
    )


def summary(claims: tuple[Claim, ...]) -> list[tuple[str, str, tuple[str, ...], Relation, str, str]]:
    return [
        (c.device.hardware_version, c.target.text, tuple(b.text for b in c.bases), c.relation, c.evidence.location, c.evidence.text)
        for c in claims
    ]


ACME_HEADER = (
    ("Manufacturer", "Acme Metering Ltd (Manufacturer ID 10A7)"),
    ("Device Type", "ESME"),
    ("Model", "AM-E200 (Model ID 0101)"),
    ("Hardware Version", "0002"),
    ("Release", "Version 1.3.1 (CPL firmware version 01030001)"),
    ("Date", "12 February 2024"),
)

ACME = ReleaseNote(
    title="Acme Metering AM-E200 Electricity Meter - Firmware Release Notes v1.3.1",
    header=ACME_HEADER,
    sections=(
        ("Installation requirements", (
            "This release shall only be applied to devices running firmware 01020005 or 01020007. Devices on "
            "older firmware must be brought up to one of those releases first.",
            "The minimum hardware version required to install this update is 0002.",
            "Requires GBCS v2.0 or later.",
            "Update the Communications Hub to 04020001 before applying this release to the meter.",
        )),
        ("Historical upgrade path", (
            "Upgrade path: 01000005 -> 01010003 -> 01020000",
            "Devices shipped before 2022 follow the path above before any later release.",
        )),
        ("Defects fixed", (
            "- Fixed an issue where devices running 01010003 could lose the tariff after a power cut.",
            "- Version 1.2.0 (01020000) fixed the display defect; this release fixes the load-limit alarm.",
        )),
    ),
    tables=(
        ("Version history", (
            ("Version", "CPL firmware version", "Date", "Notes"),
            ("1.3.1", "01030001", "2024-02", "This release"),
            ("1.2.7", "01020007", "2023-09", "Security patch"),
        )),
    ),
)


@pytest.mark.unit
def test_a_release_note_gives_its_exact_claims() -> None:
    document, claims = claims_of(ACME)
    device = DeviceRef("10A7", "0101", "0002")

    def evidence(text: str) -> Evidence:
        return Evidence(file=NAME, sha256=document.sha256, location="page 1", text=text)

    only = "This release shall only be applied to devices running firmware 01020005 or 01020007."
    chain = "Upgrade path: 01000005 -> 01010003 -> 01020000"
    assert claims == (
        Claim(device, VersionRef("01030001", fw("01030001")),
              (VersionRef("01020005", fw("01020005")), VersionRef("01020007", fw("01020007"))),
              Relation.EXACT, evidence(only), SourceKind.RELEASE_NOTE),
        Claim(device, VersionRef("01010003", fw("01010003")), (VersionRef("01000005", fw("01000005")),),
              Relation.EXACT, evidence(chain), SourceKind.RELEASE_NOTE),
        Claim(device, VersionRef("01020000", fw("01020000")), (VersionRef("01010003", fw("01010003")),),
              Relation.EXACT, evidence(chain), SourceKind.RELEASE_NOTE),
    )


@pytest.mark.unit
def test_a_multi_page_note_puts_each_claim_on_its_page() -> None:
    note = ReleaseNote(
        title=ACME.title,
        header=ACME_HEADER,
        sections=(
            ("Installation requirements", ("The minimum firmware version required to install this update is 01.02.00.05.",)),
            ("Known issues", ("Applying this release out of order can leave the relay open.",)),
            ("Historical upgrade path", ("Devices must first be upgraded to 01010003 before installing 01020000.",)),
        ),
        pages=3,
    )
    _, claims = claims_of(note)
    assert summary(claims) == [
        ("0002", "01030001", ("01.02.00.05",), Relation.MINIMUM, "page 1",
         "The minimum firmware version required to install this update is 01.02.00.05."),
        ("0002", "01020000", ("01010003",), Relation.EXACT, "page 3",
         "Devices must first be upgraded to 01010003 before installing 01020000."),
    ]


BOLT = ReleaseNote(
    title="Bolt G2 Gas Meter - Release Notes for Version 2.2.0",
    header=(
        ("Manufacturer", "Bolt Meters Ltd"),
        ("Device Type", "GSME"),
        ("Model", "Bolt G2"),
        ("Hardware Versions", "0001, 0002"),
        ("Release", "Version 2.2.0 (CPL firmware version 02020000)"),
    ),
    sections=(
        ("Upgrade instructions", (
            "Devices must first be upgraded to the intermediate release 2.1.5 before installing this release.",
            "Applying this release out of order can leave the valve closed.",
        )),
        ("Release history", (
            "Release 2.1.5 (02010005) improved gas valve diagnostics.",
            "Release 2.1.3 was a field trial only.",
        )),
        ("Compatibility", (
            "Requires GBCS v3.2 or later on the Communications Hub.",
            "Minimum hardware version: 0001.",
        )),
    ),
    tables=(
        ("Earlier supported upgrades", (
            ("From version", "To version", "Notes"),
            ("02010001", "02010003", "Direct"),
            ("2.1.3", "02010005", "Display version only"),
            ("02010003, 02010004", "02010005", ""),
        )),
    ),
    pages=2,
)


@pytest.mark.unit
def test_a_from_to_table_gives_a_claim_per_row_and_hardware_version() -> None:
    document, claims = claims_of(BOLT)
    rows = [
        (c.device, c.target.version, tuple((b.text, b.version) for b in c.bases), c.relation, c.evidence.location, c.evidence.text)
        for c in claims
    ]
    first = "Devices must first be upgraded to the intermediate release 2.1.5 before installing this release."
    expected = []
    for hw in ("0001", "0002"):
        expected.append((DeviceRef("Bolt Meters Ltd", "Bolt G2", hw), fw("02020000"), (("2.1.5", fw("02010005")),),
                         Relation.EXACT, "page 1", first))
    table_rows = [
        (fw("02010003"), (("02010001", fw("02010001")),), "page 2, table 1 row 1",
         "From version: 02010001 | To version: 02010003 | Notes: Direct"),
        (fw("02010005"), (("2.1.3", None),), "page 2, table 1 row 2",
         "From version: 2.1.3 | To version: 02010005 | Notes: Display version only"),
        (fw("02010005"), (("02010003", fw("02010003")), ("02010004", fw("02010004"))), "page 2, table 1 row 3",
         "From version: 02010003, 02010004 | To version: 02010005 | Notes: "),
    ]
    for target, bases, location, text in table_rows:
        for hw in ("0001", "0002"):
            expected.append((DeviceRef("Bolt Meters Ltd", "Bolt G2", hw), target, bases, Relation.EXACT, location, text))
    assert rows == expected
    unpaired = next(c.bases[0] for c in claims if c.bases[0].text == "2.1.3")
    assert unpaired.version is None  # left to mapping, to read against the device's register
    assert {(c.evidence.file, c.evidence.sha256, c.source_kind) for c in claims} == {
        (NAME, document.sha256, SourceKind.RELEASE_NOTE)
    }


@pytest.mark.unit
def test_the_header_table_gives_the_context() -> None:
    note = ReleaseNote(
        title="CD-PPM1 Prepayment Interface firmware 00020000",
        header=(
            ("Manufacturer", "Circuit Devices plc (3C05)"),
            ("Device Type", "Prepayment Interface"),
            ("Model ID", "0B02"),
            ("Hardware Versions", "0003 and 0004"),
            ("Firmware Version", "0x00020000"),
        ),
        sections=(
            ("Applicability", (
                "Supported upgrade-from versions: 00010000 and 00010100.",
                # an ordering with another device: not this device's upgrade path
                "The Communications Hub must first be upgraded to 04020001 before installing this PPMID firmware.",
            )),
        ),
    )
    _, claims = claims_of(note)
    assert [(c.device, c.target, c.bases, c.relation) for c in claims] == [
        (DeviceRef("3C05", "0B02", hw), VersionRef("0x00020000", fw("00020000")),
         (VersionRef("00010000", fw("00010000")), VersionRef("00010100", fw("00010100"))), Relation.EXACT)
        for hw in ("0003", "0004")
    ]


@pytest.mark.unit
def test_a_note_without_a_release_leaves_the_target_unresolved() -> None:
    note = ReleaseNote(
        title="AM-E200 field notice",
        header=ACME_HEADER[:4],
        sections=(("Installation", ("Devices must first be upgraded to 01020005.",)),),
    )
    _, claims = claims_of(note)
    assert [(c.target, c.bases) for c in claims] == [
        (VersionRef("", None, "the document does not say which firmware release this is for"),
         (VersionRef("01020005", fw("01020005")),)),
    ]


@pytest.mark.unit
@pytest.mark.parametrize("note", [ACME, BOLT], ids=["acme", "bolt"])
def test_the_fast_path_agrees_with_a_full_pdfplumber_read(note: ReleaseNote) -> None:
    document = pdf_document(release_note_pdf(note))
    assert extract_pdf(document) == extract_pdf_full(document)


@pytest.mark.unit
def test_a_title_starting_with_a_key_word_is_not_the_model() -> None:
    note = ReleaseNote(
        title="Product Release Note - AM-E200 Electricity Meter",
        header=ACME_HEADER,
        sections=(("Installation", ("This release shall only be applied to devices running firmware 01020005.",)),),
    )
    document, claims = claims_of(note)
    assert [replace(c.device, context=()) for c in claims] == [DeviceRef("10A7", "0101", "0002")]
    assert extract_pdf(document) == extract_pdf_full(document)


@pytest.mark.unit
def test_a_first_sentence_starting_this_release_is_not_the_release() -> None:
    note = ReleaseNote(
        title="AM-E200 release notes",
        header=ACME_HEADER[:4],
        sections=(("Installation", ("This release shall only be applied to devices running firmware 01020005 or 01020007.",)),),
    )
    _, (claim,) = claims_of(note)
    assert claim.target.version is None


@pytest.mark.unit
def test_evidence_text_stops_before_a_numbered_heading() -> None:
    note = ReleaseNote(
        title="AM-E200 release notes",
        header=ACME_HEADER,
        sections=(
            ("1. Requirements", ("Firmware 01030001 shall only be applied to devices running 01020005.",)),
            ("2. Notes", ("Nothing else to report for this release.",)),
        ),
    )
    _, (claim,) = claims_of(note)
    assert claim.evidence.text == "Firmware 01030001 shall only be applied to devices running 01020005."


@pytest.mark.unit
def test_a_table_is_numbered_as_a_reader_counts_tables_on_its_page() -> None:
    note = ReleaseNote(
        title="Bolt G2 notes",
        header=(("Model", "Bolt G2"), ("Release", "02020000")),
        sections=(("Summary", ("Nothing in this release changes the tariff handling.",)),),
        tables=(
            ("Version history", (("Version", "CPL firmware version"), ("2.2.0", "02020000"))),
            ("Supported upgrades", (("From", "To"), ("02010001", "02020000"))),
        ),
    )
    _, (claim,) = claims_of(note)
    # every table pdfplumber finds counts, the header table included: header, history, upgrades
    assert claim.evidence.location == "page 1, table 3 row 1"


# --- unreadable PDFs ---------------------------------------------------------------------------------


def reason(data: bytes) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        extract_pdf(pdf_document(data))
    return str(caught.value)


@pytest.mark.unit
def test_an_encrypted_pdf_is_unreadable() -> None:
    assert "encrypted" in reason(release_note_pdf(ACME, user_password="x"))


@pytest.mark.unit
@pytest.mark.parametrize("fraction", [1 / 3, 1 / 2, 9 / 10])
def test_a_truncated_pdf_is_corrupt(fraction: float) -> None:
    data = release_note_pdf(ACME)
    assert reason(data[: int(len(data) * fraction)]).startswith("corrupt PDF")


@pytest.mark.unit
def test_a_scan_has_no_text_layer() -> None:
    assert "no text layer" in reason(image_only_pdf())


@pytest.mark.unit
@pytest.mark.parametrize("data", [b"%PDF-", b"%PDF-1.7\n" + bytes(range(256)) * 4, b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"])
def test_pdf_header_and_junk_is_unreadable(data: bytes) -> None:
    assert reason(data)


@pytest.mark.unit
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_after_a_pdf_header_are_unreadable_not_a_crash(tail: bytes) -> None:
    with pytest.raises(UnreadableDocument):
        extract_pdf(pdf_document(b"%PDF-" + tail))


@pytest.mark.unit
def test_the_headings_above_the_title_and_the_file_name_travel_with_each_claim_nearest_first() -> None:
    document = pdf_document(release_note_pdf(ACME))
    (context,) = {c.device.context for c in extract_pdf(document).claims}
    assert context[0] == "Installation requirements"  # the section the statements are in
    assert context[-2:] == ("Acme Metering AM-E200 Electricity Meter - Firmware Release Notes v1.3.1", NAME)


def _unruled_table_note() -> bytes:
    """A table laid out by spacing alone, no rules drawn, between two paragraphs."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, "Acme Metering AM-E200 firmware 1.3.1 release notes", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, "This release improves the tamper detection. Read the table below before you plan the "
                         "roll-out of this update to your estate.")  # fmt: skip
    pdf.ln(4)
    for cells in [("Installed firmware", "Upgrade to", "Notes"), ("1.2.5", "1.3.1", "Direct"), ("1.2.7", "1.3.1", "Direct"),
                  ("1.1.3", "1.2.5", "First step")]:  # fmt: skip
        pdf.set_x(20)
        for width, cell in zip((50, 40, 40), cells):
            pdf.cell(width, 7, cell)
        pdf.ln(7)
    pdf.ln(4)
    pdf.multi_cell(0, 6, "Contact support for help.")
    return bytes(pdf.output())


@pytest.mark.unit
def test_a_table_without_rules_is_read_as_a_table_and_its_rows_not_again_as_prose() -> None:
    data = _unruled_table_note()
    claims = extract_pdf(Document("notes/unruled.pdf", data, DocumentKind.PDF, Document.sha256_of(data))).claims
    assert [(c.target.text, [b.text for b in c.bases], c.evidence.location) for c in claims] == [
        ("1.3.1", ["1.2.5"], "page 1, table 1 row 1"),
        ("1.3.1", ["1.2.7"], "page 1, table 1 row 2"),
        ("1.2.5", ["1.1.3"], "page 1, table 1 row 3"),
    ]


def _version_history_note() -> bytes:
    """A version history laid out by spacing, each row's summary several words long, a rule drawn
    under its header and the last column longer in the header than in its rows."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 8, "AM-E200 firmware version history", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, "Every release placed on the CPL and the firmware a meter needs before it can take it.")
    pdf.ln(3)
    rows = [("Version", "Released", "Summary", "Minimum installed version"), ("1.1.3", "Jan 2021", "First market release", "None (factory)"),
            ("1.2.5", "Jul 2021", "Tamper alarm timing fixes", "1.1.3"), ("1.3.1", "Feb 2022", "New tariff engine and display", "1.2.5")]  # fmt: skip
    for number, cells in enumerate(rows):
        pdf.set_x(15)
        for width, cell in zip((25, 25, 60, 40), cells):
            pdf.cell(width, 7, cell)
        pdf.ln(7)
        if number == 0:
            pdf.line(15, pdf.get_y(), 165, pdf.get_y())
    return bytes(pdf.output())


def _spaced_table_note(
    rows: list[tuple[str, ...]], widths: tuple[int, ...], *, title: str = "AM-E200 firmware 1.3.1 release notes",
    intro: str = "This release improves the tamper detection; the table sets out how to reach it.", after: str = "",
) -> bytes:
    """A note with a table laid out by spacing alone, and a paragraph after it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, intro)
    pdf.ln(3)
    for cells in rows:
        pdf.set_x(15)
        for width, cell in zip(widths, cells):
            pdf.cell(width, 7, cell)
        pdf.ln(7)
    if after:
        pdf.multi_cell(0, 6, after)
    return bytes(pdf.output())


@pytest.mark.unit
@pytest.mark.parametrize(
    ("rows", "widths", "expected"),
    [
        # a route column names both ends: no from-word needed in the header
        ([("Meter", "Target", "Route"), ("AM-E200", "1.2.5", "1.1.3 -> 1.2.5"), ("AM-E200", "1.3.1", "1.2.5 -> 1.3.1")], (30, 30, 60),
         [("1.2.5", ["1.1.3"]), ("1.3.1", ["1.2.5"])]),
        # a matrix: each row one installed version and its marks
        ([("Installed version", "to 1.2.5", "to 1.3.1"), ("1.1.3", "X", "-"), ("1.2.5", "n/a", "X")], (40, 30, 30),
         [("1.2.5", ["1.1.3"]), ("1.3.1", ["1.2.5"])]),
        # a bilingual header, its base column named "starting version"
        ([("Version cible / Target", "Version de depart / Allowed starting version"), ("1.3.1", "1.2.5, 1.2.7"), ("1.2.5", "1.1.3")],
         (50, 90), [("1.3.1", ["1.2.5", "1.2.7"]), ("1.2.5", ["1.1.3"])]),
    ],
)  # fmt: skip
def test_tables_by_spacing_in_other_house_styles(rows: list[tuple[str, ...]], widths: tuple[int, ...], expected: list) -> None:
    data = _spaced_table_note(rows, widths)
    claims = extract_pdf(Document("notes/spaced.pdf", data, DocumentKind.PDF, Document.sha256_of(data))).claims
    assert [(c.target.text, [b.text for b in c.bases]) for c in claims if "table" in c.evidence.location] == expected


@pytest.mark.unit
def test_a_table_of_release_names_by_spacing_names_what_the_statements_call_releases() -> None:
    rows = [("Release name", "Firmware version", "HW 0002"), ("Alder", "01020005", "yes"), ("Birch", "01020007", "yes"), ("Cedar", "01030001", "yes")]
    data = _spaced_table_note(rows, (40, 40, 30), title="Field bulletin FB-7 - AM-E200 firmware",
                              intro="We name our releases after trees; the table gives the firmware version each name stands for.",
                              after="Cedar may only be applied to meters that are running Birch.")  # fmt: skip
    claims = extract_pdf(Document("notes/fb7.pdf", data, DocumentKind.PDF, Document.sha256_of(data))).claims
    assert {(c.target.version.text, tuple(b.version.text for b in c.bases if b.version)) for c in claims if c.target.version} == {
        ("01030001", ("01020007",))
    }


@pytest.mark.unit
def test_a_version_history_by_spacing_with_a_rule_under_its_header_is_read_as_a_table() -> None:
    data = _version_history_note()
    claims = extract_pdf(Document("notes/history.pdf", data, DocumentKind.PDF, Document.sha256_of(data))).claims
    assert [(c.target.text, [b.text for b in c.bases], c.relation.value) for c in claims if "table" in c.evidence.location] == [
        ("1.1.3", [], "none"),
        ("1.2.5", ["1.1.3"], "minimum"),
        ("1.3.1", ["1.2.5"], "minimum"),
    ]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("first_page", "name", "release"),
    [
        # a running header above the title names no release: the line below it does
        ("ACME PLC - ENGINEERING NOTICE EN-2024-011 rev B\nAM-E200 meter - firmware 01030001\n1. Scope\n", "notice.pdf", "01030001"),
        # nothing at the top names one: the file's own name does
        ("ACME PLC - ENGINEERING NOTICE EN-2024-011 rev B\n1. Scope\nThis notice covers the meter.\n", "EN-2024-011_AM-E200_01030001.pdf", "01030001"),
        # a release known by its name: the name the title or file name gives it
        ("Osprey - OM-Twin release notes\nOsprey (00120004) follows Merlin (00110000).\n", "Osprey_notes.pdf", "Osprey"),
        # a release named only in the body's first sentence is not the document's
        ("ACME PLC - NOTICE\nDevices on 01020005 must first take the hotfix before any further update is sent.\n", "notice.pdf", ""),
    ],
)
def test_the_release_from_the_lines_below_a_running_header_or_the_file_name(first_page: str, name: str, release: str) -> None:
    from extractors.pdf.extract import document_context

    assert document_context([first_page], name=name).release == release


@pytest.mark.unit
def test_a_header_block_row_stating_a_requirement_is_read_as_one() -> None:
    """"Minimum installed firmware 01020005" among the header rows (no colon): a requirement, where the
    other rows (product, hardware, firmware) are the document's context."""
    from extractors.pdf.extract import header_requirements

    page = "Product AM-E200\nHardware version 0002\nFirmware 01030001\nMinimum installed firmware 01020005\nWhat has changed\nThe clock no longer drifts when the meter is idle."
    assert header_requirements(page) == ["Minimum installed firmware: 01020005"]
    assert header_requirements(page, [[["Required installed firmware", "V6.1.2 (06010002)"], ["Release date", "May 2024"]]]) == [
        "Required installed firmware: V6.1.2 (06010002)", "Minimum installed firmware: 01020005"
    ]


def _one_hardware_note(exclusion: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ("Release notification firmware 3.0.0.0 for AM-E200", "Valid for hardware variant 0004", "1 General", exclusion,
                 "2 Update", "The firmware 3.0.0.0 requires as base the firmware 2.6.0.8."):  # fmt: skip
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.mark.unit
@pytest.mark.parametrize(
    ("exclusion", "hardware"),
    [
        ("The firmware 3.0.0.0 is not released for hardware variant 0003.", {"0004"}),  # another named only to exclude it
        ("Hardware variant 0003 meters take the same route.", {"0003", "0004"}),  # a note on two
    ],
)
def test_the_hardware_the_top_lines_name_not_one_named_to_exclude_it(exclusion: str, hardware: set[str]) -> None:
    data = _one_hardware_note(exclusion)
    claims = extract_pdf(Document("notes/AM-E200 3.0.0.0.pdf", data, DocumentKind.PDF, Document.sha256_of(data))).claims
    assert {c.device.hardware_version for c in claims} == hardware
