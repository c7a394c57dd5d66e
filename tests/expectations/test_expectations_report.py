from __future__ import annotations

import re
from pathlib import Path

import pytest

from expectations.naming import ReviewLinks
from expectations.report import KEYS_SHOWN_OPEN, validation_html
from expectations.results import ExpectationOutcome, ValidationReport

PASSING = ExpectationOutcome(
    "claims", "expect_column_values_to_not_be_null", "target parses", True, 3, 0, "file, location"
)
FAILING = ExpectationOutcome(
    "edges", "expect_column_values_to_be_in_set", "base <script>alert(1)</script> & not older", False, 3, 1,
    "edge_id", ("E3 <- E<b>1",), ("E3\"><img src=x>",),
)
CLAIM_FAILING = ExpectationOutcome(
    "claims", "expect_column_values_to_be_in_set", "a base version does not parse", False, 3, 1,
    "file, location", ("mail.eml > notes <v2>.pdf, page 2",), ("1106",),
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
    assert not re.search(r"<link|<script|<img|@import|url\(|<[a-z]+[^>]*\ssrc=", page)
    # the only addresses are links a reader follows: the review app's proposal pages
    assert set(re.findall(r'href="([^"]*)"', page)) == {"http://127.0.0.1:8050/proposal/E3%22%3E%3Cimg%20src%3Dx%3E"}


@pytest.mark.unit
def test_failing_rows_are_named_by_file_and_location_and_entries_link_to_their_proposals() -> None:
    docs = Path("/work/gx/uncommitted/data_docs/local_site")
    report = ValidationReport(
        (PASSING, CLAIM_FAILING), {"1106": (CLAIM_FAILING.description,)}, data_docs=docs / "index.html",
        data_docs_pages={"claims": docs / "validations/claims/backfill-r1/20260101T000000Z/firpath claims.html"},
    )  # fmt: skip
    page = validation_html(report, "run 4", ReviewLinks(review_url="https://review.example/firpath/"),
                           folder=Path("/work/review"))  # fmt: skip
    assert "<code>mail.eml &gt; notes &lt;v2&gt;.pdf, page 2</code>" in page
    assert "Rows are named by <code>file, location</code>" in page
    assert page.count('<a href="https://review.example/firpath/proposal/1106"><code>1106</code></a>') == 2
    assert '<a href="../gx/uncommitted/data_docs/local_site/index.html">Great Expectations Data Docs</a>' in page
    claims_page = "../gx/uncommitted/data_docs/local_site/validations/claims/backfill-r1/20260101T000000Z/firpath%20claims.html"
    assert f'<a class="muted" href="{claims_page}">in Data Docs</a>' in page


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
