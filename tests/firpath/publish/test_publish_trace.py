"""`firpath verify` beyond the files: every published row traces to approvals in the decision log and
to the run's inputs. Each tampering below keeps the files consistent with the manifest (the hashes
recomputed, as someone rewriting a publication would), so only the trace can tell."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from firpath.domain import ReviewAction
from firpath.publish import export_problems, publish, read_manifest, trace_problems, verify_publication
from firpath.publish.files import sha256_file
from firpath.runtime.parquet import table_parquet_bytes
from tests.firpath.publish.publish_builders import SmallRun, decider, read_csv, table_bytes

pytestmark = pytest.mark.unit

CSV_NAME = "fir_upgrade_path_changes.csv"
PARQUET_NAME = "fir_upgrade_path_changes.parquet"


def _published(board, out: Path, decide=None):  # noqa: ANN001, ANN202
    """E3 approved by alice (with `decide`, so that its clock goes on) and published to `out`."""
    decide = decider(board) if decide is None else decide
    decide("E3", ReviewAction.APPROVE, "alice")
    result = publish(board, out)
    assert verify_publication(out) == [] and trace_problems(_manifest(out), board.store) == []
    return result


def _manifest(out: Path) -> dict:
    manifest, problems = read_manifest(out)
    assert problems == []
    return manifest


def _rewrite(out: Path, manifest: dict, csv_rows: list[list[str]] | None = None) -> None:
    """Write `manifest` (and the change CSV and its Parquet twin) back with the file hashes made to
    match again."""
    if csv_rows is not None:
        (out / CSV_NAME).write_bytes(table_bytes(csv_rows))
        (out / PARQUET_NAME).write_bytes(table_parquet_bytes(csv_rows[0], csv_rows[1:]))
        for name in (CSV_NAME, PARQUET_NAME):
            manifest["files"][name] = sha256_file(out / name)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    assert verify_publication(out) == []  # the files alone cannot tell


def test_a_rewritten_path_is_traced_to_the_approved_one(small_board, tmp_path):
    out = tmp_path / "out"
    _published(small_board, out)
    manifest = _manifest(out)
    manifest["rows"][0]["new_path"] = "E1"
    rows = read_csv(out / CSV_NAME)
    rows[1][2] = "E1"
    _rewrite(out, manifest, rows)
    assert trace_problems(_manifest(out), small_board.store) == [
        "row E3: publishes the path E1, but the decision log approved E2"
    ]


def test_a_row_nobody_approved_is_named(small_board, tmp_path):
    out = tmp_path / "out"
    _published(small_board, out)
    manifest = _manifest(out)
    smuggled = {**manifest["rows"][0], "entry_id": "E4", "new_path": "E3", "old_path": None, "in_fir_export": False}
    manifest["rows"].append(smuggled)
    _rewrite(out, manifest, [*read_csv(out / CSV_NAME), ["E4", "", "E3", ""]])
    [problem] = trace_problems(_manifest(out), small_board.store)
    assert problem.startswith("row E4: no approval in the decision log makes it publishable: as of 2024-05-01T09:01:00Z "
                              "it is pending")  # fmt: skip


def test_a_forged_approver_is_named(small_board, tmp_path):
    out = tmp_path / "out"
    _published(small_board, out)
    manifest = _manifest(out)
    manifest["rows"][0]["approvals"][0]["reviewer"] = "bob"
    _rewrite(out, manifest)
    assert trace_problems(_manifest(out), small_board.store) == [
        "row E3: approvals bob at 2024-05-01T09:01:00Z via web do not match the decision log's: "
        "alice at 2024-05-01T09:01:00Z via web"
    ]


def test_a_row_left_out_of_the_manifest_is_named(small_board, tmp_path):
    out = tmp_path / "out"
    decide = decider(small_board)
    decide("E4", ReviewAction.APPROVE, "alice")
    _published(small_board, out, decide)  # E3 and E4
    manifest = _manifest(out)
    manifest["rows"] = [r for r in manifest["rows"] if r["entry_id"] != "E4"]
    _rewrite(out, manifest, [r for r in read_csv(out / CSV_NAME) if r[0] != "E4"])
    problems = trace_problems(_manifest(out), small_board.store)
    assert "row E4: approved in the decision log as of 2024-05-01T09:02:00Z, but missing from the manifest" in problems


@pytest.mark.parametrize(("key", "label"), [("cpl_export", "CPL export"), ("fir_export", "FIR export")])
def test_a_manifest_naming_other_inputs_is_refused(small_board, tmp_path, key, label):
    out = tmp_path / "out"
    _published(small_board, out)
    manifest = _manifest(out)
    recorded = dict(manifest["inputs"][key])
    manifest["inputs"][key] = {"name": "export-2024-06.csv", "sha256": "ab" * 32}
    _rewrite(out, manifest)
    assert trace_problems(_manifest(out), small_board.store) == [
        f"manifest.json: names {label} 'export-2024-06.csv' (sha256 {'ab' * 32}), but run {small_board.run.run_id} "
        f"read {recorded['name']!r} (sha256 {recorded['sha256']})"
    ]


def test_documents_other_than_the_rows_evidence_are_named(small_board, tmp_path):
    out = tmp_path / "out"
    _published(small_board, out)
    manifest = _manifest(out)
    [cited] = manifest["inputs"]["documents"]
    manifest["inputs"]["documents"] = [{"file": "planted.pdf", "sha256": "cd" * 32, "received_as": ["planted.pdf"]}]
    _rewrite(out, manifest)
    assert trace_problems(_manifest(out), small_board.store) == [
        f"manifest.json: cites document 'planted.pdf' (sha256 {'cd' * 32}), which no published row of run "
        f"{small_board.run.run_id} cites",
        f"manifest.json: does not cite document {cited['file']!r} (sha256 {cited['sha256']}), the evidence of a "
        "published row",
    ]


def test_a_manifest_of_a_run_this_store_never_had(small_board, tmp_path):
    out = tmp_path / "out"
    _published(small_board, out)
    manifest = _manifest(out)
    manifest["run_id"] = "0" * 32
    assert trace_problems(manifest, small_board.store) == [
        f"manifest.json: run {'0' * 32} is not in this staging store (verify against the workdir it was published from)"
    ]


def test_decisions_after_publishing_leave_the_publication_traceable(small_board, tmp_path):
    out = tmp_path / "out"
    decide = decider(small_board)
    _published(small_board, out, decide)
    decide("E3", ReviewAction.REJECT, "bob", reason="wrong hardware")  # later: no longer publishable
    decide("E4", ReviewAction.APPROVE, "bob")
    assert trace_problems(_manifest(out), small_board.store) == []
    assert publish(small_board, tmp_path / "later").published == ("E4",)


def test_an_approval_removed_from_the_log_behind_its_back(small_board, tmp_path):
    out = tmp_path / "out"
    decide = decider(small_board)
    decide("E2", ReviewAction.APPROVE, "bob")
    _published(small_board, out, decide)  # E2 and E3
    decide("E4", ReviewAction.APPROVE, "bob")  # a later decision chains to E3's approval
    store_file = Path(small_board.store._engine.url.database)  # the builder's SQLite file
    with sqlite3.connect(store_file) as conn:
        conn.execute("DELETE FROM decisions WHERE cpl_entry_id = 'E3'")
    [problem] = trace_problems(_manifest(out), small_board.store)
    assert problem.startswith("row E3: no approval in the decision log makes it publishable")
    broken = small_board.store.reviews.decision_log_problems()
    assert any(p.endswith("does not follow decision before it (a row was removed or inserted?)") for p in broken), broken
    assert any("decisions were removed or rewritten" in p for p in broken), broken  # the publication's anchor


def test_exports_at_hand_are_checked_against_the_manifest(small_board, tmp_path):
    out = tmp_path / "out"
    _published(small_board, out)
    manifest = _manifest(out)
    cpl = tmp_path / "cpl.csv"
    cpl.write_bytes(small_board.store.documents.content(small_board.run.inputs["cpl_export"]))
    assert export_problems(manifest, {"cpl_export": cpl}) == []
    other = tmp_path / "fir-newer.csv"
    other.write_bytes(b"CPL Entry ID,Firmware Upgrade Path\r\nE1,N/A\r\n")
    [problem] = export_problems(manifest, {"fir_export": other})
    assert problem.startswith(f"{other}: this FIR export (sha256 ") and "is not the one the publication was made from ('fir.csv'" in problem


@pytest.mark.integration
def test_firpath_verify_names_each_problem_and_fails(small_board_factory, tmp_path, monkeypatch):
    from firpath.cli import app

    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    board = small_board_factory(SmallRun())
    workdir = Path(board.store._engine.url.database).parent
    out = tmp_path / "signed-off"
    _published(board, out)
    runner = CliRunner()
    ok = runner.invoke(app, ["verify", "--out", str(out), "--workdir", str(workdir)])
    assert ok.exit_code == 0, ok.output
    assert "every row traces to approvals in the decision log and to the run's inputs" in ok.output

    manifest = _manifest(out)
    manifest["rows"][0]["approvals"] = []
    _rewrite(out, manifest)
    (out / "report.html").write_text("<p>edited</p>", encoding="utf-8")
    fir = tmp_path / "fir.csv"
    fir.write_bytes(b"CPL Entry ID,Firmware Upgrade Path\r\n")
    failed = runner.invoke(app, ["verify", "--out", str(out), "--workdir", str(workdir), "--fir", str(fir)])
    assert failed.exit_code == 1
    lines = [line for line in failed.output.splitlines() if line.startswith("problem: ")]
    assert lines[0].startswith("problem: report.html: modified since publication")
    assert lines[1].startswith("problem: row E3: approvals none do not match the decision log's: alice at")
    assert lines[2].startswith(f"problem: {fir}: this FIR export")
    assert len(lines) == 3


# --- #15.3: a keyed, anchored decision log ----------------------------------------------------------


def _store_file(board) -> Path:  # noqa: ANN001
    return Path(board.store._engine.url.database)  # the builder's SQLite file


def _forge_chain(store_file: Path, edit) -> None:  # noqa: ANN001
    """Rewrite the decisions' payloads and recompute the chain as someone with the database and the
    source code (but not the key) would: sha256 of the previous hash and the payload."""
    import hashlib

    with sqlite3.connect(store_file) as conn:
        previous = "0" * 64
        for seq, payload in conn.execute("SELECT seq, payload FROM decisions ORDER BY seq").fetchall():
            data = edit(json.loads(payload))
            record = hashlib.sha256((previous + json.dumps(data, sort_keys=True)).encode()).hexdigest()
            conn.execute("UPDATE decisions SET payload = ?, action = ?, reviewer = ?, previous_hash = ?, record_hash = ? "
                         "WHERE seq = ?", (json.dumps(data), data["action"], data["reviewer"], previous, record, seq))  # fmt: skip
            previous = record


def test_a_log_rewritten_with_its_chain_recomputed_fails_check_publish_and_verify(small_board, tmp_path):
    out = tmp_path / "out"
    decide = decider(small_board)
    decide("E3", ReviewAction.REJECT, "bob", reason="wrong hardware")
    decide("E4", ReviewAction.APPROVE, "bob")
    publish(small_board, out)

    def rejection_into_approval(d: dict) -> dict:
        return {**d, "action": "approve", "reason": ""} if d["cpl_entry_id"] == "E3" else d

    _forge_chain(_store_file(small_board), rejection_into_approval)
    assert small_board.store.integrity_check().problems, "the forged chain passed firpath check"
    assert small_board.store.reviews.decision_log_problems()
    with pytest.raises(Exception, match="decision log"):
        publish(small_board, tmp_path / "forged")
    assert not (tmp_path / "forged" / CSV_NAME).exists()


def test_removing_the_last_decisions_after_a_publication_fails_check_and_verify(small_board, tmp_path):
    out = tmp_path / "out"
    decide = decider(small_board)
    decide("E3", ReviewAction.APPROVE, "alice")
    decide("E4", ReviewAction.REJECT, "bob", reason="the note names another model")  # the last decision
    publish(small_board, out)
    with sqlite3.connect(_store_file(small_board)) as conn:
        conn.execute("DELETE FROM decisions WHERE seq = (SELECT MAX(seq) FROM decisions)")

    check = small_board.store.integrity_check().problems
    assert any("decision log" in p and "removed" in p for p in check), check
    problems = trace_problems(_manifest(out), small_board.store) + small_board.store.reviews.decision_log_problems()
    assert any("removed" in p for p in problems), problems


# --- SECAS edits traced like any change (#17) --------------------------------------------------------


def test_a_secas_edit_publishes_and_traces_with_who_proposed_it_why_and_its_evidence(small_board, tmp_path):
    from firpath.domain import UpgradePath

    edit = small_board.propose_edit("E5", UpgradePath(("E4",)), "Acme's letter", "carol", evidence=("letter.txt", b"E5 on E4"))
    for reviewer in ("carol", "bob"):
        small_board.decide("E5", ReviewAction.APPROVE, reviewer, proposal_hash=edit.content_hash, channel="cli")
    out = tmp_path / "out"
    publish(small_board, out)
    manifest = _manifest(out)
    [row] = [r for r in manifest["rows"] if r["entry_id"] == "E5"]
    assert row["proposed_by_secas"]["by"] == "carol" and row["evidence"][0]["file"] == "letter.txt"
    assert {"file": "letter.txt", "sha256": row["evidence"][0]["sha256"], "received_as": ["letter.txt"]} in manifest["inputs"]["documents"]
    assert trace_problems(manifest, small_board.store) == []

    row["proposed_by_secas"]["reason"] = "someone else's reason"
    row["proposed_by_secas"]["by"] = "bob"
    _rewrite(out, manifest)
    [problem] = trace_problems(_manifest(out), small_board.store)
    assert problem == f"row E5: proposed_by_secas differs from what run {small_board.run.run_id} and the decision log give"
