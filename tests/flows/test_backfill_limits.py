"""The per-document limits through a whole backfill: what goes over them is quarantined with its
reason, the rest is read, and the store stays sound (firpath check)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from firpath.demo import write_demo
from firpath.demo.builders import MailAttachment, eml
from staging.settings import store_url
from staging.store import StagingStore

pytestmark = pytest.mark.integration


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_files_over_the_size_limit_are_quarantined_and_the_store_stays_sound(
    prefect_harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.backfill import backfill_flow

    inputs = write_demo(tmp_path)
    big = b"Model,Target\n" + b"AM-E200,01030001\n" * 4000  # ~70 KB
    (inputs.inbox / "big.csv").write_bytes(big)
    (inputs.inbox / "mail with a big attachment.eml").write_bytes(eml(
        sender="jo@acme.example", to="fir@secas.example", subject="paths", text="Attached.\n",
        attachments=[MailAttachment("paths.csv", big + b"AM-E200,01030002\n", "text/csv")],
    ))  # fmt: skip
    monkeypatch.setenv("FIRPATH_MAX_DOCUMENT_MB", "0.06")  # 63 KB: the demo's files are well under it
    workdir = tmp_path / "wd"
    result = backfill_flow(inputs.inbox, inputs.cpl, inputs.fir, workdir, store_url(workdir), 1)

    reasons = {row["file"]: row["reason"] for row in _rows(result.files.quarantine_csv)}
    assert reasons["big.csv"].startswith("file is 0.1 MB, over the 0.06 MB limit for one document (FIRPATH_MAX_DOCUMENT_MB)")
    # base64 makes an email larger than what it carries: the email itself goes over the limit
    assert "over the 0.06 MB limit for one document (FIRPATH_MAX_DOCUMENT_MB)" in reasons["mail with a big attachment.eml"]
    assert result.summary.files_not_stored == 2
    assert result.summary.proposals == 13  # the demo's proposals: the rest of the inbox was read as ever
    with StagingStore.open(store_url(workdir)) as store:
        assert store.integrity_check().problems == ()
