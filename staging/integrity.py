"""The staging store's integrity check: is what the store holds whole and self-consistent?

`StagingStore.integrity_check()` runs it and `firpath check` prints it. Two kinds of finding:

- a **problem**: the store is damaged or says two things at once (a document whose content no longer
  has its hash, an arrival of a document that is not stored, an extraction whose claim rows differ
  from its claim list, a finished run whose results do not add up to its summary, a decision log
  whose keyed hash chain breaks or that no longer holds an anchored head, a decision by someone who
  is no registered reviewer). A re-run does not repair a problem; nothing firpath writes, however it
  is interrupted, should ever cause one.
- a **note**: work an interrupted run left unfinished, which the next run redoes on its own (a run
  that never finished; an email read whose attachments were never stored).

Everything is read in one transaction (a snapshot: REPEATABLE READ on PostgreSQL, one read
transaction on SQLite), so a run writing at the same time cannot make the check see half a write.
Plain functions over a Connection; the store's tables are in `staging.schema`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, func, select
from sqlalchemy.engine import Engine

from firpath.domain import DocumentKind
from staging import codec
from staging.log_key import LogKey
from staging.reviews import decision_log_problems
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
    proposals,
    runs,
)

# A damaged store can have thousands of bad rows of one kind; the check names the first few of each.
MAX_LISTED = 20


@dataclass(frozen=True)
class IntegrityReport:
    problems: tuple[str, ...]  # damage or contradiction: a re-run does not repair it
    notes: tuple[str, ...]  # unfinished work of an interrupted run: the next run redoes it

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class StoreCounts:
    """How much the store holds, for a person reading `firpath check` (and for tests watching a run)."""

    runs: int
    unfinished_runs: int
    documents: int
    arrivals: int
    extractions: int
    quarantined: int
    claims: int
    decisions: int


def check(engine: Engine, log_key: LogKey | None = None) -> IntegrityReport:
    """Every check, on one snapshot of the store (the decision log against its key and anchors)."""
    with snapshot(engine) as conn:
        return check_connection(conn, log_key if log_key is not None else LogKey(None))


def counts(engine: Engine) -> StoreCounts:
    with snapshot(engine) as conn:
        def n(table: Table, *where: Any) -> int:
            return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())

        return StoreCounts(
            runs=n(runs),
            unfinished_runs=n(runs, runs.c.finished_at.is_(None)),
            documents=n(documents),
            arrivals=n(arrivals),
            extractions=n(extractions),
            quarantined=n(extractions, extractions.c.status == "quarantined"),
            claims=n(claims),
            decisions=n(decisions),
        )


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction that sees a single moment of the store (it only reads)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():  # SQLite: a deferred BEGIN; the first read fixes the snapshot
            yield conn


def check_connection(conn: Connection, log_key: LogKey) -> IntegrityReport:
    problems: list[str] = []
    notes: list[str] = []
    for part in (_backend, _schema_version, _dangling_references, _documents, _arrivals, _extractions, _runs):
        part(conn, problems, notes)
    _decision_log(conn, problems, log_key)
    return IntegrityReport(tuple(problems), tuple(notes))


# --- the parts -----------------------------------------------------------------------------------

Findings = list[str]


def _listed(findings: Findings, items: Iterable[str], what: str) -> None:
    """Append the first MAX_LISTED of `items`, then how many more there were."""
    extra = 0
    for i, item in enumerate(items):
        if i < MAX_LISTED:
            findings.append(item)
        else:
            extra += 1
    if extra:
        findings.append(f"... and {extra} more {what}")


def _backend(conn: Connection, problems: Findings, _notes: Findings) -> None:
    """SQLite's own checks of its file: pages, indexes, and foreign keys (PostgreSQL enforces those)."""
    if conn.dialect.name != "sqlite":
        return
    verdict = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    if verdict != ["ok"]:
        _listed(problems, (f"SQLite integrity_check: {line}" for line in verdict), "integrity_check lines")
    violations = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    _listed(
        problems,
        (f"SQLite foreign_key_check: {row[0]} row {row[1]} names a missing {row[2]} row" for row in violations),
        "foreign key violations",
    )


def _schema_version(conn: Connection, problems: Findings, _notes: Findings) -> None:
    found = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    if found != SCHEMA_VERSION:
        problems.append(f"schema version is {found!r}, not {SCHEMA_VERSION!r}")


def _dangling_references(conn: Connection, problems: Findings, _notes: Findings) -> None:
    """Every declared foreign key, checked by a join on every backend (SQLite enforces them only on
    connections that turned them on; a store edited by hand may not have)."""
    for table in metadata.sorted_tables:
        for fk in sorted(table.foreign_key_constraints, key=lambda c: [e.parent.name for e in c.elements]):
            referred = fk.referred_table
            pairs = [(e.parent, e.column) for e in fk.elements]
            on = and_(*(child == parent for child, parent in pairs))
            present = and_(*(child.is_not(None) for child, _ in pairs))
            key_columns = list(table.primary_key.columns)
            stmt = (
                select(*key_columns, *(child for child, _ in pairs))
                .select_from(table.outerjoin(referred, on))
                .where(present, pairs[0][1].is_(None))
                .order_by(*key_columns)
            )
            names = ", ".join(child.name for child, _ in pairs)
            _listed(
                problems,
                (
                    f"{table.name} {_key(row[: len(key_columns)])}: {names} {_key(row[len(key_columns):])} "
                    f"is not in {referred.name}"
                    for row in conn.execute(stmt)
                ),
                f"{table.name} rows naming a missing {referred.name} row",
            )


def _key(values: Iterable[Any]) -> str:
    return "/".join(str(v) for v in values)


def _documents(conn: Connection, problems: Findings, _notes: Findings) -> None:
    """Content-addressed means the key is the content's sha256: re-hashed, one row at a time."""
    kinds = {k.value for k in DocumentKind}

    def bad() -> Iterator[str]:
        stmt = select(documents.c.sha256, documents.c.kind, documents.c.size, documents.c.content)
        for row in conn.execute(stmt.order_by(documents.c.sha256).execution_options(yield_per=32)):
            content = bytes(row.content)
            if hashlib.sha256(content).hexdigest() != row.sha256:
                yield f"document {row.sha256}: its content does not have that sha256 (altered or truncated)"
            if row.size != len(content):
                yield f"document {row.sha256}: size says {row.size} bytes, content has {len(content)}"
            if row.kind not in kinds:
                yield f"document {row.sha256}: unknown kind {row.kind!r}"

    _listed(problems, bad(), "damaged documents")


def _arrivals(conn: Connection, problems: Findings, _notes: Findings) -> None:
    """An attachment arrives after the email it came in, in the same run."""
    parent = arrivals.alias("parent")
    earlier = (
        select(parent.c.arrival_id)
        .where(parent.c.run_id == arrivals.c.run_id, parent.c.sha256 == arrivals.c.parent_sha256,
               parent.c.arrival_id < arrivals.c.arrival_id)  # fmt: skip
        .exists()
    )
    stmt = (
        select(arrivals.c.arrival_id, arrivals.c.run_id, arrivals.c.name)
        .where(arrivals.c.parent_sha256.is_not(None), ~earlier)
        .order_by(arrivals.c.arrival_id)
    )
    _listed(
        problems,
        (f"arrival {r.arrival_id} ({r.name!r}, run {r.run_id}): its email did not arrive before it in that run"
         for r in conn.execute(stmt)),  # fmt: skip
        "attachments without their email",
    )


def _extractions(conn: Connection, problems: Findings, notes: Findings) -> None:
    """The claim list of each extraction (what a cache hit returns) against its claim rows, and its
    attachments against the stored documents."""
    rows_of: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in conn.execute(select(claims).order_by(claims.c.sha256, claims.c.extractor_version, claims.c.position)):
        rows_of[(row.sha256, row.extractor_version)].append(row)
    stored = set(conn.execute(select(documents.c.sha256)).scalars())
    found: list[str] = []
    unstored: list[str] = []
    seen: set[tuple[str, str]] = set()
    stmt = select(extractions).order_by(extractions.c.sha256, extractions.c.extractor_version)
    for ext in conn.execute(stmt):
        key = (ext.sha256, ext.extractor_version)
        seen.add(key)
        where = f"extraction of {ext.sha256} by {ext.extractor_version}"
        found.extend(_extraction_problems(where, ext, rows_of.get(key, [])))
        for attachment in ext.attachments if isinstance(ext.attachments, list) else []:
            if isinstance(attachment, dict) and attachment.get("sha256") not in stored:
                unstored.append(
                    f"{where}: attachment {attachment.get('name')!r} was never stored; "
                    "the next run reads the document again"
                )
    for key in sorted(rows_of.keys() - seen):
        found.append(f"claims of {key[0]} by {key[1]}: no extraction holds them")
    _listed(problems, found, "extraction problems")
    _listed(notes, unstored, "attachments not stored")


def _extraction_problems(where: str, ext: Any, rows: list[Any]) -> Iterator[str]:
    if ext.status not in ("ok", "quarantined"):
        yield f"{where}: unknown status {ext.status!r}"
        return
    if not isinstance(ext.claims, list) or not isinstance(ext.attachments, list):
        yield f"{where}: its claims or attachments are not lists"
        return
    if ext.status == "quarantined":
        if not (ext.reason or "").strip():
            yield f"{where}: quarantined without a reason"
        if ext.claims or ext.attachments or rows:
            yield f"{where}: quarantined, yet it has claims or attachments"
        return
    if ext.reason is not None:
        yield f"{where}: read, yet it has a quarantine reason"
    for i, attachment in enumerate(ext.attachments):
        if not (isinstance(attachment, dict) and isinstance(attachment.get("name"), str)
                and isinstance(attachment.get("sha256"), str)):  # fmt: skip
            yield f"{where}: attachment {i} is not a name and a sha256"
    if [r.position for r in rows] != list(range(len(rows))):
        yield f"{where}: its claim rows are numbered {[r.position for r in rows]}, not 0..{len(rows) - 1}"
    if len(rows) != len(ext.claims):
        yield f"{where}: {len(ext.claims)} claims in its list, {len(rows)} claim rows"
        return
    for i, (listed, row) in enumerate(zip(ext.claims, rows, strict=True)):
        if listed != row.claim:
            yield f"{where}: claim {i} differs between its list and its row"
            continue
        try:
            claim = codec.claim_from_json(listed)
        except (KeyError, TypeError, ValueError) as exc:
            yield f"{where}: claim {i} cannot be read ({type(exc).__name__}: {exc})"
            continue
        if claim.claim_id != row.claim_id:
            yield f"{where}: claim {i} is filed under id {row.claim_id}, its content has id {claim.claim_id}"
        if claim.evidence.sha256 != ext.sha256:
            yield f"{where}: claim {i} cites document {claim.evidence.sha256} as its evidence"


def _runs(conn: Connection, problems: Findings, notes: Findings) -> None:
    """A finished run's summary against what it saved; an unfinished run is a note (interrupted, or
    still running)."""
    stored = set(conn.execute(select(documents.c.sha256)).scalars())
    per_run = _per_run_counts(conn)
    latest = conn.execute(
        select(runs.c.run_id).where(runs.c.finished_at.is_not(None)).order_by(runs.c.finished_at.desc()).limit(1)
    ).scalar()
    found: list[str] = []
    for run in conn.execute(select(runs).order_by(runs.c.started_at, runs.c.run_id)):
        where = f"run {run.run_id}"
        inputs = run.inputs if isinstance(run.inputs, dict) else {}
        for label in ("cpl_export", "fir_export"):
            if label in inputs and inputs[label] not in stored:
                found.append(f"{where}: its {label.replace('_', ' ')} ({inputs[label]}) is not stored")
        counted = per_run.get(run.run_id, {})
        if run.finished_at is None:
            if run.summary is not None:
                found.append(f"{where}: has a summary but no finish time")
            saved = " (its results were saved, the run was not marked finished)" if counted.get("proposals") or counted.get("mapped") else ""
            notes.append(
                f"{where}, started {run.started_at:%Y-%m-%d %H:%M:%S} UTC, did not finish{saved}: interrupted, or "
                f"still running; it is kept as it is, and the next run reuses what it stored and read"
            )
            continue
        if run.finished_at < run.started_at:
            found.append(f"{where}: finished before it started")
        found.extend(_summary_problems(where, run.summary, counted))
        if run.run_id == latest:
            found.extend(_result_problems(conn, run.run_id))
    _listed(problems, found, "run problems")


def _per_run_counts(conn: Connection) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for run_id, n, distinct, received in conn.execute(
        select(arrivals.c.run_id, func.count(), func.count(arrivals.c.sha256.distinct()),
               func.count().filter(arrivals.c.parent_sha256.is_(None))).group_by(arrivals.c.run_id)  # fmt: skip
    ):
        result[run_id].update(arrivals=n, documents=distinct, files_received=received)
    for run_id, status, n in conn.execute(  # claims, not rows: a claim about a family maps to several entries
        select(mappings.c.run_id, mappings.c.status, func.count(mappings.c.claim_id.distinct()))
        .group_by(mappings.c.run_id, mappings.c.status)
    ):
        result[run_id][status] = n
    for run_id, n in conn.execute(select(proposals.c.run_id, func.count()).group_by(proposals.c.run_id)):
        result[run_id]["proposals"] = n
    return result


def _summary_problems(where: str, summary: Any, counted: dict[str, int]) -> Iterator[str]:
    if not isinstance(summary, dict) or not all(isinstance(v, int) for v in summary.values()):
        yield f"{where}: finished, but its summary is missing or not counts"
        return
    expected = {  # summary figure(s) -> what the store holds for the run
        "files_received": ("inbox files among its arrivals", counted.get("files_received", 0)),
        "documents": ("distinct documents among its arrivals", counted.get("documents", 0)),
        "proposals": ("proposal rows", counted.get("proposals", 0)),
        "unmapped": ("unmapped claim rows", counted.get("unmapped", 0)),
    }
    not_stored = summary.get("files_not_stored", 0)  # quarantined without being stored: no arrival
    for key, (what, held) in expected.items():
        said = summary.get(key, 0) - (not_stored if key == "files_received" else 0)
        if key in summary and said != held:
            yield f"{where}: its summary says {said} {key.replace('_', ' ')}, the store holds {held} {what}"
    if "mapped" in summary and "superseded" in summary:
        said = summary["mapped"] + summary["superseded"]
        if said != counted.get("mapped", 0):
            yield (f"{where}: its summary says {said} mapped claims (superseded included), "
                   f"the store holds {counted.get('mapped', 0)} mapped claim rows")  # fmt: skip
    if "documents" in summary and "documents_read" in summary and not 0 <= summary["documents_read"] <= summary["documents"]:
        yield f"{where}: its summary says {summary['documents_read']} of {summary['documents']} documents were read"


def _result_problems(conn: Connection, run_id: str) -> Iterator[str]:
    """The latest finished run (the one reviewers see): every saved row can be read back."""
    decoders: dict[str, Callable[[Any], Any]] = {
        "mapped": codec.mapped_claim_from_json, "unmapped": codec.unmapped_claim_from_json,
        "needs reading": codec.unmapped_claim_from_json,
    }  # fmt: skip
    for table, label in ((mappings, "mapping"), (proposals, "proposal")):
        rows = conn.execute(select(table).where(table.c.run_id == run_id).order_by(table.c.position)).all()
        if [r.position for r in rows] != list(range(len(rows))):
            yield f"run {run_id}: its {label} rows are not numbered 0..{len(rows) - 1}"
        for row in rows:
            decode = codec.proposed_change_from_json if table is proposals else decoders.get(row.status)
            try:
                if decode is None:
                    raise ValueError(f"unknown status {row.status!r}")
                value = decode(row.payload)
            except (KeyError, TypeError, ValueError) as exc:
                yield f"run {run_id}: {label} {row.position} cannot be read ({type(exc).__name__}: {exc})"
                continue
            if table is proposals and (value.target.entry_id, value.change.value) != (row.cpl_entry_id, row.change):
                yield f"run {run_id}: proposal {row.position} is filed under {row.cpl_entry_id}/{row.change}, not what it holds"
            if table is mappings and value.claim.claim_id != row.claim_id:
                yield f"run {run_id}: mapping {row.position} is filed under claim {row.claim_id}, not what it holds"


def _decision_log(conn: Connection, problems: Findings, log_key: LogKey) -> None:
    """The chain against its key, the anchors it must still hold, who decided, and each row filed as
    what it holds."""
    found = [f"decision log: {p}" for p in decision_log_problems(conn, log_key)]
    for row in conn.execute(select(decisions).order_by(decisions.c.seq)):
        try:
            decision = codec.review_decision_from_json(row.payload)
        except (KeyError, TypeError, ValueError) as exc:
            found.append(f"decision log: decision {row.seq} cannot be read ({type(exc).__name__}: {exc})")
            continue
        filed = (row.cpl_entry_id, row.proposal_hash, row.action, row.reviewer)
        held = (decision.cpl_entry_id, decision.proposal_hash, decision.action.value, decision.reviewer)
        if filed != held:
            found.append(f"decision log: decision {row.seq} is filed as {filed}, its content says {held}")
    _listed(problems, found, "decision log problems")
