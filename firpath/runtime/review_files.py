"""The review folder a run leaves for people: proposed changes, unmapped statements, quarantine.

Each file's columns are declared once here. Every cell that came from a document is untrusted, so
text that a spreadsheet would run as a formula is neutralised in the CSV, the XLSX and the Parquet
alike. Every table is written twice: as CSV for people and spreadsheets, and as Parquet, whose
string columns keep `0002`, `01030001` and `1101` as written when a program reads them
(`firpath.runtime.parquet`).
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from firpath.domain import ChangeKind, Claim, MappedClaim, NeedsReading, ProposedChange, UnmappedClaim
from firpath.domain.documents import DocumentNotice, QuarantinedDocument
from firpath.runtime.parquet import table_parquet_bytes
from firpath.runtime.sheets import table_xlsx_bytes

PROPOSED_CHANGES_COLUMNS = (
    "cpl_entry_id", "device_type", "manufacturer", "manufacturer_id", "model", "model_id",
    "hardware_version", "firmware_version", "current_upgrade_path", "proposed_upgrade_path", "change",
    "alternatives", "review_flags", "sources", "evidence",
)  # fmt: skip
UNMAPPED_COLUMNS = (
    "file", "location", "statement", "manufacturer", "model", "hardware_version", "target_firmware",
    "base_firmware", "relation", "reason", "claim_id",
)  # fmt: skip
QUARANTINE_COLUMNS = ("file", "sha256", "detected_kind", "reason")
NOTICES_COLUMNS = ("file", "sha256", "notice")
NEEDS_READING_COLUMNS = ("file", "location", "text", "why", "manufacturer", "model", "hardware_version", "versions", "claim_id")
CLAIMS_COLUMNS = (
    "claim_id", "status", "cpl_entry_id", "upgrade_path", "file", "location", "statement", "manufacturer",
    "model", "hardware_version", "target_firmware", "base_firmware", "relation", "source_kind",
)  # fmt: skip

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value: str) -> str:
    """`=HYPERLINK(...)` from a document must reach a reviewer's spreadsheet as text, not a formula;
    control characters (which XLSX cannot hold) become U+FFFD so one odd PDF cannot stop a run."""
    value = _XML_ILLEGAL.sub("\ufffd", value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


AlsoReceived = Mapping[str, Sequence[str]]  # sha256 -> every name the document arrived under


def evidence_lines(claims: Iterable[MappedClaim]) -> str:
    return "\n".join(f"[{c.claim.source_kind}] {c.claim.evidence}" for c in claims)


def sources_text(claims: Iterable[MappedClaim], names: AlsoReceived) -> str:
    """Each source file once; a document received more than once is listed under all its names."""
    files: dict[str, None] = {}
    for c in claims:
        for name in names.get(c.claim.evidence.sha256) or (c.claim.evidence.file,):
            files[name] = None
    return "; ".join(files)


def proposed_change_row(change: ProposedChange, names: AlsoReceived | None = None) -> dict[str, str]:
    names = names or {}
    entry = change.target
    alternatives = ""
    if change.change is ChangeKind.CONFLICT:
        alternatives = " | ".join(f"{alt.path} (from {sources_text(alt.claims, names)})" for alt in change.alternatives)
    return {
        "cpl_entry_id": entry.entry_id,
        "device_type": entry.device_type,
        **entry.identity_columns(),
        "current_upgrade_path": "" if change.current is None else str(change.current),
        "proposed_upgrade_path": "" if change.proposed is None else str(change.proposed),
        "change": change.change.value,
        "alternatives": alternatives,
        "review_flags": "; ".join(change.review_flags),
        "sources": sources_text(change.claims, names),
        "evidence": evidence_lines(change.claims),
    }


def _claim_fields(claim: Claim) -> dict[str, str]:
    return {
        "file": claim.evidence.file,
        "location": claim.evidence.location,
        "statement": claim.evidence.text,
        "manufacturer": claim.device.manufacturer,
        "model": claim.device.model,
        "hardware_version": claim.device.hardware_version,
        "target_firmware": claim.target.text,
        "base_firmware": "; ".join(b.text for b in claim.bases),
        "relation": claim.relation.value,
        "claim_id": claim.claim_id,
    }


def unmapped_row(unmapped: UnmappedClaim) -> dict[str, str]:
    return {**_claim_fields(unmapped.claim), "reason": unmapped.reason}


def needs_reading_row(item: NeedsReading) -> dict[str, str]:
    """A statement a person must read: where it is, what it says, and why the reader could not take it apart."""
    claim = item.claim
    return {"file": claim.evidence.file, "location": claim.evidence.location, "text": claim.evidence.text, "why": item.why,
            "manufacturer": claim.device.manufacturer, "model": claim.device.model,
            "hardware_version": claim.device.hardware_version,
            "versions": "; ".join(dict.fromkeys(r.text for r in (claim.target, *claim.bases) if r.text)),
            "claim_id": claim.claim_id}  # fmt: skip


def claim_rows(mapped: Sequence[MappedClaim], unmapped: Sequence[UnmappedClaim]) -> list[dict[str, str]]:
    """Every claim with what became of it: the audit trail behind the proposals."""
    rows = []
    for m in mapped:
        status = "superseded" if m.claim.superseded else "mapped"
        rows.append(
            {**_claim_fields(m.claim), "status": status, "cpl_entry_id": m.target.entry_id,
             "upgrade_path": str(m.path), "source_kind": m.claim.source_kind.value}  # fmt: skip
        )
    for u in unmapped:
        rows.append(
            {**_claim_fields(u.claim), "status": "unmapped", "cpl_entry_id": "", "upgrade_path": "",
             "source_kind": u.claim.source_kind.value}  # fmt: skip
        )
    return sorted(rows, key=lambda r: (r["file"], r["location"], r["claim_id"]))


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise(str(row.get(k, ""))) for k in columns})


def write_parquet(path: Path, columns: Sequence[str], rows: Iterable[dict[str, str]]) -> None:
    """The same cells as `write_csv`, in string columns."""
    cells = ([neutralise(str(row.get(k, ""))) for k in columns] for row in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(table_parquet_bytes(columns, cells))


def write_table(csv_path: Path, columns: Sequence[str], rows: Iterable[dict[str, str]]) -> None:
    """The table as CSV and, beside it under the same name, as Parquet."""
    rows = list(rows)
    write_csv(csv_path, columns, rows)
    write_parquet(csv_path.with_suffix(".parquet"), columns, rows)


# A review file's workbook says when it was made by its name and folder, not its properties: a fixed
# creation time keeps the same inputs giving the same bytes.
_WORKBOOK_CREATED = datetime(2000, 1, 1)


def write_xlsx(path: Path, columns: Sequence[str], rows: Iterable[dict[str, str]], sheet: str) -> None:
    """The rows as one sheet of text cells (`firpath.runtime.sheets`), neutralised like the CSVs."""
    cells = ([neutralise(str(row.get(k, ""))) for k in columns] for row in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(table_xlsx_bytes(sheet, columns, cells, created=_WORKBOOK_CREATED, frozen_columns=1))


@dataclass(frozen=True)
class ReviewFiles:
    proposed_csv: Path
    proposed_xlsx: Path
    unmapped_csv: Path
    quarantine_csv: Path
    claims_csv: Path
    notices_csv: Path
    needs_reading_csv: Path

    @property
    def csvs(self) -> tuple[Path, ...]:
        return (self.proposed_csv, self.unmapped_csv, self.quarantine_csv, self.claims_csv, self.notices_csv,
                self.needs_reading_csv)

    @property
    def parquets(self) -> tuple[Path, ...]:
        """Each CSV's twin with typed (string) columns: `proposed_changes.parquet`, ..."""
        return tuple(path.with_suffix(".parquet") for path in self.csvs)


def review_files_in(review_dir: Path) -> ReviewFiles:
    return ReviewFiles(
        proposed_csv=review_dir / "proposed_changes.csv",
        proposed_xlsx=review_dir / "proposed_changes.xlsx",
        unmapped_csv=review_dir / "unmapped.csv",
        quarantine_csv=review_dir / "quarantine.csv",
        claims_csv=review_dir / "claims.csv",
        notices_csv=review_dir / "notices.csv",
        needs_reading_csv=review_dir / "needs_reading.csv",
    )


def replace_folder(staged: Path, folder: Path) -> None:
    """Put a folder written in full at `staged` in the place of `folder`, by renames: a run killed
    meanwhile leaves the old folder or the new one (or, between the two renames, neither, with the
    old one kept aside), never a mix of the two."""
    aside = folder.with_name(f".{folder.name}.old")
    if aside.exists():
        shutil.rmtree(aside)
    if folder.exists():
        folder.rename(aside)
    staged.rename(folder)
    if aside.exists():
        shutil.rmtree(aside)


def staging_folder(folder: Path) -> Path:
    """An empty folder beside `folder` to write its next content in."""
    staged = folder.with_name(f".{folder.name}.partial")
    if staged.exists():
        shutil.rmtree(staged)  # left by a run that was killed while writing it
    staged.mkdir(parents=True)
    return staged


def write_review_files(
    review_dir: Path,
    proposals: Sequence[ProposedChange],
    mapped: Sequence[MappedClaim],
    unmapped: Sequence[UnmappedClaim],
    quarantined: Sequence[QuarantinedDocument],
    names: AlsoReceived | None = None,
    notices: Sequence[DocumentNotice] = (),
    needs_reading: Sequence[NeedsReading] = (),
) -> ReviewFiles:
    files = review_files_in(review_dir)
    proposal_rows = [proposed_change_row(p, names) for p in proposals]
    write_table(files.proposed_csv, PROPOSED_CHANGES_COLUMNS, proposal_rows)
    write_xlsx(files.proposed_xlsx, PROPOSED_CHANGES_COLUMNS, proposal_rows, "Proposed changes")
    unmapped_rows = sorted((unmapped_row(u) for u in unmapped), key=lambda r: (r["file"], r["location"], r["claim_id"]))
    write_table(files.unmapped_csv, UNMAPPED_COLUMNS, unmapped_rows)
    write_table(
        files.quarantine_csv,
        QUARANTINE_COLUMNS,
        ({"file": q.file, "sha256": q.sha256, "detected_kind": q.detected_kind, "reason": q.reason} for q in quarantined),
    )
    write_table(files.claims_csv, CLAIMS_COLUMNS, claim_rows(mapped, unmapped))
    reading = sorted({r["claim_id"]: r for r in map(needs_reading_row, needs_reading)}.values(),
                     key=lambda r: (r["file"], r["location"], r["text"]))  # fmt: skip
    write_table(files.needs_reading_csv, NEEDS_READING_COLUMNS, reading)
    write_table(files.notices_csv, NOTICES_COLUMNS,
                ({"file": n.file, "sha256": n.sha256, "notice": n.notice} for n in sorted(notices, key=lambda n: n.file)))  # fmt: skip
    return files
