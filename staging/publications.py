"""Publications: when firpath published what, so the register view can show each entry's published
changes and a withdrawal can restore the value one of them replaced. Only ever appended to; a
publication is recorded once its folder is in place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select

from firpath.domain import BLANK_PATH, UpgradePath
from staging.edits import path_from_json, path_to_json
from staging.engine import in_parts, now, require_run, write
from staging.schema import published_changes, publications


@dataclass(frozen=True)
class PublishedChangeRecord:
    change_id: int
    publication_id: int
    published_at: datetime
    cpl_entry_id: str
    old: UpgradePath | None  # None: blank
    new: UpgradePath  # BLANK_PATH: a withdrawn add, the cell emptied again
    proposal_hash: str
    origin: str  # "document", "edit" or "withdrawal"


@dataclass(frozen=True)
class ChangeToRecord:
    cpl_entry_id: str
    old: UpgradePath | None
    new: UpgradePath
    proposal_hash: str
    origin: str


class PublicationLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(self, run_id: str, as_of: datetime, out_dir: str, manifest_sha256: str,
               changes: Sequence[ChangeToRecord]) -> int:  # fmt: skip
        def work(conn: Connection) -> int:
            require_run(conn, run_id)
            result = conn.execute(publications.insert().values(run_id=run_id, published_at=now(), as_of=as_of,
                                                               out_dir=out_dir, manifest_sha256=manifest_sha256))  # fmt: skip
            publication_id = int(result.inserted_primary_key[0])
            if changes:
                conn.execute(published_changes.insert(), [
                    {"publication_id": publication_id, "cpl_entry_id": c.cpl_entry_id, "old_path": path_to_json(c.old),
                     "new_path": path_to_json(c.new), "proposal_hash": c.proposal_hash, "origin": c.origin}
                    for c in changes
                ])  # fmt: skip
            return publication_id

        return write(self._engine, work)

    def changes(self, cpl_entry_ids: Iterable[str] | None = None) -> list[PublishedChangeRecord]:
        """Every change published (of these entries), oldest first; one publishing again of the same
        approved change is listed once, at its first publication."""
        stmt = select(published_changes, publications.c.published_at).join(
            publications, publications.c.publication_id == published_changes.c.publication_id
        )
        with self._engine.connect() as conn:
            if cpl_entry_ids is None:
                rows = conn.execute(stmt).all()
            else:
                rows = [r for part in in_parts(sorted(set(cpl_entry_ids)))
                        for r in conn.execute(stmt.where(published_changes.c.cpl_entry_id.in_(part)))]  # fmt: skip
        rows.sort(key=lambda r: r.change_id)
        seen: set[tuple[str, str, str]] = set()
        found = []
        for r in rows:
            key = (r.cpl_entry_id, r.proposal_hash, repr(r.new_path))
            if key in seen:
                continue
            seen.add(key)
            at = r.published_at if r.published_at.tzinfo else r.published_at.replace(tzinfo=UTC)
            found.append(PublishedChangeRecord(r.change_id, r.publication_id, at, r.cpl_entry_id, path_from_json(r.old_path),
                                               path_from_json(r.new_path, BLANK_PATH) or BLANK_PATH, r.proposal_hash,
                                               r.origin))  # fmt: skip
        return found

    def change(self, change_id: int) -> PublishedChangeRecord | None:
        return next((c for c in self.changes() if c.change_id == change_id), None)


__all__ = ["ChangeToRecord", "PublicationLog", "PublishedChangeRecord"]
