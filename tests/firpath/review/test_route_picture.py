from __future__ import annotations

import re

import pytest

from firpath.domain import UpgradePath
from firpath.review.route_picture import route_picture_svg
from firpath.stages.routes import UpgradeRoutes
from tests.builders import cpl_entry

pytestmark = pytest.mark.unit

A1, A2, A3, A4 = (cpl_entry(f"A{i}", f"0{i}000000") for i in range(1, 5))


def test_each_entry_s_first_install_is_an_arc_and_the_statuses_show() -> None:
    statuses = {"A3": "Withdrawn"}
    fir = {"A3": UpgradePath(("A1",)), "A4": UpgradePath(("A3",))}
    routes = UpgradeRoutes((A1, A2, A3, A4), fir, statuses).routes(A1.device)
    svg = route_picture_svg(routes, statuses)
    arcs = re.findall(r"<path d=\"M[^\"]+\" fill=\"none\" stroke=\"(#\w+)\"", svg)
    assert sorted(arcs) == ["#8250df", "#bc4c00"]  # A3 leaves on its own route; A1 only through withdrawn A3
    assert "from A1: A3 &gt; A4 (2 installs, ok_via_non_active)" in svg
    assert 'stroke="#cf222e"' in svg and "A2 02000000: stranded" in svg  # red: no route
    assert 'stroke-dasharray="5 3"' in svg and "1 install, not Active" in svg
    assert "Routes of AM-E200 (10A7/0101/HW 0002) to A4 (04000000)" in svg
    assert svg == route_picture_svg(dict(routes), statuses)  # the same routes, the same bytes
