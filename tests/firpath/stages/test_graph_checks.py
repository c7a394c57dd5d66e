from __future__ import annotations

import pytest

from firpath.domain import BLANK_PATH, UpgradePath
from firpath.stages.graph_checks import graph_checks
from tests.builders import cpl_entry

A1, A2, A3, A4 = (cpl_entry(f"A{i}", f"0{i}000000") for i in range(1, 5))
B1, B2 = (cpl_entry(f"B{i}", f"0{i}000000", model_id="0999") for i in range(1, 3))
C1, C2 = (cpl_entry(f"C{i}", f"0{i}000000", model_id="0777") for i in range(1, 3))  # no path data at all
CPL = (A1, A2, A3, A4, B1, B2, C1, C2)


def fir(**values: str) -> dict[str, UpgradePath | None]:
    return {entry_id: UpgradePath.parse(text) for entry_id, text in values.items()}


def by_entry(checks) -> dict:  # noqa: ANN001
    return {c.cpl_entry_id: c for c in checks.entries}


@pytest.mark.unit
def test_a_sound_chain_passes_every_entry_check() -> None:
    checks = graph_checks(CPL, fir(A1="N/A", A2="A1", A3="A2", A4="A3", B2="B1"), {}, {})
    assert set(by_entry(checks)) == {"A1", "A2", "A3", "A4", "B1", "B2"}  # C has no path data: not judged
    for check in checks.entries:
        assert check.reaches_newest and check.installable and not check.in_cycle
        assert not check.base_on_other_device and not check.base_not_older
    assert by_entry(checks)["A2"].newest == "A4" and by_entry(checks)["A2"].path == "A1"


@pytest.mark.unit
def test_each_graph_fault_is_named_on_its_entry() -> None:
    paths = fir(A2="A3", A3="A2", A4="B1")  # A2 <-> A3 a cycle (A2's base is newer); A4 on B's device
    entries = by_entry(graph_checks(CPL, paths, {}, {}))
    assert entries["A2"].in_cycle and entries["A3"].in_cycle and not entries["A4"].in_cycle
    assert entries["A2"].base_not_older and not entries["A3"].base_not_older
    assert entries["A4"].base_on_other_device
    assert not entries["A4"].installable  # its only base is another device's
    assert entries["A1"].installable  # the first release
    assert {e for e, c in entries.items() if not c.reaches_newest and e.startswith("A")} == {"A1", "A2", "A3"}


@pytest.mark.unit
def test_a_change_is_judged_against_the_fir_and_the_graph_after_holds_it() -> None:
    paths = fir(A2="A1", A3="A2", A4="A3")
    checks = graph_checks(CPL, paths, {}, {"A4": [UpgradePath(("A2",))], "A3": [UpgradePath(("A1",))]})
    changes = {c.cpl_entry_id: c for c in checks.changes}
    assert changes["A4"].stranded == ("A3",) and changes["A4"].shortened == ("A1", "A2")
    assert changes["A3"].stranded == ("A2",) and changes["A3"].shortened == ("A1",)  # A3 no longer on A2
    entries = by_entry(checks)
    assert entries["A4"].path == "A2" and not entries["A3"].reaches_newest  # both changes applied


@pytest.mark.unit
def test_a_conflict_is_judged_by_every_alternative_and_leaves_the_fir_value_in_the_graph() -> None:
    paths = fir(A2="A1", A3="A2", A4="A3")
    checks = graph_checks(CPL, paths, {}, {"A4": [UpgradePath(("A3",)), UpgradePath(("A1",))]})
    assert checks.changes[0].stranded == ("A2", "A3") and checks.changes[0].path == "A3 | A1"
    assert by_entry(checks)["A4"].path == "A3"


@pytest.mark.unit
def test_an_approved_withdrawal_back_to_a_blank_is_judged_as_a_blank_cell() -> None:
    """A withdrawal restores an empty cell (BLANK_PATH): in the graph after it the entry has no path,
    so it is not installable, where an N/A would have made it installable on anything older."""
    paths = fir(A1="N/A", A2="A1", A3="A2")
    entries = by_entry(graph_checks(CPL, paths, {}, {"A4": [BLANK_PATH]}))
    assert entries["A4"].path is None and not entries["A4"].installable
    assert not entries["A1"].reaches_newest  # nothing leads to A4 any more
