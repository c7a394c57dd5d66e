"""A proposal's identity (`ProposedChange.content_hash`) is what a reviewer approved: the entry, the FIR
value, each path and, per claim, the statement, where it was read and the file as its sender named
it (#15.10). File bytes, hashes and claim ids are not part of it, so an identical re-send keeps its
approvals; anything a reviewer would read differently is."""

from __future__ import annotations

from dataclasses import replace

import pytest

from firpath.domain import Alternative, MappedClaim, ProposedChange, SourceKind, UpgradePath
from tests.builders import cpl_entry, mapped_claim_of, proposal

pytestmark = pytest.mark.unit

BASE, OTHER, TARGET = cpl_entry("1103", "01020000"), cpl_entry("1102", "01010003"), cpl_entry("1104", "01020005")


def with_evidence(claim: MappedClaim, **evidence: str) -> MappedClaim:
    return replace(claim, claim=replace(claim.claim, evidence=replace(claim.claim.evidence, **evidence)))


def with_claims(p: ProposedChange, *claims: MappedClaim) -> ProposedChange:
    return replace(p, alternatives=(Alternative(p.alternatives[0].path, claims),))


@pytest.fixture
def approved() -> ProposedChange:
    return proposal(TARGET, [BASE])


def test_a_resaved_copy_of_the_same_note_is_the_same_proposal(approved):
    [claim] = approved.claims
    resaved = with_evidence(claim, sha256="f" * 64)  # new bytes (another save date), same text
    assert resaved.claim.claim_id != claim.claim.claim_id
    assert with_claims(approved, resaved).content_hash == approved.content_hash


def test_the_same_attachment_forwarded_again_is_the_same_proposal():
    note = mapped_claim_of(TARGET, [BASE], file="mail.eml > notes.pdf", location="page 2")
    forwarded = with_evidence(note, file="Fwd notes again.eml > notes.pdf", sha256="e" * 64)
    first = with_claims(proposal(TARGET, [BASE]), note)
    assert with_claims(first, forwarded).content_hash == first.content_hash
    # and received twice (both emails in the inbox) it says nothing new either
    assert with_claims(first, note, forwarded).content_hash == first.content_hash


@pytest.mark.parametrize(
    "change",
    [
        {"text": "Install 01020005 only on top of 01020000 or 01010003."},
        {"location": "page 3"},
        {"file": "other notes.pdf"},
    ],
    ids=["statement", "location", "file name"],
)
def test_what_a_reviewer_reads_is_part_of_the_identity(approved, change):
    [claim] = approved.claims
    assert with_claims(approved, with_evidence(claim, **change)).content_hash != approved.content_hash


def test_the_source_kind_new_evidence_the_path_and_the_fir_value_are_part_of_it(approved):
    [claim] = approved.claims
    as_email = replace(claim, claim=replace(claim.claim, source_kind=SourceKind.EMAIL))
    more = mapped_claim_of(TARGET, [BASE], file="map.xlsx", location="sheet 'Paths' row 7", text="10A7 0101 ...")
    hashes = {
        approved.content_hash,
        with_claims(approved, as_email).content_hash,
        with_claims(approved, claim, more).content_hash,
        replace(approved, alternatives=(Alternative(UpgradePath(("1102",)), (claim,)),)).content_hash,
        replace(approved, current=UpgradePath(("1102",))).content_hash,
        replace(approved, current=UpgradePath(())).content_hash,
    }
    assert len(hashes) == 6


def test_the_order_claims_and_alternatives_were_found_in_is_not(approved):
    one = mapped_claim_of(TARGET, [BASE], file="a.pdf")
    two = mapped_claim_of(TARGET, [BASE], file="b.pdf")
    assert with_claims(approved, one, two).content_hash == with_claims(approved, two, one).content_hash
    conflict = proposal(TARGET, [BASE], [OTHER])
    swapped = replace(conflict, alternatives=conflict.alternatives[::-1])
    assert swapped.content_hash == conflict.content_hash
