"""The routes section in headless Chromium: the route picker redraws the picture; the queue sorts by
what a path changes. FIRPATH_UPDATE_SCREENSHOT=1 refreshes the README's docs/routes.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.firpath.review.web.test_web_browser import _save_small_png, _sign_in, browser_page, served_app  # noqa: F401

pytestmark = pytest.mark.browser

README_PICTURE = Path(__file__).resolve().parents[4] / "docs" / "routes.png"


def test_routes_on_a_proposal_and_in_the_queue(browser_page, tmp_path):  # noqa: F811 (the imported fixture)
    page, base, errors = browser_page
    _sign_in(page, base, "alice")
    page.select_option("select[name=sort]", "devices")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("table.queue tbody tr").first.get_attribute("data-href") == "/proposal/1106"

    page.goto(f"{base}/proposal/1106")
    routes = page.locator("section.routes")
    assert "makes reachable 2 entries: 1104 (01020005), 1105 (01020007)" in routes.inner_text()
    assert page.locator("div.graph svg path title", has_text="route, install 1: 1106 on 1104").count() == 1
    page.select_option("form.route-pick select", "1105")
    page.click("form.route-pick button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/proposal/1106?route_from=1105#routes")
    assert page.locator("div.graph svg path title", has_text="route, install 1: 1106 on 1105").count() == 1

    # the conflict of 2204 set to 2203: 2202 reaches 2204 through 2203 (the FIR has 2203 on 2202)
    page.goto(f"{base}/proposal/2204")
    page.check("#correct-form input[name=base][value='2203']")
    page.fill("#correct-reason", "The release note requires the intermediate release 2.1.5 (02010005).")
    page.click("#correct-form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{base}/proposal/2204?route_from=2202#routes")
    routes = page.locator("section.routes")
    assert "makes reachable 2 entries: 2202 (02010003), 2203 (02010005)" in routes.inner_text()
    assert "the route from 2202, 2203 > 2204 (2 installs, ok)" in routes.inner_text()
    page.evaluate("window.scrollTo(0, 0)")  # bounding boxes are then page coordinates, as full_page clips take them
    graph = page.locator("div.graph").bounding_box()
    box = routes.bounding_box()
    assert graph is not None and box is not None
    clip = {"x": box["x"] - 8, "y": box["y"] - 8, "width": max(box["width"], graph["width"]) + 16,
            "height": graph["y"] + graph["height"] - box["y"] + 16}  # fmt: skip
    picture = README_PICTURE if os.environ.get("FIRPATH_UPDATE_SCREENSHOT") == "1" else tmp_path / "routes.png"
    _save_small_png(page.screenshot(clip=clip, full_page=True), picture)
    assert picture.stat().st_size < 200_000
    assert errors == []
