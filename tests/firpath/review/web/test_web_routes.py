"""The routes on a proposal's page and in the queue, on the demo run (FIR: 1102 and 1103 on 1101)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from firpath.demo.builders import csv_bytes
from firpath.review.web.settings import ReviewAppSettings

pytestmark = pytest.mark.unit


def _queue_order(html: str) -> list[str]:
    return re.findall(r'<td><a href="/proposal/([^"]+)">', html)


def test_a_proposal_page_says_what_its_path_does_to_the_routes_and_highlights_one(reviewer_client) -> None:
    reviewer_client.sign_in("alice")
    page = reviewer_client.get("/proposal/1106").text
    assert "Routes to the newest release, 1106 (01030001)" in page
    assert "makes reachable 2 entries: 1104 (01020005), 1105 (01020007)" in page
    assert "route, install 1: 1106 on 1104" in page  # the first entry it is about, drawn in the picture
    other = reviewer_client.get("/proposal/1106?route_from=1105").text
    assert "route, install 1: 1106 on 1105" in other and "route, install 1: 1106 on 1104" not in other
    quiet = reviewer_client.get("/proposal/1104").text  # 1106 has no path in the FIR: nothing reaches it either way
    assert "changes no route to the newest release" in quiet and "route, install" not in quiet


def test_an_open_conflict_shows_each_alternatives_routes(reviewer_client) -> None:
    reviewer_client.sign_in("alice")
    page = reviewer_client.get("/proposal/2204").text
    assert "Alternative 1:" in page and "Alternative 2:" in page
    assert "makes reachable 2 entries: 2202 (02010003), 2203 (02010005)" in page  # 2203 is on 2202 in the FIR
    assert "makes reachable 1 entry: 2201 (02010001)" in page


def test_the_queue_sorts_by_entries_affected_and_keeps_cpl_order_otherwise(reviewer_client) -> None:
    reviewer_client.sign_in("alice")
    plain = _queue_order(reviewer_client.get("/").text)
    ranked = _queue_order(reviewer_client.get("/?sort=devices").text)
    assert sorted(plain) == sorted(ranked) and plain != ranked
    assert ranked[:4] == ["1106", "2204", "3303", "1112"]  # 2, 2, 2 and 1 entries; CPL order among equals
    assert "Entries affected" in reviewer_client.get("/").text


def test_with_an_estate_the_page_and_the_queue_count_devices(app_with, client_of, tmp_path: Path) -> None:
    estate = tmp_path / "estate.csv"
    estate.write_bytes(csv_bytes([("Mfr ID", "Model ID", "HW Version", "Firmware Version", "Devices"),
                                  ("10A7", "0101", "0002", "01020007", "900"),  # 1105
                                  ("10A7", "0101", "0001", "01020005", "5,000"),  # 1111
                                  ("3C05", "0A10", "0003", "00010000", "40")]))  # 3301  # fmt: skip
    client = client_of(app_with(settings=ReviewAppSettings(estate=estate)), "alice")
    page = client.get("/proposal/1106").text
    assert "<strong>900 devices</strong>" in page
    queue = client.get("/?sort=devices").text
    assert "Devices affected" in queue
    assert _queue_order(queue)[:3] == ["1112", "1106", "3303"]  # 5,000, 900 and 40 devices
