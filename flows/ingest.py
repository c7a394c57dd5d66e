"""Ingest: every file in the inbox, stored content-addressed, each arrival recorded."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from firpath.domain import Document, DocumentRef
from firpath.domain.documents import QuarantinedDocument
from firpath.domain.limits import DocumentLimits
from firpath.runtime.progress import counter
from firpath.runtime.timing import stage
from firpath.stages.ingest import inbox_files, received_document
from staging.store import StagingStore

# Files recorded in one transaction: a commit is the costly part of a write, and the batch's bytes
# are in memory until it is committed.
ARRIVALS_PER_COMMIT = 32
ARRIVAL_BYTES_PER_COMMIT = 64 * 2**20


@task(retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def store_inbox(
    inbox: Path, store_url: str, run_id: str, limits: DocumentLimits
) -> tuple[list[DocumentRef], list[QuarantinedDocument]]:
    """Read the inbox a batch of files at a time into the store; only references travel on, so memory
    does not grow with the inbox. Files not taken in (too large, unreadable) come back with the
    reason. A retry helps with files on a network share that vanish or lock for a moment, and
    recording an arrival twice is harmless."""
    refs: list[DocumentRef] = []
    refused: list[QuarantinedDocument] = []
    batch: list[Document] = []
    with stage("ingest"), StagingStore.open(store_url) as store:
        files = list(inbox_files(inbox))
        progress = counter("ingest", "files")
        for done, path in enumerate(files):
            if progress:
                progress(done, len(files))
            received = received_document(inbox, path, limits)
            if isinstance(received, QuarantinedDocument):
                refused.append(received)
                continue
            batch.append(received)
            refs.append(received.ref)
            if len(batch) == ARRIVALS_PER_COMMIT or sum(len(d.data) for d in batch) >= ARRIVAL_BYTES_PER_COMMIT:
                store.documents.record_arrivals(run_id, batch)
                batch = []
        store.documents.record_arrivals(run_id, batch)
        if progress:
            progress(len(files), len(files))
    return refs, refused
