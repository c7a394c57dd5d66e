"""The backfill flow run once on the demo inbox under Prefect's test harness, for the tests that read
back what the run left in Prefect (its name, tags and artifacts)."""

from __future__ import annotations

import pytest

from firpath.demo import write_demo


@pytest.fixture(scope="session")
def demo_in_prefect(prefect_harness, tmp_path_factory):  # noqa: ANN001, ANN201
    from flows.backfill import backfill_flow

    workdir = tmp_path_factory.mktemp("demo-in-prefect")
    inputs = write_demo(workdir)
    result = backfill_flow(inputs.inbox, inputs.cpl, inputs.fir, workdir, max_workers=1)  # the workdir's store
    return workdir, inputs, result
