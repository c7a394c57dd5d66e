"""Validate: Great Expectations suites on the claims and on the proposed diff; failures flag rows.
The results are kept in the GX project in the workdir, whose Data Docs list every run."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from expectations.results import ValidationReport, flag_proposals
from expectations.runner import DataDocsRun, validate
from extractors.registers import Fir
from firpath.domain import Claim, CplEntry, ProposedChange
from firpath.runtime.timing import stage


@task(cache_policy=NO_CACHE)
def run_expectations(
    claims: list[Claim], proposals: list[ProposedChange], cpl: list[CplEntry], fir: Fir, workdir: Path, run_id: str
) -> tuple[ValidationReport, list[ProposedChange]]:
    """A failing expectation marks the affected proposals for review; it never drops them."""
    with stage("validate"):
        report = validate(claims, proposals, cpl, fir.paths, data_docs=DataDocsRun(workdir, f"backfill-{run_id}"))
        return report, flag_proposals(proposals, report)
