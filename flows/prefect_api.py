"""The Prefect API a run reports to: the server the user configured, or one started for the run.

Why a server of the run's own, started first: in Prefect's ephemeral mode the same server starts
only at the flow's first API call, and the run waits for it to boot; started as the run's first
step, it boots while the run checks the registers and imports the pipeline (a cold run on the demo
inbox takes 1.4 x as long in ephemeral mode: benchmarks/RESULTS.md, "Prefect server", which also
says what was measured and dropped). It is Prefect's own `prefect server start` on a port of
127.0.0.1, set up by public settings alone (`SERVER_SETTINGS`); its output goes to a log file,
never to the user's terminal.

With PREFECT_API_URL set nothing is started. A Prefect profile that names a server is known only
once Prefect is imported: the run's server is then stopped and the profile's server used.

The one Prefect internal used here is named in `PREFECT_INTERNALS`; tests/flows/test_prefect_api.py
pins it, and the settings.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

# What is not public API, where it is used, and why (tests/flows/test_prefect_api.py pins each):
PREFECT_INTERNALS = {
    "prefect.events.worker.EventsWorker.drain_all": (
        "send_pending_events, before the run's server stops: task runs reach the server as events, which "
        "a background worker sends; events still queued would be lost, and each would log an error"
    ),
}

# The run's server lives as long as the run: no UI to open, and none of the services a long-lived
# server runs between runs (schedules, late runs, workers, automations), even when the Prefect
# database it shares holds deployments. It keeps the services that record what the run reports:
# task runs (from their events) and the events themselves.
SERVER_SETTINGS = {
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    **{
        f"PREFECT_SERVER_SERVICES_{service}_ENABLED": "false"
        for service in ("SCHEDULER", "LATE_RUNS", "FOREMAN", "CANCELLATION_CLEANUP", "PAUSE_EXPIRATIONS",
                        "REPOSSESSOR", "CLEANUP_RECONCILER", "TRIGGERS")  # fmt: skip
    },
}

_PR_SET_PDEATHSIG = 1


class PrefectApiError(RuntimeError):
    """The run's Prefect server could not be started; the message says why and where its log is."""


class RunApi:
    """The server process started for one run (`start_run_api`). Its output goes to a temporary
    file until the run has a workdir to keep it in (`keep_log`)."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, reserved: socket.socket, log: IO[bytes]) -> None:
        self.process = process
        self.url = f"http://127.0.0.1:{port}/api"
        self.log_path: Path | None = None
        self._reserved = reserved
        self._log = log

    def keep_log(self, path: Path) -> None:
        """Keep the server's output at `path` (appended) once it is stopped."""
        self.log_path = path

    @property
    def _log_named(self) -> str:
        return f"its log: {self.log_path}" if self.log_path else "run with --verbose for its output"

    def wait_ready(self, timeout: float) -> str | None:
        """The run's API URL once it answers its health check; None when a Prefect profile names
        a server (the run's own is stopped, and Prefect's settings apply)."""
        from prefect.settings import Settings

        settings = Settings()  # read now, from the environment and the active profile
        if settings.api.url:
            self.stop()
            return None
        if not settings.server.ephemeral.enabled:
            self.stop()
            raise PrefectApiError(
                "Prefect's settings switch ephemeral servers off (PREFECT_SERVER_EPHEMERAL_ENABLED) and name no "
                "server: set PREFECT_API_URL to a running Prefect server, or switch ephemeral servers back on"
            )
        deadline = time.monotonic() + timeout
        try:
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
        finally:
            self._reserved.close()  # serving, or given up: the port is the server's (or no one's)

    def finish(self) -> None:
        """After the last flow: let Prefect send what it still holds, then stop the server."""
        send_pending_events()
        self.stop()

    def stop(self) -> None:
        self._reserved.close()
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
    """A server for the run, started now and stopped on leaving; None when PREFECT_API_URL is in
    the environment (the user's server is used, and nothing is started)."""
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    api = start_run_api()
    try:
        yield api
    finally:
        api.finish()


def start_run_api() -> RunApi:
    """`prefect server start` on a free port of 127.0.0.1. The port is picked by the kernel (bind to
    port 0) and stays bound here, not listening, until the server serves: no other process can
    be given it meanwhile, and the server can still bind it (both sockets allow address reuse)."""
    reserved = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    reserved.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    reserved.bind(("127.0.0.1", 0))
    port = reserved.getsockname()[1]
    log = tempfile.TemporaryFile(prefix="firpath-prefect-server-")
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env={**os.environ, **SERVER_SETTINGS},
            # its own session: a Ctrl-C in the terminal is the run's to handle, and the run
            # stops its server when it is done (or the kernel does, if the run dies)
            start_new_session=True, preexec_fn=_end_with_parent,
        )  # fmt: skip
    except BaseException:
        log.close()
        reserved.close()
        raise
    return RunApi(process, port, reserved, log)


@contextmanager
def run_settings(api_url: str | None) -> Iterator[None]:
    """Prefect settings for the run's flow on its own server: no logs sent to it (no one reads them
    there: the run's own log lines stay in this process), no heartbeats (they serve a long-lived
    server's detection of crashed runs, and a flow run waits up to a second for its heartbeat
    thread to stop)."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        PREFECT_LOGGING_TO_API_ENABLED,
        temporary_settings,
    )

    updates: dict = {}
    if api_url is not None:
        updates[PREFECT_API_URL] = api_url
        updates[PREFECT_LOGGING_TO_API_ENABLED] = False
        if "PREFECT_FLOWS_HEARTBEAT_FREQUENCY" not in os.environ:
            updates[PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
    with temporary_settings(updates=updates):
        yield


def send_pending_events(timeout: float = 10) -> None:
    """Wait until Prefect has sent the events it holds (PREFECT_INTERNALS): a task run's states
    reach the server only as events, which a background worker of this process sends."""
    if "prefect.events.worker" not in sys.modules:
        return  # no flow ran: Prefect holds nothing
    from prefect.events.worker import EventsWorker

    EventsWorker.drain_all(timeout=timeout, at_exit=False)


def _end_with_parent() -> None:
    """In the server process: Linux ends it when firpath dies, even by SIGKILL (no orphaned server)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: Prefect's own server has no such guard either
        pass
