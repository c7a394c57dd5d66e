"""Kill `firpath run` (SIGKILL, the whole process group) at several points and run it again: the
result is the uninterrupted run's, nothing is lost or counted twice, and the store stays sound.

One workdir is killed three times in a row, each run further along than the last, then run to the
end. Where each kill lands is chosen by watching the run through its store (the progress line on
stderr stays quiet for a run this short), at a seeded random point inside each stage:

1. during ingest: after a random number of the inbox's files were stored;
2. during extract: after a random number of documents' extractions were saved;
3. after extract: everything read, killed a random moment later (mapping, validation, and
   perhaps saving: the review folder appears only once the run is saved).

After each kill: none of the run's processes is left (its extraction workers and Prefect's server
included), the store passes the integrity check, and the next run is not refused by the killed
run's workdir lock.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from staging.store import StagingStore
from tests.faults.fault_runs import (
    Corpus,
    kill_run,
    open_store_when_created,
    review_bytes,
    run_env,
    run_to_end,
    start_run,
    store_for,
    wait_for,
    xlsx_rows,
)

pytestmark = pytest.mark.integration

KILL_SEED = 20240302


def _assert_sound(store: StagingStore, unfinished: int) -> None:
    report = store.integrity_check()
    assert report.problems == ()
    assert sum("did not finish" in note for note in report.notes) == unfinished
    assert store.runs.latest_run() is None  # no run finished: there is nothing half-done to review


def test_a_run_killed_in_each_stage_resumes_to_the_uninterrupted_result(
    corpus: Corpus, reference, prefect_home: Path, tmp_path: Path
) -> None:
    rng = random.Random(KILL_SEED)
    env = run_env(prefect_home)
    workdir, logs = tmp_path / "wd", tmp_path / "logs"
    files = corpus.files
    arrivals_per_run = len(reference.arrivals)  # inbox files and the attachments found in them
    documents = reference.extractions
    assert files < arrivals_per_run and documents > 20  # the corpus has attachments and enough to read

    # 1. during ingest
    run = start_run(corpus, workdir, env, logs)
    with open_store_when_created(run, workdir, env) as store:
        stored = rng.randint(1, files // 2)
        wait_for(run, lambda: store.counts().arrivals >= stored, f"{stored} inbox files were stored")
        kill_run(run)
        killed = store.counts()
        # it was ingesting (arrivals are committed a few dozen files at a time: a small inbox may be
        # all in before the kill lands), and had read nothing
        assert 0 < killed.arrivals <= files and killed.extractions == 0, killed
        _assert_sound(store, unfinished=1)

        # 2. during extract
        before = store.counts()
        read = rng.randint(1, (documents - before.extractions) // 2)
        run = start_run(corpus, workdir, env, logs)
        wait_for(run, lambda: store.counts().extractions >= before.extractions + read, f"{read} documents were read")
        kill_run(run)
        killed = store.counts()
        assert before.extractions < killed.extractions < documents, killed  # it was reading
        _assert_sound(store, unfinished=2)

        # 3. after extract
        before = store.counts()
        run = start_run(corpus, workdir, env, logs)
        wait_for(
            run,
            lambda: (now := store.counts()).extractions == documents and now.arrivals - before.arrivals == arrivals_per_run,
            "every document was read",
        )  # fmt: skip
        # a random moment of what follows (mapping, validation, saving, the review folder): usually
        # before the run is saved; if it finished first, the review folder must show it
        time.sleep(rng.uniform(0.0, 0.3))
        kill_run(run)
        finished_third = store.counts().runs - store.counts().unfinished_runs
        assert finished_third in (0, 1)
        if finished_third:
            assert (workdir / "review").is_dir() and not (workdir / ".review.partial").exists()
            assert store.integrity_check().problems == ()
        else:
            _assert_sound(store, unfinished=3)
            assert not (workdir / "review").exists()  # the review folder comes only with a saved run
        read_before_last = store.counts().extractions

    # run again, to the end
    last = run_to_end(corpus, workdir, env, logs)
    out, err = last.output()
    for previous in sorted(logs.glob("*.err")):
        assert "is in use by a firpath run" not in previous.read_text(encoding="utf-8")

    assert review_bytes(workdir) == reference.review
    assert xlsx_rows(workdir) == reference.proposals_xlsx
    with StagingStore.open(store_for(workdir, env)) as store:
        run_info = store.runs.latest_run()
        assert run_info is not None
        # the same arrivals as the uninterrupted run: none lost, none recorded twice
        assert store.runs.arrivals(run_info.run_id) == reference.arrivals
        summary, expected = dict(run_info.summary), dict(reference.run.summary)
        # read now + from cache = every document once: the killed runs' reading is reused, not repeated
        assert summary.pop("documents_read") == documents - read_before_last
        assert expected.pop("documents_read") == documents
        assert summary == expected
        counts = store.counts()
        assert (counts.extractions, counts.runs, counts.unfinished_runs) == (documents, 4, 3 - finished_third)
        with StagingStore.open(store_for(reference.workdir, env)) as uninterrupted:
            assert counts.documents == uninterrupted.counts().documents
        report = store.integrity_check()
        assert report.problems == ()
        assert sum("did not finish" in note for note in report.notes) == 3 - finished_third
    line = next(line for line in out.splitlines() if line.startswith("Documents"))
    now, cached = map(int, re.search(r"(\d+) read now, (\d+) from cache", line).groups())
    assert (now, cached) == (documents - read_before_last, read_before_last), line
    assert err == ""
