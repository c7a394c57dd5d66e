"""HTML email bodies to plain text that keeps the block structure the chain splitter relies on.

Each block (paragraph, div, list item, heading, `<br>`) becomes a line, a list item with its bullet
("- ", or its number in an ordered list); a table row becomes one
line with its cells joined by " | "; `<blockquote>` content is prefixed with "> " so quoted replies
in HTML are split like quoted plain text.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

CELL_SEPARATOR = " | "

_DROPPED = frozenset({"script", "style", "head", "title", "meta", "link", "noscript", "template", "xml"})
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "body", "center", "dd", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "html", "li", "main", "nav", "ol", "p", "section", "table", "tbody", "tfoot",
        "thead", "ul", "caption",
    }
)  # fmt: skip
_WHITESPACE = re.compile(r"\s+")


class _Lines:
    """Finished lines plus the inline text of the line being built."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._inline: list[str] = []

    def add_inline(self, text: str) -> None:
        self._inline.append(text)

    def end_line(self, keep_empty: bool = False) -> None:
        line = _WHITESPACE.sub(" ", "".join(self._inline)).strip()
        self._inline.clear()
        if line or keep_empty:
            self.lines.append(line)

    def add_line(self, line: str) -> None:
        self.end_line()
        self.lines.append(line)


def html_to_text(html: str | bytes) -> str:
    """Readable text of an HTML body; bytes are decoded by BeautifulSoup (meta charset, then guess)."""
    soup = BeautifulSoup(html, "html.parser")
    out = _Lines()
    _render(soup, out)
    out.end_line()
    return _tidy(out.lines)


def _render(node: Tag, out: _Lines) -> None:
    for child in node.children:
        if isinstance(child, Comment):  # also Outlook's <!--[if mso]> blocks
            continue
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a CData, doctype or processing instruction
                out.add_inline(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _DROPPED:
            continue
        if name == "br":
            out.end_line(keep_empty=True)
        elif name == "tr":
            out.add_line(_row_text(child))
        elif name == "pre":
            out.end_line()
            out.lines.extend(child.get_text().splitlines())
        elif name == "blockquote":
            out.end_line()
            inner = _Lines()
            _render(child, inner)
            inner.end_line()
            out.lines.extend(f"> {line}" if line else ">" for line in inner.lines)
        elif name == "li":
            # a list item keeps its bullet, so that the reader sees a list (steps, bases) and not a paragraph
            out.end_line()
            out.add_inline(f"{_item_number(child)}. " if child.parent is not None and child.parent.name == "ol" else "- ")
            _render(child, out)
            out.end_line()
        elif name in _BLOCKS:
            out.end_line()
            _render(child, out)
            out.end_line()
        else:
            _render(child, out)


def _item_number(item: Tag) -> int:
    """An ordered list item's number (its place among its list's items, from the list's start)."""
    start = item.parent.get("start", "1") if item.parent is not None else "1"
    first = int(start) if isinstance(start, str) and start.isdigit() else 1
    return first + sum(1 for sibling in item.find_previous_siblings("li"))


def _row_text(row: Tag) -> str:
    cells = row.find_all(["td", "th"], recursive=False)
    texts = []
    for cell in cells:
        inner = _Lines()
        _render(cell, inner)
        inner.end_line()
        texts.append(" ".join(line for line in inner.lines if line))
    return CELL_SEPARATOR.join(texts).strip()


def _tidy(lines: list[str]) -> str:
    """No runs of blank lines, none at either end."""
    kept: list[str] = []
    for line in lines:
        if not line.strip() and (not kept or not kept[-1].strip()):
            continue
        kept.append(line.rstrip())
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept)
