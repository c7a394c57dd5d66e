"""Run the JSON expectation suites on the frames of one pipeline run, with Great Expectations 1.x.

Each `validate` call opens a GX context (`expectations.gx_project`: the file-backed project in the
workdir, whose Data Docs keep every run, or an ephemeral one; no analytics, no progress bars), runs
every suite on its whole-dataframe batch through a checkpoint and returns a `ValidationReport`. A
failing expectation flags the CPL entries behind its failing rows, which are named by file and
location (`expectations.naming`); nothing is dropped.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from great_expectations.core import ExpectationSuite  # noqa: E402  (the environment must be set first)
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration  # noqa: E402

# GX pins this logger at INFO and announces every ephemeral context's temporary Data Docs folder
# on the user's terminal; firpath says where its Data Docs are itself.
logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)

from expectations import gx_project  # noqa: E402
from expectations.frames import (  # noqa: E402
    CLAIM_KEY,
    EDGE_KEY,
    PROPOSAL_KEY,
    claim_frame,
    claims_in_scope,
    edge_frame,
    proposal_frame,
)
from expectations.naming import NamedFrame, ReviewLinks, named_frame  # noqa: E402
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
    "DataDocsRun",
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

# Expectation ids: a file-backed GX store accepts only UUIDs; one per suite position, the same on
# every run. (Results are matched by the ids of the suite as the context stored it.)
_EXPECTATION_IDS = uuid.UUID("6f1c2d64-8a43-4c55-9a1e-5d0f1b7a9c21")

# GX keeps its active context in a process-wide project manager: one validation at a time.
_GX_LOCK = threading.Lock()


class SuiteError(RuntimeError):
    """A suite that cannot be loaded, or an expectation GX could not evaluate (a suite bug, not data)."""


@dataclass(frozen=True)
class DataDocsRun:
    """Where a validation is kept: the folder holding the GX project (the workdir) and the name the
    run is listed under in its Data Docs (`backfill-<run id>`)."""

    project_dir: Path
    run_name: str


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
            type=raw["type"],
            kwargs=dict(raw.get("kwargs") or {}),
            meta=meta,
            id=str(uuid.uuid5(_EXPECTATION_IDS, f"{suite}-{index}")),
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
    data_docs: DataDocsRun | None = None,
    links: ReviewLinks | None = None,
    graph: GraphChecks | None = None,
) -> ValidationReport:
    """Run the claims, edges and proposals suites and flag the CPL entries whose rows fail; with
    `graph`, the graph and route_changes suites too (see `validate_graph`).

    The claims validated are `claims` plus every claim a proposal cites. A failing claim flags the
    entries of the proposals that cite it, plus any `claim_entries[claim_id]` the caller maps it
    to; a claim that reached no entry flags nothing (it still counts in the report). A failing
    edge flags its target entry; a failing proposal flags its own entry. With `data_docs`, the
    results are kept in the GX project there and its Data Docs rebuilt; else nothing is written.
    """
    proposals = list(proposals)
    links = links or ReviewLinks()
    entries = cpl.values() if isinstance(cpl, Mapping) else cpl
    cpl_by_id = {entry.entry_id: entry for entry in entries}
    claim_map = merge_entry_ids(claim_entry_ids(proposals), claim_entries or {})
    edges = edge_frame(proposals, cpl_by_id, fir_paths)
    proposal_rows = proposal_frame(proposals)
    edge_entries = dict(zip(edges[EDGE_KEY], ((t,) for t in edges["target_entry_id"])))
    frames: dict[str, NamedFrame] = {
        "claims": named_frame(
            claim_frame(claims_in_scope(claims, proposals)), CLAIM_KEY, claim_map, ("file", "location"), links
        ),
        "edges": named_frame(edges, EDGE_KEY, edge_entries, (EDGE_KEY,), links),
        "proposals": named_frame(proposal_rows, PROPOSAL_KEY, {k: (k,) for k in proposal_rows[PROPOSAL_KEY]}, (), links),
    }
    if graph is not None:
        frames.update(_graph_frames(graph, links))
    return _validate(frames, suites_dir, data_docs)


def validate_graph(
    graph: GraphChecks, suites_dir: Path = SUITES_DIR, data_docs: DataDocsRun | None = None, links: ReviewLinks | None = None
) -> ValidationReport:
    """Run the graph suite (every entry of a device with path data: cycles, bases on another device or
    not older, no route to the newest release, nothing to install on; reported, flags nothing) and
    the route_changes suite (a path change that strands entries flags its entry)."""
    return _validate(_graph_frames(graph, links or ReviewLinks()), suites_dir, data_docs)


def _graph_frames(graph: GraphChecks, links: ReviewLinks) -> dict[str, NamedFrame]:
    changes = change_frame(graph.changes)
    return {
        "graph": named_frame(graph_frame(graph.entries), GRAPH_KEY, {}, (GRAPH_KEY,), links),  # flags nothing: named by entry
        "route_changes": named_frame(changes, CHANGE_KEY, {k: (k,) for k in changes[CHANGE_KEY]}, (), links),
    }


def _validate(frames: Mapping[str, NamedFrame], suites_dir: Path, data_docs: DataDocsRun | None) -> ValidationReport:
    suites = {name: load_suite(name, suites_dir) for name in frames}
    outcomes: list[ExpectationOutcome] = []
    with _GX_LOCK:
        project_dir = None if data_docs is None else data_docs.project_dir
        runs = {name: (suites[name], named.index_columns) for name, named in frames.items()}
        context, checkpoints = gx_project.prepare(project_dir, runs)
        stored: dict[str, Any] = {}  # suite -> the key its result was stored under
        for name, named in frames.items():
            checkpoint, suite = checkpoints[name]
            run_name = data_docs.run_name if data_docs is not None else "validate"
            results, (stored[name],) = gx_project.run_checkpoint(checkpoint, named.frame, run_name)
            outcomes.extend(_outcomes(suite, results, named))
        pages = gx_project.build_data_docs(context, stored.values()) if data_docs is not None else []
    return ValidationReport(
        outcomes=tuple(outcomes),
        flags=flags_by_entry(outcomes),
        data_docs=None if data_docs is None else gx_project.data_docs_index(data_docs.project_dir),
        data_docs_pages=dict(zip(stored, pages)),
    )


def _outcomes(suite: ExpectationSuite, results: Sequence[Any], named: NamedFrame) -> list[ExpectationOutcome]:
    """The results in the suite's own order (GX reorders them), each read into an outcome."""
    by_id = {r.expectation_config.id: r for r in results}
    outcomes = []
    for expectation in suite.expectations:
        result = by_id.get(expectation.id)
        if result is None:
            raise SuiteError(f"suite {suite.name!r}: no result for {expectation.expectation_type}")
        _raise_on_exception(suite.name, result)
        details: Mapping[str, Any] = result.result or {}
        success = bool(result.success)
        names, entry_ids = ((), ()) if success else named.failing(details.get("unexpected_index_list") or [])
        outcomes.append(
            ExpectationOutcome(
                suite=suite.name,
                expectation_type=result.expectation_config.type,
                description=str(result.expectation_config.meta["description"]),
                success=success,
                element_count=int(details.get("element_count", len(named.frame))),
                unexpected_count=int(details.get("unexpected_count", 0)),
                rows_named_by=named.rows_named_by,
                failing_rows=names,
                entry_ids=entry_ids,
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
