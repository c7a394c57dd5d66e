"""The one place tests build domain objects: CPL entries, claims, mapped claims and proposals.

A test folder's own fixtures (a small CPL, a run in a store) are made from these, so a change to a
domain type is a change here, not in every folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

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
from firpath.domain.versions import parse_firmware_version
from firpath.stages.mapping import CplIndex

ACME, BOLT, DYNAMO = "Acme Metering Ltd", "Bolt Meters Ltd", "Dynamo Comms Ltd"


def fw(hex_digits: str) -> FirmwareVersion:
    return FirmwareVersion(hex_digits)


def cpl_entry(
    entry_id: str,
    firmware: str,
    *,
    manufacturer_id: str = "10A7",
    model_id: str = "0101",
    hardware: str = "0002",
    manufacturer_name: str = ACME,
    model_name: str = "AM-E200",
    device_type: str = "ESME",
) -> CplEntry:
    return CplEntry(
        entry_id=entry_id,
        manufacturer_id=manufacturer_id,
        model_id=model_id,
        hardware_version=hardware,
        firmware_version=FirmwareVersion(firmware),
        manufacturer_name=manufacturer_name,
        model_name=model_name,
        device_type=device_type,
    )


def _bolt(entry_id: str, firmware: str, model_id: str = "0203", model_name: str = "Bolt G2") -> CplEntry:
    return cpl_entry(
        entry_id, firmware, manufacturer_id="20B1", model_id=model_id, hardware="0001",
        manufacturer_name=BOLT, model_name=model_name, device_type="GSME",
    )  # fmt: skip


def _dynamo(entry_id: str, firmware: str) -> CplEntry:
    return cpl_entry(
        entry_id, firmware, manufacturer_id="4D11", model_id="0C01", hardware="0001",
        manufacturer_name=DYNAMO, model_name="DH-1", device_type="CHF",
    )  # fmt: skip


def small_cpl() -> list[CplEntry]:
    """A hand-built CPL: an Acme model on two hardware versions sharing firmware numbers, a model
    name used by two manufacturers, and a Dynamo hub whose CPL uses 0403000A (hex) coding."""
    return [
        cpl_entry("1101", "01000005"),
        cpl_entry("1103", "01020000"),
        cpl_entry("1104", "01020005"),
        cpl_entry("1105", "01020007"),
        cpl_entry("1106", "01030001"),
        # same firmware numbers on the model's other hardware version
        cpl_entry("1111", "01020005", hardware="0001"),
        cpl_entry("1112", "01030001", hardware="0001"),
        # "Hub-1": one model name, two manufacturers
        cpl_entry("1301", "01000000", model_id="0201", hardware="0001", model_name="Hub-1"),
        _bolt("2301", "01000000", model_id="0301", model_name="Hub-1"),
        _bolt("2201", "02010001"),
        _bolt("2202", "02010003"),
        _dynamo("4401", "04010000"),
        _dynamo("4402", "04020001"),
        _dynamo("4404", "0403000A"),
    ]


def index(entries: Iterable[CplEntry] | None = None) -> CplIndex:
    return CplIndex.of(small_cpl() if entries is None else entries)


def ref(value: str | VersionRef) -> VersionRef:
    """A version as a document wrote it; CPL-form spellings resolve, anything else stays unresolved."""
    if isinstance(value, VersionRef):
        return value
    return VersionRef(value, parse_firmware_version(value))


def claim(
    *,
    manufacturer: str = "10A7",
    model: str = "0101",
    hardware: str = "0002",
    target: str | VersionRef = "01030001",
    bases: Sequence[str | VersionRef] = ("01020005",),
    relation: Relation = Relation.EXACT,
    file: str = "notes.pdf",
    sha256: str = "a" * 64,
    location: str = "page 1",
    text: str = "This release shall only be applied to devices running 01020005.",
    source_kind: SourceKind = SourceKind.RELEASE_NOTE,
    superseded: bool = False,
) -> Claim:
    return Claim(
        device=DeviceRef(manufacturer, model, hardware),
        target=ref(target),
        bases=tuple(ref(b) for b in bases),
        relation=relation,
        evidence=Evidence(file, sha256, location, text),
        source_kind=source_kind,
        superseded=superseded,
    )


def mapped(target: CplEntry, bases: Sequence[CplEntry], **claim_fields: object) -> MappedClaim:
    """A mapped claim for `target` whose bases are `bases` (the claim's own text follows them)."""
    fields: dict[str, object] = {
        "target": str(target.firmware_version),
        "bases": [str(b.firmware_version) for b in bases],
        "relation": Relation.EXACT if bases else Relation.NONE,
        **claim_fields,
    }
    return MappedClaim(claim(**fields), target, tuple(bases))  # type: ignore[arg-type]


def version_ref(entry: CplEntry) -> VersionRef:
    """An entry's firmware as a document would write it in CPL form."""
    return VersionRef(entry.firmware_version.text, entry.firmware_version)


def claim_of(
    target: CplEntry,
    bases: Sequence[CplEntry],
    *,
    text: str | None = None,
    file: str = "notes.pdf",
    location: str = "page 1",
    target_ref: VersionRef | None = None,
    extra_bases: Sequence[VersionRef] = (),
    source_kind: SourceKind = SourceKind.RELEASE_NOTE,
) -> Claim:
    """The claim a release note makes that `target` goes on top of `bases` (none: N/A), naming the
    device by the entry's names and the versions in CPL form."""
    base_refs = tuple(version_ref(b) for b in bases) + tuple(extra_bases)
    if text is None:
        text = f"Install {target.firmware_version} only on top of " + (", ".join(r.text for r in base_refs) or "any version")
    return Claim(
        device=DeviceRef(target.manufacturer_name, target.model_name, target.hardware_version),
        target=target_ref or version_ref(target),
        bases=base_refs,
        relation=Relation.EXACT if base_refs else Relation.NONE,
        evidence=Evidence(file, hashlib.sha256(file.encode()).hexdigest(), location, text),
        source_kind=source_kind,
    )


def mapped_claim_of(target: CplEntry, bases: Sequence[CplEntry], **claim_fields: object) -> MappedClaim:
    """`claim_of(target, bases)`, mapped to those entries."""
    return MappedClaim(claim_of(target, bases, **claim_fields), target, tuple(bases))  # type: ignore[arg-type]


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
        backing = claims if (claims is not None and i == 0) else [claim_of(target, path)]
        alternatives.append(
            Alternative(UpgradePath(tuple(b.entry_id for b in path)), tuple(MappedClaim(c, target, tuple(path)) for c in backing))
        )
    if len(alternatives) > 1:
        change = ChangeKind.CONFLICT
    elif current is None:
        change = ChangeKind.ADD
    else:
        change = ChangeKind.UNCHANGED if current == alternatives[0].path else ChangeKind.MODIFY
    return ProposedChange(target, current, tuple(alternatives), change)
