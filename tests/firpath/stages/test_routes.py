from __future__ import annotations

import itertools
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firpath.domain import BLANK_PATH, CplEntry, UpgradePath
from firpath.stages.routes import (
    RouteChangeKind,
    RouteStatus,
    UpgradeRoutes,
    device_graph,
    is_active,
    newness,
    routes_to,
)
from tests.builders import cpl_entry

# One device: A1 < A2 < A3 < A4 < A5 (firmware), and one entry of the same model on other hardware.
A1, A2, A3, A4, A5 = (cpl_entry(f"A{i}", f"0{i}000000") for i in range(1, 6))
OTHER_HW = cpl_entry("B1", "01000000", hardware="0009")
DEVICE = (A1, A2, A3, A4, A5)


def paths(**values: str | None) -> dict[str, UpgradePath | None]:
    return {entry_id: UpgradePath.parse(text) for entry_id, text in values.items()}


def routes(entries=DEVICE, statuses: Mapping[str, str] | None = None, target: str | None = None, **fir: str | None):
    return routes_to(device_graph(entries, paths(**fir), statuses or {}), target)


@pytest.mark.unit
def test_a_chain_gives_every_entry_its_route_to_the_newest() -> None:
    found = routes(A2="A1", A3="A2", A4="A3", A5="A4")
    assert found["A1"].steps == ("A2", "A3", "A4", "A5") and found["A1"].status is RouteStatus.OK
    assert found["A1"].text == "A2 > A3 > A4 > A5" and found["A1"].installs == 4
    assert found["A4"].steps == ("A5",)
    assert found["A5"].status is RouteStatus.UP_TO_DATE and found["A5"].steps == ()
    assert {r.target for r in found.values()} == {A5}


@pytest.mark.unit
def test_fewest_installs_wins_over_a_longer_route() -> None:
    found = routes(A2="A1", A3="A2", A4="A3", A5="A4; A2")
    assert found["A1"].steps == ("A2", "A5")


@pytest.mark.unit
def test_equally_short_routes_go_through_the_newer_release() -> None:
    # A1 -> A2 -> A5 and A1 -> A3 -> A5 are both two installs: through A3, the newer
    found = routes(A2="A1", A3="A1", A5="A2; A3")
    assert found["A1"].steps == ("A3", "A5")


@pytest.mark.unit
def test_not_applicable_means_from_any_earlier_firmware_of_the_device() -> None:
    found = routes(A3="N/A", A5="A3")
    assert found["A1"].steps == ("A3", "A5") and found["A2"].steps == ("A3", "A5")
    assert found["A4"].status is RouteStatus.STRANDED  # N/A on A3 reaches back, never forward


@pytest.mark.unit
def test_a_blank_a_withdrawal_restores_is_no_path_data_never_n_a() -> None:
    """BLANK_PATH (the empty cell a withdrawn add restores, #17) has no Entry IDs, like N/A; it must
    route like a blank FIR cell, not like "from any earlier firmware"."""
    blank = {"A5": BLANK_PATH}
    found = routes_to(device_graph(DEVICE, {**paths(A3="N/A"), **blank}, {}))
    assert found["A1"].status is RouteStatus.STRANDED and found["A3"].status is RouteStatus.STRANDED
    model = UpgradeRoutes(DEVICE, paths(A3="N/A", A5="A3"))
    assert model.impact("A5", BLANK_PATH).after["A1"].status is RouteStatus.STRANDED
    only_blank = routes_to(device_graph(DEVICE, blank, {}))
    assert {r.status for r in only_blank.values()} == {RouteStatus.UNKNOWN, RouteStatus.UP_TO_DATE}


@pytest.mark.unit
def test_a_route_avoids_entries_that_are_not_active_while_another_exists() -> None:
    statuses = {"A3": "Withdrawn"}
    # through A3 is shorter, but A3 is withdrawn: the longer route through Active entries is taken
    found = routes(statuses=statuses, A2="A1", A3="A1", A4="A2", A5="A3; A4")
    assert found["A1"].steps == ("A2", "A4", "A5") and found["A1"].status is RouteStatus.OK


@pytest.mark.unit
def test_a_route_through_a_non_active_entry_says_so_when_there_is_no_other() -> None:
    found = routes(statuses={"A3": "Withdrawn"}, A3="A1", A5="A3")
    assert found["A1"].steps == ("A3", "A5") and found["A1"].status is RouteStatus.OK_VIA_NON_ACTIVE
    assert found["A3"].status is RouteStatus.OK  # a device running A3 may leave it
    assert found["A2"].status is RouteStatus.STRANDED


@pytest.mark.unit
def test_the_default_target_is_the_newest_active_entry() -> None:
    found = routes(statuses={"A5": "Withdrawn"}, A4="A3", A5="A4")
    assert {r.target for r in found.values()} == {A4}
    assert found["A3"].steps == ("A4",)
    assert found["A5"].status is RouteStatus.STRANDED  # newer than the target: no path leads back


@pytest.mark.unit
def test_a_device_with_no_path_data_is_unknown() -> None:
    found = routes()
    assert found["A5"].status is RouteStatus.UP_TO_DATE
    assert {found[e].status for e in ("A1", "A2", "A3", "A4")} == {RouteStatus.UNKNOWN}


@pytest.mark.unit
def test_bases_on_another_device_or_off_the_cpl_take_no_part() -> None:
    model = UpgradeRoutes((*DEVICE, OTHER_HW), paths(A5="B1; Z9", B1="N/A"))
    found = model.routes(A1.device)
    assert set(found) == {"A1", "A2", "A3", "A4", "A5"}
    assert found["A1"].status is RouteStatus.STRANDED  # A5 has a path, but none of its bases is of A's device


@pytest.mark.unit
def test_an_explicit_target_and_a_target_that_is_not_active() -> None:
    found = routes(statuses={"A3": "Withdrawn"}, target="A3", A2="A1", A3="A2")
    assert found["A1"].steps == ("A2", "A3") and found["A1"].status is RouteStatus.OK


@pytest.mark.unit
@pytest.mark.parametrize("status, active", [("Active", True), (" active ", True), ("", True), (None, True),
                                            ("Approved", True), ("Withdrawn", False), ("Removed", False)])  # fmt: skip
def test_only_active_or_unstated_status_counts_as_active(status: str | None, active: bool) -> None:
    assert is_active(status) is active


@pytest.mark.unit
def test_what_a_path_change_does_to_the_routes() -> None:
    model = UpgradeRoutes(DEVICE, paths(A2="A1", A3="A2", A4="A3", A5="A4"))
    shortcut = model.impact("A5", UpgradePath(("A2", "A4")))
    assert shortcut.shortened == ("A1", "A2")
    assert {c.entry.entry_id: c.by for c in shortcut.changes} == {"A1": 2, "A2": 2}  # A2 > A5; A2 (A3 > A4 > A5) to A5
    narrowing = model.impact("A5", UpgradePath(("A3",)))
    assert narrowing.stranded == ("A4",) and narrowing.of_kind(RouteChangeKind.REROUTES) == ()
    assert narrowing.after["A4"].status is RouteStatus.STRANDED


@pytest.mark.unit
def test_a_first_path_for_an_unknown_device_makes_entries_reach() -> None:
    model = UpgradeRoutes(DEVICE, {})
    impact = model.impact("A5", UpgradePath(("A4",)))
    assert impact.reached == ("A4",) and impact.stranded == ()
    assert impact.target == A5


@pytest.mark.unit
def test_entries_that_reach_nothing_before_or_after_have_no_route_change() -> None:
    model = UpgradeRoutes(DEVICE, {})  # unknown: no path data at all
    impact = model.impact("A2", UpgradePath(("A1",)))  # the device now has data, A5 is still out of reach
    assert impact.changes == ()


@pytest.mark.unit
def test_a_route_moving_onto_a_non_active_entry_is_a_reroute() -> None:
    model = UpgradeRoutes(DEVICE, paths(A3="A1", A4="A1", A5="A3"), {"A4": "Withdrawn"})
    impact = model.impact("A5", UpgradePath(("A4",)))
    assert impact.stranded == ("A3",) and impact.reached == ("A4",)
    (change,) = impact.of_kind(RouteChangeKind.REROUTES)
    assert change.entry == A1 and change.by == 0 and change.after.steps == ("A4", "A5")
    assert change.after.status is RouteStatus.OK_VIA_NON_ACTIVE


@pytest.mark.unit
def test_all_routes_cover_every_entry_once() -> None:
    model = UpgradeRoutes((*DEVICE, OTHER_HW), paths(A5="N/A"))
    found = list(model.all_routes())
    assert sorted(r.source.entry_id for r in found) == ["A1", "A2", "A3", "A4", "A5", "B1"]
    assert next(r for r in found if r.source == OTHER_HW).status is RouteStatus.UP_TO_DATE


# --- against brute force on random small graphs ------------------------------------------------------

STATUSES = st.sampled_from(["Active", "Active", "", "Withdrawn"])


@st.composite
def small_devices(draw: st.DrawFn) -> tuple[list[CplEntry], dict[str, UpgradePath | None], dict[str, str]]:
    """Up to 7 entries of one device (firmware values may repeat), each with a random FIR path:
    blank, N/A, or any set of Entry IDs (older, newer, itself, another device's, not on the CPL)."""
    n = draw(st.integers(1, 7))
    values = draw(st.lists(st.integers(1, 6), min_size=n, max_size=n))
    entries = [cpl_entry(f"E{i}", f"{v:08X}") for i, v in enumerate(values)]
    ids = [e.entry_id for e in entries] + ["B1", "Z9"]
    fir: dict[str, UpgradePath | None] = {}
    for entry in entries:
        kind = draw(st.sampled_from(["blank", "na", "bases", "bases"]))
        if kind == "na":
            fir[entry.entry_id] = UpgradePath(())
        elif kind == "bases":
            fir[entry.entry_id] = UpgradePath(tuple(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4))))
    statuses = {e.entry_id: draw(STATUSES) for e in entries}
    return entries, fir, statuses


def brute_force_route(
    entries: list[CplEntry],
    fir: Mapping[str, UpgradePath | None],
    statuses: Mapping[str, str],
    source: str,
    target: str,
) -> tuple[tuple[str, ...], bool] | None:
    """The best route by trying every sequence of distinct entries: (steps, through a non-Active entry)."""
    by_id = {e.entry_id: e for e in entries}

    def may_install(base: str, entry: str) -> bool:
        path = fir.get(entry)
        if path is None or base == entry:
            return False
        if not path.entry_ids:
            return by_id[base].firmware_version < by_id[entry].firmware_version
        return base in path.entry_ids

    def inactive(entry_id: str) -> bool:
        return statuses.get(entry_id, "").strip().lower() not in ("", "active", "approved")

    others = [e for e in by_id if e not in (source, target)]
    candidates = []
    for size in range(len(others) + 1):
        for middle in itertools.permutations(others, size):
            walk = (source, *middle, target)
            if all(may_install(a, b) for a, b in itertools.pairwise(walk)):
                candidates.append((any(inactive(e) for e in middle), walk[1:]))
    if not candidates:
        return None
    fewest = min((via, len(steps)) for via, steps in candidates)
    shortest = [steps for via, steps in candidates if (via, len(steps)) == fewest]
    best = max(shortest, key=lambda steps: [newness(by_id[e]) for e in steps])
    return best, fewest[0]


@pytest.mark.unit
@settings(max_examples=300, deadline=None)
@given(small_devices(), st.data())
def test_routes_match_brute_force(device: tuple, data: st.DataObject) -> None:
    entries, fir, statuses = device
    graph = device_graph(entries, fir, statuses)
    target_id = data.draw(st.sampled_from([None, *(e.entry_id for e in entries)]), label="target")
    found = routes_to(graph, target_id)
    target = found[entries[0].entry_id].target
    assert target_id is None or target.entry_id == target_id
    if target_id is None:  # the newest Active entry, or the newest of all when none is Active
        active = [e for e in entries if is_active(statuses.get(e.entry_id))]
        assert target == max(active or entries, key=newness)
    for entry in entries:
        route = found[entry.entry_id]
        if entry == target:
            assert route.status is RouteStatus.UP_TO_DATE and route.steps == ()
            continue
        if all(fir.get(e.entry_id) is None for e in entries):
            assert route.status is RouteStatus.UNKNOWN
            continue
        expected = brute_force_route(entries, fir, statuses, entry.entry_id, target.entry_id)
        if expected is None:  # stranded exactly when no route exists
            assert route.status is RouteStatus.STRANDED and route.steps == ()
        else:
            steps, via_non_active = expected
            assert route.steps == steps  # fewest installs, then through newer releases
            assert route.status is (RouteStatus.OK_VIA_NON_ACTIVE if via_non_active else RouteStatus.OK)
