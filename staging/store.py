"""The staging store: one database, four kinds of record, each behind its own small interface.

- `runs` (`staging.runs.RunLedger`): each run, its inbox and the register exports it read;
- `documents` (`staging.documents.DocumentCache`): received documents, their arrivals and the
  extraction cache (what `firpath.stages.extraction.ExtractionCache` asks for);
- `results` (`staging.results.RunResults`): each run's mapping and proposals;
- `reviews` (`staging.reviews.ReviewLog`): reviewer accounts and the keyed, hash-chained decision log
  (its key and anchors live in files outside the database: `staging.log_key`);
- `edits` (`staging.edits.EditLog`): SECAS edits and withdrawals, proposals no document made;
- `publications` (`staging.publications.PublicationLog`): what each publication wrote.

Every write is one transaction: a crash leaves the store as it was before the call. A SQLite store's
files are readable by their owner only (they hold password hashes and the decision log).
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, select

from staging.documents import DocumentCache
from staging.edits import EditLog
from staging.engine import IncompatibleStore, create_store_engine, lock_for_schema, owner_only_sqlite_files, write_transaction
from staging.log_key import LogKey
from staging.publications import PublicationLog
from staging.results import RunResults
from staging.reviews import ReviewLog
from staging.runs import RunLedger
from staging.schema import SCHEMA_VERSION, meta, metadata
from staging.settings import decision_log_key_file

if TYPE_CHECKING:  # staging.integrity imports the parts: it is imported where it is used
    from staging.integrity import IntegrityReport, StoreCounts


class StagingStore:
    """Open with `StagingStore.open(url)`; use as a context manager or call `close()`."""

    def __init__(self, engine: Engine, log_key: LogKey | None = None) -> None:
        self._engine = engine
        self.runs = RunLedger(engine)
        self.documents = DocumentCache(engine)
        self.results = RunResults(engine)
        self.reviews = ReviewLog(engine, log_key if log_key is not None else LogKey(None))
        self.edits = EditLog(engine)
        self.publications = PublicationLog(engine)

    @classmethod
    def open(cls, url: str, *, workdir: Path | None = None, key_file: Path | None = None) -> StagingStore:
        """Connect and create missing tables; refuses a store written with another schema version.

        `url` is a SQLite or PostgreSQL SQLAlchemy URL (see `staging.settings.store_url`). The decision
        log's key file is `key_file`, else FIRPATH_DECISION_LOG_KEY_FILE, else `decision_log.key`
        beside a SQLite store's file or in `workdir` (`staging.settings.decision_log_key_file`).
        """
        engine = create_store_engine(url)
        try:
            with write_transaction(engine) as conn:  # one opener at a time creates the tables
                lock_for_schema(conn)
                metadata.create_all(conn)
                _check_schema_version(conn)
            owner_only_sqlite_files(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, LogKey(key_file if key_file is not None else decision_log_key_file(workdir, url)))

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> StagingStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def integrity_check(self) -> IntegrityReport:
        """Problems (damage, contradictions) and notes (an interrupted run's unfinished work) found on
        one snapshot of the store; see `staging.integrity`."""
        from staging import integrity

        return integrity.check(self._engine, self.reviews.key)

    def counts(self) -> StoreCounts:
        """How many runs, documents, arrivals, extractions, claims and decisions the store holds."""
        from staging import integrity

        return integrity.counts(self._engine)


def _check_schema_version(conn: Connection) -> None:
    found = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    if found is None:
        conn.execute(meta.insert().values(key="schema_version", value=SCHEMA_VERSION))
    elif found != SCHEMA_VERSION:
        raise IncompatibleStore(f"store has schema version {found}; this firpath reads version {SCHEMA_VERSION}")
