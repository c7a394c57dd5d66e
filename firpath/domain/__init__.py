"""The domain types of firpath, defined once and used by every stage.

A document's statement becomes a `Claim` (with its `Evidence`); mapping turns a claim into a
`MappedClaim` (CPL entries) or an `UnmappedClaim` (with the reason); reconciliation and the diff
against the FIR turn mapped claims into one `ProposedChange` per CPL entry.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

_HEX_LIKE = re.compile(r"[0-9A-Fa-f]{8}")
_NUMBERS = re.compile(r"\d+")


@functools.total_ordering
@dataclass(frozen=True)
class FirmwareVersion:
    """A firmware version as a register records it.

    GB CPL versions are 4 octets in 8 upper-case hex digits (`0102000A`); registers of other schemes
    write dotted numbers, often with suffixes (`4.2.1-3`, `10.14.02.0007`, `fw3.1.0.b212`). Both are
    ordered by their numeric parts (for a CPL version its four octets, which orders them as the 32-bit
    value does): the register's own notion of "older". Versions compare meaningfully only within one
    device. Build one with `firpath.domain.versions.register_version`; the constructor only checks
    that the text is a version at all.
    """

    text: str

    def __post_init__(self) -> None:
        readable = _HEX_LIKE.fullmatch(self.text) or any(c.isdigit() for c in self.text)
        if not self.text or self.text != self.text.strip() or not readable:
            raise ValueError(f"not a firmware version: {self.text!r}")
        if _HEX_LIKE.fullmatch(self.text) and self.text != self.text.upper():
            raise ValueError(f"not a canonical CPL firmware version (8 upper-case hex digits): {self.text!r}")

    @functools.cached_property  # asked for every comparison of a sort: computed once a version
    def is_hex(self) -> bool:
        """A CPL version in its 8-hex-digit form (as opposed to another register's scheme)."""
        return bool(_HEX_LIKE.fullmatch(self.text))

    @functools.cached_property
    def parts(self) -> tuple[int, ...]:
        """The numeric parts the ordering uses: the four octets of a CPL version, else each run of digits."""
        if self.is_hex:
            return tuple(int(self.text[i : i + 2], 16) for i in range(0, 8, 2))
        return tuple(int(n) for n in _NUMBERS.findall(self.text))

    @property
    def sort_text(self) -> str:
        """The ordering as a string (for tables and frames that compare scalars)."""
        return ".".join(f"{p:010d}" for p in self.parts) + "|" + self.text

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FirmwareVersion):
            return NotImplemented
        return (self.parts, self.text) < (other.parts, other.text)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, order=True)
class DeviceKey:
    """What an upgrade path may not cross: a base must share manufacturer, model and hardware version."""

    manufacturer_id: str
    model_id: str
    hardware_version: str

    def __str__(self) -> str:
        return f"{self.manufacturer_id}/{self.model_id}/HW {self.hardware_version}"


@dataclass(frozen=True)
class CplEntry:
    """One row of the Central Products List: one firmware version of one device model and hardware."""

    entry_id: str
    manufacturer_id: str
    model_id: str
    hardware_version: str
    firmware_version: FirmwareVersion
    manufacturer_name: str = ""
    model_name: str = ""
    device_type: str = ""
    status: str = ""  # the CPL's own status of the entry ("Active", "Withdrawn"...), as the export writes it

    @property
    def device(self) -> DeviceKey:
        return DeviceKey(self.manufacturer_id, self.model_id, self.hardware_version)

    def identity_columns(self) -> dict[str, str]:
        """Which device and firmware the entry is, as every file that lists entries names it (the review
        CSV and the publication manifest: one set of column names, in one order)."""
        return {
            "manufacturer": self.manufacturer_name,
            "manufacturer_id": self.manufacturer_id,
            "model": self.model_name,
            "model_id": self.model_id,
            "hardware_version": self.hardware_version,
            "firmware_version": str(self.firmware_version),
        }


class DocumentKind(StrEnum):
    """What a received file is, judged by its content (file names and extensions are only hints)."""

    PDF = "pdf"
    EML = "eml"
    MSG = "msg"
    XLSX = "xlsx"
    CSV = "csv"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class Document:
    """One received file (or email attachment), content-addressed by its sha256."""

    name: str  # inbox-relative path; for an attachment "mail.eml > notes.pdf"
    data: bytes = field(repr=False)
    kind: DocumentKind
    sha256: str
    parent_sha256: str | None = None  # the email this arrived attached to

    @staticmethod
    def sha256_of(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    @property
    def ref(self) -> DocumentRef:
        return DocumentRef(self.name, self.sha256, self.kind, self.parent_sha256)


@dataclass(frozen=True)
class DocumentRef:
    """A stored document without its bytes: what stages pass around, so memory stays flat however
    large the inbox; the bytes are fetched from the staging store when a document is read."""

    name: str
    sha256: str
    kind: DocumentKind
    parent_sha256: str | None = None

    def with_data(self, data: bytes) -> Document:
        return Document(self.name, data, self.kind, self.sha256, self.parent_sha256)


class SourceKind(StrEnum):
    RELEASE_NOTE = "release note"
    EMAIL = "email"
    SPREADSHEET = "MAP spreadsheet"


@dataclass(frozen=True)
class Evidence:
    """Where a claim was read, precise enough for a reviewer to check it in seconds."""

    file: str  # path inside the inbox as received (for an attachment: "mail.eml > notes.pdf")
    sha256: str  # content hash of the document the text was read from
    location: str  # "page 2", "sheet 'Paths' row 7", "email body", "email body, quoted message 1"
    text: str  # the exact sentence, line or table row

    def __str__(self) -> str:
        return f"{self.file}, {self.location}: \"{self.text}\""

    @property
    def file_as_written(self) -> str:
        """The file's own name as its sender wrote it: an attachment's name without the emails it came
        in, an inbox file's without the folders it was filed in (`mail.eml > notes.pdf` and
        `acme/notes.pdf` are both `notes.pdf`)."""
        return self.file.rsplit(" > ", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1]


class Relation(StrEnum):
    """How a claim's base versions constrain the installed firmware."""

    EXACT = "exact"  # the installed firmware must be one of the listed bases (a family names several)
    MINIMUM = "minimum"  # any firmware at or above the (single) listed base, and older than the target
    RANGE = "range"  # any firmware from the first listed base to the second, both included
    UP_TO = "up to"  # any firmware up to the (single) listed base, it included: "01.04.00.05 or earlier"
    NONE = "none"  # no earlier firmware is required (the FIR's `N/A`)
    UNREAD = "not understood"  # a statement with a requirement's cues the reader could not take apart:
    # listed for a person to read (needs_reading.csv), never proposed


@dataclass(frozen=True)
class VersionRef:
    """A firmware version as a document wrote it, and the CPL form it stands for when that is known.

    `version` is None when the written form cannot be tied to a CPL firmware version without
    guessing (a display version the document never pairs with its hex form); `note` says why, or how
    it was tied.
    """

    text: str
    version: FirmwareVersion | None
    note: str = ""
    # the product words the document put before the version ("Ceph 17.2", "Nexus 2.x"): a version named
    # with another product's name is no base of this device (mapping checks it against the CPL)
    named_with: str = ""
    and_later: bool = False  # a target written as "8.0 and later": every release from it on
    # False when the document's own reader says the text is not to be read as a version at all (a
    # formula never evaluated, a returned template's edited row): mapping reports `note`, never guesses
    readable: bool = True
    through: VersionRef | None = None  # a target written as a range, "4.2 - 4.5": every release up to this one
    # the CPL Entry ID the document gives for this firmware (a return shaped like the FIR names entries, not
    # versions); mapping takes that entry, and `text`, when it is a version, must be the entry's firmware
    entry_id: str = ""


@dataclass(frozen=True)
class DeviceRef:
    """The device a statement is about, as the document names it (names or hex identifiers)."""

    manufacturer: str
    model: str
    hardware_version: str = ""  # empty when the document does not say
    # Where else the document names its device, for mapping to find CPL names and identifiers in:
    # title, file name and folders, headings, email subject, sender and signature, the table's title
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """One stated base-version requirement: `target` may be applied only on top of `bases`."""

    device: DeviceRef
    target: VersionRef
    bases: tuple[VersionRef, ...]
    relation: Relation
    evidence: Evidence
    source_kind: SourceKind
    # In an email chain the newest statement wins: an older, quoted statement about the same target
    # is kept (for the record) but marked superseded and not proposed.
    superseded: bool = False
    note: str = ""  # how the statement was read (its cue), or for UNREAD why it was not understood

    @property
    def claim_id(self) -> str:
        """Stable identity: the same statement in the same document always gets the same id."""
        payload = json.dumps(
            [
                [self.device.manufacturer, self.device.model, self.device.hardware_version],
                self.evidence.sha256,
                self.evidence.location,
                self.evidence.text,
                self.target.text,
                [b.text for b in self.bases],
                self.relation.value,
            ]
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(part)) if part.isdecimal() else (1, part) for part in re.split(r"(\d+)", text) if part)


@dataclass(frozen=True)
class UpgradePath:
    """The FIR's Firmware Upgrade Path value: CPL Entry IDs joined by `; `, or `N/A` when empty.

    `blank` is the one value that is no path: an empty FIR cell, as a value to write. Only a withdrawal
    proposes it (restoring the blank a published change had filled); a blank cell read from the FIR
    is `None`, as `parse` gives it.
    """

    entry_ids: tuple[str, ...] = ()
    blank: bool = False

    NOT_APPLICABLE = "N/A"
    SEPARATOR = "; "

    def __post_init__(self) -> None:
        # One canonical order (natural: "C99" before "C100") so equal sets are equal paths.
        canonical = tuple(sorted(set(self.entry_ids), key=_natural_key))
        object.__setattr__(self, "entry_ids", canonical)
        if self.blank and canonical:
            raise ValueError("a blank upgrade path names no entries")

    @classmethod
    def parse(cls, text: str | None) -> UpgradePath | None:
        """The FIR cell as a path; None for a blank cell (nothing recorded yet)."""
        if text is None:
            return None
        text = str(text).strip()
        if not text or text.lower() == "nan":
            return None
        if text.upper() == cls.NOT_APPLICABLE:
            return cls(())
        parts = [p.strip() for p in text.replace(",", ";").split(";")]
        return cls(tuple(p for p in parts if p))

    def __str__(self) -> str:
        if self.blank:
            return ""
        return self.SEPARATOR.join(self.entry_ids) if self.entry_ids else self.NOT_APPLICABLE


BLANK_PATH = UpgradePath(blank=True)


@dataclass(frozen=True)
class MappedClaim:
    """A claim whose device, target and bases all resolved to CPL entries."""

    claim: Claim
    target: CplEntry
    bases: tuple[CplEntry, ...]  # ordered oldest first; empty for Relation.NONE

    @property
    def path(self) -> UpgradePath:
        return UpgradePath(tuple(b.entry_id for b in self.bases))


@dataclass(frozen=True)
class UnmappedClaim:
    """A claim that names something no CPL entry matches; never guessed into a near miss."""

    claim: Claim
    reason: str


@dataclass(frozen=True)
class NeedsReading:
    """A statement with a requirement's cues, about a version of its device, that the reader could not
    take apart: a person reads it (needs_reading.csv, the review app); nothing is proposed from it."""

    claim: Claim
    why: str


class ChangeKind(StrEnum):
    ADD = "add"  # the FIR has no upgrade path for the entry yet
    MODIFY = "modify"  # the FIR holds a different path
    UNCHANGED = "unchanged"  # the FIR already holds this path
    CONFLICT = "conflict"  # sources disagree: a reviewer must choose


@dataclass(frozen=True)
class Alternative:
    """One candidate path and the claims that support it."""

    path: UpgradePath
    claims: tuple[MappedClaim, ...]


class ProposalKind(StrEnum):
    """Where a proposal comes from when no document stated it: SECAS, in the review app or on the
    command line (MP231: SECAS may edit any entry's path, and withdraw a published change)."""

    EDIT = "SECAS edit"  # a path for any entry: a phone call, a path found wrong in the field
    WITHDRAWAL = "withdrawal"  # restores the value a published change replaced


@dataclass(frozen=True)
class ProposalOrigin:
    """Who proposed a SECAS edit or withdrawal, when and why, and the file that backs it."""

    kind: ProposalKind
    edit_id: int  # the edit's number in the store: two identical edits are two proposals
    proposed_by: str  # the reviewer who proposed it: never its sole approver
    proposed_at: datetime  # timezone-aware, UTC
    reason: str
    evidence_name: str = ""  # an attached file (an email, a letter), kept content-addressed
    evidence_sha256: str = ""
    withdraws: str = ""  # a withdrawal: the published change it undoes, in words


@dataclass(frozen=True)
class ProposedChange:
    """What firpath proposes for one CPL entry's upgrade path, with everything a reviewer needs."""

    target: CplEntry
    current: UpgradePath | None  # None: blank in the FIR (or no FIR row)
    alternatives: tuple[Alternative, ...]  # one when sources agree; several when they conflict
    change: ChangeKind
    review_flags: tuple[str, ...] = field(default=())  # failed expectations: review with care
    origin: ProposalOrigin | None = None  # a SECAS edit or withdrawal; None: read from documents

    @property
    def proposed(self) -> UpgradePath | None:
        """The proposed path; None for a conflict, where only a reviewer may choose."""
        return self.alternatives[0].path if self.change is not ChangeKind.CONFLICT else None

    @property
    def claims(self) -> tuple[MappedClaim, ...]:
        return tuple(c for alt in self.alternatives for c in alt.claims)

    @functools.cached_property
    def content_hash(self) -> str:
        """The proposal's identity: what a reviewer approved. An approval is for this hash.

        It covers the entry, the FIR value and each alternative's path with, per claim, the statement,
        where it was read and the file as its sender named it (`Evidence.file_as_written`) and its
        kind. New evidence, another statement, a changed CPL entry or FIR value give a new hash, and
        the proposal needs review again. File bytes, hashes and claim ids are left out, and a
        statement received twice counts once: a release note re-saved, re-sent or forwarded again
        says nothing new and keeps its approvals. Review flags are left out too (they follow from
        the rest); so are the order sources were read in and display names. Computed once per
        object (the fields are frozen): a large import asks for it several times per row.
        """
        entry = self.target
        alternatives = sorted(
            [list(alt.path.entry_ids),
             sorted({(c.claim.evidence.text, c.claim.evidence.location, c.claim.evidence.file_as_written,
                      c.claim.source_kind.value) for c in alt.claims})]  # fmt: skip
            for alt in self.alternatives
        )
        content = {
            "entry": [entry.entry_id, entry.manufacturer_id, entry.model_id, entry.hardware_version,
                      entry.firmware_version.text],  # fmt: skip
            "current": None if self.current is None else list(self.current.entry_ids),
            "alternatives": alternatives,
        }
        if (origin := self.origin) is not None:  # a SECAS edit: who proposed what, why, on what evidence
            content["origin"] = [origin.kind.value, origin.edit_id, origin.proposed_by, origin.proposed_at.isoformat(),
                                 origin.reason, origin.evidence_sha256, [p.blank for p in (a.path for a in self.alternatives)]]  # fmt: skip
        payload = json.dumps(content, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:20]


class ReviewAction(StrEnum):
    APPROVE = "approve"  # approve the proposed path (or the path a correction set)
    REJECT = "reject"  # do not apply anything; a reason is required
    CORRECT = "correct"  # set the path explicitly (entries of the same model and hardware only)


@dataclass(frozen=True)
class ReviewDecision:
    """One reviewer's decision on one proposal, as recorded in the append-only decision log."""

    cpl_entry_id: str
    proposal_hash: str  # ProposedChange.content_hash of what the reviewer saw
    action: ReviewAction
    reviewer: str
    decided_at: datetime  # timezone-aware, UTC
    path: UpgradePath | None = None  # CORRECT: the path set; APPROVE: the path approved
    reason: str = ""
    channel: str = "web"  # "web", "excel" or "cli"
