"""The Prefect server a run starts for itself: it serves, it steps aside when Prefect's settings name
another, it never outlives the run, and what it needs of Prefect is still there.

The first two tests pin what flows/prefect_api.py takes from Prefect beyond its documented API (its
PREFECT_INTERNALS) and the public settings it configures the server with: on a Prefect upgrade that
breaks either, they fail saying what changed and what depends on it."""

from __future__ import annotations

import importlib
import inspect
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from flows.prefect_api import (
    PREFECT_INTERNALS,
    SERVER_SETTINGS,
    PrefectApiError,
    run_api,
    run_settings,
    send_pending_events,
    start_run_api,
)

STARTUP = 180.0  # a fresh PREFECT_HOME migrates its database first


def _prefect_version() -> str:
    from importlib.metadata import version

    return version("prefect")


def _resolve(dotted: str) -> object | None:
    """The object a dotted name names: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            found = getattr(found, name, None)
            if found is None:
                return None
        return found
    return None


@pytest.mark.unit
def test_the_prefect_internals_the_run_server_relies_on_are_still_there() -> None:
    for dotted, why in PREFECT_INTERNALS.items():
        if _resolve(dotted) is None:
            pytest.fail(
                f"Prefect {_prefect_version()} has no {dotted} any more. flows/prefect_api.py uses it: {why}. "
                "Find what replaced it in this Prefect and update PREFECT_INTERNALS and its caller."
            )
    from prefect.events.worker import EventsWorker

    parameters = inspect.signature(EventsWorker.drain_all).parameters
    if not {"timeout", "at_exit"} <= parameters.keys():
        pytest.fail(
            f"Prefect {_prefect_version()} changed EventsWorker.drain_all{inspect.signature(EventsWorker.drain_all)}: "
            "flows/prefect_api.py (send_pending_events) calls it with timeout= and at_exit="
        )


@pytest.mark.unit
def test_every_setting_the_run_server_is_started_with_is_one_prefect_knows() -> None:
    """A setting Prefect renamed would be ignored without a word: the server would run the UI or a
    service again, and only the benchmark would notice."""
    import prefect.settings

    unknown = [name for name in SERVER_SETTINGS if not hasattr(prefect.settings, name)]
    if unknown:
        pytest.fail(
            f"Prefect {_prefect_version()} does not know {', '.join(unknown)}: flows/prefect_api.py "
            "(SERVER_SETTINGS) sets them for the run's server; find their new names"
        )


@pytest.fixture
def prefect_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "prefect-home"
    monkeypatch.setenv("PREFECT_HOME", str(home))
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(home / "profiles.toml"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    return home


_RUN_ON_ITS_OWN_SERVER = """
import json, sys, time
from pathlib import Path
from flows.prefect_api import run_api, run_settings, send_pending_events
from prefect import flow, get_client, task
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.runtime import flow_run

@task
def step(n):
    return n + 1

@flow
def three_steps():
    for n in range(3):
        step(n)
    return flow_run.id

with run_api() as api:
    api.keep_log(Path(sys.argv[1]))
    url = api.wait_ready(float(sys.argv[2]))
    with run_settings(url):
        run_id = three_steps()
        send_pending_events()
        # the server records task runs from their events, a moment after it received them
        deadline = time.monotonic() + 30
        with get_client(sync_client=True) as client:
            while True:
                runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id])))
                states = sorted(r.state_name for r in runs)
                if states == ["Completed"] * 3 or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
    process = api.process
print(json.dumps({"url": url, "api_url": api.url, "states": states, "stopped": process.poll() is not None}))
"""


@pytest.mark.integration
def test_the_run_server_serves_records_the_runs_tasks_and_stops(prefect_home: Path, tmp_path: Path) -> None:
    """In a process of its own, as `firpath run` uses it (this one's Prefect may be bound to the harness)."""
    log = tmp_path / "logs" / "prefect-server.log"
    done = subprocess.run([sys.executable, "-c", _RUN_ON_ITS_OWN_SERVER, str(log), str(STARTUP)],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["url"] == outcome["api_url"]
    assert outcome["states"] == ["Completed"] * 3  # the flow's task runs, recorded by the server
    assert outcome["stopped"]  # stopped on leaving
    assert log.is_file() and log.stat().st_size > 0  # the server's output, kept where the run asked


@pytest.mark.integration
def test_a_server_named_by_the_environment_is_used_and_nothing_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    with run_api() as api:
        assert api is None


def _started_under_profile(prefect_home: Path, setting: str):  # noqa: ANN202
    """The run's server started while the active Prefect profile holds `setting`."""
    prefect_home.mkdir(parents=True)
    (prefect_home / "profiles.toml").write_text(f'active = "this"\n[profiles.this]\n{setting}\n', encoding="utf-8")
    return start_run_api()


@pytest.mark.integration
def test_a_server_named_by_a_profile_is_used_and_the_runs_own_stopped(prefect_home: Path) -> None:
    api = _started_under_profile(prefect_home, 'PREFECT_API_URL = "http://prefect.example:4200/api"')
    try:
        assert api.wait_ready(STARTUP) is None  # Prefect's own settings apply
        assert api.process.poll() is not None
    finally:
        api.stop()


@pytest.mark.integration
def test_ephemeral_servers_switched_off_and_no_server_named_is_a_clear_error(prefect_home: Path) -> None:
    api = _started_under_profile(prefect_home, 'PREFECT_SERVER_EPHEMERAL_ENABLED = "false"')
    try:
        with pytest.raises(PrefectApiError, match="switch ephemeral servers off .* set PREFECT_API_URL"):
            api.wait_ready(STARTUP)
        assert api.process.poll() is not None
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
