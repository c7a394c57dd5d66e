"""Builders shared by the publish tests: a small hand-built run, decisions at fixed times, CSV reading."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from functools import cache
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from extractors.registers import cpl_from_bytes, fir_from_bytes
from firpath.domain import (
    Alternative,
    ChangeKind,
    DocumentKind,
    ProposedChange,
    ReviewAction,
)
from firpath.review.board import ReviewBoard
from firpath.review.rules import ReviewStatus
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore
from tests.builders import mapped_claim_of

HYPERLINK = '=HYPERLINK("http://evil.example/x","click")'
SMALL_CPL_HEADER = ("CPL Entry ID", "Manufacturer Identifier", "Model Identifier", "Hardware Version",
                    "Firmware Version", "Manufacturer Name", "Model Name")  # fmt: skip
SMALL_CPL = (
    ("E1", "10A7", "0101", "0002", "01000000", "Acme Metering Ltd", "AM-E200"),
    ("E2", "10A7", "0101", "0002", "01010000", "Acme Metering Ltd", "AM-E200"),
    ("E3", "10A7", "0101", "0002", "01020000", "Acme Metering Ltd", "AM-E200"),
    ("E4", "10A7", "0101", "0002", "01030000", "Acme Metering Ltd", "AM-E200"),
    ("E5", "10A7", "0101", "0002", "01040000", "Acme Metering Ltd", "AM-E200"),  # no document speaks of it
)
# E1 < E2 < E3 < E4 alone: E4 the device's newest release (the route tests; with E5, E5 is, and no path
# leads to it)
FOUR_ENTRY_CPL = SMALL_CPL[:4]
SMALL_FIR_HEADER = ("CPL Entry ID", "Notes", "Firmware Upgrade Path", "Contact")
SMALL_FIR = (
    ("E1", "first release", "N/A", "a@example"),
    ("E2", HYPERLINK, "", "-sales@example"),
    ("E3", "plain", "", "+44 20 0000"),
)


def table_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


class Clock:
    """Decision times one minute apart from a fixed start: tests never depend on the wall clock."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


Decide = Callable[..., ReviewStatus]


def decider(board: ReviewBoard) -> Decide:
    clock = Clock()

    def decide(entry_id: str, action: ReviewAction, reviewer: str, **kwargs: object) -> ReviewStatus:
        return board.decide(
            entry_id, action, reviewer, proposal_hash=board.proposals[entry_id].content_hash,
            decided_at=clock(), **kwargs,  # type: ignore[arg-type]
        )  # fmt: skip

    return decide


@dataclass(frozen=True)
class SmallRun:
    fir_header: tuple[str, ...] = SMALL_FIR_HEADER
    fir_rows: tuple[tuple[str, ...], ...] = SMALL_FIR
    evidence_text: str = "Version 1.2.0 requires 1.1.0 to be installed first."
    imported_by: str = "ingrid"
    reviewers: tuple[str, ...] = ("alice", "bob", "carol")  # registered; the first is the admin
    cpl_rows: tuple[tuple[str, ...], ...] = SMALL_CPL


def build_small_board(root: Path, run: SmallRun) -> ReviewBoard:
    cpl_data = table_bytes((SMALL_CPL_HEADER, *run.cpl_rows))
    fir_data = table_bytes((run.fir_header, *run.fir_rows))
    cpl = {e.entry_id: e for e in cpl_from_bytes("cpl.csv", cpl_data)}
    fir = fir_from_bytes("fir.csv", fir_data)
    mapped = [
        mapped_claim_of(cpl["E3"], [cpl["E2"]], text=run.evidence_text, file="notes/acme <v1.2>.pdf", location="page 1"),
        mapped_claim_of(cpl["E2"], [cpl["E1"]], text="1.1.0 needs 1.0.0", file="mail.eml", location="email body"),
        mapped_claim_of(cpl["E4"], [cpl["E3"]], text="1.3.0 needs 1.2.0", file="notes/acme 1.3.pdf", location="page 2"),
    ]
    proposals = []
    for m in mapped:
        current = fir.paths.get(m.target.entry_id)
        kind = ChangeKind.ADD if current is None else ChangeKind.MODIFY
        proposals.append(ProposedChange(m.target, current, (Alternative(m.path, (m,)),), kind))

    store = StagingStore.open(store_url(root, StoreSettings(url=None)))
    inputs = {
        "cpl_export": store.runs.store_content(cpl_data, DocumentKind.CSV), "cpl_export_name": "cpl.csv",
        "fir_export": store.runs.store_content(fir_data, DocumentKind.CSV), "fir_export_name": "fir.csv",
    }  # fmt: skip
    run_id = store.runs.begin_run(str(root / "inbox"), inputs, run.imported_by)
    store.results.save_results(run_id, mapped, [], proposals)
    store.runs.finish_run(run_id, {"proposals": len(proposals)})
    register_reviewers(store, run.reviewers)
    return ReviewBoard.open(store)


REVIEWER_PASSWORDS = {"alice": "alice-password-1", "bob": "bob-password-22", "carol": "carol-password-333"}


@cache
def password_hash(password: str) -> str:
    """scrypt is slow on purpose: each test password is hashed once per process."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method="scrypt")


def register_reviewers(store: StagingStore, names: Sequence[str] = ("alice", "bob", "carol")) -> None:
    """Reviewer accounts for the names the tests decide as (the first is the admin who adds the rest),
    with the passwords of REVIEWER_PASSWORDS (or `NAME-password-0`)."""
    admin = ""
    for name in names:
        store.reviews.add_user(name, password_hash(REVIEWER_PASSWORDS.get(name, f"{name}-password-0")), created_by=admin)
        admin = admin or name
