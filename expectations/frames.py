"""The frames the expectation suites run on, built from domain objects (pure: no GX, no I/O).

Each frame has a fixed set of columns with fixed dtypes, so an empty input still gives a frame the
suites can run on, and one key column that identifies a row (`expectations.naming` says how a failing
row is named to people: by file and location, not by the claim id hash).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from expectations.graph import cyclic_edges, upgrade_graph
from firpath.domain import Claim, CplEntry, ProposedChange, UpgradePath, VersionRef
from firpath.domain.versions import version_mentions

TEXT_SEPARATOR = "; "

CLAIM_KEY = "claim_id"
CLAIM_COLUMNS: dict[str, str] = {
    "claim_id": "str",
    "device_text": "str",
    "target_text": "str",
    "target_version": "str",  # the CPL form, or as written when it reads as a version; missing when it is none
    "base_texts": "str",  # as written, joined by "; "
    "base_versions_parse": "bool",  # every base reads as a version (vacuously, for no bases)
    "relation": "str",
    "has_evidence": "bool",  # the evidence names a file and quotes non-blank text
    "evidence": "str",
    "file": "str",  # where the claim was read: what names a failing row (with `location`)
    "location": "str",
    "source_kind": "str",
    "superseded": "bool",
}

EDGE_KEY = "edge_id"
EDGE_COLUMNS: dict[str, str] = {
    "edge_id": "str",  # "<target> <- <base>"
    "target_entry_id": "str",
    "base_entry_id": "str",
    "target_in_cpl": "bool",
    "base_in_cpl": "bool",
    "target_device": "str",  # str(DeviceKey); missing for an entry not in the CPL
    "base_device": "str",
    "target_firmware": "str",  # hex, for reading
    "base_firmware": "str",
    "target_fw_value": "str",  # the version as its numbers order it (FirmwareVersion.sort_text)
    "base_fw_value": "str",
    "is_self_base": "bool",
    "in_cycle": "bool",  # on a cycle through two or more entries (see expectations.graph)
}

PROPOSAL_KEY = "cpl_entry_id"
PROPOSAL_COLUMNS: dict[str, str] = {
    "cpl_entry_id": "str",
    "change": "str",
    "current": "str",  # missing: blank in the FIR
    "proposed": "str",  # missing: a conflict, a reviewer chooses
    "n_alternatives": "int64",
    "n_claims": "int64",
    "n_sources": "int64",  # distinct documents (by sha256) behind the claims
    "evidence": "str",  # missing when no claim backs the proposal; "" when none quotes any text
}


def _frame(rows: Iterable[Mapping[str, Any]], columns: Mapping[str, str]) -> pd.DataFrame:
    rows = list(rows)
    return pd.DataFrame(
        {name: pd.Series([row[name] for row in rows], dtype=dtype) for name, dtype in columns.items()}
    )


def edge_id(target_entry_id: str, base_entry_id: str) -> str:
    return f"{target_entry_id} <- {base_entry_id}"


def has_evidence(claim: Claim) -> bool:
    return bool(claim.evidence.file.strip()) and bool(claim.evidence.text.strip())


def claims_in_scope(claims: Iterable[Claim], proposals: Iterable[ProposedChange]) -> list[Claim]:
    """The given claims and every claim a proposal cites, once each (by claim id), in that order."""
    seen: dict[str, Claim] = {}
    for claim in [*claims, *(mc.claim for p in proposals for mc in p.claims)]:
        seen.setdefault(claim.claim_id, claim)
    return list(seen.values())


def _read_as_version(ref: VersionRef) -> str | None:
    """The version a written one stands for in CPL form, or as written when it reads as a version of
    another register's scheme (`7.0.2`, `6.0-series`); None for text that is no version."""
    if ref.version is not None:
        return ref.version.text
    return ref.text if version_mentions(ref.text) else None


def claim_frame(claims: Iterable[Claim]) -> pd.DataFrame:
    """One row per claim (the first of any with the same claim id)."""
    rows: dict[str, dict[str, Any]] = {}
    for claim in claims:
        if claim.claim_id in rows:
            continue
        rows[claim.claim_id] = {
            "claim_id": claim.claim_id,
            "device_text": " / ".join(
                t for t in (claim.device.manufacturer, claim.device.model, claim.device.hardware_version) if t
            ),
            "target_text": claim.target.text,
            "target_version": _read_as_version(claim.target),
            "base_texts": TEXT_SEPARATOR.join(b.text for b in claim.bases),
            "base_versions_parse": all(_read_as_version(b) is not None for b in claim.bases),
            "relation": claim.relation.value,
            "has_evidence": has_evidence(claim),
            "evidence": str(claim.evidence),
            "file": claim.evidence.file,
            "location": claim.evidence.location,
            "source_kind": claim.source_kind.value,
            "superseded": claim.superseded,
        }
    return _frame(rows.values(), CLAIM_COLUMNS)


def edge_frame(
    proposals: Iterable[ProposedChange],
    cpl_by_id: Mapping[str, CplEntry],
    fir_paths: Mapping[str, UpgradePath | None],
) -> pd.DataFrame:
    """One row per (target entry, base entry) edge of any alternative of any proposal.

    The target's device and firmware come from the CPL, or from the proposal's own entry when the
    CPL lacks it; a base missing from the CPL has no device or firmware (only `base_in_cpl` fails).
    `in_cycle` is judged on `upgrade_graph(proposals, fir_paths)`.
    """
    proposals = list(proposals)
    cycles = cyclic_edges(upgrade_graph(proposals, fir_paths))
    rows: dict[str, dict[str, Any]] = {}
    for proposal in proposals:
        target_id = proposal.target.entry_id
        target = cpl_by_id.get(target_id, proposal.target)
        for alternative in proposal.alternatives:
            for base_id in alternative.path.entry_ids:
                key = edge_id(target_id, base_id)
                if key in rows:
                    continue
                base = cpl_by_id.get(base_id)
                rows[key] = {
                    "edge_id": key,
                    "target_entry_id": target_id,
                    "base_entry_id": base_id,
                    "target_in_cpl": target_id in cpl_by_id,
                    "base_in_cpl": base is not None,
                    "target_device": str(target.device),
                    "base_device": str(base.device) if base else None,
                    "target_firmware": target.firmware_version.text,
                    "base_firmware": base.firmware_version.text if base else None,
                    "target_fw_value": target.firmware_version.sort_text,
                    "base_fw_value": base.firmware_version.sort_text if base else None,
                    "is_self_base": base_id == target_id,
                    "in_cycle": (target_id, base_id) in cycles,
                }
    return _frame(rows.values(), EDGE_COLUMNS)


def proposal_frame(proposals: Iterable[ProposedChange]) -> pd.DataFrame:
    """One row per proposal (per CPL entry), with the evidence behind it joined into one text."""
    rows: dict[str, dict[str, Any]] = {}
    for proposal in proposals:
        entry_id = proposal.target.entry_id
        if entry_id in rows:
            continue
        claims = proposal.claims
        quoted = [str(mc.claim.evidence) for mc in claims if mc.claim.evidence.text.strip()]
        rows[entry_id] = {
            "cpl_entry_id": entry_id,
            "change": proposal.change.value,
            "current": str(proposal.current) if proposal.current is not None else None,
            "proposed": str(proposal.proposed) if proposal.proposed is not None else None,
            "n_alternatives": len(proposal.alternatives),
            "n_claims": len(claims),
            "n_sources": len({mc.claim.evidence.sha256 for mc in claims}),
            "evidence": "\n".join(dict.fromkeys(quoted)) if claims else None,
        }
    return _frame(rows.values(), PROPOSAL_COLUMNS)
