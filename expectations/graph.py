"""The upgrade-path graph a set of proposals would leave behind, and the edges that lie on a cycle.

An edge `T -> B` reads "B must be installed before T". Applying the proposals replaces the FIR path
of every proposed entry with its alternatives' bases (all of them: while a conflict is open any
alternative may be chosen, so a cycle through any of them needs review); every other entry keeps
its current FIR path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from firpath.domain import ProposedChange, UpgradePath

Graph = Mapping[str, frozenset[str]]


def upgrade_graph(
    proposals: Iterable[ProposedChange], fir_paths: Mapping[str, UpgradePath | None]
) -> dict[str, frozenset[str]]:
    """Entry id -> the entry ids it must be installed on top of, once the proposals are applied."""
    graph: dict[str, frozenset[str]] = {}
    for proposal in proposals:
        bases = {b for alt in proposal.alternatives for b in alt.path.entry_ids}
        graph[proposal.target.entry_id] = graph.get(proposal.target.entry_id, frozenset()) | bases
    for entry_id, path in fir_paths.items():
        if entry_id not in graph and path is not None:
            graph[entry_id] = frozenset(path.entry_ids)
    return graph


def strongly_connected_components(graph: Graph) -> dict[str, int]:
    """Node -> the index of its strongly connected component (iterative Tarjan, no recursion limit)."""
    nodes = sorted(set(graph) | {b for bases in graph.values() for b in bases})
    successors = {n: sorted(graph.get(n, ())) for n in nodes}
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component: dict[str, int] = {}
    counter = 0
    labels = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = lowlink[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            succ = successors[node]
            if child < len(succ):
                work.append((node, child + 1))
                nxt = succ[child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    lowlink[node] = min(lowlink[node], index[nxt])
                continue
            if lowlink[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = labels
                    if member == node:
                        break
                labels += 1
            if work:
                parent = work[-1][0]
                lowlink[parent] = min(lowlink[parent], lowlink[node])
    return component


def cyclic_edges(graph: Graph) -> frozenset[tuple[str, str]]:
    """The edges `(target, base)` that lie on a cycle through two or more entries.

    A self-loop (an entry listed as its own base) is left out: it is its own finding.
    """
    component = strongly_connected_components(graph)
    return frozenset(
        (target, base)
        for target, bases in graph.items()
        for base in bases
        if target != base and component[target] == component[base]
    )
