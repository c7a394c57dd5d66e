"""Worker processes that read one document each at a time, and are ended when they run over.

Why not a library pool: the standard library's pools cannot stop one task that runs too long, and
pebble, which can, shares one channel between its workers behind a process-shared lock: a worker
killed while it holds that lock (the kernel's OOM killer picks the largest process) leaves every
other worker waiting on it forever (pebble issue #163). Here each worker has a pipe of its own and
nothing is shared, so a worker that dies, however it dies, takes nothing with it: its task is
reported, and a new worker takes its place.

The pool is driven by whoever waits for a result (`result`): no thread of its own. Everything the
parent sends is a task (a function importable by name and its argument); a worker says when it is
ready, when it took a task (a death before that is not the task's: it goes to another worker), and
the task's outcome.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

_CONTEXT = multiprocessing.get_context("spawn")  # the parent runs threads: forking one can deadlock


@dataclass(frozen=True)
class Done:
    value: Any


@dataclass(frozen=True)
class Failed:
    """The task raised: its exception's type and text (the exception itself may not pickle)."""

    error: str


@dataclass(frozen=True)
class TimedOut:
    seconds: float


@dataclass(frozen=True)
class Died:
    """The worker ended while running the task: by a signal (negative), or an exit code."""

    exitcode: int | None


Outcome = Done | Failed | TimedOut | Died

MAX_START_FAILURES = 3  # workers in a row that die before they are ready: the pool gives up


class WorkersFailing(RuntimeError):
    """Workers die before they are ready (a broken installation, no memory to start one): no task's fault."""


@dataclass
class _Worker:
    process: Any  # multiprocessing's SpawnProcess
    conn: Connection
    task: tuple[int, Callable[[Any], Any], Any] | None = None  # the ticket it runs, and what
    started: float = 0.0
    ready: bool = False  # its initializer has run
    took: bool = False  # it said it received its task: a death after this is the task's


@dataclass
class WorkerPool:
    """Up to `processes` workers, started as tasks arrive, each running `initializer(*initargs)` once.
    A task still running `timeout` seconds after it started is ended with its worker."""

    processes: int
    initializer: Callable[..., None] | None = None
    initargs: tuple[Any, ...] = ()
    timeout: float | None = None
    _pending: deque[tuple[int, Callable[[Any], Any], Any]] = field(default_factory=deque)
    _outcomes: dict[int, Outcome] = field(default_factory=dict)
    _workers: list[_Worker] = field(default_factory=list)
    _tickets: int = 0
    _closed: bool = False
    _start_failures: int = 0

    def submit(self, function: Callable[[Any], Any], argument: Any) -> int:
        """Queue `function(argument)`; returns the ticket to ask for its outcome by."""
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        self._tickets += 1
        self._pending.append((self._tickets, function, argument))
        self._dispatch()
        return self._tickets

    def result(self, ticket: int) -> Outcome:
        """The task's outcome, waiting (and keeping every worker busy) until there is one."""
        while ticket not in self._outcomes:
            if ticket > self._tickets or ticket <= 0:
                raise KeyError(f"no task {ticket}")
            self._step()
        return self._outcomes.pop(ticket)

    def close(self) -> None:
        """End every worker (a running task is abandoned)."""
        self._closed = True
        self._pending.clear()
        for worker in self._workers:
            _end(worker, graceful=worker.task is None)
        self._workers.clear()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- the loop -----------------------------------------------------------------------------------

    def _dispatch(self) -> None:
        while self._pending:
            worker = next((w for w in self._workers if w.task is None), None)
            if worker is None:
                if len(self._workers) >= self.processes:
                    return
                worker = self._start_worker()
            task = self._pending.popleft()
            try:
                worker.conn.send(task[1:])
            except (BrokenPipeError, ConnectionResetError, EOFError):  # it died idle: the task goes to another
                self._pending.appendleft(task)
                self._retire(worker)
                continue
            worker.task, worker.started, worker.took = task, time.monotonic(), False

    def _step(self) -> None:
        """Wait for a worker to answer, die or run out of time; deal with it; hand out more work."""
        busy = [w for w in self._workers if w.task is not None]
        if not busy:
            self._dispatch()
            return
        now = time.monotonic()
        running = [w for w in busy if w.ready]  # a task's time starts once its worker is ready
        wait_for = None if self.timeout is None or not running else max(
            0.0, min(w.started + self.timeout for w in running) - now
        )  # fmt: skip
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=wait_for))
        for worker in busy:
            if worker.conn in ready:
                try:
                    kind, value = worker.conn.recv()
                except (EOFError, ConnectionResetError, OSError):
                    self._died(worker)
                    continue
                if kind == "ready":
                    worker.ready, worker.started = True, time.monotonic()
                    self._start_failures = 0
                    continue
                if kind == "took":
                    worker.took = True
                    continue
                self._settle(worker, Done(value) if kind == "done" else Failed(value))
            elif worker.process.sentinel in ready:
                self._died(worker)
            elif worker.ready and self.timeout is not None and time.monotonic() - worker.started >= self.timeout:
                self._settle(worker, TimedOut(self.timeout))
                self._retire(worker)
        self._dispatch()

    def _settle(self, worker: _Worker, outcome: Outcome) -> None:
        assert worker.task is not None
        self._outcomes[worker.task[0]] = outcome
        worker.task = None

    def _died(self, worker: _Worker) -> None:
        worker.process.join(timeout=5)
        if worker.ready and worker.took:
            self._settle(worker, Died(worker.process.exitcode))
        elif worker.ready:  # killed idle, before the task it was sent reached it: not the task's doing
            assert worker.task is not None
            self._pending.appendleft(worker.task)
            worker.task = None
        else:  # died before it was ready (killed while starting, or cannot start): not the task's doing
            assert worker.task is not None
            self._pending.appendleft(worker.task)
            worker.task = None
            self._start_failures += 1
            if self._start_failures > MAX_START_FAILURES:
                self._retire(worker)
                raise WorkersFailing(
                    f"{self._start_failures} worker processes in a row ended before they were ready "
                    f"(the last with {exit_text(worker.process.exitcode)})"
                )
        self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        """The worker ended (by now, or now); a new one starts with the next task."""
        _end(worker, graceful=False)
        self._workers.remove(worker)

    def _start_worker(self) -> _Worker:
        parent, child = _CONTEXT.Pipe(duplex=True)
        args = (child, os.getpid(), self.initializer, self.initargs)
        process = _CONTEXT.Process(target=_serve, args=args, daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.append(worker)
        return worker


def exit_text(exitcode: int | None) -> str:
    """How a process ended, for a person: the signal's name, or the exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            pass
    return f"exit code {exitcode}"


def _end(worker: _Worker, *, graceful: bool) -> None:
    try:
        if graceful:
            worker.conn.close()  # its recv() ends: it exits by itself
            worker.process.join(timeout=2)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
    finally:
        worker.conn.close()


def _serve(conn: Connection, parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker: run the initializer, say it is ready, then run each task it is sent until its pipe
    closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is the parent's to handle
    _end_with(parent)
    if initializer is not None:
        initializer(*initargs)
    conn.send(("ready", None))
    while True:
        try:
            function, argument = conn.recv()
            conn.send(("took", None))  # from here on, a death is the task's
        except (EOFError, OSError):
            return
        try:
            outcome: tuple[str, Any] = ("done", function(argument))
        except BaseException as exc:  # reported, and the worker goes on
            outcome = ("failed", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return


def _end_with(parent: int) -> None:
    """Linux ends the worker when its parent dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(0)
