"""Fixtures shared across the tree: one Prefect test harness per session (its server takes seconds),
the hypothesis profiles. Shared builders are modules of the `tests` package (`tests.builders`, ...)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.components import require_program

# Under CI the examples are the same on every run and none is kept between runs (no database to
# carry across machines); elsewhere hypothesis keeps failing examples and replays them first.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_API_MAX_PARAMETER_SIZE", "0")  # as the CLI sets it (firpath/cli/run.py)


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def tesseract() -> str:
    """The real Tesseract OCR program (Debian tesseract-ocr)."""
    return require_program("tesseract", "tesseract-ocr")
