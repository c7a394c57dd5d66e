"""Sign-in and sign-out, and a small in-memory limit on failed sign-ins, per account and per address.

Within `window_seconds` (`ReviewAppSettings.failed_sign_in_window_seconds`):

- after `max_failures` failed attempts for one name (a reviewer's, or one that is no account: the two
  are treated alike, so the limit tells no name apart), further attempts for that name are refused
  (429) without checking the password, even a right one, until the window has moved on;
- after `max_failures` failed attempts from one address, every further wrong password or unknown
  name from it is answered 429 too (scripts back off, and the answer tells no name apart), but a
  reviewer who gives their right password is still let in: behind a proxy, or on loopback, where
  every reviewer shares one address, someone else's guessing locks nobody out.

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


CREDENTIALS = "credentials"  # session key: when the password signed in with was set


class Reviewer(UserMixin):
    """The signed-in reviewer; the session holds only the name, reloaded from the store per request
    (a disabled account loads as nobody: its sessions end at their next request)."""

    def __init__(self, name: str, is_admin: bool = False, credentials: str = "") -> None:
        self.name = name
        self.is_admin = is_admin
        self.credentials = credentials  # when the account's password was set: a new one ends older sign-ins

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
    def _name(name: str) -> tuple[str, str]:
        return ("name", name.strip().casefold())

    @staticmethod
    def _address(address: str) -> tuple[str, str]:
        return ("address", address)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and now - times[0] >= self.window_seconds:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def _full(self, key: tuple[str, str]) -> bool:
        now = self._clock()
        with self._lock:
            return len(self._recent(key, now)) >= self.max_failures

    def account_blocked(self, name: str) -> bool:
        """Too many failures for this name: refuse without checking the password."""
        return self._full(self._name(name))

    def address_limited(self, address: str) -> bool:
        """Too many failures from this address: a wrong password or unknown name gets 429."""
        return self._full(self._address(address))

    def blocked(self, name: str, address: str) -> bool:
        """Either limit is reached (for reading; the sign-in page asks each on its own)."""
        return self.account_blocked(name) or self.address_limited(address)

    def failed(self, name: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) >= self.MAX_KEYS:
                for key in list(self._failures):
                    self._recent(key, now)
                while len(self._failures) >= self.MAX_KEYS:  # still full: forget the oldest
                    self._failures.pop(next(iter(self._failures)))
            for key in (self._name(name), self._address(address)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, name: str) -> None:
        """A correct password clears the name's failures (not the address's)."""
        with self._lock:
            self._failures.pop(self._name(name), None)


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
    minutes = max(1, round(limiter.window_seconds / 60))
    too_many = (
        render_template("login.html", next_url=next_url, name=name, error=(
            f"Too many failed sign-ins for this name or from this address: wait {minutes} minutes and try again.")),
        429, {"Retry-After": str(int(limiter.window_seconds))},
    )  # fmt: skip
    if limiter.account_blocked(name):
        return too_many
    address_limited = limiter.address_limited(address)  # before this attempt counts
    record = verify_user(context.store, name, password)
    if record is None:
        limiter.failed(name, address)
        current_app.logger.warning("failed sign-in for %r from %s", name[:64], address)
        if address_limited:
            return too_many
        return render_template("login.html", next_url=next_url, name=name, error="Wrong name or password.")
    limiter.succeeded(name)
    session.clear()  # nothing from before the sign-in carries over (no session fixation)
    login_user(Reviewer(record.name, record.is_admin))
    stamp_new_session(session, context.clock())
    session[CREDENTIALS] = credentials_of(record)
    session.permanent = True  # the cookie lapses after PERMANENT_SESSION_LIFETIME too
    return redirect(next_url or url_for("queue.index"))


def credentials_of(record) -> str:  # noqa: ANN001 (a staging.reviews.UserRecord)
    """What a session remembers of the password it signed in with: when it was set."""
    return "" if record.password_set_at is None else record.password_set_at.isoformat()


@bp.post("/logout")
def logout() -> Response:
    from firpath.review.web.app import review_context

    context = review_context()
    context.sign_outs.record(session, context.settings)  # a copy of this cookie is refused from now on
    logout_user()
    session.clear()
    flash("Signed out.", "info")
    return redirect(url_for("auth.login"))
