"""Does a publication trace back to the staging store? Its run and inputs, and every row's approvals.

`verify_publication` checks the files against their manifest; a manifest rewritten together with
its files would pass that. This check rebuilds the publication from the store instead: the run the
manifest names, the CPL and FIR exports that run read, and the decision log up to the manifest's
"as of" moment, through the same code that published it (`collect`, `build_manifest`). Whatever the
manifest says that the store does not is a problem, named per input and per row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from firpath.publish.fir_changes import change_table
from firpath.publish.manifest import build_manifest, manifest_anchor
from firpath.publish.selection import Publication, collect
from firpath.review.board import ReviewBoard
from staging.engine import NotFound
from staging.store import StagingStore

_INPUTS = {"cpl_export": "CPL export", "fir_export": "FIR export"}


def _as_of(manifest: Mapping[str, Any]) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(manifest.get("as_of", "")))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _approvals_text(approvals: object) -> str:
    if not isinstance(approvals, list) or not approvals:
        return "none"
    return ", ".join(f"{a.get('reviewer')} at {a.get('at')} via {a.get('channel')}" for a in approvals if isinstance(a, dict))


def _input_problems(manifest: Mapping[str, Any], expected: Mapping[str, Any], run_id: str) -> list[str]:
    problems = []
    named = manifest.get("inputs") if isinstance(manifest.get("inputs"), dict) else {}
    for key, label in _INPUTS.items():
        theirs, ours = named.get(key) or {}, expected["inputs"][key]
        if not isinstance(theirs, dict) or theirs.get("sha256") != ours["sha256"]:
            theirs = theirs if isinstance(theirs, dict) else {}
            problems.append(
                f"manifest.json: names {label} {theirs.get('name', '?')!r} (sha256 {theirs.get('sha256', '?')}), "
                f"but run {run_id} read {ours['name']!r} (sha256 {ours['sha256']})"
            )
        elif theirs.get("name") != ours["name"]:
            problems.append(f"manifest.json: names the {label} {theirs.get('name')!r}; run {run_id} read it as {ours['name']!r}")
    return problems


def _document_problems(manifest: Mapping[str, Any], expected: Mapping[str, Any], run_id: str) -> list[str]:
    """The documents cited must be exactly those the published rows' evidence names."""
    named = manifest.get("inputs") if isinstance(manifest.get("inputs"), dict) else {}
    documents = named.get("documents") if isinstance(named.get("documents"), list) else []
    ours = {d["sha256"]: d for d in expected["inputs"]["documents"]}
    theirs = {d.get("sha256"): d for d in documents if isinstance(d, dict)}
    problems = [
        f"manifest.json: cites document {d.get('file')!r} (sha256 {sha256}), which no published row of run {run_id} cites"
        for sha256, d in theirs.items() if sha256 not in ours
    ]  # fmt: skip
    problems += [
        f"manifest.json: does not cite document {d['file']!r} (sha256 {sha256}), the evidence of a published row"
        for sha256, d in ours.items() if sha256 not in theirs
    ]  # fmt: skip
    problems += [
        f"manifest.json: names document {sha256} as {theirs[sha256].get('file')!r} "
        f"(received as {theirs[sha256].get('received_as')}), run {run_id} as {d['file']!r} (received as {d['received_as']})"
        for sha256, d in ours.items()
        if sha256 in theirs and (theirs[sha256].get("file"), theirs[sha256].get("received_as")) != (d["file"], d["received_as"])
    ]  # fmt: skip
    return problems


def _row_problems(manifest: Mapping[str, Any], expected: Mapping[str, Any], publication: Publication) -> list[str]:
    problems = []
    as_of = manifest.get("as_of")
    ours = {r["entry_id"]: r for r in expected["rows"]}
    theirs_rows = manifest.get("rows") if isinstance(manifest.get("rows"), list) else []
    for row in theirs_rows:
        entry_id = row.get("entry_id") if isinstance(row, dict) else None
        if entry_id not in ours:
            if entry_id not in publication.statuses:
                problems.append(f"row {entry_id}: run {publication.run_id} has no proposal for this CPL entry")
                continue
            status = publication.statuses[entry_id]
            problems.append(
                f"row {entry_id}: no approval in the decision log makes it publishable: as of {as_of} it is "
                f"{status.state.value}" + (f" ({status.waiting_for})" if status.waiting_for else "")
            )
            continue
        expected_row = ours[entry_id]
        if row.get("new_path") != expected_row["new_path"]:
            problems.append(f"row {entry_id}: publishes the path {row.get('new_path')}, "
                            f"but the decision log approved {expected_row['new_path']}")  # fmt: skip
        if row.get("approvals") != expected_row["approvals"]:
            problems.append(f"row {entry_id}: approvals {_approvals_text(row.get('approvals'))} do not match "
                            f"the decision log's: {_approvals_text(expected_row['approvals'])}")  # fmt: skip
        if row.get("proposal_hash") != expected_row["proposal_hash"]:
            problems.append(f"row {entry_id}: approved proposal {row.get('proposal_hash')} is not the run's "
                            f"{expected_row['proposal_hash']}")  # fmt: skip
        for key in sorted(set(row) | set(expected_row)):
            if key not in ("new_path", "approvals", "proposal_hash") and row.get(key) != expected_row.get(key):
                problems.append(f"row {entry_id}: {key} differs from what run {publication.run_id} and the "
                                "decision log give")  # fmt: skip
    listed = {r.get("entry_id") for r in theirs_rows if isinstance(r, dict)}
    for entry_id in ours:
        if entry_id not in listed:
            problems.append(f"row {entry_id}: approved in the decision log as of {as_of}, but missing from the manifest")
    return problems


def trace_problems(manifest: Mapping[str, Any], store: StagingStore) -> list[str]:
    """What in `manifest` (a parsed manifest.json) the store does not bear out; [] when all does."""
    run_id = str(manifest.get("run_id", ""))
    as_of = _as_of(manifest)
    if as_of is None:
        return [f"manifest.json: 'as of' {manifest.get('as_of')!r} is not a time with a timezone"]
    try:
        board = ReviewBoard.open(store, run_id)
    except NotFound:
        return [f"manifest.json: run {run_id} is not in this staging store (verify against the workdir "
                "it was published from)"]  # fmt: skip
    publication = collect(board, until=as_of)
    files = manifest.get("files") if isinstance(manifest.get("files"), dict) else {}
    expected = build_manifest(board.run, publication, change_table(board.fir, publication.changes), files)
    problems = _input_problems(manifest, expected, run_id)
    if manifest_anchor(manifest) is None:
        problems.append("manifest.json: holds no anchor of the decision log (removed, or published by an older firpath)")
    rows = _row_problems(manifest, expected, publication)
    if rows:  # the documents and counts follow from the rows: their differences would only repeat these
        return problems + rows
    problems += _document_problems(manifest, expected, run_id)
    for key in ("imported_by", "run_finished_at", "columns", "counts", "counts_by_manufacturer"):
        if manifest.get(key) != expected[key]:
            problems.append(f"manifest.json: {key} differs from what run {run_id} and the decision log give")
    return problems


def export_problems(manifest: Mapping[str, Any], exports: Mapping[str, Path]) -> list[str]:
    """The exports a user has at hand (`{"cpl_export": path, ...}`) against the ones the manifest names."""
    named = manifest.get("inputs") if isinstance(manifest.get("inputs"), dict) else {}
    problems = []
    for key, path in exports.items():
        label = _INPUTS[key]
        try:
            actual = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError as exc:
            problems.append(f"{path}: cannot be read ({exc})")
            continue
        recorded = named.get(key) if isinstance(named.get(key), dict) else {}
        if actual != recorded.get("sha256"):
            problems.append(f"{path}: this {label} (sha256 {actual}) is not the one the publication was made from "
                            f"({recorded.get('name', '?')!r}, sha256 {recorded.get('sha256', '?')})")  # fmt: skip
    return problems


__all__ = ["export_problems", "trace_problems"]
