"""Run the JSON expectation suites on the frames of one pipeline run, with Great Expectations 1.x.

Each `validate` call builds one ephemeral GX context (nothing is written to disk, no analytics, no
progress bars), runs every suite on its whole-dataframe batch and returns a `ValidationReport`.
A failing expectation flags the CPL entries behind its failing rows; nothing is dropped.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402  (the environment must be set first)
import pandas as pd  # noqa: E402
from great_expectations.core import ExpectationSuite  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration  # noqa: E402

# GX pins this logger at INFO and announces every ephemeral context's temporary Data Docs folder
# on the user's terminal; firpath writes its own report, so that note is noise.
logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)

from expectations.frames import (  # noqa: E402
    CLAIM_KEY,
    EDGE_KEY,
    PROPOSAL_KEY,
    claim_frame,
    claims_in_scope,
    edge_frame,
    proposal_frame,
)
from expectations.results import (  # noqa: E402
    ExpectationOutcome,
    ValidationReport,
    claim_entry_ids,
    flag_proposals,
    flags_by_entry,
    merge_entry_ids,
)
from expectations.route_frames import CHANGE_KEY, GRAPH_KEY, GraphChecks, change_frame, graph_frame  # noqa: E402
from firpath.domain import Claim, CplEntry, ProposedChange, UpgradePath  # noqa: E402

__all__ = [
    "SUITES_DIR",
    "SUITE_KEYS",
    "ExpectationOutcome",
    "GraphChecks",
    "SuiteError",
    "ValidationReport",
    "flag_proposals",
    "load_suite",
    "validate",
    "validate_graph",
]

SUITES_DIR = Path(__file__).with_name("suites")
SUITE_KEYS: dict[str, str] = {
    "claims": CLAIM_KEY, "edges": EDGE_KEY, "proposals": PROPOSAL_KEY, "graph": GRAPH_KEY, "route_changes": CHANGE_KEY,
}  # fmt: skip

# GX keeps its active context in a process-wide project manager: one validation at a time.
_GX_LOCK = threading.Lock()


class SuiteError(RuntimeError):
    """A suite that cannot be loaded, or an expectation GX could not evaluate (a suite bug, not data)."""


@dataclass(frozen=True)
class _Run:
    """One suite's input: its frame and which CPL entries each row key flags."""

    frame: pd.DataFrame
    key_column: str
    entry_ids: Mapping[str, tuple[str, ...]]


def load_suite(name: str, directory: Path = SUITES_DIR) -> ExpectationSuite:
    """The suite `<directory>/<name>.json`; every expectation must carry a `meta.description`.

    GX itself drops an invalid expectation with only a log line; here it is an error.
    """
    path = directory / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SuiteError(f"cannot read suite {path}: {exc}") from exc
    if data.get("name") != name:
        raise SuiteError(f"{path}: suite name {data.get('name')!r} does not match the file name")
    configurations = [_configuration(name, i, e) for i, e in enumerate(data.get("expectations", []))]
    suite = ExpectationSuite(
        name=name, expectations=configurations, meta=data.get("meta"), notes=data.get("notes")
    )
    if len(suite.expectations) != len(configurations):
        raise SuiteError(f"{path}: GX refused {len(configurations) - len(suite.expectations)} expectation(s)")
    return suite


def _configuration(suite: str, index: int, raw: Mapping[str, Any]) -> ExpectationConfiguration:
    meta = dict(raw.get("meta") or {})
    if not str(meta.get("description", "")).strip():
        raise SuiteError(f"suite {suite!r}, expectation {index}: meta.description (the flag text) is missing")
    try:
        configuration = ExpectationConfiguration(
            type=raw["type"], kwargs=dict(raw.get("kwargs") or {}), meta=meta, id=f"{suite}-{index}"
        )
        configuration.to_domain_obj()  # raises on an unknown type or bad kwargs
    except Exception as exc:
        raise SuiteError(f"suite {suite!r}, expectation {index}: {exc}") from exc
    return configuration


def validate(
    claims: Iterable[Claim],
    proposals: Iterable[ProposedChange],
    cpl: Iterable[CplEntry] | Mapping[str, CplEntry],
    fir_paths: Mapping[str, UpgradePath | None],
    claim_entries: Mapping[str, Collection[str]] | None = None,
    suites_dir: Path = SUITES_DIR,
    graph: GraphChecks | None = None,
) -> ValidationReport:
    """Run the claims, edges and proposals suites and flag the CPL entries whose rows fail; with
    `graph`, the graph and route_changes suites too (see `validate_graph`).

    The claims validated are `claims` plus every claim a proposal cites. A failing claim flags the
    entries of the proposals that cite it, plus any `claim_entries[claim_id]` the caller maps it
    to; a claim that reached no entry flags nothing (it still counts in the report). A failing
    edge flags its target entry; a failing proposal flags its own entry.
    """
    proposals = list(proposals)
    entries = cpl.values() if isinstance(cpl, Mapping) else cpl
    cpl_by_id = {entry.entry_id: entry for entry in entries}
    claim_map = merge_entry_ids(claim_entry_ids(proposals), claim_entries or {})
    edges = edge_frame(proposals, cpl_by_id, fir_paths)
    proposal_rows = proposal_frame(proposals)
    runs = {
        "claims": _Run(claim_frame(claims_in_scope(claims, proposals)), CLAIM_KEY, claim_map),
        "edges": _Run(edges, EDGE_KEY, dict(zip(edges[EDGE_KEY], ((t,) for t in edges["target_entry_id"])))),
        "proposals": _Run(proposal_rows, PROPOSAL_KEY, {k: (k,) for k in proposal_rows[PROPOSAL_KEY]}),
    }
    if graph is not None:
        runs.update(_graph_runs(graph))
    return _validate(runs, suites_dir)


def validate_graph(graph: GraphChecks, suites_dir: Path = SUITES_DIR) -> ValidationReport:
    """Run the graph suite (every entry of a device with path data: cycles, bases on another device or
    not older, no route to the newest release, nothing to install on; reported, flags nothing) and
    the route_changes suite (a path change that strands entries flags its entry)."""
    return _validate(_graph_runs(graph), suites_dir)


def _graph_runs(graph: GraphChecks) -> dict[str, _Run]:
    changes = change_frame(graph.changes)
    return {
        "graph": _Run(graph_frame(graph.entries), GRAPH_KEY, {}),
        "route_changes": _Run(changes, CHANGE_KEY, {k: (k,) for k in changes[CHANGE_KEY]}),
    }


def _validate(runs: Mapping[str, _Run], suites_dir: Path) -> ValidationReport:
    suites = {name: load_suite(name, suites_dir) for name in runs}
    outcomes: list[ExpectationOutcome] = []
    with _GX_LOCK:
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        source = context.data_sources.add_pandas("firpath")
        for name, run in runs.items():
            batch = (
                source.add_dataframe_asset(name)
                .add_batch_definition_whole_dataframe(f"{name} (whole frame)")
                .get_batch(batch_parameters={"dataframe": run.frame})
            )
            result_format = {
                "result_format": "COMPLETE",
                "unexpected_index_column_names": [run.key_column],
            }
            result = batch.validate(suites[name], result_format=result_format)
            outcomes.extend(_outcomes(suites[name], result.results, run))
    return ValidationReport(outcomes=tuple(outcomes), flags=flags_by_entry(outcomes))


def _outcomes(suite: ExpectationSuite, results: Iterable[Any], run: _Run) -> list[ExpectationOutcome]:
    """The results in the suite's own order (GX reorders them), each read into an outcome."""
    by_id = {r.expectation_config.id: r for r in results}
    outcomes = []
    for expectation in suite.expectations:
        result = by_id.get(expectation.id)
        if result is None:
            raise SuiteError(f"suite {suite.name!r}: no result for {expectation.expectation_type}")
        _raise_on_exception(suite.name, result)
        details: Mapping[str, Any] = result.result or {}
        rows = details.get("unexpected_index_list") or []
        success = bool(result.success)
        keys: tuple[str, ...] = () if success else tuple(dict.fromkeys(str(row[run.key_column]) for row in rows))
        outcomes.append(
            ExpectationOutcome(
                suite=suite.name,
                expectation_type=result.expectation_config.type,
                description=str(result.expectation_config.meta["description"]),
                success=success,
                element_count=int(details.get("element_count", len(run.frame))),
                unexpected_count=int(details.get("unexpected_count", 0)),
                key_column=run.key_column,
                unexpected_keys=keys,
                entry_ids=tuple(dict.fromkeys(e for k in keys for e in run.entry_ids.get(k, ()))),
            )
        )
    return outcomes


def _raise_on_exception(suite: str, result: Any) -> None:
    info: Mapping[str, Any] = result.exception_info or {}
    nested = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, Mapping)]
    for item in nested:
        if item.get("raised_exception"):
            config = result.expectation_config
            raise SuiteError(
                f"suite {suite!r}: {config.type} {dict(config.kwargs)} could not be evaluated: "
                f"{item.get('exception_message')}"
            )
