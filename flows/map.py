"""Map: claims to CPL Entry IDs; what matches nothing is kept with the reason."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from firpath.timing import stage
from firpath.domain import Claim, CplEntry, MappedClaim, UnmappedClaim
from firpath.mapping import CplIndex, mapped_claims
from firpath.registers import load_cpl


@task(retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def read_cpl(path: Path) -> list[CplEntry]:
    with stage("read registers"):
        return load_cpl(path)


@task(cache_policy=NO_CACHE)
def map_to_cpl(claims: list[Claim], cpl: list[CplEntry]) -> tuple[list[MappedClaim], list[UnmappedClaim]]:
    with stage("map"):
        return mapped_claims(claims, CplIndex.of(cpl))


@flow(name="map")
def map_flow(claims: list[Claim], cpl: list[CplEntry]) -> tuple[list[MappedClaim], list[UnmappedClaim]]:
    return map_to_cpl(quote(claims), quote(cpl))
