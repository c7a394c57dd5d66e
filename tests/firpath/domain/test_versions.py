"""firpath.domain.versions: the written forms of a firmware version, hex identifiers, and version tokens in prose."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from firpath.domain import FirmwareVersion
from firpath.domain.versions import TokenKind, normalise_hex_id, parse_firmware_version, version_tokens

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


# --- version_tokens -----------------------------------------------------------------------------------


def tokens(text: str) -> list[tuple[str, TokenKind, str | None]]:
    return [(t.text, t.kind, t.version.hex if t.version else None) for t in version_tokens(text)]


O, D = TokenKind.OCTETS, TokenKind.DISPLAY


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
        ("versions 1.2.3.4.5", []),  # five parts: not a version
        ("No versions here at all.", []),
        ("", []),
    ],
)
def test_version_tokens_in_sentences(sentence: str, expected: list[tuple[str, TokenKind, str | None]]) -> None:
    assert tokens(sentence) == expected


@pytest.mark.unit
def test_version_tokens_report_their_span() -> None:
    sentence = "Firmware 01.03.00.01 needs v1.2.5."
    found = version_tokens(sentence)
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
        assert parsed.value == value


@pytest.mark.unit
@given(VALUES)
def test_dotted_and_colon_spellings_in_a_sentence_are_one_token_each(value: int) -> None:
    octets = value.to_bytes(4, "big")
    dotted = ".".join(f"{o:02X}" for o in octets)
    colon = ":".join(f"{o:02x}" for o in octets)
    found = version_tokens(f"Upgrade from {dotted} to {colon}.")
    assert [(t.text, t.kind, t.version) for t in found] == [
        (dotted, O, FirmwareVersion(f"{value:08X}")),
        (colon, O, FirmwareVersion(f"{value:08X}")),
    ]
