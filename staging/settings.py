"""Where the staging store lives: a SQLite file in the workdir unless FIRPATH_STORE_URL is set."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL

DEFAULT_FILE_NAME = "staging.sqlite"


class StoreSettings(BaseSettings):
    """`url`: any SQLAlchemy URL (`postgresql+psycopg://user@host/firpath`); unset: the default."""

    model_config = SettingsConfigDict(env_prefix="FIRPATH_STORE_")

    url: str | None = None


def store_url(workdir: Path, settings: StoreSettings | None = None) -> str:
    """The configured URL, else `sqlite:///<workdir>/staging.sqlite`.

    The path is made absolute so that the URL means the same file whatever the working directory.
    """
    settings = settings if settings is not None else StoreSettings()
    if settings.url:  # an empty FIRPATH_STORE_URL means "not set", not "no database"
        return settings.url
    # Built with URL.create so that a `?` or `#` in the path is escaped, not read as URL syntax.
    path = (Path(workdir) / DEFAULT_FILE_NAME).resolve()
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


DEFAULT_KEY_FILE_NAME = "decision_log.key"


class DecisionLogSettings(BaseSettings):
    """`key_file`: where the decision log's key is kept (FIRPATH_DECISION_LOG_KEY_FILE); unset: beside
    the store's SQLite file, or in the workdir for a PostgreSQL store."""

    model_config = SettingsConfigDict(env_prefix="FIRPATH_DECISION_LOG_")

    key_file: Path | None = None


def decision_log_key_file(workdir: Path | None, url: str, settings: DecisionLogSettings | None = None) -> Path | None:
    """The configured key file, else `decision_log.key` beside a SQLite store's file, else in `workdir`;
    None when neither says (a PostgreSQL store opened without a workdir)."""
    from sqlalchemy.engine import make_url

    settings = settings if settings is not None else DecisionLogSettings()
    if settings.key_file is not None and str(settings.key_file):
        return Path(settings.key_file)
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() == "sqlite" and database and database != ":memory:" and not database.startswith("file:"):
        return Path(database).resolve().parent / DEFAULT_KEY_FILE_NAME
    return None if workdir is None else Path(workdir).resolve() / DEFAULT_KEY_FILE_NAME
