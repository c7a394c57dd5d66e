"""extractors.statements.context: what a document says it is about."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.statements.context import (
    DocumentContext,
    context_from_pairs,
    context_from_text,
    display_aliases,
    header_block_pairs,
    release_in,
    title_of,
    version_table_aliases,
)
from firpath.domain import DeviceRef, FirmwareVersion, VersionRef


def fw(hex_digits: str) -> FirmwareVersion:
    return FirmwareVersion(hex_digits)


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
        ("Versions in this note and their CPL form: 4.14 = 040E0008; 4.15 = 040F0003.", {"4.14": "040E0008", "4.15": "040F0003"}),
        # no explicit pairing, no alias
        ("1.3.1 01030001", {}),
        ("x = 01030001", {}),
        ("1.3.1 (01030001, 2024)", {}),
        ("1.3.1 (build 01030001)", {}),
        ("01030001 (02020000)", {}),
        ("1.3.1 (1.3.2)", {}),
    ],
)
def test_display_aliases(text: str, expected: dict[str, str]) -> None:
    assert display_aliases(text) == {k: fw(v) for k, v in expected.items()}


ALIASED = DocumentContext(aliases={"1.3.1": fw("01030001")})


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
        ("1.2.5", VersionRef("1.2.5", None)),  # read against the device's register by mapping
        ("", VersionRef("", None, "the document does not say which firmware release this is for")),
    ],
)
def test_resolve(written: str, expected: VersionRef) -> None:
    assert ALIASED.resolve(written) == expected


@pytest.mark.unit
def test_devices_one_per_hardware_version() -> None:
    assert DocumentContext("10A7", "0101").devices() == [DeviceRef("10A7", "0101", "")]
    named = DocumentContext("10A7", "0101").named("notes/acme.pdf", "Acme E470 notes")
    assert named.devices() == [DeviceRef("10A7", "0101", "", ("notes/acme.pdf", "Acme E470 notes"))]
    assert DocumentContext("10A7", "0101", ("0001", "0002")).devices() == [
        DeviceRef("10A7", "0101", "0001"),
        DeviceRef("10A7", "0101", "0002"),
    ]


@pytest.mark.unit
def test_a_header_line_holding_several_fields_gives_each() -> None:
    page = "Marlowe Metering\nModel ID C510 - HW 2 - 16 September 2020\nManufacturer: Marlowe | Device type: IHD\nRelease summary\n"
    assert header_block_pairs(page) == [("model id", "C510"), ("hw", "2"), ("manufacturer", "Marlowe"), ("device type", "IHD")]


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




@pytest.mark.unit
@pytest.mark.parametrize(
    ("title", "release"),
    [
        ("Acme E470 - Firmware 4.21 Release Notes", "4.21"),
        ("Release notes: Bolt G2 v2.2.0", "v2.2.0"),
        ("AM-E200 notes (GBCS v2.0)", ""),  # a protocol's version is not the release
        ("Notes for 1.2 and 1.3", ""),  # two releases: not one of its own
    ],
)
def test_release_in_a_title(title: str, release: str) -> None:
    assert release_in(title) == release


@pytest.mark.unit
def test_title_is_the_first_line_unless_the_page_opens_with_a_header() -> None:
    assert title_of("\nAcme E470 Firmware 4.21\nManufacturer: Acme") == "Acme E470 Firmware 4.21"
    assert title_of("Manufacturer: Acme\nModel: E470") == ""


@pytest.mark.unit
def test_a_version_history_table_pairs_marketing_and_cpl_versions() -> None:
    table = [["Version", "CPL version", "Date"], ["4.21", "04150001", "2024-02-12"], ["4.19", "0x04130000", "2023-09-01"]]
    assert version_table_aliases(table) == {"4.21": fw("04150001"), "4.19": fw("04130000")}


@pytest.mark.unit
def test_release_names_tied_to_a_cpl_form_in_brackets_or_a_version_table() -> None:
    from extractors.statements.context import name_aliases, release_names

    text = "Osprey (00120004) replaces Merlin SP2 (00110200). Please note Merlin (00110000) is withdrawn; Firmware (00110000) too."
    assert name_aliases(text) == {"Osprey": fw("00120004"), "Merlin SP2": fw("00110200"), "Merlin": fw("00110000")}
    assert name_aliases("Heron (00200001) and later Heron (00200200)") == {}  # one name, two releases: neither
    assert name_aliases("Aurora (00200001) notes; Aurora firmware 2.1 follows") == {}  # a product named with its versions
    table = [["Release", "Firmware", "Notes"], ["Kestrel SP1", "00100105", "service pack"], ["Kestrel", "00100003", "launch"]]
    assert version_table_aliases(table) == {"Kestrel SP1": fw("00100105"), "Kestrel": fw("00100003")}
    assert release_names({"Merlin": fw("00110000"), "4.21": fw("04150001"), "Merlin SP2": fw("00110200")}) == ("Merlin SP2", "Merlin")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("aliases", "expected"),
    [({"3.2.0.16": "03020010"}, "0302000A"), ({"3.2.0.16": "03020016"}, "03020010"), ({}, None),
     ({"3.2.0.5": "03020005"}, None),  # a pairing both codings give tells nothing
     ({"3.2.0.16": "03020010", "3.2.0.17": "03020017"}, None)],  # pairings that disagree tell nothing either
)  # fmt: skip
def test_a_version_both_codings_could_mean_is_read_as_the_documents_own_pairings_are(aliases: dict[str, str], expected: str | None) -> None:
    ctx = DocumentContext(aliases={k: fw(v) for k, v in aliases.items()})
    resolved = ctx.resolve("3.2.0.10")
    assert (resolved.version.text if resolved.version else None) == expected

    table = [["Version", "Firmware ID", "Released", "Min. previous"], ["4.2 SP5", "04020005", "2026-05", "4.1"], ["4.1", "04010000", "2025-02", "4.0"]]
    assert version_table_aliases(table) == {"4.2 SP5": fw("04020005"), "4.1": fw("04010000")}


def _aliases_by_token_pairs(text: str) -> dict[str, str]:
    """The reference: every pair of consecutive tokens of the whole text, as display_aliases once
    worked (it found the same pairings with one pattern, far faster)."""
    import re

    from extractors.statements.context import display_key as _display_key
    from firpath.domain.versions import MentionKind, version_mentions

    found: dict[str, str] = {}
    tokens = version_mentions(text)
    for left, right in zip(tokens, tokens[1:]):
        between = text[left.end : right.start]
        if not re.fullmatch(r"\s*\(\s*(?:(?:cpl|firmware|fw|version|hex|ota|:)\s*)*", between, re.I):
            continue
        if not re.match(r"\s*\)", text[right.end : right.end + 3]):
            continue
        if left.kind is MentionKind.NUMBER and right.version is not None:
            found[_display_key(left.text)] = str(right.version)
        elif right.kind is MentionKind.NUMBER and left.version is not None:
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


@pytest.mark.unit
def test_a_product_line_naming_its_hardware_gives_the_hardware_too() -> None:
    ctx = context_from_pairs([("Product", "Aldgate E470, model 0E47, hardware revision 0002 only"), ("Firmware", "02.00.00.03")])
    assert (ctx.hardware_versions, ctx.release) == (("0002",), "02.00.00.03")

_NEAR_MENTIONS = st.lists(
    st.sampled_from(["R5.7", "build", "628", "1.2.3", "v2", "series", "-series", "MR6", "01020304", "0x0102000A", "v1.3.1",
                     " ", "  ", "\t", "\n", "\u2003", ".", "-", "Version", "firmware", "x" * 40]),
    max_size=40,
).map("".join)  # fmt: skip


@pytest.mark.unit
@given(_NEAR_MENTIONS)
def test_the_mention_before_a_bracket_is_searched_for_from_its_last_words(text: str) -> None:
    from extractors.statements import context

    text += "("
    bracket = len(text) - 1
    full = context._PAIRED_LEFT.search(text, max(0, bracket - context._LEFT_REACH), bracket)
    found = context._paired_left(text, bracket)
    assert (found and (found.span(), found.groups())) == (full and (full.span(), full.groups()))
