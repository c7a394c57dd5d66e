"""extractors.statements.claims: statements to claims with their evidence, lists read as a whole."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extractors.statements.claims import TextBlock, text_claims, without_contradicted_steps
from extractors.statements.context import DocumentContext
from extractors.statements.reading import read_statement
from firpath.domain import Claim, DeviceRef, Evidence, FirmwareVersion, Relation, SourceKind, VersionRef

EXACT, MINIMUM = Relation.EXACT, Relation.MINIMUM


def fw(hex_digits: str) -> FirmwareVersion:
    return FirmwareVersion(hex_digits)


# --- text_claims -----------------------------------------------------------------------------------

ESME = DocumentContext(
    manufacturer="10A7", model="0101", hardware_versions=("0001", "0002"), device_type="ESME", release="01030001",
    aliases={"1.2.7": fw("01020007")},
)
PPMID = DocumentContext(manufacturer="3C05", model="CD-PPM1", hardware_versions=("0003",), device_type="PPMID", release="00020000")


def claims_of(text: str, ctx: DocumentContext, location: str = "page 1") -> list[Claim]:
    return text_claims(
        [TextBlock(location, text)], ctx, file="inbox/note.pdf", sha256="abc", source_kind=SourceKind.RELEASE_NOTE
    )


def summary(claims: list[Claim]) -> list[tuple[str, str, str | None, tuple[tuple[str, str | None], ...], Relation, str]]:
    return [
        (
            c.device.hardware_version,
            c.target.text,
            c.target.version.text if c.target.version else None,
            tuple((b.text, b.version.text if b.version else None) for b in c.bases),
            c.relation,
            c.evidence.text,
        )
        for c in claims
    ]


@pytest.mark.unit
def test_text_claims_make_one_claim_per_hardware_version() -> None:
    sentence = "This release shall only be applied to devices running firmware 01020005 or 1.2.7."
    claims = claims_of(f"Installation\n{sentence}", ESME, location="page 3")
    claims = [replace(c, note="") for c in claims]
    bases = (VersionRef("01020005", fw("01020005")), VersionRef("1.2.7", fw("01020007"), "display version 1.2.7 = 01020007 in this document"))
    evidence = Evidence(file="inbox/note.pdf", sha256="abc", location="page 3", text=sentence)
    assert claims == [
        Claim(DeviceRef("10A7", "0101", hw), VersionRef("01030001", fw("01030001")), bases, EXACT, evidence,
              SourceKind.RELEASE_NOTE)  # fmt: skip
        for hw in ("0001", "0002")
    ]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an upgrade path line: one claim per step and hardware version
        (
            "Upgrade path: 01000005 -> 01010003 -> 01020000",
            [(hw, t, t, ((b, b),), EXACT, "Upgrade path: 01000005 -> 01010003 -> 01020000")
             for t, b in (("01010003", "01000005"), ("01020000", "01010003")) for hw in ("0001", "0002")],
        ),
        # a sentence naming its own hardware version is about that hardware only
        (
            "Devices with hardware version 0002 must first be upgraded to 01020005.",
            [("0002", "01030001", "01030001", (("01020005", "01020005"),), EXACT,
              "Devices with hardware version 0002 must first be upgraded to 01020005.")],
        ),
        # an unpaired display version is kept as written, for mapping to read against the register
        (
            "Devices must first be upgraded to 2.1.5.",
            [(hw, "01030001", "01030001", (("2.1.5", None),), EXACT, "Devices must first be upgraded to 2.1.5.")
             for hw in ("0001", "0002")],
        ),
        # the same device type as the document's is not a cross-device ordering
        (
            "The electricity meter must first be upgraded to 01020005 before installing this release.",
            [(hw, "01030001", "01030001", (("01020005", "01020005"),), EXACT,
              "The electricity meter must first be upgraded to 01020005 before installing this release.")
             for hw in ("0001", "0002")],
        ),
        # a negated route names where the step starts
        (
            "Upgrade from 01000005 is not supported; devices must first be upgraded to 01010003.",
            [(hw, t, t, ((b, b),), EXACT, "Upgrade from 01000005 is not supported; devices must first be upgraded to 01010003.")
             for t, b in (("01010003", "01000005"), ("01030001", "01010003")) for hw in ("0001", "0002")],
        ),
        # decoys from a real note
        ("Requires GBCS v2.0 or later.\nThe minimum hardware version required to install this update is 0002.", []),
        ("- Fixed an issue where devices running 01010003 could lose the tariff after a power cut.", []),
        ("Devices must first be brought up to date.", []),
    ],
)
def test_text_claims(text: str, expected: list) -> None:
    assert summary(claims_of(text, ESME)) == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    ("sentence", "ctx"),
    [
        ("The Communications Hub must first be upgraded to 04020001 before installing this PPMID firmware.", PPMID),
        ("The Communications Hub must first be upgraded to 04020001.", ESME),
        # no device type in the context: two device types named is an ordering between devices
        (
            "The Communications Hub must first be upgraded to 04020001 before installing this PPMID firmware.",
            DocumentContext(manufacturer="3C05"),
        ),
        ("The IHD must first be upgraded to 01000000 before the gas meter.", DocumentContext()),
    ],
)
def test_an_ordering_between_devices_is_no_claim(sentence: str, ctx: DocumentContext) -> None:
    assert read_statement(sentence).requirements  # the wording alone would state one
    assert claims_of(sentence, ctx) == []




@pytest.mark.unit
def test_a_sentence_without_a_target_is_about_its_sections_release() -> None:
    text = "Upgrading to 01040000\nDevices must first be upgraded to 01030001."
    assert {(c.target.text, tuple(b.text for b in c.bases)) for c in claims_of(text, ESME)} == {("01040000", ("01030001",))}


@pytest.mark.unit
def test_a_list_of_hard_stops_is_one_chain() -> None:
    text = "These are the hard stops to go through:\n- 01000005\n- 01010003\n- 01020000\n"
    found = {(c.target.text, c.bases[0].text, c.note) for c in claims_of(text, ESME)}
    assert found == {("01010003", "01000005", "list of stops"), ("01020000", "01010003", "list of stops")}


@pytest.mark.unit
def test_a_plain_text_table_in_columns_gives_each_rows_route() -> None:
    text = "Upgrade routes for 01040000:\n\nOn now      Route\n01020005    01020005 > 01030001 > 01040000\n01030001    01030001 > 01040000\n"
    found = {(c.target.text, c.bases[0].text) for c in claims_of(text, ESME)}
    assert found == {("01030001", "01020005"), ("01040000", "01030001")}


@pytest.mark.unit
@pytest.mark.parametrize("intro", ["Permitted base versions for 01030001:", "Prerequisite firmware for 01030001:"])
def test_a_list_under_an_introduction_naming_bases_in_other_words(intro: str) -> None:
    found = {(c.target.text, tuple(b.text for b in c.bases)) for c in claims_of(f"{intro}\n- 01020005\n- 01020007\n", ESME)}
    assert found == {("01030001", ("01020005",)), ("01030001", ("01020007",))}


@pytest.mark.unit
def test_a_sentence_announcing_numbered_steps_gives_their_start() -> None:
    """"Meters on A or B need two updates." right above "1. Upgrade to X." / "2. Then install Y.": the
    first step goes on either base (the two side by side are not one on the other)."""
    for between in ("", " Leave a day between them:"):  # the list's own introduction may come after it
        text = f"Meters still on 01000005 or 01010003 need two updates.{between}\n1. Upgrade to 01020000.\n2. Then install 01030001.\n"
        found = {(c.target.text, tuple(b.text for b in c.bases)) for c in claims_of(text, ESME)}
        assert found == {("01020000", ("01000005", "01010003")), ("01030001", ("01020000",))}


@pytest.mark.unit
def test_a_version_and_its_cpl_form_in_brackets_is_one_version_read() -> None:
    """"Required installed firmware: V6.1.2 (06010002)": the bracket pairs the two spellings; nothing is
    left unread, so the statement is not listed for reading as read in part."""
    found = claims_of("Required installed firmware: V6.1.2 (01020005).", ESME)
    assert {(c.relation, tuple(b.text for b in c.bases)) for c in found} == {(EXACT, ("V6.1.2",))}


@pytest.mark.unit
def test_release_names_the_document_ties_to_cpl_forms_are_read_as_versions() -> None:
    """A maker that names its releases ("Osprey", "Merlin SP2") ties each to its CPL form once; its
    statements then use the names alone, and each is read as the release it names."""
    from extractors.statements.context import context_from_text

    text = ("Release trains: Merlin (01020000), Merlin SP2 (01020005), Osprey (01030001).\n\n"
            "Osprey can only be installed on meters already running Merlin SP2. Meters on Merlin go to Merlin SP2 first.")  # fmt: skip
    ctx = context_from_text(text, replace(ESME, hardware_versions=("0002",)))
    found = {(c.target.version.text if c.target.version else c.target.text, tuple(b.version.text for b in c.bases if b.version))
             for c in claims_of(text, ctx) if c.relation is not Relation.UNREAD}  # fmt: skip
    assert found >= {("01030001", ("01020005",)), ("01020005", ("01020000",))}
    assert {c.evidence.text for c in claims_of(text, ctx)} >= {"Osprey can only be installed on meters already running Merlin SP2."}


@pytest.mark.unit
def test_a_sequence_of_stops_starts_from_what_its_introduction_names() -> None:
    text = "To bring a meter from 01000005 up to this release, apply the images in this order:\n1. Apply 01010003.\n2. Apply 01020000.\n"
    found = {(c.target.text, tuple(b.text for b in c.bases)) for c in claims_of(text, ESME)}
    assert found == {("01010003", ("01000005",)), ("01020000", ("01010003",))}


@pytest.mark.unit
def test_a_list_of_bases_of_the_target_its_introduction_names() -> None:
    text = "To install 01030001 the meter must be running one of:\n- 01020005\n- 01020007 or later\n"
    found = {(c.target.text, tuple(b.text for b in c.bases), c.relation) for c in claims_of(text, ESME)}
    assert found == {("01030001", ("01020005",), EXACT), ("01030001", ("01020007",), MINIMUM)}


@pytest.mark.unit
def test_a_list_introduced_as_fixes_states_nothing() -> None:
    assert claims_of("Bug fixes:\n- (01020005) tariff\n- (01020007) clock\n", ESME) == []


@pytest.mark.unit
def test_a_statement_with_cues_not_taken_apart_is_an_unread_claim_with_why() -> None:
    (claim, _) = claims_of("Upgrades to 01030001 are only supported with the newest schema.", ESME)
    assert claim.relation is Relation.UNREAD and "no base" in claim.note


@pytest.mark.unit
def test_the_documents_naming_travels_with_each_claim() -> None:
    ctx = ESME.named("Acme E470 Release 4.21", "notes/acme-e470.pdf")
    (claim, _) = claims_of("Devices must first be upgraded to 01020005.", ctx)
    assert claim.device.context == ("Acme E470 Release 4.21", "notes/acme-e470.pdf")


@pytest.mark.unit
def test_a_section_heading_names_the_device_before_the_document_does() -> None:
    """(The lines above a document's first sentence are its title and header, which head no section.)"""
    ctx = ESME.named("Calder firmware bulletin", "Calder/G4/bulletin.pdf")
    text = ("This bulletin covers both meters.\nG5 Ultrasonic Plus\nInstallation\n"
            "Devices must first be upgraded to 01020005 before installing 01030001.")
    (claim,) = text_claims([TextBlock("page 1", text)], ctx, file="f", sha256="s", source_kind=SourceKind.RELEASE_NOTE)[:1]
    assert claim.device.context == ("Installation", "G5 Ultrasonic Plus", "Calder firmware bulletin", "Calder/G4/bulletin.pdf")


@pytest.mark.unit
def test_a_sentence_naming_only_what_is_installed_gives_the_release_the_next_sentences_are_about() -> None:
    text = "This note covers the upgrade to 01030001. It can only be applied to meters running 01020005 or later."
    claims = text_claims([TextBlock("body", text)], DocumentContext(), file="f", sha256="s", source_kind=SourceKind.EMAIL)
    assert [(c.target.text, [b.text for b in c.bases], c.relation) for c in claims] == [("01030001", ["01020005"], Relation.MINIMUM)]


@pytest.mark.unit
@pytest.mark.parametrize("gap", ["\n\n", "\n"], ids=["blank lines", "a PDF's text layer: none"])
def test_a_base_its_heading_names_and_the_targets_listed_on_one_line(gap: str) -> None:
    text = gap.join(["Overview of upgrades.", "Current Version 1.3.0", "Upgrades can go straight to any of these releases:",
                     "1.3.1 1.3.2"])  # fmt: skip
    claims = text_claims([TextBlock("body", text)], DocumentContext(), file="f", sha256="s", source_kind=SourceKind.EMAIL)
    assert [(c.target.text, [b.text for b in c.bases]) for c in claims] == [("1.3.1", ["1.3.0"]), ("1.3.2", ["1.3.0"])]


@pytest.mark.unit
def test_an_email_introducing_the_release_its_list_is_about() -> None:
    text = ("Hello,\n\nPlease find below the upgrade prerequisites for the HP2 (HW 1) firmware v3.2.0.\n\n"
            "- v3.1.0 or later must be installed first.\n\nRegards")  # fmt: skip
    claims = text_claims([TextBlock("body", text)], DocumentContext(), file="f", sha256="s", source_kind=SourceKind.EMAIL)
    assert [(c.target.text, [b.text for b in c.bases], c.relation) for c in claims if c.relation is not Relation.UNREAD] == [
        ("v3.2.0", ["v3.1.0"], Relation.MINIMUM)
    ]


@pytest.mark.unit
@pytest.mark.parametrize("gap", ["\n\n", "\n"], ids=["blank lines", "a PDF's text layer: none"])
def test_a_list_of_paths_without_bullets_under_its_introduction(gap: str) -> None:
    text = gap.join(["Release notes for 4.15.", "Supported upgrade paths:", "4.12 to 4.15", "4.14 to 4.15",
                     "Read the notes before installing."])  # fmt: skip
    claims = text_claims([TextBlock("body", text)], DocumentContext(), file="f", sha256="s", source_kind=SourceKind.EMAIL)
    assert [(c.target.text, [b.text for b in c.bases]) for c in claims] == [("4.15", ["4.12"]), ("4.15", ["4.14"])]


@pytest.mark.unit
def test_a_base_labelled_for_its_release() -> None:
    text = "Base firmware for 10.13.01.0004: 10.13.01.0001+"
    claims = text_claims([TextBlock("body", text)], DocumentContext(), file="f", sha256="s", source_kind=SourceKind.EMAIL)
    assert [(c.target.text, [b.text for b in c.bases], c.relation) for c in claims] == [
        ("10.13.01.0004", ["10.13.01.0001"], Relation.MINIMUM)
    ]


@pytest.mark.unit
def test_the_hardware_an_introduction_names_is_that_of_what_follows() -> None:
    text = ("Hello,\n\nPlease find below the upgrade prerequisites for the HP2 (HW 2) firmware v3.2.0.\n\n"
            "Upgrade path: v3.0.0 -> v3.1.0 -> v3.2.0\n\nRegards")  # fmt: skip
    claims = text_claims([TextBlock("body", text)], DocumentContext(), file="f", sha256="s", source_kind=SourceKind.EMAIL)
    read = [c for c in claims if c.relation is not Relation.UNREAD]
    assert read and {c.device.hardware_version for c in read} == {"0002"}


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "hardware"),
    [("LQ-Hub Single Band (hardware revision 1) - Firmware 1.10.1.1", ("0001",)), ("RE: base versions, M-Pay HW 2", ("0002",)),
     ("Hardware Version 0x0003 notes", ("0003",)), ("Firmware 1.10.1.1 release notes", ()),
     ("HD5 · Firmware v3.2.1 · HW 1 and HW 2 and HW 3", ("0001", "0002", "0003")),
     ("M-One · Firmware 3.33 · HW 0001 and 0002", ("0001", "0002")),
     ("Applies to: OM-Twin dual-element ESME, hardware variant 0001.", ("0001",)), ("Osprey release notes HW1", ("0001",)),
     ("hardware state 0002", ("0002",)), ("HWAB firmware", ()), ("the HW team", ())],
)  # fmt: skip
def test_the_hardware_a_title_or_subject_names(text: str, hardware: tuple[str, ...]) -> None:
    from extractors.statements.context import hardware_in

    assert hardware_in(text) == hardware


def pairs_in(text: str) -> list[tuple[str, list[str], Relation]]:
    claims = text_claims([TextBlock("body", text)], DocumentContext(), file="f", sha256="s", source_kind=SourceKind.EMAIL)
    return [(c.target.text, [b.text for b in c.bases], c.relation) for c in claims if c.relation is not Relation.UNREAD]


@pytest.mark.unit
@pytest.mark.parametrize("heading", ["v4.07.2 2023-03-01", "v4.07.2", "4.07.2 (2023-03-01)"])
def test_a_line_with_a_release_and_its_date_heads_what_follows(heading: str) -> None:
    assert pairs_in(f"Release history.\n\n{heading}\nOnly an upgrade from 4.06 is supported.") == [(heading.split()[0], ["4.06"], EXACT)]


@pytest.mark.unit
def test_a_sentence_whose_subject_is_a_release_with_new_requirements_gives_what_follows_its_release() -> None:
    text = "7.2 brings new upgrade rules. Please read them. Summary:\n- Upgrades must start from 7.1; 7.0 and older cannot go directly"
    assert pairs_in(text) == [("7.2", ["7.1"], EXACT)]
    assert pairs_in("We fixed 7.2, which has new upgrade rules. You must upgrade from 7.1.") == [("", ["7.1"], EXACT)]


@pytest.mark.unit
def test_a_list_item_wrapped_inside_its_parenthesis_is_one_item() -> None:
    """A PDF wraps "- 3.4.0 (clean up with `tool --a`" / "--b` once past 3.1.0)": the second line is no item."""
    text = ("The hard stops to go through:\n- 2.0.0\n- 3.4.0 (clean up with `tool prune --all\n--force` once past 3.1.0)\n"
            "- 4.1.0\nContact us with questions.")  # fmt: skip
    assert pairs_in(text) == [("3.4.0", ["2.0.0"], EXACT), ("4.1.0", ["3.4.0"], EXACT)]


@pytest.mark.unit
def test_a_release_heading_or_subject_after_a_long_paragraph_line_is_found() -> None:
    """A PDF keeps no blank line: the paragraph above runs on, its last line nearly full width."""
    intro = ("This note concerns the controller. It is shared for the information of the teams who operate and\n"
             "maintain these systems; please read each section in full.\n")  # fmt: skip
    assert pairs_in(intro + "v4.07.2 2023-03-01\nOnly an upgrade from 4.06 is supported.") == [("v4.07.2", ["4.06"], EXACT)]
    text = intro.replace("in full.\n", "in full. 7.2 introduces new upgrade rules. Summary:\n") + "- You must upgrade from 7.1"
    assert pairs_in(text) == [("7.2", ["7.1"], EXACT)]


def listed_in(text: str, release: str = "") -> list[str]:
    claims = text_claims([TextBlock("body", text)], DocumentContext(release=release), file="f", sha256="s", source_kind=SourceKind.EMAIL)
    return [c.note for c in claims if c.relation is Relation.UNREAD]


@pytest.mark.unit
def test_a_statement_read_in_part_is_listed_too_with_the_versions_no_requirement_uses() -> None:
    """"7.1 -> 7.4 (one hop; images 7.2 and 7.4 both needed)": 7.2 is on the way somewhere; a person says where."""
    assert listed_in("Upgrade path: 7.1 -> 7.4 (one hop; images 7.2 and 7.4 both needed)") == [
        "read in part: 7.2 named but in no requirement read from it"
    ]
    assert listed_in("Meters go from 3.1 to 3.5, and only after that try 4.0 or 4.1.") != []


@pytest.mark.unit
def test_a_statement_the_rules_read_in_part_is_completed_by_the_order_of_its_versions() -> None:
    """The rules read "from 3.1 to 3.5" and left 4.0; the order of the three reads them all, as a chain."""
    text = "Meters go from 3.1 to 3.5, and only after that try 4.0."
    assert pairs_in(text) == [("3.5", ["3.1"], EXACT), ("4.0", ["3.5"], EXACT)] and listed_in(text) == []
    # "without first" names the step, not what comes after the jump
    assert pairs_in("No device may jump to 10.4 without first taking 10.2.") == [("10.4", ["10.2"], EXACT)]


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Direct upgrade to 5.0.x is possible from 4.4.x and 4.2.x.",  # every version is used
        "This section is for 5.0: direct upgrade to 5.0.x is possible from 4.4.x.",  # 5.0 is the 5.0.x line
        "The hard stops to go through:\n- 2.0.0\n- 3.4.0 (clean up first if above 3.1.0)\n- 4.1.0",  # a list of stops
    ],
)
def test_a_statement_read_whole_is_not_listed(text: str) -> None:
    assert listed_in(text, release="9.9") == []


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the introduction's situation, then the steps; the item itself names only where to go first
        ("If you are upgrading to 5.2, do the following first:\n- Upgrade to 5.0.3 or any later 5.0 release.\n- Back up the data.",
         [("5.2", ["5.0.3"], MINIMUM)]),
        ("If you are upgrading from 4.8 to 5.2, complete these steps first:\n1. Upgrade to 5.0.3.\n2. Return here and upgrade to 5.2.",
         [("5.0.3", ["4.8"], EXACT), ("5.2", ["5.0.3"], EXACT)]),
        # "if upgrading from A to C:" is the situation, not "from the following:" (a list of bases)
        ("So, when you are upgrading from 7.1 to 8.1:\n1. First move to a GA release of 7.2.\n"
         "2. Then come back and move to 8.1.", [("7.2", ["7.1"], EXACT), ("8.1", ["7.2"], EXACT)]),
        # a situation an item names after where it says to go is another case, not the base of the step
        ("If you are upgrading from 3.0.4 or earlier to v3.1, do these steps first:\n1. Update to v3.0.5 or any later "
         "patch. When coming from v2.2.x, do every step.\n2. Come back here and update to v3.1.",
         [("v3.1", ["v3.0.5"], MINIMUM)]),
    ],
)
def test_steps_under_an_introduction_that_sets_the_situation(text: str, expected: list) -> None:
    assert pairs_in(text) == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the heading is the subject of each item: what the releases it names can and cannot do
        ("Releases 2.0.4 - 2.0.1\n\n- cannot be moved straight to the newest firmware\n- move to 2.0.4 first, then on to 3.1.0\n",
         [("3.1.0", ["2.0.4"], EXACT)]),
        ("Builds `latest` - `3.1.0`\n\n- may only be applied to units already running 2.0.4 or newer\n",
         [("3.1.0", ["2.0.4"], MINIMUM)]),
    ],
)
def test_items_that_are_only_a_predicate_have_the_heading_naming_releases_as_their_subject(text: str, expected: list) -> None:
    assert pairs_in(text) == expected


@pytest.mark.unit
def test_a_refusal_under_a_heading_naming_releases_is_listed() -> None:
    assert listed_in("Releases 2.0.4 - 2.0.1\n\n- cannot be updated to the newest firmware in one call\n") != []


@pytest.mark.unit
@pytest.mark.parametrize("text", ["Builds `latest` - `3.1.0` need 2.0.4 or newer.", "Builds 3.1.0 to latest need 2.0.4 or newer."])
def test_a_range_of_targets_up_to_latest_is_read_from_its_first_release_and_listed(text: str) -> None:
    assert pairs_in(text) == [("3.1.0", ["2.0.4"], MINIMUM)]
    assert listed_in(text) == ["read in part: a range of releases up to `latest` (only its first release was read)"]


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Supported upgrades:\n- HX2.1.0 -> HX3.0.0\n- HX2.2.0 to HX3.0.0\n- HX2.3.0 to HX3.0.0\n",
        "- HX2.1.0 -> HX3.0.0\n- HX2.2.0 to HX3.0.0\n- HX2.3.0 to HX3.0.0\n",  # an arrow beside them says what they are
    ],
)
def test_a_list_of_items_each_one_step(text: str) -> None:
    assert pairs_in(text) == [("HX3.0.0", [f"HX2.{n}.0"], EXACT) for n in (1, 2, 3)]


@pytest.mark.unit
@pytest.mark.parametrize(
    "text", ["Downgrades supported:\n- 3.2 to 3.1\n- 3.1 to 3.0\n", "Changes:\n- 3.0 to 3.1\n- 3.1 to 3.2\n"]
)
def test_a_list_of_downward_or_changelog_steps_is_no_list_of_upgrades(text: str) -> None:
    assert pairs_in(text) == []


@pytest.mark.unit
def test_a_list_introduced_by_the_following_versions_without_a_colon() -> None:
    text = "The following releases can be updated to 6.0.0\n\n- 5.1.9\n- 5.1.12\n- 5.1.17 and later releases\n"
    assert pairs_in(text) == [("6.0.0", ["5.1.9"], EXACT), ("6.0.0", ["5.1.12"], EXACT), ("6.0.0", ["5.1.17"], MINIMUM)]


@pytest.mark.unit
def test_a_table_whose_caption_names_the_target() -> None:
    text = "Table 4 - Lowest release to move to 5.0\nComponent | Minimum release\nHub | 4.4\nDisplay | 4.2"
    assert pairs_in(text) == [("5.0", ["4.4"], MINIMUM), ("5.0", ["4.2"], MINIMUM)]


# --- a step read as a base of the release, against the release's bases the document states -------------

ONE_HW = replace(ESME, hardware_versions=("0001",))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # the release's bases are stated, and the step is not one: it is a stop on another route
        ("Direct upgrade path: 01020005 -> 01030001.\n\nAnything on the 0101xxxx line: go to 01020000 first.",
         {("01030001", ("01020005",)), ("01020000", ("0101xxxx",))}),
        # the step is one of them, or above the minimum stated: nothing is taken back
        ("01030001 may only be installed on 01020005.\n\nMeters on 01010000 must first go to 01020005.",
         {("01030001", ("01020005",)), ("01020005", ("01010000",))}),
        ("01030001 needs 01020000 or later.\n\nMeters on 01010000 must first go to 01020005.",
         {("01030001", ("01020000",)), ("01020005", ("01010000",)), ("01030001", ("01020005",))}),
        # nothing else said of the release: the step is its base
        ("Meters on 01010000 must first go to 01020005.", {("01020005", ("01010000",)), ("01030001", ("01020005",))}),
    ],
)
def test_a_last_step_is_a_base_of_the_release_unless_the_document_says_otherwise(text: str, kept: set[object]) -> None:
    claims = without_contradicted_steps(claims_of(text, ONE_HW))
    assert {(c.target.text, tuple(b.text for b in c.bases)) for c in claims if c.relation is not Relation.UNREAD} == kept
