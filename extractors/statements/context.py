"""What a document is about: its device as it names it, its own release, and its version pairings.

A document names its device wherever its author chose to: a header table (`Model: AM-E200`), a title
("Acme E470 - Firmware 4.21 Release Notes"), the file name and folder, an email's subject, sender
and signature. The header fields are read here; every other place is kept as text for mapping to
find CPL names and identifiers in (`DeviceRef.context`): the CPL, not this module, is the dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from firpath.domain import DeviceRef, FirmwareVersion, VersionRef
from firpath.domain.versions import (
    MentionKind,
    VersionMention,
    mention_pattern,
    normalise_hex_id,
    octet_readings,
    parse_firmware_version,
    version_mentions,
)

_CONTEXT_KEYS: dict[str, tuple[str, ...]] = {
    "manufacturer": ("manufacturer", "manufacturer name", "manufacturer id", "manufacturer identifier", "vendor", "supplier", "hersteller"),
    "model": ("model", "model name", "model id", "model identifier", "device model", "product", "device", "modell"),
    "hardware": ("hardware version", "hardware versions", "hw version", "hw versions", "hardware", "hw", "hardware revision", "hw rev"),
    "device_type": ("device type",),
    "release": (
        "firmware version", "cpl firmware version", "release", "release version", "version", "new firmware version",
        "this release", "firmware", "software version", "new version", "build",
    ),
}  # fmt: skip
_KEY_TO_FIELD = {alias: fieldname for fieldname, aliases in _CONTEXT_KEYS.items() for alias in aliases}

_DEVICE_TYPES: dict[str, tuple[str, ...]] = {
    "CHF": ("communications hub", "comms hub", "chf"),
    "GPF": ("gas proxy function", "gpf"),
    "PPMID": ("ppmid", "prepayment interface", "prepayment meter interface"),
    "IHD": ("in-home display", "in home display", "ihd"),
    "HCALCS": ("hcalcs", "load control switch"),
    "CAD": ("consumer access device",),
    "ESME": ("electricity meter", "esme"),
    "GSME": ("gas meter", "gsme"),
}
DEVICE_TYPE_PATTERNS = {
    code: re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")s?\b", re.I) for code, terms in _DEVICE_TYPES.items()
}

_HEX_ID_IN_PARENS = re.compile(r"\((?:[^()]*?\b(?:id|identifier)\b\s*:?\s*)?(?:0x)?([0-9A-Fa-f]{4})\)", re.I)
KV_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z /()]{1,40}?)\s*[:\u2013\u2014=]\s*(.+?)\s*$")


@dataclass(frozen=True)
class DocumentContext:
    """What a document is about, as it says it; statements are read against it."""

    manufacturer: str = ""
    model: str = ""
    hardware_versions: tuple[str, ...] = ()
    device_type: str = ""
    release: str = ""  # the document's own firmware version as written
    aliases: Mapping[str, FirmwareVersion] = field(default_factory=dict)  # display -> CPL form
    naming: tuple[str, ...] = ()  # title, file name, subject...: where mapping looks for the device

    def devices(self) -> list[DeviceRef]:
        """One device per stated hardware version (a note may cover several), or one without."""
        hardware = self.hardware_versions or ("",)
        return [DeviceRef(self.manufacturer, self.model, hw, self.naming) for hw in hardware]

    def resolve(self, text: str) -> VersionRef:
        """A written version as a VersionRef: octet forms directly, display forms the document pairs
        with a CPL form via the aliases; anything else as written, for mapping to read against the
        device's register."""
        text = text.strip()
        if not text:
            return VersionRef("", None, "the document does not say which firmware release this is for")
        if (version := parse_firmware_version(text)) is not None:
            return VersionRef(text, version)
        key = text if text in self.aliases else display_key(text)  # a release's name as written ("Vesper SP1")
        if key in self.aliases:
            return VersionRef(text, self.aliases[key], f"display version {text} = {self.aliases[key]} in this document")
        readings = octet_readings(text)
        if (coding := coding_of(self.aliases)) and len(readings.get("hex", ())) == len(readings.get("bcd", ())) == 1 and readings["hex"] != readings["bcd"]:
            # "3.2.0.10" is 0302000A or 03020010; the document's own pairings ("3.2.0.16 = 03020010") say which
            form = FirmwareVersion(next(iter(readings[coding])))
            return VersionRef(text, form, f"{text} read as {form} ({coding} octets, as this document pairs its versions)")
        return VersionRef(text, None)

    def within(self, *headings: str) -> DocumentContext:
        """The context of a section: its headings (nearest first) name the device before anything else."""
        first = tuple(h.strip() for h in headings if h and h.strip())
        return replace(self, naming=tuple(dict.fromkeys(first + self.naming))) if first else self

    def named(self, *texts: str) -> DocumentContext:
        """The context with more places that name the device (kept in order, once each)."""
        extra = tuple(t.strip() for t in texts if t and t.strip() and t.strip() not in self.naming)
        return replace(self, naming=self.naming + tuple(dict.fromkeys(extra)))


def coding_of(aliases: Mapping[str, FirmwareVersion]) -> str:
    """How a document writes its versions as octets, where its own pairings show it: "hex" when every
    pairing that tells them apart reads each number as an octet's value (3.2.0.16 = 03020010), "bcd"
    when as its digits (3.2.0.16 = 03020016); "" when none tells or they disagree."""
    codings = set()
    for display, version in aliases.items():
        readings = octet_readings(display)
        as_hex, as_bcd = version.text in readings.get("hex", ()), version.text in readings.get("bcd", ())
        if as_hex != as_bcd:
            codings.add("hex" if as_hex else "bcd")
    return next(iter(codings)) if len(codings) == 1 else ""


def display_key(text: str) -> str:
    return text.strip().lstrip("vV")


def _id_or_name(value: str) -> str:
    """`Acme Metering Ltd (Manufacturer ID 10A7)` -> `10A7`; a bare name is kept as written."""
    if m := _HEX_ID_IN_PARENS.search(value):
        return normalise_hex_id(m.group(1))
    return value.strip()


def hardware_list(value: str) -> tuple[str, ...]:
    """`0001, 0002 and 0x3`, `HW 2`, `hardware revision 2`, `rev 3`: each hardware version, padded."""
    value = re.sub(r"\b(?:hw|hardware(?:\s+(?:version|revision|rev))?|rev(?:ision)?\.?)\s*", " ", value, flags=re.I)
    parts = re.split(r"\s*(?:,|;|/|\band\b|&|\s)\s*", value.strip())
    return tuple(
        normalise_hex_id(p) for p in parts
        if re.fullmatch(r"(?:0x)?[0-9A-Fa-f]{1,4}", p.strip()) and (p.lower().startswith("0x") or any(c.isdigit() for c in p))
    )  # fmt: skip


_PAIRED_RIGHT = re.compile(rf"\(\s*(?:(?:cpl|firmware|fw|version|hex|ota|:)\s*)*(?P<right>{mention_pattern()})\s*\)", re.I)
_PAIRED_LEFT = re.compile(rf"(?P<left>{mention_pattern()})\s*$")
_LEFT_REACH = 120  # characters before a bracket a mention and its spaces may take up


def display_aliases(text: str) -> dict[str, FirmwareVersion]:
    """Display versions that the text pairs with a CPL version: `1.3.1 (CPL firmware version 01030001)`
    or `01030001 (v1.3.1)`. Only an explicit pairing counts: this is the one safe bridge.

    Each bracket is looked at where it is (parsing every version of a document cost more than the
    rest of its reading); each side is then read as a mention on its own."""
    aliases: dict[str, FirmwareVersion] = {}
    start = 0
    while (bracket := text.find("(", start)) >= 0:
        start = bracket + 1
        after = _PAIRED_RIGHT.match(text, bracket)
        before = after and _paired_left(text, bracket)
        if not before:
            continue
        lefts, rights = version_mentions(before.group("left")), version_mentions(after.group("right"))
        if len(lefts) != 1 or len(rights) != 1:
            continue  # a date or a word that only looks like hex: not a version, so no pairing
        _pair(aliases, lefts[0], rights[0])
    start = 0
    while (equals := text.find("=", start)) >= 0:  # `4.14 = 040E0008; 4.15 = 040F0003`
        start = equals + 1
        before = _PAIRED_LEFT.search(text, max(0, equals - 40), equals)
        after = _EQUALS_RIGHT.match(text, equals)
        if before and after:
            lefts, rights = version_mentions(before.group("left")), version_mentions(after.group("right"))
            if len(lefts) == 1 and len(rights) == 1:
                _pair(aliases, lefts[0], rights[0])
    return aliases


def _paired_left(text: str, bracket: int) -> re.Match[str] | None:
    """`_PAIRED_LEFT.search(text, max(0, bracket - _LEFT_REACH), bracket)`, searched from the third last
    word before the bracket on: a mention spans at most three words ("R5.7 build 628") and only spaces
    follow it there, so none starts before that word (and the pattern looks behind its start itself,
    wherever the search starts)."""
    low = max(0, bracket - _LEFT_REACH)
    window = text[low:bracket]
    if len(split := window.rsplit(None, 3)) == 4:  # more than three words: from the third last on
        low += len(window) - len(window[len(split[0]) :].lstrip())
    return _PAIRED_LEFT.search(text, low, bracket)


_EQUALS_RIGHT = re.compile(rf"=\s*(?P<right>{mention_pattern()})")


def _pair(aliases: dict[str, FirmwareVersion], left: VersionMention, right: VersionMention) -> None:
    """One display form and one CPL form, in either order, make an alias; anything else pairs nothing."""
    if left.kind is MentionKind.NUMBER and right.version is not None:
        aliases[display_key(left.text)] = right.version
    elif right.kind is MentionKind.NUMBER and left.version is not None:
        aliases[display_key(right.text)] = left.version


_VERSION_HEADER = re.compile(r"\b(?:version|release|firmware|fw|cpl|hex|build|marketing|display|ota)\b", re.I)
_PATH_HEADER = re.compile(r"\b(?:from|to|base|target|current|installed|new|minimum|prerequisite|path|upgrade)\b", re.I)


def version_table_aliases(table: list[list[str | None]]) -> dict[str, FirmwareVersion]:
    """A version-history table that gives both forms in one row (`4.21 | 04150001 | 2024-02-12`): a
    header naming two version columns and no upgrade columns (a From/To row pairs nothing)."""
    aliases: dict[str, FirmwareVersion] = {}
    if not table:
        return aliases
    header = [cell or "" for cell in table[0]]
    if sum(bool(_VERSION_HEADER.search(cell)) for cell in header) < 2 or any(_PATH_HEADER.search(cell) for cell in header):
        return aliases
    named = [i for i, cell in enumerate(header) if _VERSION_HEADER.search(cell)]  # not "Min. previous": a base's column
    for row in table[1:]:
        found = [m for i in named if i < len(row) for m in version_mentions(row[i] or "")]
        display = [m for m in found if m.kind is MentionKind.NUMBER]
        octets = [m for m in found if m.version is not None]
        if len(display) == 1 and len(octets) == 1:
            aliases[display_key(display[0].text)] = octets[0].version  # type: ignore[assignment]
        elif not display and len(octets) == 1 and len(names := [row[i] or "" for i in named if i < len(row) and is_release_name(row[i] or "")]) == 1:
            aliases[names[0].strip()] = octets[0].version  # type: ignore[assignment]  # "Merlin SP2 | 00110200"
    return aliases


def is_release_name(cell: str) -> bool:
    """Whether a cell is a release's name alone ("Merlin SP2", "Fir"), no version in it."""
    m = _RELEASE_NAME_ALONE.fullmatch(cell.strip())
    return m is not None and not any(w.lower() in _NOT_A_RELEASE_NAME for w in cell.split())


def context_from_pairs(pairs: Iterable[tuple[str, str]], base: DocumentContext | None = None) -> DocumentContext:
    """Fold `key: value` pairs (header lines or a two-column header table) into a context.

    The first value seen for a field wins: a document's header comes before its body.
    """
    ctx = base or DocumentContext()
    for raw_key, raw_value in pairs:
        key = re.sub(r"\s+", " ", raw_key.strip().lower().rstrip(":"))
        value = raw_value.strip()
        fieldname = _KEY_TO_FIELD.get(key)
        if not fieldname or not value:
            continue
        if fieldname == "manufacturer" and not ctx.manufacturer:
            ctx = replace(ctx, manufacturer=_id_or_name(value))
        elif fieldname == "model" and not ctx.model:
            ctx = replace(ctx, model=_id_or_name(value))
            if not ctx.hardware_versions and (named := hardware_in(value)):  # "Aldgate E470, model 0E47, hardware revision 0002 only"
                ctx = replace(ctx, hardware_versions=named)
        elif fieldname == "hardware" and not ctx.hardware_versions:
            ctx = replace(ctx, hardware_versions=hardware_list(value))
        elif fieldname == "device_type" and not ctx.device_type:
            ctx = replace(ctx, device_type=device_type_of(value) or value.strip().upper())
        elif fieldname == "release" and not ctx.release:
            if release := release_of(value):
                ctx = replace(ctx, release=release)
    return ctx


def release_of(value: str) -> str:
    """The CPL form if the value states one (`1.3.1 (01030001)` -> `01030001`), else its first version."""
    found = version_mentions(value)
    for m in found:
        if m.version is not None:
            return m.text
    return found[0].text if found else ""


_KEYS_LONGEST_FIRST = sorted(_KEY_TO_FIELD, key=len, reverse=True)
# Single words that open headings and titles as often as header rows: only with a colon.
_AMBIGUOUS_BARE_KEYS = {"product", "release", "version", "hardware", "vendor", "this release", "firmware", "device",
                        "build", "hw", "supplier", "new version"}  # fmt: skip


def header_block_lines(first_page: str) -> list[str]:
    """The lines at the top of a first page, above its first sentence (stripped): its header block."""
    lines: list[str] = []
    for line in first_page.splitlines():
        stripped = line.strip()
        if stripped.endswith(".") and len(stripped.split()) >= 5:
            break
        lines.append(stripped)
    return lines


def header_block_pairs(first_page: str) -> list[tuple[str, str]]:
    """`Key value` pairs of a header table as plain text gives it (`Model AM-E200`, no colon).

    Only in the header block: the lines at the top of the first page, above its first sentence,
    so that prose starting with a key word ("Release 2.1.5 fixed ...") is never taken for a header.
    """
    pairs: list[tuple[str, str]] = []
    for stripped in header_block_lines(first_page):
        lowered = stripped.lower()
        key = next((k for k in _KEYS_LONGEST_FIRST if lowered.startswith(k) and lowered[len(k) : len(k) + 1] in {" ", ":", "\t"}), None)  # fmt: skip
        if key is None:
            continue
        value = stripped[len(key) :]
        if not value.lstrip().startswith(":") and key in _AMBIGUOUS_BARE_KEYS and not version_mentions(value):
            continue  # "Release history", "Product Release Note - ...": a heading or a title, not a header row
        pairs.extend(_fields_of_line(key, value.lstrip(" :\t")))
    return pairs


_FIELD_SEPARATOR = re.compile(r"\s+[-\u2013\u2014|\u00b7\u2022]\s+|\s*;\s*|\s{3,}|\t")


def _fields_of_line(key: str, value: str) -> list[tuple[str, str]]:
    """`Model ID C510 - HW 2 - 16 September 2020`: one header line holding several fields, each
    separated by a dash or bar and starting with a key of its own; the first keeps what no key opens."""
    parts = _FIELD_SEPARATOR.split(value)
    pairs = [(key, parts[0])]
    for part in parts[1:]:
        lowered = part.strip().lower()
        other = next((k for k in _KEYS_LONGEST_FIRST if lowered.startswith(k) and lowered[len(k) : len(k) + 1] in {" ", ":", ""}), None)
        if other is None:
            continue  # a date, a document number: not a field this reads
        pairs.append((other, part.strip()[len(other) :].lstrip(" :\t")))
    return pairs


def key_value_pairs(text: str) -> list[tuple[str, str]]:
    # a line without the separator KV_LINE needs is passed over before the pattern is tried on it
    return [(m.group(1), m.group(2)) for line in text.splitlines() if _KV_SEPARATOR.search(line) and (m := KV_LINE.match(line))]


_KV_SEPARATOR = re.compile("[:\u2013\u2014=]")  # what KV_LINE needs between a key and its value


def context_from_text(text: str, base: DocumentContext | None = None) -> DocumentContext:
    """The context a document's text states in `Key: value` lines, plus its display-version pairings
    and its releases' names."""
    ctx = context_from_pairs(key_value_pairs(text), base)
    aliases = {**name_aliases(text), **display_aliases(text), **dict(ctx.aliases)}
    return replace(ctx, aliases=aliases)


# A release's name before the CPL form it is ("Merlin SP2 (00110200)", "Heron R2 (00200200)"): one to three
# capitalised words, the last of which may be a service pack or revision mark
_RELEASE_NAME = re.compile(
    r"(?<![\w.-])(?P<name>[A-Z][a-z]{2,}(?:\s+(?:[A-Z][a-z]{2,}|SP\s?\d{1,2}|R\d{1,2}|Mk\s?\d|II|III)){0,2})\s*$"
)
# the bracket after it, found first: one pass over the text for brackets that hold a CPL form alone
_CPL_BRACKET = re.compile(r"\(\s*(?:cpl:?\s*|firmware\s+|fw\s+)?(?P<cpl>(?:0x)?[0-9A-Fa-f]{2}(?:\.?[0-9A-Fa-f]{2}){3})\s*\)", re.I)
# capitalised words that name no release: a sentence's opening words, the things a document is about
_NOT_A_RELEASE_NAME = frozenset(
    "the this that these those firmware version release build image note notes model meter meters hub display update upgrade "
    "installed target current minimum base prerequisite hardware software device devices unit units please note important "
    "from to for with and or if when then only new old all any every each release version table step steps route path "
    "january february march april may june july august september october november december".split()
)


_RELEASE_NAME_ALONE = re.compile(r"[A-Z][a-z]{2,}(?:\s+(?:[A-Z][a-z]{2,}|SP\s?\d{1,2}|R\d{1,2}|Mk\s?\d|II|III)){0,2}")


def name_aliases(text: str) -> dict[str, FirmwareVersion]:
    """Release names the text ties to a CPL form, each tied to one only (a name given two is dropped)."""
    found: dict[str, set[FirmwareVersion]] = {}
    for bracket in _CPL_BRACKET.finditer(text):
        if (m := _RELEASE_NAME.search(text, max(0, bracket.start() - 60), bracket.start())) is None:
            continue
        words = m.group("name").split()
        while words and words[0].lower() in _NOT_A_RELEASE_NAME:
            words = words[1:]  # "Please note Merlin (00110000)": the name is what is left
        cpl = version_mentions(bracket.group("cpl"))
        if not words or len(cpl) != 1 or cpl[0].version is None or any(w.lower() in _NOT_A_RELEASE_NAME for w in words):
            continue
        found.setdefault(" ".join(words), set()).add(cpl[0].version)
    return {name: next(iter(versions)) for name, versions in found.items() if len(versions) == 1 and not _names_a_product(name, text)}


def _names_a_product(name: str, text: str) -> bool:
    """A name that a numbered version follows elsewhere ("Aurora 2.1", "Aurora firmware v3") is a
    product's, not a release's: a release's name stands for the version itself."""
    return re.search(rf"(?<![\w-]){re.escape(name)}\s+(?:(?:firmware|fw|version|release|build)\s+)?v?\d", text, re.I) is not None


def release_names(aliases: Mapping[str, FirmwareVersion]) -> tuple[str, ...]:
    """The names among a document's aliases (no version in them): what its statements may call releases."""
    return tuple(sorted((k for k in aliases if not any(c.isdigit() for c in k.split()[0])), key=len, reverse=True))


def device_type_of(text: str) -> str:
    for code, pattern in DEVICE_TYPE_PATTERNS.items():
        if pattern.search(text):
            return code
    return ""


_TITLE_WORDS = re.compile(r"\b(?:release\s+notes?|firmware|software|update|upgrade|version|notes?|guide|bulletin)\b", re.I)


def title_of(text: str) -> str:
    """A document's title: its first line with words in it (for a release note, usually the product and
    the release); "" when the first lines are a header block."""
    for line in text.splitlines()[:6]:
        stripped = line.strip()
        if len(stripped) < 3:
            continue
        if KV_LINE.match(stripped) and not _TITLE_WORDS.search(stripped.split(":", 1)[0]):
            return ""
        return stripped[:200]
    return ""


_HARDWARE_NAMED = re.compile(
    r"(?<![A-Za-z0-9])(?:hardware(?:\s+(?:version|revision|variant|state))?\s+|hw(?:\s*ver(?:sion)?)?\s*)(?:0x)?((?=[0-9A-Fa-f]*\d)[0-9A-Fa-f]{1,4})(?![0-9A-Za-z])", re.I
)


_MORE_HARDWARE = re.compile(r"\s*(?:,|and|&|/|or)\s*(?:hw\s*|hardware\s+)?(?:0x)?([0-9A-Fa-f]{1,4})\b", re.I)


def hardware_in(text: str) -> tuple[str, ...]:
    """The hardware versions a sentence, title or subject names in words ("(hardware revision 1)",
    "HW 1 and HW 2", "HW 0001 and 0002"), as the CPL writes them; () when it names none."""
    found: list[str] = []
    for m in _HARDWARE_NAMED.finditer(text):
        found.append(m.group(1))
        at = m.end()
        while more := _MORE_HARDWARE.match(text, at):
            found.append(more.group(1))
            at = more.end()
    return tuple(dict.fromkeys(normalise_hex_id(h) for h in found))


_EXCLUDES = re.compile(r"\b(?:not|cannot|can't|no|never|nicht|kein\w*|excluded?|except|ne\s+pas)\b", re.I)


def excludes(text: str) -> bool:
    """Whether a line or sentence names things to rule them out ("not released for hardware variant 0003",
    "hardware 0001 meters cannot run 02.00.00.03"): what it names is no device the document is about."""
    return _EXCLUDES.search(text) is not None


def release_in(title: str) -> str:
    """The release a title (or subject) names, when it names exactly one version of its own."""
    found = [m for m in version_mentions(title) if m.kind is not MentionKind.FAMILY]
    found = [m for m in found if not re.search(r"\b(?:gbcs|smets\d?|hw|hardware)\s*v?$", title[: m.start], re.I)]
    if len({m.text for m in found}) == 1:
        return found[0].text
    return ""
