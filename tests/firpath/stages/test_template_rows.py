"""Which entries a template lists and what each row offers: only earlier firmware of the same device."""

from __future__ import annotations

import pytest

from extractors.spreadsheet.template import MAX_BASE_COLUMNS
from firpath.domain import UpgradePath
from firpath.stages.status import Progress, ProposalState
from firpath.stages.template_rows import ScopeError, entries_in_scope
from tests.builders import cpl_entry, small_cpl
from tests.template_builders import spec_for

pytestmark = pytest.mark.unit


def _rows(spec):
    return {row.value("entry_id"): row for row in spec.rows}


@pytest.mark.parametrize(
    "stated", ["10A7", "10a7", "0x10A7", "Acme Metering Ltd", "ACME metering", "Acme Metering Ltd."]
)
def test_a_manufacturer_by_identifier_or_exact_name(stated):
    entries = entries_in_scope(small_cpl(), [stated])
    assert [e.entry_id for e in entries] == ["1111", "1112", "1101", "1103", "1104", "1105", "1106", "1301"]


def test_several_manufacturers_and_models_for_a_maps_devices():
    entries = entries_in_scope(small_cpl(), ["10A7", "Bolt Meters Ltd"], ["AM-E200", "0203"])
    assert {e.entry_id for e in entries} == {"1111", "1112", "1101", "1103", "1104", "1105", "1106", "2201", "2202"}


def test_an_unknown_manufacturer_or_model_names_what_the_cpl_has():
    with pytest.raises(
        ScopeError, match=r"'Acme Power' is not on the CPL .* it lists Acme Metering Ltd \(10A7\), Bolt"
    ):
        entries_in_scope(small_cpl(), ["Acme Power"])
    with pytest.raises(
        ScopeError, match=r"model '0999' is not a model of 10A7 on the CPL; it lists AM-E200 \(0101\), Hub-1"
    ):
        entries_in_scope(small_cpl(), ["10A7"], ["0999"])


def test_a_name_shared_by_two_identifiers_needs_the_identifier():
    cpl = [cpl_entry("1", "01000000"), cpl_entry("2", "01000000", manufacturer_id="10A8")]
    with pytest.raises(ScopeError, match=r"several manufacturer identifiers \(10A7, 10A8\): give the identifier"):
        entries_in_scope(cpl, ["Acme Metering Ltd"])


def test_choices_are_the_earlier_firmware_of_the_same_model_and_hardware_newest_first():
    rows = _rows(spec_for())
    assert rows["1101"].choices == ("N/A",)
    assert rows["1106"].choices == ("N/A", "01020007", "01020005", "01020000", "01000005")
    assert rows["1106"].choice_entry_ids == ("N/A", "1105", "1104", "1103", "1101")
    # the same firmware numbers on the other hardware version are not offered
    assert rows["1112"].choices == ("N/A", "01020005")
    assert rows["1301"].choices == ("N/A",)  # another model: nothing of AM-E200


def test_a_version_listed_twice_is_offered_once_with_both_entries():
    cpl = [cpl_entry("A", "01000000"), cpl_entry("B", "01000000"), cpl_entry("C", "01000001")]
    (row,) = [r for r in spec_for(cpl).rows if r.value("entry_id") == "C"]
    assert (row.choices, row.choice_entry_ids) == (("N/A", "01000000"), ("N/A", "A/B"))


def test_the_identity_columns_and_what_is_current_and_under_review():
    fir = {"1104": UpgradePath(("1103",)), "1105": UpgradePath(()), "1103": UpgradePath(("2201",))}
    states = {
        "1106": ProposalState(Progress.PROPOSED, UpgradePath(("1104", "1105"))),
        "1104": ProposalState(Progress.UNDER_REVIEW, None, (UpgradePath(("1101",)), UpgradePath(("1103",)))),
        "1101": ProposalState(Progress.REJECTED, UpgradePath(())),
    }
    rows = _rows(spec_for(fir=fir, states=states))
    assert rows["1104"].locked == (
        "1104", "ESME", "10A7", "Acme Metering Ltd", "0101", "AM-E200", "0002", "01020005", "1103 (01020000)",
        "under review: sources conflict: 1101 (01000005) | 1103 (01020000)",
    )  # fmt: skip
    assert rows["1106"].value("under_review") == "proposed: 1104 (01020005); 1105 (01020007)"
    assert rows["1105"].value("current_path") == "N/A"
    assert rows["1103"].value("current_path") == "2201 (02010001)"
    assert rows["1101"].value("under_review") == ""  # rejected: nothing under review


def test_no_change_is_offered_only_for_a_path_of_earlier_firmware_of_the_same_device():
    fir = {"1104": UpgradePath(("1103",)), "1106": UpgradePath(("1101", "1104")), "1105": UpgradePath(()),
           "1103": UpgradePath(("2201",)), "1112": UpgradePath(("1106",)), "1101": None}  # fmt: skip
    rows = _rows(spec_for(fir=fir))
    assert rows["1104"].keep == "01020000"
    assert rows["1106"].keep == "01000005; 01020005"
    assert rows["1105"].keep == "N/A"
    assert rows["1103"].keep == ""  # another manufacturer's entry: not restated as this device's firmware
    assert rows["1112"].keep == ""  # another hardware version
    assert rows["1101"].keep == ""  # blank: nothing to keep


def test_only_missing_keeps_the_entries_with_a_blank_fir_path():
    fir = {"1104": UpgradePath(("1103",)), "1105": UpgradePath(()), "1106": None}
    spec = spec_for(fir=fir, only_missing=True)
    assert [r.value("entry_id") for r in spec.rows] == ["1111", "1112", "1101", "1103", "1106", "1301"]
    assert _rows(spec)["1106"].choices[1:3] == ("01020007", "01020005")  # still offered as bases


def test_base_columns_as_many_as_the_longest_history_needs_within_the_cap():
    assert spec_for().base_columns == 4  # 1106 has four earlier versions
    assert spec_for(small_cpl(), manufacturers=["Dynamo Comms Ltd"]).base_columns == 2
    long = [cpl_entry(f"L{i}", f"0100{i:04X}") for i in range(MAX_BASE_COLUMNS + 5)]
    assert spec_for(long).base_columns == MAX_BASE_COLUMNS
