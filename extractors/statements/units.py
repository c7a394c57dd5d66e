"""A document's text as the units a reader reads: paragraphs of sentences, lists, headings, code.

PDF and email text wraps sentences across lines and breaks lists into lines; markdown and AsciiDoc
pages carry markup. Lines are joined back into sentences, list items (bulleted or numbered, with
their wrapped lines) are kept apart with the sentence that introduced them, and each unit knows the
heading above it: a statement without a target of its own is about its section's release.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from extractors.statements.context import _KEY_TO_FIELD, KV_LINE
from firpath.domain.versions import has_version_mention


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"  # sentences
    LIST = "list"  # items, with the sentence that introduced them
    HEADING = "heading"
    CODE = "code"  # lines of a code block or a line that is only a chain
    TABLE = "table"  # rows of a table given as text, cells joined by " | " (an email's HTML table, markdown)


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    lines: tuple[str, ...]  # sentences, items, the heading, code lines
    intro: str = ""  # a list's introducing sentence (ending with ":")
    heading: str = ""  # the nearest heading above
    above: tuple[str, ...] = ()  # the (up to three) headings above on the page, nearest first: a model's section may have sub-headings


_BULLET = re.compile(r"^(?:[\u2022\u25cf\u25aa\u2023\u2043\u25e6*+-]|\(?[0-9]{1,2}[.)]|\(?[a-hA-H][.)]|step\s+\d+[.:)])\s+", re.I)
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-Z]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_MARKUP = (
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # markdown links keep their text
    (re.compile(r"\*\*|__|`"), ""),
    (re.compile(r"^\s*>\s?(?:\[![A-Z]+\]\s*)?"), ""),  # quotes and GitHub note markers
    (re.compile(r"^\s*\+\s*$"), ""),  # AsciiDoc list continuation
    (re.compile(r"^\s*#{1,6}\s+"), ""),  # markdown headings (kept as headings by their shortness)
    (re.compile(r"::\s*$"), ":"),  # AsciiDoc definition terms
    (re.compile(r"\s*\u200b"), ""),
)
_CONTINUING_WORDS = {"the", "a", "an", "to", "of", "and", "or", "on", "with", "running", "firmware", "version",
                     "release", "from", "for", "by", "at", "is", "are", "be", "than", "as", "in", "onto", "must",
                     "shall", "should", "can", "may", "will", "any", "all", "this", "that", "your"}  # fmt: skip
# a sentence starts with a capital, or with a release after a word's full stop ("... in full. 7.2 brings ...",
# "... the only lower one. 05030004 needs ..."),
# or after a release's ("... firmware 4.13. 4.13 is the first ...": a word follows it, not a number)
# (written as `(?<=[.!?])\s+(?=[A-Z(\"'])|(?<=[a-z)][.!?])\s+(?=v?\d+\.\d)|...` with its first whitespace
# character taken out in front: a pattern that starts with a character class is searched for only
# where that class matches, one that starts with a lookbehind at every position)
_SENTENCE_SPLIT = re.compile(
    r"\s(?:(?<=[.!?]\s)\s*(?=[A-Z(\"'])|(?<=[a-z)][.!?]\s)\s*(?=v?\d+\.\d|(?:0x)?(?=[0-9A-Fa-f]{0,7}\d)[0-9A-Fa-f]{8}\b)|(?<=\d[.!?]\s)\s*(?=(?:v?\d+(?:\.\w+)+|(?:0x)?(?=[0-9A-Fa-f]{0,7}\d)[0-9A-Fa-f]{8})\s+[a-z]))"
)
_NOT_A_SENTENCE_END = re.compile(r"(?:\b(?:[eE]\.g|[iI]\.e|etc|vs|approx|[nN]o|[fF]ig|[vV]er|[rR]ev)\.|(?<![\w.])[A-Z]\.)$")
_INTRODUCES = re.compile(r"\b(?:the\s+following|as\s+follows|(?:two|three|four|five|several|\d)\s+(?:separate\s+)?(?:updates|upgrades|steps|stages|hops))\b", re.I)
_RELEASE_LINE = re.compile(r"v?\d+(?:\.\d+)+[\w.-]*(?:\s+\(?\d{4}-\d{2}-\d{2}\)?)?")
_VERSION_LABEL = re.compile(r"(?:(?:[A-Z][\w-]*|\d{1,2})\s+){1,3}v?\d+(?:\.\d+)+[\w.-]*")
_HEADING_NUMBER = re.compile(r"\d+(?:\.\d+)*\.")


def clean_line(line: str) -> str:
    if _may_carry_markup(line):  # most lines carry no markup at all
        for pattern, replacement in _MARKUP:
            line = pattern.sub(replacement, line)
    return line.strip()


def _may_carry_markup(line: str) -> bool:
    """Whether one of _MARKUP can apply: substring tests, a regular expression tried at every
    position of every line cost several times more. "::" anywhere lets a line in where only a final
    "::" is markup; the substitutions then change nothing, as for any line let in by mistake."""
    return (
        "[" in line or "**" in line or "__" in line or "`" in line or "::" in line or "\u200b" in line
        or line.lstrip().startswith((">", "+", "#"))  # a quote, a list continuation or a markdown heading
    )  # fmt: skip


def _has_markup_marks(text: str) -> bool:
    """Whether any line of the text may carry markup (_may_carry_markup of a line implies this of
    its text): asked once of a page, whose lines are then only stripped when it has none."""
    return any(map(text.__contains__, ("[", "**", "__", "`", "::", "\u200b", ">", "+", "#")))


_PAIR_LINE = re.compile(r"\s*v?\d[\w.-]*\s+(?:to|->|\u2192|=>)\s+v?\d[\w.-]*\s*[.;,]?\s*")
_VERSIONS_ONLY = re.compile(r"\s*v?\d+(?:\.\d+)+(?:[\s,;]+v?\d+(?:\.\d+)+)*\s*[,;]?\s*")


def _into(trail: list[str], heading: str, in_header: bool) -> None:
    """A heading joins the trail that names a section's device, unless it is in the document's header
    block or is a header row (`Release Version 2.2.0`, `Hardware Version 0001`): the document context
    reads those already."""
    if in_header:
        return
    lowered = heading.lower()
    if _DATED.match(lowered):
        return  # "Date 17 May 2023", "Issued 9 December 2020": a header row some text layers leave standing alone
    # most headings start with no key at all: one startswith over them all is asked before each key's
    if not lowered.startswith(_HEADER_KEYS) or not any(
        lowered.startswith(key) and lowered[len(key) : len(key) + 1] in {" ", ":", "\t"} for key in _KEY_TO_FIELD
    ):
        trail.append(heading)


_HEADER_KEYS = tuple(_KEY_TO_FIELD)
_KV_SEPARATOR = re.compile("[:=\u2013\u2014]")  # what KV_LINE needs between a key and its value
_DATED = re.compile(r"^(?:date[d]?|issued|published|released|revision|rev\.?|page|doc(?:ument)?\s+(?:no|number|ref))\b")


def is_header_line(line: str) -> bool:
    """`Model: AM-E200` or `Upgrade path: A -> B`: a line that stands alone, never wrapped into prose."""
    m = KV_LINE.match(line) if _KV_SEPARATOR.search(line) else None  # most lines have no separator at all
    if not m:
        return False
    key = re.sub(r"\s+", " ", m.group(1).strip().lower())
    return key in _KEY_TO_FIELD or key.endswith("upgrade path")


# "Minimum for v5.0.0: v4.2.0", "v4.1.0 (04010000) baseline: v4.0.1": a short label saying what the
# versions after it are, as a guidance sheet pasted into an email writes one per line
_LABELLED_REQUIREMENT = re.compile(
    r"(?P<label>(?:[^:.!?]|\.(?!\s)){0,50}?\b(?:minimum|min|prerequisites?|pre-?reqs?|base|baseline|bases|requires|required|needs|"
    r"upgrade|update|target|latest|installed|current|route|path|step)\b(?:[^:.!?]|\.(?!\s)){0,30}):\s+\S",
    re.I,
)


def _is_labelled_requirement(line: str) -> bool:
    """A line set out as "label: versions" that stands alone, never wrapped into prose."""
    if ":" not in line or len(line) >= 120 or (m := _LABELLED_REQUIREMENT.match(line)) is None or len(m.group("label").split()) > 6:
        return False
    value = line[m.end("label") + 1 :].lstrip()  # its value opens with a version, not a sentence wrapped onto the next line
    return _VALUE_OPENS_WITH_VERSION.match(value) is not None and has_version_mention(value[:24])


_VALUE_OPENS_WITH_VERSION = re.compile(r"(?:(?:v|version|firmware|fw|release)\s*)?(?:0x)?[0-9A-Fa-f]*\d", re.I)


def _left_open(item: str) -> bool:
    """An item whose parenthesis or code span is not closed yet: its next line, whatever it starts
    with, is its wrapped remainder."""
    return item.count("(") > item.count(")") or item.count("`") % 2 == 1


def _is_heading(line: str, width: int) -> bool:
    """A short line without final punctuation that does not read as the start of a sentence."""
    if _NUMBERED_HEADING.match(line) and len(line) < 80 and not line.endswith((".", ",", ";", ":")):
        return True
    if line.endswith((".", ",", ";", "!", "?", ":")) or len(line.split()) > 14:
        return False
    if not line[:1].isupper() and not line[:1].isdigit() and not re.match(r"v\d", line):  # "v4.07.2 2023-03-01"
        return False
    return len(line) < 0.6 * max(width, 60)


def _parallel(previous: str, line: str) -> bool:
    """Two short lines that open with the same word and each name a version: entries of one list."""
    before, after = previous.split(), line.split()
    return (
        1 < len(before) <= 8 and 1 < len(after) <= 8 and before[0].lower() == after[0].lower() and not before[0][:1].isdigit()
        and any(c.isdigit() for c in previous) and any(c.isdigit() for c in line)
    )  # fmt: skip


def _ends_paragraph(previous: str, line: str, width: int) -> bool:
    """A heading or an unpunctuated list line, not a sentence wrapped onto the next line. A wrapped line
    runs close to the text's full width; a heading stops well short of it."""
    if previous[-1:] == "." and (_RELEASE_LINE.fullmatch(line) or _VERSION_LABEL.fullmatch(line)):
        # "... in full." / "v4.07.2 2023-03-01", "Current Version 1.3.0": a release's heading, a label line
        # in title case, however long the line above
        return True
    if previous[-1:] in {",", ";", "-", "(", "/"} or previous.rsplit(" ", 1)[-1].lower() in _CONTINUING_WORDS:
        return False  # "... be on version 4.53.00 or" / "4.53.01. Direct upgrades ...": a wrapped sentence
    if _NUMBERED_HEADING.match(line):
        return True
    if _parallel(previous, line):
        return True  # "from 00100102: direct" / "from 00100001: via 00100102": a list without bullets
    if line[:1].isdigit() and line.endswith(".") and len(line.split()) >= 6 and len(previous.split()) <= 8 and ":" in previous:
        return True  # "from 00100001: via 00100102" / "00100001 units built before 2021 have ...": a sentence after a list line
    if previous[-1:] == ":" or not line[:1].isupper():
        return False
    if len(previous) >= 0.7 * width:
        return False
    if previous[-1:] == ".":  # a paragraph's short last line: what follows opens a new block if it is a heading
        return _is_heading(line, width)
    return previous.rsplit(" ", 1)[-1].lower() not in _CONTINUING_WORDS


_COLUMN_GAP = re.compile(r"\t+|  +")


def _cells(line: str) -> list[str]:
    """A line's cells where its columns are set apart by tabs or runs of spaces; one cell if none."""
    stripped = line.strip()
    if "  " not in stripped and "\t" not in stripped:  # most lines: a plain test before the pattern
        return [stripped]
    cells = _COLUMN_GAP.split(stripped)
    if any(cell.endswith((".", "!", "?")) and cell.count(" ") >= 2 for cell in cells[:-1]):
        return [stripped]  # "... the display fault.  It needs 1.1 first.": two spaces after a sentence, not a column
    return cells


def aligned_tables(lines: list[str]) -> list[str]:
    """Lines with any table laid out by spaces or tabs written as `|` rows, as an HTML table's text is.

    A plain-text email sets a table in columns ("Current firmware  Upgrade route" over "4.3.0  4.3.0 ->
    4.5.0"): two or more lines in a row with the same number (two or more) of cells, one of them a
    version. A "Key:   value" run is a document's header, not a table, and is left as it is."""
    split = [_cells(line) for line in lines]  # each line split once, however many runs ask it
    out = list(lines)
    i = 0
    while i < len(lines):
        width = len(split[i])
        j = i + 1
        if width >= 2 and not split[i][0].endswith(":"):
            while j < len(lines) and len(split[j]) == width and not split[j][0].endswith(":"):
                j += 1
        if j - i >= 2 and any(has_version_mention(line) for line in lines[i:j]):
            out[i:j] = [" | ".join(cells) for cells in split[i:j]]
        i = max(j, i + 1)
    return out


def blocks(text: str, *, opens_document: bool = False) -> Iterator[Block]:
    """The blocks of a page or an email body, in order, each with the heading above it.

    `opens_document`: the text is a document's first page, whose lines above its first sentence are
    its title and header rows (read by the document context, and laid out differently by each PDF
    text engine): they head no section."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    # a table set in columns has a run of spaces or a tab in a line: a text with neither has none (asked once)
    if columned := "  " in text or "\t" in text:
        lines = aligned_tables(lines)
    width = max(map(len, map(str.lstrip, lines)), default=0)
    # asked of the whole text once, not of each line: most pages have no code fence, no bars and no markup
    fenced = "```" in text or "~~~" in text
    barred = "|" in text or (columned and any(" | " in line for line in lines))  # a table set in columns now has bars
    clean = clean_line if _has_markup_marks(text) else str.strip
    heading = ""
    trail: list[str] = []
    in_header = [True] if opens_document else []  # still above the first sentence of the document
    paragraph: list[str] = []
    items: list[str] = []
    intro = ""
    code: list[str] = []
    in_fence = False

    pending_intro = ""  # a paragraph's last sentence ending with ":", held until we see what it introduces
    pairs = False  # the items being gathered are "A to B" lines without bullets

    def flush_paragraph(captions_a_table: bool = False, before_list: bool = False) -> Iterator[Block]:
        nonlocal paragraph, pending_intro
        if paragraph:
            found = list(sentences_of(" ".join(paragraph)))
            # "... as follows:", "The following versions can upgrade to 4.0.0", and right above a table's
            # rows a line without a full stop ("Table 4 - Lowest release to move to 5.0")
            captions = captions_a_table and not table_rows and not paragraph[-1].rstrip().endswith((".", "!", "?", ";", ","))
            # ... and "Meters on A need two updates." right above the numbered steps it announces
            if found and (found[-1].endswith(":") or captions or (_INTRODUCES.search(found[-1]) and (before_list or not found[-1].endswith((".", "!", "?"))))):
                pending_intro = found.pop()  # "... as follows:", "The following versions can upgrade to 4.0.0"
                if found and _INTRODUCES.search(found[-1]) and not has_version_mention(pending_intro):
                    # "Meters on A need two updates. Space them a day apart:": the announcing sentence introduces too
                    pending_intro = f"{found.pop()} {pending_intro}"
            if found:
                in_header.clear()
                yield Block(BlockKind.PARAGRAPH, tuple(found), heading=heading, above=tuple(reversed(trail[-3:])))
        paragraph = []

    table_rows: list[str] = []

    def flush_table() -> Iterator[Block]:
        nonlocal table_rows, pending_intro
        if table_rows:
            yield Block(BlockKind.TABLE, tuple(table_rows), intro=pending_intro, heading=heading, above=tuple(reversed(trail[-3:])))
            table_rows, pending_intro = [], ""

    def release_intro() -> Iterator[Block]:
        nonlocal pending_intro
        if pending_intro:
            yield Block(BlockKind.PARAGRAPH, (pending_intro,), heading=heading, above=tuple(reversed(trail[-3:])))
        pending_intro = ""

    def flush_items() -> Iterator[Block]:
        nonlocal items, intro
        if items:
            yield Block(BlockKind.LIST, tuple(_fold(i) for i in items), intro=intro, heading=heading, above=tuple(reversed(trail[-3:])))
        items, intro = [], ""

    for raw in lines:
        if fenced and ("```" in raw or "~~~" in raw) and _FENCE.match(raw):  # the substring first: most lines have none
            if in_fence:
                yield Block(BlockKind.CODE, tuple(code), intro=pending_intro, heading=heading, above=tuple(reversed(trail[-3:])))
                code, pending_intro = [], ""
            else:
                yield from flush_items()
                yield from flush_paragraph()
            in_fence = not in_fence
            continue
        if in_fence:
            if raw.strip():
                code.append(raw.strip())
            continue
        line = clean(raw)
        if not line:
            if paragraph:  # (flushing an empty paragraph changes nothing)
                yield from flush_paragraph()
            if table_rows:  # the flushes are asked only where there is something to flush: most lines have none
                yield from flush_table()
            continue
        indented = raw[:1] in {" ", "\t"}
        if barred and (" | " in line or line.startswith("|")) and not items:
            yield from flush_paragraph(captions_a_table=True)
            table_rows.append(_fold(line))
            continue
        if table_rows:
            yield from flush_table()
        if items and _left_open(items[-1]):  # "- 3.4.0 (run `tool prune --all" / "--force`)": still the item
            items[-1] += " " + line
            continue
        if (m := _BULLET.match(line)) and not (
            not items and _NUMBERED_HEADING.match(line) and _is_heading(line, width) and not has_version_mention(line)
        ):
            if not items:
                yield from flush_paragraph(before_list=True)
                intro, pending_intro = pending_intro, ""
            items.append(line[m.end() :])
            continue
        if items and (indented or (items[-1] and not items[-1].rstrip().endswith((".", ":")) and line[:1].islower())):
            items[-1] += " " + line  # an item's wrapped line
            continue
        if (pairs or (paragraph and paragraph[-1].endswith(":")) or (pending_intro and not paragraph)) and _PAIR_LINE.fullmatch(line):
            # "Supported upgrade paths:" then "4.12 to 4.15" / "4.14 to 4.15": a list without its bullets
            if not items:
                yield from flush_paragraph()
                intro, pending_intro = pending_intro, ""
            items.append(line)
            pairs = True
            continue
        pairs = False
        if items:
            yield from flush_items()
        if paragraph and paragraph[-1].endswith(":") and _VERSIONS_ONLY.fullmatch(line):
            yield from flush_paragraph()  # its last sentence introduces the list (a PDF keeps no blank line)
        if pending_intro and not paragraph and _VERSIONS_ONLY.fullmatch(line):
            # "Upgrades can go straight to any of these releases:" then "1.4.0 1.4.1 1.4.2": a list on one line
            listed = tuple(re.split(r"[\s,;]+", line.strip(" ,;")))
            yield Block(BlockKind.LIST, listed, intro=pending_intro, heading=heading, above=tuple(reversed(trail[-3:])))
            pending_intro = ""
            continue
        if not paragraph and pending_intro and not line.endswith(":"):  # (with no intro held, nothing to release)
            yield from release_intro()
        if is_header_line(line) or _is_labelled_requirement(line):
            yield from flush_paragraph()
            yield Block(BlockKind.PARAGRAPH, (_fold(line),), heading=heading, above=tuple(reversed(trail[-3:])))
            continue
        if barred and (" | " in line or line.startswith("|")):
            yield from flush_paragraph(captions_a_table=True)
            table_rows.append(_fold(line))
            continue
        if table_rows:
            yield from flush_table()
        opens_heading = not paragraph and _is_heading(line, width)  # asked once for the two tests below
        if opens_heading and _INTRODUCES.search(line):
            pending_intro = _fold(line)  # "The following versions can upgrade to 4.0.0" above a list: its introduction
            continue
        if opens_heading:
            heading = _fold(line)
            _into(trail, heading, bool(in_header))
            yield Block(BlockKind.HEADING, (heading,), heading=heading, above=tuple(reversed(trail[-3:])))
            continue
        # (a paragraph's lines are never header lines: each was asked is_header_line above before it joined)
        if paragraph and _ends_paragraph(paragraph[-1], line, width):
            yield from flush_paragraph()
            if _is_heading(line, width):
                heading = _fold(line)
                _into(trail, heading, bool(in_header))
                yield Block(BlockKind.HEADING, (heading,), heading=heading, above=tuple(reversed(trail[-3:])))
                continue
        paragraph.append(line)
    if code:
        yield Block(BlockKind.CODE, tuple(code), heading=heading, above=tuple(reversed(trail[-3:])))
    yield from flush_table()
    yield from flush_items()
    yield from flush_paragraph()
    yield from release_intro()


def _fold(text: str) -> str:
    """Whitespace runs as one space, none at the ends (as `\\s+` -> " " then strip: `\\s` and
    `str.split` know the same whitespace characters), without a regular expression. Most text is
    folded already: every whitespace character but the space is unprintable, so printable text with
    no double space and none at either end is returned as it is."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def sentences_of(paragraph: str) -> Iterator[str]:
    """A paragraph's sentences, whitespace folded; a heading's number ("2.") stays with its text."""
    number = ""
    pending = ""
    for chunk in _SENTENCE_SPLIT.split(paragraph):
        sentence = _fold(chunk or "")
        if not sentence:
            continue
        if _HEADING_NUMBER.fullmatch(sentence):
            number = f"{number}{sentence} "
            continue
        if pending:
            sentence = f"{pending} {sentence}"
            pending = ""
        # only a full stop ends an abbreviation, and the longest ("approx.") takes 7 characters: the
        # search starts there (where `\b` still sees the character before), not at every position
        if sentence.endswith(".") and _NOT_A_SENTENCE_END.search(sentence, max(0, len(sentence) - 7)):
            pending = sentence
            continue
        yield number + sentence
        number = ""
    if pending:
        yield number + pending
    elif number:
        yield number.strip()


def sentences(text: str) -> Iterator[str]:
    """Every sentence, item, heading and line of a text, in order (for tests and simple callers)."""
    for block in blocks(text):
        if block.kind is BlockKind.LIST and block.intro:
            yield block.intro
        yield from block.lines
