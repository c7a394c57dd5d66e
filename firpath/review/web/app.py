"""The app factory: configuration, the sign-in guard, CSRF, security headers and error pages.

Every route but sign-in and static files needs a signed-in reviewer: the guard runs before anything
else (a signed-out GET goes to /login, anything else gets 401), then CSRF protection checks every POST.
A sign-in ends `session_minutes` after it was made, or `idle_minutes` after the last request,
whichever comes first, and for good when the reviewer signs out (`sessions.py`).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import LoginManager, current_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from firpath.review.board import NothingToReview, ReviewBoard
from firpath.review.web.auth import CREDENTIALS, LoginLimiter, Reviewer, credentials_of
from firpath.review.web.sessions import EXPIRED, SEEN_AT, SignOuts, session_expired
from firpath.review.web.settings import ReviewAppSettings
from staging.engine import StagingError
from staging.store import StagingStore

PUBLIC_ENDPOINTS = frozenset({"auth.login", "static"})
UPLOAD_ENDPOINTS = frozenset({"register.propose", "register.withdraw"})  # forms that may carry a file
EXTENSION = "firpath_review"


@dataclass
class ReviewContext:
    """What the app shares between requests: the store, the current run's board, the sign-in limiter
    and the sessions ended by signing out."""

    store: StagingStore
    evidence: Any  # detail.EvidenceRenders: cached page text and pictures of evidence PDFs
    settings: ReviewAppSettings = field(default_factory=ReviewAppSettings)
    clock: Callable[[], float] = time.time  # seconds; the session times are compared against it
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    sign_outs: SignOuts = field(default_factory=SignOuts)
    _board: ReviewBoard | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def board(self) -> ReviewBoard:
        """The latest finished run's board; reopened when a newer run has finished (its proposals,
        CPL and FIR are fixed per run; review statuses and SECAS edits are read from the store)."""
        run = self.store.runs.latest_run()
        if run is None:
            raise NothingToReview("no finished backfill run in this workdir: run `firpath run` or `firpath demo` first")
        with self._lock:
            if self._board is None or self._board.run.run_id != run.run_id:
                self._board = ReviewBoard.open(self.store)
            else:  # SECAS edits come and go between runs (the command line proposes them too)
                self._board.load_edits()
            return self._board


def review_context() -> ReviewContext:
    return current_app.extensions[EXTENSION]


def board() -> ReviewBoard:
    return review_context().board()


def _upload_limit() -> None:
    """Every form is small (MAX_CONTENT_LENGTH) but those that may attach a file to a SECAS edit. Set
    before anything reads the body (the CSRF check does)."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = review_context().settings.max_evidence_mb * 2**20


def _require_login() -> Response | None:
    if request.endpoint == "static":
        return None
    expired = False
    if current_user.is_authenticated:
        context = review_context()
        now = context.clock()
        current = session.get(CREDENTIALS) == current_user.credentials  # no new password since signing in
        if current and not session_expired(session, now, context.settings) and not context.sign_outs.signed_out(session, now):
            session[SEEN_AT] = now
            return None
        logout_user()
        session.clear()
        expired = True
    if expired and (request.endpoint in PUBLIC_ENDPOINTS or request.method in ("GET", "HEAD")):
        flash(EXPIRED, "info")
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return Response((EXPIRED if expired else "Sign in first.") + "\n", status=401, mimetype="text/plain")


def _csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _security_headers(response: Response) -> Response:
    nonce = g.get("csp_nonce", "")
    script = f"'nonce-{nonce}'" if nonce else "'none'"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; script-src {script}; style-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _error_page(title: str, message: str, status: int) -> tuple[str, int]:
    return render_template("error.html", title=title, message=message), status


def create_app(
    store_url: str,
    *,
    secret_key: str,
    settings: ReviewAppSettings | None = None,
    testing: bool = False,
    clock: Callable[[], float] = time.time,
    workdir: Path | None = None,
) -> Flask:
    """The review app on the staging store at `store_url`; reviewers sign in with their store accounts.
    `workdir`: where the decision log's key is kept when the store is not a SQLite file beside it."""
    if not secret_key or len(secret_key) < 16:
        raise ValueError("the review app needs a secret key of at least 16 characters")
    settings = settings if settings is not None else ReviewAppSettings()
    session_minutes = settings.session_minutes
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key,
        TESTING=testing,
        SESSION_COOKIE_NAME="firpath_review",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=session_minutes),
        WTF_CSRF_TIME_LIMIT=session_minutes * 60,  # a form stays valid as long as the session
        MAX_CONTENT_LENGTH=64 * 1024,  # the forms are small; refuse anything big early
    )
    from firpath.review.web import auth, bulk, detail, progress, queue, register

    store = StagingStore.open(store_url, workdir=workdir)
    limiter = LoginLimiter(settings.max_failed_sign_ins, settings.failed_sign_in_window_seconds, clock=clock)
    app.extensions[EXTENSION] = ReviewContext(store, detail.EvidenceRenders(store), settings, clock, limiter)

    login_manager = LoginManager()
    login_manager.session_protection = "strong"
    login_manager.login_view = "auth.login"

    @login_manager.user_loader
    def load_user(name: str) -> Reviewer | None:
        record = store.reviews.user(name)
        if record is None or record.disabled or record.name != name:
            return None  # a disabled account's sessions end at their next request
        return Reviewer(record.name, record.is_admin, credentials_of(record))

    login_manager.init_app(app)

    # the sign-in guard first, so that a signed-out POST is refused as such (401), not as a CSRF failure
    app.before_request(_upload_limit)
    app.before_request(_require_login)
    CSRFProtect(app)
    app.after_request(_security_headers)
    app.jinja_env.globals["csp_nonce"] = _csp_nonce

    app.register_blueprint(auth.bp)
    app.register_blueprint(queue.bp)
    app.register_blueprint(bulk.bp)
    app.register_blueprint(progress.bp)
    app.register_blueprint(detail.bp)
    app.register_blueprint(register.bp)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> tuple[str, int]:
        return _error_page("Form refused", f"{exc.description} Reload the page and try again.", 400)

    @app.errorhandler(NothingToReview)
    def nothing_to_review(exc: NothingToReview) -> tuple[str, int]:
        return _error_page("Nothing to review yet", str(exc), 503)

    @app.errorhandler(StagingError)
    def store_refused(exc: StagingError) -> tuple[str, int]:  # a missing decision log key, say
        current_app.logger.error("the staging store refused: %s", exc)
        return _error_page("The staging store refused", f"{exc} Nothing was recorded.", 503)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[str, int] | HTTPException:
        if exc.code is None or exc.code < 400:
            return exc
        return _error_page(f"{exc.code} {exc.name}", exc.description or "", exc.code)

    return app


__all__ = ["ReviewContext", "board", "create_app", "review_context"]
