"""extractors.statements: requirement phrasings, decoys, document context, sentences, From/To tables."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.statements import (
    PHRASINGS,
    DocumentContext,
    StatedRequirement,
    TextBlock,
    context_from_pairs,
    context_from_text,
    display_aliases,
    from_to_columns,
    header_block_pairs,
    sentences,
    stated_requirements,
    table_claims,
    text_claims,
)
from firpath.domain import Claim, DeviceRef, Evidence, FirmwareVersion, Relation, SourceKind, VersionRef

EXACT, MINIMUM = Relation.EXACT, Relation.MINIMUM


def fw(hex_digits: str) -> FirmwareVersion:
    return FirmwareVersion(hex_digits)


def stated(sentence: str) -> list[tuple[str, tuple[str, ...], Relation]]:
    return [(r.target, r.bases, r.relation) for r in stated_requirements(sentence)]


# --- phrasings that state a requirement ------------------------------------------------------------

# (sentence, phrasing, target as written ("" = the document's own release), bases as written, relation)
POSITIVE: list[tuple[str, str, str, tuple[str, ...], Relation]] = [
    # only-applied-to-running
    (
        "This release shall only be applied to devices running firmware 01020005 or 01020007.",
        "only-applied-to-running", "", ("01020005", "01020007"), EXACT,
    ),
    (
        "Firmware 01030001 shall only be applied to devices running 01020005.",
        "only-applied-to-running", "01030001", ("01020005",), EXACT,
    ),
    (
        "Firmware 01030001 must only be installed on meters with firmware 01020005, 01020006 or 01020007.",
        "only-applied-to-running", "01030001", ("01020005", "01020006", "01020007"), EXACT,
    ),
    (
        "This update may only be loaded onto devices at version 01.02.00.05.",
        "only-applied-to-running", "", ("01.02.00.05",), EXACT,
    ),
    (
        "The image can only be deployed to devices running 0x0102000a and 0x0102000b.",
        "only-applied-to-running", "", ("0x0102000a", "0x0102000b"), EXACT,
    ),
    (
        "Version 01030001 should only be activated on devices from 01020005/01020007.",
        "only-applied-to-running", "01030001", ("01020005", "01020007"), EXACT,
    ),
    (
        "It shall only be installed onto meters running release 01:02:00:05.",
        "only-applied-to-running", "", ("01:02:00:05",), EXACT,
    ),
    (
        "Firmware version 01030001 can only be installed on devices running firmware version 01020005.",
        "only-applied-to-running", "01030001", ("01020005",), EXACT,
    ),
    (
        "This release shall only be applied to devices running v1.2.5 or v1.2.7.",
        "only-applied-to-running", "", ("v1.2.5", "v1.2.7"), EXACT,
    ),
    (
        "This release shall only be applied to devices running firmware 01020005, 01020006, or 01020007.",
        "only-applied-to-running", "", ("01020005", "01020006", "01020007"), EXACT,
    ),
    # first-upgraded-to
    (
        "Devices must first be upgraded to 01020005 before installing 01030001.",
        "first-upgraded-to", "01030001", ("01020005",), EXACT,
    ),
    (
        "Devices must first be upgraded to the intermediate release 2.1.5 before installing this release.",
        "first-upgraded-to", "", ("2.1.5",), EXACT,
    ),
    ("Meters shall first be updated to 01020005.", "first-upgraded-to", "", ("01020005",), EXACT),
    (
        "Devices should first be brought up to firmware 01020005 or 01020007.",
        "first-upgraded-to", "", ("01020005", "01020007"), EXACT,
    ),
    (
        "Units will need to first be upgraded to 01020005 before applying firmware 01030001.",
        "first-upgraded-to", "01030001", ("01020005",), EXACT,
    ),
    (
        "Meters must first be updated up to version 01020005 before loading 01030001.",
        "first-upgraded-to", "01030001", ("01020005",), EXACT,
    ),
    (
        "Before installing 01030001, devices must first be upgraded to 01020005.",
        "first-upgraded-to", "01030001", ("01020005",), EXACT,
    ),
    (
        "Devices running 01020005 must first be upgraded to 01020007 before installing 01030001.",
        "first-upgraded-to", "01030001", ("01020007",), EXACT,
    ),
    # minimum-required-is
    (
        "The minimum firmware version required to install this update is 01.02.00.05.",
        "minimum-required-is", "", ("01.02.00.05",), MINIMUM,
    ),
    ("Minimum installed firmware version needed: 01020005.", "minimum-required-is", "", ("01020005",), MINIMUM),
    (
        "The minimum base firmware version supported for applying this release is 0x01020005.",
        "minimum-required-is", "", ("0x01020005",), MINIMUM,
    ),
    (
        "The minimum fw version required before installing the new firmware is 01020005.",
        "minimum-required-is", "", ("01020005",), MINIMUM,
    ),
    # requires-minimum
    (
        "Firmware 01030001 requires a minimum firmware version of 01020005.",
        "requires-minimum", "01030001", ("01020005",), MINIMUM,
    ),
    ("This release requires minimum firmware 01020005.", "requires-minimum", "", ("01020005",), MINIMUM),
    ("Requires min. fw version 01.02.00.05.", "requires-minimum", "", ("01.02.00.05",), MINIMUM),
    (
        "This update requires a minimum installed firmware version of 01020005.",
        "requires-minimum", "", ("01020005",), MINIMUM,
    ),
    # or-later-installed
    ("Firmware 01020005 or later must already be installed.", "or-later-installed", "", ("01020005",), MINIMUM),
    ("Version 01020005 or higher must be running.", "or-later-installed", "", ("01020005",), MINIMUM),
    ("FW 01020005 or newer shall be installed.", "or-later-installed", "", ("01020005",), MINIMUM),
    # upgrade-from-versions
    (
        "Supported upgrade-from versions: 00010000 and 00010100.",
        "upgrade-from-versions", "", ("00010000", "00010100"), EXACT,
    ),
    (
        "Supported upgrade from versions are 01020005, 01020006 and 01020007.",
        "upgrade-from-versions", "", ("01020005", "01020006", "01020007"), EXACT,
    ),
    (
        "Permitted update-from versions: 01020005 / 01020007.",
        "upgrade-from-versions", "", ("01020005", "01020007"), EXACT,
    ),
    ("Valid upgrade from version: 01020005.", "upgrade-from-versions", "", ("01020005",), EXACT),
    (
        "Allowed upgrade-from versions 01020005 or 01020007.",
        "upgrade-from-versions", "", ("01020005", "01020007"), EXACT,
    ),
    ("Supported upgrade-from versions: 1.2.5, 1.2.7.", "upgrade-from-versions", "", ("1.2.5", "1.2.7"), EXACT),
    # base-must-be-installed
    ("This release requires 01020005 to be installed first.", "base-must-be-installed", "", ("01020005",), EXACT),
    (
        "Firmware 01030001 requires firmware 01020005 to be installed beforehand.",
        "base-must-be-installed", "01030001", ("01020005",), EXACT,
    ),
    (
        "The update needs version 01020005 or 01020007 to be running before it.",
        "base-must-be-installed", "", ("01020005", "01020007"), EXACT,
    ),
    (
        "This image requires 01020005 to be present before this release.",
        "base-must-be-installed", "", ("01020005",), EXACT,
    ),
    # a negated version is not a base
    (
        "Upgrade from 01000005 is not supported; devices must first be upgraded to 01010003.",
        "first-upgraded-to", "", ("01010003",), EXACT,
    ),
    (
        "This release shall only be applied to devices running 01020005 or 01020007, not 01020006.",
        "only-applied-to-running", "", ("01020005", "01020007"), EXACT,
    ),
    (
        "This release shall only be applied to devices running firmware 01020005 and not to devices running 01010003.",
        "only-applied-to-running", "", ("01020005",), EXACT,
    ),
]


@pytest.mark.unit
@pytest.mark.parametrize(("sentence", "phrasing", "target", "bases", "relation"), POSITIVE)
def test_each_phrasing_states_its_requirement(
    sentence: str, phrasing: str, target: str, bases: tuple[str, ...], relation: Relation
) -> None:
    assert stated_requirements(sentence) == [StatedRequirement(phrasing, target, bases, relation)]


@pytest.mark.unit
def test_the_table_covers_every_phrasing() -> None:
    assert {p.name for p in PHRASINGS} <= {row[1] for row in POSITIVE}


CHAINS: list[tuple[str, list[tuple[str, tuple[str, ...]]]]] = [
    ("Upgrade path: 01000005 -> 01010003 -> 01020000", [("01010003", ("01000005",)), ("01020000", ("01010003",))]),
    ("Upgrade path: 01000005 -> 01010003 -> 01020000.", [("01010003", ("01000005",)), ("01020000", ("01010003",))]),
    ("Upgrade path: 01000005 \u2192 01010003 \u2192 01020000", [("01010003", ("01000005",)), ("01020000", ("01010003",))]),
    ("Upgrade Path: 01000005\u219201010003", [("01010003", ("01000005",))]),
    ("Upgrade path: 01000005 => 01010003", [("01010003", ("01000005",))]),
    ("Upgrade path: 01000005 then 01010003 then 01020000", [("01010003", ("01000005",)), ("01020000", ("01010003",))]),
    ("Upgrade path: 01000005 to 01010003", [("01010003", ("01000005",))]),
    ("Upgrade path: 01.00.00.05 > 01.01.00.03", [("01.01.00.03", ("01.00.00.05",))]),
    ("Upgrade path \u2013 01000005 -> 01010003", [("01010003", ("01000005",))]),
    ("Recommended upgrade path: 1.0.5 -> 1.1.3", [("1.1.3", ("1.0.5",))]),
    ("Upgrade path: v1.0.5 -> v1.1.3 -> v1.2.0", [("v1.1.3", ("v1.0.5",)), ("v1.2.0", ("v1.1.3",))]),
]


@pytest.mark.unit
@pytest.mark.parametrize(("line", "steps"), CHAINS)
def test_an_upgrade_path_chain_states_one_exact_requirement_a_step(
    line: str, steps: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert stated(line) == [(target, bases, EXACT) for target, bases in steps]
    assert {r.phrasing for r in stated_requirements(line)} == {"upgrade-path-chain"}


@pytest.mark.unit
@pytest.mark.parametrize("sentence", [row[0] for row in POSITIVE] + [line for line, _ in CHAINS])
def test_every_stated_requirement_has_a_trigger_word_and_none_without_it(sentence: str) -> None:
    """text_claims skips sentences without a trigger word: each phrasing must need one."""
    from extractors.statements import _TRIGGER

    assert _TRIGGER.search(sentence)
    assert stated_requirements(_TRIGGER.sub("xyzzy", sentence)) == []


# --- decoys: versions mentioned, no requirement stated ---------------------------------------------

DECOYS = [
    # version histories
    "Version 1.2.0 (01020000) fixed the display defect; this release fixes the load-limit alarm.",
    "Release 2.1.5 (02010005) improved gas valve diagnostics.",
    "Version history: 01000005, 01010003, 01020000.",
    "Firmware 01030001 was released on 20240212.",
    "This release supersedes 01020007.",
    "This release replaces 01020005 and 01020007; both are withdrawn.",
    # defects fixed
    "Fixed an issue where devices running 01010003 could lose the tariff after a power cut.",
    "Fixed an issue where devices running 01.01.00.03 reported a wrong tamper state.",
    "Devices running 01020005 report the wrong time.",
    # minimum hardware versions
    "The minimum hardware version required to install this update is 0002.",
    "Minimum hardware version: 0001.",
    "Requires a minimum hardware version of 00000002.",
    "This release shall only be applied to devices with hardware version 00000002.",
    # GBCS / SMETS / zigbee stack versions
    "Requires GBCS v2.0 or later.",
    "Requires GBCS v3.2 or later on the Communications Hub.",
    "Requires SMETS2 version 4.0 or later.",
    "The minimum GBCS version required is 3.2.",
    "Requires GBCS version 02000000 to be installed first.",
    "Zigbee stack version 01020005 or later must be installed.",
    "Requires zigbee stack version 01020005 to be installed first.",
    "The minimum zigbee stack version required is 01020005.",
    "Bootloader version 01000002 or later must be installed.",
    # orderings and warnings that name no base
    "Update the Communications Hub to 04020001 before applying this release to the meter.",
    "Do not install 01030001 on devices running 01000005.",
    "Upgrading from 01000005 directly to 01030001 is not supported.",
    "Devices on older firmware must be brought up to one of those releases first.",
    "Devices shipped before 2022 follow the path above before any later release.",
    "Applying this release out of order can leave the valve closed.",
]


@pytest.mark.unit
@pytest.mark.parametrize("sentence", DECOYS)
def test_a_decoy_states_nothing(sentence: str) -> None:
    assert stated_requirements(sentence) == []


# --- phrasings that were once read wrong (each was a bug, now fixed) ---


@pytest.mark.unit
@pytest.mark.parametrize(
    "sentence",
    [
        "This release shall only be applied to devices running firmware 01020005 or later.",
        "Devices must first be upgraded to 01020005 or later before installing this release.",
    ],
)
def test_or_later_after_an_exact_phrasing_is_a_minimum(sentence: str) -> None:
    assert stated(sentence) == [("", ("01020005",), MINIMUM)]


@pytest.mark.unit
def test_a_display_version_with_a_build_suffix_is_kept_whole() -> None:
    sentence = "Devices must first be upgraded to 04.2400.09-1500 before installing this release."
    assert stated(sentence) == [("", ("04.2400.09-1500",), EXACT)]


@pytest.mark.unit
def test_or_later_installed_reads_a_target_named_after_it() -> None:
    sentence = "Firmware 01020005 or above needs to be present before installing 01030001."
    assert stated(sentence) == [("01030001", ("01020005",), MINIMUM)]


@pytest.mark.unit
def test_an_upgrade_path_introduced_by_is() -> None:
    assert stated("The upgrade path is 01000005 -> 01010003 -> 01020000.") == [
        ("01010003", ("01000005",), EXACT),
        ("01020000", ("01010003",), EXACT),
    ]


@pytest.mark.unit
def test_a_two_step_instruction_gives_the_last_step_as_the_base() -> None:
    found = stated("Devices must first be upgraded to 01020005 and then to 01020007 before installing 01030001.")
    assert ("01030001", ("01020007",), EXACT) in found
    assert all(bases != ("01020005",) for target, bases, _ in found if target in {"", "01030001"})


@pytest.mark.unit
@pytest.mark.parametrize(
    "sentence",
    [
        "The bootloader must first be upgraded to 01000002 before installing this release.",
        "The zigbee stack must first be upgraded to 01000002 before installing this release.",
    ],
)
def test_a_non_firmware_component_named_as_subject_states_nothing(sentence: str) -> None:
    assert stated_requirements(sentence) == []


@pytest.mark.unit
@pytest.mark.parametrize(
    "sentence",
    [
        "This release shall only be applied to devices running 0xAABBCCDD.",
        "Devices must first be upgraded to 20230115.",
    ],
)
def test_a_requirement_never_has_an_empty_base_list(sentence: str) -> None:
    assert all(r.bases for r in stated_requirements(sentence))


# --- document context ------------------------------------------------------------------------------

HEADER_TEXT = """Acme Metering AM-E200 Electricity Meter - Firmware Release Notes v1.3.1
Manufacturer: Acme Metering Ltd (Manufacturer ID 10A7)
Device Type: Electricity Meter
Model: AM-E200 (Model ID 0101)
Hardware Versions: 0001, 0002 and 0x3
Release: Version 1.3.1 (CPL firmware version 01030001)
Date: 12 February 2024

Release 1.2.5 (01020005) fixed the tariff defect.
Model: AM-E300
"""


@pytest.mark.unit
def test_context_from_text_reads_header_lines_and_pairings() -> None:
    assert context_from_text(HEADER_TEXT) == DocumentContext(
        manufacturer="10A7",
        model="0101",
        hardware_versions=("0001", "0002", "0003"),
        device_type="ESME",
        release="01030001",
        aliases={"1.3.1": fw("01030001"), "1.2.5": fw("01020005")},
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (
            [("Manufacturer", "Circuit Devices plc (3C05)"), ("Model ID", "0101"), ("HW versions", "2/3"),
             ("Device type", "Prepayment Interface"), ("Firmware Version", "00020000")],
            DocumentContext("3C05", "0101", ("0002", "0003"), "PPMID", "00020000"),
        ),
        (
            [("Manufacturer:", "Bolt Meters Ltd"), ("Model", "Bolt G2"), ("Hardware Version", "0001"),
             ("Release", "Version 2.2.0"), ("Device Type", "GSME")],
            DocumentContext("Bolt Meters Ltd", "Bolt G2", ("0001",), "GSME", "2.2.0"),
        ),
        (
            [("Vendor", "X Ltd (id: 0x00ab)"), ("Product", "P (identifier 0102)"), ("Hardware", "0002; 0003 & 4"),
             ("Device Type", "widget"), ("Version", "1.3.1 (01030001)")],
            DocumentContext("00AB", "0102", ("0002", "0003", "0004"), "WIDGET", "01030001"),
        ),
        (
            [("Device type", "Communications Hub"), ("CPL firmware version", "0x04020001"),
             ("Manufacturer identifier", "Hub Co (Manufacturer ID 0x04a1)"), ("Model identifier", "0x0B02")],
            DocumentContext("04A1", "0x0B02", (), "CHF", "0x04020001"),  # a bare id is kept as written
        ),
        # the first value for a field wins; blank values and unknown keys are passed over
        (
            [("Manufacturer", ""), ("Manufacturer", "Later Ltd"), ("Manufacturer", "Even Later Ltd"),
             ("Model", "AM (0101)"), ("Hardware version", "rev B"), ("Colour", "blue")],
            DocumentContext("Later Ltd", "0101", (), "", ""),
        ),
    ],
)
def test_context_from_pairs(pairs: list[tuple[str, str]], expected: DocumentContext) -> None:
    assert context_from_pairs(pairs) == expected


@pytest.mark.unit
def test_context_from_pairs_keeps_what_the_base_context_already_has() -> None:
    base = DocumentContext(manufacturer="10A7", release="01030001")
    ctx = context_from_pairs([("Manufacturer", "Other (FFFF)"), ("Model", "0101"), ("Release", "01040000")], base)
    assert ctx == DocumentContext(manufacturer="10A7", model="0101", release="01030001")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Version 1.3.1 (CPL firmware version 01030001)", {"1.3.1": "01030001"}),
        ("01030001 (v1.3.1)", {"1.3.1": "01030001"}),
        ("Release 2.1.5 (02010005) improved diagnostics.", {"2.1.5": "02010005"}),
        ("1.3.1 (fw 0x01030001)", {"1.3.1": "01030001"}),
        ("v2.2.0 (hex: 02.02.00.00)", {"2.2.0": "02020000"}),
        ("01030001 (1.3.1) and 01020005 (1.2.5)", {"1.3.1": "01030001", "1.2.5": "01020005"}),
        # no explicit pairing, no alias
        ("1.3.1 01030001", {}),
        ("1.3.1 (01030001, 2024)", {}),
        ("1.3.1 (build 01030001)", {}),
        ("01030001 (02020000)", {}),
        ("1.3.1 (1.3.2)", {}),
    ],
)
def test_display_aliases(text: str, expected: dict[str, str]) -> None:
    assert display_aliases(text) == {k: fw(v) for k, v in expected.items()}


ALIASED = DocumentContext(aliases={"1.3.1": fw("01030001")})
UNPAIRED = (
    "display version {} is not paired with a CPL firmware version (8 hex digits) in this document; not converted"
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("01.03.00.01", VersionRef("01.03.00.01", fw("01030001"))),
        ("0x01030001", VersionRef("0x01030001", fw("01030001"))),
        ("01:03:00:01", VersionRef("01:03:00:01", fw("01030001"))),
        ("1.3.1", VersionRef("1.3.1", fw("01030001"), "display version 1.3.1 = 01030001 in this document")),
        ("v1.3.1", VersionRef("v1.3.1", fw("01030001"), "display version v1.3.1 = 01030001 in this document")),
        (" 1.3.1 ", VersionRef("1.3.1", fw("01030001"), "display version 1.3.1 = 01030001 in this document")),
        ("1.2.5", VersionRef("1.2.5", None, UNPAIRED.format("1.2.5"))),
        ("", VersionRef("", None, "the document does not say which firmware release this is for")),
    ],
)
def test_resolve(written: str, expected: VersionRef) -> None:
    assert ALIASED.resolve(written) == expected


@pytest.mark.unit
def test_devices_one_per_hardware_version() -> None:
    assert DocumentContext("10A7", "0101").devices() == [DeviceRef("10A7", "0101", "")]
    assert DocumentContext("10A7", "0101", ("0001", "0002")).devices() == [
        DeviceRef("10A7", "0101", "0001"),
        DeviceRef("10A7", "0101", "0002"),
    ]


@pytest.mark.unit
def test_header_block_pairs_reads_key_value_lines_above_the_first_sentence() -> None:
    page = (
        "AM-E200 notes\n"
        "Manufacturer Acme Metering Ltd (Manufacturer ID 10A7)\n"
        "Device Type ESME\n"
        "Model: AM-E200 (Model ID 0101)\n"
        "Hardware Versions\t0001, 0002\n"
        "Release Version 1.3.1 (CPL firmware version 01030001)\n"
        "Installation\n"
        "Devices on older firmware must be brought up to one of those releases first.\n"
        "Model AM-E300\n"
    )
    assert header_block_pairs(page) == [
        ("manufacturer", "Acme Metering Ltd (Manufacturer ID 10A7)"),
        ("device type", "ESME"),
        ("model", "AM-E200 (Model ID 0101)"),
        ("hardware versions", "0001, 0002"),
        ("release version", "1.3.1 (CPL firmware version 01030001)"),
    ]


@pytest.mark.unit
@pytest.mark.parametrize(
    "sentence",
    [
        "This release shall only be applied to devices running firmware 01020005 or 01020007.",
        "Release 2.1.5 (02010005) improved gas valve diagnostics.",
    ],
)
def test_header_block_pairs_stop_at_a_first_sentence_that_starts_with_a_key_word(sentence: str) -> None:
    page = f"Bolt G2 notes\nManufacturer Bolt Meters Ltd\nModel Bolt G2\n{sentence}\nHardware Version 0009\n"
    assert header_block_pairs(page) == [("manufacturer", "Bolt Meters Ltd"), ("model", "Bolt G2")]


# --- sentences -------------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # lines wrapped inside a sentence are joined back
        (
            "This release shall only be applied to devices running firmware\n01020005 or 01020007. Devices on\n"
            "older firmware must be brought up to one of those releases first.",
            [
                "This release shall only be applied to devices running firmware 01020005 or 01020007.",
                "Devices on older firmware must be brought up to one of those releases first.",
            ],
        ),
        # a heading stands alone
        (
            "Installation requirements\nThis release requires 01020005 to be installed first.",
            ["Installation requirements", "This release requires 01020005 to be installed first."],
        ),
        # bullets are items of their own, their markers dropped
        (
            "Defects fixed\n- Fixed the tariff.\n\u2022 Fixed the alarm\n* Fixed the clock\nwhen it drifted.",
            ["Defects fixed", "Fixed the tariff.", "Fixed the alarm", "Fixed the clock when it drifted."],
        ),
        # Key: value lines and upgrade path lines never join prose
        (
            "Model: AM-E200\nHardware Version: 0002\nUpgrade path: 01000005 -> 01010003\nDevices shipped before 2022 follow it.",
            ["Model: AM-E200", "Hardware Version: 0002", "Upgrade path: 01000005 -> 01010003",
             "Devices shipped before 2022 follow it."],
        ),
        # blank lines end paragraphs; whitespace is folded; sentences split after . ! ?
        (
            "Hello team\n\nNew paragraph.   Extra   spaces here! And (bracket) start? \"Quoted\" too.",
            ["Hello team", "New paragraph.", "Extra spaces here!", "And (bracket) start?", "\"Quoted\" too."],
        ),
        ("", []),
        ("\n  \n", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert list(sentences(text)) == expected


@pytest.mark.unit
def test_a_numbered_heading_after_a_sentence_stands_alone() -> None:
    text = "Firmware 01030001 shall only be applied to devices running 01020005.\n2. Historical upgrade path\n"
    assert list(sentences(text)) == [
        "Firmware 01030001 shall only be applied to devices running 01020005.",
        "2. Historical upgrade path",
    ]


@pytest.mark.unit
@pytest.mark.xfail(
    strict=True,
    reason="sentences() splits a sentence whose wrapped line starts with a capitalised word after a "
    "non-'continuing' word ('The Communications' / 'Hub must first ...'); with a PPMID context the "
    "cross-device decoy then loses 'Communications' and becomes a claim",
)
def test_a_line_wrapped_before_a_capitalised_word_is_joined() -> None:
    text = "The Communications\nHub must first be upgraded to 04020001 before installing this PPMID firmware."
    assert list(sentences(text)) == [
        "The Communications Hub must first be upgraded to 04020001 before installing this PPMID firmware."
    ]
    assert claims_of(text, PPMID) == []


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
            c.target.version.hex if c.target.version else None,
            tuple((b.text, b.version.hex if b.version else None) for b in c.bases),
            c.relation,
            c.evidence.text,
        )
        for c in claims
    ]


@pytest.mark.unit
def test_text_claims_make_one_claim_per_hardware_version() -> None:
    sentence = "This release shall only be applied to devices running firmware 01020005 or 1.2.7."
    claims = claims_of(f"Installation\n{sentence}", ESME, location="page 3")
    bases = (VersionRef("01020005", fw("01020005")), VersionRef("1.2.7", fw("01020007"), "display version 1.2.7 = 01020007 in this document"))
    evidence = Evidence(file="inbox/note.pdf", sha256="abc", location="page 3", text=sentence)
    assert claims == [
        Claim(DeviceRef("10A7", "0101", hw), VersionRef("01030001", fw("01030001")), bases, EXACT, evidence, SourceKind.RELEASE_NOTE)
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
        # an unpaired display version is kept as written, not converted
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
        # a negated version is no base
        (
            "Upgrade from 01000005 is not supported; devices must first be upgraded to 01010003.",
            [(hw, "01030001", "01030001", (("01010003", "01010003"),), EXACT,
              "Upgrade from 01000005 is not supported; devices must first be upgraded to 01010003.")
             for hw in ("0001", "0002")],
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
    assert stated_requirements(sentence)  # the wording alone would state one
    assert claims_of(sentence, ctx) == []


# --- From/To tables ---------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["From version", "To version", "Notes"], (0, 1)),
        (["FROM", "TO"], (0, 1)),
        (["From", "To"], (0, 1)),
        (["Base Version", "Target Version"], (0, 1)),
        (["Installed", "New"], (0, 1)),
        (["Current version", "New version"], (0, 1)),
        (["Upgrade from", "Upgrade to"], (0, 1)),
        (["From Firmware", "To Firmware"], (0, 1)),
        (["From (version)", "To (version)"], (0, 1)),
        (["Notes", "To", "From"], (2, 1)),
        (["Step", None, "from", "to"], (2, 3)),
        (["Version", "CPL firmware version", "Date", "Notes"], None),
        (["From", "From"], None),
        (["From", "Notes"], None),
        ([], None),
    ],
)
def test_from_to_columns(header: list[str | None], expected: tuple[int, int] | None) -> None:
    assert from_to_columns(header) == expected


@pytest.mark.unit
def test_from_to_columns_knows_fw_abbreviations() -> None:
    assert from_to_columns(["Current FW", "Target FW"]) == (0, 1)


BOLT = DocumentContext(manufacturer="Bolt Meters Ltd", model="Bolt G2", hardware_versions=("0001",), release="02020000")


def table_of(rows: list[list[str | None]], ctx: DocumentContext = BOLT) -> list[Claim]:
    return table_claims(
        rows, ctx, file="inbox/bolt.pdf", sha256="abc", location="page 2, table 1", source_kind=SourceKind.RELEASE_NOTE
    )


@pytest.mark.unit
def test_table_claims_one_claim_a_row() -> None:
    rows = [
        ["From version", "To version", "Notes"],
        ["02010001", "02010003", "Direct"],
        ["02010003, 02010004", "02010005", ""],  # several bases in one cell
        ["", "", ""],  # a blank row
        [None, None, None],
        ["short"],  # a row without the To column
        ["02010005 / 0x02010006", "02020000 (2.2.0)", None],
    ]
    claims = table_of(rows)
    assert [
        (c.target.text, tuple((b.text, b.version) for b in c.bases), c.relation, c.evidence.location, c.evidence.text)
        for c in claims
    ] == [
        ("02010003", (("02010001", fw("02010001")),), EXACT, "page 2, table 1 row 1",
         "From version: 02010001 | To version: 02010003 | Notes: Direct"),
        ("02010005", (("02010003", fw("02010003")), ("02010004", fw("02010004"))), EXACT, "page 2, table 1 row 2",
         "From version: 02010003, 02010004 | To version: 02010005 | Notes: "),
        ("02020000", (("02010005", fw("02010005")), ("0x02010006", fw("02010006"))), EXACT, "page 2, table 1 row 6",
         "From version: 02010005 / 0x02010006 | To version: 02020000 (2.2.0) | Notes: "),
    ]
    assert {c.device for c in claims} == {DeviceRef("Bolt Meters Ltd", "Bolt G2", "0001")}
    assert {(c.evidence.file, c.evidence.sha256, c.source_kind) for c in claims} == {
        ("inbox/bolt.pdf", "abc", SourceKind.RELEASE_NOTE)
    }


@pytest.mark.unit
def test_table_claims_one_claim_per_hardware_version_and_row() -> None:
    ctx = DocumentContext("10A7", "0101", ("0001", "0002"), "ESME", "01030001", {"1.2.5": fw("01020005")})
    claims = table_of([["FROM", "TO"], ["1.2.5", "01030001"]], ctx)
    assert [(c.device.hardware_version, c.target.version, tuple(b.version for b in c.bases)) for c in claims] == [
        ("0001", fw("01030001"), (fw("01020005"),)),
        ("0002", fw("01030001"), (fw("01020005"),)),
    ]


@pytest.mark.unit
def test_a_table_row_naming_a_model_and_hardware_overrides_the_context() -> None:
    (claim,) = table_of([["From", "To", "Applies to"], ["01020005", "01030001", "model 0202 hardware 0009"]])
    assert claim.device == DeviceRef("Bolt Meters Ltd", "0202", "0009")


@pytest.mark.unit
@pytest.mark.parametrize("rows", [[], [["Version", "Date"], ["01020005", "2023-05"]]])
def test_a_table_that_is_not_from_to_gives_nothing(rows: list[list[str | None]]) -> None:
    assert table_of(rows) == []


@pytest.mark.unit
def test_a_row_with_a_blank_from_cell_gives_a_blank_base() -> None:
    (claim,) = table_of([["From", "To"], ["", "02010003"]])
    assert (claim.target.version, [(b.text, b.version) for b in claim.bases]) == (fw("02010003"), [("", None)])


@pytest.mark.unit
def test_a_row_with_a_blank_to_cell_does_not_take_the_documents_release() -> None:
    (claim,) = table_of([["From", "To"], ["02010001", ""]])
    assert (claim.target.text, claim.target.version) == ("", None)


@pytest.mark.unit
@pytest.mark.parametrize("cell", ["N/A", "n/a", "None", "-"])
def test_a_not_applicable_from_cell_means_no_base_required(cell: str) -> None:
    (claim,) = table_of([["From", "To"], [cell, "02010001"]])
    assert (claim.relation, claim.bases) == (Relation.NONE, ())


def _aliases_by_token_pairs(text: str) -> dict[str, str]:
    """The reference: every pair of consecutive tokens of the whole text, as display_aliases once
    worked (it found the same pairings with one pattern, far faster)."""
    import re

    from extractors.statements import _display_key
    from firpath.domain.versions import TokenKind, version_tokens

    found: dict[str, str] = {}
    tokens = version_tokens(text)
    for left, right in zip(tokens, tokens[1:]):
        between = text[left.end : right.start]
        if not re.fullmatch(r"\s*\(\s*(?:(?:cpl|firmware|fw|version|hex|ota|:)\s*)*", between, re.I):
            continue
        if not re.match(r"\s*\)", text[right.end : right.end + 3]):
            continue
        if left.kind is TokenKind.DISPLAY and right.version is not None:
            found[_display_key(left.text)] = str(right.version)
        elif right.kind is TokenKind.DISPLAY and left.version is not None:
            found[_display_key(right.text)] = str(left.version)
    return found


_TOKENS = ["1.3.1", "v2.2.0", "01030001", "0x01030001", "02.02.00.00", "20230115", "deadbeef", "12.4-rc1", "0102"]
_WORDS = ["CPL", "cpl", "firmware", "version", "hex", "hex:", "fw", "ota", ":", "build", "and", ","]
_SPACE = st.sampled_from(["", " ", "  ", "\n"])
_PAIR = st.builds(
    lambda left, s1, s2, words, right, s3, close: f"{left}{s1}({s2}{' '.join(words)}{' ' if words else ''}{right}{s3}{close}",
    st.sampled_from(_TOKENS), _SPACE, _SPACE, st.lists(st.sampled_from(_WORDS), max_size=3), st.sampled_from(_TOKENS),
    _SPACE, st.sampled_from([")", ") ", ", 2024)", "", " x)"]),
)  # fmt: skip
_PIECE = st.one_of(_PAIR, st.sampled_from(_TOKENS + _WORDS + ["(", ")", " ", "x", "AB", ".", "Release "]))


@pytest.mark.unit
@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECE, max_size=6))
def test_display_aliases_finds_what_the_consecutive_token_pairs_give(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert {k: str(v) for k, v in display_aliases(text).items()} == _aliases_by_token_pairs(text)
