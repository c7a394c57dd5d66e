"""Upgrade path templates for tests: written as `firpath template` writes them, filled in as a MAP would.

`fill` opens the workbook with openpyxl (as a third-party program would) and writes answers into the
cells a respondent sees, found by the row's CPL Entry ID and the column's header, so a test says
"1106: Base firmware 1 = 01020007" rather than "cell K8".
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from extractors.spreadsheet.template import ANSWER_SHEET, TemplateSpec
from firpath.domain import CplEntry, Document, DocumentKind, UpgradePath
from firpath.runtime.template_workbook import template_xlsx_bytes
from firpath.stages.status import ProposalState
from firpath.stages.template_rows import entries_in_scope, template_spec
from tests.builders import small_cpl

MADE = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def spec_for(
    cpl: Sequence[CplEntry] | None = None,
    fir: Mapping[str, UpgradePath | None] | None = None,
    states: Mapping[str, ProposalState] | None = None,
    *,
    manufacturers: Sequence[str] = ("10A7",),
    models: Sequence[str] = (),
    only_missing: bool = False,
) -> TemplateSpec:
    cpl = small_cpl() if cpl is None else list(cpl)
    return template_spec(
        cpl, fir or {}, states or {}, entries_in_scope(cpl, manufacturers, models),
        only_missing=only_missing, made=MADE.isoformat(), scope="Acme Metering Ltd (10A7)", source="CPL export cpl.csv",
    )  # fmt: skip


def template_bytes(spec: TemplateSpec) -> bytes:
    return template_xlsx_bytes(spec, created=MADE)


Answers = Mapping[str, Mapping[str, str]]  # CPL entry id -> column header -> text typed or chosen


def fill(data: bytes, answers: Answers) -> bytes:
    """The workbook with `answers` written into the answer sheet (any column, locked or not: a test
    may play a respondent who unprotected the sheet)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book[ANSWER_SHEET]
    header = [cell.value for cell in sheet[1]]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for entry_id, cells in answers.items():
        for label, text in cells.items():
            sheet.cell(row=rows[entry_id], column=header.index(label) + 1).value = text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_row(data: bytes, entry_id: str) -> int:
    """The answer sheet row (1-based) of a CPL entry."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True)[ANSWER_SHEET]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if values and values[0] == entry_id:
            return number
    raise KeyError(entry_id)


def document(data: bytes, name: str = "replies/answers.xlsx") -> Document:
    return Document(name=name, data=data, kind=DocumentKind.XLSX, sha256=Document.sha256_of(data))
