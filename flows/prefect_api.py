"""The Prefect API a run reports to: the server the user configured, or one started for the run.

Why not Prefect's own ephemeral mode: it starts its server at the first API call and waits for it,
after importing the whole server package into this process (~2.5 s); the server then checks its
database migrations on every start (~5 s even when there is nothing to migrate). `firpath run`
starts the same server (the command Prefect's `SubprocessASGIServer` runs) at the beginning instead,
so that it boots in its own process while this one imports the pipeline and checks the registers,
and it skips the migration check once the database is known to be at this Prefect's schema. The
server's output goes to a log file: the user's terminal stays clean, even when it shuts down.

Flow run heartbeats are off for such a run unless PREFECT_FLOWS_HEARTBEAT_FREQUENCY is set: they
serve a server's zombie-run detection, which a server that lives exactly as long as the run cannot
use, and every flow run waits up to a second for its heartbeat thread to stop.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

_SQLITE_PREFIX = "sqlite+aiosqlite:///"
_PR_SET_PDEATHSIG = 1


class PrefectApiError(RuntimeError):
    """The run's Prefect server could not be started; the message says why and where its log is."""


class RunApi:
    """A Prefect server process started for one run (see `run_api`)."""

    def __init__(self, process: subprocess.Popen[bytes], url: str, log_path: Path, stamp: _SchemaStamp | None) -> None:
        self.process = process
        self.url = url
        self.log_path = log_path
        self._stamp = stamp
        self._ready = False

    def wait_ready(self, timeout: float) -> None:
        """Block until the server answers its health check (it booted meanwhile)."""
        deadline = time.monotonic() + timeout
        while not self._ready:
            if self.process.poll() is not None:
                raise PrefectApiError(
                    f"Prefect's server for this run exited with code {self.process.returncode}; see {self.log_path}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    self._ready = response.status == 200
            except OSError:
                pass
            if not self._ready:
                if time.monotonic() > deadline:
                    raise PrefectApiError(
                        f"Prefect's server for this run did not answer within {timeout:.0f} s "
                        "(raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS); see " + str(self.log_path)
                    )
                time.sleep(0.05)
        if self._stamp is not None:
            self._stamp.record()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def run_api(log_path: Path) -> Iterator[RunApi | None]:
    """A Prefect server for the run if none is configured (PREFECT_API_URL), stopped on leaving.

    Yields None when the user's own server is to be used, or when ephemeral servers are switched off
    (Prefect then says what to set). Call `wait_ready` before the first flow, inside `run_settings`.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED, get_current_settings

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield None
        return
    settings = get_current_settings()
    stamp = _SchemaStamp.for_url(settings.server.database.connection_url.get_secret_value(), _prefect_version())
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        log = stack.enter_context(log_path.open("ab"))
        api = _start(settings.to_environment_variables(exclude_unset=True), log, stamp)
        stack.callback(api.stop)
        yield api


@contextmanager
def run_settings(api: RunApi | None) -> Iterator[None]:
    """Prefect settings for the run's flows: the run's server, and no heartbeats (see the module)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    updates: dict = {}
    if api is not None:
        updates[PREFECT_API_URL] = f"{api.url}"
        if "PREFECT_FLOWS_HEARTBEAT_FREQUENCY" not in os.environ:
            updates[PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
    with temporary_settings(updates=updates):
        yield


def _start(settings_env: dict[str, str], log: IO[bytes], stamp: _SchemaStamp | None) -> RunApi:
    """The server on a socket bound here (port 0: the kernel picks a free one, no race with another
    process), handed to uvicorn as a file descriptor."""
    import importlib.util

    prefect_dir = Path(importlib.util.find_spec("prefect").submodule_search_locations[0])  # type: ignore[union-attr]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    env = {
        **os.environ,
        **settings_env,
        # as Prefect's own SubprocessASGIServer: no UI, ephemeral services only
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        # block types are for deployments and storage, which a run of firpath does not use
        "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    }
    if stamp is not None and stamp.is_current():
        env["PREFECT_API_DATABASE_MIGRATE_ON_START"] = "false"
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_dir.parent), "--factory",
        "prefect.server.api.server:create_app", "--fd", str(sock.fileno()), "--log-level", "error", "--lifespan", "on",
    ]  # fmt: skip
    try:
        process = subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, pass_fds=(sock.fileno(),),
            preexec_fn=_end_with_parent,
        )  # fmt: skip
    finally:
        sock.close()  # the server holds its own copy
    return RunApi(process, f"http://127.0.0.1:{port}/api", Path(log.name), stamp)


def _end_with_parent() -> None:
    """In the server process: Linux ends it when firpath dies, even by SIGKILL (no orphaned server)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: Prefect's own server has no such guard either
        pass


def _prefect_version() -> str:
    from importlib.metadata import version

    return version("prefect")


class _SchemaStamp:
    """Remembers that a SQLite Prefect database was migrated by this Prefect version.

    The stamp (next to the database) holds the Prefect version and the database's alembic revision
    after a migrating start. A later start may skip the migration check only if both still match:
    a new Prefect, a replaced or deleted database, or a database another Prefect migrated all make
    the server migrate again.
    """

    def __init__(self, database: Path, prefect_version: str) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".firpath-schema.json")
        self.prefect_version = prefect_version

    @classmethod
    def for_url(cls, url: str, prefect_version: str) -> _SchemaStamp | None:
        if not url.startswith(_SQLITE_PREFIX) or ":memory:" in url:
            return None  # a PostgreSQL database: Prefect's migration check stays on
        return cls(Path(url.removeprefix(_SQLITE_PREFIX).split("?", 1)[0]), prefect_version)

    def _revision(self) -> str | None:
        if not self.database.is_file():
            return None
        try:
            with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=5) as conn:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def is_current(self) -> bool:
        try:
            recorded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        revision = self._revision()
        return revision is not None and recorded == {"prefect": self.prefect_version, "revision": revision}

    def record(self) -> None:
        """After the server answered (so any migration finished): stamp the revision it left."""
        revision = self._revision()
        if revision is None:
            return
        content = json.dumps({"prefect": self.prefect_version, "revision": revision})
        try:
            if self.path.is_file() and self.path.read_text(encoding="utf-8") == content:
                return
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(content, encoding="utf-8")
            temporary.replace(self.path)
        except OSError:  # a read-only Prefect home: the next start checks its migrations again
            pass
