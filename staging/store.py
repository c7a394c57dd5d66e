"""The staging store: one database, four kinds of record, each behind its own small interface.

- `runs` (`staging.runs.RunLedger`): each run, its inbox and the register exports it read;
- `documents` (`staging.documents.DocumentCache`): received documents, their arrivals and the
  extraction cache (what `firpath.stages.extraction.ExtractionCache` asks for);
- `results` (`staging.results.RunResults`): each run's mapping and proposals;
- `reviews` (`staging.reviews.ReviewLog`): reviewer accounts and the hash-chained decision log.

Every write is one transaction: a crash leaves the store as it was before the call.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, select

from staging.documents import DocumentCache
from staging.engine import IncompatibleStore, create_store_engine, lock_for_schema, write_transaction
from staging.results import RunResults
from staging.reviews import ReviewLog
from staging.runs import RunLedger
from staging.schema import SCHEMA_VERSION, meta, metadata

if TYPE_CHECKING:  # staging.integrity imports the parts: it is imported where it is used
    from staging.integrity import IntegrityReport, StoreCounts


class StagingStore:
    """Open with `StagingStore.open(url)`; use as a context manager or call `close()`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.runs = RunLedger(engine)
        self.documents = DocumentCache(engine)
        self.results = RunResults(engine)
        self.reviews = ReviewLog(engine)

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
                _check_schema_version(conn)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

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

        return integrity.check(self._engine)

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
