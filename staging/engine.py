"""The SQLAlchemy engine behind the store, with the per-backend setup kept out of `store.py`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url


def create_store_engine(url: str) -> Engine:
    """An engine for `url`; for SQLite also the file's directory, foreign keys and WAL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _make_sqlite_parent(parsed)
    engine = create_engine(parsed)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def _make_sqlite_parent(url: URL) -> None:
    """SQLite creates the file but not its directory, and a fresh workdir may not exist yet."""
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Per connection: foreign keys are off by default in SQLite; WAL lets readers run during a write."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()
