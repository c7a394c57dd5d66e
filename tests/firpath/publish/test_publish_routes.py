"""routes.csv, the graph checks before publishing and the report's route pictures, on the demo run."""

from __future__ import annotations

import csv
import io

import pytest

from firpath.domain import ReviewAction, UpgradePath
from firpath.publish import publish, publish_summary_lines, verify_publication
from tests.firpath.publish.publish_builders import FOUR_ENTRY_CPL, SmallRun, decider


def _routes(path) -> dict[str, tuple[str, str, str]]:  # noqa: ANN001
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    return {r["from_entry_id"]: (r["to_entry_id"], r["route"], r["status"]) for r in rows}


@pytest.mark.integration
def test_routes_csv_holds_every_entry_to_its_newest_release_after_the_approved_changes(demo_board, tmp_path):
    decide = decider(demo_board)
    # 1106 on 1104 or 1105; flagged (the cycle through 1105), so approved with a reason
    decide("1106", ReviewAction.APPROVE, "alice", reason="the cycle runs through 1105, which is not approved")
    decide("2204", ReviewAction.CORRECT, "alice", path=UpgradePath(("2203",)), reason="release note")
    decide("2204", ReviewAction.APPROVE, "bob")
    result = publish(demo_board, tmp_path / "out")

    routes = _routes(result.files.routes)
    assert set(routes) == set(demo_board.cpl)  # every CPL entry, once
    assert routes["1105"] == ("1106", "1106", "ok") and routes["1101"] == ("1106", "", "stranded")
    assert routes["2202"] == ("2204", "2203 > 2204", "ok")  # the FIR's 2203 <- 2202, then the approved change
    assert routes["4401"][2] == "unknown" and routes["2204"][2] == "up_to_date"
    assert verify_publication(result.out_dir) == []
    assert "routes.csv" in result.file_sha256

    html = result.files.report.read_text(encoding="utf-8")
    assert "<h2>Upgrade routes after these changes</h2>" in html
    assert html.count('aria-label="Routes of ') == 2  # the two devices the changes touch
    assert "graph: no route from the entry to the newest release of its device" in html
    assert "the path strands entries that could reach the newest release before" in html
    assert result.stranded_by_changes == ()
    lines = publish_summary_lines(result)
    assert any(line.startswith("Routes      routes.csv: ") and "stranded" in line for line in lines)
    assert not any(line.startswith("Warning") for line in lines)
    again = publish(demo_board, tmp_path / "again")  # the same decisions give the same bytes
    assert again.file_sha256 == result.file_sha256


@pytest.mark.unit
def test_an_approved_path_that_strands_entries_is_named_before_publishing(small_board_factory, tmp_path):
    fir = (("E1", "", "N/A", ""), ("E2", "", "E1", ""), ("E3", "", "E2", ""), ("E4", "", "E3", ""))
    board = small_board_factory(SmallRun(fir_rows=fir, cpl_rows=FOUR_ENTRY_CPL))
    decide = decider(board)
    decide("E4", ReviewAction.CORRECT, "alice", path=UpgradePath(("E1",)), reason="the release note says E1")
    decide("E4", ReviewAction.APPROVE, "bob")
    decide("E4", ReviewAction.APPROVE, "carol")
    result = publish(board, tmp_path / "out")
    assert result.stranded_by_changes == ("E4",)
    assert _routes(result.files.routes) == {"E1": ("E4", "E4", "ok"), "E2": ("E4", "", "stranded"),
                                            "E3": ("E4", "", "stranded"), "E4": ("E4", "", "up_to_date")}  # fmt: skip
    warning = next(line for line in publish_summary_lines(result) if line.startswith("Warning"))
    assert "the approved path of E4 strands entries" in warning
    html = result.files.report.read_text(encoding="utf-8")
    assert "<td>1 failing</td><td>E4</td>" in html
