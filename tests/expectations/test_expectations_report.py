from __future__ import annotations

import re

import pytest

from expectations.report import KEYS_SHOWN_OPEN, validation_html
from expectations.results import ExpectationOutcome, ValidationReport

PASSING = ExpectationOutcome(
    "claims", "expect_column_values_to_not_be_null", "target parses", True, 3, 0, "claim_id"
)
FAILING = ExpectationOutcome(
    "edges", "expect_column_values_to_be_in_set", "base <script>alert(1)</script> & not older", False, 3, 1,
    "edge_id", ("E3 <- E<b>1",), ("E3\"><img src=x>",),
)
REPORT = ValidationReport((PASSING, FAILING), {"E3\"><img src=x>": (FAILING.description,)})


@pytest.mark.unit
def test_the_page_escapes_every_text() -> None:
    page = validation_html(REPORT, "run <script>1</script>")
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "run &lt;script&gt;1&lt;/script&gt;" in page
    assert "base &lt;script&gt;alert(1)&lt;/script&gt; &amp; not older" in page
    assert "E3 &lt;- E&lt;b&gt;1" in page


@pytest.mark.unit
def test_the_page_is_self_contained() -> None:
    page = validation_html(REPORT, "run 1")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<style>" in page
    assert not re.search(r"<link|<script|https?://|@import|url\(", page)


@pytest.mark.unit
def test_the_page_summarises_suites_verdicts_counts_and_flags() -> None:
    page = validation_html(REPORT, "run 1")
    assert "1 of 2 expectations passed" in page and "1 CPL entry flagged" in page
    for suite in ("claims", "edges"):
        assert f"<code>{suite}</code>" in page
    assert page.count("badge fail") == 3  # the page, the edges suite, the expectation
    assert "Review flags" in page


@pytest.mark.unit
def test_an_all_passing_report_says_no_entry_is_flagged() -> None:
    page = validation_html(ValidationReport((PASSING,), {}), "run 2")
    assert "No CPL entry is flagged." in page and "badge fail" not in page


@pytest.mark.unit
def test_long_key_lists_fold() -> None:
    keys = tuple(f"K{i}" for i in range(KEYS_SHOWN_OPEN + 1))
    many = ExpectationOutcome("edges", "expect_x", "d", False, 30, len(keys), "edge_id", keys, ("E3",))
    page = validation_html(ValidationReport((many,), {"E3": ("d",)}), "run 3")
    assert f"<summary>{len(keys)} × edge_id</summary>" in page
