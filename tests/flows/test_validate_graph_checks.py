"""The validate stage runs the graph suites too: a proposed path that strands entries is flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.registers import cpl_from_bytes, fir_from_bytes
from firpath.demo.builders import csv_bytes
from flows.validate import run_expectations
from tests.builders import proposal

pytestmark = pytest.mark.unit

STRANDS = "the path strands entries that could reach the newest release before"
CPL_HEADER = ("CPL Entry ID", "Manufacturer Identifier", "Model Identifier", "Hardware Version", "Firmware Version",
              "Model Name", "Status")  # fmt: skip


def test_a_proposal_that_strands_entries_is_flagged_and_the_graph_is_reported(tmp_path: Path) -> None:
    cpl_path = tmp_path / "cpl.csv"
    rows = [(f"E{i}", "10A7", "0101", "0002", f"0{i}000000", "AM-E200", "Active") for i in range(1, 5)]
    cpl_path.write_bytes(csv_bytes([CPL_HEADER, *rows]))
    cpl = cpl_from_bytes(cpl_path, cpl_path.read_bytes())
    fir = fir_from_bytes("fir.csv", csv_bytes([("CPL Entry ID", "Firmware Upgrade Path"), ("E2", "E1"), ("E3", "E2"),
                                               ("E4", "E3")]))  # fmt: skip
    by_id = {e.entry_id: e for e in cpl}
    proposals = [
        proposal(by_id["E4"], [by_id["E1"]], current=fir.paths["E4"]),  # E2 and E3 lose their way to E4
        proposal(by_id["E3"], [by_id["E1"], by_id["E2"]], current=fir.paths["E3"]),  # strands nobody
    ]
    report, flagged = run_expectations.fn([], proposals, cpl, fir, tmp_path / "workdir", "graph-test")
    assert report.flags == {"E4": (STRANDS,)}
    assert {p.target.entry_id: p.review_flags for p in flagged} == {"E4": (STRANDS,), "E3": ()}
    assert report.suites[-2:] == ("graph", "route_changes")
    no_route = next(o for o in report.outcomes if o.description.startswith("graph: no route"))
    # after both proposals E4 is on E1 alone: E2 and E3 have no route to it
    assert no_route.failing_rows == ("E2", "E3")
