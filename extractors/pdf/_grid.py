"""Ruled tables read from pdfium's page objects: the fast way to a From/To table's cells.

pdfplumber finds tables from a page's drawn rules (its "lines" strategy) once pdfminer has
interpreted the whole page, some tens of milliseconds a page, which on a large inbox costs as much
as pdfium's text pass of every page. Most tables in release notes are plain grids, and those this
module reads itself, in a few milliseconds, the way pdfplumber does: rules from the page's path
objects, snapped and joined with pdfplumber's tolerances, cells between the rules, and each cell's
text from the characters whose centre lies in it.

A page whose rules are anything but plain grids (curves, a cell spanning columns or rows, rules
that stop short, rules inside form XObjects) is not guessed at: `plain_grid_tables` returns None
and pdfplumber reads the page. tests/extractors/pdf/test_pdf_screen.py holds both readers to the
same claims.
"""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Table = list[list[str | None]]

SNAP = 3.0  # pdfplumber's snap, join and intersection tolerances (points)
MIN_EDGE = 3.0  # pdfplumber's edge_min_length
_ORTHOGONAL = 0.5  # a segment this close to level or plumb is a rule; any other is not part of a table


@dataclass
class _Edge:
    """A horizontal rule at `at` (y) from `start` to `end` (x), or a vertical one at x from y to y."""

    horizontal: bool
    at: float
    start: float
    end: float


class _NotPlain(Exception):
    """The page's rules are not plain grids: pdfplumber reads the page instead."""


def plain_grid_tables(page: pdfium_c.FPDF_PAGE, textpage: pdfium_c.FPDF_TEXTPAGE) -> list[Table] | None:
    """The page's tables as pdfplumber's `extract_tables()` gives them (top to bottom, then left to
    right), or None when its rules are not all plain grids. `page` and `textpage` are pdfium's raw
    handles (extract.page_texts opens pages without pypdfium2's helper objects)."""
    try:
        edges = _merged(_rule_segments(page))
        grids = [_grid(group) for group in _connected(edges)]
    except _NotPlain:
        return None
    grids = [grid for grid in grids if grid is not None]
    if not grids:
        return []
    grids.sort(key=lambda g: (-g[1][-1], g[0][0]))  # the top-most, then left-most, first
    chars = _chars(textpage, (min(g[0][0] for g in grids), min(g[1][0] for g in grids),
                              max(g[0][-1] for g in grids), max(g[1][-1] for g in grids)))  # fmt: skip
    return [_cells_text(xs, ys, chars) for xs, ys in grids]


# --- rules -----------------------------------------------------------------------------------------


def _rule_segments(page: pdfium_c.FPDF_PAGE) -> list[_Edge]:
    """Every level or plumb straight segment of the page's painted paths, in page coordinates."""
    edges: list[_Edge] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    matrix = pdfium_c.FS_MATRIX()
    for obj in _path_objects(page):
        pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not fill.value and not stroke.value:
            continue  # a clipping path paints nothing (pdfminer makes no object of it either)
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
            raise pdfium.PdfiumError("Failed to get matrix of pageobject.")
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = previous = None
        for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                raise _NotPlain
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = previous = point
                continue
            if previous is not None:
                _add(edges, previous, point)
            previous = point
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                _add(edges, point, start)
                previous = start
    return edges


def _path_objects(page: pdfium_c.FPDF_PAGE, form: pdfium_c.FPDF_PAGEOBJECT | None = None, level: int = 0) -> Iterator[pdfium_c.FPDF_PAGEOBJECT]:
    """The page's path objects in the order (and with the errors) of pypdfium2's
    `page.get_objects(filter=(FPDF_PAGEOBJ_PATH,), max_depth=4)`, from raw handles: that helper makes
    an object with a finalizer for every object of the page, text included. A path inside a form
    XObject raises _NotPlain where it comes (the form's own matrix applies too)."""
    count = pdfium_c.FPDFPage_CountObjects(page) if form is None else pdfium_c.FPDFFormObj_CountObjects(form)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    for index in range(count):
        obj = pdfium_c.FPDFPage_GetObject(page, index) if form is None else pdfium_c.FPDFFormObj_GetObject(form, index)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_UNKNOWN:
            raise pdfium.PdfiumError("Failed to determine pageobject type, did you pass in a valid FPDF_PAGEOBJECT handle?")
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            if level > 0:
                raise _NotPlain
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < _MAX_FORM_LEVEL:
            yield from _path_objects(page, obj, level + 1)


_MAX_FORM_LEVEL = 3  # get_objects(max_depth=4) looks into forms nested up to three deep


def _add(edges: list[_Edge], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) <= _ORTHOGONAL and abs(x1 - x0) > 0:
        edges.append(_Edge(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= _ORTHOGONAL and abs(y1 - y0) > 0:
        edges.append(_Edge(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _merged(edges: list[_Edge]) -> list[_Edge]:
    """pdfplumber's merge_edges: rules within SNAP of each other moved to their mean, then
    collinear pieces less than SNAP apart joined; pieces shorter than MIN_EDGE dropped."""
    merged: list[_Edge] = []
    for horizontal in (True, False):
        group = sorted((e for e in edges if e.horizontal is horizontal), key=lambda e: e.at)
        clusters: list[list[_Edge]] = []
        for edge in group:
            if clusters and edge.at - clusters[-1][-1].at <= SNAP:
                clusters[-1].append(edge)
            else:
                clusters.append([edge])
        for cluster in clusters:
            at = sum(e.at for e in cluster) / len(cluster)
            pieces = sorted(cluster, key=lambda e: e.start)
            line = _Edge(horizontal, at, pieces[0].start, pieces[0].end)
            for piece in pieces[1:]:
                if piece.start <= line.end + SNAP:
                    line.end = max(line.end, piece.end)
                else:
                    merged.append(line)
                    line = _Edge(horizontal, at, piece.start, piece.end)
            merged.append(line)
    return [e for e in merged if e.end - e.start >= MIN_EDGE]


def _crosses(h: _Edge, v: _Edge) -> bool:
    return h.start - SNAP <= v.at <= h.end + SNAP and v.start - SNAP <= h.at <= v.end + SNAP


def _connected(edges: list[_Edge]) -> list[list[_Edge]]:
    """Groups of rules that cross one another (each group is one table, or one box)."""
    parent = list(range(len(edges)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(edges):
        if h.horizontal:
            for j, v in enumerate(edges):
                if not v.horizontal and _crosses(h, v):
                    parent[root(i)] = root(j)
    groups: dict[int, list[_Edge]] = {}
    for i, edge in enumerate(edges):
        groups.setdefault(root(i), []).append(edge)
    return list(groups.values())


def _grid(group: list[_Edge]) -> tuple[list[float], list[float]] | None:
    """Column rules' x and row rules' y (ascending) of a plain grid of at least two cells; None for a
    lone rule or a single box (pdfplumber keeps no one-cell table). Raises _NotPlain for anything else."""
    xs = sorted(e.at for e in group if not e.horizontal)
    ys = sorted(e.at for e in group if e.horizontal)
    if len(xs) < 2 or len(ys) < 2:
        if len(xs) + len(ys) > 1 and xs and ys:
            raise _NotPlain  # rules that cross but make no box
        return None
    for edge in group:  # every rule runs the grid's full width or height
        low, high = (xs[0], xs[-1]) if edge.horizontal else (ys[0], ys[-1])
        if edge.start > low + SNAP or edge.end < high - SNAP:
            raise _NotPlain
    if (len(xs) - 1) * (len(ys) - 1) < 2:
        return None
    return xs, ys


# --- text --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Char:
    text: str
    left: float
    right: float
    bottom: float  # of the font's box (ascent to descent, as pdfminer's): one line, one bottom
    top: float

    @property
    def middle(self) -> float:
        return (self.bottom + self.top) / 2


# pdfium's FPDFText_GetLooseCharBox(text_page, index, rect) -> FPDF_BOOL, declared with the text page and the
# rect as addresses: ctypes converts those faster than the pointer types pypdfium2 declares (the same function)
_LOOSE_BOX_AT = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
)
_RECT_FIELDS = struct.Struct("@4f")  # FS_RECTF: left, top, right, bottom, four C floats


def _chars(textpage: pdfium_c.FPDF_TEXTPAGE, within: tuple[float, float, float, float]) -> list[_Char]:
    """The characters drawn inside `within` (left, bottom, right, top), by their centre; pdfium's
    generated spaces and line breaks left out. One call to pdfium for each character outside."""
    raw = textpage
    box = pdfium_c.FS_RECTF()
    x0, y0, x1, y1 = within
    # looked up once, the box's four fields read at once: the loop runs for every character of the page
    loose_box, page_at, at = _LOOSE_BOX_AT, ctypes.cast(raw, ctypes.c_void_p).value, ctypes.addressof(box)
    fields = _RECT_FIELDS.unpack_from
    unicode_of, generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    chars = []
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        if not loose_box(page_at, index, at):
            continue
        left, top, right, bottom = fields(box)
        if not (x0 <= (left + right) / 2 <= x1 and y0 <= (bottom + top) / 2 <= y1):
            continue
        code = unicode_of(raw, index)
        if code in (0x0A, 0x0D) or (code == 0x20 and generated(raw, index) == 1):
            continue
        chars.append(_Char(chr(code), left, right, bottom, top))
    return chars


def _cells_text(xs: list[float], ys: list[float], chars: list[_Char]) -> Table:
    """Rows top to bottom, cells left to right; each cell's characters (by their centre, as pdfplumber
    assigns them) in reading order."""
    rows: Table = []
    for top, bottom in zip(reversed(ys[1:]), reversed(ys[:-1])):
        row: list[str | None] = []
        in_row = [ch for ch in chars if bottom <= ch.middle < top]
        for left, right in zip(xs, xs[1:]):
            row.append(_text([ch for ch in in_row if left <= (ch.left + ch.right) / 2 < right]))
        rows.append(row)
    return rows


def _text(chars: list[_Char]) -> str:
    """pdfplumber's extract_text of a cell: lines by their characters' box (within SNAP), top first;
    words split at spaces and at gaps wider than SNAP, joined by single spaces; lines by line breaks."""
    lines: list[list[_Char]] = []
    for ch in sorted(chars, key=lambda c: -c.top):
        if lines and abs(lines[-1][0].top - ch.top) <= SNAP:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    out = []
    for line in lines:
        text, previous = [], None
        for ch in sorted(line, key=lambda c: c.left):
            if previous is not None and ch.left - previous.right > SNAP:
                text.append(" ")
            text.append(ch.text)
            previous = ch
        out.append(" ".join("".join(text).split()))
    return "\n".join(line for line in out if line)
