"""firpath.domain.versions: the written forms of a firmware version, hex identifiers, and version tokens in prose."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from firpath.domain import FirmwareVersion
from firpath.domain.versions import (
    MentionKind,
    family_pattern,
    matching_versions,
    normalise_hex_id,
    parse_firmware_version,
    register_version,
    version_mentions,
)

# --- parse_firmware_version ---------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # 8 hex digits, in either case
        ("0102000A", "0102000A"),
        ("0102000a", "0102000A"),
        ("deadbeef", "DEADBEEF"),
        ("00000000", "00000000"),
        ("FFFFFFFF", "FFFFFFFF"),
        # with a 0x / 0X prefix
        ("0x0102000a", "0102000A"),
        ("0X0102000A", "0102000A"),
        # dotted and colon-separated octets
        ("01.02.00.0A", "0102000A"),
        ("01.02.00.0a", "0102000A"),
        ("01:02:00:0a", "0102000A"),
        ("ff:ff:ff:ff", "FFFFFFFF"),
        # surrounding whitespace is not part of the version
        ("  0102000A\t", "0102000A"),
        (" 01.03.00.01 ", "01030001"),
    ],
)
def test_parses_every_octet_spelling_to_the_cpl_form(written: str, expected: str) -> None:
    assert parse_firmware_version(written) == FirmwareVersion(expected)


@pytest.mark.unit
@pytest.mark.parametrize(
    "written",
    [
        "0102000",  # 7 digits: too short
        "010200000A",  # 10 digits: too long
        "0x0102000",  # prefixed, too short
        "0x0102000A0",  # prefixed, too long
        "01.02.00",  # three octets
        "01.02.00.0A.05",  # five octets
        "1.2.0.10",  # octets must be written with two digits each
        "01-02-00-0A",  # dashes are not an octet separator
        "0x 0102000A",  # a space inside
        "0102 000A",
        "1.3.1",  # display versions are a different numbering: never converted here
        "v1.3.1",
        "01.21.29",
        "04.2400.09-1500",
        "",
        "   ",
        "garbage",
        "0102000G",  # not hex
        "v01020000",
        "N/A",
    ],
)
def test_rejects_what_is_not_an_octet_form(written: str) -> None:
    assert parse_firmware_version(written) is None


# --- normalise_hex_id -----------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2", "0002"),
        ("0002", "0002"),
        ("02", "0002"),
        ("10a7", "10A7"),
        ("0x10a7", "10A7"),
        ("0X3c05", "3C05"),
        (" 0x2 ", "0002"),
        # not a hex id of at most 4 digits: upper-cased and stripped, never reinterpreted
        ("ABCDE", "ABCDE"),
        ("00010", "00010"),
        ("AM-E200", "AM-E200"),
        (" Bolt G2 ", "BOLT G2"),
        ("G1", "G1"),
        ("", ""),
    ],
)
def test_normalise_hex_id(written: str, expected: str) -> None:
    assert normalise_hex_id(written) == expected


@pytest.mark.unit
@pytest.mark.parametrize(("written", "width", "expected"), [("2", 2, "02"), ("a", 8, "0000000A"), ("123", 2, "123")])
def test_normalise_hex_id_pads_to_the_given_width(written: str, width: int, expected: str) -> None:
    assert normalise_hex_id(written, width=width) == expected


@pytest.mark.unit
def test_normalise_hex_id_accepts_numbers() -> None:
    assert normalise_hex_id(2) == "0002"  # type: ignore[arg-type]  # a cell read as a number


# --- version_mentions -----------------------------------------------------------------------------------


def tokens(text: str) -> list[tuple[str, MentionKind, str | None]]:
    return [(t.text, t.kind, t.version.text if t.version else None) for t in version_mentions(text)]


O, D, F = MentionKind.OCTETS, MentionKind.NUMBER, MentionKind.FAMILY


@pytest.mark.unit
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Apply 01030001 on top of 01020005.", [("01030001", O, "01030001"), ("01020005", O, "01020005")]),
        ("Running 0x0102000a, then 01:02:00:0B;", [("0x0102000a", O, "0102000A"), ("01:02:00:0B", O, "0102000B")]),
        ("Firmware 01.03.00.01.", [("01.03.00.01", O, "01030001")]),
        ("(01030001)", [("01030001", O, "01030001")]),
        # dates written as 8 decimal digits are not versions
        ("Released on 20230115 as 01030001.", [("01030001", O, "01030001")]),
        ("Built 19991231.", []),
        ("Dated 2024-02-12.", []),
        # ...but an 8-digit run that cannot be a date is one
        ("Code 20231301.", [("20231301", O, "20231301")]),
        ("Firmware 0x20230115.", [("0x20230115", O, "20230115")]),
        # words made only of the letters a-f are prose
        ("The deadbeef value was acceded to.", []),
        ("DEADBEEF and FACADEDE", []),
        # display versions, with or without a v, and a build suffix
        ("Version 1.3.1 (01030001)", [("1.3.1", D, None), ("01030001", O, "01030001")]),
        ("v4.2 and V1.2.3.4", [("v4.2", D, None), ("V1.2.3.4", D, None)]),
        ("Display 04.2400.09-1500 shipped.", [("04.2400.09-1500", D, None)]),
        ("build 1.3.1-rc1", [("1.3.1-rc1", D, None)]),
        ("Requires GBCS v2.0 or later.", [("v2.0", D, None)]),
        # tokens glued to letters, digits or underscores are not taken
        ("AB0102000A7", []),
        ("x0102000A and 0102000Ab", []),
        ("fw01020000", []),
        ("id_01020000 and 01020000_x", []),
        ("01020000.1", []),  # followed by more dotted digits
        ("Dated 12.02.2024.", []),  # a date written with dots
        ("Dated 2024.02.12.", []),  # year first, the month in two digits
        ("Then upgrade to 2019.8.12.", [("2019.8.12", D, None)]),  # a year-numbered release: no date writes month 8
        ("on at least Hubcore 2.6.2788", [("2.6.2788", D, None)]),  # no date's year is 2788
        ("before updating to v6.", [("v6", D, None)]),  # a major with its v, ending a sentence
        # a vendor's letters glued to three or more numbers; two numbers stay a standard's or a part's
        ("to ABC3.0.0, then A-Bc4.2.0, fw3.1.0.b212 and sw2.9.1.r17", [("ABC3.0.0", D, None), ("A-Bc4.2.0", D, None),
                                                                     ("fw3.1.0.b212", D, None), ("sw2.9.1.r17", D, None)]),
        ("HW1.2 and GBCS3.2 devices", []),
        ("from 17.5 MR6 and 7.4.0 FP4", [("17.5 MR6", D, None), ("7.4.0 FP4", D, None)]),  # maintenance releases
        ("BETAFPV 2.4 GHz receivers, 2.4GHz, a 1.5 mm bezel, 99.9% uptime", []),  # measures, not versions
        # families and other schemes
        ("a 6.0-series release", [("6.0-series", F, None)]),
        ("from 4.4.x, 3.x and v1.6.x", [("4.4.x", F, None), ("3.x", F, None), ("v1.6.x", F, None)]),
        ("FOS v9.0x and 2023.8.z", [("v9.0x", F, None), ("2023.8.z", F, None)]),
        ("v24.2.0-alpha.1, 9.1RU1a, 15.1X49-D80, 08-609010200, 21H2, V7", [
            ("v24.2.0-alpha.1", D, None), ("9.1RU1a", D, None), ("15.1X49-D80", D, None), ("08-609010200", D, None),
            ("21H2", D, None), ("V7", D, None)]),
        ("R5.7 build 628, then R5.8.", [("R5.7 build 628", D, None), ("R5.8", D, None)]),
        ("No versions here at all.", []),
        ("", []),
    ],
)
def test_version_mentions_in_sentences(sentence: str, expected: list[tuple[str, MentionKind, str | None]]) -> None:
    assert tokens(sentence) == expected


@pytest.mark.unit
def test_version_mentions_report_their_span() -> None:
    sentence = "Firmware 01.03.00.01 needs v1.2.5."
    found = version_mentions(sentence)
    assert [(sentence[t.start : t.end], t.start, t.end) for t in found] == [("01.03.00.01", 9, 20), ("v1.2.5", 27, 33)]


@pytest.mark.unit
def test_an_0x_prefixed_all_letter_version_is_a_token() -> None:
    assert tokens("Firmware 0xDEADBEEF is withdrawn.") == [("0xDEADBEEF", O, "DEADBEEF")]


# --- properties -----------------------------------------------------------------------------------

VALUES = st.integers(min_value=0, max_value=0xFFFFFFFF)


def spellings(value: int) -> list[str]:
    octets = value.to_bytes(4, "big")
    return [
        f"{value:08X}",
        f"{value:08x}",
        f"0x{value:08x}",
        f"0X{value:08X}",
        ".".join(f"{o:02X}" for o in octets),
        ".".join(f"{o:02x}" for o in octets),
        ":".join(f"{o:02x}" for o in octets),
    ]


@pytest.mark.unit
@given(VALUES)
def test_every_spelling_of_a_32_bit_value_parses_back_to_it(value: int) -> None:
    expected = FirmwareVersion(f"{value:08X}")
    for written in spellings(value):
        parsed = parse_firmware_version(written)
        assert parsed == expected, written
        assert parsed.parts == tuple(value.to_bytes(4, "big"))


@pytest.mark.unit
@given(VALUES)
def test_dotted_and_colon_spellings_in_a_sentence_are_one_token_each(value: int) -> None:
    octets = value.to_bytes(4, "big")
    dotted = ".".join(f"{o:02X}" for o in octets)
    colon = ":".join(f"{o:02x}" for o in octets)
    found = version_mentions(f"Upgrade from {dotted} to {colon}.")
    assert [(t.text, t.kind, t.version) for t in found] == [
        (dotted, O, FirmwareVersion(f"{value:08X}")),
        (colon, O, FirmwareVersion(f"{value:08X}")),
    ]


@pytest.mark.unit
@given(VALUES, VALUES)
def test_cpl_versions_order_as_their_32_bit_values(a: int, b: int) -> None:
    assert (FirmwareVersion(f"{a:08X}") < FirmwareVersion(f"{b:08X}")) == (a < b)


# --- registers of other schemes ------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("cell", "expected"),
    [("0102000a", "0102000A"), ("01.02.00.0A", "0102000A"), ("4.2.1", "4.2.1"), ("4.2.1-3", "4.2.1-3"),
     ("10.14.02.0007", "10.14.02.0007"), ("fw3.1.0.b212", "fw3.1.0.b212"), (" 7.0 ", "7.0"), ("", None),
     ("see notes", None), ("1.2, 1.3", None)],
)
def test_register_version(cell: str, expected: str | None) -> None:
    found = register_version(cell)
    assert (found.text if found else None) == expected


@pytest.mark.unit
def test_other_schemes_order_by_their_numbers() -> None:
    written = ["10.14.02.0007", "4.2.1-3", "4.2.1", "4.10.0", "fw3.1.0.b212", "4.2.1-12"]
    ordered = sorted(FirmwareVersion(w) for w in written)
    assert [v.text for v in ordered] == ["fw3.1.0.b212", "4.2.1", "4.2.1-3", "4.2.1-12", "4.10.0", "10.14.02.0007"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "pattern"),
    [("4.4.x", (4, 4)), ("6.0-series", (6, 0)), ("3.x.x", (3,)), ("v9.0x", (9, 0)), ("8.x-1.x", (8, None, 1)), ("03.02.xx.xx", (3, 2)),
     ("2021.y", (2021,)), ("7.0", None), ("latest", None),
     # a CPL form with its last octets open: the octets it gives, read as hex
     ("0x0100xxxx", (1, 0)), ("0A05xxxx", (10, 5)), ("010203xx", (1, 2, 3))],
)
def test_family_pattern(text: str, pattern: tuple[int | None, ...] | None) -> None:
    assert family_pattern(text) == pattern


def fws(*texts: str) -> tuple[FirmwareVersion, ...]:
    return tuple(FirmwareVersion(t) for t in texts)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("written", "known", "expected"),
    [
        ("v7.0.2", fws("7.0.1", "7.0.2"), ("7.0.2",)),  # the same spelling, prefix aside
        ("7.0", fws("6.0.5", "7.0.0", "7.1.0"), ("7.0.0",)),  # the same numbers
        ("7.17", fws("7.16.3", "7.17.0", "7.17.9", "8.0.0"), ("7.17.0", "7.17.9")),  # a line, written short
        ("6.0-series", fws("5.0.3", "6.0.0", "6.0.5", "7.0.0"), ("6.0.0", "6.0.5")),  # a family's members
        ("Version 7", fws("6.4.0", "7.0.0", "7.2.1"), ("7.0.0", "7.2.1")),  # a major release
        # a scheme with a letter inside (Drupal's core prefix): the family is its written prefix
        ("7.x-2.x", fws("7.x-1.4", "7.x-2.0", "7.x-2.3", "8.x-2.1", "2.0.0"), ("7.x-2.0", "7.x-2.3")),
        ("7.x-2.x", fws("7.x-1.4", "8.x-2.1"), ()),
        ("ABC3.0.0", fws("A-Bc2.1.0", "A-Bc3.0.0"), ("A-Bc3.0.0",)),  # a vendor prefix however it is spelt
        ("sw2.9.1.r17", fws("2.9.1.r17", "2.8.1.r12"), ("2.9.1.r17",)),
        ("1.2.0.10", fws("01020009", "0102000A"), ("0102000A",)),  # the hex reading
        ("1.2.0.10", fws("01020010", "01020011"), ("01020010",)),  # the BCD reading
        ("1.3.1", fws("01030001", "01040000"), ("01030001",)),  # major.minor.0.patch
        ("v2.0.1", fws("00020001", "00020000"), ("00020001",)),  # 0.major.minor.patch: a leading zero octet
        ("v1.3.0", fws("00010300", "01030000"), ()),  # both layouts listed: not chosen
        ("v2.6.x", fws("00020400", "00020600", "00020601", "00020A00"), ("00020600", "00020601")),  # a family, after a zero octet
        ("03.03.x", fws("03020100", "0303000B", "03040001"), ("0303000B",)),  # a family of a CPL register
        ("1.2.0.10", fws("0102000A", "01020010"), ()),  # both readings listed: not chosen
        ("2.5.0", fws("2.4.0", "2.6.0"), ()),
        # a CPL version written with fewer numbers than its octets: the versions whose leading octets read so
        ("3.23", fws("03170005", "03190008"), ("03170005",)),  # 0x17 = 23
        ("v3.1", fws("03010115", "03010219", "03020001"), ("03010115", "03010219")),
        ("3.17", fws("03170005", "03110002"), ()),  # BCD 03 17 and hex 0x11: two readings, not chosen
        # a build number in the last two octets
        ("R5.7 build 628", fws("05070274", "0507025A"), ("05070274",)),
    ],
)
def test_matching_versions(written: str, known: tuple[FirmwareVersion, ...], expected: tuple[str, ...]) -> None:
    assert tuple(v.text for v in matching_versions(written, known).versions) == expected


@pytest.mark.unit
def test_an_ambiguous_reading_says_why() -> None:
    assert "hex and BCD" in matching_versions("1.2.0.10", fws("0102000A", "01020010")).note


@pytest.mark.unit
def test_the_documents_own_pairing_wins() -> None:
    assert matching_versions("4.21", fws("04150001", "04210000"), paired=FirmwareVersion("04150001")).versions == fws("04150001")


@pytest.mark.unit
@pytest.mark.parametrize(("text", "found"), [("Units on the 0x0005xxxx line", ["0x0005xxxx"]), ("the 0100xxxx builds", ["0100xxxx"]),
                                             ("a boxxxx of deadxxxx", [])])  # fmt: skip  # no digit: a word
def test_a_cpl_form_with_open_octets_is_a_family(text: str, found: list[str]) -> None:
    assert [(m.text, m.kind) for m in version_mentions(text)] == [(f, MentionKind.FAMILY) for f in found]

# the characters _MAY_NUMBER and _MAY_HEX look at, their neighbours, and characters outside ASCII (a digit among them)
_PRE_CHECK_TEXT = st.text(alphabet=st.sampled_from("0123456789abcdefABCDEFgGhHxXyYzZ*vVsS.:-_ ,(é\u0663\u2192"), max_size=14)


@pytest.mark.unit
@given(st.one_of(_PRE_CHECK_TEXT, st.builds("".join, st.lists(st.sampled_from(["series", "eries", "0x", "v", "1.", "ab.cd:", "0A0B0C0", "é"]), max_size=5)), st.text(max_size=12)))
def test_the_pre_check_by_byte_classes_is_the_patterns(text: str) -> None:
    from firpath.domain import versions

    assert versions._may_mention(text) is (versions._MAY_NUMBER.search(text) is not None or versions._MAY_HEX.search(text) is not None)
