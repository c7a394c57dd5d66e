"""The template workbook as Excel and LibreOffice see it: per-row drop-downs of exactly the row's choices,
locked identity columns, a how-to sheet and the hidden sheet; and the same after LibreOffice saved it.

The LibreOffice tests open the workbook in LibreOffice Calc headless (`.ci/run` installs it) and save
it there; they skip without `soffice`, except under CI=true, where they fail.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from extractors.spreadsheet import extract_spreadsheet
from extractors.spreadsheet.template import (
    ANSWER_SHEET,
    HOW_TO_SHEET,
    LOCKED_COLUMNS,
    META_SHEET,
    NO_CHANGE,
    TemplateSpec,
    base_label,
)
from firpath.domain import UpgradePath
from firpath.runtime.template_workbook import template_xlsx_bytes
from tests.builders import cpl_entry, small_cpl
from tests.template_builders import MADE, document, fill, spec_for, template_bytes

FIR = {"1103": UpgradePath(("1101",)), "1101": UpgradePath(()), "1104": None}


@pytest.fixture(scope="module")
def spec() -> TemplateSpec:
    return spec_for(fir=FIR)


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def dropdowns(data: bytes) -> dict[str, dict[str, list[str]]]:
    """CPL entry id -> column header -> the values its drop-down lists, resolved as a spreadsheet would
    (a range on the hidden sheet, or an inline list)."""
    book = _book(data)
    sheet = book[ANSWER_SHEET]
    header = [cell.value for cell in sheet[1]]
    found: dict[str, dict[str, list[str]]] = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        formula = validation.formula1.lstrip("=")
        if formula.startswith('"'):
            values = formula.strip('"').split(",")
        else:
            where, cells = formula.rsplit("!", 1)
            min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
            source = book[where.strip("'")]
            values = [
                source.cell(row=r, column=c).value
                for r in range(min_row, max_row + 1)
                for c in range(min_col, max_col + 1)
            ]
        for cell_range in validation.sqref.ranges:
            for row in range(cell_range.min_row, cell_range.max_row + 1):
                for column in range(cell_range.min_col, cell_range.max_col + 1):
                    found.setdefault(sheet.cell(row=row, column=1).value, {})[header[column - 1]] = values
    return found


def expected_dropdowns(spec: TemplateSpec) -> dict[str, dict[str, list[str]]]:
    expected = {}
    for row in spec.rows:
        open_bases = max(1, min(spec.base_columns, len(row.versions)))
        lists = {base_label(i): list(row.choices) for i in range(1, open_bases + 1)}
        if row.keep:
            lists[NO_CHANGE] = [NO_CHANGE]
        expected[row.value("entry_id")] = lists
    return expected


def editable(data: bytes) -> dict[str, set[str]]:
    """CPL entry id -> the headers of the row's unlocked cells, on a protected sheet."""
    sheet = _book(data)[ANSWER_SHEET]
    assert sheet.protection.sheet
    header = [cell.value for cell in sheet[1]]
    return {
        cells[0].value: {header[i] for i, cell in enumerate(cells) if not cell.protection.locked}
        for cells in sheet.iter_rows(min_row=2)
    }


def expected_editable(spec: TemplateSpec) -> dict[str, set[str]]:
    return {
        row.value("entry_id"): set(expected_dropdowns(spec)[row.value("entry_id")]) | {"Contact", "Remarks"}
        for row in spec.rows
    }


@pytest.mark.unit
def test_sheets_in_order_the_answer_sheet_first_the_format_hidden(spec):
    book = _book(template_bytes(spec))
    assert book.sheetnames == [ANSWER_SHEET, HOW_TO_SHEET, META_SHEET]
    assert [book[name].sheet_state for name in book.sheetnames] == ["visible", "visible", "hidden"]
    assert all(book[name].protection.sheet for name in book.sheetnames)
    assert book.active.title == ANSWER_SHEET
    guide = [row[0] for row in book[HOW_TO_SHEET].iter_rows(values_only=True)]
    assert guide[0] == "How to fill in this upgrade path template"
    assert any("Base firmware 1' to 'Base firmware 4'" in (line or "") for line in guide)


@pytest.mark.unit
def test_each_row_offers_exactly_its_own_choices(spec):
    data = template_bytes(spec)
    assert dropdowns(data) == expected_dropdowns(spec)
    assert dropdowns(data)["1106"]["Base firmware 4"] == ["N/A", "01020007", "01020005", "01020000", "01000005"]
    assert set(dropdowns(data)["1104"]) == {"Base firmware 1", "Base firmware 2"}  # two earlier versions: two bases
    assert dropdowns(data)["1101"] == {"Base firmware 1": ["N/A"], NO_CHANGE: [NO_CHANGE]}  # the first firmware
    assert dropdowns(data)["1103"][NO_CHANGE] == [NO_CHANGE]


@pytest.mark.unit
def test_only_the_answer_cells_are_unlocked(spec):
    assert editable(template_bytes(spec)) == expected_editable(spec)


@pytest.mark.unit
def test_every_cell_is_text_nothing_runs_as_a_formula():
    cpl = [cpl_entry("0042", "00000100", model_name='=HYPERLINK("http://x")'), cpl_entry("0043", "00000200")]
    data = template_bytes(spec_for(cpl))
    sheet = _book(data)[ANSWER_SHEET]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} == {"s"}
    assert {cell.number_format for row in sheet.iter_rows(min_row=2) for cell in row} == {"@"}
    assert sheet["A2"].value == "0042" and sheet["H2"].value == "00000100"
    assert sheet["F2"].value == '=HYPERLINK("http://x")'


@pytest.mark.unit
def test_the_same_spec_gives_the_same_bytes(spec):
    assert template_xlsx_bytes(spec, created=MADE) == template_xlsx_bytes(spec, created=MADE)
    assert template_xlsx_bytes(spec, created=MADE) != template_xlsx_bytes(replace(spec, scope="other"), created=MADE)


# --- LibreOffice -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        reason = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui (.ci/run does)"
        if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


def saved_in_libreoffice(soffice: str, data: bytes, folder: Path) -> bytes:
    """The workbook opened in LibreOffice Calc (headless) and saved there as .xlsx, in a profile of its
    own (another LibreOffice running on the machine is left alone)."""
    source = folder / "template.xlsx"
    source.write_bytes(data)
    out = folder / "saved"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr, done.stderr
    saved = out / "template.xlsx"
    assert saved.is_file(), f"LibreOffice wrote nothing: {done.stdout} {done.stderr}"
    return saved.read_bytes()


@pytest.fixture(scope="module")
def libreoffice_copy(soffice, spec, tmp_path_factory) -> bytes:
    return saved_in_libreoffice(soffice, template_bytes(spec), tmp_path_factory.mktemp("libreoffice"))


@pytest.mark.integration
@pytest.mark.libreoffice
def test_libreoffice_opens_and_saves_it_with_every_drop_down(libreoffice_copy, spec):
    assert libreoffice_copy != template_bytes(spec)  # LibreOffice wrote its own file
    book = _book(libreoffice_copy)
    assert book.sheetnames == [ANSWER_SHEET, HOW_TO_SHEET, META_SHEET]
    assert book[META_SHEET].sheet_state == "hidden"
    assert dropdowns(libreoffice_copy) == expected_dropdowns(spec)
    assert editable(libreoffice_copy) == expected_editable(spec)
    rows = list(book[ANSWER_SHEET].iter_rows(values_only=True))
    assert rows[0][: len(LOCKED_COLUMNS)] == tuple(label for _, label in LOCKED_COLUMNS)
    assert [r[0] for r in rows[1:]] == [row.value("entry_id") for row in spec.rows]


@pytest.mark.integration
@pytest.mark.libreoffice
def test_a_template_saved_in_libreoffice_reads_back_exactly(libreoffice_copy, spec):
    assert extract_spreadsheet(document(libreoffice_copy)).notices[1:] == ()  # checksum and header intact
    answers = {
        "1104": {"Base firmware 1": "01020000"},
        "1106": {"Base firmware 1": "01020007", "Base firmware 2": "N/A"},
        "1103": {NO_CHANGE: NO_CHANGE, "Remarks": "as in the FIR"},
        "1112": {"Model ID": "0102"},
    }

    def read(data: bytes):
        extraction = extract_spreadsheet(document(fill(data, answers)))
        return [
            (c.device, c.target, c.bases, c.relation, c.evidence.location, c.evidence.text) for c in extraction.claims
        ], list(extraction.notices[1:])

    assert read(libreoffice_copy) == read(template_bytes(spec))
    assert len(read(libreoffice_copy)[0]) == 3


@pytest.mark.integration
@pytest.mark.libreoffice
def test_a_large_template_survives_libreoffice(soffice, tmp_path):
    """A manufacturer with many models and long histories: every row keeps its own list."""
    cpl = [cpl_entry(f"E{m:02d}{v:02d}", f"01{v:02X}0000", model_id=f"{m:04X}") for m in range(40) for v in range(12)]
    spec = spec_for(cpl + small_cpl())
    saved = saved_in_libreoffice(soffice, template_bytes(spec), tmp_path)
    assert dropdowns(saved) == expected_dropdowns(spec)
