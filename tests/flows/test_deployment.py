"""The backfill as a Prefect deployment: created on the server with its parameters and schedule, and
a run of it executed from the deployment alone (as a served or worker-run backfill would be)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from firpath.demo import write_demo
from flows.deployment import DEPLOYMENT_TAGS, backfill_deployment, backfill_parameters
from staging.settings import store_url
from staging.store import StagingStore


@pytest.mark.unit
def test_parameters_are_absolute_paths_and_hold_no_store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    parameters = backfill_parameters(Path("in"), Path("cpl.xlsx"), Path("fir.csv"), Path(".firpath"), "secas")
    assert parameters == {
        "inbox": str(tmp_path / "in"), "cpl_path": str(tmp_path / "cpl.xlsx"), "fir_path": str(tmp_path / "fir.csv"),
        "workdir": str(tmp_path / ".firpath"), "imported_by": "secas",
    }  # fmt: skip


@pytest.mark.unit
def test_a_deployment_needs_exactly_one_schedule(tmp_path: Path) -> None:
    parameters = backfill_parameters(tmp_path, tmp_path / "c", tmp_path / "f", tmp_path, "secas")
    with pytest.raises(ValueError, match="one schedule"):
        backfill_deployment("x", parameters)
    with pytest.raises(ValueError, match="one schedule"):
        backfill_deployment("x", parameters, every=timedelta(minutes=5), cron="0 7 * * *")


@pytest.fixture(scope="module")
def served(prefect_harness, tmp_path_factory):  # noqa: ANN001, ANN201
    """The demo inbox deployed every 15 minutes, as `firpath serve --every 15` deploys it."""
    root = tmp_path_factory.mktemp("served")
    inputs = write_demo(root)
    parameters = backfill_parameters(inputs.inbox, inputs.cpl, inputs.fir, root / "wd", "secas")
    deployment_id = backfill_deployment("watched-inbox", parameters, every=timedelta(minutes=15)).apply()
    return root, inputs, parameters, deployment_id


@pytest.mark.integration
def test_the_deployment_is_created_with_its_parameters_schedule_and_one_run_at_a_time(served) -> None:  # noqa: ANN001
    from prefect import get_client

    _, _, parameters, deployment_id = served
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment(deployment_id)
    assert deployment.name == "watched-inbox"
    assert deployment.parameters == parameters
    assert deployment.entrypoint == "flows.backfill.backfill_flow"  # by module: wherever firpath is installed
    [schedule] = deployment.schedules
    assert schedule.active and schedule.schedule.interval == timedelta(minutes=15)
    assert deployment.global_concurrency_limit is not None and deployment.global_concurrency_limit.limit == 1
    assert deployment.concurrency_options is not None
    assert deployment.concurrency_options.collision_strategy.value == "CANCEL_NEW"
    assert deployment.tags == DEPLOYMENT_TAGS


@pytest.mark.integration
def test_a_cron_schedule_is_kept_as_given(prefect_harness, tmp_path: Path) -> None:  # noqa: ANN001
    from prefect import get_client

    parameters = backfill_parameters(tmp_path, tmp_path / "c", tmp_path / "f", tmp_path, "secas")
    deployment_id = backfill_deployment("weekday-mornings", parameters, cron="0 7 * * 1-5").apply()
    with get_client(sync_client=True) as client:
        [schedule] = client.read_deployment(deployment_id).schedules
    assert schedule.schedule.cron == "0 7 * * 1-5"


@pytest.mark.integration
def test_a_run_of_the_deployment_backfills_the_inbox_from_the_deployment_alone(served) -> None:  # noqa: ANN001
    """`prefect flow-run execute` loads the flow from the deployment's entrypoint in a new process and
    runs it with the deployment's parameters: what a served deployment (or a worker) does."""
    from prefect import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL

    root, inputs, _, deployment_id = served
    flow_run = run_deployment(deployment_id, timeout=0)  # created, not waited for: nothing serves it
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_LOGGING_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, "-m", "prefect", "flow-run", "execute", str(flow_run.id)],
                          capture_output=True, text=True, env=env, cwd=root, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    with get_client(sync_client=True) as client:
        ran = client.read_flow_run(flow_run.id)
    assert ran.state is not None and ran.state.is_completed(), ran.state
    with StagingStore.open(store_url(root / "wd")) as store:  # the store the flow found from the workdir
        run = store.runs.latest_run()
    assert run is not None and run.imported_by == "secas" and run.summary["proposals"] == 13
    assert ran.name == f"backfill-{run.run_id}"
    assert {"firpath", f"inbox:{inputs.inbox}", f"cpl:{inputs.cpl.name}"} <= set(ran.tags)
    assert (root / "wd" / "review" / "proposed_changes.csv").is_file()
