"""A claim's sentence shown where it was read: the page region as a picture, and the page text around it.

pdfplumber finds the sentence (its words joined by any whitespace, so a line break inside the
sentence still matches), pypdfium2 renders the page; the picture is cropped to the sentence plus a
few lines of context over the full width of the text block, with the sentence under a translucent
yellow marker. The crop's top and bottom are moved out to whole text lines (`evidence_crop`): a
margin of a fixed number of points ends inside a line, and half a line of text reads as a mistake.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pdfplumber
import pypdfium2
from PIL import Image, ImageDraw

SCALE = 2.0  # pixels per PDF point
MAX_PIXELS = 4000  # longest side of a rendered page, whatever its size in points
MARGIN_Y = 54.0  # points above and below the sentence: a few lines of context
MARGIN_X = 12.0
HIGHLIGHT = (255, 221, 0, 96)  # translucent yellow
LINE_TOLERANCE = 3.0  # points: characters whose tops differ by less are on the same line
LINE_PAD = 3.0  # points of white above the first line of the crop and below its last, at most
MAX_CELL_HEIGHT = 48.0  # points: a taller rectangle is a frame or a background, not a table row


def sentence_pattern(text: str) -> str | None:
    """The sentence as a regex: each word escaped, any run of whitespace between them."""
    words = text.split()
    return r"\s+".join(re.escape(word) for word in words) if words else None


def _search(page: Any, text: str) -> list[dict[str, Any]]:
    pattern = sentence_pattern(text)
    if pattern is None:
        return []
    found = page.search(pattern, regex=True, case=True)
    return found or page.search(pattern, regex=True, case=False)


def _line_boxes(chars: list[dict[str, Any]]) -> list[tuple[float, float, float, float]]:
    """One (x0, top, x1, bottom) box per line of `chars` (a match's, or a page's)."""
    lines: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(lines[-1][0]["top"] - char["top"]) < LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [
        (min(c["x0"] for c in line), min(c["top"] for c in line), max(c["x1"] for c in line),
         max(c["bottom"] for c in line))  # fmt: skip
        for line in lines
    ]


def _render(pdf_bytes: bytes, index: int, width_pt: float, height_pt: float) -> tuple[Image.Image, float]:
    scale = min(SCALE, MAX_PIXELS / max(width_pt, height_pt, 1.0))
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        page = document[index]
        try:
            bitmap = page.render(scale=scale)
            try:
                image = bitmap.to_pil().convert("RGBA")
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        document.close()
    return image, scale


Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top left


@dataclass(frozen=True)
class Crop:
    """The region of a page a picture shows, and the sentence's line boxes in it (points)."""

    left: float
    top: float
    right: float
    bottom: float
    marks: tuple[Box, ...]  # the sentence, one box a line
    width: float  # the page's
    height: float


def _whole_lines(top: float, bottom: float, lines: list[Box], text: list[Box]) -> tuple[float, float]:
    """`top`..`bottom` widened until no line (of text, or a table's row) crosses either edge, plus a
    little white that stays clear of the next line of `text` out."""
    changed = True
    while changed:
        changed = False
        for _, line_top, _, line_bottom in lines:
            if line_top < bottom and line_bottom > top and (line_top < top or line_bottom > bottom):
                top, bottom, changed = min(top, line_top), max(bottom, line_bottom), True
    above = [b for _, _, _, b in text if b <= top]
    below = [t for _, t, _, _ in text if t >= bottom]
    pad_top = min(LINE_PAD, (top - max(above)) / 2) if above else LINE_PAD
    pad_bottom = min(LINE_PAD, (min(below) - bottom) / 2) if below else LINE_PAD
    return top - pad_top, bottom + pad_bottom


def evidence_crop(pdf_bytes: bytes, page_number: int, text: str) -> Crop | None:
    """Where on page `page_number` (1-based) `text` is, and the region its picture shows: the
    sentence with `MARGIN_Y` of context either side, widened to whole lines, over the text block's
    width; None when the page does not exist or the sentence is not on it."""
    if page_number < 1:
        return None
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        if page_number > len(pdf.pages):
            return None
        page = pdf.pages[page_number - 1]
        try:
            matches = _search(page, text)
            if not matches:
                return None
            x_origin, y_origin = float(page.bbox[0]), float(page.bbox[1])
            width_pt, height_pt = float(page.width), float(page.height)
            boxes = [box for match in matches[:1] for box in _line_boxes(match["chars"])]
            text_chars = [c for c in page.chars if c.get("text", "").strip()]
            lines = _line_boxes(text_chars)
            # a table's cells count as lines too, so the crop never ends inside a row's borders
            cells = [(float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"])) for r in page.rects
                     if float(r["bottom"]) - float(r["top"]) <= MAX_CELL_HEIGHT]  # fmt: skip
        finally:
            page.close()

    def shifted(box: Box) -> Box:
        return box[0] - x_origin, box[1] - y_origin, box[2] - x_origin, box[3] - y_origin

    boxes, lines, cells = [shifted(b) for b in boxes], [shifted(b) for b in lines], [shifted(b) for b in cells]
    top, bottom = _whole_lines(min(b[1] for b in boxes) - MARGIN_Y, max(b[3] for b in boxes) + MARGIN_Y, lines + cells, lines)
    left = min(min(b[0] for b in lines), *(b[0] for b in boxes)) - MARGIN_X
    right = max(max(b[2] for b in lines), *(b[2] for b in boxes)) + MARGIN_X
    return Crop(max(0.0, left), max(0.0, top), min(width_pt, right), min(height_pt, bottom), tuple(boxes), width_pt, height_pt)


def evidence_image(pdf_bytes: bytes, page_number: int, text: str) -> bytes | None:
    """PNG of the region of page `page_number` (1-based) holding `text` (`evidence_crop`),
    highlighted; None when the page does not exist or the sentence is not on it."""
    crop = evidence_crop(pdf_bytes, page_number, text)
    if crop is None:
        return None
    image, scale = _render(pdf_bytes, page_number - 1, crop.width, crop.height)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    pad = 1.5
    for x0, top, x1, bottom in crop.marks:
        draw.rectangle(((x0 - pad) * scale, (top - pad) * scale, (x1 + pad) * scale, (bottom + pad) * scale),
                       fill=HIGHLIGHT)  # fmt: skip
    image = Image.alpha_composite(image, overlay)
    region = image.crop(tuple(round(v * scale) for v in (crop.left, crop.top, crop.right, crop.bottom))).convert("RGB")
    out = io.BytesIO()
    region.save(out, format="PNG", optimize=True)
    return out.getvalue()


def evidence_context(pdf_bytes: bytes, page_number: int, text: str, chars: int = 240) -> tuple[str, str, str] | None:
    """(text before, the sentence as printed, text after) from page `page_number`'s text, up to
    `chars` characters either side and cut at whitespace; None when the sentence is not on the page."""
    pattern = sentence_pattern(text)
    if pattern is None or page_number < 1:
        return None
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        if page_number > len(pdf.pages):
            return None
        page = pdf.pages[page_number - 1]
        try:
            page_text = page.extract_text() or ""
        finally:
            page.close()
    match = re.search(pattern, page_text) or re.search(pattern, page_text, re.IGNORECASE)
    if match is None:
        return None
    before = page_text[max(0, match.start() - chars) : match.start()]
    after = page_text[match.end() : match.end() + chars]
    if match.start() > chars and " " in before:
        before = "… " + before.split(" ", 1)[1]
    if len(page_text) - match.end() > chars and " " in after:
        after = after.rsplit(" ", 1)[0] + " …"
    return before, match.group(0), after


_PAGE_ONLY = re.compile(r"page (\d+)", re.IGNORECASE)


def page_of(location: str) -> int | None:
    """N when a location is exactly "page N" (a sentence on a page); None for a table row or anything else."""
    match = _PAGE_ONLY.fullmatch(location.strip())
    return int(match.group(1)) if match else None


__all__ = ["Crop", "evidence_context", "evidence_crop", "evidence_image", "page_of", "sentence_pattern"]
