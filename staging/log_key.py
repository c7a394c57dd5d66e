"""The decision log's key and its anchors, kept in files outside the database.

Each decision's record hash is an HMAC-SHA256 under this key, over the record before it and its own
content: someone who can write to the database but does not have the key cannot edit, insert or
reorder decisions (or recompute the chain afterwards) without `firpath check` seeing it. An anchor
is the log's head at a moment (how many decisions, the last one's hash), MAC'd with the same key;
each publication writes one to the database, to the anchor file beside the key and into its
manifest, so that removing trailing decisions is seen too (the chain alone cannot tell a shortened
log from one that was never longer).

The key file is made on the first decision, 64 random hex characters, owner-only (0600; a looser
mode is tightened). One key belongs to one store: its id (a hash of it, never the key) is kept in
the store, so that a wrong key file is named as such rather than as every decision being forged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from staging.engine import StagingError

log = logging.getLogger(__name__)

ANCHOR_FILE_NAME = "decision_log.anchors"
GENESIS_HASH = "0" * 64


class MissingLogKey(StagingError):
    """The decision log has decisions (or a key id) but its key file is not where it should be."""


def record_hash(key: bytes, previous_hash: str, payload: dict[str, Any]) -> str:
    """A decision's record hash: HMAC-SHA256 over the hash before it and its canonical content."""
    message = (previous_hash + json.dumps(payload, sort_keys=True)).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """Names a key without giving it away (kept in the store's meta table)."""
    return hashlib.sha256(b"firpath decision log key\n" + key).hexdigest()[:16]


@dataclass(frozen=True)
class Anchor:
    """The log's head at one moment: `decisions` rows, the last with `head_hash`."""

    decisions: int
    head_hash: str
    anchored_at: datetime
    purpose: str  # "publish ..." : why the head was anchored
    key_id: str
    mac: str

    def message(self) -> bytes:
        return "\n".join(("anchor", str(self.decisions), self.head_hash, self.anchored_at.isoformat(), self.purpose,
                          self.key_id)).encode()  # fmt: skip

    def as_json(self) -> dict[str, Any]:
        return {"decisions": self.decisions, "head_hash": self.head_hash, "anchored_at": self.anchored_at.isoformat(),
                "purpose": self.purpose, "key_id": self.key_id, "mac": self.mac}  # fmt: skip

    @classmethod
    def from_json(cls, data: Any) -> Anchor:
        """Raises ValueError (KeyError, TypeError) for something that is not an anchor."""
        return cls(int(data["decisions"]), str(data["head_hash"]), datetime.fromisoformat(str(data["anchored_at"])),
                   str(data["purpose"]), str(data["key_id"]), str(data["mac"]))  # fmt: skip


def sign_anchor(key: bytes, decisions: int, head_hash: str, anchored_at: datetime, purpose: str) -> Anchor:
    anchored_at = anchored_at.astimezone(UTC)  # as the store gives it back, so the MAC holds after a round trip
    unsigned = Anchor(decisions, head_hash, anchored_at, purpose, key_id(key), "")
    return Anchor(decisions, head_hash, anchored_at, purpose, unsigned.key_id, _mac(key, unsigned))


def anchor_is_genuine(key: bytes, anchor: Anchor) -> bool:
    return anchor.key_id == key_id(key) and hmac.compare_digest(anchor.mac, _mac(key, anchor))


def _mac(key: bytes, anchor: Anchor) -> str:
    return hmac.new(key, anchor.message(), hashlib.sha256).hexdigest()


class LogKey:
    """The key file (and the anchor file beside it) of one store's decision log; `path` None: not
    configured (a PostgreSQL store opened without a workdir or FIRPATH_DECISION_LOG_KEY_FILE)."""

    def __init__(self, path: Path | None) -> None:
        self.path = None if path is None else Path(path)
        self._key: bytes | None = None

    def __repr__(self) -> str:
        return f"LogKey({self.path})"

    @property
    def anchor_path(self) -> Path | None:
        return None if self.path is None else self.path.with_name(ANCHOR_FILE_NAME)

    def _unconfigured(self) -> MissingLogKey:
        return MissingLogKey(
            "the decision log's key file is not configured: set FIRPATH_DECISION_LOG_KEY_FILE (a file outside the "
            "database, readable by its owner only)"
        )

    def load(self) -> bytes | None:
        """The key, or None when the file does not exist."""
        if self._key is not None:
            return self._key
        if self.path is None or not self.path.exists():
            return None
        _owner_only(self.path)
        text = self.path.read_text(encoding="ascii").strip()
        if len(text) < 64:
            raise MissingLogKey(f"{self.path}: the decision log's key is too short (damaged?); restore it from a copy")
        self._key = text.encode("ascii")
        return self._key

    def require(self) -> bytes:
        if self.path is None:
            raise self._unconfigured()
        key = self.load()
        if key is None:
            raise MissingLogKey(f"{self.path}: the decision log's key file is missing; restore it from a copy "
                                "(decisions cannot be added or checked without it)")  # fmt: skip
        return key

    def create(self) -> bytes:
        """A new key (only ever for a log that has no decision yet)."""
        if self.path is None:
            raise self._unconfigured()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return self.require()
        key = secrets.token_hex(32)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self._key = key.encode("ascii")
        return self._key

    def write_anchor(self, anchor: Anchor) -> None:
        """Append `anchor` to the anchor file (owner-only), durably."""
        path = self.anchor_path
        if path is None:
            raise self._unconfigured()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(anchor.as_json(), sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        _owner_only(path)

    def file_anchors(self) -> tuple[list[Anchor], list[str]]:
        """The anchors in the anchor file, and a problem for each line that is not one."""
        path = self.anchor_path
        if path is None or not path.exists():
            return [], []
        anchors, problems = [], []
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                anchors.append(Anchor.from_json(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(f"{path}: line {number} is not an anchor ({type(exc).__name__})")
        return anchors, problems


def _owner_only(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s was readable by others (mode %o): made it 0600", path, mode)
        path.chmod(0o600)


__all__ = [
    "ANCHOR_FILE_NAME", "GENESIS_HASH", "Anchor", "LogKey", "MissingLogKey", "anchor_is_genuine", "key_id",
    "record_hash", "sign_anchor",
]  # fmt: skip
