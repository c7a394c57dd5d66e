"""The review app under attack: every route from the app's own URL map signed out, without this
session's CSRF token and with another reviewer's session; session expiry on a fake clock; the
sign-in limit; the secret key and the bind address; markup from documents, exports and reviewers
in every page and in the published report.

The routes are read from `app.url_map`, so a route added later is checked the same way without
anyone remembering to list it here.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import stat
import subprocess
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.routing.converters import AnyConverter

from extractors.registers import cpl_from_bytes
from firpath.domain import Alternative, DocumentKind, MappedClaim, ProposedChange
from firpath.review.accounts import add_user
from firpath.review.rules import ReviewState
from firpath.review.web.app import EXTENSION
from firpath.review.web.sessions import EXPIRED
from firpath.review.web.settings import ReviewAppSettings, is_loopback
from staging.store import StagingStore

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[4]
MAP_WORKBOOK = "MAP/Northern MAP firmware paths.xlsx"
PUBLIC = {("auth.login", "GET"), ("auth.login", "POST"), ("static", "GET")}
# every route the app has, and what it does: a new one fails here until it is looked at (and the
# checks below already try it signed out and without a CSRF token)
EXPECTED_ROUTES = {
    ("auth.login", "GET"), ("auth.login", "POST"), ("auth.logout", "POST"), ("static", "GET"),
    ("queue.index", "GET"), ("bulk.confirm", "GET"), ("bulk.approve", "POST"), ("detail.show", "GET"), ("detail.decide", "POST"),
    ("detail.evidence_png", "GET"), ("progress.show", "GET"),
    # the register view and SECAS's own proposals (#17)
    ("register.search", "GET"), ("register.entry", "GET"), ("register.propose", "POST"), ("register.withdraw", "POST"),
    ("register.edit", "GET"), ("register.decide", "POST"), ("register.evidence", "GET"),
}  # fmt: skip
# a sample for each URL argument; `any(...)` arguments take each of their values
SAMPLE_ARGUMENTS: dict[str, list[object]] = {"entry_id": ["1104"], "n": [2], "filename": ["review.css"], "edit_id": [1],
                                             "change_id": [1]}  # fmt: skip


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    url: str

    @property
    def public(self) -> bool:
        return (self.endpoint, self.method) in PUBLIC


def app_routes(app: Flask) -> list[Route]:
    """Every (endpoint, method, concrete URL) of the app, HEAD and OPTIONS left to Werkzeug."""
    adapter = app.url_map.bind("localhost")
    routes = []
    for rule in app.url_map.iter_rules():
        choices = []
        for argument in sorted(rule.arguments):
            converter = rule._converters[argument]
            if isinstance(converter, AnyConverter):
                values: list[object] = sorted(converter.items)
            elif argument in SAMPLE_ARGUMENTS:
                values = SAMPLE_ARGUMENTS[argument]
            else:
                raise AssertionError(f"route {rule.rule}: add a sample value for <{argument}> to SAMPLE_ARGUMENTS")
            choices.append([(argument, v) for v in values])
        for combination in itertools.product(*choices):
            url = adapter.build(rule.endpoint, dict(combination))
            routes.extend(Route(rule.endpoint, m, url) for m in sorted(rule.methods - {"HEAD", "OPTIONS"}))
    return routes


def _form(board) -> dict[str, str]:  # noqa: ANN001
    """A complete decision form for 1104, so that only what the test leaves out can be wrong."""
    content_hash = board.proposal("1104").content_hash
    return {"proposal_hash": content_hash, "path": "1103", "reason": "checked the note",
            "base": "1103", "source": MAP_WORKBOOK, "item": f"1104 {content_hash}"}  # fmt: skip


# --- every route --------------------------------------------------------------------------------


def test_the_route_table_is_the_one_these_checks_were_written_for(review_app):
    routes = app_routes(review_app)
    assert {(r.endpoint, r.method) for r in routes} == EXPECTED_ROUTES
    assert {r.method for r in routes} == {"GET", "POST"}  # no PUT, PATCH or DELETE to forget
    assert {r.url for r in routes if r.endpoint == "detail.decide"} == {
        "/proposal/1104/approve", "/proposal/1104/reject", "/proposal/1104/correct"}  # fmt: skip


def test_every_route_signed_out_sends_to_sign_in_or_refuses(review_app, board_of, client_of):
    routes = app_routes(review_app)
    form = _form(board_of())
    problems = []
    for route in routes:
        client = client_of(review_app)
        if route.public:
            continue
        if route.method == "GET":
            response = client.get(route.url)
            if response.status_code != 302 or not response.headers["Location"].startswith("/login?next="):
                problems.append((route, response.status_code, response.headers.get("Location")))
        else:
            token = client.token("/login")  # a valid token of this (signed-out) session changes nothing
            response = client.post(route.url, data={**form, "csrf_token": token})
            if response.status_code != 401:
                problems.append((route, response.status_code))
    assert problems == []
    assert board_of().store.reviews.decisions() == []
    client = review_app.test_client()
    assert client.get("/login").status_code == 200 and client.get("/static/review.css").status_code == 200


def _an_edit_and_a_publication(board) -> None:  # noqa: ANN001
    """SECAS edit 1 (1101: N/A) and published change 1 (1104: blank -> 1103), made through the store
    without a decision, so that every route's sample URL names something that exists."""
    from firpath.domain import UpgradePath
    from staging.publications import ChangeToRecord

    edit = board.propose_edit("1101", UpgradePath(()), "the first release", "alice")
    assert edit.origin.edit_id == 1
    board.store.publications.record(board.run.run_id, board.run.finished_at, "/signed-off", "0" * 64,
                                    [ChangeToRecord("1104", None, UpgradePath(("1103",)), "0" * 20, "document")])  # fmt: skip


def test_every_post_needs_this_sessions_csrf_token(review_app, board_of, client_of):
    _an_edit_and_a_publication(board_of())
    posts = [r for r in app_routes(review_app) if r.method == "POST"]
    assert len(posts) == 11  # login, logout, bulk, the three decisions, an edit, a withdrawal, an edit's three decisions
    form = _form(board_of())
    bob_token = client_of(review_app, "bob").token("/")
    problems = []
    for route in posts:
        for label, token in (("no token", None), ("forged", "IjEyMyI.forged.token"), ("bob's token", bob_token)):
            alice = client_of(review_app, "alice")
            data = form | ({"csrf_token": token} if token else {})
            response = alice.post(route.url, data=data)
            if response.status_code != 400 or "CSRF" not in response.text:
                problems.append((route.url, label, response.status_code))
            if alice.get("/").status_code != 200:  # a refused sign-out must not sign her out
                problems.append((route.url, label, "signed out"))
    assert problems == []
    assert board_of().store.reviews.decisions() == []

    assert len(board_of().store.edits.edits()) == 1  # nothing but edit 1: every refused post changed nothing
    # the same forms with her own token go through: the token was the only thing missing
    for route in posts:
        alice = client_of(review_app, "alice")
        response = alice.post(route.url, data=form | {"csrf_token": alice.token("/")})
        assert response.status_code == 302, (route.url, response.status_code)
    assert {d.action.value for d in board_of().store.reviews.decisions()} == {"approve", "reject", "correct"}


def test_sign_in_itself_needs_a_csrf_token(reviewer_client):
    response = reviewer_client.sign_in("alice", csrf=False)  # her right password, but no token
    assert response.status_code == 400 and "CSRF" in response.text
    assert reviewer_client.get("/").status_code == 302


# --- another reviewer's session -----------------------------------------------------------------


def test_a_decision_is_always_the_signed_in_reviewers_whatever_the_form_says(review_app, board_of, client_of):
    bob = client_of(review_app, "bob")
    bob.decide("1103", "approve", reviewer="alice", name="alice", user="alice", approver="alice")
    [decision] = board_of().store.reviews.decisions("1103")
    assert decision.reviewer == "bob"
    status = board_of().status("1103")  # four eyes: bob's approval is one, never alice's too
    assert (status.state, status.approvers) == (ReviewState.NEEDS_APPROVAL, ("bob",))
    alice = client_of(review_app, "alice")
    assert "disabled" not in re.search(r'<form id="approve-form".*?</form>', alice.get("/proposal/1103").text,
                                       re.DOTALL).group(0)  # fmt: skip


def test_no_route_lets_another_reviewer_change_or_remove_a_reviewers_decision(review_app, board_of, client_of):
    """A reviewer's own things are their decisions; every route, posted by bob with his own valid
    token about the proposal alice decided on, leaves her decision as it was and counted as hers."""
    alice = client_of(review_app, "alice")
    alice.decide("1103", "approve")  # changes a FIR value: needs a second approver
    [hers] = board_of().store.reviews.decisions("1103")
    hash_1103 = board_of().proposal("1103").content_hash
    form = {"proposal_hash": hash_1103, "path": "1102", "reason": "not what alice saw", "base": "1101",
            "source": MAP_WORKBOOK, "reviewer": "alice", "name": "alice"}  # fmt: skip
    for route in app_routes(review_app):
        bob = client_of(review_app, "bob")
        url = route.url.replace("/1104", "/1103")
        if route.method == "POST":
            bob.post(url, data=form | {"csrf_token": bob.token("/")})
        else:
            assert bob.get(url).status_code in (200, 302, 404), url
    decisions = board_of().store.reviews.decisions("1103")
    assert decisions[0] == hers and [d.reviewer for d in decisions[1:]] == ["bob"] * (len(decisions) - 1)
    assert board_of().store.reviews.decision_log_problems() == []


def test_a_session_cookie_signed_with_another_key_is_no_session(review_app):
    other = Flask("elsewhere")
    other.secret_key = "another-install-" + "y" * 32
    forged = other.session_interface.get_signing_serializer(other).dumps(
        {"_user_id": "alice", "_fresh": True, "sid": "x", "signed_in_at": 1e12, "seen_at": 1e12}
    )
    client = review_app.test_client()
    client.set_cookie("firpath_review", forged)
    assert client.get("/").status_code == 302
    assert client.post("/proposal/1104/approve", data={"proposal_hash": "x"}).status_code == 401


def test_a_session_without_its_sign_in_stamps_is_expired(review_app):
    """A cookie made with this install's key but not by a sign-in (an older firpath's, or one put
    together by hand) holds no sign-in time: it is sent to sign in."""
    serializer = review_app.session_interface.get_signing_serializer(review_app)
    client = review_app.test_client()
    client.set_cookie("firpath_review", serializer.dumps({"_user_id": "alice", "_fresh": True, "_permanent": True}))
    response = client.get("/", follow_redirects=True)
    assert response.request.path == "/login" and EXPIRED in response.text


def test_signing_out_ends_the_session_even_for_a_copy_of_the_cookie(review_app, board_of, client_of):
    alice = client_of(review_app, "alice")
    copied = alice.get_cookie("firpath_review").value
    token = alice.token("/")
    assert alice.post("/logout", data={"csrf_token": token}).status_code == 302

    thief = review_app.test_client()
    thief.set_cookie("firpath_review", copied)
    response = thief.get("/", follow_redirects=True)
    assert response.request.path == "/login" and EXPIRED in response.text
    thief.set_cookie("firpath_review", copied)
    data = {"csrf_token": token, "proposal_hash": board_of().proposal("1104").content_hash, "path": "1103"}
    response = thief.post("/proposal/1104/approve", data=data)
    assert response.status_code == 401 and EXPIRED in response.text
    assert board_of().store.reviews.decisions() == []
    assert client_of(review_app, "alice").get("/").status_code == 200  # signing in again works


# --- session expiry -----------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def short_sessions_app(app_with, clock):
    settings = ReviewAppSettings(session_minutes=30, idle_minutes=10, max_failed_sign_ins=3,
                                 failed_sign_in_window_seconds=120)  # fmt: skip
    return app_with(settings=settings, clock=clock)


def test_an_idle_session_expires_and_sign_in_says_so(short_sessions_app, clock, client_of):
    alice = client_of(short_sessions_app, "alice")
    clock.advance(9)
    assert alice.get("/").status_code == 200
    clock.advance(10)  # 19 minutes after signing in, 10 without a request
    response = alice.get("/proposal/1104")
    assert (response.status_code, response.headers["Location"]) == (302, "/login?next=/proposal/1104")
    page = alice.get(response.headers["Location"])
    assert EXPIRED in page.text and "Signed in as" not in page.text


def test_a_busy_session_still_ends_after_its_lifetime(short_sessions_app, clock, board_of, client_of):
    alice = client_of(short_sessions_app, "alice")
    token = alice.token("/proposal/1104")
    for _ in range(3):  # 27 minutes of work, never 10 idle
        clock.advance(9)
        assert alice.get("/").status_code == 200
    clock.advance(3)  # 30 minutes after signing in
    data = {"csrf_token": token, "proposal_hash": board_of().proposal("1104").content_hash, "path": "1103"}
    response = alice.post("/proposal/1104/approve", data=data)
    assert response.status_code == 401 and EXPIRED in response.text
    assert board_of().store.reviews.decisions() == []
    assert alice.get("/").status_code == 302
    assert client_of(short_sessions_app, "alice").get("/").status_code == 200


def test_the_cookie_lapses_with_the_configured_lifetime(short_sessions_app, client_of):
    client = client_of(short_sessions_app)
    cookie = client.sign_in("alice").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert short_sessions_app.permanent_session_lifetime.total_seconds() == 30 * 60
    assert short_sessions_app.config["WTF_CSRF_TIME_LIMIT"] == 30 * 60


def test_session_lifetimes_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("FIRPATH_REVIEW_SESSION_MINUTES", "45")
    monkeypatch.setenv("FIRPATH_REVIEW_IDLE_MINUTES", "5")
    settings = ReviewAppSettings()
    assert (settings.session_minutes, settings.idle_minutes, settings.host) == (45, 5, "127.0.0.1")
    monkeypatch.setenv("FIRPATH_REVIEW_IDLE_MINUTES", "60")
    with pytest.raises(ValueError, match="idle_minutes .60. cannot be longer than session_minutes .45."):
        ReviewAppSettings()


# --- the sign-in limit --------------------------------------------------------------------------


def test_the_sign_in_limit_follows_the_settings_and_lifts_after_its_window(short_sessions_app, clock, client_of):
    client = client_of(short_sessions_app)
    for i in range(3):
        assert client.sign_in("alice", f"wrong-{i}-password").status_code == 200
    refused = client.sign_in("alice")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "120"
    assert "Too many failed sign-ins" in refused.text and "wait 2 minutes" in refused.text
    assert client.get("/").status_code == 302
    clock.advance(2)
    assert client.sign_in("alice").status_code == 302
    assert client.get("/").status_code == 200


# --- the secret key and the bind address ---------------------------------------------------------


@pytest.mark.integration
def test_the_session_key_is_never_in_the_repository():
    tracked = subprocess.run(["git", "-C", str(REPO), "ls-files"], capture_output=True, text=True, check=True).stdout
    assert "README.md" in tracked.split("\n")  # git answered for this repository
    secrets = ("review_secret.key", "decision_log.key", "decision_log.anchors", "staging.sqlite")
    assert [p for p in tracked.split("\n") if p.endswith(secrets)] == []
    for place in (".firpath/review_secret.key", "elsewhere/work/review_secret.key", "review_secret.key",
                  "elsewhere/work/decision_log.key", "elsewhere/work/decision_log.anchors",
                  "elsewhere/work/staging.sqlite-wal"):  # fmt: skip
        ignored = subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", "--no-index", place])
        assert ignored.returncode == 0, f"{place} is not ignored by .gitignore"
    literal = re.compile(r"""(SECRET_KEY|secret_key)\s*[:=]\s*(str\s*=\s*)?["'][^"']+["']""")
    sources = [p for p in (REPO / "firpath").rglob("*.py") if literal.search(p.read_text(encoding="utf-8"))]
    assert sources == []


def test_each_install_makes_its_own_owner_only_key(tmp_path, monkeypatch):
    import waitress

    from firpath.review.web import create_app, serve

    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    apps = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: apps.append(app))
    serve(tmp_path / "one")
    serve(tmp_path / "two")
    keys = [(tmp_path / w / "review_secret.key") for w in ("one", "two")]
    assert [stat.S_IMODE(k.stat().st_mode) for k in keys] == [0o600, 0o600]
    assert keys[0].read_text() != keys[1].read_text()
    assert [a.config["SECRET_KEY"] for a in apps] == [k.read_text().strip() for k in keys]
    for app in apps:
        app.extensions[EXTENSION].store.close()
    with pytest.raises(ValueError, match="secret key"):
        create_app(f"sqlite:///{tmp_path / 's.sqlite'}", secret_key="")


def _served(monkeypatch, tmp_path: Path, **kwargs) -> dict:  # noqa: ANN003
    import waitress

    from firpath.review.web import serve

    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append((app, kw)))
    serve(tmp_path, **kwargs)
    [(app, bound)] = calls
    app.extensions[EXTENSION].store.close()
    return bound


def test_the_app_listens_on_loopback_unless_told_otherwise(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("FIRPATH_REVIEW_HOST", raising=False)
    bound = _served(monkeypatch, tmp_path / "a")
    assert (bound["host"], bound["port"]) == ("127.0.0.1", 8050)
    assert "warning" not in capsys.readouterr().err

    monkeypatch.setenv("FIRPATH_REVIEW_HOST", "0.0.0.0")
    bound = _served(monkeypatch, tmp_path / "b")
    assert bound["host"] == "0.0.0.0"
    assert "warning: listening on 0.0.0.0, so other machines can reach the review app" in capsys.readouterr().err


@pytest.mark.integration
def test_review_serve_on_the_command_line_defaults_to_loopback(review_store_url, tmp_path, monkeypatch):
    import waitress
    from typer.testing import CliRunner

    from firpath.cli import app as cli

    workdir = Path(review_store_url.removeprefix("sqlite:///")).parent
    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    monkeypatch.delenv("FIRPATH_REVIEW_HOST", raising=False)
    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(cli, ["review", "serve", "--workdir", str(workdir)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["review", "serve", "--workdir", str(workdir), "--host", "::1", "--port", "9001"])
    assert result.exit_code == 0, result.output
    assert [(kw["host"], kw["port"]) for _, kw in calls] == [("127.0.0.1", 8050), ("::1", 9001)]
    for app, _ in calls:
        app.extensions[EXTENSION].store.close()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.10", False), ("review.example", False)],
)  # fmt: skip
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


# --- markup in every page -------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"onmouseover="alert(2)'
IMAGE = "<img src=x onerror=alert(3)>"
QUOTE = "'onfocus='alert(4)"
PAYLOADS = (SCRIPT, ATTRIBUTE, IMAGE, QUOTE)
HOSTILE = " ".join(PAYLOADS)
HOSTILE_REVIEWER = 'mallory"><b onmouseover=alert(5)>'  # a printable name: add-user accepts it
HOSTILE_PASSWORD = "mallory-password-3"
ESCAPED_MARKERS = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(3)&gt;",
                   "&#34;onmouseover=&#34;alert(2)")  # fmt: skip


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_inert(html: str, where: str, *, nonce: str | None) -> None:
    """No markup came from the data: no payload verbatim, no event-handler attribute on any element,
    no script but the page's own (carrying this response's nonce), no picture but an evidence one."""
    for payload in (*PAYLOADS, HOSTILE_REVIEWER):
        assert payload not in html, f"{where}: {payload!r} is in the page as markup"
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, f"{where}: <{tag}> has event-handler attributes {handlers}"
        if tag == "script":
            assert nonce is not None and attrs == {"nonce": nonce}, f"{where}: a script without the nonce: {attrs}"
        if tag == "img":
            assert (attrs.get("src") or "").startswith("/evidence/"), f"{where}: an image from {attrs.get('src')!r}"
    assert parser.tags, f"{where}: no HTML at all"


def _hostile_cpl_csv(data: bytes, name: str) -> bytes:
    entries = cpl_from_bytes(name, data)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["CPL Entry ID", "Manufacturer Identifier", "Model Identifier", "Hardware Version",
                     "Firmware Version", "Manufacturer Name", "Model Name", "Device Type"])  # fmt: skip
    for e in entries:
        writer.writerow([e.entry_id, e.manufacturer_id, e.model_id, e.hardware_version, e.firmware_version.text,
                         f"{e.manufacturer_name} {SCRIPT}", f"{e.model_name} {ATTRIBUTE}", IMAGE])  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def _hostile_run(store_url: str) -> None:
    """A newer run of the same inbox with markup in every text a page shows: CPL names, export names,
    evidence (text, file, location, version as written), review flags and who imported it; and a
    reviewer whose name is markup."""
    with StagingStore.open(store_url) as store:
        run = store.runs.latest_run()
        inputs = run.inputs
        cpl_data = _hostile_cpl_csv(store.documents.content(inputs["cpl_export"]), inputs.get("cpl_export_name", "cpl"))
        cpl = {e.entry_id: e for e in cpl_from_bytes("cpl.csv", cpl_data)}
        new_inputs = {**inputs, "cpl_export": store.runs.store_content(cpl_data, DocumentKind.CSV),
                      "cpl_export_name": f"cpl {SCRIPT}.csv", "fir_export_name": f"fir {ATTRIBUTE}.csv"}  # fmt: skip

        def hostile(proposal: ProposedChange) -> ProposedChange:
            alternatives = []
            for alt in proposal.alternatives:
                claims = []
                for mapped in alt.claims:
                    claim, evidence = mapped.claim, mapped.claim.evidence
                    location = evidence.location if evidence.location.startswith("page") else f"{evidence.location} {ATTRIBUTE}"
                    text = f"Mfr: {SCRIPT} | Notes: {IMAGE}" if "row" in evidence.location else f"{evidence.text} {HOSTILE}"
                    evidence = replace(evidence, text=text, file=f"{evidence.file} {SCRIPT}", location=location)
                    claim = replace(claim, evidence=evidence, target=replace(claim.target, text=f"{claim.target.text}{QUOTE}"))
                    claims.append(MappedClaim(claim, cpl[mapped.target.entry_id], tuple(cpl[b.entry_id] for b in mapped.bases)))
                alternatives.append(Alternative(alt.path, tuple(claims)))
            return replace(proposal, target=cpl[proposal.target.entry_id], alternatives=tuple(alternatives),
                           review_flags=(*proposal.review_flags, HOSTILE))  # fmt: skip

        new_run = store.runs.begin_run(run.inbox, new_inputs, f"importer {IMAGE}")
        store.results.save_results(new_run, [], [], [hostile(p) for p in store.results.proposals(run.run_id)])
        store.runs.finish_run(new_run, run.summary)
        add_user(store, HOSTILE_REVIEWER, HOSTILE_PASSWORD, by=store.reviews.user("alice"))


def _pages(client, entry_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Every HTML page a signed-in reviewer (a ReviewerClient) can open: (html, CSP nonce) by URL."""
    urls = ["/", "/?conflicts=1&state=pending", *(f"/proposal/{e}" for e in entry_ids),
            "/proposal/" + ATTRIBUTE.replace('"', "%22"), "/proposal/" + IMAGE.replace(" ", "%20"),
            "/register", "/register?q=" + SCRIPT.replace("<", "%3C").replace(">", "%3E"), "/register/2204", "/edit/1",
            "/register/" + ATTRIBUTE.replace('"', "%22")]  # fmt: skip
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.mimetype == "text/html", (url, response.status_code)
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
        pages[url] = (response.text, nonce.group(1) if nonce else None)
    return pages


def test_markup_from_documents_exports_and_reviewers_is_text_in_every_page(
    review_store_url, review_app, board_of, client_of, tmp_path
):
    _hostile_run(review_store_url)
    entry_ids = list(board_of().proposals)

    mallory = client_of(review_app)
    failed = mallory.sign_in(HOSTILE_REVIEWER, "a wrong password")  # the login page echoes the name back
    assert_inert(failed.text, "failed sign-in", nonce=None)
    assert "mallory&#34;&gt;&lt;b onmouseover=alert(5)&gt;" in failed.text
    assert mallory.sign_in(HOSTILE_REVIEWER, HOSTILE_PASSWORD).status_code == 302
    flashed = [
        mallory.decide("1104", "reject", reason=f"rejected: {HOSTILE}"),
        mallory.decide("2204", "correct", base="2203", reason=f"the note says {HOSTILE}"),
        # every hostile proposal is flagged (HOSTILE is among its flags): an approval needs a reason
        mallory.decide("2204", "approve", reason=f"checked: {HOSTILE}"),  # the corrector's needs another's: the message names her
        mallory.decide("4401", "approve", reason=f"checked: {HOSTILE}"),
        mallory.decide("1106", "reject", reason=""),  # refused: no reason
    ]
    for response in flashed:
        assert_inert(response.text, "page with a flash message", nonce=re.search(
            r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1))  # fmt: skip
    assert ("waiting for an approver other than importer &lt;img src=x onerror=alert(3)&gt;, "
            "mallory&#34;&gt;&lt;b onmouseover=alert(5)&gt; (who imported, proposed or edited it)") in flashed[2].text

    # a SECAS edit whose reason and file name are markup (mallory's own): edit 1, shown on its page
    token = mallory.token("/register/2204")
    mallory.post("/register/2204/edit", data={"csrf_token": token, "base": "2203", "reason": f"per {HOSTILE}",
                                              "evidence": (io.BytesIO(b"a letter"), f"{SCRIPT}.txt")},
                 content_type="multipart/form-data")  # fmt: skip
    assert board_of().edits[1].origin.reason == f"per {HOSTILE}"
    pages = _pages(mallory, entry_ids)
    # the queue twice, every proposal, two "no such entry" pages; the register twice, an entry, an edit, one missing
    assert len(pages) == len(entry_ids) + 9
    for url, (html, nonce) in pages.items():
        assert_inert(html, url, nonce=nonce)
        assert any(marker in html for marker in ESCAPED_MARKERS), f"{url}: the markup is not shown as text"

    detail = _pages(mallory, ["2204"])["/proposal/2204"][0]
    for escaped in ("&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;onmouseover=&#34;alert(2)",
                    "&lt;img src=x onerror=alert(3)&gt;", "&#39;onfocus=&#39;alert(4)"):  # fmt: skip
        assert escaped in detail
    svg = re.search(r'<div class="graph">(.*?)</div>', detail, re.DOTALL).group(1)
    assert "&quot;onmouseover=&quot;alert(2)" in svg  # the model name in the graph's title

    signed_out = review_app.test_client().get("/login?next=/x" + ATTRIBUTE.replace('"', "%22"))
    assert_inert(signed_out.text, "sign-in page with a next= link", nonce=None)
    assert 'value="/x&#34;onmouseover=&#34;alert(2)"' in signed_out.text

    # the published report: every approved change, its approvers, correction and evidence
    client_of(review_app, "bob").decide("2204", "approve", reason="checked the flags")
    from firpath.publish import publish

    result = publish(board_of(), tmp_path / "published")
    assert set(result.published) >= {"2204", "4401"}
    report = result.files.report.read_text(encoding="utf-8")
    assert_inert(report, "report.html", nonce=None)
    assert "<script" not in report.lower()
    for escaped in ("mallory&quot;&gt;&lt;b onmouseover=alert(5)&gt;", "the note says &lt;script&gt;alert(1)",
                    "cpl &lt;script&gt;alert(1)&lt;/script&gt;.csv", "importer &lt;img src=x onerror=alert(3)&gt;"):
        assert escaped in report


def test_markup_in_validation_results_is_text_in_validation_html():
    from expectations.report import validation_html
    from expectations.results import ExpectationOutcome, ValidationReport

    failing = ExpectationOutcome("edges", f"expect_{IMAGE}", f"base older {HOSTILE}", False, 3, 2, f"edge {QUOTE}",
                                 (f"E3 <- {SCRIPT}", ATTRIBUTE), (f"E3{ATTRIBUTE}",))  # fmt: skip
    page = validation_html(ValidationReport((failing,), {f"E3{ATTRIBUTE}": (HOSTILE,)}), f"run {SCRIPT}")
    assert_inert(page, "validation.html", nonce=None)
    assert "<script" not in page.lower() and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
