"""How failing rows are named for GX and its Data Docs: escaped text, links to proposals, read back."""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.frames import CLAIM_KEY, claim_frame
from expectations.naming import NO_PROPOSAL, PROPOSAL_COLUMN, ReviewLinks, named_frame
from tests.expectations.expectation_builders import E1, E2, E3, claim

pytestmark = pytest.mark.unit

LINKS = ReviewLinks(review_url="http://review.test:8050/")


def test_a_proposal_link_quotes_the_entry_id_in_the_address_and_escapes_it_in_the_text() -> None:
    assert LINKS.proposal_url("A/1 2") == "http://review.test:8050/proposal/A%2F1%202"
    assert LINKS.proposal_links(["E1", "<E2>"]) == (
        '<a href="http://review.test:8050/proposal/E1">E1</a>, '
        '<a href="http://review.test:8050/proposal/%3CE2%3E">&lt;E2&gt;</a>'
    )
    assert LINKS.proposal_links([]) == NO_PROPOSAL


def test_the_review_url_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ReviewLinks().proposal_url("1106") == "http://127.0.0.1:8050/proposal/1106"
    monkeypatch.setenv("FIRPATH_REVIEW_URL", "https://firpath.example/review")
    assert ReviewLinks().proposal_url("1106") == "https://firpath.example/review/proposal/1106"


def test_claims_are_named_by_file_and_location_with_text_escaped_for_gx() -> None:
    hostile = claim(E3, [E1], file='mail.eml > <script>x("1")</script>.pdf', evidence_text="needs <b>01000000</b>")
    plain = claim(E2, [E1])
    frame = claim_frame([hostile, plain])
    named = named_frame(frame, CLAIM_KEY, {hostile.claim_id: ("E3", "E9")}, ("file", "location"), LINKS)

    assert named.index_columns == ("file", "location", PROPOSAL_COLUMN)
    assert named.rows_named_by == "file, location"
    gx = named.frame
    assert gx.loc[0, "file"] == "mail.eml &gt; &lt;script&gt;x(&quot;1&quot;)&lt;/script&gt;.pdf"
    assert "<b>" not in gx.loc[0, "evidence"]
    assert gx.loc[0, PROPOSAL_COLUMN].startswith('<a href="http://review.test:8050/proposal/E3">E3</a>, ')
    assert gx.loc[1, PROPOSAL_COLUMN] == NO_PROPOSAL
    # what the suites check is unchanged: booleans, missing values, the claim frame's own columns
    assert gx["has_evidence"].tolist() == frame["has_evidence"].tolist()
    assert list(gx.columns) == [*frame.columns, PROPOSAL_COLUMN]
    assert frame.loc[0, "file"].startswith("mail.eml > <script>")  # the caller's frame is left alone

    # GX hands back the failing rows' index cells; they read back as names and flagged entries
    failing = [{c: gx.loc[0, c] for c in named.index_columns}, {c: gx.loc[1, c] for c in named.index_columns}]
    assert named.failing(failing) == ((f'{hostile.evidence.file}, page 1', "notes.pdf, page 1"), ("E3", "E9"))
    assert named.failing([]) == ((), ())


def test_a_frame_without_name_columns_is_named_by_its_key() -> None:
    frame = pd.DataFrame({"cpl_entry_id": pd.Series(["E1", "E2"], dtype="str"), "ok": [True, False]})
    named = named_frame(frame, "cpl_entry_id", {"E1": ("E1",), "E2": ("E2",)}, (), LINKS)
    assert named.index_columns == (PROPOSAL_COLUMN,) and named.rows_named_by == "cpl_entry_id"
    row = {PROPOSAL_COLUMN: named.frame.loc[1, PROPOSAL_COLUMN]}
    assert named.failing([row]) == (("E2",), ("E2",))


def test_missing_text_stays_missing() -> None:
    unparsed = claim(E2, [E1], target_parses=False, target_text="the spring release")
    named = named_frame(claim_frame([unparsed]), CLAIM_KEY, {}, ("file", "location"), LINKS)
    assert pd.isna(named.frame.loc[0, "target_version"])
