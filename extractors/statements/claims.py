"""Statements to claims: each requirement read from a document, tied to the document's device, with
the sentence (or list, or row) it was read from as its evidence.

A paragraph is read sentence by sentence, a situation one sentence sets ("if you are running 9.3 ...")
carried to the next; a list is read as a whole where it is one (hard stops, steps), else item by item
with its introduction's situation; a heading is read too, and names the release its section is about.
A statement with a requirement's cues that could not be taken apart becomes an UNREAD claim: it is
listed for a person to read when it names a version of the document's device (see mapping).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from extractors.statements.context import DEVICE_TYPE_PATTERNS, DocumentContext, excludes, hardware_in, release_in, release_names
from extractors.statements.reading import (
    LAST_STEP,
    named_releases,
    Mention,
    Reading,
    Role,
    StatedRequirement,
    has_cue,
    mentions,
    order_key,
    own_versions,
    read_listed_bases,
    read_statement,
    read_step_item,
    read_step_list,
    read_structured,
    read_version_list,
)
from extractors.statements.units import Block, BlockKind, blocks
from firpath.domain import Claim, DeviceRef, Evidence, Relation, SourceKind, VersionRef
from firpath.domain.versions import has_version_mention, normalise_hex_id


@dataclass(frozen=True)
class TextBlock:
    """A piece of a document's text with the location a reviewer will look it up by."""

    location: str
    text: str


_DIGIT = re.compile(r"\d")
_SENTENCE_MODEL = re.compile(r"\bmodel\s+(?:id\s+|identifier\s+)?(?:0x)?([0-9A-Fa-f]{4})\b", re.I)


def is_cross_device(sentence: str, ctx: DocumentContext) -> bool:
    """An ordering between different devices (update the hub before the PPMID) is not an upgrade path."""
    mentioned = {code for code, pattern in DEVICE_TYPE_PATTERNS.items() if pattern.search(sentence)}
    if ctx.device_type:
        return bool(mentioned - {ctx.device_type})
    return len(mentioned) > 1


def sentence_context(sentence: str, ctx: DocumentContext) -> DocumentContext:
    """A sentence that names its own model or hardware version overrides the document's."""
    from dataclasses import replace

    if m := _SENTENCE_MODEL.search(sentence):
        ctx = replace(ctx, model=normalise_hex_id(m.group(1)))
    if hardware := hardware_in(sentence):
        ctx = replace(ctx, hardware_versions=hardware)
    return ctx


@functools.lru_cache(maxsize=1024)  # every block of a section asks for its heading's release
def section_release(heading: str) -> str:
    """The release a heading is about: the version it names as a target, or its only version."""
    found = mentions(heading)
    targets = [m for m in found if m.role is Role.TARGET]
    if len(targets) == 1:
        return targets[0].text
    if any(m.role in (Role.BASE, Role.BOUND, Role.STEP) or m.minimum for m in found):
        return ""  # "Base firmware: 4.5.3.8+": a requirement set out as a heading, not the section's release
    if _NOT_A_SECTION.search(heading):
        return ""  # "2.7.0.19 – Supported": a table's row in the text layer, not a heading
    return release_in(heading)


_NOT_A_SECTION = re.compile(r"\b(?:supported|not|yes|no|n/a|from|to|via|then)\b|->|\u2192|\|", re.I)


def reading_document_names(read: Callable[..., list[Claim]]) -> Callable[..., list[Claim]]:
    """A reader of one document's text or table (its context second) that reads the names the document
    gives its releases ("Merlin SP2 (00110200)") as versions (reading.named_releases)."""

    @functools.wraps(read)
    def reading(first: object, ctx: DocumentContext, *args: object, **kwargs: object) -> list[Claim]:
        with named_releases(release_names(ctx.aliases)):
            return read(first, ctx, *args, **kwargs)

    return reading


@reading_document_names
def text_claims(
    text_blocks: Iterable[TextBlock],
    ctx: DocumentContext,
    *,
    file: str,
    sha256: str,
    source_kind: SourceKind,
) -> list[Claim]:
    """Every base requirement stated in the blocks, each with its statement as evidence; statements
    with a requirement's cues that could not be taken apart as UNREAD claims. The names the document
    gives its releases ("Merlin SP2 (00110200)") are read as versions."""
    claims: list[Claim] = []
    for number, text_block in enumerate(text_blocks):
        # a page is passed over when it has neither a digit nor a version mention; the digit is asked
        # first: it is found at once on almost every page, where the mention finder would scan the page
        if not _DIGIT.search(text_block.text) and not has_version_mention(text_block.text):
            continue
        carried = _Carried(ctx)  # what the latest statement naming only a target carries to the ones after it
        for block in blocks(text_block.text, opens_document=number == 0):
            opened = carried.mark()  # the context the block starts in: a statement in it may change it
            if block.kind is BlockKind.TABLE:
                within = carried.at(opened)[1].within(*block.above)
                claims.extend(_text_table_claims(block, within, text_block.location, file, sha256, source_kind))
                continue
            section: DocumentContext | None = None  # made when a statement first has claims: most blocks have none
            for statement, reading, heading in _readings(block):
                if reading.requirements or reading.unread:  # else _claims_of makes none
                    if section is None:
                        section = carried.at(opened)[1].within(*block.above)
                    release = section_release(heading) if heading else ""  # looked up here: most statements have no claims
                    claims.extend(_claims_of(statement, reading, release or carried.at(carried.mark())[0], section,
                                             text_block.location, file, sha256, source_kind))  # fmt: skip
                if block.kind is BlockKind.PARAGRAPH and not reading.requirements:
                    carried.add(statement)
    return claims


class _Carried:
    """What the latest paragraph statement that names only a target carries to the statements after
    it on its page ("Please find below the prerequisites for firmware v3.2.0.": that release, and the
    model or hardware version the sentence names, "for the M-Pay (HW 2)").

    The candidates (paragraph statements without requirements) are kept as they come and asked only
    when a claim needs what they carry, latest first, down to the ones asked before: most pages make
    no claim, and asking (`_only_target` reads the roles of a statement's versions) is what costs.
    `at(mark)` gives what the first `mark` candidates carry; marks are asked in increasing order."""

    def __init__(self, ctx: DocumentContext) -> None:
        self._ctx = ctx
        self._candidates: list[str] = []
        self._asked = 0  # the candidates asked so far, the first ones
        self._release = ""
        self._about = ctx

    def add(self, statement: str) -> None:
        self._candidates.append(statement)

    def mark(self) -> int:
        return len(self._candidates)

    def at(self, mark: int) -> tuple[str, DocumentContext]:
        if mark < self._asked:
            raise ValueError(f"asked what {mark} candidates carry after {self._asked}: marks go in increasing order")
        for statement in reversed(self._candidates[self._asked : mark]):
            if has_version_mention(statement) and (named := _only_target(statement)):
                # "3.0.0.0 is not released for hardware variant 0003": the release carries on, not that hardware
                self._release, self._about = named, self._ctx if excludes(statement) else sentence_context(statement, self._ctx)
                break
        self._asked = mark
        return self._release, self._about


def _text_table_claims(
    block: Block, ctx: DocumentContext, location: str, file: str, sha256: str, source_kind: SourceKind
) -> list[Claim]:
    """A table given as text (an email's HTML table, a markdown table): read as a typed table."""
    from extractors.statements.tables import table_claims  # tables build their claims with this module

    rows = [[cell.strip() for cell in line.strip().strip("|").split(" | ")] for line in block.lines]
    heading = block.intro or block.heading
    return table_claims(rows, ctx, file=file, sha256=sha256, location=f"{location}, table", source_kind=source_kind,
                        heading=heading)  # fmt: skip


def _readings(block: Block) -> Iterable[tuple[str, Reading, str]]:
    """(statement text, its reading, the heading whose release it is about when it names none: see
    section_release, asked by the caller only of a statement with claims) of a block."""
    heading = block.heading
    if block.kind is BlockKind.HEADING:
        yield block.lines[0], read_statement(block.lines[0]), ""
        return
    if block.kind is BlockKind.LIST:
        yield from _list_readings(block, heading)
        return
    if block.kind is BlockKind.CODE or _LOOKS_STRUCTURED.search(" ".join(block.lines)):
        structured = read_structured(block.lines)
        if structured is not None:
            yield "\n".join(block.lines), structured, heading
            return
        if block.intro:
            yield block.intro, read_statement(block.intro), heading
    scenario: tuple[Mention, ...] = ()
    for line in block.lines:
        reading = read_statement(line, scenario=scenario)
        if reading.scenario:
            scenario = reading.scenario
        yield line, reading, heading


_TARGETS_FOLLOW = re.compile(r"\b(?:to|onto)\s+(?:any\s+(?:one\s+)?of\s+|one\s+of\s+)?(?:these|the\s+following)\b[^:]*:$", re.I)
_BASE_HEADING = re.compile(r"\b(?:current|installed|running|from|if\s+you(?:'re|\s+are)\s+on)\b", re.I)


def _base_of(intro: str, heading: str) -> str:
    """The base a list of targets goes on: the one its introduction names, else the one its heading
    names as current ("Current Version 1.3.0")."""
    named = [m for m in mentions(intro) if m.role in (Role.BASE, Role.SCENARIO_BASE) and m.kind is not None]
    if len(named) == 1:
        return named[0].text
    found = [m for m in mentions(heading) if m.kind is not None] if heading and _BASE_HEADING.search(heading) else []
    return found[0].text if len(found) == 1 else ""


def _only_target(sentence: str) -> str:
    """The one release a sentence says is being installed, when it names nothing else."""
    named = own_versions(sentence)  # what `found` below holds, without the roles that cost most of it
    if not named or (len(named) > 1 and not _SUBJECT_WITH_REQUIREMENTS.search(sentence)):
        return ""  # no version, or more than one and not the opening of "6.4 brings new upgrade rules."
    found = [m for m in mentions(sentence) if m.kind is not None and not m.component]
    if len(found) == 1 and found[0].role is Role.TARGET and not found[0].negated and not found[0].and_later:
        return found[0].text
    if found and _OPENS_WITH_VERSION.fullmatch(sentence[: found[0].start]) and _SUBJECT_WITH_REQUIREMENTS.match(sentence[found[0].end :]):
        return found[0].text  # "6.4 brings new upgrade rules.": what follows is about 6.4
    return ""


_OPENS_WITH_VERSION = re.compile(r"\s*(?:(?:[A-Z][\w+-]*|version|release)\s+){0,3}", re.I)
_SUBJECT_WITH_REQUIREMENTS = re.compile(
    r"\s+(?:adds|has|have|introduces|brings|comes\s+with|includes|changes)\s+(?:\w+\s+){0,3}?(?:upgrade|update|migration|installation)\s+"
    r"(?:requirements?|prerequisites?|paths?|rules?)\b",
    re.I,
)


_SEQUENCE_WORDS = re.compile(
    r"\b(?:steps?|stops?|paths?|routes?|sequence|order|in\s+turn|successive\w*|incremental\w*|go\s+through|one\s+after\s+another)\b", re.I
)
_UPGRADE_LEAD = re.compile(r"\b(?:upgrades?|updates?|migrations?|supported|transitions?)\b", re.I)
_ARROWED = re.compile(r"->|\u2192|=>")
_BASES_FOLLOW = re.compile(
    r"\b(?:running|be\s+on|from|one\s+of|either|requires?|following\s+(?:\S+\s+){0,2}?(?:versions?|releases?)|"
    r"(?:supported|permitted|allowed|valid|eligible|accepted|approved)\s+(?:base\s+|source\s+|starting\s+)?(?:versions?|releases?|firmware|bases?)|"
    r"(?:base|prerequisite|source|starting)\s+(?:versions?|releases?|firmware))\b[^:]*:$|\bfrom\s*:$|"
    r"^the\s+following\s+(?:\S+\s+){0,2}?(?:versions?|releases?)\s+(?:\S+\s+){0,3}?(?:upgrade|update|migrate)\w*\s+to\b[^:]*:?$",
    re.I,
)


def _each_goes_up(steps: Sequence[Reading | None]) -> bool:
    """A list of "A to B" lines is a list of upgrades only if every B is newer than its A (else it lists
    downgrades, or ranges)."""
    return all(order_key(r.target) > order_key(b) for step in steps if step for r in step.requirements for b in r.bases)


def _list_readings(block: Block, heading: str) -> Iterable[tuple[str, Reading, str]]:
    """A list read as a whole where it is one: hard stops to go through in order, the bases of the
    target its introduction names, steps each naming the next release; else item by item, with the
    situation its introduction sets."""
    intro = block.intro or ""
    lead = intro or block.heading
    if intro and read_statement(intro) == Reading() and _DECOY_LEAD.search(intro):
        return  # "Product v2 supports the following platform versions:", "Bug fixes:"
    in_sequence = _SEQUENCE_WORDS.search(lead) is not None  # asked once: a long list would ask it per item
    # "- 3.1 -> 4.0 / - 3.2 to 4.0": items that are each one step, under a lead that says so or beside an
    # arrow (asked of the items together: a line break joins no arrow)
    step_list = in_sequence or _UPGRADE_LEAD.search(lead) or _ARROWED.search("\n".join(block.lines))
    steps = [read_step_item(item) for item in block.lines] if step_list and len(block.lines) > 1 else []
    if steps and all(steps) and (in_sequence or (_each_goes_up(steps) and not _DECOY_LEAD.search(lead))):
        yield _list_text(block), Reading(tuple(r for step in steps if step for r in step.requirements)), heading
        return
    start = [m for m in mentions(intro) if m.role in (Role.BASE, Role.SCENARIO_BASE) and m.kind is not None] if in_sequence and intro else []
    if in_sequence and (stops := read_version_list(block.lines, start)) is not None:
        yield _list_text(block), Reading(tuple(stops)), heading
        return
    if intro and _TARGETS_FOLLOW.search(intro) and (base := _base_of(intro, block.heading)):
        # "Current Version 1.3.0" / "Upgrades can go straight to any of these releases:" / 1.3.1, 1.3.2
        targets = [m for item in block.lines for m in mentions(item) if m.kind is not None]
        if targets and all(len(mentions(item)) == 1 for item in block.lines):
            to_targets = tuple(StatedRequirement(t.text, (base,), Relation.EXACT, "list of targets") for t in targets)
            yield _list_text(block), Reading(to_targets), heading
            return
    if steps := read_step_list(block.lines, intro):  # each item installs a release: steps, not bases
        yield _list_text(block), Reading(tuple(steps)), heading
        return
    if intro and _BASES_FOLLOW.search(intro) and not read_statement(intro).scenario:  # not "if upgrading from A to C:"
        targets = [m for m in mentions(intro) if m.role is Role.TARGET]
        target = targets[-1].text if targets else ""
        listed = read_listed_bases(block.lines, target)
        if listed:
            yield _list_text(block), Reading(tuple(listed)), heading
            return
    opening = read_statement(intro) if intro else Reading()
    scenario = opening.scenario
    if intro and opening.requirements:
        yield intro, opening, heading
    subject = lead if _names_releases(lead) else ""
    for item in block.lines:
        if subject and _PREDICATE_ONLY.match(item):  # "Releases 2.0.4 - 2.0.1" / "- cannot be moved straight to ..."
            yield f"{subject} {item}", read_statement(f"{subject} {item}", scenario=scenario), heading
            continue
        step = read_step_item(item) if in_sequence else None
        reading = step or read_statement(item, scenario=scenario)
        if reading.scenario:
            scenario = reading.scenario
        yield (f"{intro} {item}" if intro else item), reading, heading


# an item with no subject of its own: the heading or introduction above it is what it speaks of
_PREDICATE_ONLY = re.compile(
    r"^\s*(?:(?:can|cannot|may|must|should|shall|will|is|are)(?:\s+not|n't)?\s+(?:only\s+)?(?:be|need|require)|"
    r"(?:needs?|requires?)\b)", re.I
)


def _names_releases(lead: str) -> bool:
    """A heading or introduction that is a subject: releases named, and hardly a sentence around them."""
    found = [m for m in mentions(lead) if m.kind is not None]
    rest = lead
    for m in reversed(found):
        rest = rest[: m.start] + " " + rest[m.end :]
    return bool(found) and len(re.sub(r"[^A-Za-z ]", " ", rest).split()) <= 4


_LOOKS_STRUCTURED = re.compile(r">=|\$if|min\w*version\s*[:=]|\"version\"\s*:", re.I)
_DECOY_LEAD = re.compile(r"\b(?:supports?|fix(?:es|ed)?|bug|changes?|changelog|known\s+issues?|compatib\w+|works?\s+with|features?|new\s+in)\b", re.I)


def _list_text(block: Block) -> str:
    """A list as one statement, the evidence of a reading of the whole list (made only for one)."""
    return " ".join(([block.intro] if block.intro else []) + [f"- {line}" for line in block.lines])


def _claims_of(
    statement: str,
    reading: Reading,
    section_release: str,
    ctx: DocumentContext,
    location: str,
    file: str,
    sha256: str,
    source_kind: SourceKind,
) -> list[Claim]:
    if not reading.requirements and not reading.unread:
        return []
    if is_cross_device(statement, ctx):
        return []
    local = sentence_context(statement, ctx)
    evidence = Evidence(file=file, sha256=sha256, location=location, text=statement)
    release = section_release or ctx.release
    claims: list[Claim] = []
    for requirement in reading.requirements:
        claims.extend(claims_for(requirement, local, evidence, source_kind, release=release))
    unread = reading.unread if not reading.requirements else unplaced(statement, reading, release)
    if unread:
        found = [m for m in mentions(statement) if m.kind is not None]
        target = local.resolve(release) if release else VersionRef("", None, "the document does not say which release")
        for device in local.devices():
            claims.append(
                Claim(device=device, target=target, bases=tuple(local.resolve(m.text) for m in found), relation=Relation.UNREAD,
                      evidence=evidence, source_kind=source_kind, note=unread)  # fmt: skip
            )
    return claims


_WHOLE_READINGS = {"list of stops", "structured"}


def _same_line(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """`5.0` and `5.0.x`, `v24.2` and `v24.2.9`: one names the other's line."""
    shorter = min(len(a), len(b))
    return shorter > 0 and a[:shorter] == b[:shorter]


_RANGE_TO_LATEST = re.compile(r"\blatest\W{0,2}\s*[-\u2013\u2014]\s*\W{0,2}v?\d|\d[\w.]*\W{0,2}\s*(?:[-\u2013\u2014]|to|through|thru)\s*\W{0,2}latest\b", re.I)


def unplaced(statement: str, reading: Reading, release: str) -> str:
    """Why a statement read in part is listed as well: a version it names as a base, step or target (or
    with no role at all) that none of its requirements uses ("7.1 -> 7.4 (one hop; images 7.2 and
    7.4 both needed)": 7.2 is somewhere on the way, and only a person can say where)."""
    if any(r.cue in _WHOLE_READINGS for r in reading.requirements):
        return ""  # a list of stops, a structured condition: read as a whole, its asides are no versions of it
    if _RANGE_TO_LATEST.search(statement):
        return "read in part: a range of releases up to `latest` (only its first release was read)"
    named = {text for r in reading.requirements for text in (r.target or release, *r.bases)}
    used = [order_key(text) for text in named]
    found = mentions(statement)
    aliases = {b.start for a, b in zip(found, found[1:]) if re.fullmatch(r"\s*\(\s*(?:cpl:?\s*)?", statement[a.end : b.start], re.I)}
    left = [
        m.text for m in found
        if m.kind is not None and not m.component and not m.replaced and not m.negated and m.role in (Role.NONE, Role.BASE, Role.STEP, Role.TARGET)
        and m.start not in aliases  # "V6.1.2 (06010002)": the same release in the CPL's form
        and m.text not in named  # a release's name ("Merlin SP2") has no numbers to compare
        and not any(_same_line(order_key(m.text), u) for u in used)
    ]  # fmt: skip
    if not left or not has_cue(statement):
        return ""
    return f"read in part: {', '.join(dict.fromkeys(left))} named but in no requirement read from it"


def without_contradicted_steps(claims: Sequence[Claim]) -> list[Claim]:
    """"Meters on A must first go to S" reads S as a base of the release, S being the last step written.
    Where the same document states the release's bases (exactly, or a minimum) and S is not among them
    (or is below the minimum), S is a stop on another route ("S, then S2, then the release"), not a
    base of the release: that reading is dropped, the step itself kept."""
    def key(claim: Claim) -> tuple[str, object]:
        return claim.device.hardware_version, _form(claim.target)

    stated: dict[tuple[str, object], list[Claim]] = {}
    for claim in claims:
        if claim.note != LAST_STEP and claim.relation in (Relation.EXACT, Relation.MINIMUM) and not claim.superseded and claim.bases:
            stated.setdefault(key(claim), []).append(claim)
    return [c for c in claims if c.note != LAST_STEP or not (others := stated.get(key(c))) or any(_allows(o, c.bases) for o in others)]


def _form(ref: VersionRef) -> object:
    """A version compared across statements: its CPL form, else its numbers, else its name ("Osprey")."""
    return ref.version.text if ref.version is not None else (order_key(ref.text) or ref.text.strip().lower())


def _allows(stated: Claim, bases: Sequence[VersionRef]) -> bool:
    if stated.relation is Relation.MINIMUM:
        floor = stated.bases[0]
        return all(_not_below(b, floor) for b in bases)
    return all(_form(b) in {_form(s) for s in stated.bases} for b in bases)


def _not_below(ref: VersionRef, floor: VersionRef) -> bool:
    if ref.version is not None and floor.version is not None:
        return ref.version.parts >= floor.version.parts
    return order_key(ref.text) >= order_key(floor.text)


def claims_for(
    req: StatedRequirement,
    ctx: DocumentContext,
    evidence: Evidence,
    source_kind: SourceKind,
    *,
    release: str = "",
    release_is_target: bool = True,
    devices: Sequence[DeviceRef] | None = None,
) -> list[Claim]:
    """`release_is_target`: a statement without a target speaks of the document's (or section's) own
    release; a table row with a blank To cell does not (it is left unmapped rather than guessed)."""
    from dataclasses import replace

    if req.target or release_is_target:
        target = ctx.resolve(req.target or release or ctx.release)
        if req.target:
            through = ctx.resolve(req.target_through) if req.target_through else None
            target = replace(target, named_with=req.named(req.target), and_later=req.target_and_later, through=through)
    else:
        target = VersionRef("", None, "the table row gives no target firmware")
    bases = tuple(
        replace(ctx.resolve(b), named_with=req.named(b)) if b else VersionRef("", None, "the table row gives no base firmware")
        for b in req.bases
    )
    return [
        Claim(device=device, target=target, bases=bases, relation=req.relation, evidence=evidence, source_kind=source_kind,
              note=req.cue)  # fmt: skip
        for device in (devices if devices is not None else ctx.devices())
    ]


__all__ = [
    "TextBlock", "claims_for", "has_cue", "is_cross_device", "reading_document_names", "sentence_context", "text_claims", "unplaced",
    "without_contradicted_steps",
]  # fmt: skip
