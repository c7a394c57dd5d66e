"""The review app through Flask's test client, on a private copy of a finished demo run per test."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from firpath.domain import Alternative, MappedClaim, ProposedChange, UpgradePath
from firpath.review.accounts import add_user
from firpath.review.rules import ReviewState
from staging.store import StagingStore
from tests.firpath.publish.publish_builders import read_csv
from tests.firpath.review.web.conftest import csrf_token_in

pytestmark = pytest.mark.unit

SIGNED_OUT_GETS = ["/", "/?manufacturer=10A7&conflicts=1", "/proposal/1104", "/evidence/1106/2.png", "/no-such-page",
                   "/progress", "/bulk?source=x",
                   "/register?q=1104", "/register/1104", "/edit/1", "/edit/1/evidence"]  # fmt: skip
SIGNED_OUT_POSTS = ["/logout", "/bulk", "/proposal/1104/approve", "/proposal/1104/reject", "/proposal/1104/correct",
                    "/register/1104/edit", "/register/1104/withdraw/1", "/edit/1/approve"]  # fmt: skip
MAP_WORKBOOK = "MAP/Northern MAP firmware paths.xlsx"


def _entries_listed(html: str) -> list[str]:
    return re.findall(r'<td><a href="/proposal/([^"]+)">', html)


def _flashes(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(r'<li class="flash [a-z]+">(.*?)</li>', html, re.DOTALL)]


# --- signed out -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SIGNED_OUT_GETS)
def test_every_page_signed_out_redirects_to_sign_in(reviewer_client, path):
    response = reviewer_client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", SIGNED_OUT_POSTS)
def test_every_post_signed_out_is_401(reviewer_client, path):
    assert reviewer_client.post(path, data={"proposal_hash": "x"}).status_code == 401


def test_sign_in_page_and_static_files_are_public(reviewer_client):
    assert reviewer_client.get("/login").status_code == 200
    assert reviewer_client.get("/static/review.css").status_code == 200


def test_signed_out_post_with_a_valid_csrf_token_is_still_401(reviewer_client):
    token = reviewer_client.token("/login")
    response = reviewer_client.post("/proposal/1104/approve", data={"csrf_token": token, "proposal_hash": "x"})
    assert response.status_code == 401


# --- signing in -----------------------------------------------------------------------------------


def test_sign_in_goes_back_to_the_page_asked_for_and_sets_a_safe_session_cookie(reviewer_client):
    assert reviewer_client.get("/proposal/1104").headers["Location"] == "/login?next=/proposal/1104"
    token = reviewer_client.token("/login?next=/proposal/1104")
    response = reviewer_client.post("/login", data={"csrf_token": token, "name": "alice",
                                                    "password": "alice-password-1", "next": "/proposal/1104"})  # fmt: skip
    assert (response.status_code, response.headers["Location"]) == (302, "/proposal/1104")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    assert abs(expires - (datetime.now(UTC) + timedelta(minutes=480))) < timedelta(minutes=2)
    assert reviewer_client.get("/proposal/1104").status_code == 200


def test_sign_in_never_redirects_to_another_site(reviewer_client):
    token = reviewer_client.token("/login")
    response = reviewer_client.post("/login", data={"csrf_token": token, "name": "alice",
                                                    "password": "alice-password-1", "next": "//evil.example/x"})  # fmt: skip
    assert response.headers["Location"] == "/"


def test_wrong_password_and_unknown_name_get_the_same_answer(reviewer_client):
    wrong = reviewer_client.sign_in("alice", "not-her-password")
    unknown = reviewer_client.sign_in("mallory", "not-her-password")
    assert wrong.status_code == unknown.status_code == 200
    assert "Wrong name or password." in wrong.text and "Wrong name or password." in unknown.text
    assert reviewer_client.get("/").status_code == 302


def test_five_failures_for_a_name_refuse_the_sixth_attempt_even_with_the_right_password(reviewer_client):
    for i in range(5):
        reviewer_client.sign_in("alice", "guess-%d" % i, environ_base={"REMOTE_ADDR": f"10.0.0.{i}"})
    refused = reviewer_client.sign_in("alice", environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.text and refused.headers["Retry-After"] == "300"
    assert reviewer_client.get("/").status_code == 302  # not signed in
    assert reviewer_client.sign_in("bob", environ_base={"REMOTE_ADDR": "10.0.0.99"}).status_code == 302


def test_failed_sign_ins_from_one_address_lock_out_nobody_else_from_it(review_app, client_of):
    """#15.6: behind a proxy or on loopback every reviewer shares one address; five wrong passwords
    for any name used to lock them all out for five minutes."""
    attacker = client_of(review_app)
    for i in range(5):  # made-up names
        attacker.sign_in(f"guess{i}", "whatever-password", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    for i in range(5):  # a real name, wrong passwords: that account waits, no other
        attacker.sign_in("alice", f"wrong-{i}-password", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert client_of(review_app).sign_in("bob", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 302
    assert client_of(review_app).sign_in("alice", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 429


def test_made_up_names_from_one_address_are_limited_without_telling_real_names_apart(review_app, client_of):
    attacker = client_of(review_app)
    for i in range(5):
        assert attacker.sign_in(f"guess{i}", "whatever-password", environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 200
    made_up = attacker.sign_in("guess-more", "whatever-password", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    real = attacker.sign_in("bob", "not-bobs-password", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert made_up.status_code == real.status_code == 429  # the same answer: no name is given away
    assert client_of(review_app).sign_in("bob", environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 302
    assert attacker.sign_in("guess-more", "whatever-password", environ_base={"REMOTE_ADDR": "10.9.9.10"}).status_code == 200


def test_sign_out_needs_a_post_with_a_csrf_token(reviewer_client):
    reviewer_client.sign_in("alice")
    assert reviewer_client.post("/logout").status_code == 400
    assert reviewer_client.get("/").status_code == 200  # still signed in
    token = reviewer_client.token("/")
    response = reviewer_client.post("/logout", data={"csrf_token": token})
    assert response.headers["Location"] == "/login"
    assert reviewer_client.get("/").status_code == 302


# --- CSRF and headers -----------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_a_decision_without_a_valid_csrf_token_is_refused_with_400(reviewer_client, board_of, token):
    reviewer_client.sign_in("alice")
    proposal_hash = board_of().proposal("1104").content_hash
    data = {"proposal_hash": proposal_hash} | ({"csrf_token": token} if token else {})
    response = reviewer_client.post("/proposal/1104/approve", data=data)
    assert response.status_code == 400 and "CSRF" in response.text
    assert board_of().store.reviews.decisions("1104") == []


def test_pages_carry_a_content_security_policy_with_a_script_nonce(reviewer_client):
    reviewer_client.sign_in("alice")
    response = reviewer_client.get("/")
    nonce = re.search(r"script-src 'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in response.text
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Cache-Control"] == "no-store"


# --- the queue ------------------------------------------------------------------------------------


def test_queue_lists_every_proposal_with_its_paths_state_and_flags(reviewer_client):
    reviewer_client.sign_in("alice")
    html = reviewer_client.get("/").text
    assert _entries_listed(html) == ["1112", "1103", "1104", "1105", "1106", "2202", "2204", "3303",
                                     "4401", "4402", "4403"]  # fmt: skip
    assert "1101 → <strong>1102</strong>" in html  # 1103: current -> proposed
    assert "conflict: 2201 | 2203" in html
    assert "upgrade paths form a cycle" in html
    assert 'data-href="/proposal/1104"' in html  # j/k move over these rows, Enter opens


@pytest.mark.parametrize(
    ("query", "expected"),
    [("manufacturer=20B1", ["2202", "2204"]), ("model=0C01", ["4401", "4402", "4403"]),
     ("conflicts=1", ["2204"]), ("manufacturer=10A7&state=pending&conflicts=1", []),
     ("state=approved", [])],
)  # fmt: skip
def test_queue_filters(reviewer_client, query, expected):
    reviewer_client.sign_in("alice")
    assert _entries_listed(reviewer_client.get(f"/?{query}").text) == expected


def test_queue_state_filter_follows_decisions(reviewer_client):
    reviewer_client.sign_in("alice")
    reviewer_client.decide("1104", "approve")
    assert _entries_listed(reviewer_client.get("/?state=approved").text) == ["1104"]


def _workbook_rows(board, out: Path) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    from firpath.review.workbook import REVIEW_SHEET, export_workbook

    export_workbook(board, out)
    sheet = load_workbook(out, read_only=True)[REVIEW_SHEET]
    header, *rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def _queue_counts(html: str) -> dict[str, int]:
    line = re.sub(r"\s+", " ", re.search(r'<p class="run">(.*?)</p>', html, re.DOTALL).group(1))
    need = re.search(r"(\d+) proposals need review: (.*?)\.", line)
    counts = {state: int(n) for n, state in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", need.group(2))}
    return {"need review": int(need.group(1))} | counts


def test_the_queue_and_the_excel_export_agree_on_what_needs_review(reviewer_client, board_of, tmp_path):
    """#14.9: the queue listed the two proposals the FIR holds already (1102, 2203: `unchanged`) as
    pending while the Excel export left them out. One rule (rules.needs_review) for both, and the
    counts match, before and after decisions."""
    from firpath.domain import ChangeKind

    board = board_of()
    unchanged = [e for e, p in board.proposals.items() if p.change is ChangeKind.UNCHANGED]
    assert unchanged == ["1102", "2203"]
    reviewer_client.sign_in("alice")
    reviewer_client.decide("1104", "approve")
    reviewer_client.decide("1103", "approve")
    reviewer_client.decide("4401", "reject", reason="wrong model")
    html = reviewer_client.get("/").text
    listed = _entries_listed(html)
    exported = [r for r in _workbook_rows(board_of(), tmp_path / "review.xlsx") if not r["change"].startswith("SECAS")]
    assert sorted(listed) == sorted(r["cpl_entry_id"] for r in exported)
    assert not set(unchanged) & set(listed)
    by_state = {state: sum(r["review_state"] == state for r in exported) for state in {r["review_state"] for r in exported}}
    assert _queue_counts(html) == {"need review": len(exported), "pending": by_state["pending"],
                                   "needs another approval": 1, "approved": 1, "rejected": 1}  # fmt: skip
    assert (by_state["needs another approval"], by_state["approved"], by_state["rejected"]) == (1, 1, 1)
    # what the FIR holds already is shown on request, never as pending
    shown = reviewer_client.get("/?state=no+change").text
    assert _entries_listed(shown) == unchanged
    assert shown.count('<span class="state no_change">no change</span>') == 2 and 'class="state pending"' not in shown
    assert "2 more proposals say what the FIR holds already" in re.sub(r"\s+", " ", html)


def _progress_rows(html: str, table_id: str) -> dict[str, list[str]]:
    table = re.search(rf'<table class="progress" id="{table_id}">.*?</table>', html, re.DOTALL).group(0)
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.DOTALL)[1:]:
        cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.DOTALL)]
        rows[cells[0]] = cells[1:]
    return rows


def test_the_progress_page_counts_per_manufacturer_and_says_what_waits_for_whom(reviewer_client, second_client):
    """#14.14: the queue had no progress view."""
    reviewer_client.sign_in("alice")
    reviewer_client.decide("1104", "approve")  # Acme: approved
    reviewer_client.decide("1103", "approve")  # Acme: a change of a non-empty value, waiting for someone else
    second_client.sign_in("bob")
    second_client.decide("4401", "reject", reason="wrong model")  # Dynamo: rejected
    queue = _queue_counts(reviewer_client.get("/").text)
    html = reviewer_client.get("/progress").text
    rows = _progress_rows(html, "progress-run")
    assert list(rows) == ["Acme Metering Ltd", "Bolt Meters Ltd", "Circuit Devices plc", "Dynamo Comms Ltd", "All manufacturers"]
    total = rows["All manufacturers"]
    assert [int(n) for n in total[:5]] == [queue["need review"], queue["pending"], 1, 1, 1]  # the queue's counts
    acme = rows["Acme Metering Ltd"]
    assert acme[:5] == ["5", "3", "1", "1", "0"]
    assert "needs another approval, other than alice: 1" in acme[6] and "a first approval: 3" in acme[6]
    assert acme[7] == "3"  # alice's approval is asked for on Acme's three pending, not on 1103 she approved
    assert _progress_rows(second_client.get("/progress").text, "progress-run")["Acme Metering Ltd"][7] == "4"
    assert "Bolt Meters Ltd" in rows and "a reviewer to set the path (sources conflict): 1" in rows["Bolt Meters Ltd"][6]


# --- the detail page ------------------------------------------------------------------------------


def test_detail_shows_entry_evidence_graph_and_the_decision_forms(reviewer_client):
    reviewer_client.sign_in("alice")
    html = reviewer_client.get("/proposal/1106").text
    assert "Acme Metering Ltd" in html and "01030001" in html
    assert '<img class="page" src="/evidence/1106/2.png"' in html
    assert "<mark>This release shall only be applied to devices running firmware 01020005 or 01020007.</mark>" in html
    assert "<th>Current FW</th>" in html and "<td>01020005; 01020007</td>" in html  # the MAP row as cells
    assert "<svg" in html and "Upgrade graph of AM-E200" in html
    choices = re.findall(r'name="base" value="([^"]+)"', html)
    assert choices == ["1101", "1102", "1103", "1104", "1105"]  # older, same model and hardware only
    assert 'name="not_applicable"' in html
    assert html.count(f'value="{_hash(reviewer_client, "1106")}"') == 3  # each form posts the hash


def _hash(client, entry_id: str) -> str:
    html = client.get(f"/proposal/{entry_id}").text
    return re.search(r'name="proposal_hash" value="([^"]+)"', html).group(1)


def test_detail_of_an_email_claim_shows_the_excerpt_with_its_label(reviewer_client):
    reviewer_client.sign_in("alice")
    html = reviewer_client.get("/proposal/4403").text
    assert '<p class="label">email body</p>' in html
    assert "firmware 04030000 requires 04020001 to be installed first." in html
    assert "/evidence/4403/" not in html


def test_detail_of_a_conflict_shows_each_alternative_and_no_approve_button(reviewer_client):
    reviewer_client.sign_in("alice")
    html = reviewer_client.get("/proposal/2204").text
    assert "Alternative 1: <span class=\"path\">2201</span>" in html
    assert "Alternative 2: <span class=\"path\">2203</span>" in html
    assert "Sources conflict: set the path below" in html
    assert "Approve" not in re.search(r'<form id="approve-form".*?</form>', html, re.DOTALL).group(0)


def test_evidence_picture_is_a_png_only_for_a_sentence_on_a_page(reviewer_client):
    reviewer_client.sign_in("alice")
    picture = reviewer_client.get("/evidence/1106/2.png")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert picture.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert reviewer_client.get("/evidence/1106/1.png").status_code == 404  # a MAP row
    assert reviewer_client.get("/evidence/1106/3.png").status_code == 404
    assert reviewer_client.get("/evidence/2202/1.png").status_code == 404  # a PDF table row ("page 2, table 1 row 1")


def test_an_unknown_entry_is_404(reviewer_client):
    reviewer_client.sign_in("alice")
    assert reviewer_client.get("/proposal/9999").status_code == 404


# --- deciding -------------------------------------------------------------------------------------


def test_approving_an_added_path_needs_one_approver(reviewer_client, board_of):
    reviewer_client.sign_in("alice")
    page = reviewer_client.decide("1104", "approve")
    assert "1104: you approved. Now approved." in _flashes(page.text)
    status = board_of().status("1104")
    assert (status.state, status.approvers, str(status.path)) == (ReviewState.APPROVED, ("alice",), "1103")
    assert board_of().store.reviews.decisions("1104")[0].channel == "web"


def test_a_flagged_proposal_is_approved_on_its_page_only_with_a_reason(reviewer_client, board_of):
    """#15.9 on the web: 1106 (an upgrade cycle) shows why it is flagged, and the approve form asks why
    it is approved all the same; without a reason the rules refuse it, as they do in the workbook."""
    reviewer_client.sign_in("alice")
    page = reviewer_client.get("/proposal/1106").text
    form = re.search(r'<form id="approve-form".*?</form>', page, re.DOTALL).group(0)
    assert 'id="approve-reason" name="reason"' in form and "required" in form
    refused = reviewer_client.decide("1106", "approve")
    assert any("flagged by the automatic checks" in f and "cycle" in f for f in _flashes(refused.text))
    assert board_of().store.reviews.decisions("1106") == []
    approved = reviewer_client.decide("1106", "approve", reason="1105's row is wrong; 1106's path is right")
    assert "1106: you approved. Now approved." in _flashes(approved.text)
    assert board_of().store.reviews.decisions("1106")[0].reason == "1105's row is wrong; 1106's path is right"


def test_a_disabled_reviewer_or_a_new_password_ends_a_sign_in(review_app, board_of, client_of):
    from firpath.review.accounts import disable_user, reset_password

    bob, alice = client_of(review_app, "bob"), client_of(review_app, "alice")
    assert bob.get("/").status_code == alice.get("/").status_code == 200
    store = board_of().store
    admin = store.reviews.user("alice")
    disable_user(store, "bob", admin)
    assert bob.get("/").status_code == 302  # sent to sign in
    assert bob.sign_in("bob").status_code == 200  # "Wrong name or password."
    reset_password(store, "alice", "alice-new-password-9", admin)
    assert alice.get("/").status_code == 302
    assert alice.sign_in("alice", "alice-new-password-9").status_code == 302


def test_the_page_of_a_proposal_that_changed_says_why_earlier_decisions_lapsed(review_store_url, reviewer_client, board_of):
    """#15.10: the FIR export of a later run holds 1101 for 1104, where alice approved adding 1103."""
    reviewer_client.sign_in("alice")
    reviewer_client.decide("1104", "approve")
    with StagingStore.open(review_store_url) as store:
        run = store.runs.latest_run()
        changed = [replace(p, current=UpgradePath(("1101",))) if p.target.entry_id == "1104" else p
                   for p in store.results.proposals(run.run_id)]  # fmt: skip
        later = store.runs.begin_run(run.inbox, run.inputs, "")
        store.results.save_results(later, [], [], changed)
        store.runs.finish_run(later, run.summary)
    assert board_of().status("1104").state is ReviewState.PENDING
    page = reviewer_client.get("/proposal/1104").text
    assert "since then: the FIR value is now 1101 (it was blank)" in page


def test_changing_a_non_empty_fir_value_needs_a_second_reviewer(reviewer_client, second_client, board_of):
    reviewer_client.sign_in("alice")
    first = reviewer_client.decide("1103", "approve")
    assert any("Now needs another approval, waiting for a second approver other than alice" in f for f in _flashes(first.text))
    assert board_of().status("1103").state is ReviewState.NEEDS_APPROVAL
    assert "disabled" in re.search(r'<form id="approve-form".*?</form>', first.text, re.DOTALL).group(0)

    again = reviewer_client.decide("1103", "approve")
    assert any("alice has already approved this path" in f for f in _flashes(again.text))

    second_client.sign_in("bob")
    second = second_client.decide("1103", "approve")
    assert "1103: you approved. Now approved." in _flashes(second.text)
    status = board_of().status("1103")
    assert (status.state, status.approvers, str(status.path)) == (ReviewState.APPROVED, ("alice", "bob"), "1102")


def _review_aside(html: str) -> str:
    return re.sub(r"\s+", " ", re.search(r'<aside class="review">.*?</aside>', html, re.DOTALL).group(0))


def test_an_approved_proposal_page_never_asks_its_approver_for_a_further_approval(reviewer_client, second_client):
    """#14.8: 1104 approved by alice showed "Review: approved" beside "a further approval must come
    from someone else"; the state and what it asks of the reader come from one rule."""
    reviewer_client.sign_in("alice")
    aside = _review_aside(reviewer_client.decide("1104", "approve").text)
    assert '<h2>Review: <span class="state approved">approved</span></h2>' in aside
    assert "Approved by alice: the next publication writes it." in aside
    assert "further approval" not in aside and "Waiting for" not in aside
    assert "Nothing more is needed; reject or correct it to reopen the review." in aside
    assert re.search(r'<button type="submit" class="primary" disabled>Approve 1103', aside)
    second_client.sign_in("bob")
    assert "further approval" not in _review_aside(second_client.get("/proposal/1104").text)

    # a change of a non-empty value: alice's approval leaves it waiting for someone else, and says so once
    aside = _review_aside(reviewer_client.decide("1103", "approve").text)
    assert '<span class="state needs_approval">needs another approval</span>' in aside
    assert aside.count("waiting for a second approver other than alice") == 1
    assert "You have approved this path: the further approval it needs must come from someone else." in aside
    bob_sees = _review_aside(second_client.get("/proposal/1103").text)
    assert "Your approval completes the review." in bob_sees and "further approval" not in bob_sees


def test_a_secas_edit_page_says_its_state_the_same_way(review_app, client_of):
    alice = client_of(review_app, "alice")
    token = alice.token("/register/3302")
    alice.post("/register/3302/edit", data={"csrf_token": token, "base": "3301", "reason": "letter"})
    page = alice.get("/edit/1").text
    form = re.search(r'<form id="approve-form".*?</form>', page, re.DOTALL).group(0)
    approved = alice.post("/edit/1/approve", data={"csrf_token": token, "proposal_hash": re.search(
        r'name="proposal_hash" value="([^"]+)"', form).group(1)}, follow_redirects=True)  # fmt: skip
    aside = _review_aside(approved.text)
    assert '<span class="state needs_approval">needs another approval</span>' in aside
    assert "You have approved this path: the further approval it needs must come from someone else." in aside
    bob = client_of(review_app, "bob")
    assert "Your approval completes the review." in _review_aside(bob.get("/edit/1").text)


def test_the_detail_page_says_which_fir_export_row_the_current_value_came_from(reviewer_client, board_of):
    """#14.11: the page showed the current FIR value without saying where it came from."""
    import csv

    board = board_of()
    name, sha256 = board.run.inputs["fir_export_name"], board.run.inputs["fir_export"]
    lines = list(csv.reader(io.StringIO(board.store.documents.content(sha256).decode("utf-8-sig"))))
    row = next(n for n, line in enumerate(lines, start=1) if line and line[0] == "1103")
    assert lines[row - 1][-1] == "1101"  # the value the page shows
    reviewer_client.sign_in("alice")
    facts = re.sub(r"\s+", " ", reviewer_client.get("/proposal/1103").text)
    assert (f'<dt>Current FIR value</dt><dd>1101 <span class="sub fir-source">from row {row} of <span class="file">{name}</span>, '
            f'the FIR export this run read (<span class="mono">sha256 {sha256[:12]}…</span>)</span></dd>') in facts  # fmt: skip


def test_a_conflicts_graph_draws_each_alternatives_bases_named_by_source(reviewer_client):
    """#14.11: 2204's graph (sources conflict: 2201 | 2203) drew neither alternative."""
    reviewer_client.sign_in("alice")
    html = reviewer_client.get("/proposal/2204").text
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)
    titles = re.findall(r"<title>(2204 requires base [^<]+)</title>", svg)
    assert any(t.startswith("2204 requires base 2201 (alternative 1, from ") for t in titles)
    assert any(t.startswith("2204 requires base 2203 (alternative 2, from ") for t in titles)
    assert not any(t.endswith("(removed)") for t in titles)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_rejection_needs_a_reason(reviewer_client, board_of, reason):
    reviewer_client.sign_in("alice")
    page = reviewer_client.decide("1104", "reject", reason=reason)
    assert any("1104: not rejected: a rejection needs a reason" in f for f in _flashes(page.text))
    assert board_of().status("1104").state is ReviewState.PENDING


def test_rejecting_with_a_reason(reviewer_client, board_of):
    reviewer_client.sign_in("alice")
    page = reviewer_client.decide("1104", "reject", reason="the MAP row is for HW 0001")
    assert "1104: you rejected. Now rejected." in _flashes(page.text)
    status = board_of().status("1104")
    assert (status.state, status.rejected_by, status.reason) == (ReviewState.REJECTED, "alice", "the MAP row is for HW 0001")
    assert "the MAP row is for HW 0001" in page.text


def test_correcting_a_conflict_then_two_approvals_other_than_the_corrector(reviewer_client, second_client, board_of):
    reviewer_client.sign_in("alice")
    corrected = reviewer_client.decide("2204", "correct", base="2203", reason="the release note is the manufacturer's word")
    assert any(f.startswith("2204: you corrected to 2203. Now pending") for f in _flashes(corrected.text))
    assert 'name="path" value="2203"' in corrected.text  # the approve button now approves 2203

    own = reviewer_client.decide("2204", "approve")
    assert any("waiting for an approver other than alice, importer" in f for f in _flashes(own.text))
    assert board_of().status("2204").state is ReviewState.NEEDS_APPROVAL

    second_client.sign_in("bob")
    second_client.decide("2204", "approve")
    status = board_of().status("2204")
    assert (status.state, str(status.path), status.corrected_by, status.approvers) == (
        ReviewState.APPROVED, "2203", "alice", ("alice", "bob"))  # fmt: skip


def test_correcting_to_not_applicable(reviewer_client, board_of):
    reviewer_client.sign_in("alice")
    reviewer_client.decide("4402", "correct", not_applicable="1", reason="first release of this hardware")
    status = board_of().status("4402")
    assert (str(status.path), status.corrected_by) == ("N/A", "alice")


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"base": "1101", "reason": "x"}, "another model or hardware version"),
     ({"base": "2204", "reason": "x"}, "is the entry itself"),
     ({"base": "2203", "not_applicable": "1", "reason": "x"}, "either N/A or base entries"),
     ({"base": "2203"}, "a correction needs a reason")],
)  # fmt: skip
def test_a_correction_outside_the_rules_is_refused_with_the_reason(reviewer_client, board_of, fields, message):
    reviewer_client.sign_in("alice")
    page = reviewer_client.decide("2204", "correct", **fields)
    assert any(message in f for f in _flashes(page.text)), _flashes(page.text)
    assert board_of().store.reviews.decisions("2204") == []


def test_a_decision_on_a_stale_proposal_hash_is_refused_with_a_message(reviewer_client, board_of):
    reviewer_client.sign_in("alice")
    page = reviewer_client.decide("1104", "approve", proposal_hash="0" * 20)
    assert any("the proposal changed since it was shown" in f and "review it again" in f for f in _flashes(page.text))
    assert board_of().store.reviews.decisions("1104") == []


def test_approving_a_path_other_than_the_one_under_review_is_refused(reviewer_client, second_client, board_of):
    reviewer_client.sign_in("alice")
    second_client.sign_in("bob")
    page = second_client.get("/proposal/2204")  # bob opens the page before alice corrects
    reviewer_client.decide("2204", "correct", base="2201", reason="MAP workbook")
    stale_path_form = {"csrf_token": second_client.token("/"),
                       "proposal_hash": board_of().proposal("2204").content_hash, "path": "2203"}  # fmt: skip
    refused = second_client.post("/proposal/2204/approve", data=stale_path_form, follow_redirects=True)
    assert any("approves 2203, but the path under review is 2201" in f for f in _flashes(refused.text))


# --- bulk approval --------------------------------------------------------------------------------


def _bulk_items(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="item" value="([^"]+)">', html)


def _table_entries(html: str, table_id: str) -> list[str]:
    table = re.search(rf'<table class="bulk-list" id="{table_id}">.*?</table>', html, re.DOTALL)
    return re.findall(r'<td><a href="/proposal/([^"]+)">', table.group(0)) if table else []


def test_bulk_approval_counts_what_it_will_approve_and_asks_before_it_does(reviewer_client, board_of):
    """#14.10: one click approved with no confirmation, and the count (3) included 1105, which the
    rules then refused (flagged). The count is now what the rules will approve, and a page lists
    exactly what will and will not be approved, and why, before a POST records anything."""
    reviewer_client.sign_in("alice")
    queue = reviewer_client.get("/").text
    assert f'<option value="{MAP_WORKBOOK}">{MAP_WORKBOOK} (2 to approve, 1 not)</option>' in queue
    assert '<form method="get" action="/bulk">' in queue

    page = reviewer_client.get("/bulk", query_string={"source": MAP_WORKBOOK}).text
    assert board_of().store.reviews.decisions() == []  # looking records nothing
    assert _table_entries(page, "bulk-approve") == ["1104", "4401"]
    assert _table_entries(page, "bulk-refuse") == ["1105"]
    refusal = re.sub(r"\s+", " ", re.search(r'id="bulk-refuse">.*?</table>', page, re.DOTALL).group(0))
    assert "flagged by the automatic checks (base firmware is not older than the target" in refusal
    assert "approve it on its own page, with a reason saying why the flags do not stand in the way" in refusal
    assert "Approve these 2" in page and 'name="csrf_token"' in page
    board = board_of()
    assert _bulk_items(page) == [f"{e} {board.proposal(e).content_hash}" for e in ("1104", "4401")]

    data = {"csrf_token": csrf_token_in(page), "source": MAP_WORKBOOK, "item": _bulk_items(page)}
    done = reviewer_client.post("/bulk", data=data, follow_redirects=True)
    assert f"Bulk approval of proposals only from {MAP_WORKBOOK}: 2 approved (1104, 4401)." in _flashes(done.text)
    statuses = board_of().statuses()
    assert {e for e, s in statuses.items() if s.state is ReviewState.APPROVED} == {"1104", "4401"}
    assert statuses["1105"].state is ReviewState.PENDING  # flagged: on its own page, with a reason
    assert statuses["2204"].state is ReviewState.PENDING  # a conflict: never bulk-approved
    assert statuses["1106"].state is ReviewState.PENDING  # its claims come from two files
    assert f"{MAP_WORKBOOK} (0 to approve, 1 not)" in reviewer_client.get("/").text


def test_bulk_approval_approves_only_what_was_listed_and_still_holds(reviewer_client, second_client, board_of):
    reviewer_client.sign_in("alice")
    page = reviewer_client.get("/bulk", query_string={"source": MAP_WORKBOOK}).text
    second_client.sign_in("bob")
    second_client.decide("4401", "reject", reason="wrong model")  # after alice's list was made
    data = {"csrf_token": csrf_token_in(page), "source": MAP_WORKBOOK, "item": _bulk_items(page)}
    flashes = _flashes(reviewer_client.post("/bulk", data=data, follow_redirects=True).text)
    assert f"Bulk approval of proposals only from {MAP_WORKBOOK}: 1 approved (1104), 1 not." in flashes
    assert any(f.startswith("4401 not approved: it changed since you confirmed the list") for f in flashes)
    statuses = board_of().statuses()
    assert (statuses["1104"].state, statuses["4401"].state) == (ReviewState.APPROVED, ReviewState.REJECTED)
    # nothing confirmed, nothing approved
    nothing = reviewer_client.post("/bulk", data={"csrf_token": data["csrf_token"], "source": MAP_WORKBOOK}, follow_redirects=True)
    assert any(f.startswith(f"Nothing was confirmed for bulk approval from {MAP_WORKBOOK}") for f in _flashes(nothing.text))


def test_bulk_approval_needs_a_known_source_and_a_csrf_token(reviewer_client, board_of):
    reviewer_client.sign_in("alice")
    page = reviewer_client.get("/bulk", query_string={"source": MAP_WORKBOOK}).text
    assert reviewer_client.post("/bulk", data={"source": MAP_WORKBOOK, "item": _bulk_items(page)}).status_code == 400
    token = reviewer_client.token("/")
    page = reviewer_client.post("/bulk", data={"csrf_token": token, "source": "nowhere.xlsx"}, follow_redirects=True)
    assert "Choose a source file from the list for bulk approval." in _flashes(page.text)
    listed = reviewer_client.get("/bulk", query_string={"source": "nowhere.xlsx"}, follow_redirects=True)
    assert "Choose a source file from the list for bulk approval." in _flashes(listed.text)
    assert board_of().store.reviews.decisions() == []


# --- escaping -------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def _run_with_hostile_evidence(store_url: str) -> None:
    """A newer run whose proposals carry markup in evidence text, file names and table cells."""
    with StagingStore.open(store_url) as store:
        run = store.runs.latest_run()
        proposals = store.results.proposals(run.run_id)

        def hostile(proposal: ProposedChange) -> ProposedChange:
            alternatives = []
            for alt in proposal.alternatives:
                claims = []
                for mapped in alt.claims:
                    evidence = mapped.claim.evidence
                    text = (f"Mfr: {SCRIPT} | Notes: <img src=x onerror=alert(2)>" if "row" in evidence.location
                            else f"Firmware needs {SCRIPT} first.")  # fmt: skip
                    evidence = replace(evidence, text=text, file=f"<b>{evidence.file}</b>")
                    claims.append(MappedClaim(replace(mapped.claim, evidence=evidence), mapped.target, mapped.bases))
                alternatives.append(Alternative(alt.path, tuple(claims)))
            return replace(proposal, alternatives=tuple(alternatives), review_flags=(SCRIPT,))

        new_run = store.runs.begin_run(run.inbox, run.inputs, run.imported_by)
        store.results.save_results(new_run, [], [], [hostile(p) for p in proposals])
        store.runs.finish_run(new_run, run.summary)


@pytest.mark.parametrize("entry_id", ["2204", "4403", "1106"])  # release note page, email, MAP row
def test_markup_in_evidence_is_shown_as_text(review_store_url, reviewer_client, entry_id):
    _run_with_hostile_evidence(review_store_url)
    reviewer_client.sign_in("alice")
    reviewer_client.decide(entry_id, "reject", reason=SCRIPT)
    for html in (reviewer_client.get(f"/proposal/{entry_id}").text, reviewer_client.get("/").text):
        assert SCRIPT not in html and "<img src=x" not in html and "<b>" not in html
        assert html.count("<script") == 1  # the page's own, with its nonce
    html = reviewer_client.get(f"/proposal/{entry_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;" in html


# --- no run yet -----------------------------------------------------------------------------------


def test_a_store_without_a_finished_run_says_what_to_do(tmp_path: Path):
    from firpath.review.web import create_app
    from firpath.review.web.app import EXTENSION

    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    with StagingStore.open(url) as store:
        add_user(store, "alice", "alice-password-1")
    app = create_app(url, secret_key="k" * 32, testing=True)
    try:
        client = app.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"csrf_token": token, "name": "alice", "password": "alice-password-1"})
        response = client.get("/")
        assert response.status_code == 503 and "firpath demo" in response.text
    finally:
        app.extensions[EXTENSION].store.close()


# --- the register view and SECAS edits (#17) -----------------------------------------------------


def test_the_register_finds_devices_by_entry_manufacturer_model_or_firmware(reviewer_client):
    reviewer_client.sign_in("alice")
    for query, expected in (("3302", "CD-PPM1"), ("circuit", "CD-PPM1"), ("0a10", "CD-PPM1"), ("00010100", "CD-PPM1"),
                            ("bolt g2", "Bolt G2")):  # fmt: skip
        page = reviewer_client.get(f"/register?q={query}").text
        assert expected in page and 'href="/register/' in page, query
    assert "No device matches." in reviewer_client.get("/register?q=nothing-like-it").text
    device = reviewer_client.get("/register/1104").text
    for entry_id in ("1101", "1102", "1103", "1104", "1105", "1106"):  # the AM-E200 HW 0002 entries, not 1111
        assert f'id="entry-{entry_id}"' in device
    assert 'id="entry-1111"' not in device and "<svg" in device
    assert re.search(r'id="entry-1103".*?<td>1101</td>', device, re.DOTALL)  # its FIR value
    assert "run proposal</a>: 1102" in device  # under review
    assert reviewer_client.get("/register/9999").status_code == 404


def test_a_published_change_is_withdrawn_on_the_register_and_restored_after_two_approvals(
    reviewer_client, second_client, board_of, tmp_path
):
    from firpath.publish import publish

    reviewer_client.sign_in("alice")
    reviewer_client.decide("1104", "approve")  # blank -> 1103, published
    publish(board_of(), tmp_path / "signed-off")
    page = reviewer_client.get("/register/1104").text
    withdraw = re.search(r'action="(/register/1104/withdraw/\d+)"', page).group(1)
    refused = reviewer_client.post(withdraw, data={"csrf_token": csrf_token_in(page), "reason": " "}, follow_redirects=True)
    assert any("no withdrawal proposed: an edit needs a reason" in f for f in _flashes(refused.text))
    done = reviewer_client.post(withdraw, data={"csrf_token": csrf_token_in(page), "reason": "the MAP row was a draft"},
                                follow_redirects=True)  # fmt: skip
    assert any("1104: withdrawal 1 proposed (back to blank)" in f for f in _flashes(done.text))
    edit = board_of().edits[1]
    approve = {"csrf_token": csrf_token_in(done.text), "proposal_hash": edit.content_hash}
    first = reviewer_client.post("/edit/1/approve", data=approve, follow_redirects=True)
    assert any("Now needs another approval" in f for f in _flashes(first.text))  # 1103 is a value: four eyes
    second_client.sign_in("bob")
    approve["csrf_token"] = second_client.token("/edit/1")
    second = second_client.post("/edit/1/approve", data=approve, follow_redirects=True)
    assert any("edit 1: you approved. Now approved." in f for f in _flashes(second.text))
    result = publish(board_of(), tmp_path / "signed-off")
    rows = {r[0]: r for r in read_csv(result.files.csv)[1:]}
    assert rows["1104"][5] == ""  # the FIR's upgrade-path column, blank again
    assert "withdrawal 1" in result.files.report.read_text(encoding="utf-8")


def test_an_edits_file_is_a_download_and_too_large_a_file_is_refused(review_app, client_of, board_of):
    from firpath.review.web.settings import ReviewAppSettings

    alice = client_of(review_app, "alice")
    token = alice.token("/register/3302")
    form = {"csrf_token": token, "base": "3301", "reason": "the maker's letter",
            "evidence": (io.BytesIO(b"<html><script>alert(1)</script></html>"), "letter.html")}  # fmt: skip
    alice.post("/register/3302/edit", data=form, content_type="multipart/form-data")
    download = alice.get("/edit/1/evidence")
    assert download.status_code == 200 and download.data == b"<html><script>alert(1)</script></html>"
    assert download.headers["Content-Disposition"] == 'attachment; filename="letter.html"'
    assert download.mimetype == "application/octet-stream" and download.headers["X-Content-Type-Options"] == "nosniff"
    limit = ReviewAppSettings().max_evidence_mb * 2**20
    big = {**form, "evidence": (io.BytesIO(b"x" * (limit + 1)), "big.bin")}
    assert alice.post("/register/3302/edit", data=big, content_type="multipart/form-data").status_code == 413
    assert len(board_of().edits) == 1
