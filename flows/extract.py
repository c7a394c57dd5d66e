"""Extract: claims from every document (and its attachments) not read before; the unreadable quarantined."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from firpath.timing import stage
from firpath.domain import DocumentRef
from firpath.extraction import BatchResult, ExtractionOutcome, extract_documents, extract_in_waves, read_batch
from firpath.progress import ProgressLine
from staging.store import StagingStore


@task(cache_policy=NO_CACHE)
def extract_claims(
    store_url: str, run_id: str, documents: list[DocumentRef], max_workers: int | None, show_progress: bool = False
) -> ExtractionOutcome:
    # One task for the whole batch: documents are many and small, and a task per document would
    # spend more time in the orchestrator than in pdfplumber.
    progress = ProgressLine("extract") if show_progress else None
    with stage("extract"), StagingStore.open(store_url) as store:
        return extract_documents(documents, store, run_id, max_workers=max_workers, on_progress=progress)


@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def extract_batch(store_url: str, batch: list[DocumentRef]) -> BatchResult:
    """One batch, in one process, wherever the task runner puts it (a Dask worker reaches the store by
    its URL). Reading is idempotent: a retry finds what the first try cached."""
    with stage("extract"), StagingStore.open(store_url) as store:
        return read_batch(batch, store)


@flow(name="extract")
def extract_flow(
    store_url: str,
    run_id: str,
    documents: list[DocumentRef],
    max_workers: int | None = None,
    show_progress: bool = False,
    batch_size: int | None = None,
) -> ExtractionOutcome:
    """`batch_size` unset: one task, documents read in a local process pool of `max_workers`.

    Set: batches of that many documents are tasks submitted to this flow's task runner (a
    DaskTaskRunner spreads them over a cluster), a wave at a time: the received documents, then the
    attachments found in them, and so on. The flow keeps the ledger (arrivals, duplicates, order), so
    the outcome is the one-task outcome exactly.
    """
    if batch_size is None:
        return extract_claims(store_url, run_id, quote(documents), max_workers, show_progress)

    def read_batches(batches: list[list[DocumentRef]]) -> Iterator[BatchResult]:
        futures = deque(extract_batch.submit(store_url, batch) for batch in batches)  # the whole wave at once
        while futures:
            yield futures.popleft().result()  # in order, each as soon as it is done, then let go

    progress = ProgressLine("extract") if show_progress else None
    with StagingStore.open(store_url) as store:  # the attachments' arrivals are recorded here, in order
        return extract_in_waves(documents, store, run_id, read_batches, batch_size=batch_size, on_progress=progress)
