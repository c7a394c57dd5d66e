"""manifest.json: what a publication is made of, and the check that its files are still those.

The manifest names the run, the exact inputs (CPL and FIR export and every inbox document a
published row cites, by sha256), each published row with who approved it and on what evidence,
the counts, and the sha256 of every file published beside it. Keys are sorted and lists keep a
stable order, so the same decisions always give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from firpath.publish.files import sha256_file
from firpath.publish.fir_changes import ChangeTable
from firpath.publish.selection import Publication, PublishedChange, iso
from firpath.runtime.route_files import PUBLISHED_NAME as ROUTES_NAME
from staging.log_key import Anchor
from staging.runs import RunInfo

MANIFEST_NAME = "manifest.json"
FORMAT = "firpath publication 1"


def _path_or_none(path: object) -> str | None:
    return None if path is None else str(path)


def _row(change: PublishedChange) -> dict[str, Any]:
    entry = change.entry
    correction = change.correction
    return {
        "entry_id": entry.entry_id,
        **entry.identity_columns(),
        "change": change.kind,
        "old_path": _path_or_none(change.old),
        "new_path": str(change.new),
        "proposal_hash": change.proposal_hash,
        "approvals": [{"reviewer": a.reviewer, "at": iso(a.at), "channel": a.channel} for a in change.approvals],
        "correction": None if correction is None else {
            "by": correction.reviewer, "at": iso(correction.at), "reason": correction.reason,
            "channel": correction.channel,
        },  # fmt: skip
        "evidence": [
            {"file": e.file, "sha256": e.sha256, "location": e.location, "text": e.text, "source_kind": e.source_kind}
            for e in change.evidence
        ],
        "evidence_supports_path": change.evidence_supports_path,
        "in_fir_export": change.in_fir_export,
        "proposed_by_secas": None if (origin := change.origin) is None else {
            "kind": origin.kind.value, "edit": origin.edit_id, "by": origin.proposed_by, "at": iso(origin.proposed_at),
            "reason": origin.reason, "evidence": {"file": origin.evidence_name, "sha256": origin.evidence_sha256}
            if origin.evidence_sha256 else None, "withdraws": origin.withdraws or None,
        },  # fmt: skip
    }


def _documents(publication: Publication) -> list[dict[str, Any]]:
    """Each cited document once: the name its evidence gives, its hash, and every name it arrived under."""
    cited = {(e.file, e.sha256) for change in publication.changes for e in change.evidence}
    return [
        {"file": file, "sha256": sha256,
         "received_as": sorted({file, *publication.received_as.get(sha256, ())})}  # fmt: skip
        for file, sha256 in sorted(cited)
    ]


def build_manifest(
    run: RunInfo, publication: Publication, table: ChangeTable, file_hashes: Mapping[str, str],
    anchor: Anchor | None = None,
) -> dict[str, Any]:
    """`anchor`: the decision log's head the publication was made on (MAC'd with the log's key), so
    that `firpath verify` can hold the log to it however the store is changed later."""
    inputs = run.inputs
    return {
        "format": FORMAT,
        "run_id": run.run_id,
        "run_finished_at": iso(run.finished_at),
        "imported_by": run.imported_by,
        "as_of": iso(publication.as_of),
        "inputs": {
            "cpl_export": {"name": inputs.get("cpl_export_name", ""), "sha256": inputs.get("cpl_export", "")},
            "fir_export": {"name": inputs.get("fir_export_name", ""), "sha256": inputs.get("fir_export", "")},
            "documents": _documents(publication),
        },
        "columns": {
            "entry_id": table.entry_id_column,
            "upgrade_path": table.upgrade_path_column,
            "upgrade_path_added": table.upgrade_path_added,
        },
        "counts": publication.counts.as_dict(),
        "counts_by_manufacturer": {label: c.as_dict() for label, c in publication.by_manufacturer.items()},
        "rows": [_row(change) for change in publication.changes],
        "files": dict(sorted(file_hashes.items())),
        "decision_log": None if anchor is None else anchor.as_json(),
    }


def manifest_anchor(manifest: Mapping[str, Any]) -> Anchor | None:
    """The decision log anchor a manifest carries; None when it has none that reads as one."""
    try:
        return Anchor.from_json(manifest.get("decision_log"))
    except (ValueError, KeyError, TypeError):
        return None


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    return (json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _csv_problems(path: Path, manifest: Mapping[str, Any]) -> list[str]:
    """The change CSV must list exactly the manifest's rows, with their new paths, in order."""
    try:
        table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return [f"{path.name}: cannot be read ({exc})"]
    if not table:
        return [f"{path.name}: empty (no header)"]
    return _row_problems(path.name, table[0], table[1:], manifest)


def _parquet_problems(path: Path, manifest: Mapping[str, Any]) -> list[str]:
    """The change table's Parquet twin must list the same rows as the manifest, like the CSV."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        return [f"{path.name}: cannot be read ({exc})"]
    columns = [[str(v) for v in column.to_pylist()] for column in table.columns]
    return _row_problems(path.name, table.column_names, [list(row) for row in zip(*columns)], manifest)


def _row_problems(name: str, header: list[str], body: list[list[str]], manifest: Mapping[str, Any]) -> list[str]:
    columns = manifest.get("columns") or {}
    rows = manifest.get("rows") or []
    try:
        entry_col = header.index(str(columns.get("entry_id", "")))
        path_col = header.index(str(columns.get("upgrade_path", "")))
    except ValueError:
        return [f"{name}: the header lacks the Entry ID or upgrade-path column the manifest names"]
    found = [(r[entry_col] if entry_col < len(r) else "", r[path_col] if path_col < len(r) else "") for r in body]
    expected = [(str(r.get("entry_id", "")), str(r.get("new_path", ""))) for r in rows]
    if found != expected:
        return [f"{name}: its rows (Entry ID, upgrade path) differ from the manifest's"]
    return []


def read_manifest(out_dir: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The folder's manifest.json, or None and why it cannot be used."""
    manifest_path = out_dir / MANIFEST_NAME
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [f"{manifest_path}: missing (nothing was published here)"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [f"{manifest_path}: cannot be read ({exc})"]
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return None, [f"{manifest_path}: not a firpath publication manifest"]
    return manifest, []


def verify_publication(out_dir: Path) -> list[str]:
    """Problems with a published folder, re-read from disk: an empty list means it is intact.

    Checks that manifest.json reads, that every file it lists is there with the sha256 it records,
    and that the change CSV (and its Parquet twin) holds exactly the manifest's rows.
    """
    manifest_path = out_dir / MANIFEST_NAME
    manifest, problems = read_manifest(out_dir)
    if manifest is None:
        return problems
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return [f"{manifest_path}: lists no published files"]

    for name, expected in sorted(files.items()):
        if Path(name).name != name or name in ("", ".", ".."):
            problems.append(f"{manifest_path}: file name {name!r} is not a plain file name")
            continue
        path = out_dir / name
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        actual = sha256_file(path)
        if actual != expected:
            problems.append(f"{name}: modified since publication (sha256 {actual}, manifest says {expected})")
        elif name.endswith(".csv") and name != ROUTES_NAME:  # routes.csv is vouched for by its hash alone
            problems += _csv_problems(path, manifest)
        elif name.endswith(".parquet"):
            problems += _parquet_problems(path, manifest)
    return problems
