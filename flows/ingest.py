"""Ingest: every file in the inbox, stored content-addressed, each arrival recorded."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from firpath.timing import stage
from firpath.domain import DocumentRef
from firpath.ingest import inbox_files, read_document
from staging.store import StagingStore


@task(retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def store_inbox(inbox: Path, store_url: str, run_id: str) -> list[DocumentRef]:
    """Read the inbox one file at a time into the store; only references travel on, so memory does
    not grow with the inbox. A retry helps with files on a network share that vanish or lock for a
    moment, and recording an arrival twice is harmless."""
    refs: list[DocumentRef] = []
    with stage("ingest"), StagingStore.open(store_url) as store:
        for path in inbox_files(inbox):
            document = read_document(inbox, path)
            store.record_arrival(run_id, document)
            refs.append(document.ref)
    return refs


@flow(name="ingest")
def ingest_flow(inbox: Path, store_url: str, run_id: str) -> list[DocumentRef]:
    return store_inbox(inbox, store_url, run_id)
