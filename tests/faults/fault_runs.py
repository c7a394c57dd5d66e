"""Driving `firpath run` as a user's shell would, and killing it as a crash would (SIGKILL).

Imported by the fault tests as `tests.faults.fault_runs`.
Black-box on purpose: the CLI, the files it writes and the store's public API only, so the tests hold
whatever the run does inside.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import write_corpus
from firpath.demo.scenario import inbox_documents
from staging.settings import DEFAULT_FILE_NAME, StoreSettings, store_url
from staging.store import StagingStore

REVIEW_FILES = ("proposed_changes.csv", "unmapped.csv", "quarantine.csv", "claims.csv")

# Bounds on waiting for a process to do something; they stop a broken run from hanging the suite and
# are never the thing a test asserts.
RUN_TIMEOUT = 300.0
POLL_SECONDS = 0.005


@dataclass(frozen=True)
class Corpus:
    """A small inbox with every kind of input: release notes, .eml/.msg (attachments included), MAP
    spreadsheets, and the demo's awkward files (duplicates, corrupt, encrypted, scanned, unsupported)."""

    inbox: Path
    cpl: Path
    fir: Path

    @property
    def files(self) -> int:
        return sum(1 for p in self.inbox.rglob("*") if p.is_file())


def write_fault_corpus(root: Path, seed: int) -> Corpus:
    info = write_corpus(root, pdfs=24, pages_per_pdf=3, emails=12, spreadsheets=4, cpl_entries=150, seed=seed,
                        workers=1)  # fmt: skip
    for relative, data in inbox_documents().items():  # mapped against another CPL: unmapped, quarantined
        path = info.inbox / "forwarded" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return Corpus(info.inbox, info.cpl, info.fir)


def run_env(prefect_home: Path, store: str | None = None) -> dict[str, str]:
    """The user's environment without the test process's Prefect and store settings; one PREFECT_HOME
    for all of a session's runs, so only the first migrates Prefect's database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "FIRPATH_"))}
    env["PREFECT_HOME"] = str(prefect_home)
    if store is not None:
        env["FIRPATH_STORE_URL"] = store
    return env


@dataclass
class RunProcess:
    """A `firpath run` started in a session of its own, so that it and every process it starts
    (extraction workers, Prefect's server) are one process group, killed together."""

    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path
    started: float

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> tuple[str, str]:
        return self.stdout.read_text(encoding="utf-8"), self.stderr.read_text(encoding="utf-8")

    def wait(self, timeout: float = RUN_TIMEOUT) -> int:
        return self.process.wait(timeout=timeout)


def start_run(corpus: Corpus, workdir: Path, env: Mapping[str, str], logs: Path, *, workers: int = 2) -> RunProcess:
    logs.mkdir(parents=True, exist_ok=True)
    n = len(list(logs.glob("*.out")))
    stdout, stderr = logs / f"run{n}.out", logs / f"run{n}.err"
    command = [sys.executable, "-m", "firpath.cli", "run", "--inbox", str(corpus.inbox), "--cpl", str(corpus.cpl),
               "--fir", str(corpus.fir), "--workdir", str(workdir), "--workers", str(workers)]  # fmt: skip
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=dict(env), start_new_session=True)
    return RunProcess(process, stdout, stderr, time.monotonic())


def run_to_end(corpus: Corpus, workdir: Path, env: Mapping[str, str], logs: Path) -> RunProcess:
    run = start_run(corpus, workdir, env, logs)
    code = run.wait()
    out, err = run.output()
    assert code == 0, f"firpath run exited {code}\n{out}\n{err}"
    return run


# --- processes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proc:
    pid: int
    start_ticks: int  # with the pid, names one process even after its pid is reused
    pgid: int
    command: str


def _proc(pid: int) -> Proc | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    if fields[0] in ("Z", "X"):  # a zombie has exited; only its exit status is left to collect
        return None
    return Proc(pid, int(fields[19]), int(fields[2]), command)


def _all_procs() -> list[Proc]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (proc := _proc(int(entry.name))) is not None:
            found.append(proc)
    return found


def process_tree(root: int) -> list[Proc]:
    """`root` and its descendants now."""
    procs = _all_procs()
    parents: dict[int, int] = {}
    for proc in procs:
        try:
            stat = Path(f"/proc/{proc.pid}/stat").read_text()
            parents[proc.pid] = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in tree:
                tree.add(child)
                frontier.append(child)
    return [p for p in procs if p.pid in tree]


def still_alive(procs: list[Proc]) -> list[Proc]:
    return [p for p in procs if (now := _proc(p.pid)) is not None and now.start_ticks == p.start_ticks]


def kill_run(run: RunProcess) -> list[Proc]:
    """SIGKILL the run's whole process group, as a crash or `kill -9 -PGID` would; returns what it
    had running then (the run itself, its workers and Prefect's server) once all of it is gone."""
    tree = process_tree(run.pid)
    os.killpg(run.pid, signal.SIGKILL)
    run.process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while (alive := still_alive(tree) + [p for p in _all_procs() if p.pgid == run.pid]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive, f"left running after the kill: {alive}"
    return tree


# --- watching a run through the store -------------------------------------------------------------


def store_for(workdir: Path, env: Mapping[str, str]) -> str:
    return store_url(workdir, StoreSettings(url=env.get("FIRPATH_STORE_URL") or None))


def wait_for(run: RunProcess, condition: Callable[[], bool], what: str) -> None:
    """Poll until `condition()`; fail (with the run's output) if the run ends or times out first."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while not condition():
        if run.process.poll() is not None:
            out, err = run.output()
            raise AssertionError(f"the run ended (exit {run.process.returncode}) before {what}\n{out}\n{err}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(POLL_SECONDS)


def open_store_when_created(run: RunProcess, workdir: Path, env: Mapping[str, str]) -> StagingStore:
    """The run's store, once the run has created it (SQLite: the file in the workdir)."""
    url = store_for(workdir, env)
    if url.startswith("sqlite"):
        wait_for(run, (workdir / DEFAULT_FILE_NAME).is_file, "the store was created")
    return StagingStore.open(url)




# --- comparing results ----------------------------------------------------------------------------


def review_bytes(workdir: Path) -> dict[str, bytes]:
    return {name: (workdir / "review" / name).read_bytes() for name in REVIEW_FILES}


def xlsx_rows(workdir: Path) -> list[tuple[object, ...]]:
    """The cell values of proposed_changes.xlsx (the file itself carries its creation time)."""
    from openpyxl import load_workbook

    book = load_workbook(workdir / "review" / "proposed_changes.xlsx", read_only=True)
    try:
        return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
