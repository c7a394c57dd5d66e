"""Reviewer accounts and the decision log.

Accounts: a name is taken once whatever its case; the first account is an admin, and every later
one, a disabled account or a new password needs an active admin (checked here, in the same
transaction as the change, whoever calls). Accounts are disabled, never deleted.

The log is append-only and hash-chained with a key kept outside the database (`staging.log_key`):
each row's record hash is an HMAC over the row before it, so an edit, a deletion or an insertion made
behind the store's back breaks the chain, and without the key the chain cannot be recomputed.
Anchors (the head at each publication, MAC'd, also written beside the key and into the manifest)
make the removal of trailing decisions show too. Only an active reviewer's decision is appended.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, func, select, update

from firpath.domain import ReviewDecision
from staging import codec
from staging.engine import StagingError, in_parts, lock_for_append, now, write
from staging.log_key import (
    GENESIS_HASH,
    Anchor,
    LogKey,
    MissingLogKey,
    anchor_is_genuine,
    key_id,
    record_hash,
    sign_anchor,
)
from staging.schema import decision_anchors, decisions, meta, users

KEY_ID = "decision_log_key_id"  # meta key: which key the log is written with


@dataclass(frozen=True)
class UserRecord:
    name: str  # as the account was created: the name every decision records
    password_hash: str
    is_admin: bool
    disabled: bool = False
    password_set_at: datetime | None = None  # a sign-in from before it is over


@dataclass(frozen=True)
class UserAccount:
    """An account as `firpath review list-users` shows it (no password hash)."""

    name: str
    is_admin: bool
    disabled: bool
    created_at: datetime
    created_by: str
    disabled_at: datetime | None
    disabled_by: str
    decisions: int
    last_decision_at: datetime | None


def name_key(name: str) -> str:
    """What makes two names the same account: `Ghost1` and `ghost1` are one name."""
    return name.casefold()


# A check sees one decision and the entry's decisions before it (in the same transaction); it returns
# why the decision is refused, or None to let it through.
DecisionCheck = Callable[[ReviewDecision, list[ReviewDecision]], str | None]


class ReviewLog:
    """Who may review, and every decision they made, in order."""

    def __init__(self, engine: Engine, key: LogKey) -> None:
        self._engine = engine
        self.key = key

    # --- accounts ---------------------------------------------------------------------------------

    def add_user(self, name: str, password_hash: str, *, is_admin: bool = False, created_by: str = "") -> UserRecord:
        """Add an account. The first one is an admin whatever is asked, and needs nobody; every later
        one needs `created_by` to be an active admin. StagingError says why one is refused."""

        def work(conn: Connection) -> UserRecord:
            if _user_row(conn, name) is not None:
                raise StagingError(f"reviewer {name!r} exists already (names are the same whatever their case)")
            first = conn.execute(select(func.count()).select_from(users)).scalar_one() == 0
            if not first:
                _require_admin(conn, created_by, f"adding reviewer {name!r}")
            moment = now()
            conn.execute(users.insert().values(
                name=name, name_key=name_key(name), password_hash=password_hash, is_admin=int(is_admin or first),
                created_at=moment, created_by="" if first else created_by, password_set_at=moment,
            ))  # fmt: skip
            return UserRecord(name, password_hash, is_admin or first, False, moment)

        return write(self._engine, work)

    def user(self, name: str) -> UserRecord | None:
        """The account `name` names, whatever its case; None when there is none."""
        with self._engine.connect() as conn:
            row = _user_row(conn, name)
        return None if row is None else _user_record(row)

    def users(self) -> list[UserAccount]:
        with self._engine.connect() as conn:
            counts = {
                r.reviewer: (r.n, r.last)
                for r in conn.execute(
                    select(decisions.c.reviewer, func.count().label("n"), func.max(decisions.c.decided_at).label("last"))
                    .group_by(decisions.c.reviewer)
                )
            }
            rows = conn.execute(select(users).order_by(users.c.name_key)).all()
        return [
            UserAccount(r.name, bool(r.is_admin), r.disabled_at is not None, r.created_at, r.created_by or "",
                        r.disabled_at, r.disabled_by or "", counts.get(r.name, (0, None))[0],
                        _utc(counts.get(r.name, (0, None))[1]))  # fmt: skip
            for r in rows
        ]

    def disable_user(self, name: str, by: str) -> None:
        """Disable an account (its decisions stay); `by` must be an active admin, and the last active
        admin cannot be disabled."""

        def work(conn: Connection) -> None:
            _require_admin(conn, by, f"disabling reviewer {name!r}")
            row = _user_row(conn, name)
            if row is None:
                raise StagingError(f"no reviewer {name!r}")
            if row.disabled_at is not None:
                raise StagingError(f"reviewer {row.name!r} is disabled already")
            if row.is_admin:
                admins = conn.execute(
                    select(func.count()).select_from(users).where(users.c.is_admin == 1, users.c.disabled_at.is_(None))
                ).scalar_one()
                if admins <= 1:
                    raise StagingError(f"{row.name!r} is the last active admin: make another admin first")
            conn.execute(update(users).where(users.c.name == row.name).values(disabled_at=now(), disabled_by=by))

        write(self._engine, work)

    def set_password(self, name: str, password_hash: str, by: str) -> None:
        """Replace an account's password (`by` must be an active admin); its sign-ins end."""

        def work(conn: Connection) -> None:
            _require_admin(conn, by, f"resetting the password of {name!r}")
            row = _user_row(conn, name)
            if row is None:
                raise StagingError(f"no reviewer {name!r}")
            conn.execute(update(users).where(users.c.name == row.name).values(password_hash=password_hash,
                                                                               password_set_at=now()))  # fmt: skip

        write(self._engine, work)

    # --- the decision log -------------------------------------------------------------------------

    def append_decision(
        self, decision: ReviewDecision, check: Callable[[list[ReviewDecision]], None] | None = None
    ) -> int:
        """Append one decision; `check` sees the entry's earlier decisions inside the same transaction
        and raises to refuse (so two reviewers deciding at once cannot both slip past a rule).

        Appends are serialised (`lock_for_append`): each sees every decision before it, and each row
        chains to the one committed just before it, however many reviewers decide at once. A
        decision by anyone but an active reviewer is refused (StagingError).
        """
        def wrapped(_decision: ReviewDecision, earlier: list[ReviewDecision]) -> str | None:
            if check is not None:
                check(earlier)
            return None

        [outcome] = self.append_decisions([decision], wrapped)
        if isinstance(outcome, str):
            raise StagingError(outcome)
        return outcome

    def append_decisions(
        self,
        batch: Sequence[ReviewDecision],
        check: DecisionCheck | None = None,
    ) -> list[int | str]:
        """Append a batch of decisions in one transaction, each checked against the entry's earlier
        decisions (those of this batch included); returns, per decision, its sequence number or why
        it was refused (then it is not appended; the others are). An exception a check raises
        rolls the whole batch back."""
        for decision in batch:
            if decision.decided_at.tzinfo is None or decision.decided_at.utcoffset() is None:
                raise ValueError(f"decision on {decision.cpl_entry_id}: decided_at has no timezone")
        payloads = [codec.review_decision_to_json(d) for d in batch]

        def work(conn: Connection) -> list[int | str]:
            lock_for_append(conn, decisions)
            key = self._key_for_append(conn)
            earlier = _decisions_by_entry(conn, {d.cpl_entry_id for d in batch})
            active = _active_names(conn, {d.reviewer for d in batch})
            last = conn.execute(select(decisions.c.record_hash).order_by(decisions.c.seq.desc()).limit(1)).scalar()
            previous = last or GENESIS_HASH
            outcomes: list[int | str | None] = []
            rows = []
            for decision, payload in zip(batch, payloads, strict=True):
                entry_decisions = earlier.setdefault(decision.cpl_entry_id, [])
                if decision.reviewer not in active:
                    outcomes.append(f"{decision.reviewer!r} is not an active reviewer (the names of "
                                    "`firpath review list-users`, not disabled)")  # fmt: skip
                    continue
                refusal = None if check is None else check(decision, list(entry_decisions))
                if refusal is not None:
                    outcomes.append(refusal)
                    continue
                record = record_hash(key, previous, payload)
                rows.append({
                    "cpl_entry_id": decision.cpl_entry_id, "proposal_hash": decision.proposal_hash,
                    "action": decision.action.value, "reviewer": decision.reviewer, "decided_at": decision.decided_at,
                    "payload": payload, "previous_hash": previous, "record_hash": record,
                })  # fmt: skip
                outcomes.append(None)  # its sequence number, once inserted
                entry_decisions.append(decision)
                previous = record
            if rows:  # one statement for the batch, the rows' numbers back in their order
                stmt = decisions.insert().returning(decisions.c.seq, sort_by_parameter_order=True)
                seqs = iter(conn.execute(stmt, rows).scalars().all())
                outcomes = [next(seqs) if o is None else o for o in outcomes]
            return outcomes  # type: ignore[return-value]

        return write(self._engine, work)

    def _key_for_append(self, conn: Connection) -> bytes:
        """The log's key; made (with the log) when the log has none yet. Inside the append lock."""
        stored = conn.execute(select(meta.c.value).where(meta.c.key == KEY_ID)).scalar()
        if stored is None:
            if conn.execute(select(decisions.c.seq).limit(1)).first() is not None:
                raise MissingLogKey("the decision log has decisions but the store does not say which key they were "
                                    "written with: the store is damaged (`firpath check`)")  # fmt: skip
            key = self.key.load() or self.key.create()
            conn.execute(meta.insert().values(key=KEY_ID, value=key_id(key)))
            return key
        key = self.key.require()
        if key_id(key) != stored:
            raise MissingLogKey(f"{self.key.path} is not the key this decision log was written with (key id "
                                f"{key_id(key)}, the log's is {stored}): restore the right key file")  # fmt: skip
        return key

    def decisions(self, cpl_entry_id: str | None = None) -> list[ReviewDecision]:
        """The decision log in the order it was written (one entry's, or all)."""
        with self._engine.connect() as conn:
            stmt = select(decisions.c.payload).order_by(decisions.c.seq)
            if cpl_entry_id is not None:
                stmt = stmt.where(decisions.c.cpl_entry_id == cpl_entry_id)
            return [codec.review_decision_from_json(p) for p in conn.execute(stmt).scalars()]

    def anchor(self, purpose: str, at: datetime | None = None) -> Anchor:
        """Record the log's head (in the store, and in the anchor file beside the key); returns it.

        `at` is the moment the anchor names (a publication gives its "as of", so that publishing
        again with no new decision gives the same anchor, and the same manifest bytes); an anchor
        the store holds already is not recorded twice.
        """

        def work(conn: Connection) -> tuple[Anchor, bool]:
            lock_for_append(conn, decisions)
            key = self._key_for_append(conn)
            count = conn.execute(select(func.count()).select_from(decisions)).scalar_one()
            head = conn.execute(select(decisions.c.record_hash).order_by(decisions.c.seq.desc()).limit(1)).scalar()
            anchor = sign_anchor(key, int(count), head or GENESIS_HASH, at or now(), purpose)
            if conn.execute(select(decision_anchors.c.seq).where(decision_anchors.c.mac == anchor.mac)).first() is not None:
                return anchor, False
            conn.execute(decision_anchors.insert().values(
                decisions=anchor.decisions, head_hash=anchor.head_hash, anchored_at=anchor.anchored_at,
                purpose=anchor.purpose, key_id=anchor.key_id, mac=anchor.mac,
            ))  # fmt: skip
            return anchor, True

        anchor, new = write(self._engine, work)
        # after the commit: a file anchor always names a head the store had
        if new or anchor.mac not in {a.mac for a in self.key.file_anchors()[0]}:
            self.key.write_anchor(anchor)
        return anchor

    def decision_log_problems(self, anchors: Sequence[Anchor] = ()) -> list[str]:
        """Why the log cannot be trusted: its chain, its key, and every anchor (the store's, the anchor
        file's and `anchors`, from a manifest) it must still hold; [] when it is intact."""
        with self._engine.connect() as conn:
            return decision_log_problems(conn, self.key, anchors)


def _utc(moment: datetime | None) -> datetime | None:
    from datetime import UTC

    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _user_row(conn: Connection, name: str):  # noqa: ANN202 (a row of `users`)
    return conn.execute(select(users).where(users.c.name_key == name_key(name))).first()


def _user_record(row) -> UserRecord:  # noqa: ANN001
    return UserRecord(row.name, row.password_hash, bool(row.is_admin), row.disabled_at is not None, row.password_set_at)


def _require_admin(conn: Connection, name: str, doing: str) -> None:
    row = _user_row(conn, name) if name else None
    if row is None or row.disabled_at is not None or not row.is_admin:
        who = f"{name!r} is not an admin" if name else "no admin named"
        raise StagingError(f"{doing} needs an active admin: {who}")


def _active_names(conn: Connection, names: Iterable[str]) -> set[str]:
    names = list(set(names))
    return {
        n for part in in_parts(names)
        for n in conn.execute(select(users.c.name).where(users.c.name.in_(part), users.c.disabled_at.is_(None))).scalars()
    }  # fmt: skip


def _decisions_by_entry(conn: Connection, entry_ids: Iterable[str]) -> dict[str, list[ReviewDecision]]:
    found: dict[str, list[ReviewDecision]] = {}
    for part in in_parts(sorted(entry_ids)):
        stmt = select(decisions.c.payload).where(decisions.c.cpl_entry_id.in_(part)).order_by(decisions.c.seq)
        for payload in conn.execute(stmt).scalars():
            decision = codec.review_decision_from_json(payload)
            found.setdefault(decision.cpl_entry_id, []).append(decision)
    return found


# --- the log's integrity --------------------------------------------------------------------------


def decision_log_problems(conn: Connection, log_key: LogKey, extra_anchors: Sequence[Anchor] = ()) -> list[str]:
    """Every way the log fails to be what was written: a missing or wrong key, a row whose record hash
    or link does not hold, an anchor that is not genuine or that the log no longer holds (decisions
    removed or rewritten), a decision by someone who is no registered reviewer."""
    rows = conn.execute(
        select(decisions.c.seq, decisions.c.payload, decisions.c.reviewer, decisions.c.previous_hash,
               decisions.c.record_hash).order_by(decisions.c.seq)  # fmt: skip
    ).all()
    stored_id = conn.execute(select(meta.c.value).where(meta.c.key == KEY_ID)).scalar()
    store_anchors = [
        ("the store", Anchor(r.decisions, r.head_hash, _utc(r.anchored_at), r.purpose, r.key_id, r.mac))  # type: ignore[arg-type]
        for r in conn.execute(select(decision_anchors).order_by(decision_anchors.c.seq))
    ]
    file_anchors, problems = log_key.file_anchors()
    anchors = store_anchors + [(str(log_key.anchor_path), a) for a in file_anchors] + [("the manifest", a) for a in extra_anchors]
    if not rows and not anchors and stored_id is None:
        return problems
    try:
        key = log_key.load()
    except MissingLogKey as exc:
        return [*problems, str(exc)]
    if key is None:
        where = "is not configured (FIRPATH_DECISION_LOG_KEY_FILE)" if log_key.path is None else f"{log_key.path} is missing"
        return [*problems, f"the key file {where}: the log's {len(rows)} decisions and {len(anchors)} anchors cannot "
                           "be checked (restore the key from a copy)"]  # fmt: skip
    if stored_id is not None and stored_id != key_id(key):
        return [*problems, f"{log_key.path} is not the key this decision log was written with (key id {key_id(key)}, "
                           f"the log's is {stored_id})"]  # fmt: skip
    if stored_id is None:
        problems.append("the store does not say which key its decision log was written with (its meta row was removed?)")

    previous = GENESIS_HASH
    for row in rows:
        if row.previous_hash != previous:
            problems.append(f"decision {row.seq}: does not follow decision before it (a row was removed or inserted?)")
        if not isinstance(row.payload, dict) or record_hash(key, row.previous_hash, row.payload) != row.record_hash:
            problems.append(f"decision {row.seq}: content does not match its keyed hash (edited, or its chain "
                            "recomputed without the key)")  # fmt: skip
        previous = row.record_hash

    genuine_in_store = {a.mac for _, a in store_anchors if anchor_is_genuine(key, a)}
    for source, anchor in anchors:
        said = f"the anchor of {anchor.purpose} at {anchor.anchored_at:%Y-%m-%d %H:%M:%S} UTC in {source}"
        if not anchor_is_genuine(key, anchor):
            problems.append(f"{said} is not genuine (edited, or made without this log's key)")
            continue
        if source != "the store" and anchor.mac not in genuine_in_store:
            problems.append(f"{said} is missing from the store's anchors (removed?)")
        if anchor.decisions > len(rows):
            problems.append(f"{said} holds the log at {anchor.decisions} decisions; it has {len(rows)} now: "
                            f"{anchor.decisions - len(rows)} were removed")  # fmt: skip
        elif anchor.decisions and rows[anchor.decisions - 1].record_hash != anchor.head_hash:
            problems.append(f"{said} holds decision {anchor.decisions} as {anchor.head_hash[:12]}…, the log has "
                            f"{rows[anchor.decisions - 1].record_hash[:12]}… there: decisions were removed or rewritten")  # fmt: skip

    registered = set(conn.execute(select(users.c.name)).scalars())
    for row in rows:
        reviewer = row.payload.get("reviewer") if isinstance(row.payload, dict) else row.reviewer
        if reviewer not in registered:
            problems.append(f"decision {row.seq}: by {reviewer!r}, who is no registered reviewer")
    return list(dict.fromkeys(problems))


__all__ = [
    "DecisionCheck", "ReviewLog", "UserAccount", "UserRecord", "decision_log_problems", "name_key",
]  # fmt: skip
