"""firpath.runtime.worker_pool: tasks run in worker processes; one that runs over its time, dies or raises is
reported and the pool goes on; a worker killed from outside, idle or starting, costs no task."""

from __future__ import annotations

import os
import signal
import time

import pytest

from firpath.runtime.worker_pool import Died, Done, Failed, TimedOut, WorkerPool, WorkersFailing
from tests.firpath.runtime import pool_tasks as tasks

pytestmark = pytest.mark.unit


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not alive
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_tasks_run_in_worker_processes_and_come_back_by_ticket() -> None:
    with WorkerPool(2) as pool:
        tickets = [pool.submit(tasks.pid_and, i) for i in range(6)]
        outcomes = [pool.result(t) for t in reversed(tickets)][::-1]
    assert [o.value[1] for o in outcomes] == list(range(6))
    pids = {o.value[0] for o in outcomes}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_a_task_over_its_time_is_ended_with_its_worker_and_the_rest_go_on() -> None:
    with WorkerPool(1, timeout=0.5) as pool:
        slow, after = pool.submit(tasks.sleep, 30), pool.submit(tasks.pid_and, "after")
        started = time.monotonic()
        assert pool.result(slow) == TimedOut(0.5)
        assert time.monotonic() - started < 20  # not the 30 s it asked for
        assert pool.result(after).value[1] == "after"


def test_a_task_that_kills_its_worker_is_reported_and_a_new_worker_takes_over() -> None:
    with WorkerPool(1) as pool:
        first = pool.result(pool.submit(tasks.pid_and, 1)).value[0]
        assert pool.result(pool.submit(tasks.die, None)) == Died(-signal.SIGKILL)
        second = pool.result(pool.submit(tasks.pid_and, 2)).value[0]
    assert first != second


def test_a_task_that_raises_is_reported_with_its_error() -> None:
    with WorkerPool(1) as pool:
        assert pool.result(pool.submit(tasks.fail, "bad cell")) == Failed("ValueError: bad cell")
        assert pool.result(pool.submit(tasks.pid_and, "still here")).value[1] == "still here"


def test_a_worker_killed_while_idle_costs_no_task() -> None:
    with WorkerPool(1) as pool:
        pid = pool.result(pool.submit(tasks.pid_and, 1)).value[0]
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        outcome = pool.result(pool.submit(tasks.pid_and, 2))
    assert isinstance(outcome, Done) and outcome.value[1] == 2 and outcome.value[0] != pid


def test_a_task_sent_to_a_worker_as_it_is_killed_goes_to_a_new_worker() -> None:
    """No pause after the kill: the task may be sent down the pipe before the worker is gone (a loaded
    machine); it never reached the worker, so it is no death of the task's."""
    for number in range(5):
        with WorkerPool(1) as pool:
            pid = pool.result(pool.submit(tasks.pid_and, number)).value[0]
            os.kill(pid, signal.SIGKILL)
            outcome = pool.result(pool.submit(tasks.pid_and, "next"))
        assert isinstance(outcome, Done) and outcome.value == (outcome.value[0], "next") and outcome.value[0] != pid


def test_a_worker_killed_while_starting_costs_no_task() -> None:
    """Killed before it was ready, the worker had not begun the task: it goes to a new worker."""
    with WorkerPool(1, initializer=tasks.slow_start, initargs=(1.0,)) as pool:
        ticket = pool.submit(tasks.pid_and, "first")
        (worker,) = pool._workers
        os.kill(worker.process.pid, signal.SIGKILL)
        outcome = pool.result(ticket)
    assert isinstance(outcome, Done) and outcome.value[1] == "first"


def test_workers_that_cannot_start_stop_the_pool_with_a_reason() -> None:
    with WorkerPool(1, initializer=tasks.cannot_start) as pool:
        ticket = pool.submit(tasks.pid_and, 1)
        with pytest.raises(WorkersFailing, match=r"ended before they were ready \(the last with exit code 3\)"):
            pool.result(ticket)


def test_closing_ends_every_worker() -> None:
    pool = WorkerPool(2, timeout=60)
    busy = pool.submit(tasks.sleep, 30)
    pids = {pool.result(pool.submit(tasks.pid_and, 0)).value[0], *(w.process.pid for w in pool._workers)}
    assert busy not in pool._outcomes
    pool.close()
    assert not any(_alive(pid) for pid in pids)
    with pytest.raises(RuntimeError, match="closed"):
        pool.submit(tasks.pid_and, 1)
