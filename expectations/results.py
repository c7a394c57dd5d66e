"""The typed outcome of a validation run, and what it means for each proposal (no GX import here)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from firpath.domain import ProposedChange


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation of one suite, run on its frame."""

    suite: str
    expectation_type: str
    description: str  # the suite's `meta.description`: the review flag text
    success: bool
    element_count: int
    unexpected_count: int
    rows_named_by: str  # what a row's name is made of: "file, location", "edge_id", "cpl_entry_id"
    failing_rows: tuple[str, ...] = ()  # names of the failing rows ("notes.pdf, page 2"), in frame order
    entry_ids: tuple[str, ...] = ()  # CPL entries those rows flag

    def __post_init__(self) -> None:
        if self.success and self.failing_rows:
            raise ValueError(f"a passing expectation lists failing rows: {self.description!r}")


@dataclass(frozen=True)
class ValidationReport:
    outcomes: tuple[ExpectationOutcome, ...]
    flags: dict[str, tuple[str, ...]]  # CPL entry id -> descriptions of the expectations it failed
    data_docs: Path | None = None  # the GX Data Docs index that lists this run with every earlier one
    data_docs_pages: Mapping[str, Path] = dataclasses.field(default_factory=dict)  # suite -> this run's page
    # what the registers' own check found (firpath.stages.register_checks: the FIR against the CPL)
    register_findings: tuple[str, ...] = ()

    def with_register_check(self, findings: Iterable[str], flags: Mapping[str, Iterable[str]]) -> ValidationReport:
        """The report with the registers' findings listed and their flags added to the entries' flags."""
        merged = merge_entry_ids(self.flags, flags)
        return dataclasses.replace(self, register_findings=tuple(findings),
                                   flags={entry_id: merged[entry_id] for entry_id in sorted(merged)})  # fmt: skip

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes)

    @property
    def failures(self) -> tuple[ExpectationOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.success)

    @property
    def suites(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.suite for o in self.outcomes))


def flags_by_entry(outcomes: Iterable[ExpectationOutcome]) -> dict[str, tuple[str, ...]]:
    """CPL entry id -> the descriptions of the failed expectations that flag it, in suite order."""
    flags: dict[str, dict[str, None]] = {}
    for outcome in outcomes:
        if outcome.success:
            continue
        for entry_id in outcome.entry_ids:
            flags.setdefault(entry_id, {})[outcome.description] = None
    return {entry_id: tuple(flags[entry_id]) for entry_id in sorted(flags)}


def flag_proposals(proposals: Iterable[ProposedChange], report: ValidationReport) -> list[ProposedChange]:
    """The proposals with the report's flags added to their `review_flags` (existing flags kept first).

    Flags mark a proposal for careful review; no proposal is ever dropped.
    """
    return [_with_flags(p, report.flags.get(p.target.entry_id, ())) for p in proposals]


def _with_flags(proposal: ProposedChange, flags: tuple[str, ...]) -> ProposedChange:
    merged = tuple(dict.fromkeys((*proposal.review_flags, *flags)))
    return dataclasses.replace(proposal, review_flags=merged) if merged != proposal.review_flags else proposal


def claim_entry_ids(proposals: Iterable[ProposedChange]) -> dict[str, tuple[str, ...]]:
    """Claim id -> the CPL entries whose proposals cite the claim."""
    entries: dict[str, dict[str, None]] = {}
    for proposal in proposals:
        for mapped in proposal.claims:
            entries.setdefault(mapped.claim.claim_id, {})[proposal.target.entry_id] = None
    return {claim_id: tuple(ids) for claim_id, ids in entries.items()}


def merge_entry_ids(*mappings: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """The union of several key -> entry ids mappings, order kept."""
    merged: dict[str, dict[str, None]] = {}
    for mapping in mappings:
        for key, ids in mapping.items():
            merged.setdefault(key, {}).update(dict.fromkeys((ids,) if isinstance(ids, str) else ids))
    return {key: tuple(ids) for key, ids in merged.items()}
