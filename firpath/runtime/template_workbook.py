"""The `firpath template` workbook: an answer sheet, a how-to sheet and the hidden sheet that lets
firpath read it back exactly (`extractors/spreadsheet/template.py` defines the format).

XlsxWriter rather than openpyxl: its data validations, sheet protection and hidden sheets come out
as Excel writes them, and LibreOffice keeps them when it saves the file (the tests check that). Each
row's base drop-downs take their list from that row's choices on the hidden sheet, so every row
offers only the earlier firmware of its own model and hardware version; several bases go in further
columns, which both programs keep as plain cells. Every cell is text (versions keep their leading
zeros; nothing in a name can run as a formula). The sheets are protected without a password: that
prevents slips, and the checksum on the hidden sheet catches deliberate edits.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from extractors.spreadsheet.template import (
    ANSWER_SHEET,
    CHOICES_COLUMN,
    CONTACT,
    HOW_TO_SHEET,
    LOCKED_COLUMNS,
    MAX_BASE_COLUMNS,
    META_SHEET,
    NO_CHANGE,
    NOT_APPLICABLE,
    REMARKS,
    TemplateSpec,
    base_label,
    meta_grid,
)

_WIDTHS = {
    "entry_id": 13, "device_type": 8, "manufacturer_id": 14, "manufacturer": 22, "model_id": 9, "model": 16,
    "hardware_version": 10, "firmware_version": 12, "current_path": 26, "under_review": 40,
}  # fmt: skip
_BASE_WIDTH, _NO_CHANGE_WIDTH, _CONTACT_WIDTH, _REMARKS_WIDTH = 13, 11, 26, 40


def how_to_lines(spec: TemplateSpec) -> list[str]:
    """The 'How to fill this in' sheet."""
    k = spec.base_columns
    return [
        "How to fill in this upgrade path template",
        "",
        f"Each row of the '{ANSWER_SHEET}' sheet is one CPL entry ({spec.scope}). For each entry, say which "
        "firmware must already be installed before this firmware may be applied (MP231 Firmware Upgrade Path).",
        "",
        f"'{base_label(1)}': choose from the drop-down. It offers only the earlier firmware versions of the same "
        f"model and hardware version (CPL form, newest first), and {NOT_APPLICABLE} when no earlier firmware is "
        "required.",
        f"Several bases (the firmware may be applied on top of any of them): one per column, '{base_label(1)}' to "
        f"'{base_label(k)}'. {NOT_APPLICABLE} is an answer on its own.",
        f"'{NO_CHANGE}': choose it when the 'Current FIR Upgrade Path' shown is right as it is; leave the base "
        "columns empty then. It is offered only where the FIR holds a path.",
        f"'{CONTACT}': who can answer questions about this row. '{REMARKS}': anything SECAS should know.",
        "Leave a row empty if you cannot answer it; fill in only what you know.",
        "",
        "The grey columns are locked: they say which CPL entry a row is about. Do not change, add, delete or "
        "sort rows, and do not edit the hidden sheet: firpath reads the answers against the rows it wrote, and "
        "reports a changed row instead of reading it.",
        "Only the choices in a row's drop-down are read; a version typed in that the row did not offer is "
        "reported back, not guessed.",
        "'Proposed, under review' shows what SECAS is already reviewing for the entry, from other sources.",
        "",
        "Save the file as .xlsx (Excel or LibreOffice) under any name and send it back. Every answer is reviewed "
        "by SECAS before it reaches the FIR.",
        "",
        f"Written {spec.made} from {spec.source}; {len(spec.rows)} rows.",
    ]


def template_xlsx_bytes(spec: TemplateSpec, *, created: datetime) -> bytes:
    """The template workbook for `spec`."""
    import xlsxwriter
    from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

    if spec.base_columns > MAX_BASE_COLUMNS:
        raise ValueError(f"{spec.base_columns} base columns; a template has at most {MAX_BASE_COLUMNS}")
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(buffer, options)
    try:
        book.set_properties({"title": f"MP231 firmware upgrade paths: {spec.scope}", "created": _naive_utc(created)})
        sheet = book.add_worksheet(ANSWER_SHEET)
        guide = book.add_worksheet(HOW_TO_SHEET)
        meta = book.add_worksheet(META_SHEET)

        text = {"num_format": "@", "text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF"}
        header = book.add_format({**text, "bold": True, "bg_color": "#D9D9D9"})
        answer_header = book.add_format({**text, "bold": True, "bg_color": "#FFE699"})
        locked = book.add_format({**text, "bg_color": "#F2F2F2"})
        answer = book.add_format({**text, "locked": False, "bg_color": "#FFF2CC"})
        closed = book.add_format({**text, "bg_color": "#D9D9D9"})  # a base or "No change" cell the row does not offer

        locked_count = len(LOCKED_COLUMNS)
        k = spec.base_columns
        first_base, no_change, contact, remarks = (
            locked_count,
            locked_count + k,
            locked_count + k + 1,
            locked_count + k + 2,
        )
        for column, label in enumerate(spec.header):
            sheet.write_string(0, column, label, header if column < locked_count else answer_header)
        widths = (
            [_WIDTHS[key] for key, _ in LOCKED_COLUMNS]
            + [_BASE_WIDTH] * k
            + [_NO_CHANGE_WIDTH, _CONTACT_WIDTH, _REMARKS_WIDTH]
        )
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)

        meta_name = quote_sheetname(META_SHEET)
        for index, row in enumerate(spec.rows):
            r = spec.sheet_row(index) - 1
            for column, value in enumerate(row.locked):
                sheet.write_string(r, column, value, locked)
            open_bases = max(1, min(k, len(row.versions)))
            for column in range(first_base, first_base + k):
                sheet.write_blank(r, column, None, answer if column < first_base + open_bases else closed)
            sheet.write_blank(r, no_change, None, answer if row.keep else closed)
            sheet.write_blank(r, contact, None, answer)
            sheet.write_blank(r, remarks, None, answer)
            m = spec.meta_row(index) - 1
            first = xl_rowcol_to_cell(m, CHOICES_COLUMN, row_abs=True, col_abs=True)
            last = xl_rowcol_to_cell(m, CHOICES_COLUMN + len(row.choices) - 1, row_abs=True, col_abs=True)
            sheet.data_validation(r, first_base, r, first_base + open_bases - 1, {
                "validate": "list", "source": f"={meta_name}!{first}:{last}",
                "input_title": "Base firmware",
                "input_message": f"An earlier firmware of this model and hardware version, or {NOT_APPLICABLE} "
                                 "(no earlier firmware needed). Several bases: one per column.",
                "error_title": "Not offered for this row",
                "error_message": f"Choose from the list: only earlier firmware of the same model and hardware "
                                 f"version can be a base, or {NOT_APPLICABLE}.",
            })  # fmt: skip
            if row.keep:
                sheet.data_validation(r, no_change, r, no_change, {
                    "validate": "list", "source": [NO_CHANGE],
                    "input_title": NO_CHANGE,
                    "input_message": "The current FIR upgrade path shown is right; leave the base columns empty.",
                    "error_title": NO_CHANGE, "error_message": f"Choose {NO_CHANGE!r} or leave it empty.",
                })  # fmt: skip
        sheet.set_row(0, 32)  # two lines: the headers wrap in their narrow columns
        sheet.freeze_panes(1, 1)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)  # printed: every column on the page, the header on each
        sheet.repeat_rows(0)
        sheet.autofilter(0, 0, max(len(spec.rows), 1), len(spec.header) - 1)
        sheet.protect("", {"autofilter": True, "format_columns": True, "format_rows": True})
        sheet.activate()

        guide.set_column(0, 0, 120)
        wrapped = book.add_format({"text_wrap": True, "valign": "top"})
        for r, line in enumerate(how_to_lines(spec)):
            guide.write_string(r, 0, line, book.add_format({"bold": True, "font_size": 14}) if r == 0 else wrapped)
        guide.protect()

        for r, cells in enumerate(meta_grid(spec)):
            for column, value in enumerate(cells):
                meta.write_string(r, column, value)
        meta.hide()
        meta.protect()
    finally:
        book.close()
    return buffer.getvalue()


def _naive_utc(moment: datetime) -> datetime:
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.replace(tzinfo=None, microsecond=0)
