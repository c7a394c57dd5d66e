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
