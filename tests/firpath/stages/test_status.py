"""`firpath status`: per manufacturer, entries with a path, proposed, under review, approved, still missing."""

from __future__ import annotations

import pytest

from firpath.domain import UpgradePath
from firpath.stages.status import ManufacturerStatus, Progress, ProposalState, manufacturer_status, status_lines
from tests.builders import small_cpl

pytestmark = pytest.mark.unit

PATH = UpgradePath(("1101",))


def test_each_entry_counted_by_the_fir_and_its_proposal():
    fir = {"1101": UpgradePath(()), "1103": PATH, "1104": None, "2201": PATH}
    states = {
        "1103": ProposalState(Progress.PROPOSED, UpgradePath(("1101", "1102"))),  # changes a path the FIR holds
        "1104": ProposalState(Progress.UNDER_REVIEW, PATH),
        "1105": ProposalState(Progress.APPROVED, PATH),
        "1106": ProposalState(Progress.REJECTED, PATH),  # rejected: still missing
        "1112": ProposalState(Progress.PROPOSED, None, (PATH, UpgradePath(()))),  # a conflict
    }
    lines = manufacturer_status(small_cpl(), fir, states)
    assert lines == [
        # Acme: 8 entries; 1101 and 1103 have a path; 1111, 1106 and 1301 are still missing
        ManufacturerStatus(
            "10A7", "Acme Metering Ltd", entries=8, with_path=2, proposed=2, under_review=1, approved=1, missing=3
        ),
        ManufacturerStatus("20B1", "Bolt Meters Ltd", entries=3, with_path=1, missing=2),
        ManufacturerStatus("4D11", "Dynamo Comms Ltd", entries=3, missing=3),
    ]


def test_the_printed_table_has_a_total():
    lines = status_lines(manufacturer_status(small_cpl(), {"2201": PATH}, {}))
    assert lines == [
        "Manufacturer              entries  with a path  proposed  under review  approved  still missing",
        "Acme Metering Ltd (10A7)        8            0         0             0         0              8",
        "Bolt Meters Ltd (20B1)          3            1         0             0         0              2",
        "Dynamo Comms Ltd (4D11)         3            0         0             0         0              3",
        "Total                          14            1         0             0         0             13",
    ]
