"""How long a sign-in lasts, and signing out for good.

The session is Flask's signed cookie. On sign-in it gets a random id and two times: when the
reviewer signed in and when they last made a request. Every request checks them against the app's
clock: `session_minutes` after signing in, or `idle_minutes` after the last request, the session is
over and the reviewer is sent to sign in again. Signing out remembers the session's id until it
would have expired anyway, so a copy of the cookie taken before signing out is refused too (until
the server restarts; the expiry still bounds such a copy).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping, MutableMapping

from firpath.review.web.settings import ReviewAppSettings

SESSION_ID = "sid"
SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
EXPIRED = "Your session expired: sign in again."


def _time(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def stamp_new_session(session: MutableMapping[str, object], now: float) -> None:
    """Give a fresh sign-in its id and times (right after `login_user`)."""
    session[SESSION_ID] = secrets.token_urlsafe(18)
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def session_expired(session: Mapping[str, object], now: float, settings: ReviewAppSettings) -> bool:
    """True when the sign-in is too old or was idle too long. A session without its id and both
    times (made by an older firpath, or forged with a stolen key) counts as expired."""
    signed_in, seen = _time(session.get(SIGNED_IN_AT)), _time(session.get(SEEN_AT))
    if signed_in is None or seen is None or not isinstance(session.get(SESSION_ID), str):
        return True
    return now - signed_in >= settings.session_minutes * 60 or now - seen >= settings.idle_minutes * 60


class SignOuts:
    """Ids of sessions whose reviewer signed out, each kept until the session would have expired."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def record(self, session: Mapping[str, object], settings: ReviewAppSettings) -> None:
        sid, signed_in = session.get(SESSION_ID), _time(session.get(SIGNED_IN_AT))
        if isinstance(sid, str) and signed_in is not None:
            with self._lock:
                self._until[sid] = signed_in + settings.session_minutes * 60

    def signed_out(self, session: Mapping[str, object], now: float) -> bool:
        sid = session.get(SESSION_ID)
        with self._lock:
            for old in [s for s, until in self._until.items() if until <= now]:
                del self._until[old]  # expired by now in any case
            return isinstance(sid, str) and sid in self._until


__all__ = ["EXPIRED", "SEEN_AT", "SESSION_ID", "SIGNED_IN_AT", "SignOuts", "session_expired", "stamp_new_session"]
