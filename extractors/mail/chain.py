"""Split an email body into the messages of its reply/forward chain, newest first.

One code path for .eml and .msg: the readers hand over plain text (HTML already converted, with
`<blockquote>` turned into "> " lines), and this module finds where older messages begin:

* separator lines: "-----Original Message-----", "---------- Forwarded message ---------",
  "Begin forwarded message:";
* Outlook/Gmail header blocks: "From: ..." followed within a few lines by "Sent:"/"Date:" and
  "Subject:" (the block itself goes into the label, not the text);
* "On <date>, <name> wrote:" attribution lines, and their forms in the other languages the
  mail-parser-reply package knows ("Am ... schrieb ...:", "Le ... a écrit :", "Op ... schreef:"),
  as are the localised header blocks ("Von:"/"Gesendet:"/"Betreff:", "De :"/"Envoyé :"/"Objet :");
* ">"-quoted lines, one depth per ">".

A separator followed by a header block (the usual Outlook layout) is one step deeper, not two; an
attribution line followed by ">"-quoted lines only labels those lines. Text that resumes after a
quoted block (inline replies) is another segment at the outer depth. Segments are returned sorted
by depth, stably, so the newest message's own text always comes first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from extractors.mail.model import MessageSegment
from firpath.domain.limits import DocumentLimits

BODY_LABEL = "email body"
HEADER_WINDOW = 8  # lines after "From:" in which "Sent:"/"Date:" and "Subject:" must appear

_SEPARATOR = re.compile(
    r"^\s*(?:-{2,}\s*(?:Original Message|Forwarded message)\s*-{2,}|Begin forwarded message:)\s*$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*(?:_{10,}|-{10,}|={10,})\s*$")  # Outlook's line above a header block
_HEADER_LINE = re.compile(
    r"^\s*\*?(?P<key>From|Sent|Date|To|Cc|Bcc|Subject|Reply-To|Importance|Attachments)\*?\s*:\*?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_WROTE = re.compile(r"^\s*On\s.*\bwrote:\s*$", re.IGNORECASE)


def _language_markers() -> tuple[list[re.Pattern[str]], dict[str, str]]:
    """Attribution-line patterns and header keys (localised key -> English role) of every language
    mail-parser-reply knows. Its patterns are public constants; firpath keeps its own splitting
    (bounded depth, labels, inline replies) and takes the markers from it."""
    from mailparser_reply.constants import MAIL_LANGUAGES

    wrote, keys = [], {}
    roles = ("from", "sent", "to", "subject", "date", "cc")
    for language, markers in MAIL_LANGUAGES.items():
        if pattern := markers.get("wrote_header"):
            wrote.append(re.compile(pattern))
        if language == "en" or not (found := re.search(r"\[\* \]\*\(\?:([^)]*)\)", markers.get("from_header", ""))):
            continue
        names = [n.strip() for n in found.group(1).split("|")]
        for role, name in zip(roles, names):
            if name and re.fullmatch(r"[\w\\]+", name) and "\\s" not in name:
                keys.setdefault(name.lower(), role)
    return wrote, keys


_WROTE_ANY, _LOCAL_KEYS = _language_markers()
_LOCAL_HEADER_LINE = re.compile(
    r"^\s*\*?(?P<key>" + "|".join(sorted((re.escape(k) for k in _LOCAL_KEYS), key=len, reverse=True))
    + r")\*?\s*:\*?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_WROTE_PARTS = re.compile(r"^\s*On\s+(?P<when>.+?),\s*(?P<who>[^,]+?)\s+wrote:\s*$", re.IGNORECASE)
# One quote level: up to 3 spaces then ">", but not ">=" (a minimum-version statement, not a quote).
_QUOTE = re.compile(r"^[ \t]{0,3}>(?!=) ?")


@dataclass
class _Part:
    depth: int
    header: str  # "From: Jo Bloggs, Sent: 3 March 2024", or ""
    fresh: bool = False  # opened by a marker and no text yet: a following header block labels it
    lines: list[str] = field(default_factory=list)

    def has_text(self) -> bool:
        return any(line.strip() for line in self.lines)


def split_chain(text: str, base_label: str = BODY_LABEL, max_depth: int | None = None) -> tuple[MessageSegment, ...]:
    """The messages in `text`, newest first; whitespace-only segments are dropped.

    `max_depth` (DocumentLimits.quote_depth): ">" quotes deeper than this are not told apart;
    they stay, markers and all, in the text of the deepest message told apart. Each level costs a
    pass over the lines quoted at it, so this bounds the work to `max_depth` passes.
    """
    if max_depth is None:
        max_depth = DocumentLimits().quote_depth
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts = sorted(_split_level(lines, depth=0, header="", max_depth=max_depth), key=lambda p: p.depth)
    segments = []
    for part in parts:
        body = _segment_text(part.lines)
        if body:
            segments.append(MessageSegment(body, part.depth, _label(base_label, part.depth, part.header)))
    return tuple(segments)


def _label(base: str, depth: int, header: str) -> str:
    if depth == 0:
        return base
    return f"{base}, quoted message {depth}" + (f" ({header})" if header else "")


def _split_level(lines: list[str], depth: int, header: str, max_depth: int) -> list[_Part]:
    """Parts of one quote level; ">"-quoted blocks are split recursively one level deeper."""
    parts: list[_Part] = []
    current = _Part(depth, header)
    pending_attribution = ""  # an "On ... wrote:" waiting for the quoted block it introduces
    next_is_quoted = _next_is_quoted(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if depth < max_depth and _QUOTE.match(line):
            end = _quoted_block_end(lines, i, next_is_quoted)
            block = [_QUOTE.sub("", quoted, count=1) for quoted in lines[i:end]]
            parts.append(current)
            parts.extend(_split_level(block, current.depth + 1, pending_attribution, max_depth))
            current = _Part(current.depth, current.header)  # text after the quote: same message
            pending_attribution = ""
            i = end
            continue
        if _SEPARATOR.match(line):
            current = _start_older(parts, current, "")
            i += 1
            continue
        header_block = _header_block(lines, i)
        if header_block is not None:
            end, found = header_block
            current = _start_older(parts, current, found)
            i = end
            continue
        attribution = _attribution(lines, i)
        if attribution is not None:
            end, who_when = attribution
            if depth < max_depth and next_is_quoted(end):
                pending_attribution = who_when
            else:  # quoted without ">" (Outlook mobile, some webmail): what follows is older
                current = _start_older(parts, current, who_when)
            i = end
            continue
        current.lines.append(line)
        if line.strip():
            current.fresh = False
        i += 1
    parts.append(current)
    return parts


def _start_older(parts: list[_Part], current: _Part, header: str) -> _Part:
    """Close `current` and open the next older message, unless a marker just opened `current`."""
    if current.fresh and not current.has_text():
        if header:
            current.header = header
        return current
    _drop_trailing_rule(current)
    parts.append(current)
    return _Part(current.depth + 1, header, fresh=True)


def _drop_trailing_rule(part: _Part) -> None:
    while part.lines and (not part.lines[-1].strip() or _RULE.match(part.lines[-1])):
        part.lines.pop()


def _quoted_block_end(lines: list[str], start: int, next_is_quoted: Callable[[int], bool]) -> int:
    """End of the run of quoted lines from `start`; blank lines between quoted lines belong to it."""
    i = start
    while i < len(lines):
        if not (_QUOTE.match(lines[i]) or (not lines[i].strip() and next_is_quoted(i))):
            break
        i += 1
    return i


def _next_is_quoted(lines: list[str]) -> Callable[[int], bool]:
    """Whether the first non-blank line at or after an index is quoted, answered in constant time
    (one pass over the lines, from the end), so a run of blank lines costs no rescans."""
    quoted_next = [False] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        quoted_next[i] = bool(_QUOTE.match(lines[i])) if lines[i].strip() else quoted_next[i + 1]
    return lambda index: quoted_next[index] if index < len(quoted_next) else False


def _header_key(line: str) -> tuple[str, str] | None:
    """(English role, value) of a header line in any language known ("Von: X" -> ("from", "X"))."""
    if match := _HEADER_LINE.match(line):
        return match["key"].lower(), match["value"].strip()
    if match := _LOCAL_HEADER_LINE.match(line):
        return _LOCAL_KEYS[match["key"].lower()], match["value"].strip()
    return None


def _header_block(lines: list[str], start: int) -> tuple[int, str] | None:
    """(index after the block, "From: X, Sent: Y") when `lines[start]` opens a header block."""
    first = _header_key(lines[start])
    if first is None or first[0] != "from":
        return None
    fields = {"from": first[1]}
    end = start + 1
    for i in range(start + 1, min(len(lines), start + 1 + HEADER_WINDOW)):
        line = lines[i]
        match = _header_key(line)
        if match is not None:
            fields.setdefault(match[0], match[1])
            end = i + 1
        elif line[:1] in (" ", "\t") and line.strip():  # a wrapped To:/Cc: list
            continue
        else:
            break
    when = fields.get("sent") or fields.get("date")
    if when is None or "subject" not in fields:
        return None
    return end, _who_when(fields["from"], when)


def _attribution(lines: list[str], start: int) -> tuple[int, str] | None:
    """(index after it, "From: X, Sent: Y") for an "On ... wrote:" line, also wrapped over two lines."""
    line = lines[start]
    if not line.strip() or len(line) > 300:
        return None
    for width in (1, 2):
        joined = re.sub(r"<\s+", "<", " ".join(part.strip() for part in lines[start : start + width]))
        if not _WROTE.match(joined) and any(p.match(joined) for p in _WROTE_ANY):
            return start + width, joined.strip().rstrip(":").strip()
        if _WROTE.match(joined):
            parts = _WROTE_PARTS.match(joined)
            if parts is None:
                return start + width, joined.strip().rstrip(":")
            return start + width, _who_when(parts["who"], parts["when"])
    return None


def _who_when(who: str, when: str) -> str:
    return ", ".join(f"{key}: {value.strip()}" for key, value in (("From", who), ("Sent", when)) if value.strip())


def _segment_text(lines: list[str]) -> str:
    """Lines without trailing spaces, runs of blank lines collapsed, none at either end."""
    kept: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not kept or not kept[-1]):
            continue
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)
