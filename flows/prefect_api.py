"""The Prefect API a run reports to: the server the user configured, or one started for the run.

Why not Prefect's own ephemeral mode: it starts its server at the first API call and waits for it,
after importing the whole server package into this process (~2.5 s), and the server checks its
database migrations on every start (~5 s even when there is nothing to migrate). `firpath run`
starts the same server (the app Prefect's `SubprocessASGIServer` serves) as its very first step
instead, before it imports Prefect itself, so that the server boots in its own process while this
one imports the pipeline and checks the registers; and the server skips the migration check once
the database is known to be at this Prefect's schema. Its output goes to a log file: the user's
terminal stays clean, even when it shuts down.

The server process decides for itself whether to serve: when Prefect's settings (environment or
profile) name a server, or switch ephemeral servers off, it says so and exits, and the run uses
Prefect's own configuration.

Flow run heartbeats are off for a run on its own server unless PREFECT_FLOWS_HEARTBEAT_FREQUENCY is
set: they serve a server's zombie-run detection, which a server that lives exactly as long as the
run cannot use, and every flow run waits up to a second for its heartbeat thread to stop.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

_SQLITE_PREFIX = "sqlite+aiosqlite:///"
_PR_SET_PDEATHSIG = 1
SERVING, CONFIGURED, DISABLED = "serving", "configured", "disabled"


class PrefectApiError(RuntimeError):
    """The run's Prefect server could not be started; the message says why and where its log is."""


class RunApi:
    """The server process started for one run (see `start_run_api`). Its output goes to a temporary
    file until the run has a workdir to keep it in (`keep_log`)."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, status: int, log: IO[bytes]) -> None:
        self.process = process
        self.url = f"http://127.0.0.1:{port}/api"
        self.log_path: Path | None = None
        self._log = log
        self._status_fd = status
        self._status: str | None = None

    def keep_log(self, path: Path) -> None:
        """Keep the server's output at `path` (appended) once it is stopped."""
        self.log_path = path

    @property
    def _log_named(self) -> str:
        return f"its log: {self.log_path}" if self.log_path else "run with --verbose for its output"

    def status(self, timeout: float) -> str:
        """What the server process decided: SERVING, or CONFIGURED / DISABLED (it exited)."""
        if self._status is None:
            import select

            ready, _, _ = select.select([self._status_fd], [], [], timeout)
            line = os.read(self._status_fd, 64).decode(errors="replace").strip() if ready else ""
            os.close(self._status_fd)
            if line not in (SERVING, CONFIGURED, DISABLED):
                self.stop()
                raise PrefectApiError(f"Prefect's server for this run did not start ({self._log_named})")
            self._status = line
        return self._status

    def wait_ready(self, timeout: float) -> str | None:
        """The run's API URL once it answers its health check; None when Prefect's own settings are
        to be used (a configured server)."""
        deadline = time.monotonic() + timeout
        status = self.status(timeout)
        if status != SERVING:
            self.process.wait()
            if status == DISABLED:
                raise PrefectApiError(
                    "Prefect's settings switch ephemeral servers off (PREFECT_SERVER_EPHEMERAL_ENABLED) and name no "
                    "server: set PREFECT_API_URL to a running Prefect server, or switch ephemeral servers back on"
                )
            return None
        while True:
            if self.process.poll() is not None:
                raise PrefectApiError(
                    f"Prefect's server for this run exited with code {self.process.returncode} ({self._log_named})"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return self.url
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise PrefectApiError(
                    f"Prefect's server for this run did not answer within {timeout:.0f} s "
                    f"(raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS; {self._log_named})"
                )
            time.sleep(0.05)

    def finish(self) -> None:
        """After the last flow: let Prefect send what it still holds, then stop the server."""
        _drain_prefect_services()
        self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log.closed:
            return
        if self.log_path is not None:
            self._log.seek(0)
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("ab") as kept:
                shutil.copyfileobj(self._log, kept)
        self._log.close()


@contextmanager
def run_api() -> Iterator[RunApi | None]:
    """A server process for the run, started now and stopped on leaving; None when PREFECT_API_URL
    is in the environment (the user's server is used, and nothing is started)."""
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    api = start_run_api()
    try:
        yield api
    finally:
        api.finish()


def _drain_prefect_services() -> None:
    """Let Prefect send what it still holds (task run events) while its server is up: sent after
    the server stopped, each would fail with a log line on the user's terminal."""
    if "prefect.events.worker" not in sys.modules:
        return  # no flow ran: Prefect holds nothing
    from prefect.events.worker import EventsWorker

    EventsWorker.drain_all(timeout=10, at_exit=False)


def start_run_api() -> RunApi:
    """The server on a socket bound here (port 0: the kernel picks a free one, no race with another
    process), handed to uvicorn as a file descriptor; a pipe for the server's one-line status."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    status_read, status_write = os.pipe()
    log = tempfile.TemporaryFile(prefix="firpath-prefect-server-")
    command = [sys.executable, "-m", "flows.prefect_api", "--fd", str(sock.fileno()), "--status-fd", str(status_write)]
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, pass_fds=(sock.fileno(), status_write),
            # its own session: a Ctrl-C in the terminal is the run's to handle, and the run
            # stops its server when it is done (or the kernel does, if the run dies)
            start_new_session=True, preexec_fn=_end_with_parent,
        )  # fmt: skip
    except BaseException:
        log.close()
        os.close(status_read)
        raise
    finally:
        sock.close()  # the server holds its own copies
        os.close(status_write)
    return RunApi(process, port, status_read, log)


@contextmanager
def run_settings(api_url: str | None) -> Iterator[None]:
    """Prefect settings for the run's flows: the run's server, and no heartbeats (see the module)."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        PREFECT_LOGGING_TO_API_ENABLED,
        temporary_settings,
    )

    updates: dict = {}
    if api_url is not None:
        updates[PREFECT_API_URL] = api_url
        # the server's database outlives the run, but no one reads the logs of a run in it: the
        # run's own log lines stay in this process
        updates[PREFECT_LOGGING_TO_API_ENABLED] = False
        if "PREFECT_FLOWS_HEARTBEAT_FREQUENCY" not in os.environ:
            updates[PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
    with temporary_settings(updates=updates):
        yield


def _end_with_parent() -> None:
    """In the server process: Linux ends it when firpath dies, even by SIGKILL (no orphaned server)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: Prefect's own server has no such guard either
        pass


# --- the server process -----------------------------------------------------------------------------


def serve(fd: int, status_fd: int) -> int:
    """Serve Prefect's API on the socket `fd` (as `SubprocessASGIServer` does: no UI, ephemeral
    services), unless Prefect's settings name a server or forbid ephemeral ones."""
    # set before Prefect reads its settings, as SubprocessASGIServer sets them for its server
    os.environ.update({"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
                       # block types are for deployments and storage, which a firpath run does not use
                       "PREFECT_API_BLOCKS_REGISTER_ON_START": "false"})  # fmt: skip
    from importlib.metadata import version

    from prefect.settings import PREFECT_API_DATABASE_MIGRATE_ON_START, get_current_settings, temporary_settings

    settings = get_current_settings()
    decided = CONFIGURED if settings.api.url else SERVING if settings.server.ephemeral.enabled else DISABLED
    os.write(status_fd, decided.encode() + b"\n")
    os.close(status_fd)
    if decided != SERVING:
        return 0
    import uvicorn

    stamp = _SchemaStamp.for_url(settings.server.database.connection_url.get_secret_value(), version("prefect"))
    updates = {PREFECT_API_DATABASE_MIGRATE_ON_START: False} if stamp is not None and stamp.is_current() else {}
    with temporary_settings(updates=updates):
        config = uvicorn.Config("prefect.server.api.server:create_app", factory=True, fd=fd, log_level="error",
                                lifespan="on")  # fmt: skip
        server = uvicorn.Server(config)
        with socket.socket(fileno=os.dup(fd)) as listening:  # a copy, to read the port off
            port = listening.getsockname()[1]
        _once_started(server, stamp, port)
        server.run()
    return 0


def _once_started(server: object, stamp: _SchemaStamp | None, port: int) -> None:
    """Once uvicorn has run the app's start-up (its migrations) and serves: stamp the database, and
    warm the app up. Its first API request takes about 0.4 s (a health check does not count), which
    the run would otherwise wait for at its first flow; here it is paid while the run still imports."""
    started = server.startup  # type: ignore[attr-defined]

    async def startup(*args: object, **kwargs: object) -> None:
        await started(*args, **kwargs)
        if getattr(server, "started", False):
            if stamp is not None:
                stamp.record()
            threading.Thread(target=_warm_up, args=(port,), daemon=True).start()

    server.startup = startup  # type: ignore[attr-defined]


def _warm_up(port: int) -> None:
    base = f"http://127.0.0.1:{port}/api"
    for path, body in (("/admin/version", None), ("/flow_runs/filter", b'{"limit": 1}')):
        request = urllib.request.Request(base + path, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
        except OSError:  # a warm-up only: the run's own requests will say if something is wrong
            return


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


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve Prefect's API for one firpath run (started by firpath run).")
    parser.add_argument("--fd", type=int, required=True, help="a listening socket's file descriptor")
    parser.add_argument("--status-fd", type=int, required=True, help="where to write what was decided")
    args = parser.parse_args(argv)
    return serve(args.fd, args.status_fd)


if __name__ == "__main__":
    raise SystemExit(_main())
