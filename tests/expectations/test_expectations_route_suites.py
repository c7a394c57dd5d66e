"""The graph and route_changes suites, run by the same runner as the others (validate, validate_graph)."""

from __future__ import annotations

import pytest

from expectations.report import validation_html
from expectations.route_frames import EntryGraphCheck, GraphChecks, PathChangeCheck, change_frame, graph_frame
from expectations.runner import validate, validate_graph
from tests.expectations.expectation_builders import CPL, E1, E2, E3, proposal

NO_ROUTE = "graph: no route from the entry to the newest release of its device"
NOTHING_TO_INSTALL_ON = "graph: nothing to install the entry on (not the first release, not N/A, no base of its device)"
CYCLE = "graph: the entry lies on a cycle of upgrade paths"
STRANDS = "the path strands entries that could reach the newest release before"


def entry(entry_id: str, **faults: bool) -> EntryGraphCheck:
    facts = {"in_cycle": False, "base_on_other_device": False, "base_not_older": False, "reaches_newest": True,
             "installable": True, **faults}  # fmt: skip
    return EntryGraphCheck(entry_id, "0A0B/0001/HW 0001", "01000000", "N/A", "E3", **facts)


def change(entry_id: str, stranded: tuple[str, ...] = ()) -> PathChangeCheck:
    return PathChangeCheck(entry_id, "E1", stranded, (), ())


@pytest.mark.unit
def test_a_sound_graph_passes_and_the_frames_keep_their_columns_when_empty() -> None:
    report = validate_graph(GraphChecks((entry("E1"), entry("E2")), (change("E2"),)))
    assert report.success and report.suites == ("graph", "route_changes")
    assert len(graph_frame([])) == 0 and list(change_frame([])) == [
        "cpl_entry_id",
        "path",
        "strands",
        "stranded_entries",
        "reaches",
        "shortens",
    ]


@pytest.mark.unit
def test_graph_faults_are_reported_by_entry_but_flag_no_proposal() -> None:
    checks = GraphChecks((entry("E1", reaches_newest=False), entry("E2", installable=False, in_cycle=True)))
    report = validate_graph(checks)
    failures = {o.description: o.failing_rows for o in report.failures}
    assert failures == {NO_ROUTE: ("E1",), NOTHING_TO_INSTALL_ON: ("E2",), CYCLE: ("E2",)}
    assert report.flags == {}
    html = validation_html(report, "run x")
    assert NO_ROUTE in html and "<code>E1</code>" in html


@pytest.mark.unit
def test_a_path_that_strands_entries_flags_its_proposal() -> None:
    checks = GraphChecks((entry("E1"),), (change("E3", stranded=("E1", "E2")), change("E2")))
    report = validate([], [proposal(E2, [E1]), proposal(E3, [E1])], CPL, {}, graph=checks)
    assert report.flags == {"E3": (STRANDS,)}
    assert report.suites == ("claims", "edges", "proposals", "graph", "route_changes")
    outcome = next(o for o in report.outcomes if o.description == STRANDS)
    assert outcome.failing_rows == ("E3",) and outcome.element_count == 2
