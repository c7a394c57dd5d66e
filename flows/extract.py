"""Extract: claims from every document (and its attachments) not read before; the unreadable quarantined."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from firpath.domain import DocumentRef
from firpath.extraction import ExtractionOutcome, extract_documents
from firpath.progress import ProgressLine
from staging.store import StagingStore


@task(cache_policy=NO_CACHE)
def extract_claims(
    store_url: str, run_id: str, documents: list[DocumentRef], max_workers: int | None, show_progress: bool = False
) -> ExtractionOutcome:
    # One task for the whole batch: documents are many and small, and a task per document would
    # spend more time in the orchestrator than in pdfplumber.
    progress = ProgressLine("extract") if show_progress else None
    with StagingStore.open(store_url) as store:
        return extract_documents(documents, store, run_id, max_workers=max_workers, on_progress=progress)


@flow(name="extract")
def extract_flow(
    store_url: str, run_id: str, documents: list[DocumentRef], max_workers: int | None = None, show_progress: bool = False
) -> ExtractionOutcome:
    return extract_claims(store_url, run_id, documents, max_workers, show_progress)
