"""Extract: claims from every document (and its attachments) not read before; the unreadable quarantined."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from prefect import task
from prefect.cache_policies import NO_CACHE

from firpath.domain import DocumentRef
from firpath.domain.documents import QuarantinedDocument
from firpath.domain.limits import DocumentLimits
from firpath.runtime.process_reader import open_reader
from firpath.runtime.progress import counter
from firpath.runtime.timing import stage
from firpath.stages.extraction import (
    BatchResult,
    ExtractionOutcome,
    extract_documents,
    extract_in_waves,
    read_batch,
)
from firpath.stages.reading import InlineReader
from staging.store import StagingStore


@task(cache_policy=NO_CACHE)
def extract_claims(
    store_url: str,
    run_id: str,
    documents: list[DocumentRef],
    refused: list[QuarantinedDocument],
    processes: int,
    limits: DocumentLimits,
    show_progress: bool = False,
) -> ExtractionOutcome:
    # One task for the whole inbox: documents are many and small, and a task per document would
    # spend more time in the orchestrator than in pdfplumber. The reading processes live as long.
    with stage("extract"), StagingStore.open(store_url) as store, open_reader(processes, limits) as reader:
        progress = counter("extract", "files and attachments") if show_progress else None
        return extract_documents(documents, store.documents, run_id, reader, on_progress=progress, refused=refused)


@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def extract_batch(store_url: str, batch: list[DocumentRef], limits: DocumentLimits) -> BatchResult:
    """One batch, in one process, wherever the task runner puts it (a Dask worker reaches the store by
    its URL). Read in the worker itself: a Dask worker may not start processes of its own, and its
    nanny bounds its memory. Reading is idempotent: a retry finds what the first try cached."""
    with stage("extract"), StagingStore.open(store_url) as store:
        return read_batch(batch, store.documents, InlineReader(limits))


def extract_on_cluster(
    store_url: str,
    run_id: str,
    documents: list[DocumentRef],
    refused: list[QuarantinedDocument],
    limits: DocumentLimits,
    batch_size: int,
    show_progress: bool = False,
) -> ExtractionOutcome:
    """Batches of `batch_size` documents as tasks submitted to the running flow's task runner (a
    DaskTaskRunner spreads them over a cluster), a wave at a time: the received documents, then the
    attachments found in them, and so on. The flow keeps the ledger (arrivals, duplicates, order), so
    the outcome is the one-task outcome exactly."""

    def read_batches(batches: list[list[DocumentRef]]) -> Iterator[BatchResult]:
        futures = deque(extract_batch.submit(store_url, batch, limits) for batch in batches)  # the whole wave at once
        while futures:
            yield futures.popleft().result()  # in order, each as soon as it is done, then let go

    progress = counter("extract", "files and attachments") if show_progress else None
    with StagingStore.open(store_url) as store:  # the attachments' arrivals are recorded here, in order
        return extract_in_waves(documents, store.documents, run_id, read_batches, limits, batch_size=batch_size,
                                on_progress=progress, refused=refused)  # fmt: skip
