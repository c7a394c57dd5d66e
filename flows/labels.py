"""What a backfill's flow run is called and tagged in Prefect.

Named `backfill-<run id>`, so that `prefect flow-run ls` and the UI name the run the staging store,
the review files and a publication's manifest name; tagged with the inbox and the CPL export it
read, so that runs over one inbox, or against one CPL export, can be filtered. The run ID is made
by the store once the flow runs, so the flow run is renamed then (one API call).
"""

from __future__ import annotations

from pathlib import Path


def flow_run_name(run_id: str) -> str:
    return f"backfill-{run_id}"


def flow_run_tags(inbox: Path, cpl_name: str, cpl_sha256: str) -> list[str]:
    """The CPL export by name and by content: the same file name comes back with every export."""
    return [f"inbox:{inbox}", f"cpl:{cpl_name}", f"cpl-sha256:{cpl_sha256[:12]}"]


def label_flow_run(run_id: str, inbox: Path, cpl_name: str, cpl_sha256: str) -> None:
    """Rename the flow run this is called in, and add the tags to those it was given."""
    from prefect import get_client
    from prefect.runtime import flow_run

    tags = list(dict.fromkeys([*flow_run.tags, *flow_run_tags(inbox, cpl_name, cpl_sha256)]))
    with get_client(sync_client=True) as client:
        client.update_flow_run(flow_run.id, name=flow_run_name(run_id), tags=tags)


def flow_run_ui_url(flow_run_id: str) -> str | None:
    """Where the flow run is in the UI of the server Prefect's settings name (None: no UI known)."""
    from prefect.utilities.urls import url_for

    return url_for("flow-run", obj_id=flow_run_id)
