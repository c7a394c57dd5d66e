"""Map: claims to CPL Entry IDs; what matches nothing is kept with the reason, what was not understood
is listed for reading."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from extractors.registers import CplExport, read_cpl
from firpath.domain import Claim, CplEntry, Document, MappedClaim, NeedsReading, UnmappedClaim
from firpath.domain.documents import DocumentNotice
from firpath.runtime.timing import stage
from firpath.stages.mapping import CplIndex, mapped_claims


@task(retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def read_cpl_export(path: Path) -> tuple[list[CplEntry], list[DocumentNotice]]:
    """The entries, and a notice for each row left out (a reviewer sees them in notices.csv)."""
    with stage("read registers"):
        data = path.read_bytes()
        export: CplExport = read_cpl(path, data)
        sha256 = Document.sha256_of(data)
        return export.entries, [DocumentNotice(path.name, sha256, f"CPL row left out: {why}") for why in export.skipped]


@task(cache_policy=NO_CACHE)
def map_to_cpl(
    claims: list[Claim], cpl: list[CplEntry]
) -> tuple[list[MappedClaim], list[UnmappedClaim], list[NeedsReading]]:
    with stage("map"):
        return mapped_claims(claims, CplIndex.of(cpl))
