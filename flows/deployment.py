"""The backfill as a Prefect deployment (`firpath serve`): scheduled runs over a watched inbox folder.

Manufacturers' and MAPs' files are dropped into the inbox; each run reads only what no run read
before (content hashes), so an interval schedule watches the folder at the cost of a re-run (~9 s on
the benchmark corpus). The deployment runs the flow as it is (flows/backfill.py), found by its
module path, so any machine with firpath installed can run it. One run at a time: a run due while
another is still going is cancelled, not queued (the workdir's lock would refuse it anyway).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flows.backfill import backfill_flow

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

DEPLOYMENT_TAGS = ["firpath"]


def backfill_parameters(inbox: Path, cpl: Path, fir: Path, workdir: Path, imported_by: str) -> dict[str, str]:
    """Absolute paths: a scheduled run starts in the serving process's folder, not the user's. No
    store URL: the flow finds it from the workdir (or FIRPATH_STORE_URL where it runs), so a
    database password never becomes a parameter the Prefect UI shows."""
    return {
        "inbox": str(inbox.resolve()),
        "cpl_path": str(cpl.resolve()),
        "fir_path": str(fir.resolve()),
        "workdir": str(workdir.resolve()),
        "imported_by": imported_by,
    }


def backfill_deployment(
    name: str, parameters: dict[str, str], *, every: timedelta | None = None, cron: str | None = None
) -> RunnerDeployment:
    """A deployment of the backfill flow on an interval (`every`) or a cron schedule."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.deployments.runner import EntrypointType

    if (every is None) == (cron is None):
        raise ValueError("a deployment of the backfill needs one schedule: an interval or a cron expression")
    return backfill_flow.to_deployment(
        name=name,
        interval=every,
        cron=cron,
        parameters=parameters,
        concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
        tags=DEPLOYMENT_TAGS,
        description=f"firpath backfill of {parameters['inbox']} into {parameters['workdir']}",
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
