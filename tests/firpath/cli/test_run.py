"""`firpath run` against a Prefect server the settings name: it says where the run is in the UI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.integration
def test_a_run_on_a_configured_server_prints_its_page_in_the_ui(prefect_harness, tmp_path: Path) -> None:  # noqa: ANN001
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL

    api_url = PREFECT_API_URL.value()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {"PREFECT_API_URL": api_url}
    done = subprocess.run([sys.executable, "-m", "firpath.cli", "demo", "--workdir", str(tmp_path / "wd")],
                          capture_output=True, text=True, env=env, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    link = re.search(rf"^Prefect     {re.escape(api_url.removesuffix('/api'))}/runs/flow-run/([0-9a-f-]+)$",
                     done.stdout, re.MULTILINE)  # fmt: skip
    run_id = re.search(r"^Run ([0-9a-f]+) finished in", done.stdout, re.MULTILINE)
    assert link and run_id, done.stdout
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(link.group(1)).name == f"backfill-{run_id.group(1)}"
    assert not (tmp_path / "wd" / "logs" / "prefect-server.log").exists()  # no server of its own


@pytest.mark.integration
def test_a_run_on_its_own_server_prints_no_link(tmp_path: Path) -> None:
    """The run's own server stops with the run: a link to it would lead nowhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    done = subprocess.run([sys.executable, "-m", "firpath.cli", "demo", "--workdir", str(tmp_path / "wd")],
                          capture_output=True, text=True, env=env, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Prefect " not in done.stdout and done.stdout.splitlines()[-1].startswith("Run ")
    assert (tmp_path / "wd" / "logs" / "prefect-server.log").stat().st_size > 0
