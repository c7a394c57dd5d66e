"""Validate: Great Expectations suites on the claims, on the proposed diff and on the upgrade graph it
would leave, and the FIR checked against the CPL; failures flag rows. The results are kept in the GX
project in the workdir, whose Data Docs list every run."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from expectations.results import ValidationReport, flag_proposals
from expectations.runner import DataDocsRun, validate
from extractors.registers import Fir
from firpath.domain import Claim, CplEntry, ProposedChange
from firpath.runtime.timing import stage
from firpath.stages.cpl_status import cpl_statuses
from firpath.stages.graph_checks import graph_checks
from firpath.stages.register_checks import fir_against_cpl


@task(cache_policy=NO_CACHE)
def run_expectations(
    claims: list[Claim], proposals: list[ProposedChange], cpl: list[CplEntry], fir: Fir, workdir: Path, run_id: str
) -> tuple[ValidationReport, list[ProposedChange]]:
    """A failing expectation, or a FIR Entry ID not on the CPL, marks the affected proposals for review;
    it never drops them. The graph checks judge each proposal's paths (every alternative of a conflict)
    against the FIR's; routes avoid entries whose CPL status is not Active."""
    with stage("validate"):
        changes = {p.target.entry_id: [a.path for a in p.alternatives] for p in proposals}
        checks = graph_checks(cpl, fir.paths, cpl_statuses(cpl), changes)
        report = validate(claims, proposals, cpl, fir.paths, data_docs=DataDocsRun(workdir, f"backfill-{run_id}"), graph=checks)
        registers = fir_against_cpl(cpl, fir.paths)
        report = report.with_register_check(registers.findings(), registers.flags(proposals))
        return report, flag_proposals(proposals, report)
