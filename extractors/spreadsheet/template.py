"""A firpath upgrade path template (`firpath template`) returned filled in: its format, and reading it.

The template is a workbook firpath wrote: one row per CPL entry with the entry's identity in locked
columns, and answer columns (base firmware 1..k, each a drop-down of the entry's earlier firmware
and `N/A`; "No change"; contact; remarks). A hidden sheet holds a marker, a copy of every row as it
was written, the choices each row offered and a checksum of it all. The format is defined here once:
`firpath/runtime/template_workbook.py` writes it, `read_template` reads a returned copy against it.

Reading is exact because the template says what it asked: a returned workbook is recognised by its
hidden sheet (never by its file name), no header is guessed, and every answer must be one of the
choices its row offered. What is not (a locked cell edited, a version typed that was not offered,
`N/A` beside a version) is reported with the row, never guessed: an answered row becomes a claim that
stays unmapped with the reason, an unanswered one a notice. The checksum catches edits, not forgery:
anyone can recompute it; the CPL is what every answer is mapped against in the end.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from extractors.tables import Grid, Tables
from firpath.domain import Claim, DeviceRef, Document, Evidence, Relation, SourceKind, VersionRef
from firpath.domain.documents import Extraction, UnreadableDocument
from firpath.domain.versions import parse_firmware_version

MARKER = "firpath upgrade path template"
FORMAT_VERSION = "1"
ANSWER_SHEET = "Upgrade paths"
HOW_TO_SHEET = "How to fill this in"
META_SHEET = "firpath"  # hidden

NOT_APPLICABLE = "N/A"
NO_CHANGE = "No change"
CONTACT = "Contact"
REMARKS = "Remarks"
MAX_BASE_COLUMNS = 10  # a device with more earlier versions still offers them all, in as many cells

# (key, header) of the columns a respondent may not edit, in sheet order
LOCKED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("entry_id", "CPL Entry ID"),
    ("device_type", "Device Type"),
    ("manufacturer_id", "Manufacturer ID"),
    ("manufacturer", "Manufacturer"),
    ("model_id", "Model ID"),
    ("model", "Model"),
    ("hardware_version", "Hardware Version"),
    ("firmware_version", "Firmware Version"),
    ("current_path", "Current FIR Upgrade Path"),
    ("under_review", "Proposed, under review"),
)
_LOCKED_KEYS = tuple(key for key, _ in LOCKED_COLUMNS)

# The hidden sheet: a few `name, value` rows, then a table with one row per answer row.
_META_FIELDS = ("checksum", "made", "scope", "source", "base columns", "answer sheet")
_TABLE_HEADER_ROW = 1 + len(_META_FIELDS) + 1  # 0-based; a blank row above it
_TABLE_HEADER = ("sheet row", *(label for _, label in LOCKED_COLUMNS), "no change keeps", "choice entry ids", "choices")
CHOICES_COLUMN = len(_TABLE_HEADER) - 1  # 0-based column of a row's first choice (N/A)


def base_label(number: int) -> str:
    return f"Base firmware {number}"


def answer_header(base_columns: int) -> tuple[str, ...]:
    """The answer sheet's header row (row 1), every column in order."""
    bases = tuple(base_label(i) for i in range(1, base_columns + 1))
    return (*(label for _, label in LOCKED_COLUMNS), *bases, NO_CHANGE, CONTACT, REMARKS)


class TemplateError(ValueError):
    """A workbook with the template's marker that cannot be read exactly; the message says why."""


@dataclass(frozen=True)
class TemplateRow:
    """One answer row as firpath wrote it.

    `choices` is what the base drop-downs offer: `N/A`, then the earlier firmware versions of the same
    model and hardware version (CPL form, newest first). `choice_entry_ids` names the CPL entries of
    each choice ("/" between entries that share a version). `keep` is what "No change" stands for: the
    current FIR path as firmware versions ("; "-joined, or `N/A`), "" where it is not offered.
    """

    locked: tuple[str, ...]  # LOCKED_COLUMNS order
    choices: tuple[str, ...]
    choice_entry_ids: tuple[str, ...]
    keep: str = ""

    def value(self, key: str) -> str:
        return self.locked[_LOCKED_KEYS.index(key)]

    @property
    def versions(self) -> tuple[str, ...]:
        """The earlier firmware versions offered (the choices without N/A)."""
        return self.choices[1:]


@dataclass(frozen=True)
class TemplateSpec:
    """What a template asks: its rows (sheet row 2 onwards) and how many base columns each has."""

    made: str  # when it was written (ISO 8601, UTC)
    scope: str  # whose entries, in words
    source: str  # the CPL and FIR exports (and run) it was made from
    base_columns: int
    rows: tuple[TemplateRow, ...]

    @property
    def header(self) -> tuple[str, ...]:
        return answer_header(self.base_columns)

    @staticmethod
    def sheet_row(index: int) -> int:
        """The answer sheet's row number (1-based, as a person sees it) of `rows[index]`."""
        return index + 2

    @staticmethod
    def meta_row(index: int) -> int:
        """The hidden sheet's row number (1-based) holding `rows[index]` and its choices."""
        return _TABLE_HEADER_ROW + index + 2

    @property
    def checksum(self) -> str:
        """sha256 of everything the template wrote that a respondent may not change."""
        payload = [
            FORMAT_VERSION, self.made, self.scope, self.source, self.base_columns, ANSWER_SHEET, list(self.header),
            [[list(r.locked), r.keep, list(r.choice_entry_ids), list(r.choices)] for r in self.rows],
        ]  # fmt: skip
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def meta_grid(spec: TemplateSpec) -> Grid:
    """The hidden sheet's cells, row by row."""
    values = (spec.checksum, spec.made, spec.scope, spec.source, str(spec.base_columns), ANSWER_SHEET)
    grid: Grid = [[MARKER, FORMAT_VERSION]]
    grid += [[name, value] for name, value in zip(_META_FIELDS, values, strict=True)]
    grid += [[], list(_TABLE_HEADER)]
    for index, row in enumerate(spec.rows):
        grid.append([str(spec.sheet_row(index)), *row.locked, row.keep, "; ".join(row.choice_entry_ids), *row.choices])
    return grid


def _cell(grid: Grid, row: int, column: int) -> str:
    return grid[row][column] if row < len(grid) and column < len(grid[row]) else ""


def parse_meta(grid: Grid) -> TemplateSpec:
    """The spec a hidden sheet records; TemplateError when it is not one this firpath wrote as it is."""
    if _cell(grid, 0, 0) != MARKER:
        raise TemplateError(f"its hidden sheet '{META_SHEET}' has no template marker")
    if (found := _cell(grid, 0, 1)) != FORMAT_VERSION:
        raise TemplateError(f"it is in template format {found!r}; this firpath reads format {FORMAT_VERSION}")
    fields = {}
    for offset, name in enumerate(_META_FIELDS, start=1):
        if _cell(grid, offset, 0) != name:
            raise TemplateError(f"its hidden sheet '{META_SHEET}' was changed (row {offset + 1} is not {name!r})")
        fields[name] = _cell(grid, offset, 1)
    if tuple(grid[_TABLE_HEADER_ROW] if _TABLE_HEADER_ROW < len(grid) else ()) != _TABLE_HEADER:
        raise TemplateError(
            f"its hidden sheet '{META_SHEET}' was changed (row {_TABLE_HEADER_ROW + 1} is not its table header)"
        )
    if not fields["base columns"].isdigit() or not 1 <= int(fields["base columns"]) <= MAX_BASE_COLUMNS:
        raise TemplateError(f"its hidden sheet '{META_SHEET}' was changed (base columns {fields['base columns']!r})")
    rows = []
    for index, cells in enumerate(grid[_TABLE_HEADER_ROW + 1 :]):
        if cells[:1] != [str(TemplateSpec.sheet_row(index))]:
            raise TemplateError(f"its hidden sheet '{META_SHEET}' was changed (row {TemplateSpec.meta_row(index)})")
        cells = cells + [""] * (CHOICES_COLUMN - len(cells))
        locked, keep, ids = cells[1 : CHOICES_COLUMN - 2], cells[CHOICES_COLUMN - 2], cells[CHOICES_COLUMN - 1]
        choices = cells[CHOICES_COLUMN:]
        rows.append(TemplateRow(tuple(locked), tuple(choices), tuple(ids.split("; ")) if ids else (), keep))
    spec = TemplateSpec(fields["made"], fields["scope"], fields["source"], int(fields["base columns"]), tuple(rows))
    if spec.checksum != fields["checksum"]:
        raise TemplateError(
            f"its hidden sheet '{META_SHEET}' was changed after firpath wrote it (its checksum does not match)"
        )
    if any(not r.choices or r.choices[0] != NOT_APPLICABLE for r in spec.rows):
        raise TemplateError(f"its hidden sheet '{META_SHEET}' offers choices without {NOT_APPLICABLE}")
    return spec


# --- reading a returned template ----------------------------------------------------------------------


def is_template(tables: Tables) -> bool:
    """Whether a workbook carries the template's marker (its hidden sheet), whatever its file name."""
    grid = tables.grids.get(META_SHEET)
    return bool(grid) and _cell(grid, 0, 0) == MARKER


def read_template(document: Document, tables: Tables) -> Extraction:
    """Every answered row of a returned template as a claim with the row as its evidence; rows that
    edit a locked column or answer outside their choices stay unmapped with the reason; what else a
    reviewer should know (rows deleted, remarks without an answer) as notices.

    Raises UnreadableDocument when the template's own structure was changed (its hidden sheet, the
    answer sheet or its header): then no row can be read exactly.
    """
    try:
        spec = parse_meta(tables.grids[META_SHEET])
        grid = tables.grids.get(ANSWER_SHEET)
        if grid is None:
            raise TemplateError(f"its sheet '{ANSWER_SHEET}' is missing")
        _check_header(grid, spec)
    except TemplateError as exc:
        raise UnreadableDocument(f"{document.name}: a firpath upgrade path template, but {exc}: it cannot be read "
                                 "exactly (send a fresh template)") from exc  # fmt: skip
    claims, notices = _Reader(document, spec, grid).read()
    intro = (
        f"read as a firpath upgrade path template (written {spec.made} for {spec.scope}): by its hidden sheet, "
        f"no header guessed; {len(claims)} of {len(spec.rows)} rows answered"
    )
    return Extraction(claims=tuple(claims), notices=(*tables.notices, intro, *notices))


def _check_header(grid: Grid, spec: TemplateSpec) -> None:
    found = list(grid[0]) if grid else []
    expected = spec.header
    for position, label in enumerate(expected):
        cell = found[position] if position < len(found) else ""
        if cell != label:
            raise TemplateError(f"the header of sheet '{ANSWER_SHEET}' was changed (column {_letters(position)} "
                                f"reads {cell!r}, the template wrote {label!r})")  # fmt: skip
    if extra := [cell for cell in found[len(expected) :] if cell]:
        raise TemplateError(
            f"sheet '{ANSWER_SHEET}' has columns the template did not write ({', '.join(map(repr, extra))})"
        )


def _letters(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class _Answer:
    """One row's answer cells."""

    bases: tuple[str, ...]  # the base firmware cells, blanks left out
    no_change: str
    contact: str
    remarks: str

    @property
    def given(self) -> bool:
        return bool(self.bases or self.no_change)


class _Reader:
    def __init__(self, document: Document, spec: TemplateSpec, grid: Grid) -> None:
        self.document, self.spec, self.grid = document, spec, grid
        self.width = len(spec.header)
        self.written = {row.value("entry_id"): row for row in spec.rows}

    def read(self) -> tuple[list[Claim], list[str]]:
        rows = self._rows()
        sheet_rows: dict[str, list[int]] = {}
        for number, cells in rows:
            sheet_rows.setdefault(cells[0], []).append(number)
        claims: list[Claim] = []
        notices: list[str] = []
        for number, cells in rows:
            claim, notes = self._row(number, cells, sheet_rows[cells[0]])
            if claim is not None:
                claims.append(claim)
            if notes:
                notices.append(f"sheet '{ANSWER_SHEET}' row {number}: {'; '.join(notes)}")
        missing = [entry_id for entry_id in self.written if entry_id not in sheet_rows]
        if missing:
            notices.append(f"sheet '{ANSWER_SHEET}': the rows of CPL entries {', '.join(missing)} are missing "
                           "(deleted from the template): nothing was read for them")  # fmt: skip
        return claims, notices

    def _rows(self) -> list[tuple[int, list[str]]]:
        found = []
        for index in range(1, len(self.grid)):
            cells = self.grid[index]
            if any(cells):
                found.append((index + 1, cells[: self.width] + [""] * (self.width - len(cells))))
        return found

    def _row(self, number: int, cells: list[str], same_entry: list[int]) -> tuple[Claim | None, list[str]]:
        """The row's claim (None when it has no answer), and what a reviewer should know about the row."""
        locked_count, k = len(LOCKED_COLUMNS), self.spec.base_columns
        answer = _Answer(
            bases=tuple(c for c in cells[locked_count : locked_count + k] if c),
            no_change=cells[locked_count + k],
            contact=cells[locked_count + k + 1],
            remarks=cells[locked_count + k + 2],
        )
        notes = []
        if extra := [c for c in self.grid[number - 1][self.width :] if c]:
            notes.append(f"text right of the template's columns was not read ({', '.join(map(repr, extra))})")
        written = self.written.get(cells[0])
        problem = self._identity_problem(cells, written, same_entry)
        if answer.given:
            return self._claim(number, cells, written, answer, problem), notes
        if problem:
            notes.insert(0, f"{problem}; the row has no answer")
        elif said := [
            f"{label}: {text!r}" for label, text in ((CONTACT, answer.contact), (REMARKS, answer.remarks)) if text
        ]:
            notes.insert(0, f"CPL entry {cells[0]} has no answer, only {'; '.join(said)}")
        return None, notes

    def _identity_problem(self, cells: list[str], written: TemplateRow | None, same_entry: list[int]) -> str:
        entry_id = cells[0]
        if written is None:
            if not entry_id:
                return "its CPL Entry ID cell is empty (a row the template did not write)"
            return f"CPL Entry ID {entry_id!r} is not one the template was written with (an edited or added row)"
        if len(same_entry) > 1:
            return f"CPL entry {entry_id} is in rows {', '.join(map(str, same_entry))}; the template wrote it once"
        changed = [
            f"{label} {old!r} -> {new!r}"
            for (_, label), old, new in zip(LOCKED_COLUMNS, written.locked, cells[: len(LOCKED_COLUMNS)], strict=True)
            if old != new
        ]
        if changed:
            return f"locked column(s) of CPL entry {entry_id} changed: {', '.join(changed)}"
        return ""

    def _claim(
        self, number: int, cells: list[str], written: TemplateRow | None, answer: _Answer, problem: str
    ) -> Claim:
        """An answered row's claim: exactly what it chose, or (with a `problem`) unresolved with the reason."""
        identity = written.locked if written is not None else tuple(cells[: len(LOCKED_COLUMNS)])
        row = dict(zip(_LOCKED_KEYS, identity, strict=True))
        firmware = row["firmware_version"]
        if problem:
            target = VersionRef(firmware, None, f"{problem}: the row's answer is not read", readable=False)
            bases = tuple(
                VersionRef(text, None, "not read, like the rest of the row's answer", readable=False) for text in answer.bases
            )
            relation = Relation.EXACT
        else:
            assert written is not None
            target = VersionRef(firmware, parse_firmware_version(firmware))
            bases, relation = _bases(written, answer)
        return Claim(
            device=DeviceRef(row["manufacturer_id"], row["model_id"], row["hardware_version"]),
            target=target,
            bases=bases,
            relation=relation,
            evidence=Evidence(
                file=self.document.name,
                sha256=self.document.sha256,
                location=f"sheet '{ANSWER_SHEET}' row {number}",
                text=" | ".join(
                    f"{label}: {cell}" for label, cell in zip(self.spec.header, cells, strict=True) if cell
                ),
            ),
            source_kind=SourceKind.SPREADSHEET,
        )


def _bases(written: TemplateRow, answer: _Answer) -> tuple[tuple[VersionRef, ...], Relation]:
    """The row's answer as base versions, exactly as offered; a contradictory answer or one outside the
    row's choices as an unresolved base whose note says why (the claim then stays unmapped)."""
    if answer.no_change:
        return _kept(written, answer)
    offered = {choice.upper(): choice for choice in written.choices}
    chosen = list(dict.fromkeys(offered.get(text.upper(), text) for text in answer.bases))
    strays = [text for text in chosen if text not in written.choices]
    if strays:
        offered_text = ", ".join(written.choices)
        note = (
            f"not one of the choices this row offered ({offered_text}); a template's answers are read only as offered"
        )
        return tuple(VersionRef(text, None, note, readable=False) for text in strays), Relation.EXACT
    versions = [text for text in chosen if text != NOT_APPLICABLE]
    if NOT_APPLICABLE in chosen:
        if versions:
            note = (
                f"{NOT_APPLICABLE} (no earlier firmware needed) is chosen together with {', '.join(versions)}: "
                "the answer contradicts itself"
            )
            return (VersionRef(NOT_APPLICABLE, None, note, readable=False),), Relation.EXACT
        return (), Relation.NONE
    return tuple(VersionRef(text, parse_firmware_version(text)) for text in versions), Relation.EXACT


def _kept(written: TemplateRow, answer: _Answer) -> tuple[tuple[VersionRef, ...], Relation]:
    """The answer "No change": the current FIR path the row showed, as the versions the template recorded for it."""
    text = answer.no_change
    if text.upper() != NO_CHANGE.upper():
        return (VersionRef(text, None, f"the {NO_CHANGE} column holds {text!r}, not {NO_CHANGE!r}", readable=False),), Relation.EXACT
    if answer.bases:
        chosen_text = ", ".join(answer.bases)
        note = f"{NO_CHANGE!r} is chosen together with base firmware {chosen_text}: the answer contradicts itself"
        return (VersionRef(NO_CHANGE, None, note, readable=False),), Relation.EXACT
    if not written.keep:
        note = (
            "the row offered no 'No change' (the FIR holds no upgrade path for this entry, or one that is not "
            "earlier firmware of the same model and hardware version): choose base firmware or N/A"
        )
        return (VersionRef(NO_CHANGE, None, note, readable=False),), Relation.EXACT
    if written.keep == NOT_APPLICABLE:
        return (), Relation.NONE
    return tuple(VersionRef(v, parse_firmware_version(v)) for v in written.keep.split("; ")), Relation.EXACT
