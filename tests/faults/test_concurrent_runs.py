"""Two `firpath run` started at once (real processes), on SQLite and on PostgreSQL.

On one workdir, one run does the work and the other refuses at once with a clear message, naming
the one that holds the workdir. Nothing locks a store shared by two workdirs (FIRPATH_STORE_URL; on
PostgreSQL that is how several machines work): runs on both finish. Either way the review files are
those of a run alone and the store passes the integrity check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from staging.settings import StoreSettings, store_url
from staging.store import StagingStore
from tests.faults.fault_runs import Corpus, review_bytes, run_env, start_run, xlsx_rows

pytestmark = pytest.mark.integration

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_runs_started_at_once_on_one_workdir_and_on_one_store(
    corpus: Corpus, reference, prefect_home: Path, tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    """Three runs at once: two on workdir A, one on workdir B that shares A's store.

    On SQLite, A's runs use the default store (the file in A) and B names that file; on PostgreSQL
    all three name one schema. One of A's runs refuses; the other and B's both finish.
    """
    workdir_a, workdir_b = tmp_path / "a", tmp_path / "b"
    if backend == "sqlite":
        url = store_url(workdir_a, StoreSettings(url=None))
        env_a = run_env(prefect_home)
    else:
        url = str(request.getfixturevalue("postgres_schema_url"))
        env_a = run_env(prefect_home, url)
    env_b = run_env(prefect_home, url)
    logs = tmp_path / "logs"
    runs = [start_run(corpus, workdir_a, env_a, logs), start_run(corpus, workdir_a, env_a, logs),
            start_run(corpus, workdir_b, env_b, logs)]  # fmt: skip
    codes = [run.wait() for run in runs]
    assert sorted(codes[:2]) == [0, 2] and codes[2] == 0, [run.output() for run in runs]

    done, refused = (runs[0], runs[1]) if codes[0] == 0 else (runs[1], runs[0])
    out, err = refused.output()
    assert out == ""
    assert re.fullmatch(
        rf"error: {re.escape(str(workdir_a))} is in use by a firpath run \(pid {done.pid}\); wait for it to "
        r"finish or use another --workdir\n",
        err,
    ), err
    for workdir in (workdir_a, workdir_b):
        assert review_bytes(workdir) == reference.review
        assert xlsx_rows(workdir) == reference.proposals_xlsx
    assert not (workdir_b / "staging.sqlite").exists()  # B worked in A's store, as told

    with StagingStore.open(url) as store:
        report = store.integrity_check()
        assert report.problems == () and report.notes == ()
        counts = store.counts()
        # two runs, and each document extracted once however many runs read it at the same time
        assert (counts.runs, counts.unfinished_runs, counts.extractions) == (2, 0, reference.extractions)
        latest = store.runs.latest_run()
        assert latest is not None and store.runs.arrivals(latest.run_id) == reference.arrivals
        assert latest.summary["documents"] == reference.run.summary["documents"]
