"""Runs: when each backfill ran, on which inbox, against which CPL and FIR exports, and its summary.

The exports a run read are kept content-addressed with the documents (`store_content`), so a
publication can be traced to the exact registers it was checked against.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, select, update

from firpath.domain import Document, DocumentKind
from staging.engine import NotFound, now, require_run, write
from staging.schema import arrivals, documents, runs


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    inbox: str
    inputs: dict[str, str]  # label -> sha256 (and label_name -> file name) of the CPL and FIR exports
    imported_by: str
    finished_at: datetime
    summary: dict[str, int]


class RunLedger:
    """The runs table, and the register exports each run read."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def begin_run(self, inbox: str, inputs: dict[str, str], imported_by: str = "") -> str:
        """A new run; `inputs` names the tabular inputs read (label -> sha256) so a run can be redone;
        `imported_by` is who ran it (who may not be the sole approver of what it found)."""
        run_id = uuid.uuid4().hex
        row = {"run_id": run_id, "inbox": inbox, "inputs": dict(inputs), "started_at": now(),
               "imported_by": imported_by}  # fmt: skip
        write(self._engine, lambda conn: conn.execute(runs.insert().values(**row)))
        return run_id

    def finish_run(self, run_id: str, summary: dict[str, int]) -> None:
        for key, value in summary.items():
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"run summary {key!r}: expected an int, got {value!r}")

        def work(conn: Connection) -> None:
            require_run(conn, run_id)
            stmt = update(runs).where(runs.c.run_id == run_id)
            conn.execute(stmt.values(finished_at=now(), summary=dict(summary)))

        write(self._engine, work)

    def latest_run(self) -> RunInfo | None:
        """The most recent finished run: the one reviewers work on and publish from."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(runs).where(runs.c.finished_at.is_not(None)).order_by(runs.c.finished_at.desc()).limit(1)
            ).first()
        return None if row is None else _run_info(row)

    def finished_run(self, run_id: str) -> RunInfo:
        """A finished run by id (what `firpath verify` checks an older publication against)."""
        with self._engine.connect() as conn:
            row = conn.execute(select(runs).where(runs.c.run_id == run_id)).first()
        if row is None or row.finished_at is None:
            raise NotFound(f"no finished run {run_id} in this store")
        return _run_info(row)

    def arrivals(self, run_id: str) -> list[tuple[str, str, str | None]]:
        """(name, sha256, parent_sha256) of every arrival in the run, in arrival order."""
        with self._engine.connect() as conn:
            require_run(conn, run_id)
            rows = conn.execute(
                select(arrivals.c.name, arrivals.c.sha256, arrivals.c.parent_sha256)
                .where(arrivals.c.run_id == run_id)
                .order_by(arrivals.c.arrival_id)
            ).all()
        return [(r.name, r.sha256, r.parent_sha256) for r in rows]

    def store_content(self, data: bytes, kind: DocumentKind) -> str:
        """Keep bytes that are not an inbox document (a CPL or FIR export) content-addressed; returns the sha256."""
        sha256 = Document.sha256_of(data)

        def work(conn: Connection) -> None:
            if conn.execute(select(documents.c.sha256).where(documents.c.sha256 == sha256)).first() is None:
                conn.execute(documents.insert().values(sha256=sha256, kind=kind.value, size=len(data),
                                                       content=data, stored_at=now()))  # fmt: skip

        write(self._engine, work)
        return sha256


def _run_info(row) -> RunInfo:  # noqa: ANN001 (a row of `runs`)
    return RunInfo(row.run_id, row.inbox, dict(row.inputs), row.imported_by or "", row.finished_at,
                   dict(row.summary or {}))  # fmt: skip
