"""Requirement statements in prose: what release notes and email bodies say about base versions.

Shared by the PDF and email extractors. A document's *context* (manufacturer, model, hardware
version, device type, its own release, and the display versions it pairs with CPL versions) comes
from its header lines; each sentence is then matched against the phrasings that state a base
requirement. Sentences that merely mention versions (histories, fixed defects, hardware or GBCS
versions, orderings between different devices) match none of them and yield nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from firpath.domain import Claim, DeviceRef, Evidence, FirmwareVersion, Relation, SourceKind, VersionRef
from firpath.domain.versions import (
    TokenKind,
    has_version_token,
    normalise_hex_id,
    parse_firmware_version,
    token_pattern,
    version_tokens,
)

# --- document context -------------------------------------------------------------------------

_CONTEXT_KEYS: dict[str, tuple[str, ...]] = {
    "manufacturer": ("manufacturer", "manufacturer name", "manufacturer id", "manufacturer identifier", "vendor"),
    "model": ("model", "model name", "model id", "model identifier", "device model", "product"),
    "hardware": ("hardware version", "hardware versions", "hw version", "hw versions", "hardware"),
    "device_type": ("device type",),
    "release": (
        "firmware version",
        "cpl firmware version",
        "release",
        "release version",
        "version",
        "new firmware version",
        "this release",
    ),
}
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
_DEVICE_TYPE_RE = {
    code: re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")s?\b", re.I)
    for code, terms in _DEVICE_TYPES.items()
}

_HEX_ID_IN_PARENS = re.compile(r"\((?:[^()]*?\b(?:id|identifier)\b\s*:?\s*)?(?:0x)?([0-9A-Fa-f]{4})\)", re.I)
_KV_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z /()]{1,40}?)\s*[:\u2013\u2014=]\s*(.+?)\s*$")


@dataclass(frozen=True)
class DocumentContext:
    """What a document is about, as its header says; sentences are read against it."""

    manufacturer: str = ""
    model: str = ""
    hardware_versions: tuple[str, ...] = ()
    device_type: str = ""
    release: str = ""  # the document's own firmware version as written
    aliases: Mapping[str, FirmwareVersion] = field(default_factory=dict)  # display -> CPL form

    def devices(self) -> list[DeviceRef]:
        """One device per stated hardware version (a note may cover several), or one without."""
        hardware = self.hardware_versions or ("",)
        return [DeviceRef(self.manufacturer, self.model, hw) for hw in hardware]

    def resolve(self, text: str) -> VersionRef:
        """A written version as a VersionRef: octet forms directly, display forms via the aliases."""
        text = text.strip()
        if not text:
            return VersionRef("", None, "the document does not say which firmware release this is for")
        if (version := parse_firmware_version(text)) is not None:
            return VersionRef(text, version)
        key = _display_key(text)
        if key in self.aliases:
            return VersionRef(text, self.aliases[key], f"display version {text} = {self.aliases[key]} in this document")
        return VersionRef(
            text,
            None,
            f"display version {text} is not paired with a CPL firmware version (8 hex digits) in this "
            "document; not converted",
        )


def _display_key(text: str) -> str:
    return text.strip().lstrip("vV")


def _id_or_name(value: str) -> str:
    """`Acme Metering Ltd (Manufacturer ID 10A7)` -> `10A7`; a bare name is kept as written."""
    if m := _HEX_ID_IN_PARENS.search(value):
        return normalise_hex_id(m.group(1))
    return value.strip()


def _hardware_list(value: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|;|/|\band\b|&)\s*", value)
    return tuple(normalise_hex_id(p) for p in parts if re.fullmatch(r"(?:0x)?[0-9A-Fa-f]{1,4}", p.strip()))


# Two version tokens, the second in brackets after the first, with only these words before it: the
# bracket and what follows it, and the token before the bracket.
_PAIRED_RIGHT = re.compile(rf"\(\s*(?:(?:cpl|firmware|fw|version|hex|ota|:)\s*)*(?P<right>{token_pattern()})\s*\)", re.I)
_PAIRED_LEFT = re.compile(rf"(?P<left>{token_pattern()})\s*$")
_LEFT_REACH = 120  # characters before a bracket a token and its spaces may take up


def display_aliases(text: str) -> dict[str, FirmwareVersion]:
    """Display versions that the text pairs with a CPL version: `1.3.1 (CPL firmware version 01030001)`
    or `01030001 (v1.3.1)`. Only an explicit pairing counts: this is the one safe bridge.

    Each bracket is looked at where it is (parsing every version token of a document cost more than
    the rest of its reading); each side is then read as a token on its own."""
    aliases: dict[str, FirmwareVersion] = {}
    start = 0
    while (bracket := text.find("(", start)) >= 0:
        start = bracket + 1
        after = _PAIRED_RIGHT.match(text, bracket)
        before = after and _PAIRED_LEFT.search(text, max(0, bracket - _LEFT_REACH), bracket)
        if not before:
            continue
        lefts, rights = version_tokens(before.group("left")), version_tokens(after.group("right"))
        if len(lefts) != 1 or len(rights) != 1:
            continue  # a date or a word that only looks like hex: not a version, so no pairing
        left, right = lefts[0], rights[0]
        if left.kind is TokenKind.DISPLAY and right.version is not None:
            aliases[_display_key(left.text)] = right.version
        elif right.kind is TokenKind.DISPLAY and left.version is not None:
            aliases[_display_key(right.text)] = left.version
    return aliases


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
        elif fieldname == "hardware" and not ctx.hardware_versions:
            ctx = replace(ctx, hardware_versions=_hardware_list(value))
        elif fieldname == "device_type" and not ctx.device_type:
            ctx = replace(ctx, device_type=device_type_of(value) or value.strip().upper())
        elif fieldname == "release" and not ctx.release:
            release = _release_of(value)
            if release:
                ctx = replace(ctx, release=release)
    return ctx


def _release_of(value: str) -> str:
    """The CPL form if the value states one (`1.3.1 (01030001)` -> `01030001`), else its first version."""
    tokens = version_tokens(value)
    for token in tokens:
        if token.version is not None:
            return token.text
    return tokens[0].text if tokens else ""


_KEYS_LONGEST_FIRST = sorted(_KEY_TO_FIELD, key=len, reverse=True)
# Single words that open headings and titles as often as header rows: only with a colon.
_AMBIGUOUS_BARE_KEYS = {"product", "release", "version", "hardware", "vendor", "this release"}


def header_block_pairs(first_page: str) -> list[tuple[str, str]]:
    """`Key value` pairs of a header table as plain text gives it (`Model AM-E200`, no colon).

    Only in the header block: the lines at the top of the first page, above its first sentence,
    so that prose starting with a key word ("Release 2.1.5 fixed ...") is never taken for a header.
    """
    pairs: list[tuple[str, str]] = []
    for line in first_page.splitlines():
        stripped = line.strip()
        if stripped.endswith(".") and len(stripped.split()) >= 5:
            break
        lowered = stripped.lower()
        key = next((k for k in _KEYS_LONGEST_FIRST if lowered.startswith(k) and lowered[len(k) : len(k) + 1] in {" ", ":", "\t"}), None)  # fmt: skip
        if key is None:
            continue
        value = stripped[len(key) :]
        if not value.lstrip().startswith(":") and key in _AMBIGUOUS_BARE_KEYS and not version_tokens(value):
            continue  # "Release history", "Product Release Note - ...": a heading or a title, not a header row
        pairs.append((key, value.lstrip(" :\t")))
    return pairs


def key_value_pairs(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for line in text.splitlines() if (m := _KV_LINE.match(line))]


def context_from_text(text: str, base: DocumentContext | None = None) -> DocumentContext:
    """The context a document's text states in `Key: value` lines, plus its display-version pairings."""
    ctx = context_from_pairs(key_value_pairs(text), base)
    aliases = {**display_aliases(text), **dict(ctx.aliases)}
    return replace(ctx, aliases=aliases)


def device_type_of(text: str) -> str:
    for code, pattern in _DEVICE_TYPE_RE.items():
        if pattern.search(text):
            return code
    return ""


# --- requirement phrasings ----------------------------------------------------------------------

_V = r"(?:0[xX][0-9A-Fa-f]{8}|[0-9A-Fa-f]{2}(?:[.:][0-9A-Fa-f]{2}){3}|[0-9A-Fa-f]{8}|[vV]?\d{1,4}(?:\.\d{1,4}){1,3}(?:-\w+)?)"
_VW = r"(?:(?:the\s+)?(?:intermediate\s+)?(?:firmware|version|release|image|build|fw)\s+)*"  # words before a version
_VLIST = rf"{_VW}{_V}(?:\s*(?:,\s*(?:or|and)?|/|\bor\b|\band\b)\s*{_VW}{_V})*"
_THIS = r"(?:this|the\s+new|the\s+present)\s+(?:release|update|firmware|version|image)"


@dataclass(frozen=True)
class _Phrasing:
    name: str
    pattern: re.Pattern[str]
    relation: Relation


def _phrasing(name: str, regex: str, relation: Relation = Relation.EXACT) -> _Phrasing:
    return _Phrasing(name, re.compile(regex, re.I), relation)


# Each phrasing names its groups: `bases` (a list) or `base` (one), and optionally `later_target`
# (a target named after the bases). A target named before the trigger is found by
# `_target_before`, so a sentence's opening words never decide what the pattern can see.
PHRASINGS: tuple[_Phrasing, ...] = (
    _phrasing(
        "only-applied-to-running",
        rf"\b(?:shall|must|may|can|should)\s+only\s+be\s+"
        rf"(?:applied|installed|loaded|deployed|activated)\s+(?:to|on|onto)\b[^.;]*?"
        rf"\b(?:running|with|on|at|from)\s+(?P<bases>{_VLIST})",
    ),
    _phrasing(
        "first-upgraded-to",
        rf"\b(?:must|shall|should|will\s+need\s+to)\s+first\s+be\s+(?:upgraded|updated|brought|moved)\s+"
        rf"(?:up\s+)?to\s+(?P<bases>{_VLIST})"
        rf"(?:\s*,?\s+and\s+then\s+(?:to\s+)?{_VW}(?P<then>{_V}))?"
        rf"(?:\s+before\s+(?:installing|applying|loading)\s+{_VW}(?P<later_target>{_V}))?",
    ),
    _phrasing(
        "minimum-required-is",
        rf"\bminimum\s+(?:installed\s+|base\s+)?(?:firmware|fw)\s+version\s+(?:required|needed|supported)"
        rf"(?:\s+(?:to|before|for)\s+(?:install(?:ing)?|apply(?:ing)?)\s+{_THIS})?\s*(?:is|:)\s*{_VW}(?P<base>{_V})",
        Relation.MINIMUM,
    ),
    _phrasing(
        "requires-minimum",
        rf"\brequires?\s+(?:a\s+)?(?:minimum|min\.?)\s+(?:installed\s+)?"
        rf"(?:firmware|fw)\s+(?:version\s+)?(?:of\s+)?{_VW}(?P<base>{_V})",
        Relation.MINIMUM,
    ),
    _phrasing(
        "or-later-installed",
        rf"\b(?:firmware|version|fw)\s+(?P<base>{_V})\s+or\s+(?:later|above|higher|newer)\s+"
        rf"(?:must|shall|needs\s+to)\s+(?:already\s+)?be\s+(?:installed|running|present)"
        rf"(?:[^.;]*?\bbefore\s+(?:installing|applying|loading)\s+{_VW}(?P<later_target>{_V}))?",
        Relation.MINIMUM,
    ),
    _phrasing(
        "upgrade-from-versions",
        rf"\b(?:supported|permitted|valid|allowed)\s+(?:upgrade|update)(?:-|\s+)from\s+versions?\s*(?:is|are|:)?\s*"
        rf"(?P<bases>{_VLIST})",
    ),
    _phrasing(
        "base-must-be-installed",
        rf"\b(?:requires|needs)\s+{_VW}(?P<bases>{_VLIST})\s+to\s+be\s+"
        rf"(?:installed|running|present)\s+(?:first|beforehand|before(?:\s+it|\s+{_THIS})?)",
    ),
)

# A word each phrasing (and the chain line) needs: a sentence with none of them states nothing.
# Keep it in step with PHRASINGS and _CHAIN (tests/extractors/test_statements.py checks each).
_TRIGGER = re.compile(r"\b(?:only|first|minimum|requires?|needs|later|above|higher|newer|upgrade|update)\b", re.I)

# A version before the trigger is the target when a word like these leads it ("firmware 01030001
# shall only...", "before installing 01030001, ..."), but not when it is what a device is running.
_TARGET_LEAD = re.compile(r"\b(?:firmware|version|release|image|build|fw|installing|applying|loading|activating)\s*$", re.I)
_INSTALLED_LEAD = re.compile(r"\b(?:running|on|from|with|at|currently)\s+(?:firmware\s+|version\s+|release\s+)?$", re.I)


def _target_before(sentence: str, end: int) -> str:
    for token in reversed(version_tokens(sentence[:end])):
        lead = sentence[max(0, token.start - 30) : token.start]
        if _TARGET_LEAD.search(lead) and not _INSTALLED_LEAD.search(lead) and _is_firmware_token(sentence, token.start):
            return token.text
    return ""


_CHAIN = re.compile(
    rf"\bupgrade\s+path\s*(?:[:=\u2013\u2014-]|\s+is\b)\s*(?P<chain>{_V}(?:\s*(?:->|\u2192|=>|>|\bthen\b|\bto\b)\s*{_V})+)",
    re.I,
)
_CHAIN_STEP = re.compile(rf"{_V}")

# A requirement about another component of the device (its bootloader, radio stack) is not the
# device firmware's upgrade path.
_OTHER_COMPONENT = re.compile(
    r"\b(?:bootloader|boot\s+loader|zigbee(?:\s+stack)?|radio(?:\s+stack|\s+firmware)?|stack|modem|gbcs|smets\d?)\b",
    re.I,
)
_NOT_FIRMWARE_BEFORE = re.compile(
    r"\b(?:gbcs|smets\d?|duis|chts|zigbee|radio|stack|hardware|hw|bootloader|boot\s+loader)\s*(?:version\s*)?v?$",
    re.I,
)
_OR_LATER = re.compile(r"\s+or\s+(?:later|above|higher|newer)\b", re.I)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
_SENTENCE_MODEL = re.compile(r"\bmodel\s+(?:id\s+|identifier\s+)?(?:0x)?([0-9A-Fa-f]{4})\b", re.I)
_SENTENCE_HW = re.compile(r"\b(?:hardware(?:\s+version)?|hw(?:\s+ver(?:sion)?)?)\s+(?:0x)?([0-9A-Fa-f]{4})\b", re.I)


@dataclass(frozen=True)
class TextBlock:
    """A piece of a document's text with the location a reviewer will look it up by."""

    location: str
    text: str


def _is_header_line(line: str) -> bool:
    """`Model: AM-E200` or `Upgrade path: A -> B`: a line that stands alone, never wrapped into prose."""
    m = _KV_LINE.match(line)
    if not m:
        return False
    key = re.sub(r"\s+", " ", m.group(1).strip().lower())
    return key in _KEY_TO_FIELD or key.endswith("upgrade path")


_CONTINUING_WORDS = {"the", "a", "an", "to", "of", "and", "or", "on", "with", "running", "firmware", "version",
                     "release", "from", "for", "by", "at", "is", "are", "be", "than", "as", "in", "onto"}


_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-Z]")


def _ends_block(previous: str, line: str, width: int) -> bool:
    """A heading or an unpunctuated list line, not a sentence wrapped onto the next line.

    A wrapped line runs close to the text's full width; a heading stops well short of it.
    """
    if _NUMBERED_HEADING.match(line):
        return True
    if previous[-1:] in {".", ",", ";", ":", "-", "(", "/"} or not line[:1].isupper():
        return False
    if len(previous) >= 0.7 * width:
        return False
    return previous.rsplit(" ", 1)[-1].lower() not in _CONTINUING_WORDS


def _paragraphs(text: str) -> Iterator[str]:
    """Lines joined back into paragraphs: PDF and email text wraps sentences across lines."""
    current: list[str] = []
    lines = text.splitlines()
    width = max((len(line.strip()) for line in lines), default=0)
    for line in lines:
        stripped = line.strip()
        starts_item = stripped[:1] in {"\u2022", "-", "*"} and stripped[1:2] == " "
        if (
            not stripped
            or starts_item
            or _is_header_line(stripped)
            or (current and (_is_header_line(current[-1]) or _ends_block(current[-1], stripped, width)))
        ):
            if current:
                yield " ".join(current)
            current = []
        if stripped:
            current.append(stripped.lstrip("\u2022*- ") if starts_item else stripped)
    if current:
        yield " ".join(current)


def sentences(text: str) -> Iterator[str]:
    """Sentences of a page or email body, whitespace folded; wrapped lines are joined first."""
    for paragraph in _paragraphs(text):
        yield from _paragraph_sentences(paragraph)


def _paragraph_sentences(paragraph: str) -> Iterator[str]:
    number = ""  # a heading's number ("2.") belongs to the text after it
    for chunk in _SENTENCE_SPLIT.split(paragraph):
        sentence = _WHITESPACE.sub(" ", chunk or "").strip()
        if _HEADING_NUMBER.fullmatch(sentence):
            number = f"{number}{sentence} "
        elif sentence:
            yield number + sentence
            number = ""
    if number:
        yield number.strip()


_WHITESPACE = re.compile(r"\s+")
_HEADING_NUMBER = re.compile(r"\d+(?:\.\d+)*\.")


def is_cross_device(sentence: str, ctx: DocumentContext) -> bool:
    """An ordering between different devices (update the hub before the PPMID) is not an upgrade path."""
    mentioned = {code for code, pattern in _DEVICE_TYPE_RE.items() if pattern.search(sentence)}
    if ctx.device_type:
        return bool(mentioned - {ctx.device_type})
    return len(mentioned) > 1


def _is_firmware_token(sentence: str, start: int) -> bool:
    return not _NOT_FIRMWARE_BEFORE.search(sentence[max(0, start - 30) : start])


def _version_texts(fragment: str) -> list[str]:
    return [t.text for t in version_tokens(fragment)]


def _sentence_context(sentence: str, ctx: DocumentContext) -> DocumentContext:
    """A sentence that names its own model or hardware version overrides the document's."""
    if m := _SENTENCE_MODEL.search(sentence):
        ctx = replace(ctx, model=normalise_hex_id(m.group(1)))
    if m := _SENTENCE_HW.search(sentence):
        ctx = replace(ctx, hardware_versions=(normalise_hex_id(m.group(1)),))
    return ctx


@dataclass(frozen=True)
class StatedRequirement:
    """A requirement as one sentence states it, before it is tied to a device."""

    phrasing: str
    target: str  # as written; "" when the sentence relies on the document's own release
    bases: tuple[str, ...]
    relation: Relation


def stated_requirements(sentence: str) -> list[StatedRequirement]:
    """The requirements one sentence states (usually none; a chain line states several)."""
    found: list[StatedRequirement] = []
    if m := _CHAIN.search(sentence):
        steps = [s.group(0) for s in _CHAIN_STEP.finditer(m.group("chain"))]
        for base, target in zip(steps, steps[1:]):
            found.append(StatedRequirement("upgrade-path-chain", target, (base,), Relation.EXACT))
        return found
    for phrasing in PHRASINGS:
        m = phrasing.pattern.search(sentence)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("bases"):
            start, end = m.start("bases"), m.end("bases")
            bases = tuple(_version_texts(groups["bases"]))
        else:
            start, end = m.start("base"), m.end("base")
            bases = tuple(_version_texts(groups["base"]))
        if not bases or not _is_firmware_token(sentence, start) or _OTHER_COMPONENT.search(sentence[: m.start()]):
            continue
        relation = phrasing.relation
        if len(bases) == 1 and _OR_LATER.match(sentence, end):
            relation = Relation.MINIMUM
        target = groups.get("later_target") or _target_before(sentence, m.start())
        if then := groups.get("then"):  # "first to A and then to B before installing T": two steps
            found.append(StatedRequirement(phrasing.name, then, bases, relation))
            bases, relation = (then,), Relation.EXACT
        found.append(StatedRequirement(phrasing.name, target, bases, relation))
        break
    return found


def text_claims(
    blocks: Iterable[TextBlock],
    ctx: DocumentContext,
    *,
    file: str,
    sha256: str,
    source_kind: SourceKind,
) -> list[Claim]:
    """Every base requirement stated in the blocks' sentences, each with its sentence as evidence."""
    claims: list[Claim] = []
    for block in blocks:
        # Cheap tests first, each a necessary condition: joining lines into sentences never makes a
        # word or a version token, and every phrasing has one of the trigger words.
        if not _TRIGGER.search(block.text) or not has_version_token(block.text):
            continue
        paragraphs = (p for p in _paragraphs(block.text) if _TRIGGER.search(p) and has_version_token(p))
        for sentence in (s for p in paragraphs for s in _paragraph_sentences(p)):
            if not _TRIGGER.search(sentence) or not has_version_token(sentence):
                continue
            requirements = stated_requirements(sentence)
            if not requirements or is_cross_device(sentence, ctx):
                continue
            local = _sentence_context(sentence, ctx)
            evidence = Evidence(file=file, sha256=sha256, location=block.location, text=sentence)
            for req in requirements:
                claims.extend(_claims_for(req, local, evidence, source_kind))
    return claims


def _claims_for(
    req: StatedRequirement,
    ctx: DocumentContext,
    evidence: Evidence,
    source_kind: SourceKind,
    *,
    release_is_target: bool = True,
) -> list[Claim]:
    """`release_is_target`: a sentence without a target speaks of the document's own release; a table
    row with a blank To cell does not (it is left unmapped rather than guessed)."""
    if req.target or release_is_target:
        target = ctx.resolve(req.target or ctx.release)
    else:
        target = VersionRef("", None, "the table row gives no target firmware")
    bases = tuple(ctx.resolve(b) if b else VersionRef("", None, "the table row gives no base firmware") for b in req.bases)
    return [
        Claim(device=device, target=target, bases=bases, relation=req.relation, evidence=evidence, source_kind=source_kind)
        for device in ctx.devices()
    ]


# --- From/To tables -------------------------------------------------------------------------------

_FROM_HEADERS = {
    "from", "fromversion", "fromfirmware", "fromfw", "fromfirmwareversion", "base", "baseversion", "basefw",
    "basefirmware", "basefirmwareversion", "installed", "installedversion", "installedfw", "current",
    "currentversion", "currentfw", "currentfirmware", "currentfirmwareversion", "upgradefrom", "requiredbasefw",
}
_TO_HEADERS = {
    "to", "toversion", "tofirmware", "tofw", "tofirmwareversion", "target", "targetversion", "targetfw",
    "targetfirmware", "targetfirmwareversion", "new", "newversion", "newfw", "newfirmware", "newfirmwareversion",
    "upgradeto",
}  # fmt: skip
_NOT_APPLICABLE = {"n/a", "na", "none", "-", "\u2013", "\u2014", "not applicable"}


def _token(cell: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", (cell or "").lower())


def from_to_columns(header: list[str | None]) -> tuple[int, int] | None:
    """Positions of the From and To columns when a table row is such a header."""
    tokens = [_token(c) for c in header]
    from_col = next((i for i, t in enumerate(tokens) if t in _FROM_HEADERS), None)
    to_col = next((i for i, t in enumerate(tokens) if t in _TO_HEADERS), None)
    if from_col is None or to_col is None or from_col == to_col:
        return None
    return from_col, to_col


def table_claims(
    table: list[list[str | None]],
    ctx: DocumentContext,
    *,
    file: str,
    sha256: str,
    location: str,
    source_kind: SourceKind,
) -> list[Claim]:
    """Claims of a From/To upgrade table: each row says To may be applied on top of From."""
    if not table:
        return []
    columns = from_to_columns(table[0])
    if columns is None:
        return []
    from_col, to_col = columns
    header = [(c or "").strip() for c in table[0]]
    claims: list[Claim] = []
    for row_number, row in enumerate(table[1:], start=1):
        cells = [(c or "").strip() for c in row]
        if len(cells) <= max(from_col, to_col) or not (cells[from_col] or cells[to_col]):
            continue
        row_text = " | ".join(f"{h}: {v}" for h, v in zip(header, cells) if h or v)
        if cells[from_col].lower() in _NOT_APPLICABLE:
            bases, relation = (), Relation.NONE
        else:
            bases, relation = tuple(_version_texts(cells[from_col])) or (cells[from_col],), Relation.EXACT
        req = StatedRequirement("from-to-table", _first_version(cells[to_col]), bases, relation)
        local = _sentence_context(" ".join(cells), ctx)
        evidence = Evidence(file=file, sha256=sha256, location=f"{location} row {row_number}", text=row_text)
        claims.extend(_claims_for(req, local, evidence, source_kind, release_is_target=False))
    return claims


def _first_version(cell: str) -> str:
    texts = _version_texts(cell)
    return texts[0] if texts else cell
