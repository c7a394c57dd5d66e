"""A backfill's flow run is named after the firpath run and tagged with its inbox and CPL export."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from flows.labels import flow_run_name, flow_run_tags, flow_run_ui_url


@pytest.mark.unit
def test_the_name_is_the_run_id_and_the_cpl_export_is_tagged_by_name_and_content() -> None:
    assert flow_run_name("9cd9a5be7acf4b12") == "backfill-9cd9a5be7acf4b12"
    sha = hashlib.sha256(b"cpl").hexdigest()
    assert flow_run_tags(Path("/srv/inbox"), "cpl_export.xlsx", sha) == [
        "inbox:/srv/inbox", "cpl:cpl_export.xlsx", f"cpl-sha256:{sha[:12]}",
    ]  # fmt: skip


@pytest.mark.integration
def test_the_flow_run_in_prefect_carries_the_run_id_the_inbox_and_the_cpl_export(demo_in_prefect) -> None:  # noqa: ANN001
    from prefect import get_client

    _, inputs, result = demo_in_prefect
    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(result.flow_run_id)
    assert flow_run.name == f"backfill-{result.run_id}"
    sha = hashlib.sha256(inputs.cpl.read_bytes()).hexdigest()
    assert set(flow_run.tags) == {f"inbox:{inputs.inbox}", f"cpl:{inputs.cpl.name}", f"cpl-sha256:{sha[:12]}"}
    assert flow_run.state is not None and flow_run.state.is_completed()


@pytest.mark.integration
def test_the_ui_link_is_the_flow_runs_page_on_the_configured_server(demo_in_prefect) -> None:  # noqa: ANN001
    from prefect.settings import PREFECT_API_URL

    _, _, result = demo_in_prefect
    server = PREFECT_API_URL.value().removesuffix("/api")
    assert flow_run_ui_url(result.flow_run_id) == f"{server}/runs/flow-run/{result.flow_run_id}"
