"""The SQLAlchemy engine behind the store, with the per-backend setup kept out of `store.py`.

The store runs on SQLite (the default) and PostgreSQL, and both are tested. The two differ in how a
transaction that reads and then writes is kept from racing another one, so `write_transaction` and
`lock_for_append` hide that difference:

- SQLite: Python's sqlite3 module begins a transaction only at the first INSERT/UPDATE/DELETE, so
  what a write method read before it ran outside any transaction. The engine takes over BEGIN: reads
  get a plain (deferred) BEGIN, writes BEGIN IMMEDIATE, which takes the database's one write lock at
  once. Writers are then serialised, and what a writer read stays true until it commits.
- PostgreSQL: writers run concurrently (READ COMMITTED); a unique key lost to a concurrent writer
  raises and the store retries, and an append that must see every earlier row locks the table.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, create_engine, event, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError

from staging.schema import documents, runs

T = TypeVar("T")

SUPPORTED_BACKENDS = ("sqlite", "postgresql")

# An execution option that marks a connection as about to write (read by the SQLite BEGIN hook).
_WRITE = "firpath_write"

# pg_advisory_xact_lock key for creating the schema: two first opens at once must not both CREATE.
_SCHEMA_LOCK_KEY = 0x6669727061746831  # "firpath1"

# SQLite's wait for another writer's lock, in seconds (sqlite3's default is 5).
SQLITE_BUSY_TIMEOUT = 30.0


def create_store_engine(url: str) -> Engine:
    """An engine for `url`; for SQLite also the file's directory, foreign keys, WAL and real BEGINs."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise ValueError(
            f"the staging store runs on SQLite or PostgreSQL, not {backend!r} ({parsed!r})"
        )
    if backend == "sqlite":
        _make_sqlite_parent(parsed)
        connect_args = {} if "timeout" in parsed.query else {"timeout": SQLITE_BUSY_TIMEOUT}
        engine = create_engine(parsed, connect_args=connect_args)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    # PostgreSQL: text always as UTF-8 (a SQL_ASCII database would otherwise hand back bytes), and
    # a pooled connection the server has dropped (a restart) replaced rather than failing a task.
    connect_args = {} if "client_encoding" in parsed.query else {"client_encoding": "utf8"}
    return create_engine(parsed, connect_args=connect_args, pool_pre_ping=True)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that will write: committed on success, rolled back on any exception."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


def lock_for_schema(conn: Connection) -> None:
    """Inside a write transaction: no other opener creates tables until this one commits."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
    # SQLite: BEGIN IMMEDIATE holds the database's write lock already.


def lock_for_append(conn: Connection, table: Table) -> None:
    """Inside a write transaction: no other writer appends to `table` until this one commits, so
    what this transaction reads of `table` from now on is all there is (reads still go on)."""
    if conn.dialect.name == "postgresql":
        # EXCLUSIVE conflicts with itself and with INSERT, not with SELECT. After it is granted,
        # each statement (READ COMMITTED) sees every row committed before.
        name = conn.dialect.identifier_preparer.format_table(table)
        conn.execute(text(f"LOCK TABLE {name} IN EXCLUSIVE MODE"))
    # SQLite: BEGIN IMMEDIATE holds the database's write lock already.


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        return Path(database)
    return None


def _make_sqlite_parent(url: URL) -> None:
    """SQLite creates the file but not its directory, and a fresh workdir may not exist yet. The file
    is made here, owner-only, before SQLite makes it with the process's umask (SQLite gives its WAL
    and shared-memory files the database file's mode)."""
    path = _sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass


def owner_only_sqlite_files(engine: Engine) -> None:
    """The store file and its WAL and shared-memory files readable and writable by their owner only
    (a store made by an older firpath, or copied with another mode, is tightened)."""
    if engine.dialect.name != "sqlite":
        return
    path = _sqlite_file(engine.url)
    if path is None:
        return
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if stat.S_IMODE(part.stat().st_mode) & 0o077:
                part.chmod(0o600)
        except FileNotFoundError:
            continue


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Per connection: foreign keys are off by default in SQLite; WAL lets readers run during a write.

    `isolation_level = None` stops the sqlite3 module from issuing BEGINs of its own (late, at the
    first write); `_sqlite_on_begin` issues them instead, when SQLAlchemy begins a transaction.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


class StagingError(Exception):
    """The store cannot do what was asked; the message says why."""


class NotFound(StagingError, LookupError):
    """A run or document id the store does not hold."""


class IncompatibleStore(StagingError):
    """The store was written by a firpath with another schema version."""


def now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector off while a bulk read builds objects that all stay alive
    (a run's 100,000 proposals, a workbook's rows): otherwise it scans the growing heap again and
    again for cycles there are none of (decoding 100,000 proposals: 12.9 s with it, 3.7 s without)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_IN_LIMIT = 900  # values in one IN (...): SQLite's default cap on bound parameters is 999


def in_parts(values: Sequence[str]) -> Iterator[list[str]]:
    """`values` in slices small enough for one IN (...)."""
    values = list(values)
    for start in range(0, len(values), _IN_LIMIT):
        yield values[start : start + _IN_LIMIT]


def write(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` in one write transaction, and once more if it lost a race to insert the same key.

    Writers look before they insert. On PostgreSQL a concurrent writer (a second task thread or
    process) can insert the same document in between; the retry then sees that row and takes the
    other path. (On SQLite writers are serialised, see above.) A genuine constraint violation fails
    again and is raised.
    """
    try:
        with write_transaction(engine) as conn:
            return work(conn)
    except IntegrityError:
        with write_transaction(engine) as conn:
            return work(conn)


def require_run(conn: Connection, run_id: str) -> None:
    if conn.execute(select(runs.c.run_id).where(runs.c.run_id == run_id)).first() is None:
        raise NotFound(f"no run {run_id}")


def stored_contents(conn: Connection, sha256s: Sequence[str]) -> set[str]:
    """Which of these contents the store holds."""
    return {
        sha for part in in_parts(list(set(sha256s)))
        for sha in conn.execute(select(documents.c.sha256).where(documents.c.sha256.in_(part))).scalars()
    }  # fmt: skip
