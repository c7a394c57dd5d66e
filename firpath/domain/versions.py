"""Firmware versions as registers and documents write them, and how a written one is read.

A GB CPL writes a firmware version as 4 octets in 8 hex digits (`0102000A`); documents also write
`0x0102000a` and `01.02.00.0A` (the same octets, normalised losslessly), `1.2.0.10` (the octets as
decimal numbers), `v1.2.0`, or a marketing version that the same document ties to the hex form
somewhere ("Version 4.21 (CPL firmware 04150001)"). Registers of other schemes write dotted numbers
with suffixes (`4.2.1-3`, `10.14.02.0007`, `fw3.1.0.b212`).

`version_mentions` finds what looks like a version in text: a CPL octet form, a numbered version
(`7.0`, `v24.2.0-alpha.1`, `9.1RU1a`), or a family (`3.2.x`, `6.0-series`). `matching_versions`
reads one written version against a device's register: it maps when exactly one reading of it exists
there; when a hex and a BCD reading both exist it says so and does not choose.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from firpath.domain import FirmwareVersion

_HEX8 = re.compile(r"(?:0[xX])?([0-9A-Fa-f]{8})")
_DOTTED_OCTETS = re.compile(r"([0-9A-Fa-f]{2})[.:]([0-9A-Fa-f]{2})[.:]([0-9A-Fa-f]{2})[.:]([0-9A-Fa-f]{2})")
# A register cell of another scheme: one token with a digit, a short letter prefix at most (`fw3.1`).
_REGISTER_TOKEN = re.compile(r"[A-Za-z]{0,4}[ ._-]?\d[0-9A-Za-z._+~-]{0,38}")


def parse_firmware_version(text: str) -> FirmwareVersion | None:
    """The CPL form of a written version, or None when it is not one of the octet forms."""
    text = text.strip()
    if m := _HEX8.fullmatch(text):
        return FirmwareVersion(m.group(1).upper())
    if m := _DOTTED_OCTETS.fullmatch(text):
        return FirmwareVersion("".join(m.groups()).upper())
    return None


def register_version(text: str) -> FirmwareVersion | None:
    """A register cell as a firmware version: an octet form in its CPL form, another scheme's version
    as written; None for anything that is not one version (blank, words, several values)."""
    text = str(text).strip()
    if (octets := parse_firmware_version(text)) is not None:
        return octets
    if _REGISTER_TOKEN.fullmatch(text):
        return FirmwareVersion(text)
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


# --- versions in text ------------------------------------------------------------------------------


class MentionKind(StrEnum):
    OCTETS = "octets"  # a CPL-form version in one of its spellings (`0x0102000A`, `01.02.00.0A`)
    NUMBER = "number"  # a numbered version (`1.3.1`, `v24.2.0-alpha.1`, `9.1RU1a`, `V7`)
    FAMILY = "family"  # a version family (`4.4.x`, `6.0-series`, `v9.0x`)


@dataclass(frozen=True)
class VersionMention:
    text: str
    kind: MentionKind
    start: int
    end: int
    version: FirmwareVersion | None = None  # set for OCTETS


_NUMBER_SUFFIX = r"(?:-(?:alpha|beta|rc|dev|[0-9])[0-9A-Za-z]*(?:\.[0-9A-Za-z]+)*|[A-Z]{1,3}\d+[a-z]?(?:-[A-Z]\d+)?|[a-z]\d+)?"
# Order matters: dotted octets before numbers, so `01.02.00.0A` is one octets mention; families before
# numbers, so `4.4.x` is not the number `4.4`. A mention must not be glued to other word characters
# (`AB0102000A7` is not a version), and an 8-digit run that is all decimal and reads as a date
# (20230115) is not taken as hex.
_MENTION = re.compile(
    r"(?<![\w.])(?:"
    r"(?P<dotted>[0-9A-Fa-f]{2}(?:[.:][0-9A-Fa-f]{2}){3})(?![\w])(?!\.\w)"
    r"|(?P<hex>(?:0[xX])?[0-9A-Fa-f]{8})(?![\w])(?!\.\d)"
    # `0x0100xxxx`, `0005xxxx`: a CPL form with its last octets left open
    r"|(?P<family>(?:0[xX])?(?=[0-9A-Fa-f]{0,5}\d)(?:[0-9A-Fa-f]{6}[xX]{2}|[0-9A-Fa-f]{4}[xX]{4}|[0-9A-Fa-f]{2}[xX]{6})(?!\w)"
    r"|[vVrR]?\d{1,5}(?:\.\d{1,5})*(?:\.(?:[xX]{1,2}|[yYzZ*])(?:-\d+\.[xX])?){1,3}(?!\w)"
    r"|[vV]?\d{1,5}(?:\.\d{1,5})*(?:-|\s)series\b"
    r"|[vV]?\d{1,5}(?:\.\d{1,5})+x\b)"
    r"|(?P<number>[vVrR]?\d{1,5}(?:\.\d{1,5}){1,3}\s+build\s+\d{1,6}(?!\w)(?!\.\d)"  # `R5.7 build 628`
    r"|[vV]?\d{1,5}(?:\.\d{1,5}){1,4}" + _NUMBER_SUFFIX + r"(?:\s(?:MR|SP|FP|CU|RU|HF)\d{1,2})?(?![\w])(?!\.\d)"  # `17.5 MR6`
    r"|[rR]\d{1,3}(?:\.\d{1,5}){1,3}(?![\w])(?!\.\d)"  # `R5.7`
    r"|\d{1,3}-\d{5,}(?![\w-])"  # a build number with a prefix (`08-609010200`)
    r"|\d{2}H\d(?!\w)"  # a half-year release (`21H2`)
    r"|[vV]\d{1,4}(?![\w]|\.\w)"  # `v24`, `V7` (and `v6.` ending a sentence)
    # a vendor's letters glued to a version of three or more numbers (`fw3.1.0.b212`, `sw2.9.1.r179`,
    # `ABC3.0.0`, `A-Bc4.2.0`); two numbers are too often a standard's or a part's (`HW1.2`, `GBCS3.2`)
    r"|[A-Za-z]{1,3}(?:-[A-Za-z]{1,3})?\d{1,3}(?:\.\d{1,5}){2,3}(?:\.[a-z]\d{1,5})?(?![\w])(?!\.\d)"
    r")"
    r")"
)
_DATE_LIKE = re.compile(r"(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
# What every match of _MENTION has in it: a digit before `.`, `-` or `H` with a digit or wildcard
# after it, `v` before a digit, "series", or hex digits (eight in a row, or two dotted pairs). Most
# text has none of these; each search starts only at one of a few first characters, where _MENTION
# (a lookbehind first) is tried at every position, several times slower.
_MAY_NUMBER = re.compile(r"[\dvVs](?:(?<=\d)[.\-H][\dxXyYzZ*]|(?<=[vV])\d|(?<=s)eries)")
_MAY_HEX = re.compile(r"[0-9A-Fa-f](?:[0-9A-Fa-f][.:][0-9A-Fa-f]{2}[.:]|[0-9A-Fa-f]{7}|[0-9A-Fa-f][xX]{2})")


def _classes(*groups: tuple[str, str]) -> bytes:
    """A bytes.translate table: each character of a group to the group's class, every other byte to a space."""
    table = bytearray(b" " * 256)
    for characters, kind in groups:
        for character in characters:
            table[ord(character)] = ord(kind)
    return bytes(table)


# _MAY_NUMBER's and _MAY_HEX's characters by their class (the classes of each table are disjoint): in ASCII
# text (`\d` is 0-9 there), a match of _MAY_NUMBER is a digit, a separator and a digit or wildcard ("0.0",
# "0.x"), a "v" and a digit ("v0"), or "series"; one of _MAY_HEX is two hex digits, a separator, two hex digits
# and a separator ("hh.hh."), eight hex digits, or two and two wildcards ("hhxx")
_NUMBER_CLASSES = _classes(("0123456789", "0"), (".-H", "."), ("xXyYzZ*", "x"), ("vV", "v"))
_HEX_CLASSES = _classes(("0123456789abcdefABCDEF", "h"), (".:", "."), ("xX", "x"))


def _may_mention(text: str) -> bool:
    """`_MAY_NUMBER.search(text) or _MAY_HEX.search(text)`; in ASCII text (almost all) asked of the text's
    bytes mapped to the patterns' character classes, by substring tests: a byte table maps a character
    several times faster than a pattern is tried at it."""
    if not text.isascii():
        return _MAY_NUMBER.search(text) is not None or _MAY_HEX.search(text) is not None
    raw = text.encode("ascii")
    numbered = raw.translate(_NUMBER_CLASSES)
    if b"0.0" in numbered or b"0.x" in numbered or b"v0" in numbered or b"series" in raw:
        return True
    hexed = raw.translate(_HEX_CLASSES)
    return b"hh.hh." in hexed or b"hhhhhhhh" in hexed or b"hhxx" in hexed  # ... or a CPL form with open octets ("0100xxxx")


def version_mentions(text: str) -> list[VersionMention]:
    """Every version-looking mention in a piece of text, in order of appearance (bare integers are
    not among them: whether `8` is a version depends on the words around it, see
    `extractors.statements`)."""
    found: list[VersionMention] = []
    if not _may_mention(text):
        return found
    for m in _MENTION.finditer(text):
        if raw := m.group("dotted"):
            found.append(VersionMention(raw, MentionKind.OCTETS, m.start(), m.end(), parse_firmware_version(raw)))
        elif raw := m.group("hex"):
            if not _is_prose_hex(raw):
                found.append(VersionMention(raw, MentionKind.OCTETS, m.start(), m.end(), parse_firmware_version(raw)))
        elif raw := m.group("family"):
            found.append(VersionMention(raw, MentionKind.FAMILY, m.start(), m.end()))
        else:
            raw = m.group("number")
            if not _looks_like_a_date(raw) and not _UNIT_AFTER.match(text, m.end()):
                found.append(VersionMention(raw, MentionKind.NUMBER, m.start(), m.end()))
    return found


# "BETAFPV 2.4 GHz receivers", "a 1.5 mm bezel": a measure, not a version
_UNIT_AFTER = re.compile(r"\s?(?:[kMG]Hz|Hz|kWh|Wh|mAh|mA|dBm?|mm|cm|%)(?![\w])")


def has_version_mention(text: str) -> bool:
    """Whether `version_mentions(text)` would find any: the cheap test most prose fails."""
    return any(True for _ in _iter_real(text))


def _iter_real(text: str) -> Iterable[re.Match[str]]:
    if not _may_mention(text):
        return
    for m in _MENTION.finditer(text):
        if m.group("hex") and _is_prose_hex(m.group("hex")):
            continue
        if m.group("number") and (_looks_like_a_date(m.group("number")) or _UNIT_AFTER.match(text, m.end())):
            continue
        yield m


def mention_pattern() -> str:
    """The mention's regular expression without its group names, to build larger patterns from."""
    return re.sub(r"\?P<\w+>", "", _MENTION.pattern)


def _is_prose_hex(raw: str) -> bool:
    """An 8-hex-digit run without `0x` that is a date (20230115) or a word ("deadbeef", "acceded")."""
    if raw[:2].lower() == "0x":
        return False
    return bool(_DATE_LIKE.fullmatch(raw)) or raw.isalpha()


def _looks_like_a_date(raw: str) -> bool:
    """`12.02.2024` or `2024.02.12`: a date written with dots, not a version (`2019.8.12`, its month in
    one digit, is a year-numbered release)."""
    parts = raw.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return False
    day_first = len(parts[2]) == 4 and 1990 <= int(parts[2]) <= 2100 and 1 <= int(parts[0]) <= 31 and 1 <= int(parts[1]) <= 12
    year_first = len(parts[0]) == 4 and len(parts[1]) == len(parts[2]) == 2 and 1 <= int(parts[1]) <= 12 and 1 <= int(parts[2]) <= 31
    return day_first or (year_first and int(parts[0]) >= 1990)


# --- reading a written version against a register ----------------------------------------------------

_FAMILY_SERIES = re.compile(r"[-\s]series$", re.I)
_WILDCARD = re.compile(r"^(?:xx?|[yz*])$", re.I)  # `3.2.x`, and `03.02.xx.xx` where a CPL form's octets are spelled
_LEADING_WORD = re.compile(r"^(?:fw|sw|firmware|version|ver\.?|release|rel\.?|v|r(?=\d))\s*", re.I)


_SPLIT_PREFIX = re.compile(r"^([a-z]{1,3})-([a-z]{1,3})(?=\d)")


def bare_text(text: str) -> str:
    """A written version without its `v`/`fw`/`version` prefix, lower-cased, for comparing spellings."""
    bare = _LEADING_WORD.sub("", text.strip()).strip().lower()
    return _SPLIT_PREFIX.sub(r"\1\2", bare)  # `A-Bc4.2.0` and `ABC4.2.0` are one spelling


_OPEN_OCTETS = re.compile(r"(?:0x)?((?:[0-9a-f]{2}){1,3})(?:xx){1,3}")


def family_pattern(text: str) -> tuple[int | None, ...] | None:
    """A family's numeric parts with None for a wildcard (`4.4.x` -> (4, 4, None), `6.0-series` ->
    (6, 0), `v9.0x` -> (9, 0)); None when the text is not a family."""
    core = bare_text(text)
    if (open_octets := _OPEN_OCTETS.fullmatch(core)) is not None:  # `0x0100xxxx`: the octets it gives, as a CPL form's
        given = open_octets.group(1)
        return tuple(int(given[i : i + 2], 16) for i in range(0, len(given), 2))
    if _FAMILY_SERIES.search(core):
        core = _FAMILY_SERIES.sub("", core)
    elif re.fullmatch(r"\d+(?:\.\d+)+x", core):
        core = core[:-1]
    elif not any(_WILDCARD.match(p) for p in re.split(r"[.-]", core)):
        return None
    pattern: list[int | None] = []
    for part in re.split(r"[.-]", core):
        if part.isdigit():
            pattern.append(int(part))
        elif _WILDCARD.match(part):
            pattern.append(None)
        else:
            return None
    while pattern and pattern[-1] is None:
        pattern.pop()
    return tuple(pattern) if pattern else None


def _written_prefix(family: str) -> str:
    """A family whose wildcard sits inside the scheme's own letters (Drupal's `8.x-1.x`, where `8.x-`
    is the core it runs on) is every version written with its text up to the last wildcard."""
    prefix = re.sub(r"[x*]+$", "", family)
    return prefix if prefix != family and re.search(r"[a-z]", prefix) and prefix[-1:] in (".", "-") else ""


def in_family(version: FirmwareVersion, pattern: tuple[int | None, ...]) -> bool:
    parts = version.parts
    return len(parts) >= len(pattern) and all(p is None or p == v for p, v in zip(pattern, parts))


def _numbers(text: str) -> tuple[int, ...] | None:
    """The numeric parts of a plainly numbered version (`v1.2.0` -> (1, 2, 0)); None for anything
    with other characters in it (a suffix makes the written form the only safe comparison)."""
    core = re.sub(r"\s+build\s+", ".", bare_text(text))  # `5.7 build 628`: the build is the last number
    if not re.fullmatch(r"\d+(?:\.\d+)*", core):
        return None
    return tuple(int(p) for p in core.split("."))


def _padded(parts: tuple[int, ...], length: int) -> tuple[int, ...]:
    return parts + (0,) * (length - len(parts))


def _octet_readings(numbers: tuple[int, ...]) -> dict[str, set[str]]:
    """The CPL forms a dotted decimal version can stand for, by how it was read: `hex` (each number an
    octet's value: `1.2.0.10` -> 0102000A), `bcd` (each number written as BCD digits: -> 01020010).
    Three numbers are read as major.minor.patch with the patch in the last octet or the third, or as the
    last three octets after a zero one (`v2.0.1` -> 00020001)."""
    if len(numbers) == 3 and 255 < numbers[2] <= 0xFFFF and max(numbers[:2]) <= 255:
        build = numbers[2]  # `5.7 build 628`: a build number in the last two octets (05070274)
        return {"hex": {f"{numbers[0]:02X}{numbers[1]:02X}{build:04X}"}, "bcd": set()}
    if not numbers or len(numbers) > 4 or any(n > 255 for n in numbers):
        return {}
    layouts = [numbers] if len(numbers) == 4 else [_padded(numbers, 4)]
    if len(numbers) == 3:
        layouts.append((numbers[0], numbers[1], 0, numbers[2]))
        layouts.append((0, *numbers))  # `v2.0.1` as 00020001: a leading zero octet
    readings: dict[str, set[str]] = {"hex": set(), "bcd": set()}
    for octets in layouts:
        readings["hex"].add("".join(f"{n:02X}" for n in octets))
        if all(n < 100 for n in octets):
            readings["bcd"].add("".join(f"{n:02d}" for n in octets))
    return readings


@dataclass(frozen=True)
class VersionMatch:
    """What a written version stands for among one device's register versions."""

    versions: tuple[FirmwareVersion, ...]  # empty when nothing matches (or the match is ambiguous)
    note: str = ""  # how it was read, or why it was not


def matching_versions(text: str, known: Sequence[FirmwareVersion], *, paired: FirmwareVersion | None = None) -> VersionMatch:
    """The register versions a written version stands for.

    In order: the CPL form the document itself paired it with (`paired`); the same spelling; for a
    family every member; the same numbers (`7.0` is `7.0.0`); for a CPL register the octet
    readings, when exactly one reading exists (a hex and a BCD reading that both exist are reported,
    not chosen between).
    """
    if paired is not None:
        return VersionMatch((paired,) if paired in known else (), "" if paired in known else f"{paired} is not listed")
    if (octets := parse_firmware_version(text)) is not None:
        return VersionMatch((octets,) if octets in known else (), "" if octets in known else f"{octets} is not listed")
    spelled = bare_text(text)
    same = tuple(v for v in known if bare_text(v.text) == spelled)
    if same:
        return VersionMatch(same)
    if (pattern := family_pattern(text)) is not None:
        members = tuple(v for v in known if in_family(v, pattern))
        if not members and (prefix := _written_prefix(spelled)):  # `8.x-1.x`: the `x` inside is the scheme's
            members = tuple(v for v in known if bare_text(v.text).startswith(prefix))
        fixed = tuple(p for p in itertools.takewhile(lambda p: p is not None, pattern))
        if not members and fixed and (hexes := tuple(v for v in known if v.is_hex)):
            line = _octet_line(text, fixed, hexes)  # `v2.6.x` of a CPL register: the versions whose octets read 2.6
            if not line.versions and len(fixed) < 3 and fixed[0] != 0 and (zero := _leading_octets(text, (0, *fixed), hexes)).versions:
                return zero  # ... after a zero octet (000206xx), where nothing else reads so: a family says it is one
            return line
        return VersionMatch(members, f"family {text}" if members else f"no version of the {text} family is listed")
    if re.fullmatch(r"[0-9a-f]{5,7}", spelled) and any(v.is_hex for v in known):  # a spreadsheet dropped its zeros
        restored = FirmwareVersion(spelled.zfill(8).upper())
        if restored in known:
            return VersionMatch((restored,), f"{text} read as {restored} (leading zeros restored)")
    numbers = _numbers(text)
    if numbers is None:
        return VersionMatch((), f"{text} is not listed")
    if len(numbers) == 1:  # `Version 7`, `Drupal 8`: the major release's family
        members = tuple(v for v in known if not v.is_hex and v.parts[:1] == numbers)
        return VersionMatch(members, f"release family {text}" if members else f"{text} is not listed")
    # `7.17` against 7.17.0 and 7.17.9: a version written with fewer numbers than the register's is
    # its line (as "upgrade to 7.17 first" means); with as many, it is that one version
    line = tuple(v for v in known if not v.is_hex and v.parts[: len(numbers)] == numbers)
    if line:
        return VersionMatch(line, f"the {text} line" if len(line) > 1 else "")
    listed = {v.text: v for v in known if v.is_hex}
    by_reading = {how: {listed[h] for h in forms if h in listed} for how, forms in _octet_readings(numbers).items()}
    found = set().union(*by_reading.values()) if by_reading else set()
    if len(found) == 1:
        version = found.pop()
        how = "hex" if version in by_reading["hex"] else "BCD"
        return VersionMatch((version,), f"{text} read as {version} ({how} octets)")
    if found:
        shown = ", ".join(sorted(v.text for v in found))
        return VersionMatch((), f"{text} can be read as {shown} (hex and BCD readings both listed); not chosen")
    return _octet_line(text, numbers, tuple(listed.values()))


def octet_readings(text: str) -> dict[str, set[str]]:
    """The CPL forms a dotted version can stand for, by coding ("hex", "bcd"); {} when it has none."""
    numbers = _numbers(text)
    return _octet_readings(numbers) if numbers is not None else {}


def octet_form(text: str) -> FirmwareVersion | None:
    """The one CPL form a dotted version can stand for (`1.8.0.6` -> 01080006), whether or not a register
    lists it; None when it has no octet reading or its hex and BCD readings differ (`1.2.0.10`)."""
    numbers = _numbers(text)
    if numbers is None:
        return None
    readings = set().union(*_octet_readings(numbers).values()) if _octet_readings(numbers) else set()
    return FirmwareVersion(readings.pop()) if len(readings) == 1 else None


def _octet_line(text: str, numbers: tuple[int, ...], listed: Sequence[FirmwareVersion]) -> VersionMatch:
    """`3.23` against 03170005 and 03170102: a CPL version written with fewer numbers than its four
    octets is the line of versions whose leading octets read so (as hex values, or as BCD digits);
    when both readings find versions and they differ, it is reported rather than chosen."""
    if len(numbers) >= 4 or any(n > 255 for n in numbers):
        return VersionMatch((), f"{text} is not listed (in any reading)")
    return _leading_octets(text, numbers, listed)


def _leading_octets(text: str, numbers: tuple[int, ...], listed: Sequence[FirmwareVersion]) -> VersionMatch:
    width = len(numbers)
    by_hex = {v for v in listed if v.parts[:width] == numbers}
    by_bcd = {v for v in listed if all(n < 100 for n in numbers) and _bcd_parts(v)[:width] == numbers}
    if by_hex and by_bcd and by_hex != by_bcd:
        shown = ", ".join(sorted(v.text for v in by_hex | by_bcd))
        return VersionMatch((), f"{text} can be read as {shown} (hex and BCD readings differ); not chosen")
    line = tuple(sorted(by_hex or by_bcd))
    if not line:
        return VersionMatch((), f"{text} is not listed (in any reading)")
    how = "hex" if by_hex else "BCD"
    shown = ", ".join(v.text for v in line)
    return VersionMatch(line, f"{text} read as {'the line ' if len(line) > 1 else ''}{shown} ({how} octets)")


def _bcd_parts(version: FirmwareVersion) -> tuple[int, ...]:
    """A CPL version's octets read as two decimal digits each (`03170005` -> 3, 17, 0, 5); -1 where not BCD."""
    pairs = [version.text[i : i + 2] for i in range(0, 8, 2)]
    return tuple(int(p) if p.isdecimal() else -1 for p in pairs)
