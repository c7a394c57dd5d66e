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


# --- #17: SECAS edits on the command line -------------------------------------------------------------


def test_a_secas_edit_proposed_on_the_command_line_is_approved_through_excel_published_and_withdrawn(workdir, tmp_path):
    import hashlib
    import json

    from tests.firpath.publish.publish_builders import read_csv

    letter = tmp_path / "Acme letter.txt"
    letter.write_text("AM-E200 1.4.0 (01040000) may only be installed on 1.3.0 (01030000).\n", encoding="utf-8")
    proposed = firpath("review", "propose", "E5", "--path", "E4", "--reason", "Acme's letter of 2 May", "--evidence", letter,
                       "--reviewer", "alice", "--workdir", workdir, input=PASSWORDS["alice"] + "\n")  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    assert "Proposed SECAS edit 1 of E5: blank -> E4; pending, waiting for an approval" in proposed.output
    refused = firpath("review", "propose", "E5", "--path", "E4", "--reason", "again", "--reviewer", "alice",
                      "--workdir", workdir, input="not-her-password\n")  # fmt: skip
    assert refused.exit_code == 2 and "wrong name or password" in refused.output

    # alice alone is not enough (she proposed it); bob approves it in the workbook
    alone = exported_with(workdir, tmp_path, {"E5": "approve"})
    by_alice = firpath("review", "import", alone, "--reviewer", "alice", "--workdir", workdir, input=PASSWORDS["alice"] + "\n")
    assert "CPL entry E5 approve -> needs another approval (waiting for an approver other than alice" in by_alice.output
    approved = firpath("review", "import", alone, "--reviewer", "bob", "--workdir", workdir, input=PASSWORDS["bob"] + "\n")
    assert approved.exit_code == 0 and "CPL entry E5 approve -> approved" in approved.output, approved.output

    out = tmp_path / "signed-off"
    assert firpath("publish", "--out", out, "--workdir", workdir).exit_code == 0
    rows = {r[0]: r for r in read_csv(out / "fir_upgrade_path_changes.csv")[1:]}
    assert rows["E5"][2] == "E4"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [row] = [r for r in manifest["rows"] if r["entry_id"] == "E5"]
    secas = row["proposed_by_secas"]
    assert (secas["kind"], secas["by"], secas["reason"]) == ("SECAS edit", "alice", "Acme's letter of 2 May")
    assert secas["evidence"] == {"file": "Acme letter.txt", "sha256": hashlib.sha256(letter.read_bytes()).hexdigest()}
    assert [a["reviewer"] for a in row["approvals"]] == ["alice", "bob"]
    verified = firpath("verify", "--out", out, "--workdir", workdir)
    assert verified.exit_code == 0, verified.output

    # withdrawn: back to blank, which changes a value the FIR now holds: two approvers
    withdrawn = firpath("review", "propose", "E5", "--withdraw", "--reason", "the letter was for HW 0001", "--reviewer", "bob",
                        "--workdir", workdir, input=PASSWORDS["bob"] + "\n")  # fmt: skip
    assert withdrawn.exit_code == 0 and "Proposed withdrawal 2 of E5: E4 -> blank" in withdrawn.output, withdrawn.output
    back = exported_with(workdir, tmp_path, {"E5": "approve"})
    first = firpath("review", "import", back, "--reviewer", "alice", "--workdir", workdir, input=PASSWORDS["alice"] + "\n")
    assert "CPL entry E5 approve -> needs another approval" in first.output, first.output
    second = firpath("review", "import", back, "--reviewer", "bob", "--workdir", workdir, input=PASSWORDS["bob"] + "\n")
    assert "CPL entry E5 approve -> approved" in second.output, second.output
    assert firpath("publish", "--out", out, "--workdir", workdir).exit_code == 0
    rows = {r[0]: r for r in read_csv(out / "fir_upgrade_path_changes.csv")[1:]}
    assert rows["E5"][2] == ""
    assert firpath("verify", "--out", out, "--workdir", workdir).exit_code == 0
