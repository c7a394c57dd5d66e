"""The validate task: expectation flags, and the FIR checked against the CPL (#15.11), reach the
proposals and validation.html. The task's function is called directly: no Prefect engine."""

from __future__ import annotations

import pytest

from expectations.report import validation_html
from extractors.registers import Fir
from firpath.domain import UpgradePath
from flows.validate import run_expectations
from tests.builders import cpl_entry, proposal

pytestmark = pytest.mark.unit


def test_unknown_entry_ids_in_the_fir_flag_proposals_and_show_in_validation_html(tmp_path):
    cpl = [cpl_entry("1101", "01000005"), cpl_entry("1103", "01020000"), cpl_entry("1104", "01020005")]
    paths = {"9999": UpgradePath(("1101",)), "1103": UpgradePath(("0815",)), "1104": None}
    fir = Fir(paths=paths, header=("CPL Entry ID", "Firmware Upgrade Path"),
              rows=(("9999", "1101"), ("1103", "0815"), ("1104", "")))  # fmt: skip
    proposals = [proposal(cpl[1], [cpl[0]], current=paths["1103"]), proposal(cpl[2], [cpl[1]])]

    claims = [c.claim for p in proposals for c in p.claims]
    report, flagged = run_expectations.fn(claims, proposals, cpl, fir, tmp_path / "workdir", "register-test")

    by_entry = {p.target.entry_id: p.review_flags for p in flagged}
    assert "its current FIR path names 0815, which is not on the CPL" in by_entry["1103"]
    assert not any("not on the CPL" in f for f in by_entry["1104"])
    html = validation_html(report, "run test")
    assert "FIR row for CPL Entry ID 9999: not on the CPL" in html
    assert "FIR path of 1103 names 0815: not on the CPL" in html
