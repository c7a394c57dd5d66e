"""Approvals across runs (#15.10): a proposal is what a reviewer approved (entry, current value, paths,
the statements and where they were read), so re-running on a re-saved or re-sent release note keeps
its approvals; when what was approved changed, the run says which approvals lapsed and why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from firpath.demo import write_demo
from firpath.domain import ReviewAction
from firpath.review.board import ReviewBoard
from firpath.review.rules import ReviewState
from firpath.stages.summary import summary_lines
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore
from tests.firpath.publish.publish_builders import register_reviewers

pytestmark = pytest.mark.integration

BOLT_NOTE = "release-notes/bolt/BoltG2-2.2.0-RN.pdf"  # states 2202 <- 2201 (and 2203, 2204)


def resaved(pdf: bytes) -> bytes:
    """The same release note saved again: another creation date and document id, the same text."""
    pdf = re.sub(rb"/CreationDate \(D:\d{4}", b"/CreationDate (D:2031", pdf, count=1)
    return re.sub(rb"/ID \[<([0-9A-F]{4})", lambda m: b"/ID [<" + m.group(1)[::-1], pdf, count=1)


def test_a_resent_note_keeps_its_approvals_and_a_changed_proposal_says_why(prefect_harness, tmp_path: Path):
    from flows.backfill import backfill_flow

    inputs = write_demo(tmp_path)
    url = store_url(tmp_path, StoreSettings(url=None))
    backfill_flow(inputs.inbox, inputs.cpl, inputs.fir, tmp_path, url, 1, "")
    with StagingStore.open(url) as store:
        register_reviewers(store)
        board = ReviewBoard.open(store)
        for entry_id in ("2202", "1104", "4402"):  # all three add a path to a blank FIR value
            board.decide(entry_id, ReviewAction.APPROVE, "alice", proposal_hash=board.proposal(entry_id).content_hash)
        assert {e: board.status(e).state for e in ("2202", "1104", "4402")} == dict.fromkeys(
            ("2202", "1104", "4402"), ReviewState.APPROVED)  # fmt: skip

    note = inputs.inbox / BOLT_NOTE
    note.write_bytes(resaved(note.read_bytes()))
    fir = inputs.fir.read_text(encoding="utf-8").splitlines()
    fir = [line[: -len(",")] + ",1101" if line.startswith("1104,") else line for line in fir]  # 1104: blank -> 1101
    inputs.fir.write_text("\n".join(fir) + "\n", encoding="utf-8")
    second = backfill_flow(inputs.inbox, inputs.cpl, inputs.fir, tmp_path, url, 1, "")

    with StagingStore.open(url) as store:
        board = ReviewBoard.open(store)
        assert board.run.run_id == second.run_id
        assert board.status("2202").state is ReviewState.APPROVED  # the re-saved note says the same
        assert board.status("4402").state is ReviewState.APPROVED
        assert board.status("1104").state is ReviewState.PENDING  # the FIR changed under the approval
        [why] = board.lapsed("1104")
        assert why == "the FIR value is now 1101 (it was blank)"

    lines = summary_lines(second.summary, second.approvals)
    approvals = [line for line in lines if line.startswith("Approvals")]
    assert approvals == ["Approvals   2 still stand; 1 lapsed because what was approved changed: "
                         "1104 (the FIR value is now 1101 (it was blank))"]  # fmt: skip
