"""Where the store lives: the workdir's SQLite file unless FIRPATH_STORE_URL says otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from staging.settings import StoreSettings, store_url
from staging.store import StagingStore

pytestmark = pytest.mark.unit


def test_default_is_an_absolute_sqlite_file_in_the_workdir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    url = store_url(Path("work"))
    assert url == f"sqlite:///{tmp_path / 'work' / 'staging.sqlite'}"
    assert make_url(url).database == str(tmp_path / "work" / "staging.sqlite")


def test_environment_overrides_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRPATH_STORE_URL", "postgresql+psycopg://firpath@db/firpath")
    assert StoreSettings().url == "postgresql+psycopg://firpath@db/firpath"
    assert store_url(tmp_path) == "postgresql+psycopg://firpath@db/firpath"


def test_an_empty_url_means_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRPATH_STORE_URL", "")
    assert store_url(tmp_path) == f"sqlite:///{tmp_path.resolve() / 'staging.sqlite'}"


def test_explicit_settings_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRPATH_STORE_URL", "postgresql+psycopg://firpath@db/firpath")
    chosen = StoreSettings(url="sqlite:///elsewhere.sqlite")
    assert store_url(tmp_path, chosen) == "sqlite:///elsewhere.sqlite"


def test_url_syntax_in_the_workdir_path_is_escaped(tmp_path: Path) -> None:
    workdir = tmp_path / "run #1?"
    url = store_url(workdir, StoreSettings(url=None))
    with StagingStore.open(url) as store:
        store.runs.begin_run("/inbox", {})
    assert (workdir / "staging.sqlite").is_file()
