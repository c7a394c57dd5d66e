"""The backfill on a Dask cluster gives what the single-process backfill gives, file for file.

The batch logic is plain Python (firpath.stages.extraction: `ExtractionLedger`, `read_batch`,
`extract_in_waves`) and is tested here without Prefect; the end-to-end tests run the demo corpus
once in one process and once on a local cluster of worker processes, in separate workdirs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed.diagnostics.plugin import SchedulerPlugin

from firpath.demo import write_demo
from firpath.domain import DocumentKind, DocumentRef
from firpath.domain.limits import DocumentLimits
from firpath.stages.extraction import (
    BatchResult,
    ExtractionLedger,
    extract_documents,
    extract_in_waves,
    read_batch,
)
from firpath.stages.ingest import inbox_files, read_document
from firpath.stages.reading import InlineReader
from staging.store import StagingStore

PROGRESS_LINE = re.compile(r"extract: \d+/\d+ documents \(\d+%\), [\d.]+/s, (ETA [\d:-]+|done)")

REVIEW_FILES = ("proposed_changes.csv", "unmapped.csv", "quarantine.csv", "claims.csv")


def sqlite_url(workdir: Path) -> str:
    """A store of the workdir's own, whatever FIRPATH_STORE_URL says: each run starts from an empty cache."""
    return f"sqlite:///{workdir / 'staging.sqlite'}"


# --- batches, without Prefect -------------------------------------------------------------------------


def ref(name: str, content: str) -> DocumentRef:
    return DocumentRef(name, content * 64, DocumentKind.PDF)


@pytest.mark.unit
def test_a_wave_is_cut_into_batches_in_order_and_duplicates_are_only_counted() -> None:
    ledger = ExtractionLedger(cache=None, run_id="run", limits=DocumentLimits())  # type: ignore[arg-type]  # receiving needs no store
    wave = [ref("a", "1"), ref("b", "2"), ref("copy of a", "1"), ref("c", "3"), ref("d", "4"), ref("e", "5")]

    batches = ledger.batches(wave, 2)

    assert [[d.name for d in batch] for batch in batches] == [["a", "b"], ["c", "d"], ["e"]]
    assert ledger.outcome.arrivals == 6
    assert ledger.outcome.names["1" * 64] == ["a", "copy of a"]
    # a later wave: what was seen before is counted and named, not read again
    assert ledger.batches([ref("again b", "2"), ref("f", "6")], 2) == [[ref("f", "6")]]
    assert ledger.outcome.arrivals == 8 and ledger.outcome.names["2" * 64] == ["b", "again b"]
    assert ledger.batches([], 2) == []
    with pytest.raises(ValueError, match="at least 1"):
        ledger.batches(wave, 0)


def _ingested(inbox: Path, store: StagingStore) -> tuple[str, list[DocumentRef]]:
    """The inbox recorded as the ingest flow records it."""
    run_id = store.runs.begin_run(str(inbox), {})
    refs = []
    for path in inbox_files(inbox):
        document = read_document(inbox, path)
        store.documents.record_arrivals(run_id, [document])[0]
        refs.append(document.ref)
    return run_id, refs


@pytest.fixture
def two_stores(tmp_path: Path) -> Iterator[tuple[StagingStore, StagingStore]]:
    with StagingStore.open(f"sqlite:///{tmp_path / 'one.sqlite'}") as one, \
            StagingStore.open(f"sqlite:///{tmp_path / 'waves.sqlite'}") as waves:  # fmt: skip
        yield one, waves


@pytest.mark.unit
def test_waves_of_batches_read_in_any_order_give_the_single_process_outcome(tmp_path: Path, two_stores) -> None:
    """Batches of one or two documents (a wave of many batches, then the attachments, and theirs) read
    last-first, as parallel workers may finish them: the same claims in the same order, the same
    quarantine, names, counts, and the same arrivals recorded in the same order."""
    one_store, wave_store = two_stores
    inbox = write_demo(tmp_path).inbox  # once: the generated emails differ from one call to the next
    one_run, one_refs = _ingested(inbox, one_store)
    wave_run, wave_refs = _ingested(inbox, wave_store)
    single = extract_documents(one_refs, one_store.documents, one_run, InlineReader())

    waves: list[list[list[str]]] = []

    def read_last_first(batches: list[list[DocumentRef]]) -> list[BatchResult]:
        waves.append([[d.name for d in batch] for batch in batches])
        results = {i: read_batch(batch, wave_store.documents, InlineReader()) for i, batch in reversed(list(enumerate(batches)))}
        return [results[i] for i in range(len(batches))]

    progress: list[tuple[int, int]] = []
    batched = extract_in_waves(wave_refs, wave_store.documents, wave_run, read_last_first, DocumentLimits(), batch_size=2,
                               on_progress=lambda done, total: progress.append((done, total)))  # fmt: skip

    assert len(waves) >= 3  # inbox files, their attachments, an attachment's attachment
    assert all(len(batch) <= 2 for wave in waves for batch in wave)
    assert batched.claims == single.claims
    assert batched.quarantined == single.quarantined
    assert list(batched.names.items()) == list(single.names.items())
    assert (batched.documents, batched.read, batched.arrivals) == (single.documents, single.read, single.arrivals)
    assert wave_store.runs.arrivals(wave_run) == one_store.runs.arrivals(one_run)
    # progress after every batch, never backwards, as extract_documents counts it: arrivals done / known
    assert len(progress) == sum(len(wave) for wave in waves)
    assert all(a[0] <= b[0] and a[1] <= b[1] and a[0] <= a[1] for a, b in zip(progress, progress[1:]))
    assert progress[-1] == (batched.arrivals, batched.arrivals)


# --- the backfill on a local Dask cluster -------------------------------------------------------------


class BatchSpy(SchedulerPlugin):
    """A scheduler plugin (the scheduler of a local cluster runs in this process): which worker
    computed each extraction batch."""

    name = "firpath-batch-spy"

    def __init__(self) -> None:
        self.workers: dict[str, str] = {}

    def transition(self, key, start, finish, *args, **kwargs) -> None:  # noqa: ANN001
        if finish == "memory" and "extract_batch" in str(key):
            self.workers[str(key)] = kwargs["worker"]


@pytest.fixture(scope="module")
def both_runs(prefect_harness, tmp_path_factory):
    import flows.backfill
    from flows.backfill import backfill_flow, backfill_on_dask

    runs = {}
    inputs = write_demo(tmp_path_factory.mktemp("inputs"))  # once: generated emails differ from call to call
    single_dir = tmp_path_factory.mktemp("single")
    runs["single"] = backfill_flow(inputs.inbox, inputs.cpl, inputs.fir, single_dir, sqlite_url(single_dir), 1)

    spy = BatchSpy()
    make_runner = flows.backfill.dask_task_runner

    def spied_runner(address, workers):  # noqa: ANN001, ANN202
        runner = make_runner(address, workers)
        runner.cluster_kwargs["scheduler_kwargs"] = {"plugins": [spy]}
        return runner

    dask_dir = tmp_path_factory.mktemp("dask")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flows.backfill, "dask_task_runner", spied_runner)
        runs["dask"] = backfill_on_dask(inputs.inbox, inputs.cpl, inputs.fir, dask_dir, sqlite_url(dask_dir),
                                        workers=2, batch_size=4)  # fmt: skip
    return runs, spy


@pytest.mark.integration
@pytest.mark.dask
def test_dask_run_writes_the_same_review_files_and_summary(both_runs) -> None:
    runs, _ = both_runs
    single, dask = runs["single"], runs["dask"]
    for name in REVIEW_FILES:
        assert (dask.review_dir / name).read_bytes() == (single.review_dir / name).read_bytes(), name
    assert dask.summary == single.summary
    assert (dask.summary.documents, dask.summary.documents_read, dask.summary.quarantined) == (17, 17, 4)


@pytest.mark.integration
@pytest.mark.dask
def test_dask_run_read_its_batches_on_the_cluster_workers_and_stored_the_same(both_runs) -> None:
    from staging.store import StagingStore

    runs, spy = both_runs
    # 14 inbox files, one a duplicate: batches of 4, 4, 4, 1; then the 3 attachments found in them; then
    # the PDF inside a forwarded email
    assert len(spy.workers) == 6
    assert all(worker.startswith("tcp://") for worker in spy.workers.values())
    stored = {}
    for label, result in runs.items():
        with StagingStore.open(sqlite_url(result.review_dir.parent)) as store:
            stored[label] = (store.runs.arrivals(result.run_id), store.runs.finished_run(result.run_id).summary)
    assert stored["dask"] == stored["single"]


@pytest.mark.integration
@pytest.mark.dask
def test_cli_dask_run_in_ephemeral_mode_has_a_clean_terminal(tmp_path: Path) -> None:
    """`firpath run --dask` as a user runs it: no Prefect server configured (the workers must use the
    flow's ephemeral API, not start their own), no cluster chatter, the demo's summary."""
    inputs = write_demo(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "GX_", "FIRPATH_", "DASK_"))}
    done = subprocess.run(
        [sys.executable, "-m", "firpath.cli", "run", "--inbox", str(inputs.inbox), "--cpl", str(inputs.cpl),
         "--fir", str(inputs.fir), "--workdir", str(tmp_path / "wd"), "--dask", "--dask-workers", "2"],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # progress lines (a loaded machine takes more than their quiet first seconds) are all it may print
    assert [line for line in done.stderr.splitlines() if not PROGRESS_LINE.fullmatch(line)] == []
    assert any(line.startswith("Proposals   13: 9 add, 1 modify, 2 unchanged, 1 conflict") for line in done.stdout.splitlines())
