"""The Prefect server a run starts for itself: it serves, it says when Prefect's settings name another,
it skips the migration check only on a database stamped current, and it never outlives the run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from flows.prefect_api import PrefectApiError, _SchemaStamp, run_api, start_run_api

STARTUP = 180.0  # a fresh PREFECT_HOME migrates its database first


@pytest.fixture
def prefect_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "prefect-home"
    monkeypatch.setenv("PREFECT_HOME", str(home))
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(home / "profiles.toml"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    return home


def _alembic_db(path: Path, revision: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS alembic_version (version_num TEXT)")
        conn.execute("DELETE FROM alembic_version")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    return path


@pytest.mark.unit
def test_a_stamp_holds_only_while_prefect_and_the_database_revision_are_the_ones_stamped(tmp_path: Path) -> None:
    database = _alembic_db(tmp_path / "prefect.db", "rev-1")
    stamp = _SchemaStamp.for_url(f"sqlite+aiosqlite:///{database}", "3.9.1")
    assert stamp is not None and not stamp.is_current()  # never stamped
    stamp.record()
    assert stamp.is_current()
    assert json.loads(stamp.path.read_text()) == {"prefect": "3.9.1", "revision": "rev-1"}
    assert not _SchemaStamp(database, "3.10.0").is_current()  # another Prefect
    _alembic_db(database, "rev-2")
    assert not stamp.is_current()  # migrated by someone else since
    database.unlink()
    assert not stamp.is_current()  # a new, empty database


@pytest.mark.unit
def test_a_postgresql_database_keeps_prefects_migration_check() -> None:
    assert _SchemaStamp.for_url("postgresql+asyncpg://prefect@db/prefect", "3.9.1") is None


@pytest.mark.integration
def test_the_run_server_serves_stamps_its_database_and_stops(prefect_home: Path, tmp_path: Path) -> None:
    log = tmp_path / "logs" / "prefect-server.log"
    with run_api() as api:
        assert api is not None
        api.keep_log(log)
        url = api.wait_ready(STARTUP)
        assert url == api.url
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            assert response.status == 200
        process = api.process
    assert process.poll() is not None  # stopped on leaving
    assert log.is_file()  # its output kept where the run asked
    stamp = json.loads((prefect_home / "prefect.db.firpath-schema.json").read_text())
    assert stamp["prefect"] and stamp["revision"]


@pytest.mark.integration
def test_a_server_named_by_the_environment_is_used_and_nothing_is_started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    with run_api() as api:
        assert api is None


def _started_under_profile(prefect_home: Path, setting: str):  # noqa: ANN202
    """The run's server started while the active Prefect profile holds `setting`."""
    prefect_home.mkdir(parents=True)
    (prefect_home / "profiles.toml").write_text(f'active = "this"\n[profiles.this]\n{setting}\n', encoding="utf-8")
    return start_run_api()


@pytest.mark.integration
def test_a_server_named_by_a_profile_is_used(prefect_home: Path, tmp_path: Path) -> None:
    api = _started_under_profile(prefect_home, 'PREFECT_API_URL = "http://prefect.example:4200/api"')
    try:
        assert api.wait_ready(STARTUP) is None  # Prefect's own settings apply
        assert api.process.returncode == 0
    finally:
        api.stop()


@pytest.mark.integration
def test_ephemeral_servers_switched_off_and_no_server_named_is_a_clear_error(prefect_home: Path, tmp_path: Path) -> None:
    api = _started_under_profile(prefect_home, 'PREFECT_SERVER_EPHEMERAL_ENABLED = "false"')
    try:
        with pytest.raises(PrefectApiError, match="switch ephemeral servers off .* set PREFECT_API_URL"):
            api.wait_ready(STARTUP)
    finally:
        api.stop()


@pytest.mark.integration
def test_the_server_ends_when_its_run_is_killed(prefect_home: Path, tmp_path: Path) -> None:
    """A run killed by SIGKILL cannot stop its server: the kernel ends it (PR_SET_PDEATHSIG)."""
    pid_file = tmp_path / "server.pid"
    script = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from flows.prefect_api import start_run_api
        api = start_run_api()
        api.wait_ready({STARTUP})
        Path({str(pid_file)!r}).write_text(str(api.process.pid))
        time.sleep(600)
    """)
    run = subprocess.Popen([sys.executable, "-c", script], env=os.environ.copy())
    try:
        deadline = time.monotonic() + STARTUP
        while not pid_file.exists() and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.1)
        server_pid = int(pid_file.read_text())
        os.kill(server_pid, 0)  # serving
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(server_pid, signal.SIGKILL)
        pytest.fail(f"the run's server (pid {server_pid}) outlived the killed run")
