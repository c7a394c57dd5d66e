"""Reviewer accounts: names and scrypt password hashes kept in the staging store, and who may manage them.

Every decision, whatever the channel, is made by a reviewer who proved who they are: the web app by
its sign-in, `review import`, `review propose` and `run --by` by the reviewer's password. The first
account is an admin; every later one, a disabled account or a new password needs an admin's password
too (the store checks the admin again in the same transaction).

`verify_user` takes the same time whether or not the name exists or is disabled (an unknown name is
checked against a dummy hash), so the sign-in page does not tell an attacker which names are real.
"""

from __future__ import annotations

from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from staging.reviews import UserAccount, UserRecord
from staging.store import StagingStore

MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 64
HASH_METHOD = "scrypt"


class AuthenticationFailed(ValueError):
    """A name and password that do not make an active reviewer (one message for every reason)."""


class NotAuthorised(ValueError):
    """A reviewer who may not do what was asked (not an admin)."""


def clean_name(name: str) -> str:
    """The reviewer name as stored and shown in the decision log; ValueError when unusable."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise ValueError("a reviewer needs a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(f"a reviewer name may have at most {MAX_NAME_LENGTH} characters")
    if any(not ch.isprintable() for ch in cleaned):
        raise ValueError("a reviewer name may hold printable characters only (no control or formatting characters)")
    return cleaned


def _password_hash(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return generate_password_hash(password, method=HASH_METHOD)


def add_user(store: StagingStore, name: str, password: str, *, admin: bool = False, by: UserRecord | None = None) -> UserRecord:
    """Add a reviewer. The first one is an admin and needs nobody; every later one needs `by`, an
    admin who signed with their password. Raises ValueError for an unusable name or a password
    under 8 characters, and staging.engine.StagingError when the name exists (in any case) or `by`
    is no active admin."""
    cleaned = clean_name(name)
    return store.reviews.add_user(cleaned, _password_hash(password), is_admin=admin, created_by=by.name if by else "")


def disable_user(store: StagingStore, name: str, by: UserRecord) -> None:
    """Disable a reviewer (their decisions stay; they can no longer sign in or decide)."""
    store.reviews.disable_user(name, by.name)


def reset_password(store: StagingStore, name: str, password: str, by: UserRecord) -> None:
    """Give a reviewer a new password; their web sign-ins end."""
    store.reviews.set_password(name, _password_hash(password), by.name)


def list_users(store: StagingStore) -> list[UserAccount]:
    return store.reviews.users()


@cache
def _dummy_hash() -> str:
    return generate_password_hash("firpath: no such reviewer", method=HASH_METHOD)


def verify_user(store: StagingStore, name: str, password: str) -> UserRecord | None:
    """The reviewer when `password` is theirs and the account is active; None otherwise."""
    try:
        cleaned = clean_name(name)
    except ValueError:
        cleaned = ""
    record = store.reviews.user(cleaned) if cleaned else None
    if record is None:
        check_password_hash(_dummy_hash(), password or "")  # same work as for a real name
        return None
    matches = check_password_hash(record.password_hash, password or "")
    return record if matches and not record.disabled else None


def authenticate(store: StagingStore, name: str, password: str) -> UserRecord:
    """The active reviewer `name` proves to be with `password`; AuthenticationFailed otherwise."""
    record = verify_user(store, name, password)
    if record is None:
        shown = "".join(ch if ch.isprintable() else "?" for ch in (name or ""))[:MAX_NAME_LENGTH]
        raise AuthenticationFailed(f"{shown!r}: wrong name or password, or the account is disabled")
    return record


def authenticate_admin(store: StagingStore, name: str, password: str) -> UserRecord:
    record = authenticate(store, name, password)
    if not record.is_admin:
        raise NotAuthorised(f"{record.name} is not an admin: only an admin may manage reviewers")
    return record


__all__ = [
    "MIN_PASSWORD_LENGTH", "AuthenticationFailed", "NotAuthorised", "add_user", "authenticate",
    "authenticate_admin", "clean_name", "disable_user", "list_users", "reset_password", "verify_user",
]  # fmt: skip
