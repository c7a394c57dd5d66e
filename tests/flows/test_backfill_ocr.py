"""A scanned release note through the whole backfill: quarantined with the hint while Tesseract is
missing, read by OCR once it is there (the quarantine was not kept as the document's verdict), its
claim's proposal flagged "read by OCR: check the digits" and the reading noted."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from firpath.demo import write_demo
from firpath.demo.builders import release_note_pdf, scan_of
from firpath.demo.scenario import ACME_HW2_NOTE
from staging.settings import store_url

pytestmark = [pytest.mark.integration, pytest.mark.ocr]

SCAN = "scans/AM-E200 v1.3.1 signed.pdf"
FLAG = "read by OCR: check the digits"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_scan_is_quarantined_without_tesseract_then_read_by_ocr_and_flagged(
    prefect_harness, tesseract: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.backfill import backfill_flow

    demo = write_demo(tmp_path)  # for its CPL and FIR; the inbox holds the scan alone
    inbox = tmp_path / "inbox"
    (inbox / SCAN).parent.mkdir(parents=True)
    (inbox / SCAN).write_bytes(scan_of(release_note_pdf(ACME_HW2_NOTE)))
    workdir = tmp_path / "wd"

    with monkeypatch.context() as without:
        without.setenv("PATH", str(tmp_path / "no-programs"))
        first = backfill_flow(inbox, demo.cpl, demo.fir, workdir, store_url(workdir), 1)
    (quarantined,) = _rows(first.files.quarantine_csv)
    assert quarantined["file"] == SCAN and "apt-get install tesseract-ocr" in quarantined["reason"]
    assert first.summary.proposals == 0

    second = backfill_flow(inbox, demo.cpl, demo.fir, workdir, store_url(workdir), 1)
    assert second.summary.documents_read == 1 and _rows(second.files.quarantine_csv) == []
    rows = {r["cpl_entry_id"]: r for r in _rows(second.files.proposed_csv)}
    # the release note states 1106 <- 1104, 1105 and the historical chain 1102 <- 1101, 1103 <- 1102
    assert {k: r["proposed_upgrade_path"] for k, r in rows.items()} == {"1102": "1101", "1103": "1102", "1106": "1104; 1105"}
    for row in rows.values():
        assert FLAG in row["review_flags"].split("; ")
        assert "(read by OCR)" in row["evidence"]
    assert f'{SCAN}, page 1 (read by OCR): "This release shall only be applied to devices running firmware' in rows["1106"]["evidence"]
    (notice,) = _rows(second.files.notices_csv)
    assert notice["file"] == SCAN and notice["notice"].startswith("read by OCR (tesseract")
    html = second.validation_html.read_text(encoding="utf-8")
    assert FLAG in html and f"<code>{SCAN}, page 1 (read by OCR)</code>" in html
