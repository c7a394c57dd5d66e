"""firpath.stages.cpl_status: each entry's CPL status, as the export's Status column writes it."""

from __future__ import annotations

import pytest

from extractors.registers import cpl_from_bytes
from firpath.stages.cpl_status import cpl_statuses

pytestmark = pytest.mark.unit


def test_statuses_come_with_the_entries() -> None:
    data = (
        b"CPL Entry ID,Manufacturer ID,Model ID,HW Version,Firmware Version,Status\n"
        b"1101,10A7,0101,0002,01000005,Active\n1102,10A7,0101,0002,01010003,Withdrawn\n1103,10A7,0101,0002,01020000,\n"
    )
    assert cpl_statuses(cpl_from_bytes("cpl.csv", data)) == {"1101": "Active", "1102": "Withdrawn", "1103": ""}


def test_an_export_without_a_status_column_gives_blank_statuses() -> None:
    data = b"CPL Entry ID,Manufacturer ID,Model ID,HW Version,Firmware Version\n1101,10A7,0101,0002,01000005\n"
    assert cpl_statuses(cpl_from_bytes("cpl.csv", data)) == {"1101": ""}
