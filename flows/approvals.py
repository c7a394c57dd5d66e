"""Approvals: which of those given on the run before this one still stand, and which lapse (and why)."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from firpath.domain import ProposedChange
from firpath.runtime.timing import stage
from firpath.stages.lapsed_approvals import ApprovalCarryOver, approvers_by_version, carry_over
from staging.store import StagingStore


@task(cache_policy=NO_CACHE)
def carry_over_approvals(store_url: str, proposals: list[ProposedChange]) -> ApprovalCarryOver:
    """Run before this run is saved as finished: the latest finished run is then the one before it."""
    with stage("carry over approvals"), StagingStore.open(store_url) as store:
        previous = store.runs.latest_run()
        if previous is None:
            return ApprovalCarryOver()
        earlier = store.results.proposals(previous.run_id)
        return carry_over(earlier, proposals, approvers_by_version(store.reviews.decisions()))
