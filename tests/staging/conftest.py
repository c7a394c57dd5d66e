"""Fixtures for the staging store tests: a store on a tmp_path SQLite file, and domain samples."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from firpath.domain import (
    Alternative,
    ChangeKind,
    Claim,
    CplEntry,
    DeviceRef,
    Document,
    DocumentKind,
    Evidence,
    FirmwareVersion,
    MappedClaim,
    ProposedChange,
    Relation,
    SourceKind,
    UnmappedClaim,
    UpgradePath,
    VersionRef,
)
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore

MakeDocument = Callable[..., Document]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return store_url(tmp_path / "work", StoreSettings(url=None))


@pytest.fixture
def store(db_url: str) -> Iterator[StagingStore]:
    with StagingStore.open(db_url) as opened:
        yield opened


def _make_document(
    name: str,
    data: bytes,
    kind: DocumentKind = DocumentKind.PDF,
    parent: Document | None = None,
) -> Document:
    return Document(
        name=name,
        data=data,
        kind=kind,
        sha256=Document.sha256_of(data),
        parent_sha256=parent.sha256 if parent is not None else None,
    )


@pytest.fixture
def make_document() -> MakeDocument:
    return _make_document


def entry(entry_id: str, firmware: str, model: str = "0002") -> CplEntry:
    return CplEntry(
        entry_id=entry_id,
        manufacturer_id="0001",
        model_id=model,
        hardware_version="0003",
        firmware_version=FirmwareVersion(firmware),
        manufacturer_name="Acme",
        model_name="Meter 2",
        device_type="meter",
    )


@dataclass(frozen=True)
class Samples:
    """One of each result type, related the way the pipeline relates them."""

    claim: Claim
    email_claim: Claim
    mapped: MappedClaim
    unmapped: UnmappedClaim
    proposal: ProposedChange
    conflict: ProposedChange


@pytest.fixture
def samples() -> Samples:
    claim = Claim(
        device=DeviceRef("Acme", "Meter 2", "HW 3"),
        target=VersionRef("01.03.00.01", FirmwareVersion("01030001"), "dotted octets"),
        bases=(
            VersionRef("0x01020000", FirmwareVersion("01020000")),
            VersionRef("1.2.5", None, "display version never paired with a CPL version"),
        ),
        relation=Relation.EXACT,
        evidence=Evidence(
            "notes/acme.pdf", "a" * 64, "page 2", "1.3.1 requires 1.2.0 or 1.2.5 — “Zähler”"
        ),
        source_kind=SourceKind.RELEASE_NOTE,
    )
    email_claim = Claim(
        device=DeviceRef("0x0001", "0x0002"),
        target=VersionRef("01030001", FirmwareVersion("01030001")),
        bases=(),
        relation=Relation.NONE,
        evidence=Evidence("mail.eml", "b" * 64, "email body, quoted reply 1", "no base needed"),
        source_kind=SourceKind.EMAIL,
        superseded=True,
    )
    target = entry("E-13", "01030001")
    bases = (entry("E-10", "01020000"), entry("E-11", "01020005"))
    mapped = MappedClaim(claim, target, bases)
    other = MappedClaim(email_claim, target, ())
    proposal = ProposedChange(
        target=target,
        current=None,
        alternatives=(Alternative(mapped.path, (mapped,)),),
        change=ChangeKind.ADD,
    )
    conflict = ProposedChange(
        target=entry("E-14", "01040000"),
        current=UpgradePath(()),
        alternatives=(
            Alternative(UpgradePath(("E-11", "E-10")), (mapped,)),
            Alternative(UpgradePath(()), (other,)),
        ),
        change=ChangeKind.CONFLICT,
        review_flags=("sources disagree", "base newer than target?"),
    )
    return Samples(
        claim=claim,
        email_claim=email_claim,
        mapped=mapped,
        unmapped=UnmappedClaim(email_claim, "no CPL entry for model 0x0002 hardware ''"),
        proposal=proposal,
        conflict=conflict,
    )
