"""Reviewer accounts and the decision log.

The log is append-only and hash-chained: each row's hash covers the row before it, so an edit, a
deletion or an insertion outside the store breaks the chain (`decision_log_problems`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from firpath.domain import ReviewDecision
from staging import codec
from staging.engine import StagingError, lock_for_append, now, write
from staging.schema import decisions, users

GENESIS_HASH = "0" * 64


def decision_record_hash(previous_hash: str, payload: dict[str, Any]) -> str:
    return hashlib.sha256((previous_hash + json.dumps(payload, sort_keys=True)).encode()).hexdigest()


@dataclass(frozen=True)
class UserRecord:
    name: str
    password_hash: str
    is_admin: bool


class ReviewLog:
    """Who may review, and every decision they made, in order."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add_user(self, name: str, password_hash: str, *, is_admin: bool = False) -> None:
        def work(conn: Connection) -> None:
            if conn.execute(select(users.c.name).where(users.c.name == name)).first() is not None:
                raise StagingError(f"reviewer {name!r} exists already")
            conn.execute(users.insert().values(name=name, password_hash=password_hash,
                                               is_admin=int(is_admin), created_at=now()))  # fmt: skip

        write(self._engine, work)

    def user(self, name: str) -> UserRecord | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        return None if row is None else UserRecord(row.name, row.password_hash, bool(row.is_admin))

    def append_decision(
        self, decision: ReviewDecision, check: Callable[[list[ReviewDecision]], None] | None = None
    ) -> int:
        """Append one decision; `check` sees the entry's earlier decisions inside the same transaction
        and raises to refuse (so two reviewers deciding at once cannot both slip past a rule).

        Appends are serialised (`lock_for_append`): each sees every decision before it, and each row
        chains to the one committed just before it, however many reviewers decide at once.
        """
        if decision.decided_at.tzinfo is None or decision.decided_at.utcoffset() is None:
            raise ValueError(f"decision on {decision.cpl_entry_id}: decided_at has no timezone")
        payload = codec.review_decision_to_json(decision)

        def work(conn: Connection) -> int:
            lock_for_append(conn, decisions)
            earlier = _decisions(conn, decision.cpl_entry_id)
            if check is not None:
                check(earlier)
            last = conn.execute(select(decisions.c.record_hash).order_by(decisions.c.seq.desc()).limit(1)).scalar()
            previous = last or GENESIS_HASH
            record = decision_record_hash(previous, payload)
            result = conn.execute(
                decisions.insert().values(
                    cpl_entry_id=decision.cpl_entry_id, proposal_hash=decision.proposal_hash,
                    action=decision.action.value, reviewer=decision.reviewer, decided_at=decision.decided_at,
                    payload=payload, previous_hash=previous, record_hash=record,
                )  # fmt: skip
            )
            return int(result.inserted_primary_key[0])

        return write(self._engine, work)

    def decisions(self, cpl_entry_id: str | None = None) -> list[ReviewDecision]:
        """The decision log in the order it was written (one entry's, or all)."""
        with self._engine.connect() as conn:
            return _decisions(conn, cpl_entry_id)

    def decision_log_problems(self) -> list[str]:
        """Rows whose hash chain does not hold: edited, deleted or inserted outside the store."""
        from staging.integrity import decision_chain_problems

        with self._engine.connect() as conn:
            return decision_chain_problems(conn)


def _decisions(conn: Connection, cpl_entry_id: str | None) -> list[ReviewDecision]:
    stmt = select(decisions.c.payload).order_by(decisions.c.seq)
    if cpl_entry_id is not None:
        stmt = stmt.where(decisions.c.cpl_entry_id == cpl_entry_id)
    return [codec.review_decision_from_json(p) for p in conn.execute(stmt).scalars()]
