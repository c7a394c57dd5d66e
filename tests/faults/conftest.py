"""Fixtures for the fault tests: one generated corpus and one uninterrupted reference run per session.

The runs are real `firpath run` processes (see fault_runs.py). They share one PREFECT_HOME, so only
the first of them migrates Prefect's database; the reference run is that first one, alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest  # noqa: E402

from staging.runs import RunInfo
from staging.store import StagingStore
from tests.faults import fault_runs  # noqa: E402
from tests.faults.fault_runs import Corpus  # noqa: E402

# The store tests' PostgreSQL fixtures (a fresh schema per test, skipped without a server, failing
# under CI without one), reused rather than defined twice.
from tests.staging.conftest import postgres_schema_url, postgres_server_url  # noqa: E402, F401

CORPUS_SEED = 231


@pytest.fixture(scope="session")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prefect-home")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return fault_runs.write_fault_corpus(tmp_path_factory.mktemp("fault-corpus"), CORPUS_SEED)


@dataclass(frozen=True)
class Reference:
    """An uninterrupted run of the corpus in a fresh workdir: what every faulty run must end up as."""

    workdir: Path
    review: dict[str, bytes]
    proposals_xlsx: list[tuple[object, ...]]
    run: RunInfo
    arrivals: list[tuple[str, str, str | None]]
    extractions: int


@pytest.fixture(scope="session")
def reference(corpus: Corpus, prefect_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    workdir = tmp_path_factory.mktemp("reference") / "wd"
    env = fault_runs.run_env(prefect_home)
    fault_runs.run_to_end(corpus, workdir, env, workdir.parent / "logs")
    with StagingStore.open(fault_runs.store_for(workdir, env)) as store:
        run = store.runs.latest_run()
        assert run is not None
        return Reference(workdir, fault_runs.review_bytes(workdir), fault_runs.xlsx_rows(workdir), run,
                         store.runs.arrivals(run.run_id), store.counts().extractions)  # fmt: skip
