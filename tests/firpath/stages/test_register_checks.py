"""The FIR export checked against the CPL export (#15.11): an Entry ID the CPL does not have, as a FIR
row or inside a FIR path, is listed and flags the proposals it touches."""

from __future__ import annotations

import pytest

from firpath.domain import UpgradePath
from firpath.stages.register_checks import fir_against_cpl
from tests.builders import cpl_entry, proposal

pytestmark = pytest.mark.unit

CPL = [cpl_entry("1101", "01000005"), cpl_entry("1103", "01020000"), cpl_entry("1104", "01020005")]


def test_a_sound_fir_has_no_findings():
    check = fir_against_cpl(CPL, {"1101": UpgradePath(()), "1103": UpgradePath(("1101",)), "1104": None})
    assert check.findings() == [] and check.flags([proposal(CPL[2], [CPL[1]])]) == {}


def test_unknown_entry_ids_in_fir_rows_and_paths_are_listed_and_flag_the_proposals_they_touch():
    fir = {
        "1101": UpgradePath(()),
        "9999": UpgradePath(("1101",)),  # a row for an entry the CPL does not have
        "1103": UpgradePath(("1101", "0815")),  # a path naming one
        "1104": UpgradePath(("1103",)),
    }
    check = fir_against_cpl(CPL, fir)
    assert check.unknown_rows == ("9999",)
    assert check.unknown_in_paths == {"1103": ("0815",)}
    assert check.findings() == [
        "FIR row for CPL Entry ID 9999: not on the CPL",
        "FIR path of 1103 names 0815: not on the CPL",
    ]
    flags = check.flags([proposal(CPL[1], [CPL[0]], current=fir["1103"]), proposal(CPL[2], [CPL[1]], current=fir["1104"])])
    assert flags == {"1103": ("its current FIR path names 0815, which is not on the CPL",)}
