"""Reviewer accounts: names and scrypt password hashes kept in the staging store.

`verify_user` takes the same time whether or not the name exists (an unknown name is checked against
a dummy hash), so the sign-in page does not tell an attacker which names are real.
"""

from __future__ import annotations

from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from staging.reviews import UserRecord
from staging.store import StagingStore

MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 64
HASH_METHOD = "scrypt"


def clean_name(name: str) -> str:
    """The reviewer name as stored and shown in the decision log; ValueError when unusable."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise ValueError("a reviewer needs a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(f"a reviewer name may have at most {MAX_NAME_LENGTH} characters")
    if any(not ch.isprintable() for ch in cleaned):
        raise ValueError("a reviewer name may not contain control characters")
    return cleaned


def add_user(store: StagingStore, name: str, password: str, admin: bool = False) -> UserRecord:
    """Add a reviewer; raises ValueError for an empty name or a password under 8 characters, and
    staging.engine.StagingError when the name exists already."""
    cleaned = clean_name(name)
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    password_hash = generate_password_hash(password, method=HASH_METHOD)
    store.reviews.add_user(cleaned, password_hash, is_admin=admin)
    return UserRecord(cleaned, password_hash, admin)


@cache
def _dummy_hash() -> str:
    return generate_password_hash("firpath: no such reviewer", method=HASH_METHOD)


def verify_user(store: StagingStore, name: str, password: str) -> UserRecord | None:
    """The reviewer when `password` is theirs; None for a wrong password or an unknown name."""
    try:
        cleaned = clean_name(name)
    except ValueError:
        cleaned = ""
    record = store.reviews.user(cleaned) if cleaned else None
    if record is None:
        check_password_hash(_dummy_hash(), password or "")  # same work as for a real name
        return None
    return record if check_password_hash(record.password_hash, password or "") else None


__all__ = ["MIN_PASSWORD_LENGTH", "add_user", "clean_name", "verify_user"]
