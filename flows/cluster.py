"""Running the backfill on a Dask cluster (prefect-dask): which cluster, and the task runners for it.

`firpath run --dask` connects to the scheduler named by FIRPATH_DASK_ADDRESS, or starts a local
cluster of worker processes for the run. Every worker opens the staging store by its URL: a SQLite
file in the workdir serves a local cluster (one machine); a cluster of several machines needs a
store they all reach (PostgreSQL, FIRPATH_STORE_URL) and a Prefect server they all reach
(PREFECT_API_URL), since the ephemeral API listens on 127.0.0.1 only.

prefect_dask (and with it dask.distributed) is imported only when a Dask runner is made, so the
default run does not pay for it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from prefect_dask import DaskTaskRunner

BATCH_SIZE = 64  # documents per extraction task: enough to outweigh a task's overhead, few enough to spread


class DaskSettings(BaseSettings):
    """`address`: the scheduler of a running cluster (`tcp://scheduler:8786`); unset: a local cluster."""

    model_config = SettingsConfigDict(env_prefix="FIRPATH_DASK_")

    address: str | None = None


def dask_task_runner(address: str | None = None, workers: int | None = None) -> DaskTaskRunner:
    """A runner on the cluster at `address`, or on a local cluster of `workers` processes (default: one
    per core) that lives as long as the flow run. One thread per worker: pdfplumber holds the GIL."""
    from prefect.settings import PREFECT_LOGGING_LEVEL
    from prefect_dask import DaskTaskRunner

    # the scheduler of a local cluster logs in this process: at Prefect's level, not distributed's INFO
    logging.getLogger("distributed").setLevel(PREFECT_LOGGING_LEVEL.value())
    # at shutdown a worker of a busy machine may take longer than the nanny's 4 s to exit, and is
    # killed with a warning: the run is over by then, and nothing is lost
    nanny = logging.getLogger("distributed.nanny")
    if not any(isinstance(f, _SlowShutdownFilter) for f in nanny.filters):
        nanny.addFilter(_SlowShutdownFilter())
    if address:
        if workers is not None:
            raise ValueError(f"the cluster at {address} has the workers it has: `workers` is for a local cluster")
        return DaskTaskRunner(address=address)
    # dashboard on a free port: a second cluster on the machine would otherwise warn about 8787 being taken
    options = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": ":0"}
    return DaskTaskRunner(cluster_kwargs=options)


class _SlowShutdownFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "still alive after" not in record.getMessage()


def is_dask_runner(runner: object) -> bool:
    """True for a DaskTaskRunner (without importing prefect_dask when none was made)."""
    dask = sys.modules.get("prefect_dask.task_runners")
    return dask is not None and isinstance(runner, dask.DaskTaskRunner)


@contextmanager
def prefect_api_for_workers() -> Iterator[None]:
    """The Prefect API the flow uses, made known to the Dask workers.

    Workers report their task runs to the API named in the settings handed to them. With a server
    configured (PREFECT_API_URL) that is it. In ephemeral mode no URL is set, and each worker process
    would start an API of its own: a server is started here instead (the one `firpath run` starts,
    flows/prefect_api.py), and its address set for the run.
    """
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    )

    from flows.prefect_api import run_api, run_settings

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():  # (the latter: Prefect says why)
        yield
        return
    with run_api() as api:
        url = None if api is None else api.wait_ready(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        with run_settings(url):
            yield
