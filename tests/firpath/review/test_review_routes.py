from __future__ import annotations

import pytest

from firpath.domain import UpgradePath
from firpath.review.routes import devices_affected, impact_lines
from firpath.stages.estate import Estate
from firpath.stages.routes import RouteChangeKind, UpgradeRoutes
from tests.builders import cpl_entry

pytestmark = pytest.mark.unit

A1, A2, A3, A4 = (cpl_entry(f"A{i}", f"0{i}00000A") for i in range(1, 5))
FIR = {"A2": UpgradePath(("A1",)), "A3": UpgradePath(("A2",)), "A4": UpgradePath(("A3",))}


def test_lines_say_what_the_path_shortens_and_strands_in_the_reviewers_words() -> None:
    impact = UpgradeRoutes((A1, A2, A3, A4), FIR).impact("A4", UpgradePath(("A1",)))
    lines = impact_lines(impact)
    assert [line.kind for line in lines] == [RouteChangeKind.STRANDS, RouteChangeKind.SHORTENS]
    assert lines[0].text == ("strands 2 entries: A2 (0200000A), A3 (0300000A) "
                             "(could reach A4 (0400000A) before and cannot now)")  # fmt: skip
    assert lines[1].text == "shortens the route from 0100000A (A1) by 2 installs: A4"
    assert lines[0].entries == ("A2", "A3") and lines[0].devices is None


def test_an_estate_counts_the_devices_on_the_entries_a_line_is_about() -> None:
    impact = UpgradeRoutes((A1, A2, A3, A4), FIR).impact("A4", UpgradePath(("A1",)))
    estate = Estate({"A1": 100, "A2": 20, "A3": 3, "A4": 5000}, ())
    assert [line.devices for line in impact_lines(impact, estate)] == [23, 100]
    assert devices_affected(impact, estate) == 123 and devices_affected(impact) == 3


def test_a_path_that_changes_no_route_says_nothing() -> None:
    impact = UpgradeRoutes((A1, A2, A3, A4), FIR).impact("A3", UpgradePath(("A2",)))
    assert impact_lines(impact) == [] and devices_affected(impact) == 0
