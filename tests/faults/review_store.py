"""A finished run with many proposals, built through the store's API (no backfill), and a returned
review workbook with a decision on most rows: enough rows that an import takes a while to kill.

Imported by the fault tests as `tests.faults.review_store`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from extractors.registers import cpl_from_bytes, fir_from_bytes
from firpath.domain import (
    Alternative,
    ChangeKind,
    DocumentKind,
    ProposedChange,
    ReviewDecision,
)
from firpath.review.board import ReviewBoard
from firpath.review.workbook import REVIEW_SHEET, export_workbook
from staging.store import StagingStore
from tests.builders import mapped_claim_of
from tests.firpath.publish.publish_builders import register_reviewers

IMPORTER = "ingrid"  # ran the backfill: cannot be anyone's sole approver
CPL_HEADER = ("CPL Entry ID", "Manufacturer Identifier", "Model Identifier", "Hardware Version", "Firmware Version",
              "Manufacturer Name", "Model Name")  # fmt: skip
VERSIONS = ("01000000", "01010000", "01020003", "02000000")


def _csv(rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def cpl_rows(devices: int) -> list[tuple[str, ...]]:
    rows = []
    for d in range(devices):
        maker = ("Acme Metering Ltd", "10A7") if d % 2 else ("Dynamo Energy", "4D11")
        for v, firmware in enumerate(VERSIONS):
            rows.append((f"{d + 1:03d}{v + 1}", maker[1], f"{d:04X}", "0001", firmware, maker[0], f"Model {d}"))
    return rows


def build_finished_run(url: str, devices: int) -> None:
    """Proposals for each device's versions 2-4 (the base: the version before); every fifth device's
    version 2 has a FIR path already (changing it needs two approvers)."""
    cpl_data = _csv((CPL_HEADER, *cpl_rows(devices)))
    cpl = {e.entry_id: e for e in cpl_from_bytes("cpl.csv", cpl_data)}
    fir_rows = [("CPL Entry ID", "Firmware Upgrade Path")]
    fir_rows += [(f"{d + 1:03d}2", "N/A" if d % 5 == 0 else "") for d in range(devices)]
    fir_data = _csv(fir_rows)
    fir = fir_from_bytes("fir.csv", fir_data)
    mapped, proposals = [], []
    for d in range(devices):
        for v in range(1, len(VERSIONS)):
            target, base = cpl[f"{d + 1:03d}{v + 1}"], cpl[f"{d + 1:03d}{v}"]
            claim = mapped_claim_of(target, [base], file=f"notes/model-{d}-{target.firmware_version}.pdf",
                                    text=f"{target.firmware_version} requires {base.firmware_version} to be installed first.")
            current = fir.paths.get(target.entry_id)
            kind = ChangeKind.ADD if current is None else ChangeKind.MODIFY
            mapped.append(claim)
            proposals.append(ProposedChange(target, current, (Alternative(claim.path, (claim,)),), kind))
    with StagingStore.open(url) as store:
        inputs = {"cpl_export": store.runs.store_content(cpl_data, DocumentKind.CSV), "cpl_export_name": "cpl.csv",
                  "fir_export": store.runs.store_content(fir_data, DocumentKind.CSV), "fir_export_name": "fir.csv"}  # fmt: skip
        run_id = store.runs.begin_run("/inbox", inputs, IMPORTER)
        store.results.save_results(run_id, mapped, [], proposals)
        store.runs.finish_run(run_id, {"proposals": len(proposals), "mapped": len(mapped), "superseded": 0, "unmapped": 0})
        if store.reviews.user("alice") is None:
            register_reviewers(store, ("alice",))


def returned_workbook(board: ReviewBoard, out: Path) -> int:
    """Export for review and fill it in as a reviewer would: mostly approvals, some rejections and
    corrections (to the device's first version), some rows left undecided. Returns the rows decided."""
    from openpyxl import load_workbook

    exported = out.with_name("exported.xlsx")
    export_workbook(board, exported)
    book = load_workbook(exported)
    sheet = book[REVIEW_SHEET]
    header = [c.value for c in sheet[1]]
    column = {name: header.index(name) + 1 for name in ("cpl_entry_id", "decision", "corrected_upgrade_path", "reason")}
    decided = 0
    for r in range(2, sheet.max_row + 1):
        entry_id = str(sheet.cell(r, column["cpl_entry_id"]).value)
        kind = r % 10
        if kind == 9:
            continue
        decided += 1
        if kind == 7:
            sheet.cell(r, column["decision"]).value = "reject"
            sheet.cell(r, column["reason"]).value = f"row {r}: the note names another hardware version"
        elif kind == 5 and not entry_id.endswith("2"):
            sheet.cell(r, column["decision"]).value = "correct"
            sheet.cell(r, column["corrected_upgrade_path"]).value = entry_id[:-1] + "1"
            sheet.cell(r, column["reason"]).value = "the first release is enough, says the maker's email"
        else:
            sheet.cell(r, column["decision"]).value = "approve"
    book.save(out)
    return decided


def identity(decision: ReviewDecision) -> tuple[object, ...]:
    """A decision without its time: what two imports of one workbook must agree on."""
    return (decision.cpl_entry_id, decision.proposal_hash, decision.action, decision.reviewer, decision.path,
            decision.reason, decision.channel)  # fmt: skip
