"""Hand-built domain objects for the expectation tests: one device, three firmware versions."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from firpath.domain import (
    Alternative,
    ChangeKind,
    Claim,
    CplEntry,
    DeviceRef,
    Evidence,
    FirmwareVersion,
    MappedClaim,
    ProposedChange,
    Relation,
    SourceKind,
    UpgradePath,
    VersionRef,
)

MANUFACTURER = "0A0B"
MODEL = "0001"


def entry(entry_id: str, firmware: str, hardware: str = "0001", model: str = MODEL) -> CplEntry:
    return CplEntry(entry_id, MANUFACTURER, model, hardware, FirmwareVersion(firmware), "Acme", "Meter 1")


# The CPL of the fixtures: E1 < E2 < E3 on one device; X1 is the same model on other hardware.
E1 = entry("E1", "01000000")
E2 = entry("E2", "01010000")
E3 = entry("E3", "01020000")
X1 = entry("X1", "01000000", hardware="0002")
Z9 = entry("Z9", "01030000")  # never in the CPL
CPL = (E1, E2, E3, X1)


def claim(
    target: CplEntry,
    bases: Sequence[CplEntry],
    *,
    target_text: str | None = None,
    target_parses: bool = True,
    unparsed_base: str | None = None,
    evidence_text: str | None = None,
    file: str = "notes.pdf",
) -> Claim:
    """A release-note claim `target on top of bases`, parsed unless told otherwise."""
    base_refs = tuple(VersionRef(b.firmware_version.hex, b.firmware_version) for b in bases)
    if unparsed_base is not None:
        base_refs += (VersionRef(unparsed_base, None, "display version never paired with its hex form"),)
    if evidence_text is None:
        evidence_text = f"Install {target.firmware_version} only on top of " + (
            ", ".join(r.text for r in base_refs) or "any version"
        )
    return Claim(
        device=DeviceRef("Acme", "Meter 1", target.hardware_version),
        target=VersionRef(
            target_text or target.firmware_version.hex, target.firmware_version if target_parses else None
        ),
        bases=base_refs,
        relation=Relation.EXACT if base_refs else Relation.NONE,
        evidence=Evidence(file, hashlib.sha256(file.encode()).hexdigest(), "page 1", evidence_text),
        source_kind=SourceKind.RELEASE_NOTE,
    )


def proposal(
    target: CplEntry,
    *paths: Sequence[CplEntry],
    claims: Sequence[Claim] | None = None,
    current: UpgradePath | None = None,
) -> ProposedChange:
    """A proposal with one alternative per path (two or more make a conflict), each backed by a claim.

    `claims`, when given, back the first alternative instead of the generated claim.
    """
    alternatives = []
    for i, path in enumerate(paths):
        backing = claims if (claims is not None and i == 0) else [claim(target, path)]
        alternatives.append(
            Alternative(
                UpgradePath(tuple(b.entry_id for b in path)),
                tuple(MappedClaim(c, target, tuple(path)) for c in backing),
            )
        )
    if len(alternatives) > 1:
        change = ChangeKind.CONFLICT
    elif current is None:
        change = ChangeKind.ADD
    else:
        change = ChangeKind.UNCHANGED if current == alternatives[0].path else ChangeKind.MODIFY
    return ProposedChange(target, current, tuple(alternatives), change)
