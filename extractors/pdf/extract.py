"""Release notes (PDF with a text layer) to claims, in two passes.

pdfplumber is thorough but slow (tens of pages a second at best); pypdfium2 pulls plain text about
ten to a hundred times faster. So the first pass reads every page's text with pypdfium2: that text
gives the document's context (header block, `Key: value` lines, display-version pairings) and its
requirement sentences. A page that can hold a From/To upgrade table (a line that can head one, and
drawn rules) has its tables read from pdfium's page objects when its rules are plain grids
(`_grid.py`, read the way pdfplumber reads them), and by pdfplumber when they are anything else.
`extract_pdf_full` reads every page with pdfplumber instead; it is the reference the fast path is
tested against. Pages are closed as soon as they are read, or both libraries' caches grow with
the document. A PDF with no text layer at all (a scan) is read by OCR (`ocr.py`) when Tesseract is
installed, and its page texts go through the same reading.
"""

from __future__ import annotations

import codecs
import ctypes
import io
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractors.pdf._grid import Table, plain_grid_tables
from extractors.pdf.ocr import OCR_MARK, OcrUnavailable, ocr_page_texts, tesseract_version
from extractors.statements import (
    DocumentContext,
    TextBlock,
    context_from_pairs,
    context_from_text,
    excludes,
    hardware_in,
    header_block_lines,
    header_block_pairs,
    release_in,
    release_names,
    table_claims,
    table_roles,
    text_claims,
    title_of,
    version_table_aliases,
)
from firpath.domain import Claim, Document, SourceKind
from firpath.domain.documents import Extraction, LimitExceeded, UnreadableDocument
from firpath.domain.limits import DocumentLimits, setting_name
from firpath.domain.versions import has_version_mention, version_mentions

# A line that can head a From/To table: short, with a from-word and a to-word in either order.
# Asked of lower-cased text: a case-sensitive alternation is searched about twice as fast as one with re.I.
# (bilingual headers and a "starting" column name the base; a short header with a route column,
# which spells both ends, heads one too: _ROUTE_HEADER)
_FROM_WORD = re.compile(
    r"\b(?:from|bases?|accepted|installed|current|old|minimum|min|prerequisite|running|came|existing|starting|upgradeable|"
    r"eligible|von|aktuell|d[ée]part|you(?:'re|\s+are)\s+on|install(?:ed|s)?\s+(?:only\s+)?over)\b"
)
_TO_WORD = re.compile(r"\b(?:to|target|new|path|version|release|firmware|route|nach|ziel|cible)\b")
_ROUTE_HEADER = re.compile(r"\b(?:route|path)\b")
_NAMES_HINT = re.compile("name|version|cpl|firmware id|hex")  # literals, one in every _NAMES_COLUMN match
_NAMES_COLUMN = re.compile(r"\b(?:release\s+name|code\s*name|name|firmware\s+version|cpl\s+version|firmware\s+id|hex)\b")
_MAX_ROUTE_HEADER_WORDS = 6
_MAX_HEADER_WORDS = 12
_MAX_ROW_WORDS = 4  # words besides the versions in a table row laid out by spacing
_MAX_HISTORY_ROW_WORDS = 10  # ... in such a row that opens with its release (a version history's summary)
_UNRULED_ROWS_LOOKED_AT = 4
_TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}
_FORM_DEPTH = 4  # Form XObjects looked into for rules
_ENCRYPTED = "encrypted PDF: it needs a password to open (ask the sender for an unprotected copy)"


# --- pass 1: pypdfium2 text ---------------------------------------------------------------------


@dataclass(frozen=True)
class PageText:
    text: str  # the page's plain text (pypdfium2), line breaks normalised
    # a line that can head a From/To table, and drawn rules (path objects): pdfplumber's table
    # finder builds cells from a page's rules, so a page with none cannot give it a table
    can_hold_table: bool = False
    # the tables of such a page when its rules are plain grids (read from pdfium's objects, see
    # _grid.py); None when pdfplumber is to read them
    tables: tuple[Table, ...] | None = None


def page_texts(data: bytes, limits: DocumentLimits | None = None) -> list[PageText]:
    """Every page's plain text and whether it draws any rules, with pypdfium2; the tables of the
    pages that can hold a From/To table, where they are plain grids."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise UnreadableDocument(_ENCRYPTED) from exc
        raise UnreadableDocument(f"corrupt PDF: {message}") from exc
    pages: list[PageText] = []
    try:
        if (count := len(pdf)) > (limit := (limits or DocumentLimits()).pdf_pages):
            raise LimitExceeded(
                f"PDF has {count:,} pages, over the {limit:,}-page limit for one document ({setting_name('pdf_pages')})"
            )
        for index in range(count):
            page = _load_page(pdf, index)
            try:
                textpage = _load_textpage(page)
                try:
                    text = _page_text(page, textpage).replace("\r\n", "\n").replace("\r", "\n")
                    read = PageText(text)
                    heads = _may_head_table(text)  # asked once: it reads every line of the page
                    if heads and _draws_rules(page):
                        grids = plain_grid_tables(page, textpage)
                        if grids is not None and not any(map(_heads_paths, grids)) and has_unruled_rows(text):
                            grids = None  # rules, but none around the table of paths: pdfplumber reads its spacing
                        read = PageText(text, True, None if grids is None else tuple(grids))
                    elif heads and has_unruled_rows(text):
                        read = PageText(text, True, None)  # columns by their spacing alone: pdfplumber reads them
                finally:
                    pdfium_c.FPDFText_ClosePage(textpage)
                pages.append(read)
            finally:
                pdfium_c.FPDF_ClosePage(page)
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(f"corrupt PDF: page {len(pages) + 1}: {exc}") from exc
    finally:
        pdf.close()
    return pages


# Pages are opened through pdfium's own functions, as pypdfium2's PdfPage and PdfTextPage do it (the
# same calls, errors and text), without those helpers: each registers a finalizer and a parent link
# on opening and undoes them on closing, which cost a tenth of a page's whole reading. A document's
# PdfDocument has no form environment here (init_forms is never called), so there is no form call.


def _load_page(pdf: pdfium.PdfDocument, index: int) -> pdfium_c.FPDF_PAGE:
    page = pdfium_c.FPDF_LoadPage(pdf, index)
    if not page:
        raise pdfium.PdfiumError("Failed to load page.")
    return page


def _load_textpage(page: pdfium_c.FPDF_PAGE) -> pdfium_c.FPDF_TEXTPAGE:
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        raise pdfium.PdfiumError("Failed to load text page.")
    return textpage


def _page_text(page: pdfium_c.FPDF_PAGE, textpage: pdfium_c.FPDF_TEXTPAGE) -> str:
    """PdfTextPage.get_text_bounded() of the whole page: the text within the page's bounding box.

    get_text_bounded asks pdfium twice, for the text's length and then for the text, and pdfium puts
    the text together each time. Here it is asked once, into a buffer kept for the thread: pdfium
    copies the text as UTF-16 units and, where it ends within the buffer, a NUL after it. Where
    those units hold no surrogate (no character outside the BMP), each is one character, so the
    length get_text_bounded asks first is their count, and its text is theirs. Anything else (a
    longer text, a surrogate, a pdfium that copies no NUL) is read get_text_bounded's way."""
    box = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDF_GetPageBoundingBox(page, box):
        raise pdfium.PdfiumError("Failed to get page bounding box.")
    args = (textpage, box.left, box.top, box.right, box.bottom)
    global _COPIES_NUL
    if _COPIES_NUL is not False:
        units = _TEXT_BUFFER.units
        copied = pdfium_c.FPDFText_GetBoundedText(*args, units, _TEXT_BUFFER_UNITS)
        if 0 < copied < _TEXT_BUFFER_UNITS and units[copied - 1] == 0:
            try:
                text = ctypes.string_at(units, 2 * (copied - 1)).decode("utf-16-le")
            except UnicodeDecodeError:
                text = None
            if text is not None and len(text) == copied - 1:
                if _COPIES_NUL:
                    return text
                # the first page read: the NUL is pdfium's when the length it gives is one short of the units
                _COPIES_NUL = pdfium_c.FPDFText_GetBoundedText(*args, None, 0) == copied - 1
                if _COPIES_NUL:
                    return text
    return _page_text_sized(args)


class _TextBuffer(threading.local):
    def __init__(self) -> None:
        self.units = (ctypes.c_ushort * _TEXT_BUFFER_UNITS)()


_TEXT_BUFFER_UNITS = 1 << 16  # a page of text is a few thousand
_TEXT_BUFFER = _TextBuffer()
_COPIES_NUL: bool | None = None  # whether pdfium copies a NUL after a bounded text (found on the first page read)


def _page_text_sized(args: tuple[object, ...]) -> str:
    """get_text_bounded's own way: the text's length first, then the text into a buffer of that length."""
    n_chars = pdfium_c.FPDFText_GetBoundedText(*args, None, 0)
    if n_chars <= 0:
        return ""
    buffer = (ctypes.c_ushort * n_chars)()
    pdfium_c.FPDFText_GetBoundedText(*args, buffer, n_chars)
    return codecs.decode(buffer, "utf-16-le", errors="ignore")


def _draws_rules(handle: pdfium_c.FPDF_PAGE | pdfium_c.FPDF_PAGEOBJECT, depth: int = 0) -> bool:
    """Whether the page (or a form XObject on it, to a bounded depth) has a path object."""
    count = (pdfium_c.FPDFPage_CountObjects if depth == 0 else pdfium_c.FPDFFormObj_CountObjects)(handle)
    get = pdfium_c.FPDFPage_GetObject if depth == 0 else pdfium_c.FPDFFormObj_GetObject
    for index in range(count):
        obj = get(handle, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            return True
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH and _draws_rules(obj, depth + 1):
            return True
    return False


def table_page_numbers(pages: Sequence[PageText]) -> list[int]:
    """1-based numbers of the pages that can hold a From/To table."""
    return [n for n, page in enumerate(pages, start=1) if page.can_hold_table]


def _may_head_table(text: str) -> bool:
    """Whether a line of the page can head a From/To table. Each line is asked at once: a page-wide
    search for a from-word and a to-word first (what a line needs) let through two pages in three,
    and cost more than it spared."""
    return any(map(_can_head_lowered, text.lower().splitlines()))


def _can_head_lowered(lowered: str) -> bool:
    """_can_head_table of a line already lower-cased (lower-casing it again changes nothing)."""
    words = len(lowered.split())
    if words > _MAX_HEADER_WORDS:
        return False
    if _FROM_WORD.search(lowered) and _TO_WORD.search(lowered):
        return True
    # "Meter | Target | Route": a few column names, no heading's number ("2. Upgrade path"); "Release name |
    # Firmware version": a table giving each release's CPL form, which says what the document's names stand for
    # (asked of most lines of every page: the words' letters are looked for before the patterns)
    if words < 3 or lowered.lstrip()[:1].isdigit():
        return False
    if words <= _MAX_ROUTE_HEADER_WORDS and ("route" in lowered or "path" in lowered) and _ROUTE_HEADER.search(lowered):
        return True
    return words <= 2 * _MAX_ROUTE_HEADER_WORDS and _NAMES_HINT.search(lowered) is not None and len(_NAMES_COLUMN.findall(lowered)) >= 2


def _can_head_table(line: str) -> bool:
    return _can_head_lowered(line.lower())


def has_unruled_rows(text: str) -> bool:
    """Whether a line that can head a table is followed by at least two lines that read as its rows:
    two or more versions and few words each (a table laid out by spacing, with no rules drawn)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.rstrip().endswith(".") or not _can_head_table(line):
            continue  # a sentence ("changed from 17 to 43 seconds.") heads no table
        rows = 0
        matrix = len(version_mentions(line)) >= 2  # "Installed | to 1.1.0.0 | to 1.2.0.0": its rows name one version each
        # "Release name | Firmware version": a name and its CPL form; "Release | Firmware version | Upgrade from" too
        names = len(_NAMES_COLUMN.findall(lowered := line.lower())) >= 2 or ("version" in lowered or "firmware" in lowered) and _FROM_WORD.search(lowered) is not None
        for following in lines[index + 1 : index + 1 + _UNRULED_ROWS_LOOKED_AT]:
            if _looks_like_a_row(following) or (matrix and _looks_like_a_matrix_row(following)) or (names and _looks_like_a_name_row(following)):
                rows += 1
            elif rows:
                break
        if rows >= 2:
            return True
    return False


# --- pass 2: pdfplumber tables --------------------------------------------------------------------


def _unwrapped(exc: Exception) -> object:
    """pdfplumber wraps pdfminer's syntax and password errors in PdfminerException."""
    return exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc


def _plumber_reason(exc: Exception) -> str:
    inner = _unwrapped(exc)
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return _ENCRYPTED
    if isinstance(inner, (PDFSyntaxError, PSException, MalformedPDFException)):
        return f"corrupt PDF: {type(inner).__name__}: {inner}".rstrip(": ")
    return f"unreadable PDF: {type(inner).__name__}: {inner}".rstrip(": ")


def plumber_pages(
    data: bytes, numbers: Iterable[int] | None = None, *, with_text: bool = False
) -> dict[int, tuple[str, tuple[Table, ...]]]:
    """Page number -> (text, tables) read with pdfplumber, for the given pages (all when None). The
    text is read only `with_text` (the full read); else it is empty."""
    wanted = None if numbers is None else sorted(set(numbers))
    pages: dict[int, tuple[str, tuple[Table, ...]]] = {}
    if wanted is not None and not wanted:
        return pages
    try:
        return _plumber_read(data, wanted, with_text)
    except _PLUMBER_ERRORS as exc:
        raise UnreadableDocument(_plumber_reason(exc)) from exc


_PLUMBER_ERRORS = (PdfminerException, MalformedPDFException, PSException, ValueError, KeyError, TypeError)


def _plumber_read(data: bytes, wanted: list[int] | None, with_text: bool) -> dict[int, tuple[str, tuple[Table, ...]]]:
    pages: dict[int, tuple[str, tuple[Table, ...]]] = {}
    with pdfplumber.open(io.BytesIO(data), pages=wanted) as pdf:
        for page in pdf.pages:
            try:
                text = (page.extract_text() or "") if with_text else ""
                tables = page.extract_tables()
                if not any(_heads_paths(t) for t in tables):
                    tables = unruled_tables(page) or tables  # no ruled table of paths: columns by their spacing
                pages[page.page_number] = (text, tuple(tables))
            finally:
                page.close()
    return pages


def unruled_tables(page: pdfplumber.page.Page) -> list[Table]:
    """Tables laid out by spacing alone: from a line that heads a table of paths down to the last of
    the rows under it (versions, few words), read by pdfplumber's text strategy within that band,
    so that the prose around it does not set the columns."""
    by_line: dict[int, list[dict[str, object]]] = {}
    for word in page.extract_words():
        by_line.setdefault(round(float(word["top"])), []).append(word)
    lines = [(top, " ".join(str(w["text"]) for w in sorted(words, key=lambda w: float(w["x0"]))), words)
             for top, words in sorted(by_line.items())]  # fmt: skip
    found: list[Table] = []
    index = 0
    while index < len(lines):
        top, text, _ = lines[index]
        rows = list(_rows_under(lines, index)) if _can_head_table(text) else []
        if len(rows) < 2:
            index += 1
            continue
        bottom = max(float(w["bottom"]) for w in lines[rows[-1]][2])
        band = page.crop((0, max(0, top - 1), page.width, min(page.height, bottom + 1)))
        for table in band.find_tables(_TEXT_STRATEGY):
            cells = _last_column_whole(band, table, table.extract())  # its header first: it says what the table is
            if _heads_paths(cells) or _heads_names(cells):
                found.append([row for row in cells if any(row)])
        index = rows[-1] + 1
    return found


def _last_column_whole(band: pdfplumber.page.Page, table: pdfplumber.table.Table, cells: Table) -> Table:
    """Each row's last cell read to the page's edge: the text strategy ends a table at its columns'
    common right edge, cutting a longer last cell ("Minimum installed version" under a short version)."""
    for row, found in zip(cells, table.rows):
        if (last := found.cells[-1]) is not None and any(row):
            right = band.within_bbox((last[0], last[1], band.bbox[2], last[3]))
            row[-1] = " ".join((right.extract_text() or "").split()) or row[-1]
    return cells


def _rows_under(lines: Sequence[tuple[int, str, list[dict[str, object]]]], header: int) -> Iterator[int]:
    for index in range(header + 1, len(lines)):
        text = lines[index][1]
        if not version_mentions(text) or len(text.split()) > 3 * _MAX_ROW_WORDS:
            return
        yield index


def _looks_like_a_row(line: str) -> bool:
    """Two or more versions and a few words besides (`1.2.5  1.3.1  Direct`), not a sentence; a
    version history's row, which opens with its release, may say more (`1.3 Jul 2021 Valve fixes 1.2`)."""
    found = version_mentions(line)
    if len(found) < 2 or line.rstrip().endswith("."):
        return False
    words = len(line.split()) - len(found)
    return words <= _MAX_ROW_WORDS or (words <= _MAX_HISTORY_ROW_WORDS and found[0].start <= len(line) - len(line.lstrip()))


def _looks_like_a_name_row(line: str) -> bool:
    """A release's name and its CPL form, and a few marks (`Curlew 0B220004 yes yes`)."""
    found = version_mentions(line)
    return len(found) == 1 and found[0].version is not None and len(line.split()) <= 8 and not line.rstrip().endswith(".")


def _looks_like_a_matrix_row(line: str) -> bool:
    """A version and then marks (`1.0.0.3  X  -  -`, `2.1  Y  N  N`): short cells, no sentence."""
    found = version_mentions(line)
    rest = line[found[0].end :].split() if len(found) == 1 and not line[: found[0].start].strip() else []
    return bool(rest) and len(rest) <= 2 * _MAX_ROW_WORDS and all(len(mark) <= 4 or mark.lower() in _MARK_WORDS for mark in rest)


_MARK_WORDS = {"yes", "no", "direct", "supported", "allowed", "blocked", "n/a"}


def _heads_names(table: Table) -> bool:
    """A header of release names and their CPL forms ("Release name | Firmware version"): read for what
    the document's names stand for."""
    return bool(table) and len(_NAMES_COLUMN.findall(" ".join(c or "" for c in table[0]).lower())) >= 2


def _heads_paths(table: Table) -> bool:
    return any(table_roles([c or "" for c in row]) for row in table[:3])


def as_pdfium_reads_it(data: bytes) -> bytes:
    """The document as pdfium saves it: the objects it found, under a fresh cross-reference table.

    pdfium rebuilds a broken table by scanning the file; pdfminer does not always (offsets that
    point to the wrong place leave it with no pages and no error). pdfplumber is given this copy,
    so both passes read the same objects. (About 0.5 ms for a ten-page note.)
    """
    return _rewritten(data) or data


def _rewritten(data: bytes) -> bytes | None:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    except pdfium.PdfiumError:
        return None
    finally:
        pdf.close()


# --- claims ---------------------------------------------------------------------------------------


_REQUIREMENT_LABEL = re.compile(
    r"^(?P<label>(?:minimum|min\.?|required|requires|prerequisite|base|applicable|permitted|supported|valid|eligible|earliest)"
    r"(?:\s+(?:installed|base|source|starting|upgrade|prior))?\s+(?:firmware|fw|versions?|releases?|builds?|bases?)"
    r"(?:\s+(?:installed|required|needed))?)\s*[:\t]?\s+(?P<value>\S.*)$",
    re.I,
)


def header_requirements(first_page: str, tables: Iterable[Table] = ()) -> list[str]:
    """A header block's or key/value table's rows that state a requirement ("Minimum installed firmware
    00.01.00.08", "Required installed firmware | V6.1.2"), as "label: value" statements: the header
    block is otherwise read for context only, and such a table is no table of paths."""
    found: list[str] = []
    rows = [(k or "", v or "") for table in tables if _is_key_value_table(table) for k, v in table]
    rows += [(line, "") for line in header_block_lines(first_page)]
    for key, value in rows:
        text = f"{key} {value}".strip()
        if (m := _REQUIREMENT_LABEL.match(text)) and has_version_mention(m.group("value")):
            found.append(f"{m.group('label')}: {m.group('value')}")
    return list(dict.fromkeys(found))


def _is_key_value_table(table: Table) -> bool:
    return bool(table) and all(len(row) == 2 for row in table)


def document_context(texts: Sequence[str], tables: Iterable[Table] = (), name: str = "") -> DocumentContext:
    """Context from two-column header tables when pdfplumber read them, then the first page's header
    block, then `Key: value` lines anywhere (the first value found for a field wins); the title and
    the file name as places that name the device, and the title's release when no header states one."""
    ctx = DocumentContext()
    aliases = {}
    for table in tables:
        if _is_key_value_table(table):
            ctx = context_from_pairs(((k or "", v or "") for k, v in table), ctx)
        aliases.update(version_table_aliases(table))
    if texts:
        ctx = context_from_pairs(header_block_pairs(texts[0]), ctx)
    ctx = context_from_text("\n".join(texts), ctx)
    title = title_of(texts[0]) if texts else ""
    if not ctx.release and title:
        ctx = replace(ctx, release=release_in(title))
    if not ctx.release and texts:
        # a running header above the title ("ACME PLC - ENGINEERING NOTICE EN-2024-011") names none: the
        # lines below it, up to the first sentence, then the file's own name ("..._AX3-PP_3.4.0.1.pdf")
        ctx = replace(ctx, release=_release_near_top(texts[0]) or release_in(_stem_words(name)))
    if not ctx.hardware_versions and title:  # "LQ-Hub Single Band (hardware revision 1) - Firmware 1.10.1.1"
        ctx = replace(ctx, hardware_versions=hardware_in(title))
    if not ctx.hardware_versions and texts:  # "Applies to: OM-Twin ESME, hardware variant 0001", "..._HW1.pdf"
        top = "\n".join(line for line in [line for line in texts[0].splitlines() if line.strip()][:6] if not excludes(line))
        named = hardware_in(top) or hardware_in(_stem_words(name))
        if named and not _other_hardware(texts[0], named):  # only where the page names no other (a note on two devices)
            ctx = replace(ctx, hardware_versions=named)
    aliases = {**aliases, **dict(ctx.aliases)}
    if not ctx.release and (named := [n for n in release_names(aliases) if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", f"{title} {_stem_words(name)}")]):
        ctx = replace(ctx, release=named[0])  # "Osprey - OM-Twin release notes": the release its name names
    return replace(ctx, aliases=aliases).named(title, name)


def _other_hardware(page: str, named: Sequence[str]) -> bool:
    """Whether a page names hardware besides `named` other than to exclude it ("not released for hardware
    variant 0003", "hardware 0001 meters cannot run 02.00.00.03")."""
    return any(set(found) - set(named) and not excludes(line) for line in page.splitlines() if (found := hardware_in(line)))


def _release_near_top(text: str) -> str:
    for line in [line.strip() for line in text.splitlines() if line.strip()][:4]:
        if line.endswith((".", "!", "?")) and len(line.split()) > 8:
            return ""  # the first sentence: what follows is the body
        if found := release_in(line):
            return found
    return ""


def _stem_words(name: str) -> str:
    """A file's name as words ("RN_AX3-PP_3.4.0.1.pdf" -> "RN AX3-PP 3.4.0.1")."""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = stem[: -len(".pdf")] if stem.lower().endswith(".pdf") else stem
    return stem.replace("_", " ")


def _claims(
    document: Document, texts: Sequence[str], tables_by_page: dict[int, tuple[Table, ...]], page: str = "page {n}"
) -> list[Claim]:
    if not texts:
        raise UnreadableDocument("PDF has no pages")
    if not any(t.strip() for t in texts):
        raise UnreadableDocument(
            f"PDF has no text layer on any of its {len(texts)} page(s) (a scan?); it needs OCR or a text copy"
        )
    all_tables = [t for number in sorted(tables_by_page) for t in tables_by_page[number]]
    ctx = document_context(texts, all_tables, document.name)
    common = {"file": document.name, "sha256": document.sha256, "source_kind": SourceKind.RELEASE_NOTE}
    prose = [without_table_lines(text, tables_by_page.get(n, ())) for n, text in enumerate(texts, start=1)]
    claims = text_claims((TextBlock(page.format(n=n), t) for n, t in enumerate(prose, start=1)), ctx, **common)
    if labelled := header_requirements(texts[0], tables_by_page.get(1, ())):
        # "Minimum installed firmware 00.01.00.08" in the header block: a requirement, not a context field
        claims.extend(text_claims([TextBlock(page.format(n=1), "\n\n".join(labelled))], ctx, **common))
    for number in sorted(tables_by_page):
        for index, table in enumerate(tables_by_page[number], start=1):  # numbered as a reader counts them
            if table and any(table_roles(row) for row in table[:6]):
                claims.extend(table_claims(table, ctx, location=f"page {number}, table {index}", **common))
    return claims


def without_table_lines(text: str, tables: Sequence[Table]) -> str:
    """The page's text without the lines a table read from it gives (its rows, cells joined by spaces),
    so that a table is read once, as a table, and never again as a paragraph of bare versions."""
    rows = {_squashed(" ".join(c or "" for c in row)) for table in tables for row in table if any(row)} - {""}
    if not rows:
        return text
    return "\n".join(line for line in text.splitlines() if not _is_row_of(_squashed(line), rows))


def _is_row_of(line: str, rows: set[str]) -> bool:
    """The line is a table row as the text layer gives it (a cell cut short by the table reader
    still starts the line: `1.1.3 1.2.5 First s` of `1.1.3 1.2.5 First step`)."""
    return line in rows or any(line.startswith(row) and len(row) >= 8 for row in rows)


def _squashed(text: str) -> str:
    return " ".join(text.split())


def extract_pdf(document: Document, limits: DocumentLimits | None = None) -> Extraction:
    """The fast path: pypdfium2 text everywhere and the tables of pages that can hold a From/To
    table; pdfplumber only for those of such tables that are not plain grids."""
    pages = page_texts(document.data, limits)
    if pages and not any(page.text.strip() for page in pages):
        return _read_by_ocr(document, len(pages), limits)
    tables = {n: pages[n - 1].tables for n in table_page_numbers(pages)}
    if left := [n for n, found in tables.items() if found is None]:
        tables.update((n, found) for n, (_, found) in plumber_pages(as_pdfium_reads_it(document.data), left).items())
    return Extraction(claims=tuple(_claims(document, [page.text for page in pages], tables)))


def _read_by_ocr(document: Document, count: int, limits: DocumentLimits | None) -> Extraction:
    """A PDF with no text layer (a scan): its pages read by OCR (`ocr.py`), then as a text layer is;
    a notice says so, and every claim's location ends in OCR_MARK."""
    no_text = f"PDF has no text layer on any of its {count} page(s) (a scan?)"
    try:
        texts = ocr_page_texts(document.data, limits)
    except OcrUnavailable as exc:
        raise OcrUnavailable(f"{no_text}; {exc}") from exc
    if not any(t.strip() for t in texts):
        raise UnreadableDocument(f"{no_text}, and OCR found no text on its pages either; ask the sender for a text copy")
    notice = (
        f"read by OCR ({tesseract_version()}): the PDF has no text layer, so the text of its {count} page(s) "
        "was recognised from their pictures; check every version number against the scan"
    )
    return Extraction(claims=tuple(_claims(document, texts, {}, page="page {n} " + OCR_MARK)), notices=(notice,))


def extract_pdf_full(document: Document) -> Extraction:
    """The reference: every page's text and tables from pdfplumber (slow; for checks and tests)."""
    read = plumber_pages(document.data, with_text=True)
    texts = [read[n][0] for n in sorted(read)]
    return Extraction(claims=tuple(_claims(document, texts, {n: tables for n, (_, tables) in read.items()})))
