"""SECAS edits and publications in the store, on each backend: kept as proposed, append-only, the
proposer an active reviewer, the attached file content-addressed, blank values told from N/A."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from firpath.domain import BLANK_PATH, DocumentKind, UpgradePath
from staging.engine import StagingError
from staging.publications import ChangeToRecord
from staging.store import StagingStore
from tests.staging.conftest import register

pytestmark = pytest.mark.unit


def test_an_edit_is_kept_as_proposed_with_its_file_content_addressed(store: StagingStore) -> None:
    register(store, "ana")
    before = datetime.now(UTC)
    letter = b"%PDF-1.7 the maker's letter"
    edit = store.edits.propose(cpl_entry_id="E-13", kind="edit", path=UpgradePath(("E-11", "E-10")), current=None,
                               reason="the maker's letter", proposed_by="ana", evidence=("letter.pdf", letter, DocumentKind.PDF))  # fmt: skip
    again = store.edits.propose(cpl_entry_id="E-13", kind="edit", path=UpgradePath(()), current=UpgradePath(("E-10",)),
                                reason="N/A after all", proposed_by="ana", evidence=("copy.pdf", letter, DocumentKind.PDF))  # fmt: skip
    assert again.edit_id > edit.edit_id
    assert store.edits.edits() == [edit, again] and store.edits.edits(["E-13"]) == [edit, again]
    assert store.edits.edits(["E-99"]) == [] and store.edits.edit(edit.edit_id) == edit
    assert (str(edit.path), edit.current, str(again.path), str(again.current)) == ("E-10; E-11", None, "N/A", "E-10")
    assert before <= edit.proposed_at <= datetime.now(UTC) and edit.proposed_at.tzinfo is not None
    assert store.documents.content(edit.evidence_sha256) == letter  # stored once for both
    assert store.counts().documents == 1
    assert list(store.integrity_check().problems) == []


def test_a_withdrawal_may_restore_a_blank_and_names_the_change_it_undoes(store: StagingStore) -> None:
    register(store, "ana")
    run = store.runs.begin_run("/inbox", {})
    store.runs.finish_run(run, {})
    at = datetime(2025, 5, 2, 9, tzinfo=UTC)
    store.publications.record(run, at, "/out", "f" * 64, [ChangeToRecord("E-13", None, UpgradePath(("E-10",)), "h" * 20, "document")])
    store.publications.record(run, at, "/out", "f" * 64, [ChangeToRecord("E-13", None, UpgradePath(("E-10",)), "h" * 20, "document")])
    [change] = store.publications.changes(["E-13"])  # published twice, listed once
    assert (change.old, str(change.new), change.origin) == (None, "E-10", "document")
    withdrawal = store.edits.propose(cpl_entry_id="E-13", kind="withdrawal", path=BLANK_PATH, current=change.new,
                                     reason="a draft", proposed_by="ana", withdraws=change.change_id)  # fmt: skip
    assert store.edits.edit(withdrawal.edit_id).path == BLANK_PATH and withdrawal.withdraws == change.change_id
    store.publications.record(run, at, "/out", "e" * 64, [ChangeToRecord("E-13", change.new, BLANK_PATH, "w" * 20, "withdrawal")])
    assert [str(c.new) for c in store.publications.changes(["E-13"])] == ["E-10", ""]
    assert list(store.integrity_check().problems) == []


def test_only_an_active_reviewer_proposes_an_edit(store: StagingStore) -> None:
    register(store, "ana")
    store.reviews.disable_user("ana", by="admin")
    for name in ("ana", "ghost"):
        with pytest.raises(StagingError, match="is not an active reviewer"):
            store.edits.propose(cpl_entry_id="E-13", kind="edit", path=UpgradePath(()), current=None, reason="r",
                                proposed_by=name)  # fmt: skip
    assert store.edits.edits() == []
