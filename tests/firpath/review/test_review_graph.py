"""The upgrade graph picture on hand-built entries: what it draws for a change and for a conflict."""

from __future__ import annotations

import re

import pytest

from firpath.domain import UpgradePath
from firpath.review.graph import Candidate, upgrade_graph_svg
from tests.builders import cpl_entry

pytestmark = pytest.mark.unit

CPL = {e.entry_id: e for e in (cpl_entry("2201", "02000000"), cpl_entry("2202", "02010003"),
                               cpl_entry("2203", "02010005"), cpl_entry("2204", "02020000"))}  # fmt: skip


def _arcs(svg: str) -> dict[str, str]:
    """Each arc's title -> its stroke colour."""
    return {title: colour for colour, title in re.findall(r'<path d="[^"]+" fill="none" stroke="(#[0-9a-f]{6})"[^>]*><title>([^<]+)</title>', svg)}


def test_a_conflict_draws_every_candidate_base_edge_in_the_colour_of_its_sources():
    """#14.11: the graph of a conflict drew no candidate edge (and its FIR value's bases as dropped)."""
    candidates = (Candidate(UpgradePath(("2201",)), "alternative 1, from MAP/Northern MAP firmware paths.xlsx"),
                  Candidate(UpgradePath(("2202", "2203")), "alternative 2, from Bolt G2 release notes.pdf"))  # fmt: skip
    svg = upgrade_graph_svg(CPL["2204"], CPL, {"2204": UpgradePath(("2202",))}, None, candidates=candidates)
    arcs = _arcs(svg)
    first = arcs["2204 requires base 2201 (alternative 1, from MAP/Northern MAP firmware paths.xlsx)"]
    second = {arcs[f"2204 requires base {b} (alternative 2, from Bolt G2 release notes.pdf)"] for b in ("2202", "2203")}
    assert len(second) == 1 and first not in second  # one colour a source, two sources two colours
    assert arcs["2204 requires base 2202 (kept)"]  # the FIR value stands while nothing is chosen
    assert not any("(removed)" in title or "(added)" in title for title in arcs)
    for label in ("alternative 1, from MAP/Northern MAP firmware paths.xlsx", "alternative 2, from Bolt G2 release notes.pdf"):
        assert f">{label}</text>" in svg  # the legend names each source beside its colour


def test_a_change_draws_the_bases_it_adds_and_drops():
    svg = upgrade_graph_svg(CPL["2204"], CPL, {"2204": UpgradePath(("2202",))}, UpgradePath(("2203",)))
    assert set(_arcs(svg)) == {"2204 requires base 2202 (removed)", "2204 requires base 2203 (added)"}
    assert upgrade_graph_svg(CPL["2204"], CPL, {}, UpgradePath(("2203",))) == upgrade_graph_svg(
        CPL["2204"], CPL, {}, UpgradePath(("2203",)))  # byte-identical for the same input  # fmt: skip
