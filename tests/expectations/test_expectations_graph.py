from __future__ import annotations

import pytest

from expectations.graph import cyclic_edges, strongly_connected_components, upgrade_graph
from firpath.domain import UpgradePath
from tests.expectations.expectation_builders import E1, E2, E3, proposal


@pytest.mark.unit
def test_a_chain_has_no_cyclic_edge() -> None:
    assert cyclic_edges({"E3": frozenset({"E2"}), "E2": frozenset({"E1"})}) == frozenset()


@pytest.mark.unit
def test_every_edge_of_a_cycle_is_cyclic_and_a_tail_into_it_is_not() -> None:
    graph = {"A": frozenset({"B"}), "B": frozenset({"C"}), "C": frozenset({"A"}), "D": frozenset({"A"})}
    assert cyclic_edges(graph) == {("A", "B"), ("B", "C"), ("C", "A")}


@pytest.mark.unit
def test_a_self_loop_is_not_reported_as_a_cycle() -> None:
    assert cyclic_edges({"A": frozenset({"A", "B"})}) == frozenset()


@pytest.mark.unit
def test_components_of_a_long_chain_need_no_recursion() -> None:
    n = 20_000
    graph = {f"N{i}": frozenset({f"N{i + 1}"}) for i in range(n)}
    graph[f"N{n}"] = frozenset({"N0"})
    component = strongly_connected_components(graph)
    assert len(set(component.values())) == 1
    assert len(cyclic_edges(graph)) == n + 1


@pytest.mark.unit
def test_proposals_replace_the_fir_path_of_their_entry_and_other_entries_keep_theirs() -> None:
    graph = upgrade_graph(
        [proposal(E2, [E1]), proposal(E3, [E1], [E2])],
        {"E2": UpgradePath(("E3",)), "E9": UpgradePath(("E8",)), "E7": None, "E6": UpgradePath(())},
    )
    assert graph == {
        "E2": {"E1"},
        "E3": {"E1", "E2"},  # every alternative of a conflict
        "E9": {"E8"},
        "E6": frozenset(),
    }
