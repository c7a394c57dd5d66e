"""Ingest: every file in the inbox, stored content-addressed, each arrival recorded."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from firpath.domain import Document
from firpath.ingest import inbox_files, read_document
from staging.store import StagingStore


@task(retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def read_inbox(inbox: Path) -> list[Document]:
    """Files on a network share can vanish or lock for a moment: a retry helps here."""
    return [read_document(inbox, path) for path in inbox_files(inbox)]


@task(cache_policy=NO_CACHE)
def record_arrivals(store_url: str, run_id: str, documents: list[Document]) -> int:
    """Store each document once by its sha256; returns how many had not been stored before."""
    with StagingStore.open(store_url) as store:
        return sum(store.record_arrival(run_id, document) for document in documents)


@flow(name="ingest")
def ingest_flow(inbox: Path, store_url: str, run_id: str) -> list[Document]:
    documents = read_inbox(inbox)
    record_arrivals(store_url, run_id, documents)
    return documents
