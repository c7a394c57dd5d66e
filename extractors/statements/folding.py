"""A case-insensitive pattern asked of ASCII text through a case-sensitive twin over the text lower-cased.

Python's `re` compares every character of a case-insensitive pattern by its case folding, and can
skip to no literal: a long alternation of words is tried at every position, several times slower
than the same alternation without the flag. In ASCII text a letter matches case-insensitively
exactly its two cases, and lower-casing keeps every character's place: so where the pattern's own
letters are all lower case, the twin matches the lower-cased text at the same places, with the same
spans (and the matched text lower-cased), as the pattern matches the text.

`folded_twin` makes the twin only for a pattern where that holds by its source: the flag on for the
whole pattern and never turned off, no upper-case letter outside an escape, no escape that can name
a character by its code, and no range in a character class other than between two lower-case
letters or two digits. Any other pattern gets None, and its callers ask the pattern itself.
"""

from __future__ import annotations

import re

_CODE_ESCAPE = re.compile(r"\\[xuUN0-9]")  # `\x41`, `\u0041`, `\N{...}`, an octal or a back-reference
_UPPER = re.compile(r"(?<!\\)[A-Z]")


def folded_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-sensitive twin of a case-insensitive pattern (see the module), or None."""
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or "(?-" in source or "(?i" in source or _CODE_ESCAPE.search(source):
        return None
    if any(_UPPER.search(part) for part in _outside_escapes(source)) or not _ranges_fold(source):
        return None
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


def _outside_escapes(source: str) -> list[str]:
    """The source with every escape (a backslash and the character after it) taken out."""
    return re.split(r"\\.", source, flags=re.S)


def _ranges_fold(source: str) -> bool:
    """Whether every range in the source's character classes runs between two lower-case ASCII
    letters or two digits (a range such as `[!-~]` or `[Z-a]` holds letters of one case only)."""
    i = 0
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] != "[":
            i += 1
            continue
        j = i + 1
        if source[j : j + 1] == "^":
            j += 1
        if source[j : j + 1] == "]":
            j += 1
        members: list[str] = []
        while j < len(source) and source[j] != "]":
            if source[j] == "\\":
                members.append(source[j : j + 2])
                j += 2
            else:
                members.append(source[j])
                j += 1
        for k in range(1, len(members) - 1):
            if members[k] == "-":
                low, high = members[k - 1], members[k + 1]
                if not (("a" <= low <= "z" and "a" <= high <= "z") or ("0" <= low <= "9" and "0" <= high <= "9")):
                    return False
        i = j + 1
    return True


def finditer(pattern: re.Pattern[str], twin: re.Pattern[str] | None, text: str) -> list[re.Match[str]]:
    """`pattern.finditer(text)` as a list, through the twin where it has one and the text is ASCII
    (its matches' text is then lower-cased)."""
    if twin is not None and text.isascii():
        return list(twin.finditer(text.lower()))
    return list(pattern.finditer(text))


def search(pattern: re.Pattern[str], twin: re.Pattern[str] | None, text: str) -> bool:
    """Whether `pattern.search(text)` finds anything, through the twin where it can."""
    if twin is not None and text.isascii():
        return twin.search(text.lower()) is not None
    return pattern.search(text) is not None


# `\w` in ASCII text: letters, digits and the underscore; every other byte a space
_WORD_BYTES = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == ord("_")) else ord(" ") for c in range(256))


def words(text: str) -> list[str]:
    r"""`re.findall(r"\w+", text)`; in ASCII text by a byte table and a split, three times faster."""
    if text.isascii():
        return text.encode("ascii").translate(_WORD_BYTES).decode("ascii").split()
    return _WORD.findall(text)


_WORD = re.compile(r"\w+")
