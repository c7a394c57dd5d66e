"""Reconcile (agreeing and conflicting sources per entry) and the diff against the FIR."""

from __future__ import annotations

import pytest

from firpath.domain import Alternative, ChangeKind, CplEntry, MappedClaim, Relation, SourceKind, UpgradePath
from firpath.stages.diff import change_kind, proposed_changes
from firpath.stages.mapping import CplIndex, map_claim
from firpath.stages.reconcile import alternatives_by_entry
from tests.builders import claim, cpl_entry, mapped

pytestmark = pytest.mark.unit

E1 = cpl_entry("E1", "01000000")
E2 = cpl_entry("E2", "01010000")
E3 = cpl_entry("E3", "01020000")
E4 = cpl_entry("E4", "01030000")


def path(*ids: str) -> UpgradePath:
    return UpgradePath(ids)


def from_pdf(target: CplEntry, bases: list[CplEntry], **fields: object) -> MappedClaim:
    defaults = {"file": "notes.pdf", "sha256": "a" * 64, "source_kind": SourceKind.RELEASE_NOTE}
    return mapped(target, bases, **{**defaults, **fields})


def from_mail(target: CplEntry, bases: list[CplEntry], **fields: object) -> MappedClaim:
    defaults = {"file": "mail.eml", "sha256": "b" * 64, "location": "email body", "source_kind": SourceKind.EMAIL}
    return mapped(target, bases, **{**defaults, **fields})


def from_sheet(target: CplEntry, bases: list[CplEntry], **fields: object) -> MappedClaim:
    defaults = {"file": "map.xlsx", "sha256": "c" * 64, "location": "sheet 'Paths' row 4",
                "source_kind": SourceKind.SPREADSHEET}  # fmt: skip
    return mapped(target, bases, **{**defaults, **fields})


# --- alternatives_by_entry ----------------------------------------------------------------------------


def test_agreeing_sources_merge_into_one_alternative_with_every_claim() -> None:
    claims = [from_pdf(E3, [E1, E2]), from_mail(E3, [E2, E1]), from_sheet(E3, [E1, E2])]
    assert alternatives_by_entry(claims) == {"E3": (Alternative(path("E1", "E2"), tuple(claims)),)}


def test_disagreeing_sources_give_one_alternative_each_best_supported_first() -> None:
    pdf, mail, sheet = from_pdf(E3, [E2]), from_mail(E3, [E1]), from_sheet(E3, [E1])
    assert alternatives_by_entry([pdf, mail, sheet]) == {
        "E3": (Alternative(path("E1"), (mail, sheet)), Alternative(path("E2"), (pdf,))),
    }


def test_equally_supported_alternatives_are_ordered_by_path_text() -> None:
    none, e2, e1 = from_pdf(E3, []), from_mail(E3, [E2]), from_sheet(E3, [E1])
    alternatives = alternatives_by_entry([none, e2, e1])["E3"]
    assert [str(a.path) for a in alternatives] == ["E1", "E2", "N/A"]


def test_superseded_claims_take_no_part() -> None:
    newer = from_mail(E3, [E2], location="email body")
    older = from_mail(E3, [E1], location="email body, quoted message 1", superseded=True)
    assert alternatives_by_entry([older, newer]) == {"E3": (Alternative(path("E2"), (newer,)),)}


def test_an_entry_spoken_of_only_by_superseded_claims_has_no_alternatives() -> None:
    assert alternatives_by_entry([from_mail(E3, [E1], superseded=True)]) == {}


def test_claims_about_different_entries_stay_apart() -> None:
    a, b = from_pdf(E2, [E1]), from_pdf(E3, [E2])
    assert alternatives_by_entry([a, b]) == {
        "E2": (Alternative(path("E1"), (a,)),),
        "E3": (Alternative(path("E2"), (b,)),),
    }


def test_an_exact_and_a_minimum_claim_that_expand_to_the_same_set_agree() -> None:
    index = CplIndex.of([E1, E2, E3, E4])
    (exact,) = map_claim(claim(target="01030000", bases=["01010000", "01020000"], relation=Relation.EXACT), index)
    (minimum,) = map_claim(
        claim(target="01030000", bases=["01010000"], relation=Relation.MINIMUM, file="mail.eml", sha256="b" * 64),
        index,
    )
    assert alternatives_by_entry([exact, minimum]) == {"E4": (Alternative(path("E2", "E3"), (exact, minimum)),)}


def test_a_minimum_that_expands_differently_conflicts_with_an_exact_claim() -> None:
    index = CplIndex.of([E1, E2, E3, E4])
    (exact,) = map_claim(claim(target="01030000", bases=["01020000"]), index)
    (minimum,) = map_claim(
        claim(target="01030000", bases=["01010000"], relation=Relation.MINIMUM, file="mail.eml", sha256="b" * 64), index
    )
    assert [a.path for a in alternatives_by_entry([exact, minimum])["E4"]] == [path("E2", "E3"), path("E3")]


def test_one_documents_statements_about_one_entry_add_up() -> None:
    """A table's rows "From E2" and "From E3" to E4 are one path of both bases, not a conflict."""
    index = CplIndex.of([E1, E2, E3, E4])
    (first,) = map_claim(claim(target="01030000", bases=["01010000"], location="page 2, table 1 row 1"), index)
    (second,) = map_claim(claim(target="01030000", bases=["01020000"], location="page 2, table 1 row 2"), index)
    assert alternatives_by_entry([first, second]) == {"E4": (Alternative(path("E2", "E3"), (first, second)),)}


# --- change_kind ------------------------------------------------------------------------------------


def alternatives(*paths: UpgradePath) -> tuple[Alternative, ...]:
    return tuple(Alternative(p, (from_pdf(E3, []),)) for p in paths)


@pytest.mark.parametrize(
    ("proposed", "current", "kind"),
    [
        ((path("E1", "E2"),), None, ChangeKind.ADD),
        ((path(),), None, ChangeKind.ADD),
        ((path("E1", "E2"),), path("E2", "E1"), ChangeKind.UNCHANGED),
        ((path(),), path(), ChangeKind.UNCHANGED),
        ((path("E1", "E2"),), path("E1"), ChangeKind.MODIFY),
        ((path(),), path("E1"), ChangeKind.MODIFY),
        ((path("E1"),), path(), ChangeKind.MODIFY),
        ((path("E1"), path("E2")), None, ChangeKind.CONFLICT),
        ((path("E1"), path("E2")), path("E1"), ChangeKind.CONFLICT),
    ],
    ids=[
        "add-blank", "add-na", "unchanged-any-order", "unchanged-na", "modify", "modify-to-na", "modify-from-na",
        "conflict-blank", "conflict-even-if-one-matches",
    ],
)  # fmt: skip
def test_change_kind(proposed: tuple[UpgradePath, ...], current: UpgradePath | None, kind: ChangeKind) -> None:
    assert change_kind(alternatives(*proposed), current) is kind


# --- proposed_changes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fir", "kind"),
    [
        ({}, ChangeKind.ADD),  # no FIR row
        ({"E3": None}, ChangeKind.ADD),  # blank FIR cell
        ({"E3": UpgradePath.parse("E2; E1")}, ChangeKind.UNCHANGED),
        ({"E3": UpgradePath.parse("E2,E1")}, ChangeKind.UNCHANGED),
        ({"E3": UpgradePath.parse("E1")}, ChangeKind.MODIFY),
        ({"E3": UpgradePath.parse("N/A")}, ChangeKind.MODIFY),
    ],
    ids=["absent", "blank", "equal", "equal-comma", "modify", "modify-na"],
)
def test_proposed_changes_against_the_fir(fir: dict[str, UpgradePath | None], kind: ChangeKind) -> None:
    claim_ = from_pdf(E3, [E1, E2])
    (change,) = proposed_changes(alternatives_by_entry([claim_]), fir, {"E3": E3})
    assert change.change is kind
    assert change.current == fir.get("E3")
    assert change.proposed == path("E1", "E2")
    assert change.claims == (claim_,)
    assert change.review_flags == ()


def test_a_conflict_proposes_nothing_and_keeps_every_alternative() -> None:
    pdf, mail = from_pdf(E3, [E2]), from_mail(E3, [E1])
    (change,) = proposed_changes(alternatives_by_entry([pdf, mail]), {"E3": path("E2")}, {"E3": E3})
    assert change.change is ChangeKind.CONFLICT
    assert change.proposed is None
    assert change.current == path("E2")
    assert [a.path for a in change.alternatives] == [path("E1"), path("E2")]
    assert set(change.claims) == {pdf, mail}


def test_proposed_changes_in_cpl_order_maker_model_hardware_firmware() -> None:
    acme_hw1_new = cpl_entry("A9", "01020000", hardware="0001")
    acme_hw1_old = cpl_entry("A8", "01010000", hardware="0001")
    acme_hw2 = cpl_entry("A1", "01000000", hardware="0002")
    acme_g = cpl_entry("A0", "01000000", model_id="0102", hardware="0001", model_name="AM-G100")
    bolt = cpl_entry("B0", "00000001", manufacturer_id="20B1", model_id="0001", hardware="0001",
                     manufacturer_name="Bolt", model_name="G2")  # fmt: skip
    entries = [bolt, acme_g, acme_hw2, acme_hw1_new, acme_hw1_old]
    changes = proposed_changes(
        alternatives_by_entry([from_pdf(e, []) for e in entries]), {}, {e.entry_id: e for e in entries}
    )
    assert [c.target.entry_id for c in changes] == ["A8", "A9", "A1", "A0", "B0"]
    assert all(c.change is ChangeKind.ADD and c.proposed == path() for c in changes)


def test_only_entries_some_source_spoke_about_are_proposed() -> None:
    fir = {"E1": None, "E2": path("E1"), "E3": None}
    changes = proposed_changes(alternatives_by_entry([from_pdf(E2, [E1])]), fir, {e.entry_id: e for e in (E1, E2, E3)})
    assert [(c.target.entry_id, c.change) for c in changes] == [("E2", ChangeKind.UNCHANGED)]
