"""Validate: Great Expectations suites on the claims and on the proposed diff; failures flag rows."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from expectations.results import ValidationReport, flag_proposals
from expectations.runner import validate
from firpath.timing import stage
from firpath.domain import Claim, CplEntry, ProposedChange
from firpath.registers import Fir


@task(cache_policy=NO_CACHE)
def run_expectations(claims: list[Claim], proposals: list[ProposedChange], cpl: list[CplEntry], fir: Fir) -> ValidationReport:
    with stage("validate"):
        return validate(claims, proposals, cpl, fir.paths)


@flow(name="validate")
def validate_flow(
    claims: list[Claim], proposals: list[ProposedChange], cpl: list[CplEntry], fir: Fir
) -> tuple[ValidationReport, list[ProposedChange]]:
    """A failing expectation marks the affected proposals for review; it never drops them."""
    report = run_expectations(quote(claims), quote(proposals), quote(cpl), quote(fir))
    return report, flag_proposals(proposals, report)
