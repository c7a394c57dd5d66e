"""Fixtures shared across the tree: one Prefect test harness per session (its server takes seconds),
the hypothesis profiles, and the folder of builders shared by several test folders on sys.path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# pytest runs with --import-mode=importlib, which puts no test folder on sys.path; the hostile-input
# builders (hostile_builders.py) are shared by tests/extractors, tests/firpath and tests/flows.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

# Under CI the examples are the same on every run and none is kept between runs (no database to
# carry across machines); elsewhere hypothesis keeps failing examples and replays them first.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_API_MAX_PARAMETER_SIZE", "0")  # as the CLI sets it (firpath/cli.py)


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
