"""Validate: Great Expectations suites on the claims and on the proposed diff, and the FIR checked
against the CPL; failures flag rows."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from expectations.results import ValidationReport, flag_proposals
from expectations.runner import validate
from extractors.registers import Fir
from firpath.domain import Claim, CplEntry, ProposedChange
from firpath.runtime.timing import stage
from firpath.stages.register_checks import fir_against_cpl


@task(cache_policy=NO_CACHE)
def run_expectations(
    claims: list[Claim], proposals: list[ProposedChange], cpl: list[CplEntry], fir: Fir
) -> tuple[ValidationReport, list[ProposedChange]]:
    """A failing expectation, or a FIR Entry ID not on the CPL, marks the affected proposals for review;
    it never drops them."""
    with stage("validate"):
        report = validate(claims, proposals, cpl, fir.paths)
        registers = fir_against_cpl(cpl, fir.paths)
        report = report.with_register_check(registers.findings(), registers.flags(proposals))
        return report, flag_proposals(proposals, report)
