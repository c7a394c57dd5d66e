"""The review folder: proposed changes (CSV and XLSX), unmapped statements, quarantine, claims."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from firpath.domain import (
    ChangeKind,
    MappedClaim,
    ProposedChange,
    Relation,
    SourceKind,
    UnmappedClaim,
    UpgradePath,
)
from firpath.domain.documents import DocumentNotice, QuarantinedDocument
from firpath.runtime.review_files import (
    CLAIMS_COLUMNS,
    NOTICES_COLUMNS,
    PROPOSED_CHANGES_COLUMNS,
    QUARANTINE_COLUMNS,
    UNMAPPED_COLUMNS,
    ReviewFiles,
    neutralise,
    write_review_files,
)
from firpath.stages.diff import proposed_changes
from firpath.stages.reconcile import alternatives_by_entry
from tests.builders import claim, cpl_entry, mapped

pytestmark = pytest.mark.unit

E1 = cpl_entry("1101", "01000005")
E2 = cpl_entry("1102", "01010003")
E3 = cpl_entry("1103", "01020000")
CPL = {e.entry_id: e for e in (E1, E2, E3)}

PDF_SHA, MAIL_SHA, SHEET_SHA = "a" * 64, "b" * 64, "c" * 64
PDF_SENTENCE = "This release shall only be applied to devices running 01000005 or 01010003."
MAIL_SENTENCE = "Firmware 01020000 shall only be applied to devices running 01010003."


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def read_xlsx(path: Path) -> list[list[openpyxl.cell.cell.Cell]]:
    book = openpyxl.load_workbook(path)  # not data_only: a formula would come back as a formula
    return [list(row) for row in book.active.iter_rows()]


def write(tmp_path: Path, proposals: list[ProposedChange], mapped_: list[MappedClaim] | None = None,
          unmapped: list[UnmappedClaim] | None = None, quarantined: list[QuarantinedDocument] | None = None,
          names: dict[str, list[str]] | None = None, notices: list[DocumentNotice] | None = None) -> ReviewFiles:  # fmt: skip
    mapped_ = mapped_ if mapped_ is not None else [c for p in proposals for c in p.claims]
    return write_review_files(tmp_path / "review", proposals, mapped_, unmapped or [], quarantined or [], names,
                              notices or [])  # fmt: skip


def agreed_change() -> tuple[ProposedChange, MappedClaim, MappedClaim]:
    pdf = mapped(E3, [E1, E2], file="notes/acme.pdf", sha256=PDF_SHA, location="page 2", text=PDF_SENTENCE)
    sheet = mapped(E3, [E2, E1], file="MAP/paths.xlsx", sha256=SHEET_SHA, location="sheet 'Paths' row 7",
                   text="Mfr: 10A7 | Current FW: 01000005; 01010003 | Target FW: 01020000",
                   source_kind=SourceKind.SPREADSHEET)  # fmt: skip
    (change,) = proposed_changes(alternatives_by_entry([pdf, sheet]), {"1103": None}, CPL)
    return change, pdf, sheet


def conflict_change() -> tuple[ProposedChange, MappedClaim, MappedClaim]:
    pdf = mapped(E3, [E1, E2], file="notes/acme.pdf", sha256=PDF_SHA, location="page 2", text=PDF_SENTENCE)
    mail = mapped(E3, [E2], file="mail/RE paths.eml", sha256=MAIL_SHA, location="email body", text=MAIL_SENTENCE,
                  source_kind=SourceKind.EMAIL)  # fmt: skip
    (change,) = proposed_changes(alternatives_by_entry([pdf, mail]), {"1103": UpgradePath(("1101",))}, CPL)
    assert change.change is ChangeKind.CONFLICT
    return change, pdf, mail


# --- files and columns ------------------------------------------------------------------------------


def test_every_review_file_is_written_with_exactly_its_columns(tmp_path: Path) -> None:
    change, _, _ = agreed_change()
    unmapped = UnmappedClaim(claim(model="AM-E20"), "model 'AM-E20' is not on the CPL")
    quarantined = QuarantinedDocument("broken/x.pdf", "d" * 64, "pdf", "the PDF is encrypted")
    notice = DocumentNotice("MAP/paths.xlsm", "e" * 64, "a macro-enabled workbook: its macros were never run")
    files = write(tmp_path, [change], unmapped=[unmapped], quarantined=[quarantined], notices=[notice])

    assert files == ReviewFiles(
        proposed_csv=tmp_path / "review/proposed_changes.csv",
        proposed_xlsx=tmp_path / "review/proposed_changes.xlsx",
        unmapped_csv=tmp_path / "review/unmapped.csv",
        quarantine_csv=tmp_path / "review/quarantine.csv",
        claims_csv=tmp_path / "review/claims.csv",
        notices_csv=tmp_path / "review/notices.csv",
        needs_reading_csv=tmp_path / "review/needs_reading.csv",
    )
    for path, columns in [
        (files.proposed_csv, PROPOSED_CHANGES_COLUMNS),
        (files.unmapped_csv, UNMAPPED_COLUMNS),
        (files.quarantine_csv, QUARANTINE_COLUMNS),
        (files.claims_csv, CLAIMS_COLUMNS),
        (files.notices_csv, NOTICES_COLUMNS),
    ]:
        header, rows = read_csv(path)
        assert header == list(columns), path.name
        assert rows, path.name
    (header_row, *_) = read_xlsx(files.proposed_xlsx)
    assert [c.value for c in header_row] == list(PROPOSED_CHANGES_COLUMNS)
    assert openpyxl.load_workbook(files.proposed_xlsx).sheetnames == ["Proposed changes"]


def test_the_column_sets_are_the_agreed_ones() -> None:
    assert PROPOSED_CHANGES_COLUMNS == (
        "cpl_entry_id", "device_type", "manufacturer", "manufacturer_id", "model", "model_id",
        "hardware_version", "firmware_version", "current_upgrade_path", "proposed_upgrade_path", "change",
        "alternatives", "review_flags", "sources", "evidence",
    )  # fmt: skip
    assert UNMAPPED_COLUMNS == (
        "file", "location", "statement", "manufacturer", "model", "hardware_version", "target_firmware",
        "base_firmware", "relation", "reason", "claim_id",
    )  # fmt: skip
    assert QUARANTINE_COLUMNS == ("file", "sha256", "detected_kind", "reason")


def test_empty_run_writes_headers_only(tmp_path: Path) -> None:
    files = write(tmp_path, [])
    for path in (files.proposed_csv, files.unmapped_csv, files.quarantine_csv, files.claims_csv):
        assert read_csv(path)[1] == []
    assert len(read_xlsx(files.proposed_xlsx)) == 1


# --- proposed changes -----------------------------------------------------------------------------


def test_an_agreed_proposal_row(tmp_path: Path) -> None:
    change, pdf, sheet = agreed_change()
    files = write(tmp_path, [change])
    (row,) = read_csv(files.proposed_csv)[1]
    assert row == {
        "cpl_entry_id": "1103",
        "device_type": "ESME",
        "manufacturer": "Acme Metering Ltd",
        "manufacturer_id": "10A7",
        "model": "AM-E200",
        "model_id": "0101",
        "hardware_version": "0002",
        "firmware_version": "01020000",
        "current_upgrade_path": "",
        "proposed_upgrade_path": "1101; 1102",
        "change": "add",
        "alternatives": "",
        "review_flags": "",
        "sources": "notes/acme.pdf; MAP/paths.xlsx",
        "evidence": (
            f'[release note] notes/acme.pdf, page 2: "{PDF_SENTENCE}"\n'
            "[MAP spreadsheet] MAP/paths.xlsx, sheet 'Paths' row 7: "
            '"Mfr: 10A7 | Current FW: 01000005; 01010003 | Target FW: 01020000"'
        ),
    }
    xlsx_rows = read_xlsx(files.proposed_xlsx)
    assert [c.value or "" for c in xlsx_rows[1]] == list(row.values())


def test_evidence_holds_file_location_and_the_exact_sentence(tmp_path: Path) -> None:
    sentence = 'Devices must run "01000005" first; then 01010003 — “Zähler” 100% ok.'
    claim_ = mapped(E2, [E1], file="inbox/mail.eml > notes.pdf", location="page 3", text=sentence)
    (change,) = proposed_changes(alternatives_by_entry([claim_]), {}, CPL)
    (row,) = read_csv(write(tmp_path, [change]).proposed_csv)[1]
    assert row["evidence"] == f'[release note] inbox/mail.eml > notes.pdf, page 3: "{sentence}"'
    assert row["sources"] == "inbox/mail.eml > notes.pdf"


@pytest.mark.parametrize(
    ("fir", "current", "kind"),
    [(None, "", "add"), (UpgradePath(()), "N/A", "modify"), (UpgradePath(("1102", "1101")), "1101; 1102", "unchanged")],
)
def test_current_and_change_columns(tmp_path: Path, fir: UpgradePath | None, current: str, kind: str) -> None:
    claim_ = mapped(E3, [E1, E2])
    (change,) = proposed_changes(alternatives_by_entry([claim_]), {"1103": fir}, CPL)
    (row,) = read_csv(write(tmp_path, [change]).proposed_csv)[1]
    assert (row["current_upgrade_path"], row["proposed_upgrade_path"], row["change"]) == (current, "1101; 1102", kind)


def test_a_none_path_is_written_n_a(tmp_path: Path) -> None:
    claim_ = mapped(E1, [], relation=Relation.NONE)
    (change,) = proposed_changes(alternatives_by_entry([claim_]), {}, CPL)
    (row,) = read_csv(write(tmp_path, [change]).proposed_csv)[1]
    assert row["proposed_upgrade_path"] == "N/A"


def test_a_conflict_row_lists_the_alternatives_with_their_sources(tmp_path: Path) -> None:
    change, _, _ = conflict_change()
    (row,) = read_csv(write(tmp_path, [change]).proposed_csv)[1]
    assert row["change"] == "conflict"
    assert row["proposed_upgrade_path"] == ""
    assert row["current_upgrade_path"] == "1101"
    # equally supported: ordered by the path's text
    assert row["alternatives"] == "1101; 1102 (from notes/acme.pdf) | 1102 (from mail/RE paths.eml)"
    assert row["sources"] == "notes/acme.pdf; mail/RE paths.eml"
    assert row["evidence"].splitlines() == [
        f'[release note] notes/acme.pdf, page 2: "{PDF_SENTENCE}"',
        f'[email] mail/RE paths.eml, email body: "{MAIL_SENTENCE}"',
    ]


def test_sources_list_a_document_received_under_two_names(tmp_path: Path) -> None:
    change, _, _ = conflict_change()
    names = {PDF_SHA: ["notes/acme.pdf", "forwarded/copy of acme notes.pdf"]}
    (row,) = read_csv(write(tmp_path, [change], names=names).proposed_csv)[1]
    assert row["sources"] == "notes/acme.pdf; forwarded/copy of acme notes.pdf; mail/RE paths.eml"
    assert row["alternatives"] == (
        "1101; 1102 (from notes/acme.pdf; forwarded/copy of acme notes.pdf) | 1102 (from mail/RE paths.eml)"
    )


def test_review_flags_are_joined(tmp_path: Path) -> None:
    change, _, _ = agreed_change()
    flagged = ProposedChange(change.target, change.current, change.alternatives, change.change,
                             review_flags=("base newer than target", "path crosses hardware"))  # fmt: skip
    (row,) = read_csv(write(tmp_path, [flagged]).proposed_csv)[1]
    assert row["review_flags"] == "base newer than target; path crosses hardware"


# --- formula neutralisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("1101; 1102", "1101; 1102"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(value: str, written: str) -> None:
    assert neutralise(value) == written


DANGEROUS = {
    "file": '=HYPERLINK("http://evil.example","click")',
    "model": "+cmd|' /C calc'!A0",
    "device": "-2+3",
    "maker": "@SUM(A1:A9)",
}


def dangerous_change() -> tuple[ProposedChange, MappedClaim]:
    target = cpl_entry("1102", "01010003", model_name=DANGEROUS["model"], device_type=DANGEROUS["device"],
                       manufacturer_name=DANGEROUS["maker"])  # fmt: skip
    claim_ = mapped(target, [E1], file=DANGEROUS["file"], text="=1+1")
    (change,) = proposed_changes(alternatives_by_entry([claim_]), {}, {"1102": target, "1101": E1})
    return change, claim_


def test_formulas_from_documents_reach_the_csv_as_text(tmp_path: Path) -> None:
    change, claim_ = dangerous_change()
    unmapped = UnmappedClaim(claim(manufacturer="=cmd()", model="-AM", text="@risk", file="+x.pdf"), "-reason")
    files = write(tmp_path, [change], unmapped=[unmapped],
                  quarantined=[QuarantinedDocument("=evil.pdf", "d" * 64, "pdf", "+unreadable")])  # fmt: skip
    (row,) = read_csv(files.proposed_csv)[1]
    assert row["sources"] == "'" + DANGEROUS["file"]
    assert row["model"] == "'" + DANGEROUS["model"]
    assert row["device_type"] == "'" + DANGEROUS["device"]
    assert row["manufacturer"] == "'" + DANGEROUS["maker"]
    (u,) = read_csv(files.unmapped_csv)[1]
    assert (u["file"], u["statement"], u["manufacturer"], u["model"], u["reason"]) == (
        "'+x.pdf", "'@risk", "'=cmd()", "'-AM", "'-reason"
    )
    (q,) = read_csv(files.quarantine_csv)[1]
    assert (q["file"], q["reason"]) == ("'=evil.pdf", "'+unreadable")
    claims = read_csv(files.claims_csv)[1]
    assert {c["file"] for c in claims} == {"'" + DANGEROUS["file"], "'+x.pdf"}
    every_cell = [v for path in (files.proposed_csv, files.unmapped_csv, files.quarantine_csv, files.claims_csv)
                  for r in read_csv(path)[1] for v in r.values()]  # fmt: skip
    assert not [v for v in every_cell if v[:1] in ("=", "+", "-", "@")]


def test_formulas_from_documents_reach_the_xlsx_as_text(tmp_path: Path) -> None:
    change, _ = dangerous_change()
    files = write(tmp_path, [change])
    header, row = read_xlsx(files.proposed_xlsx)
    cells = {h.value: c for h, c in zip(header, row, strict=True)}
    for column, value in [("sources", DANGEROUS["file"]), ("model", DANGEROUS["model"]),
                          ("device_type", DANGEROUS["device"]), ("manufacturer", DANGEROUS["maker"])]:  # fmt: skip
        assert cells[column].data_type == "s", column
        assert cells[column].value == "'" + value
    assert all(c.data_type != "f" for r in read_xlsx(files.proposed_xlsx) for c in r)


def test_a_control_character_from_a_document_does_not_stop_the_xlsx(tmp_path: Path) -> None:
    claim_ = mapped(E2, [E1], text="Notes: see\x0bbelow \x01 01000005")
    (change,) = proposed_changes(alternatives_by_entry([claim_]), {}, CPL)
    files = write(tmp_path, [change])
    assert files.proposed_xlsx.exists()


# --- unmapped, quarantine, claims -----------------------------------------------------------------


def test_unmapped_rows_carry_the_statement_and_reason(tmp_path: Path) -> None:
    late = UnmappedClaim(claim(model="AM-E20", file="b.pdf", location="page 2", bases=["01020005", "1.2.7"]),
                         "model 'AM-E20' is not on the CPL")  # fmt: skip
    early = UnmappedClaim(claim(manufacturer="Zeta", file="a.csv", location="row 3", relation=Relation.MINIMUM),
                          "manufacturer 'Zeta' is not on the CPL")  # fmt: skip
    rows = read_csv(write(tmp_path, [], unmapped=[late, early]).unmapped_csv)[1]
    assert [r["file"] for r in rows] == ["a.csv", "b.pdf"]
    assert rows[1] == {
        "file": "b.pdf",
        "location": "page 2",
        "statement": late.claim.evidence.text,
        "manufacturer": "10A7",
        "model": "AM-E20",
        "hardware_version": "0002",
        "target_firmware": "01030001",
        "base_firmware": "01020005; 1.2.7",
        "relation": "exact",
        "reason": "model 'AM-E20' is not on the CPL",
        "claim_id": late.claim.claim_id,
    }
    assert rows[0]["relation"] == "minimum"


def test_quarantine_rows(tmp_path: Path) -> None:
    quarantined = [
        QuarantinedDocument("broken/protected.pdf", "d" * 64, "pdf", "the PDF is password-protected"),
        QuarantinedDocument("mail.eml > minutes.docx", "e" * 64, "unsupported", "unsupported file type"),
    ]
    rows = read_csv(write(tmp_path, [], quarantined=quarantined).quarantine_csv)[1]
    assert rows == [
        {"file": "broken/protected.pdf", "sha256": "d" * 64, "detected_kind": "pdf", "reason": "the PDF is password-protected"},
        {"file": "mail.eml > minutes.docx", "sha256": "e" * 64, "detected_kind": "unsupported", "reason": "unsupported file type"},
    ]


def test_claims_file_is_the_audit_trail(tmp_path: Path) -> None:
    current = mapped(E3, [E2], file="m.eml", location="email body", source_kind=SourceKind.EMAIL)
    old = mapped(E3, [E1], file="m.eml", location="email body, quoted message 1", source_kind=SourceKind.EMAIL,
                 superseded=True)  # fmt: skip
    lost = UnmappedClaim(claim(model="AM-E20", file="a.pdf"), "model 'AM-E20' is not on the CPL")
    (change,) = proposed_changes(alternatives_by_entry([current, old]), {}, CPL)
    rows = read_csv(write(tmp_path, [change], mapped_=[old, current], unmapped=[lost]).claims_csv)[1]
    assert [(r["file"], r["status"], r["cpl_entry_id"], r["upgrade_path"], r["source_kind"]) for r in rows] == [
        ("a.pdf", "unmapped", "", "", "release note"),
        ("m.eml", "mapped", "1103", "1102", "email"),
        ("m.eml", "superseded", "1103", "1101", "email"),
    ]
    assert rows[1]["claim_id"] == current.claim.claim_id


def test_review_files_replace_an_earlier_run(tmp_path: Path) -> None:
    change, _, _ = agreed_change()
    write(tmp_path, [change, conflict_change()[0]])
    files = write(tmp_path, [change])
    assert len(read_csv(files.proposed_csv)[1]) == 1
    assert len(read_xlsx(files.proposed_xlsx)) == 2


def test_the_same_proposals_give_the_same_workbook_bytes(tmp_path: Path) -> None:
    change, *_ = agreed_change()
    first = write(tmp_path / "first", [change]).proposed_xlsx.read_bytes()
    second = write(tmp_path / "second", [change]).proposed_xlsx.read_bytes()
    assert first == second


def test_the_workbook_layout_is_a_frozen_filterable_bold_header_over_wrapped_text(tmp_path: Path) -> None:
    change, *_ = agreed_change()
    ws = openpyxl.load_workbook(write(tmp_path, [change]).proposed_xlsx).active
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:O2"
    assert all(cell.font.bold for cell in ws[1])
    assert all(cell.alignment.wrap_text for cell in ws[2])
    assert 80 <= ws.column_dimensions["O"].width < 81  # the evidence column, as wide as allowed (plus the cell padding)


def test_every_table_has_a_parquet_twin_whose_string_columns_keep_identifiers_and_versions(tmp_path: Path) -> None:
    """`pd.read_csv` alone reads hardware 0002 as 2, firmware 01030001 as 1030001 and path 1101 as a
    number; the Parquet twin gives the text back, and so does the README's CSV one-liner."""
    import pandas as pd

    target, base = cpl_entry("1106", "01030001"), cpl_entry("1101", "01000005")
    (change,) = proposed_changes(alternatives_by_entry([mapped(target, [base])]), {"1106": None}, {"1106": target})
    files = write(tmp_path, [change])

    assert [p.name for p in files.parquets] == [
        "proposed_changes.parquet", "unmapped.parquet", "quarantine.parquet", "claims.parquet", "notices.parquet", "needs_reading.parquet",
    ]  # fmt: skip
    expected = {"cpl_entry_id": "1106", "hardware_version": "0002", "firmware_version": "01030001",
                "proposed_upgrade_path": "1101"}  # fmt: skip
    typed = pd.read_parquet(files.proposed_csv.with_suffix(".parquet"))
    assert list(typed.columns) == list(PROPOSED_CHANGES_COLUMNS)
    assert {k: typed.loc[0, k] for k in expected} == expected
    # the README's one-liner reads the CSV the same way; plain read_csv does not
    as_text = pd.read_csv(files.proposed_csv, dtype=str, keep_default_na=False)
    assert as_text.to_dict("records") == typed.to_dict("records")
    guessed = pd.read_csv(files.proposed_csv)
    assert guessed.loc[0, "hardware_version"] == 2 and guessed.loc[0, "firmware_version"] == 1030001
    for csv_path, parquet_path in zip(files.csvs, files.parquets, strict=True):
        header, rows = read_csv(csv_path)
        table = pd.read_parquet(parquet_path)
        assert list(table.columns) == header
        assert table.to_dict("records") == rows
