"""`firpath review` as people type it: every decision by an authenticated reviewer, whatever the channel,
and reviewer accounts that only an admin manages.

Each workdir holds a small finished run (tests/firpath/publish/publish_builders.py): E3's FIR value is
E1 and the run proposes E2, so approving it takes two different reviewers. Passwords go in on
standard input, one per line, as a script would give them (never on the command line).
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from firpath.cli import app
from firpath.review.accounts import add_user
from firpath.review.board import ReviewBoard
from firpath.review.rules import ReviewState
from firpath.review.workbook import REVIEW_SHEET, WORKBOOK_COLUMNS
from staging.engine import StagingError
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore
from tests.firpath.publish.publish_builders import REVIEWER_PASSWORDS as PASSWORDS
from tests.firpath.publish.publish_builders import SMALL_FIR, SmallRun, build_small_board

pytestmark = pytest.mark.integration

MODIFY_E3 = tuple(("E3", "plain", "E1", "+44 20 0000") if row[0] == "E3" else row for row in SMALL_FIR)


def firpath(*args: str, input: str | None = None):  # noqa: A002 (CliRunner's own word)
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A finished run imported by nobody; alice (the first reviewer, so an admin) and bob registered."""
    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    root = tmp_path / "wd"
    root.mkdir()
    build_small_board(root, SmallRun(fir_rows=MODIFY_E3, imported_by="", reviewers=("alice", "bob"))).store.close()
    return root


def board_of(workdir: Path) -> tuple[StagingStore, ReviewBoard]:
    store = StagingStore.open(store_url(workdir, StoreSettings(url=None)))
    return store, ReviewBoard.open(store)


def decisions_in(workdir: Path) -> list:
    store, _ = board_of(workdir)
    try:
        return store.reviews.decisions()
    finally:
        store.close()


def exported_with(workdir: Path, tmp_path: Path, decisions: dict[str, str]) -> Path:
    """`firpath review export`, then the decision column filled in as a reviewer would."""
    exported = tmp_path / "review.xlsx"
    assert firpath("review", "export", "--out", exported, "--workdir", workdir).exit_code == 0
    book = load_workbook(exported)
    sheet = book[REVIEW_SHEET]
    entry_col, decision_col = WORKBOOK_COLUMNS.index("cpl_entry_id") + 1, WORKBOOK_COLUMNS.index("decision") + 1
    for row in range(2, sheet.max_row + 1):
        entry = sheet.cell(row, entry_col).value
        if entry in decisions:
            sheet.cell(row, decision_col).value = decisions[entry]
    returned = tmp_path / "returned.xlsx"
    book.save(returned)
    return returned


# --- #15.1: the Excel channel knows who the reviewer is ------------------------------------------------


def test_an_import_under_another_reviewers_name_needs_that_reviewers_password(workdir, tmp_path):
    """The attack: one person imports the same workbook as alice, then as bob, and a change to a
    non-empty FIR value passes four eyes with one pair of eyes."""
    returned = exported_with(workdir, tmp_path, {"E3": "approve"})
    first = firpath("review", "import", returned, "--reviewer", "alice", "--workdir", workdir,
                    input=PASSWORDS["alice"] + "\n")  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "accepted row" in first.output and "needs another approval" in first.output

    second = firpath("review", "import", returned, "--reviewer", "bob", "--workdir", workdir,
                     input=PASSWORDS["alice"] + "\n")  # alice does not know bob's password  # fmt: skip
    assert second.exit_code == 2
    assert "wrong name or password" in second.output
    assert [d.reviewer for d in decisions_in(workdir)] == ["alice"]
    store, board = board_of(workdir)
    with store:
        assert board.status("E3").state is ReviewState.NEEDS_APPROVAL


@pytest.mark.parametrize(
    ("reviewer", "password"),
    [("ghost", "any-password-1"), ("alice", "not-her-password"), ("alice", ""), ("al\x07ice", PASSWORDS["alice"])],
    ids=["unknown", "wrong-password", "no-password", "control-character"],
)
def test_an_import_by_anyone_but_a_registered_reviewer_with_the_password_records_nothing(
    workdir, tmp_path, reviewer, password
):
    returned = exported_with(workdir, tmp_path, {"E3": "approve", "E2": "approve"})
    result = firpath("review", "import", returned, "--reviewer", reviewer, "--workdir", workdir, input=password + "\n")
    assert result.exit_code == 2, result.output
    assert "accepted" not in result.output.lower()
    assert decisions_in(workdir) == []


def test_a_decision_is_recorded_under_the_accounts_own_name_however_it_was_typed(workdir, tmp_path):
    returned = exported_with(workdir, tmp_path, {"E2": "approve"})
    result = firpath("review", "import", returned, "--reviewer", "ALICE", "--workdir", workdir,
                     input=PASSWORDS["alice"] + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [d.reviewer for d in decisions_in(workdir)] == ["alice"]


def test_reviewer_names_are_unique_whatever_their_case_and_printable(workdir):
    store, _ = board_of(workdir)
    with store:
        alice = store.reviews.user("alice")
        add_user(store, "Ghost1", "ghost-password-1", by=alice)
        with pytest.raises(StagingError, match="exists already"):
            add_user(store, "ghost1", "ghost-password-2", by=alice)
        for bad in ("gh\x00ost", "gh\u202eost", "gh\tost"):
            with pytest.raises(ValueError, match="printable"):
                add_user(store, bad, "ghost-password-3", by=alice)


# --- #15.8: reviewer administration -------------------------------------------------------------------


def test_the_first_reviewer_is_an_admin_and_every_later_one_needs_an_admin(tmp_path, monkeypatch):
    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    wd = tmp_path / "fresh"
    first = firpath("review", "add-user", "alice", "--workdir", wd, input=PASSWORDS["alice"] + "\n")
    assert first.exit_code == 0, first.output
    assert "admin" in first.output

    unauthorised = firpath("review", "add-user", "bob", "--workdir", wd, input=PASSWORDS["bob"] + "\n")
    assert unauthorised.exit_code == 2 and "--by" in unauthorised.output

    wrong = firpath("review", "add-user", "bob", "--by", "alice", "--workdir", wd,
                    input=f"{PASSWORDS['bob']}\nnot-alices-password\n")  # fmt: skip
    assert wrong.exit_code == 2 and "wrong name or password" in wrong.output

    added = firpath("review", "add-user", "bob", "--by", "alice", "--workdir", wd,
                    input=f"{PASSWORDS['bob']}\n{PASSWORDS['alice']}\n")  # fmt: skip
    assert added.exit_code == 0, added.output

    not_admin = firpath("review", "add-user", "carol", "--by", "bob", "--workdir", wd,
                        input=f"{PASSWORDS['carol']}\n{PASSWORDS['bob']}\n")  # fmt: skip
    assert not_admin.exit_code == 2 and "not an admin" in not_admin.output

    listed = firpath("review", "list-users", "--workdir", wd)
    assert listed.exit_code == 0, listed.output
    lines = {line.split()[0]: line for line in listed.output.splitlines()[1:] if line.strip()}
    assert set(lines) == {"alice", "bob"}
    assert "admin" in lines["alice"] and "active" in lines["alice"]
    assert "admin" not in lines["bob"] and "never" in lines["bob"]


def test_a_disabled_reviewer_cannot_decide_and_a_reset_password_replaces_the_old_one(workdir, tmp_path):
    returned = exported_with(workdir, tmp_path, {"E2": "approve"})
    assert firpath("review", "disable-user", "bob", "--by", "alice", "--workdir", workdir,
                   input=PASSWORDS["alice"] + "\n").exit_code == 0  # fmt: skip
    refused = firpath("review", "import", returned, "--reviewer", "bob", "--workdir", workdir, input=PASSWORDS["bob"] + "\n")
    assert refused.exit_code == 2 and decisions_in(workdir) == []
    listed = firpath("review", "list-users", "--workdir", workdir).output
    assert "disabled" in next(line for line in listed.splitlines() if line.startswith("bob"))

    reset = firpath("review", "reset-password", "alice", "--by", "alice", "--workdir", workdir,
                    input=f"alice-new-password-9\n{PASSWORDS['alice']}\n")  # fmt: skip
    assert reset.exit_code == 0, reset.output
    old = firpath("review", "import", returned, "--reviewer", "alice", "--workdir", workdir, input=PASSWORDS["alice"] + "\n")
    assert old.exit_code == 2
    new = firpath("review", "import", returned, "--reviewer", "alice", "--workdir", workdir, input="alice-new-password-9\n")
    assert new.exit_code == 0, new.output


def test_the_staging_store_is_readable_by_its_owner_only(workdir):
    for name in ("staging.sqlite", "staging.sqlite-wal", "staging.sqlite-shm"):
        path = workdir / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{name} is {oct(path.stat().st_mode)}"
