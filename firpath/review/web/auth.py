"""Sign-in and sign-out, and a small in-memory limit on failed sign-ins.

After `max_failures` failed attempts for one name, or from one address, within `window_seconds`
(`ReviewAppSettings.max_failed_sign_ins` and `failed_sign_in_window_seconds`),
further attempts are refused (429) without checking the password until the window has moved on.
The limit lives in the process: a restart forgets it, which is fine for one waitress process.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_user, logout_user
from werkzeug.wrappers import Response

from firpath.review.accounts import verify_user
from firpath.review.web.sessions import stamp_new_session

bp = Blueprint("auth", __name__)


class Reviewer(UserMixin):
    """The signed-in reviewer; the session holds only the name, reloaded from the store per request."""

    def __init__(self, name: str, is_admin: bool = False) -> None:
        self.name = name
        self.is_admin = is_admin

    def get_id(self) -> str:
        return self.name


class LoginLimiter:
    """Failed sign-ins per name and per address in a sliding window; thread-safe."""

    MAX_KEYS = 10_000  # a flood of made-up names cannot grow the table without bound

    def __init__(self, max_failures: int = 5, window_seconds: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(name: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("name", name.strip().casefold()), ("address", address)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and now - times[0] >= self.window_seconds:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def blocked(self, name: str, address: str) -> bool:
        now = self._clock()
        with self._lock:
            return any(len(self._recent(key, now)) >= self.max_failures for key in self._keys(name, address))

    def failed(self, name: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) >= self.MAX_KEYS:
                for key in list(self._failures):
                    self._recent(key, now)
                while len(self._failures) >= self.MAX_KEYS:  # still full: forget the oldest
                    self._failures.pop(next(iter(self._failures)))
            for key in self._keys(name, address):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, name: str) -> None:
        """A correct password clears the name's failures (not the address's)."""
        with self._lock:
            self._failures.pop(self._keys(name, "")[0], None)


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site; None for anything that could lead elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int, dict[str, str]]:
    from firpath.review.web.app import review_context

    if current_user.is_authenticated:
        return redirect(url_for("queue.index"))
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next_url=next_url, name="")

    context = review_context()
    name = request.form.get("name", "")
    password = request.form.get("password", "")
    address = request.remote_addr or "unknown"
    limiter = context.limiter
    if limiter.blocked(name, address):
        minutes = max(1, round(limiter.window_seconds / 60))
        message = f"Too many failed sign-ins for this name or from this address: wait {minutes} minutes and try again."
        page = render_template("login.html", next_url=next_url, name=name, error=message)
        return page, 429, {"Retry-After": str(int(limiter.window_seconds))}
    record = verify_user(context.store, name, password)
    if record is None:
        limiter.failed(name, address)
        current_app.logger.warning("failed sign-in for %r from %s", name[:64], address)
        return render_template("login.html", next_url=next_url, name=name, error="Wrong name or password.")
    limiter.succeeded(name)
    session.clear()  # nothing from before the sign-in carries over (no session fixation)
    login_user(Reviewer(record.name, record.is_admin))
    stamp_new_session(session, context.clock())
    session.permanent = True  # the cookie lapses after PERMANENT_SESSION_LIFETIME too
    return redirect(next_url or url_for("queue.index"))


@bp.post("/logout")
def logout() -> Response:
    from firpath.review.web.app import review_context

    context = review_context()
    context.sign_outs.record(session, context.settings)  # a copy of this cookie is refused from now on
    logout_user()
    session.clear()
    flash("Signed out.", "info")
    return redirect(url_for("auth.login"))
