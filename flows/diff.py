"""Diff: reconciled paths per CPL entry against the FIR's current value."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from extractors.registers import Fir, load_fir
from firpath.domain import CplEntry, MappedClaim, ProposedChange
from firpath.runtime.timing import stage
from firpath.stages.diff import proposed_changes
from firpath.stages.reconcile import alternatives_by_entry


@task(retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def read_fir(path: Path) -> Fir:
    with stage("read registers"):
        return load_fir(path)


@task(cache_policy=NO_CACHE)
def diff_against_fir(mapped: list[MappedClaim], fir: Fir, cpl: list[CplEntry]) -> list[ProposedChange]:
    with stage("diff"):
        return proposed_changes(alternatives_by_entry(mapped), fir.paths, {e.entry_id: e for e in cpl})
