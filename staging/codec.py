"""Domain objects to JSON-able dicts and back, losslessly: `x_from_json(x_to_json(v)) == v`.

Written out field by field rather than by reflection so that the stored layout is visible here and
changes only on purpose (then bump `staging.schema.SCHEMA_VERSION`). Tuples become lists, enums
their values, bytes base64; decoding indexes keys strictly, so a damaged row fails loudly.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from firpath.domain import (
    Alternative,
    ChangeKind,
    Claim,
    CplEntry,
    DeviceKey,
    DeviceRef,
    Document,
    DocumentKind,
    Evidence,
    FirmwareVersion,
    MappedClaim,
    ProposedChange,
    Relation,
    ReviewAction,
    ReviewDecision,
    SourceKind,
    UnmappedClaim,
    UpgradePath,
    VersionRef,
)

JsonDict = dict[str, Any]


def firmware_version_to_json(v: FirmwareVersion | None) -> str | None:
    return None if v is None else v.text


def firmware_version_from_json(d: str | None) -> FirmwareVersion | None:
    return None if d is None else FirmwareVersion(d)


def version_ref_to_json(v: VersionRef) -> JsonDict:
    return {"text": v.text, "version": firmware_version_to_json(v.version), "note": v.note, "named_with": v.named_with,
            "and_later": v.and_later, "readable": v.readable,
            "through": None if v.through is None else version_ref_to_json(v.through), "entry_id": v.entry_id}  # fmt: skip


# Fields added after a store was first written are read with their defaults (`.get`), so results and
# decisions saved by an earlier firpath still decode; every field there from the start is indexed strictly.
def version_ref_from_json(d: JsonDict) -> VersionRef:
    through = d.get("through")
    return VersionRef(d["text"], firmware_version_from_json(d["version"]), d["note"], d.get("named_with", ""),
                      bool(d.get("and_later", False)), bool(d.get("readable", True)),
                      None if through is None else version_ref_from_json(through), d.get("entry_id", ""))  # fmt: skip


def device_ref_to_json(v: DeviceRef) -> JsonDict:
    return {"manufacturer": v.manufacturer, "model": v.model, "hardware_version": v.hardware_version,
            "context": list(v.context)}  # fmt: skip


def device_ref_from_json(d: JsonDict) -> DeviceRef:
    return DeviceRef(d["manufacturer"], d["model"], d["hardware_version"], tuple(d.get("context", ())))


def device_key_to_json(v: DeviceKey) -> JsonDict:
    return {
        "manufacturer_id": v.manufacturer_id,
        "model_id": v.model_id,
        "hardware_version": v.hardware_version,
    }


def device_key_from_json(d: JsonDict) -> DeviceKey:
    return DeviceKey(d["manufacturer_id"], d["model_id"], d["hardware_version"])


def evidence_to_json(v: Evidence) -> JsonDict:
    return {"file": v.file, "sha256": v.sha256, "location": v.location, "text": v.text}


def evidence_from_json(d: JsonDict) -> Evidence:
    return Evidence(d["file"], d["sha256"], d["location"], d["text"])


def claim_to_json(v: Claim) -> JsonDict:
    return {
        "device": device_ref_to_json(v.device),
        "target": version_ref_to_json(v.target),
        "bases": [version_ref_to_json(b) for b in v.bases],
        "relation": v.relation.value,
        "evidence": evidence_to_json(v.evidence),
        "source_kind": v.source_kind.value,
        "superseded": v.superseded,
        "note": v.note,
    }


def claim_from_json(d: JsonDict) -> Claim:
    return Claim(
        device=device_ref_from_json(d["device"]),
        target=version_ref_from_json(d["target"]),
        bases=tuple(version_ref_from_json(b) for b in d["bases"]),
        relation=Relation(d["relation"]),
        evidence=evidence_from_json(d["evidence"]),
        source_kind=SourceKind(d["source_kind"]),
        superseded=bool(d["superseded"]),
        note=d.get("note", ""),
    )


def cpl_entry_to_json(v: CplEntry) -> JsonDict:
    return {
        "entry_id": v.entry_id,
        "manufacturer_id": v.manufacturer_id,
        "model_id": v.model_id,
        "hardware_version": v.hardware_version,
        "firmware_version": v.firmware_version.text,
        "manufacturer_name": v.manufacturer_name,
        "model_name": v.model_name,
        "device_type": v.device_type,
        "status": v.status,
    }


def cpl_entry_from_json(d: JsonDict) -> CplEntry:
    return CplEntry(
        entry_id=d["entry_id"],
        manufacturer_id=d["manufacturer_id"],
        model_id=d["model_id"],
        hardware_version=d["hardware_version"],
        firmware_version=FirmwareVersion(d["firmware_version"]),
        manufacturer_name=d["manufacturer_name"],
        model_name=d["model_name"],
        device_type=d["device_type"],
        status=d.get("status", ""),
    )


def upgrade_path_to_json(v: UpgradePath) -> list[str]:
    # The entry ids as a list rather than the FIR text, so no parsing rules apply on the way back.
    return list(v.entry_ids)


def upgrade_path_from_json(d: list[str]) -> UpgradePath:
    return UpgradePath(tuple(d))


def mapped_claim_to_json(v: MappedClaim) -> JsonDict:
    return {
        "claim": claim_to_json(v.claim),
        "target": cpl_entry_to_json(v.target),
        "bases": [cpl_entry_to_json(b) for b in v.bases],
    }


def mapped_claim_from_json(d: JsonDict) -> MappedClaim:
    return MappedClaim(
        claim=claim_from_json(d["claim"]),
        target=cpl_entry_from_json(d["target"]),
        bases=tuple(cpl_entry_from_json(b) for b in d["bases"]),
    )


def unmapped_claim_to_json(v: UnmappedClaim) -> JsonDict:
    return {"claim": claim_to_json(v.claim), "reason": v.reason}


def unmapped_claim_from_json(d: JsonDict) -> UnmappedClaim:
    return UnmappedClaim(claim=claim_from_json(d["claim"]), reason=d["reason"])


def alternative_to_json(v: Alternative) -> JsonDict:
    return {
        "path": upgrade_path_to_json(v.path),
        "claims": [mapped_claim_to_json(c) for c in v.claims],
    }


def alternative_from_json(d: JsonDict) -> Alternative:
    return Alternative(
        path=upgrade_path_from_json(d["path"]),
        claims=tuple(mapped_claim_from_json(c) for c in d["claims"]),
    )


def proposed_change_to_json(v: ProposedChange) -> JsonDict:
    return {
        "target": cpl_entry_to_json(v.target),
        "current": None if v.current is None else upgrade_path_to_json(v.current),
        "alternatives": [alternative_to_json(a) for a in v.alternatives],
        "change": v.change.value,
        "review_flags": list(v.review_flags),
    }


def proposed_change_from_json(d: JsonDict) -> ProposedChange:
    return ProposedChange(
        target=cpl_entry_from_json(d["target"]),
        current=None if d["current"] is None else upgrade_path_from_json(d["current"]),
        alternatives=tuple(alternative_from_json(a) for a in d["alternatives"]),
        change=ChangeKind(d["change"]),
        review_flags=tuple(d["review_flags"]),
    )


def document_to_json(v: Document) -> JsonDict:
    """For export and tests; the store itself keeps the content in a binary column."""
    return {
        "name": v.name,
        "data": base64.b64encode(v.data).decode("ascii"),
        "kind": v.kind.value,
        "sha256": v.sha256,
        "parent_sha256": v.parent_sha256,
    }


def document_from_json(d: JsonDict) -> Document:
    return Document(
        name=d["name"],
        data=base64.b64decode(d["data"], validate=True),
        kind=DocumentKind(d["kind"]),
        sha256=d["sha256"],
        parent_sha256=d["parent_sha256"],
    )


def review_decision_to_json(v: ReviewDecision) -> JsonDict:
    return {
        "cpl_entry_id": v.cpl_entry_id,
        "proposal_hash": v.proposal_hash,
        "action": v.action.value,
        "reviewer": v.reviewer,
        "decided_at": v.decided_at.isoformat(),
        "path": None if v.path is None else upgrade_path_to_json(v.path),
        "reason": v.reason,
        "channel": v.channel,
    }


def review_decision_from_json(d: JsonDict) -> ReviewDecision:
    return ReviewDecision(
        cpl_entry_id=d["cpl_entry_id"],
        proposal_hash=d["proposal_hash"],
        action=ReviewAction(d["action"]),
        reviewer=d["reviewer"],
        decided_at=datetime.fromisoformat(d["decided_at"]),
        path=None if d["path"] is None else upgrade_path_from_json(d["path"]),
        reason=d["reason"],
        channel=d["channel"],
    )
