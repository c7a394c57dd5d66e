"""Map: claims to CPL entries, by the evidence, exactly or not at all.

A claim names its device however its document did (header fields, a title, a file name, a subject,
a row's cells) and firmware versions as written. The CPL is the dictionary (`stages.dictionary`):
the device is the one the document names by a CPL identifier or name, and among those it may name,
the one whose firmware list holds the versions the statement names. Versions are read against that
device's register (`domain.versions.matching_versions`): the document's own pairing, the same
spelling, a family's members, the octet readings when exactly one exists. Where two devices fit
equally, or a written version could be two register versions, or a version is named with another
product's name, the claim stays unmapped with the reason: a near miss is never guessed into a match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from firpath.domain import (
    Claim,
    CplEntry,
    DeviceKey,
    FirmwareVersion,
    MappedClaim,
    NeedsReading,
    Relation,
    UnmappedClaim,
    VersionRef,
)
from firpath.domain.versions import matching_versions, normalise_hex_id, octet_form
from firpath.stages.dictionary import CplDictionary, names_agree, squeezed, words

LATEST = "latest"  # a target written as the word: the newest release of the device on the CPL
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
    """The CPL arranged for look-ups by identifier, name and device, and as a dictionary of terms."""

    by_id: dict[str, CplEntry]
    by_device: dict[DeviceKey, tuple[CplEntry, ...]]  # oldest firmware first
    manufacturer_names: dict[str, str]  # manufacturer id -> a display name
    manufacturers_by_token: dict[str, frozenset[str]]  # name_token of a name or id -> manufacturer ids
    models_by_id: dict[str, frozenset[tuple[str, str]]]  # model id -> (manufacturer id, model id)
    models_by_name: dict[str, frozenset[tuple[str, str]]]  # name_token of a model name -> the same
    devices_by_model: dict[tuple[str, str], tuple[DeviceKey, ...]]
    dictionary: CplDictionary

    @classmethod
    def of(cls, entries: Iterable[CplEntry]) -> CplIndex:
        entries = list(entries)
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
            devices_by_model={k: tuple(sorted(v)) for k, v in devices.items()},
            dictionary=CplDictionary.of(entries),
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

    def versions(self, device: DeviceKey) -> tuple[FirmwareVersion, ...]:
        return tuple(e.firmware_version for e in self.by_device.get(device, ()))

    def device_names(self, device: DeviceKey) -> tuple[str, ...]:
        """Every name the CPL gives the device's manufacturer and model (for product-name checks)."""
        model = (device.manufacturer_id, device.model_id)
        return (
            *self.dictionary.manufacturer_names.get(device.manufacturer_id, ()),
            *self.dictionary.model_names.get(model, ()),
        )

    def describe(self, device: DeviceKey) -> str:
        model = (device.manufacturer_id, device.model_id)
        names = [n for n in self.dictionary.model_names.get(model, ()) if n != device.model_id]
        maker = self.manufacturer_names.get(device.manufacturer_id, device.manufacturer_id)
        return f"{maker} {names[0] if names else device.model_id} (HW {device.hardware_version})"


class _NoMatch(Exception):
    """Raised inside mapping with the reason the claim stays unmapped."""


# --- the device ----------------------------------------------------------------------------------


def _manufacturers(index: CplIndex, stated: str) -> set[str]:
    if _is_hex_id(stated) and normalise_hex_id(stated) in index.manufacturer_names:
        return {normalise_hex_id(stated)}
    found = set(index.manufacturers_by_token.get(name_token(stated), ()))
    found |= set(index.dictionary.manufacturer_terms.get(squeezed(stated), ()))  # a short form, as a whole
    if not found and len(named := index.dictionary.find(stated).manufacturers) == 1:
        found = set(named)  # "Calder & Finch" of Calder & Finch Controls Ltd: the one maker the cell's words name
    return found


# what kind of device a name says it is, not which: "MG-P40 PPMID" is the CPL's MG-P40
_KIND_WORDS = {"meter", "ppmid", "ihd", "esme", "gsme", "chf", "cad", "hub", "display", "electricity", "gas", "smart", "comms"}


def _models(index: CplIndex, stated: str) -> set[tuple[str, str]]:
    candidates = set(index.models_by_name.get(name_token(stated), ()))
    if _is_hex_id(stated):
        candidates |= index.models_by_id.get(normalise_hex_id(stated), frozenset())
    if not candidates:  # the distinctive part of a name ("E470"), as a whole: never a near miss
        candidates |= index.dictionary.model_terms.get(squeezed(stated), frozenset())
    if not candidates and (telling := [w for w in words(stated) if w not in _KIND_WORDS]) != words(stated) and telling:
        candidates |= index.dictionary.model_terms.get("".join(telling), frozenset())  # "MG-P40 PPMID": the device's kind is no part of its name
    if not candidates and len(parts := [p.strip() for p in _PARTS.split(stated) if p.strip()]) > 1:
        # "BW-Glow 3 IHD (model 0x0031)", "TS-E1 ESME, model 0x7010, hardware 0001": each part that names a
        # model names it (a hardware or firmware part names none); where two do, they must agree
        named = [found for part in parts if not _NOT_A_MODEL.match(part) and (found := _models(index, _ID_LABEL.sub("", part)))]
        candidates = set.intersection(*named) if named else set()
    if not candidates and (telling := [w for w in words(stated) if w not in _DESCRIPTION_WORDS]) != words(stated) and telling:
        # "Electricity meter HX-210", "KX-200 three-phase electricity meter": a description around the name
        candidates |= index.dictionary.model_terms.get("".join(telling), frozenset())
    return candidates


_PARTS = re.compile(r"[(),;]|\.\s|\s[-\u2013]\s")
_NOT_A_MODEL = re.compile(r"(?:hardware|hw|firmware|fw)\b", re.I)  # "hardware state 0001", "Firmware identifier 0x00060105"
# words that describe a device around its name, never part of what tells one model from another ("Pro", "Plus" may)
_DESCRIPTION_WORDS = _KIND_WORDS | {"three", "single", "phase", "poly", "polyphase", "credit", "prepayment", "prepay", "smets", "smets1",
                                    "smets2", "electric", "metering", "meters", "in", "home", "device", "unit", "the", "a"}  # fmt: skip
_ID_LABEL = re.compile(r"^\s*(?:model(?:\s+(?:id|identifier))?|id)\s*:?\s*", re.I)


def candidate_devices(index: CplIndex, claim: Claim) -> list[DeviceKey]:
    """Every device a claim may be about (all tiers of `candidate_tiers` together)."""
    return sorted({d for tier in candidate_tiers(index, claim) for d in tier})


def candidate_tiers(index: CplIndex, claim: Claim) -> list[list[DeviceKey]]:
    """The devices a claim may be about, nearest naming first. The stated manufacturer and model (a
    header, a row's cells) are one tier; else each place that names models is a tier of its own, in
    the order the document gives them (the section heading above the statement, then the headings
    above that, the title, the file name, a subject or sender), so that a bulletin's G5 section is
    read as the G5's even when its folder names the G4 (nearer still, a model the statement itself
    names); the manufacturers named anywhere narrow
    every tier. Raises _NoMatch when it names none, or names something the CPL does not have."""
    if claim.target.entry_id:  # a return shaped like the FIR names its entry: the entry is the device
        return [[_entry(index, claim.target.entry_id).device]]
    device = claim.device
    stated_maker, stated_model = device.manufacturer.strip(), device.model.strip()
    namings = [index.dictionary.find(text) for text in device.context]
    if not stated_model and claim.evidence.text and (own := index.dictionary.find(claim.evidence.text)).models:
        namings.insert(0, own)  # "... for R6.0 on the Aurora 3PH": the statement's own naming is the nearest
    named_makers = {m for n in namings for m in n.manufacturers}
    makers = _manufacturers(index, stated_maker) if stated_maker else named_makers
    if stated_maker and not makers:
        raise _NoMatch(f"manufacturer {stated_maker!r} is not on the CPL (by identifier or name)")
    if stated_model:
        models = _models(index, stated_model)
        if not models:
            who = f" of manufacturer {stated_maker!r}" if stated_maker else ""
            raise _NoMatch(f"model {stated_model!r}{who} is not on the CPL (by Model Identifier or name)")
        if makers:
            models = {m for m in models if m[0] in makers} or (set() if stated_maker else models)
            if not models:
                raise _NoMatch(f"model {stated_model!r} is not one of manufacturer {stated_maker!r}'s on the CPL")
        tiers = [models]
    else:
        tiers = []
        for naming in namings:
            for named in (naming.models, naming.within):  # a model named inside another's name: if none named fits
                models = {m for m in named if not makers or m[0] in makers} or (set() if stated_maker else set(named))
                if models and models not in tiers:
                    tiers.append(models)
    device_tiers = [[d for model in sorted(models) for d in index.devices_by_model.get(model, ())] for models in tiers]
    if not device_tiers and makers:
        device_tiers = [[d for d in index.by_device if d.manufacturer_id in makers]]
    if not device_tiers:
        raise _NoMatch(
            "the document does not name the device model" if not device.context else
            "the document names no manufacturer or model on the CPL (header, title, file name or sender)"
        )  # fmt: skip
    if stated_hw := device.hardware_version.strip():
        hw = normalise_hex_id(stated_hw)
        on_hw = [[d for d in tier if d.hardware_version == hw] for tier in device_tiers]
        if not any(on_hw):
            raise _NoMatch(f"hardware version {stated_hw!r} of model {stated_model or 'named'!r} is not on the CPL")
        device_tiers = on_hw
    return [sorted(set(tier)) for tier in device_tiers if tier]


# --- versions ------------------------------------------------------------------------------------


def _entry(index: CplIndex, entry_id: str) -> CplEntry:
    if (entry := index.by_id.get(entry_id)) is None:
        raise _NoMatch(f"CPL Entry ID {entry_id} is not on the CPL")
    return entry


def _versions(index: CplIndex, device: DeviceKey, ref: VersionRef, what: str) -> tuple[FirmwareVersion, ...]:
    if ref.entry_id:
        entry = _entry(index, ref.entry_id)
        if entry.device != device:
            raise _NoMatch(f"{what}: CPL Entry ID {ref.entry_id} is {index.describe(entry.device)}'s, not {index.describe(device)}'s")
        if ref.text and ref.text != ref.entry_id and not matching_versions(ref.text, (entry.firmware_version,), paired=ref.version).versions:
            raise _NoMatch(f"{what}: the row gives firmware {ref.text}, but CPL Entry ID {ref.entry_id} is firmware {entry.firmware_version}")
        return (entry.firmware_version,)
    if not ref.text and ref.version is None:
        raise _NoMatch(f"{what}: {ref.note or 'not stated'}")
    if not ref.readable:
        raise _NoMatch(f"{what} {ref.text!r}: {ref.note}")
    if ref.named_with and not names_agree(ref.named_with, index.device_names(device)):
        raise _NoMatch(f"{what} {ref.text!r} is named as {ref.named_with!r}, not as {index.describe(device)}")
    known = index.versions(device)
    match = matching_versions(ref.text, known, paired=ref.version)
    if not match.versions:
        hint = _coding_hint(index, [device], ref.version) if ref.version else ""
        why = ref.note or match.note or "not listed"  # the reader's note first: "a formula, never evaluated"
        raise _NoMatch(f"{what} {ref.text or ref.version}: {why} for {index.describe(device)}{hint}")
    return match.versions


def _lowest(index: CplIndex, device: DeviceKey, ref: VersionRef, what: str) -> tuple[int, ...]:
    """The numeric parts a minimum starts at (it need not itself be on the CPL)."""
    if ref.named_with and not names_agree(ref.named_with, index.device_names(device)):
        raise _NoMatch(f"{what} {ref.text!r} is named as {ref.named_with!r}, not as {index.describe(device)}")
    if ref.version is not None:
        return ref.version.parts
    try:
        return min(v.parts for v in _versions(index, device, ref, what))
    except _NoMatch:
        if any(v.is_hex for v in index.versions(device)):
            if (form := octet_form(ref.text)) is not None:
                return form.parts  # a minimum the CPL does not list, in its one CPL form (1.8.0.6 -> 01080006)
            raise
        numbers = tuple(int(n) for n in re.findall(r"\d+", ref.text))
        if not numbers:
            raise
        return numbers


def _highest(index: CplIndex, device: DeviceKey, ref: VersionRef, what: str) -> tuple[int, ...]:
    try:
        return max(v.parts for v in _versions(index, device, ref, what))
    except _NoMatch:
        numbers = tuple(int(n) for n in re.findall(r"\d+", ref.text))
        if not numbers or any(v.is_hex for v in index.versions(device)):
            raise
        return numbers + (10**9,)


def _targets(index: CplIndex, claim: Claim, device: DeviceKey) -> list[CplEntry]:
    if claim.target.text.strip().lower() == LATEST and claim.target.version is None:
        # "... -> 4.2 -> latest": the newest release the CPL lists for the device (the reviewer sees the
        # word in the evidence and the document's date; a later hard stop shows up as a conflict)
        versions: tuple[FirmwareVersion, ...] = (max(index.versions(device)),)
    else:
        versions = _versions(index, device, claim.target, "target firmware")
    if claim.target.through is not None:  # "4.2 - 4.5": each release from the first to the last
        lowest = min(v.parts for v in versions)
        highest = _highest(index, device, claim.target.through, "last target firmware")
        versions = tuple(v for v in index.versions(device) if lowest <= v.parts <= highest)
    elif claim.target.and_later:
        lowest = min(v.parts for v in versions)
        versions = tuple(v for v in index.versions(device) if v.parts >= lowest)
        if _crosses_a_major(index, claim, device, lowest):
            versions = tuple(v for v in versions if v.parts[0] == lowest[0])
    entries = []
    for version in versions:
        if (entry := index.entry(device, version)) is not None:
            entries.append(entry)
    return entries


def _crosses_a_major(index: CplIndex, claim: Claim, device: DeviceKey, lowest: tuple[int, ...]) -> bool:
    """"When upgrading to 8.0 and later, first upgrade to 7.17": a way into major 8 says nothing of
    a jump from 7.17 to 9.0 (9.0 has its own way in, from 8), so such a target stops at its major."""
    if claim.relation not in (Relation.EXACT, Relation.MINIMUM) or not claim.bases:
        return False
    try:
        majors = {v.parts[0] for ref in claim.bases for v in _versions(index, device, ref, "base firmware")}
    except _NoMatch:
        return False
    return bool(majors) and max(majors) < lowest[0]


def _base_entries(index: CplIndex, claim: Claim, target: CplEntry) -> tuple[CplEntry, ...]:
    device = target.device
    siblings = index.by_device[device]
    older = [e for e in siblings if e.firmware_version < target.firmware_version]
    if claim.relation is Relation.NONE:
        return ()
    if claim.relation is Relation.MINIMUM:
        if len(claim.bases) != 1:
            raise _NoMatch(f"a minimum requirement names one base firmware; this one names {len(claim.bases)}")
        lowest = _lowest(index, device, claim.bases[0], "minimum base firmware")
        bases = tuple(e for e in older if e.firmware_version.parts >= lowest)
        if not bases:
            raise _NoMatch(
                f"no CPL entry of {index.describe(device)} has firmware at or above {claim.bases[0].text} and below the "
                f"target {target.firmware_version}"
            )
        return bases
    if claim.relation is Relation.UP_TO:
        if len(claim.bases) != 1:
            raise _NoMatch(f"an up-to requirement names one base firmware; this one names {len(claim.bases)}")
        highest = _highest(index, device, claim.bases[0], "last base firmware")
        bases = tuple(e for e in older if e.firmware_version.parts <= highest)
        if not bases:
            raise _NoMatch(f"no CPL entry of {index.describe(device)} has firmware up to {claim.bases[0].text} and below the target")
        return bases
    if claim.relation is Relation.RANGE:
        if len(claim.bases) != 2:
            raise _NoMatch(f"a range names its first and last base firmware; this one names {len(claim.bases)}")
        low = _lowest(index, device, claim.bases[0], "first base firmware")
        high = _highest(index, device, claim.bases[1], "last base firmware")
        bases = tuple(e for e in older if low <= e.firmware_version.parts <= high)
        if not bases:
            raise _NoMatch(f"no CPL entry of {index.describe(device)} has firmware from {claim.bases[0].text} to {claim.bases[1].text}")
        return bases
    if not claim.bases:
        raise _NoMatch("the statement names no base firmware version")
    found: list[CplEntry] = []
    for ref in claim.bases:
        versions = _versions(index, device, ref, "base firmware")
        if len(versions) > 1:  # a family: its members before the target
            versions = tuple(v for v in versions if v < target.firmware_version) or versions
        for version in versions:
            if (entry := index.entry(device, version)) is not None and entry != target:
                found.append(entry)  # a base newer than its target is kept: the expectations flag it
    if not found and any(target.firmware_version in _versions(index, device, ref, "base firmware") for ref in claim.bases):
        raise _NoMatch(f"its only base is the target itself ({target.firmware_version}): the document's release was misread?")
    return tuple(sorted(set(found), key=lambda e: e.firmware_version))


def bcd_hex_twins(version: FirmwareVersion) -> set[FirmwareVersion]:
    """The versions a BCD/hex mix-up of each octet would give (0x10 read as BCD 10 is 0x0A...)."""
    if not version.is_hex:
        return set()
    twins = {version.text}
    for i in range(4):
        octet = version.text[2 * i : 2 * i + 2]
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


# --- claims --------------------------------------------------------------------------------------

MappingResult = tuple[MappedClaim, ...] | UnmappedClaim | NeedsReading


def map_claim(claim: Claim, index: CplIndex) -> MappingResult:
    """The entries a claim is about, one MappedClaim per target entry; or why it stays unmapped; or, for
    a statement that was not understood but names a version of its device, that a person must read it."""
    try:
        tiers = candidate_tiers(index, claim)
    except _NoMatch as reason:
        return UnmappedClaim(claim, str(reason))
    if claim.relation is Relation.UNREAD:
        return _needs_reading(claim, index, sorted({d for tier in tiers for d in tier}))
    if not claim.target.text and claim.target.version is None and not claim.target.entry_id and claim.bases:
        # a requirement whose release the document never names (an email about "this update"):
        # a person who knows which release it is can still use it
        reading = _needs_reading(claim, index, sorted({d for tier in tiers for d in tier}), why=_NO_RELEASE)
        if isinstance(reading, NeedsReading):
            return reading
    first: UnmappedClaim | None = None
    for devices in tiers:  # the nearest naming that some device of it fits decides
        result = _map_to(claim, index, devices)
        if not isinstance(result, UnmappedClaim):
            return result
        first = first or result
    assert first is not None  # candidate_tiers returns at least one tier
    return first


def _map_to(claim: Claim, index: CplIndex, devices: Sequence[DeviceKey]) -> tuple[MappedClaim, ...] | UnmappedClaim:
    fits: dict[DeviceKey, list[MappedClaim]] = {}
    reasons: dict[DeviceKey, str] = {}
    for device in devices:
        try:
            targets = _targets(index, claim, device)
            fits[device] = [MappedClaim(claim, target, _base_entries(index, claim, target)) for target in targets]
        except _NoMatch as reason:
            reasons[device] = str(reason)
    fits = {d: m for d, m in fits.items() if m}
    if not fits:
        return UnmappedClaim(claim, _first_reason(reasons, devices, index))
    models = {(d.manufacturer_id, d.model_id) for d in fits}
    if len(models) > 1:
        shown = ", ".join(sorted(index.describe(d) for d in fits))
        return UnmappedClaim(claim, f"the statement fits {shown} equally and the document does not say which")
    return tuple(m for device in sorted(fits) for m in fits[device])


_NO_RELEASE = "it states a requirement, but the document does not say which firmware release it is for"


def _first_reason(reasons: dict[DeviceKey, str], devices: Sequence[DeviceKey], index: CplIndex) -> str:
    if len(set(reasons.values())) == 1 or len(devices) == 1:
        return next(iter(reasons.values()))
    shown = "; ".join(f"{index.describe(d)}: {r}" for d, r in sorted(reasons.items())[:4])
    return f"no device the document names fits the statement ({shown})"


def _needs_reading(
    claim: Claim, index: CplIndex, devices: Sequence[DeviceKey], why: str = ""
) -> NeedsReading | UnmappedClaim:
    """An unread statement is listed when a version it names is one of its device's (else it is about
    something else, and kept only among the unmapped with the reason)."""
    for device in devices:
        for ref in (*claim.bases, claim.target):
            if not (ref.text or ref.version):
                continue
            try:
                _versions(index, device, ref, "version")
            except _NoMatch:
                continue
            return NeedsReading(claim, why or claim.note or "the statement could not be taken apart")
    return UnmappedClaim(claim, f"not understood, and it names no version of the device ({claim.note})")


def mapped_claims(
    claims: Iterable[Claim], index: CplIndex
) -> tuple[list[MappedClaim], list[UnmappedClaim], list[NeedsReading]]:
    mapped: list[MappedClaim] = []
    unmapped: list[UnmappedClaim] = []
    needs_reading: list[NeedsReading] = []
    for claim in claims:
        result = map_claim(claim, index)
        if isinstance(result, UnmappedClaim):
            unmapped.append(result)
        elif isinstance(result, NeedsReading):
            needs_reading.append(result)
        else:
            mapped.extend(result)
    return mapped, unmapped, needs_reading


__all__ = ["CplIndex", "MappingResult", "bcd_hex_twins", "candidate_devices", "candidate_tiers", "map_claim", "mapped_claims", "name_token",
           "squeezed"]  # fmt: skip
