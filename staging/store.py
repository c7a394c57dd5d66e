"""The staging store: what each run received, extracted, mapped and proposed.

Documents are kept once per content (sha256), however often they arrive; extractions are cached per
content and extractor version, so an unchanged document is never read twice by the same extractor.
Every write method is one transaction: a crash leaves the store as it was before the call.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, Table, delete, select, update
from sqlalchemy.exc import IntegrityError

from firpath.domain import (
    Claim,
    Document,
    DocumentKind,
    MappedClaim,
    ProposedChange,
    ReviewDecision,
    UnmappedClaim,
)
from firpath.domain.documents import Attachment, Extraction
from staging import codec
from staging.engine import create_store_engine, lock_for_append, lock_for_schema, write_transaction
from staging.schema import (
    SCHEMA_VERSION,
    arrivals,
    claims,
    decisions,
    documents,
    extractions,
    mappings,
    meta,
    metadata,
    runs,
    users,
)
from staging.schema import proposals as proposal_table  # `proposals` is a method and a parameter here

if TYPE_CHECKING:  # staging.integrity imports this module: it is imported where it is used
    from staging.integrity import IntegrityReport, StoreCounts

T = TypeVar("T")

GENESIS_HASH = "0" * 64


def decision_record_hash(previous_hash: str, payload: dict[str, Any]) -> str:
    return hashlib.sha256((previous_hash + json.dumps(payload, sort_keys=True)).encode()).hexdigest()


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    inbox: str
    inputs: dict[str, str]  # label -> sha256 (and label_name -> file name) of the CPL and FIR exports
    imported_by: str
    finished_at: datetime
    summary: dict[str, int]


@dataclass(frozen=True)
class UserRecord:
    name: str
    password_hash: str
    is_admin: bool

OK = "ok"
QUARANTINED = "quarantined"


class StagingError(Exception):
    """The store cannot do what was asked; the message says why."""


class NotFound(StagingError, LookupError):
    """A run or document id the store does not hold."""


class IncompatibleStore(StagingError):
    """The store was written by a firpath with another schema version."""


def _now() -> datetime:
    return datetime.now(UTC)


_IN_LIMIT = 900  # values in one IN (...): SQLite's default cap on bound parameters is 999


def _parts(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _IN_LIMIT):
        yield values[start : start + _IN_LIMIT]


class StagingStore:
    """Open with `StagingStore.open(url)`; use as a context manager or call `close()`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def open(cls, url: str) -> StagingStore:
        """Connect and create missing tables; refuses a store written with another schema version.

        `url` is a SQLite or PostgreSQL SQLAlchemy URL (see `staging.settings.store_url`).
        """
        engine = create_store_engine(url)
        try:
            with write_transaction(engine) as conn:  # one opener at a time creates the tables
                lock_for_schema(conn)
                metadata.create_all(conn)
                cls._check_schema_version(conn)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> StagingStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- runs ------------------------------------------------------------------------------------

    def begin_run(self, inbox: str, inputs: dict[str, str], imported_by: str = "") -> str:
        """A new run; `inputs` names the tabular inputs read (label -> sha256) so a run can be redone;
        `imported_by` is who ran it (who may not be the sole approver of what it found)."""
        run_id = uuid.uuid4().hex
        row = {"run_id": run_id, "inbox": inbox, "inputs": dict(inputs), "started_at": _now(),
               "imported_by": imported_by}  # fmt: skip
        self._write(lambda conn: conn.execute(runs.insert().values(**row)))
        return run_id

    def finish_run(self, run_id: str, summary: dict[str, int]) -> None:
        for key, value in summary.items():
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"run summary {key!r}: expected an int, got {value!r}")

        def work(conn: Connection) -> None:
            self._require_run(conn, run_id)
            stmt = update(runs).where(runs.c.run_id == run_id)
            conn.execute(stmt.values(finished_at=_now(), summary=dict(summary)))

        self._write(work)

    def run_summary(self, run_id: str) -> dict[str, int]:
        with self._engine.connect() as conn:
            self._require_run(conn, run_id)
            summary = conn.execute(select(runs.c.summary).where(runs.c.run_id == run_id)).scalar_one()
        if summary is None:
            raise NotFound(f"run {run_id} has not finished: it has no summary")
        return dict(summary)

    # --- documents -------------------------------------------------------------------------------

    def record_arrival(self, run_id: str, document: Document) -> bool:
        """Record that `document` arrived in the run; True when its content was not stored before.

        An attachment's parent email must have been recorded first. Recording the same arrival
        (run, name, content) again is a no-op, so a retried task does no harm.
        """
        return self.record_arrivals(run_id, [document])[0]

    def record_arrivals(self, run_id: str, batch: Sequence[Document]) -> list[bool]:
        """`record_arrival` for each document in order, in one transaction (one commit for a whole
        batch: a commit is the costly part of a write). A parent may be recorded earlier in the batch."""
        for document in batch:
            if Document.sha256_of(document.data) != document.sha256:
                raise ValueError(f"{document.name}: sha256 {document.sha256} does not match the content")

        def work(conn: Connection) -> list[bool]:
            self._require_run(conn, run_id)
            return self._record_arrivals(conn, run_id, batch)

        return self._write(work) if batch else []

    def _record_arrivals(self, conn: Connection, run_id: str, batch: Sequence[Document]) -> list[bool]:
        """A few set-based statements for the whole batch (a statement per document cost more than
        the reading of a small one)."""
        stored = self._stored(conn, [d.sha256 for d in batch] + [d.parent_sha256 for d in batch if d.parent_sha256])
        new_documents: dict[str, dict[str, Any]] = {}
        is_new: list[bool] = []
        for document in batch:
            parent = document.parent_sha256
            if parent is not None and parent not in stored and parent not in new_documents:
                raise NotFound(f"{document.name}: parent document {parent} has not been recorded")
            fresh = document.sha256 not in stored and document.sha256 not in new_documents
            if fresh:
                new_documents[document.sha256] = {"sha256": document.sha256, "kind": document.kind.value,
                                                  "size": len(document.data), "content": document.data,
                                                  "stored_at": _now()}  # fmt: skip
            is_new.append(fresh)
        if new_documents:
            conn.execute(documents.insert(), list(new_documents.values()))
        recorded = {
            (r.name, r.sha256)
            for part in _parts(list({d.sha256 for d in batch}))
            for r in conn.execute(select(arrivals.c.name, arrivals.c.sha256).where(
                arrivals.c.run_id == run_id, arrivals.c.sha256.in_(part)))
        }  # fmt: skip
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for document in batch:
            key = (document.name, document.sha256)
            if key not in recorded and key not in rows:
                rows[key] = {"run_id": run_id, "name": document.name, "sha256": document.sha256,
                             "parent_sha256": document.parent_sha256, "arrived_at": _now()}  # fmt: skip
        if rows:
            conn.execute(arrivals.insert(), list(rows.values()))
        return is_new

    @staticmethod
    def _stored(conn: Connection, sha256s: Sequence[str]) -> set[str]:
        """Which of these contents the store holds."""
        return {
            sha for part in _parts(list(set(sha256s)))
            for sha in conn.execute(select(documents.c.sha256).where(documents.c.sha256.in_(part))).scalars()
        }  # fmt: skip

    def document(self, sha256: str) -> Document:
        """The stored content, named (and parented) as on its first arrival."""
        with self._engine.connect() as conn:
            doc = conn.execute(
                select(documents.c.kind, documents.c.content).where(documents.c.sha256 == sha256)
            ).first()
            if doc is None:
                raise NotFound(f"no document with sha256 {sha256}")
            first = conn.execute(
                select(arrivals.c.name, arrivals.c.parent_sha256)
                .where(arrivals.c.sha256 == sha256)
                .order_by(arrivals.c.arrival_id)
                .limit(1)
            ).first()
        name, parent = (first.name, first.parent_sha256) if first is not None else (sha256, None)
        return Document(name, bytes(doc.content), DocumentKind(doc.kind), sha256, parent)

    def arrivals(self, run_id: str) -> list[tuple[str, str, str | None]]:
        """(name, sha256, parent_sha256) of every arrival in the run, in arrival order."""
        with self._engine.connect() as conn:
            self._require_run(conn, run_id)
            rows = conn.execute(
                select(arrivals.c.name, arrivals.c.sha256, arrivals.c.parent_sha256)
                .where(arrivals.c.run_id == run_id)
                .order_by(arrivals.c.arrival_id)
            ).all()
        return [(r.name, r.sha256, r.parent_sha256) for r in rows]

    # --- extractions -----------------------------------------------------------------------------

    def cached_extraction(self, sha256: str, extractor_version: str) -> Extraction | str | None:
        """The earlier verdict of this extractor version on this content.

        An `Extraction` if it was read, the reason (str) if it was quarantined, None if never tried.
        Also None when an attachment's content was never stored (a run that died between the two
        writes), so the document is simply extracted again.
        """
        return self.cached_extractions([sha256], extractor_version).get(sha256)

    def cached_extractions(self, sha256s: Sequence[str], extractor_version: str) -> dict[str, Extraction | str]:
        """`cached_extraction` of many contents in two queries; contents never tried are left out."""
        wanted = list(dict.fromkeys(sha256s))
        if not wanted:
            return {}
        with self._engine.connect() as conn:
            rows = []
            for part in _parts(wanted):
                rows += conn.execute(
                    select(extractions.c.sha256, extractions.c.status, extractions.c.reason, extractions.c.claims,
                           extractions.c.attachments, extractions.c.notices)
                    .where(extractions.c.sha256.in_(part), extractions.c.extractor_version == extractor_version)
                ).all()  # fmt: skip
            attached = list({a["sha256"] for row in rows for a in row.attachments})
            content = {}
            for part in _parts(attached):
                stmt = select(documents.c.sha256, documents.c.content).where(documents.c.sha256.in_(part))
                content.update((r.sha256, bytes(r.content)) for r in conn.execute(stmt))
        verdicts: dict[str, Extraction | str] = {}
        for row in rows:
            if row.status == QUARANTINED:
                verdicts[row.sha256] = str(row.reason)
            elif all(a["sha256"] in content for a in row.attachments):
                verdicts[row.sha256] = Extraction(
                    claims=tuple(codec.claim_from_json(c) for c in row.claims),
                    attachments=tuple(Attachment(a["name"], content[a["sha256"]]) for a in row.attachments),
                    notices=tuple(row.notices),
                )
        return verdicts

    def save_extraction(self, sha256: str, extractor_version: str, extraction: Extraction) -> None:
        """Cache a successful extraction (replacing any earlier verdict of the same version).

        Attachments are kept as (name, sha256) only: their content is stored as documents of their
        own by `record_arrival`.
        """
        self.save_verdicts([(sha256, extractor_version, extraction)])

    def save_quarantine(self, sha256: str, extractor_version: str, reason: str) -> None:
        """Cache that this extractor version cannot read the content, and why."""
        self.save_verdicts([(sha256, extractor_version, reason)])

    def save_verdicts(self, verdicts: Sequence[tuple[str, str, Extraction | str]]) -> None:
        """Cache many (sha256, extractor version, extraction or quarantine reason) in one transaction."""
        for _, _, verdict in verdicts:
            if isinstance(verdict, str) and not verdict.strip():
                raise ValueError("a quarantine needs a reason a person can act on")

        def work(conn: Connection) -> None:
            self._replace_extractions(conn, verdicts)

        if verdicts:
            self._write(work)

    # --- results ---------------------------------------------------------------------------------

    def save_results(
        self,
        run_id: str,
        mapped: Sequence[MappedClaim],
        unmapped: Sequence[UnmappedClaim],
        proposals: Sequence[ProposedChange],
    ) -> None:
        """Store the run's mapping and proposals, replacing whatever the run had saved before."""
        per_entry = Counter(p.target.entry_id for p in proposals)
        if dupes := sorted(e for e, n in per_entry.items() if n > 1):
            raise ValueError(f"more than one proposed change for CPL entries {dupes}")
        mapping_rows: list[dict[str, Any]] = [
            {
                "claim_id": m.claim.claim_id,
                "status": "mapped",
                "target_entry_id": m.target.entry_id,
                "base_entry_ids": [b.entry_id for b in m.bases],
                "reason": None,
                "payload": codec.mapped_claim_to_json(m),
            }
            for m in mapped
        ] + [
            {
                "claim_id": u.claim.claim_id,
                "status": "unmapped",
                "target_entry_id": None,
                "base_entry_ids": [],
                "reason": u.reason,
                "payload": codec.unmapped_claim_to_json(u),
            }
            for u in unmapped
        ]
        proposal_rows: list[dict[str, Any]] = [
            {
                "cpl_entry_id": p.target.entry_id,
                "change": p.change.value,
                "payload": codec.proposed_change_to_json(p),
            }
            for p in proposals
        ]

        def work(conn: Connection) -> None:
            self._require_run(conn, run_id)
            conn.execute(delete(mappings).where(mappings.c.run_id == run_id))
            conn.execute(delete(proposal_table).where(proposal_table.c.run_id == run_id))
            for table, rows in ((mappings, mapping_rows), (proposal_table, proposal_rows)):
                if rows:
                    conn.execute(
                        table.insert(),
                        [{"run_id": run_id, "position": i, **r} for i, r in enumerate(rows)],
                    )

        self._write(work)

    def proposals(self, run_id: str) -> list[ProposedChange]:
        """The run's proposed changes, in the order they were saved."""
        return [codec.proposed_change_from_json(p) for p in self._payloads(run_id, proposal_table)]

    def mapped(self, run_id: str) -> list[MappedClaim]:
        """The run's mapped claims, in the order they were saved."""
        return [
            codec.mapped_claim_from_json(p) for p in self._payloads(run_id, mappings, "mapped")
        ]

    def unmapped(self, run_id: str) -> list[UnmappedClaim]:
        """The run's unmapped claims (with reasons), in the order they were saved."""
        return [
            codec.unmapped_claim_from_json(p) for p in self._payloads(run_id, mappings, "unmapped")
        ]

    def latest_run(self) -> RunInfo | None:
        """The most recent finished run: the one reviewers work on and publish from."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(runs).where(runs.c.finished_at.is_not(None)).order_by(runs.c.finished_at.desc()).limit(1)
            ).first()
        return None if row is None else RunInfo(row.run_id, row.inbox, dict(row.inputs), row.imported_by or "",
                                                 row.finished_at, dict(row.summary or {}))  # fmt: skip

    def finished_run(self, run_id: str) -> RunInfo:
        """A finished run by id (what `firpath verify` checks an older publication against)."""
        with self._engine.connect() as conn:
            row = conn.execute(select(runs).where(runs.c.run_id == run_id)).first()
        if row is None or row.finished_at is None:
            raise NotFound(f"no finished run {run_id} in this store")
        return RunInfo(row.run_id, row.inbox, dict(row.inputs), row.imported_by or "", row.finished_at,
                       dict(row.summary or {}))  # fmt: skip

    def store_content(self, data: bytes, kind: DocumentKind) -> str:
        """Keep bytes that are not an inbox document (a CPL or FIR export) content-addressed; returns the sha256."""
        sha256 = Document.sha256_of(data)

        def work(conn: Connection) -> None:
            if not self._has_document(conn, sha256):
                conn.execute(documents.insert().values(sha256=sha256, kind=kind.value, size=len(data),
                                                       content=data, stored_at=_now()))  # fmt: skip

        self._write(work)
        return sha256

    def content(self, sha256: str) -> bytes:
        return self.contents([sha256])[sha256]

    def contents(self, sha256s: Sequence[str]) -> dict[str, bytes]:
        """The stored bytes of each content, in one query per thousand; raises NotFound for any missing."""
        found: dict[str, bytes] = {}
        wanted = list(dict.fromkeys(sha256s))
        with self._engine.connect() as conn:
            for part in _parts(wanted):
                stmt = select(documents.c.sha256, documents.c.content).where(documents.c.sha256.in_(part))
                found.update((r.sha256, bytes(r.content)) for r in conn.execute(stmt))
        if missing := [sha for sha in wanted if sha not in found]:
            raise NotFound(f"no document with sha256 {missing[0]}" + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
        return found

    # --- reviewers and the decision log ----------------------------------------------------------

    def add_user(self, name: str, password_hash: str, *, is_admin: bool = False) -> None:
        def work(conn: Connection) -> None:
            if conn.execute(select(users.c.name).where(users.c.name == name)).first() is not None:
                raise StagingError(f"reviewer {name!r} exists already")
            conn.execute(users.insert().values(name=name, password_hash=password_hash,
                                               is_admin=int(is_admin), created_at=_now()))  # fmt: skip

        self._write(work)

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
            earlier = self._decisions(conn, decision.cpl_entry_id)
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

        return self._write(work)

    def decisions(self, cpl_entry_id: str | None = None) -> list[ReviewDecision]:
        """The decision log in the order it was written (one entry's, or all)."""
        with self._engine.connect() as conn:
            return self._decisions(conn, cpl_entry_id)

    def decision_log_problems(self) -> list[str]:
        """Rows whose hash chain does not hold: edited, deleted or inserted outside the store."""
        from staging.integrity import decision_chain_problems

        with self._engine.connect() as conn:
            return decision_chain_problems(conn)

    # --- integrity -------------------------------------------------------------------------------

    def integrity_check(self) -> IntegrityReport:
        """Problems (damage, contradictions) and notes (an interrupted run's unfinished work) found on
        one snapshot of the store; see `staging.integrity`."""
        from staging import integrity

        return integrity.check(self._engine)

    def integrity_problems(self) -> list[str]:
        """What `integrity_check` found wrong; empty for a sound store."""
        return list(self.integrity_check().problems)

    def counts(self) -> StoreCounts:
        """How many runs, documents, arrivals, extractions, claims and decisions the store holds."""
        from staging import integrity

        return integrity.counts(self._engine)

    @staticmethod
    def _decisions(conn: Connection, cpl_entry_id: str | None) -> list[ReviewDecision]:
        stmt = select(decisions.c.payload).order_by(decisions.c.seq)
        if cpl_entry_id is not None:
            stmt = stmt.where(decisions.c.cpl_entry_id == cpl_entry_id)
        return [codec.review_decision_from_json(p) for p in conn.execute(stmt).scalars()]

    # --- helpers ---------------------------------------------------------------------------------

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction, and once more if it lost a race to insert the same key.

        Writers look before they insert. On PostgreSQL a concurrent writer (a second task thread or
        process) can insert the same document in between; the retry then sees that row and takes
        the other path. (On SQLite writers are serialised, see `staging.engine`.) A genuine
        constraint violation fails again and is raised.
        """
        try:
            with write_transaction(self._engine) as conn:
                return work(conn)
        except IntegrityError:
            with write_transaction(self._engine) as conn:
                return work(conn)

    @staticmethod
    def _check_schema_version(conn: Connection) -> None:
        found = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
        if found is None:
            conn.execute(meta.insert().values(key="schema_version", value=SCHEMA_VERSION))
        elif found != SCHEMA_VERSION:
            raise IncompatibleStore(
                f"store has schema version {found}; this firpath reads version {SCHEMA_VERSION}"
            )

    @staticmethod
    def _require_run(conn: Connection, run_id: str) -> None:
        if conn.execute(select(runs.c.run_id).where(runs.c.run_id == run_id)).first() is None:
            raise NotFound(f"no run {run_id}")

    @staticmethod
    def _has_document(conn: Connection, sha256: str) -> bool:
        stmt = select(documents.c.sha256).where(documents.c.sha256 == sha256)
        return conn.execute(stmt).first() is not None

    def _replace_extractions(self, conn: Connection, verdicts: Sequence[tuple[str, str, Extraction | str]]) -> None:
        """Each (sha256, extractor version)'s verdict in place of any earlier one, for the whole batch
        in a few statements."""
        latest = {(sha256, version): verdict for sha256, version, verdict in verdicts}  # the last word counts
        if missing := sorted({sha for sha, _ in latest} - self._stored(conn, [sha for sha, _ in latest])):
            raise NotFound(f"no document with sha256 {missing[0]}: record its arrival first")
        extraction_rows, claim_rows = [], []
        now = _now()
        for (sha256, version), verdict in latest.items():
            if isinstance(verdict, str):
                status, reason, found, attachments, notices = QUARANTINED, verdict, (), [], []
            else:
                status, reason, found, notices = OK, None, verdict.claims, list(verdict.notices)
                attachments = [{"name": a.name, "sha256": Document.sha256_of(a.data)} for a in verdict.attachments]
            encoded = [codec.claim_to_json(c) for c in found]
            extraction_rows.append({"sha256": sha256, "extractor_version": version, "status": status, "reason": reason,
                                    "claims": encoded, "attachments": attachments, "notices": notices,
                                    "extracted_at": now})  # fmt: skip
            claim_rows += [
                {"sha256": sha256, "extractor_version": version, "position": i, "claim_id": claim.claim_id, "claim": row}
                for i, (claim, row) in enumerate(zip(found, encoded, strict=True))
            ]
        for version in {v for _, v in latest}:
            shas = [sha for sha, v in latest if v == version]
            for part in _parts(shas):
                conn.execute(delete(claims).where(claims.c.extractor_version == version, claims.c.sha256.in_(part)))
                conn.execute(delete(extractions).where(extractions.c.extractor_version == version,
                                                       extractions.c.sha256.in_(part)))  # fmt: skip
        conn.execute(extractions.insert(), extraction_rows)
        if claim_rows:
            conn.execute(claims.insert(), claim_rows)

    def _payloads(self, run_id: str, table: Table, status: str | None = None) -> list[Any]:
        with self._engine.connect() as conn:
            self._require_run(conn, run_id)
            stmt = select(table.c.payload).where(table.c.run_id == run_id)
            if status is not None:
                stmt = stmt.where(table.c.status == status)
            return list(conn.execute(stmt.order_by(table.c.position)).scalars())


