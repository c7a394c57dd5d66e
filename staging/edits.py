"""SECAS edits and withdrawals: proposals that no document made, kept as they were proposed.

An edit names an entry, the path SECAS wants (or, for a withdrawal, the value a published change
replaced), the value it replaces, why, who proposed it and when, and optionally a file that backs it
(an email, a letter), kept content-addressed with the documents. Like the decision log the table is
only ever appended to; the proposer must be an active reviewer, checked in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, select

from firpath.domain import BLANK_PATH, Document, DocumentKind, UpgradePath
from staging.engine import StagingError, in_parts, now, write
from staging.schema import documents, secas_edits, users


@dataclass(frozen=True)
class EditRecord:
    edit_id: int
    cpl_entry_id: str
    kind: str  # "edit" or "withdrawal"
    path: UpgradePath  # BLANK_PATH: a withdrawal restoring a blank cell
    current: UpgradePath | None  # the value it replaces (None: blank)
    reason: str
    proposed_by: str
    proposed_at: datetime
    evidence_sha256: str = ""
    evidence_name: str = ""
    withdraws: int | None = None  # the published change (published_changes.change_id) it undoes


def path_to_json(path: UpgradePath | None) -> list[str] | None:
    """A path as stored: its entry ids ([] for N/A), or None for a blank cell."""
    return None if path is None or path.blank else list(path.entry_ids)


def path_from_json(data: list[str] | None, blank: UpgradePath | None = None) -> UpgradePath | None:
    return blank if data is None else UpgradePath(tuple(data))


class EditLog:
    """Every SECAS edit and withdrawal, in the order they were proposed."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def propose(
        self,
        *,
        cpl_entry_id: str,
        kind: str,
        path: UpgradePath,
        current: UpgradePath | None,
        reason: str,
        proposed_by: str,
        evidence: tuple[str, bytes, DocumentKind] | None = None,
        withdraws: int | None = None,
    ) -> EditRecord:
        """Record a proposal; StagingError when `proposed_by` is no active reviewer."""
        moment = now()
        sha256 = name = ""
        if evidence is not None:
            name, data, doc_kind = evidence
            sha256 = Document.sha256_of(data)

        def work(conn: Connection) -> EditRecord:
            active = conn.execute(
                select(users.c.name).where(users.c.name == proposed_by, users.c.disabled_at.is_(None))
            ).first()
            if active is None:
                raise StagingError(f"{proposed_by!r} is not an active reviewer: only a reviewer proposes an edit")
            if evidence is not None and conn.execute(select(documents.c.sha256).where(documents.c.sha256 == sha256)).first() is None:
                conn.execute(documents.insert().values(sha256=sha256, kind=doc_kind.value, size=len(data), content=data,
                                                       stored_at=moment))  # fmt: skip
            result = conn.execute(secas_edits.insert().values(
                cpl_entry_id=cpl_entry_id, kind=kind, path=path_to_json(path), current=path_to_json(current),
                reason=reason, evidence_sha256=sha256 or None, evidence_name=name or None, proposed_by=proposed_by,
                proposed_at=moment, withdraws=withdraws,
            ))  # fmt: skip
            return EditRecord(int(result.inserted_primary_key[0]), cpl_entry_id, kind, path, current, reason,
                              proposed_by, moment, sha256, name, withdraws)  # fmt: skip

        return write(self._engine, work)

    def edits(self, cpl_entry_ids: Iterable[str] | None = None) -> list[EditRecord]:
        """Every edit (of these entries), oldest first."""
        with self._engine.connect() as conn:
            if cpl_entry_ids is None:
                rows = conn.execute(select(secas_edits).order_by(secas_edits.c.edit_id)).all()
            else:
                rows = [r for part in in_parts(sorted(set(cpl_entry_ids)))
                        for r in conn.execute(select(secas_edits).where(secas_edits.c.cpl_entry_id.in_(part)))]  # fmt: skip
                rows.sort(key=lambda r: r.edit_id)
        return [_record(r) for r in rows]

    def edit(self, edit_id: int) -> EditRecord | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(secas_edits).where(secas_edits.c.edit_id == edit_id)).first()
        return None if row is None else _record(row)


def _record(row) -> EditRecord:  # noqa: ANN001 (a row of `secas_edits`)
    from datetime import UTC

    at = row.proposed_at if row.proposed_at.tzinfo else row.proposed_at.replace(tzinfo=UTC)
    return EditRecord(
        edit_id=row.edit_id, cpl_entry_id=row.cpl_entry_id, kind=row.kind,
        path=path_from_json(row.path, BLANK_PATH) or BLANK_PATH, current=path_from_json(row.current),
        reason=row.reason, proposed_by=row.proposed_by, proposed_at=at, evidence_sha256=row.evidence_sha256 or "",
        evidence_name=row.evidence_name or "", withdraws=row.withdraws,
    )  # fmt: skip


__all__ = ["EditLog", "EditRecord", "path_from_json", "path_to_json"]
