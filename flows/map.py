"""Map: claims to CPL Entry IDs; what matches nothing is kept with the reason."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from extractors.registers import load_cpl
from firpath.domain import Claim, CplEntry, MappedClaim, UnmappedClaim
from firpath.runtime.timing import stage
from firpath.stages.mapping import CplIndex, mapped_claims


@task(retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def read_cpl(path: Path) -> list[CplEntry]:
    with stage("read registers"):
        return load_cpl(path)


@task(cache_policy=NO_CACHE)
def map_to_cpl(claims: list[Claim], cpl: list[CplEntry]) -> tuple[list[MappedClaim], list[UnmappedClaim]]:
    with stage("map"):
        return mapped_claims(claims, CplIndex.of(cpl))
