"""Validate: Great Expectations suites on the claims, on the proposed diff and on the upgrade graph it
would leave; failures flag rows."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from expectations.results import ValidationReport, flag_proposals
from expectations.runner import validate
from extractors.registers import Fir
from firpath.domain import Claim, CplEntry, ProposedChange
from firpath.runtime.timing import stage
from firpath.stages.cpl_status import cpl_statuses
from firpath.stages.graph_checks import graph_checks


@task(cache_policy=NO_CACHE)
def run_expectations(
    claims: list[Claim], proposals: list[ProposedChange], cpl: list[CplEntry], fir: Fir, cpl_path: Path | None = None
) -> tuple[ValidationReport, list[ProposedChange]]:
    """A failing expectation marks the affected proposals for review; it never drops them. The graph
    checks judge each proposal's paths (every alternative of a conflict) against the FIR's; routes
    avoid entries the CPL export's Status column does not call Active (`cpl_path`)."""
    with stage("validate"):
        statuses = cpl_statuses(cpl_path, cpl_path.read_bytes()) if cpl_path is not None else {}
        changes = {p.target.entry_id: [a.path for a in p.alternatives] for p in proposals}
        checks = graph_checks(cpl, fir.paths, statuses, changes)
        report = validate(claims, proposals, cpl, fir.paths, graph=checks)
        return report, flag_proposals(proposals, report)
