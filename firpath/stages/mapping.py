"""Map: claims to CPL entries, exactly or not at all.

A claim names a device (manufacturer, model, maybe hardware version) and firmware versions as a
document wrote them. Mapping finds the CPL entries they stand for by identifiers or exact
(case- and punctuation-insensitive) names. Anything that does not match, or matches more than
one thing, becomes an UnmappedClaim with the reason: a near miss is never guessed into a match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from firpath.domain import Claim, CplEntry, DeviceKey, FirmwareVersion, MappedClaim, Relation, UnmappedClaim, VersionRef
from firpath.domain.versions import normalise_hex_id

_LEGAL_SUFFIX = re.compile(r"\b(?:ltd|limited|plc|inc|gmbh|llc|co)\b\.?$")


def name_token(text: str) -> str:
    """`Acme Metering Ltd.` and `ACME metering` both become `acmemetering`."""
    text = re.sub(r"[^0-9a-z ]", " ", text.lower()).strip()
    text = _LEGAL_SUFFIX.sub("", text).strip()
    return re.sub(r"\s+", "", text)


def _is_hex_id(text: str) -> bool:
    return bool(re.fullmatch(r"(?:0x)?[0-9A-Fa-f]{1,4}", text.strip()))


@dataclass(frozen=True)
class CplIndex:
    """The CPL arranged for look-ups by identifier, name and (device, firmware version)."""

    by_id: dict[str, CplEntry]
    by_device: dict[DeviceKey, tuple[CplEntry, ...]]  # oldest firmware first
    manufacturer_names: dict[str, str]  # manufacturer id -> a display name
    # Look-ups built once, so mapping thousands of claims never scans the whole CPL per claim:
    manufacturers_by_token: dict[str, frozenset[str]]  # name_token of a name or id -> manufacturer ids
    models_by_id: dict[str, frozenset[tuple[str, str]]]  # model id -> (manufacturer id, model id)
    models_by_name: dict[str, frozenset[tuple[str, str]]]  # name_token of a model name -> the same
    devices_by_model: dict[tuple[str, str], tuple[DeviceKey, ...]]

    @classmethod
    def of(cls, entries: Iterable[CplEntry]) -> CplIndex:
        by_device: dict[DeviceKey, list[CplEntry]] = defaultdict(list)
        by_id: dict[str, CplEntry] = {}
        names: dict[str, str] = {}
        makers: dict[str, set[str]] = defaultdict(set)
        by_model_id: dict[str, set[tuple[str, str]]] = defaultdict(set)
        by_model_name: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for entry in entries:
            by_id[entry.entry_id] = entry
            by_device[entry.device].append(entry)
            names.setdefault(entry.manufacturer_id, entry.manufacturer_name or entry.manufacturer_id)
            for token in {name_token(entry.manufacturer_name), name_token(entry.manufacturer_id)} - {""}:
                makers[token].add(entry.manufacturer_id)
            model = (entry.manufacturer_id, entry.model_id)
            by_model_id[entry.model_id].add(model)
            if token := name_token(entry.model_name):
                by_model_name[token].add(model)
        devices: dict[tuple[str, str], list[DeviceKey]] = defaultdict(list)
        for device in by_device:
            devices[(device.manufacturer_id, device.model_id)].append(device)
        return cls(
            by_id=by_id,
            by_device={k: tuple(sorted(v, key=lambda e: e.firmware_version)) for k, v in by_device.items()},
            manufacturer_names=names,
            manufacturers_by_token={k: frozenset(v) for k, v in makers.items()},
            models_by_id={k: frozenset(v) for k, v in by_model_id.items()},
            models_by_name={k: frozenset(v) for k, v in by_model_name.items()},
            devices_by_model={k: tuple(v) for k, v in devices.items()},
        )

    def entry(self, device: DeviceKey, version: FirmwareVersion) -> CplEntry | None:
        """The one entry of `device` with firmware `version`; None when there is none.

        Raises _NoMatch when the CPL lists that firmware under several entries: picking one would
        be a guess.
        """
        found = [e for e in self.by_device.get(device, ()) if e.firmware_version == version]
        if len(found) > 1:
            ids = ", ".join(e.entry_id for e in found)
            raise _NoMatch(f"firmware {version} of {device} is listed under several CPL entries ({ids})")
        return found[0] if found else None


class _NoMatch(Exception):
    """Raised inside mapping with the reason the claim stays unmapped."""


def _manufacturers(index: CplIndex, stated: str) -> set[str]:
    if not stated.strip():
        return set(index.manufacturer_names)
    if _is_hex_id(stated) and normalise_hex_id(stated) in index.manufacturer_names:
        return {normalise_hex_id(stated)}
    found = set(index.manufacturers_by_token.get(name_token(stated), ()))
    if not found:
        raise _NoMatch(f"manufacturer {stated!r} is not on the CPL (by identifier or exact name)")
    return found


def _models(index: CplIndex, manufacturers: set[str], stated: str, stated_manufacturer: str) -> set[tuple[str, str]]:
    if not stated.strip():
        raise _NoMatch("the document does not name the device model")
    candidates = set(index.models_by_name.get(name_token(stated), ()))
    if _is_hex_id(stated):
        candidates |= index.models_by_id.get(normalise_hex_id(stated), frozenset())
    found = {model for model in candidates if model[0] in manufacturers}
    if not found:
        who = f" of manufacturer {stated_manufacturer!r}" if stated_manufacturer else ""
        raise _NoMatch(f"model {stated!r}{who} is not on the CPL (by Model Identifier or exact name)")
    if len({m for m, _ in found}) > 1:
        makers = ", ".join(sorted(index.manufacturer_names[m] for m, _ in found))
        raise _NoMatch(f"model {stated!r} exists for several manufacturers ({makers}) and the document does not say which")
    return found


def _target_entry(index: CplIndex, claim: Claim, models: set[tuple[str, str]]) -> CplEntry:
    target = _version(claim.target, "target firmware")
    stated_hw = claim.device.hardware_version.strip()
    devices = [d for model in sorted(models) for d in index.devices_by_model.get(model, ())]
    if stated_hw:
        hw = normalise_hex_id(stated_hw)
        devices = [d for d in devices if d.hardware_version == hw]
        if not devices:
            raise _NoMatch(f"hardware version {stated_hw!r} of model {claim.device.model!r} is not on the CPL")
    matches = [e for d in devices if (e := index.entry(d, target)) is not None]
    if not matches:
        where = f"{claim.device.model!r}" + (f" hardware {stated_hw}" if stated_hw else "")
        raise _NoMatch(f"firmware {target} of model {where} is not on the CPL{_coding_hint(index, devices, target)}")
    if len(matches) > 1:
        hws = ", ".join(sorted(e.hardware_version for e in matches))
        raise _NoMatch(
            f"firmware {target} of model {claim.device.model!r} is listed for hardware versions {hws} and the "
            "document does not say which"
        )
    return matches[0]


def _version(ref: VersionRef, what: str) -> FirmwareVersion:
    if ref.version is None:
        raise _NoMatch(f"{what} {ref.text!r}: {ref.note}" if ref.text else f"{what}: {ref.note or 'not stated'}")
    return ref.version


def bcd_hex_twins(version: FirmwareVersion) -> set[FirmwareVersion]:
    """The versions a BCD/hex mix-up of each octet would give (0x10 read as BCD 10 is 0x0A...)."""
    twins = {version.hex}
    for i in range(4):
        octet = version.hex[2 * i : 2 * i + 2]
        alternatives = set()
        if octet.isdigit():
            alternatives.add(f"{int(octet):02X}")  # BCD digits read as a decimal number, written in hex
        value = int(octet, 16)
        if value < 100:
            alternatives.add(f"{value:02d}")  # a hex value written as BCD digits
        twins |= {t[: 2 * i] + alt + t[2 * i + 2 :] for t in twins for alt in alternatives}
    return {FirmwareVersion(t) for t in twins} - {version}


def _coding_hint(index: CplIndex, devices: Sequence[DeviceKey], version: FirmwareVersion) -> str:
    twins = sorted(
        {str(e.firmware_version) for d in devices for e in index.by_device.get(d, ()) if e.firmware_version in bcd_hex_twins(version)}
    )
    if not twins:
        return ""
    return f" (the CPL lists {', '.join(twins)} for it, which a BCD/hex mix-up would explain; not converted)"


def _base_entries(index: CplIndex, claim: Claim, target: CplEntry) -> tuple[CplEntry, ...]:
    siblings = index.by_device[target.device]
    if claim.relation is Relation.NONE:
        return ()
    if claim.relation is Relation.MINIMUM:
        if len(claim.bases) != 1:
            raise _NoMatch(f"a minimum requirement names one base firmware; this one names {len(claim.bases)}")
        minimum = _version(claim.bases[0], "minimum base firmware")
        bases = tuple(e for e in siblings if minimum <= e.firmware_version < target.firmware_version)
        if not bases:
            raise _NoMatch(
                f"no CPL entry of {target.device} has firmware at or above {minimum} and below the target "
                f"{target.firmware_version}"
            )
        return bases
    if not claim.bases:
        raise _NoMatch("the statement names no base firmware version")
    found: list[CplEntry] = []
    missing: list[str] = []
    for ref in claim.bases:
        version = _version(ref, "base firmware")
        entry = index.entry(target.device, version)
        if entry is None:
            missing.append(f"{version}{_coding_hint(index, [target.device], version)}")
        else:
            found.append(entry)
    if missing:
        raise _NoMatch(f"base firmware {', '.join(missing)} of {target.device} is not on the CPL")
    return tuple(sorted(set(found), key=lambda e: e.firmware_version))


def map_claim(claim: Claim, index: CplIndex) -> MappedClaim | UnmappedClaim:
    try:
        manufacturers = _manufacturers(index, claim.device.manufacturer)
        models = _models(index, manufacturers, claim.device.model, claim.device.manufacturer)
        target = _target_entry(index, claim, models)
        bases = _base_entries(index, claim, target)
    except _NoMatch as reason:
        return UnmappedClaim(claim, str(reason))
    return MappedClaim(claim, target, bases)


def mapped_claims(claims: Iterable[Claim], index: CplIndex) -> tuple[list[MappedClaim], list[UnmappedClaim]]:
    mapped: list[MappedClaim] = []
    unmapped: list[UnmappedClaim] = []
    for claim in claims:
        result = map_claim(claim, index)
        (mapped if isinstance(result, MappedClaim) else unmapped).append(result)  # type: ignore[arg-type]
    return mapped, unmapped
