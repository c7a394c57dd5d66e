"""Firmware versions as documents write them, and their one CPL form.

The CPL writes a firmware version as 4 octets in 8 hex digits (`0102000A`). Documents also write
`0x0102000a` and `01.02.00.0A`: the same octets, so they normalise losslessly. A display
("marketing") version such as `1.3.1` is a different numbering altogether; it is tied to a CPL
version only where the same document pairs the two ("Version 1.3.1 (CPL firmware version
01030001)"). BCD and hex codings of the same number are never converted into each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from firpath.domain import FirmwareVersion

_HEX8 = re.compile(r"(?:0[xX])?([0-9A-Fa-f]{8})")
_DOTTED_OCTETS = re.compile(r"([0-9A-Fa-f]{2})[.:]([0-9A-Fa-f]{2})[.:]([0-9A-Fa-f]{2})[.:]([0-9A-Fa-f]{2})")


def parse_firmware_version(text: str) -> FirmwareVersion | None:
    """The CPL form of a written firmware version, or None when it is not one of the octet forms."""
    text = text.strip()
    if m := _HEX8.fullmatch(text):
        return FirmwareVersion(m.group(1).upper())
    if m := _DOTTED_OCTETS.fullmatch(text):
        return FirmwareVersion("".join(m.groups()).upper())
    return None


def normalise_hex_id(text: str, width: int = 4) -> str:
    """A hex identifier (manufacturer, model, hardware version) in one form: upper case, zero-padded.

    Padding changes no value (`2` and `0002` are the same hardware version); anything that is not
    hex is returned stripped and upper-cased so that it can still be compared, never reinterpreted.
    """
    text = str(text).strip()
    if text.lower().startswith("0x"):
        text = text[2:]
    if text and all(c in "0123456789abcdefABCDEF" for c in text) and len(text) <= width:
        return text.upper().zfill(width)
    return text.upper()


class TokenKind(StrEnum):
    OCTETS = "octets"  # a CPL-form version in one of its spellings
    DISPLAY = "display"  # a dotted display version (1.3.1, 01.21.29, v4.2)


@dataclass(frozen=True)
class VersionToken:
    text: str
    kind: TokenKind
    start: int
    end: int
    version: FirmwareVersion | None  # set for OCTETS


# Order matters: dotted octets before display versions, so `01.02.00.0A` is one octets token.
# A token must not be glued to other word characters (`AB0102000A7` is not a version), and an
# 8-digit run that is all decimal and reads as a date (20230115) is not taken as hex.
_TOKEN = re.compile(
    r"(?<![\w.])(?:"
    r"(?P<dotted>[0-9A-Fa-f]{2}(?:[.:][0-9A-Fa-f]{2}){3})"
    r"|(?P<hex>(?:0[xX])?[0-9A-Fa-f]{8})"
    r"|[vV]?(?P<display>\d{1,4}(?:\.\d{1,4}){1,3}(?:-\w+)?)"
    r")(?![\w])(?!\.\d)"
)
_DATE_LIKE = re.compile(r"(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")


def version_tokens(text: str) -> list[VersionToken]:
    """Every version-looking token in a piece of text, in order of appearance."""
    tokens: list[VersionToken] = []
    for m in _TOKEN.finditer(text):
        if m.group("dotted"):
            raw = m.group("dotted")
            tokens.append(
                VersionToken(raw, TokenKind.OCTETS, m.start(), m.end(), parse_firmware_version(raw))
            )
        elif m.group("hex"):
            if _is_prose_hex(m):
                continue
            raw = m.group(0)
            tokens.append(
                VersionToken(raw, TokenKind.OCTETS, m.start(), m.end(), parse_firmware_version(raw))
            )
        else:
            tokens.append(VersionToken(m.group(0), TokenKind.DISPLAY, m.start(), m.end(), None))
    return tokens


def token_pattern() -> str:
    """The version token's regular expression without its group names, to build larger patterns
    from (see `extractors.statements.display_aliases`)."""
    return re.sub(r"\?P<\w+>", "", _TOKEN.pattern)


def has_version_token(text: str) -> bool:
    """Whether `version_tokens(text)` would find any: the cheap test that most prose fails."""
    return any(not (m.group("hex") and _is_prose_hex(m)) for m in _TOKEN.finditer(text))


def _is_prose_hex(m: re.Match[str]) -> bool:
    """An 8-hex-digit run without `0x` that is a date (20230115) or a word ("deadbeef", "acceded")."""
    raw = m.group(0)
    if raw[:2].lower() == "0x":
        return False
    return bool(_DATE_LIKE.fullmatch(raw)) or raw.isalpha()
