"""Fixtures for the review app tests: one finished backfill of the demo corpus per session, and per
test a private copy of its staging store with two reviewers, so decisions never leak between tests."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.firpath.publish.publish_builders import REVIEWER_PASSWORDS, register_reviewers

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

IMPORTER = "importer"  # who ran the backfill: may not be the sole approver of what it found
REVIEWERS = {name: REVIEWER_PASSWORDS[name] for name in ("alice", "bob")}  # alice is the admin
SECRET_KEY = "test-secret-key-" + "x" * 32


@dataclass(frozen=True)
class DemoRun:
    workdir: Path
    store_file: Path  # the staging store right after the run, with the reviewers: copy it, never write to it


@pytest.fixture(scope="session")
def review_demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The backfill flow on the demo inbox, imported by IMPORTER, run once per session.

    The Prefect test harness is held only while the flow runs (the review app needs no Prefect); it
    nests cleanly inside another harness when tests/flows runs in the same session.
    """
    from prefect.testing.utilities import prefect_test_harness

    from firpath.demo import write_demo
    from flows.backfill import backfill_flow
    from staging.settings import StoreSettings, store_url
    from staging.store import StagingStore

    workdir = tmp_path_factory.mktemp("review-demo")
    inputs = write_demo(workdir)
    url = store_url(workdir, StoreSettings(url=None))  # always the workdir's SQLite file
    with prefect_test_harness(server_startup_timeout=180):
        backfill_flow(inputs.inbox, inputs.cpl, inputs.fir, workdir, url, 1, IMPORTER)
    with StagingStore.open(url) as store:  # once: scrypt is slow on purpose
        register_reviewers(store, tuple(REVIEWERS))
    return DemoRun(workdir, workdir / "staging.sqlite")


@pytest.fixture
def review_store_url(review_demo_run: DemoRun, tmp_path: Path) -> str:
    """A private copy of the demo run's store (SQLite backup API: safe with WAL)."""
    copy = tmp_path / "staging.sqlite"
    source = sqlite3.connect(review_demo_run.store_file)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return f"sqlite:///{copy}"


@pytest.fixture
def review_app(review_store_url: str):
    from firpath.review.web import create_app
    from firpath.review.web.app import EXTENSION

    app = create_app(review_store_url, secret_key=SECRET_KEY, testing=True)
    yield app
    app.extensions[EXTENSION].store.close()


def csrf_token_in(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def hidden_value(html: str, form_id: str, name: str) -> str:
    form = re.search(rf'<form id="{form_id}".*?</form>', html, re.DOTALL)
    assert form, f"no form {form_id}"
    match = re.search(rf'name="{name}" value="([^"]*)"', form.group(0))
    assert match, f"no field {name} in form {form_id}"
    return match.group(1)


class ReviewerClient:
    """A Flask test client that signs in and fills in the decision forms as a reviewer would."""

    def __init__(self, client) -> None:
        self.client = client

    def __getattr__(self, name: str):
        return getattr(self.client, name)

    def token(self, path: str = "/") -> str:
        """The CSRF token of this session, as a page at `path` carries it."""
        return csrf_token_in(self.client.get(path).text)

    def sign_in(self, name: str, password: str | None = None, *, csrf: bool = True, **kwargs):
        """Post the sign-in form (with the page's CSRF token unless `csrf=False`)."""
        token = csrf_token_in(self.client.get("/login").text)
        password = REVIEWERS[name] if password is None else password
        data = {"name": name, "password": password} | ({"csrf_token": token} if csrf else {})
        return self.client.post("/login", data=data, **kwargs)

    def decide(self, entry_id: str, action: str, *, follow: bool = True, **fields):
        """Post the page's own form for `action` (its CSRF token and proposal hash) plus `fields`."""
        page = self.client.get(f"/proposal/{entry_id}")
        assert page.status_code == 200, page.status_code
        data = {"csrf_token": csrf_token_in(page.text),
                "proposal_hash": hidden_value(page.text, f"{action}-form", "proposal_hash")}  # fmt: skip
        if action == "approve" and 'name="path"' in page.text:
            data["path"] = hidden_value(page.text, "approve-form", "path")
        data.update(fields)
        return self.client.post(f"/proposal/{entry_id}/{action}", data=data, follow_redirects=follow)


# Not `with app.test_client()`: a preserved request context would share `g` (and Flask-Login's
# cached user) between the two clients.
@pytest.fixture
def reviewer_client(review_app) -> ReviewerClient:
    """A client; sign in with `.sign_in("alice")`."""
    return ReviewerClient(review_app.test_client())


@pytest.fixture
def second_client(review_app) -> ReviewerClient:
    """Another browser: a second reviewer with a session of their own."""
    return ReviewerClient(review_app.test_client())


@pytest.fixture
def app_with(review_store_url: str):
    """Another review app on the test's store: `app_with(settings=..., clock=...)`."""
    from firpath.review.web import create_app
    from firpath.review.web.app import EXTENSION

    apps = []

    def make(**kwargs):
        app = create_app(review_store_url, secret_key=SECRET_KEY, testing=True, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions[EXTENSION].store.close()


@pytest.fixture
def client_of():
    """A new client (a browser of its own) of `app`, signed in as `name` when one is given."""

    def make(app, name: str | None = None) -> ReviewerClient:
        client = ReviewerClient(app.test_client())
        if name is not None:
            response = client.sign_in(name)
            assert response.status_code == 302, f"{name} could not sign in: {response.status_code}"
        return client

    return make


@pytest.fixture
def board_of(review_store_url: str):
    """A fresh board on the test's store: what publish and the Excel channel would see."""
    from firpath.review.board import ReviewBoard
    from staging.store import StagingStore

    stores = []

    def open_board():
        store = StagingStore.open(review_store_url)
        stores.append(store)
        return ReviewBoard.open(store)

    yield open_board
    for store in stores:
        store.close()
