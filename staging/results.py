"""Results: what each run mapped and proposed, the proposals being what reviewers decide on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, delete, select

from firpath.domain import MappedClaim, NeedsReading, ProposedChange, UnmappedClaim
from staging import codec
from staging.engine import paused_gc, require_run, write
from staging.schema import mappings
from staging.schema import proposals as proposal_table  # `proposals` is a method here
from staging.schema import runs


class RunResults:
    """Each run's mapped and unmapped claims and its proposed changes."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def save_results(
        self,
        run_id: str,
        mapped: Sequence[MappedClaim],
        unmapped: Sequence[UnmappedClaim],
        proposals: Sequence[ProposedChange],
        needs_reading: Sequence[NeedsReading] = (),
    ) -> None:
        """Store the run's mapping and proposals, replacing whatever the run had saved before (the
        statements listed for reading are kept as mapping rows of their own status)."""
        per_entry = Counter(p.target.entry_id for p in proposals)
        if dupes := sorted(e for e, n in per_entry.items() if n > 1):
            raise ValueError(f"more than one proposed change for CPL entries {dupes}")
        mapping_rows: list[dict[str, Any]] = [
            {"claim_id": m.claim.claim_id, "status": "mapped", "target_entry_id": m.target.entry_id,
             "base_entry_ids": [b.entry_id for b in m.bases], "reason": None, "payload": codec.mapped_claim_to_json(m)}
            for m in mapped
        ] + [
            {"claim_id": u.claim.claim_id, "status": "unmapped", "target_entry_id": None, "base_entry_ids": [],
             "reason": u.reason, "payload": codec.unmapped_claim_to_json(u)}
            for u in unmapped
        ] + [
            {"claim_id": n.claim.claim_id, "status": "needs reading", "target_entry_id": None, "base_entry_ids": [],
             "reason": n.why, "payload": codec.unmapped_claim_to_json(UnmappedClaim(n.claim, n.why))}
            for n in needs_reading
        ]  # fmt: skip
        proposal_rows: list[dict[str, Any]] = [
            {"cpl_entry_id": p.target.entry_id, "change": p.change.value, "proposal_hash": p.content_hash,
             "payload": codec.proposed_change_to_json(p)}  # fmt: skip
            for p in proposals
        ]

        def work(conn: Connection) -> None:
            require_run(conn, run_id)
            conn.execute(delete(mappings).where(mappings.c.run_id == run_id))
            conn.execute(delete(proposal_table).where(proposal_table.c.run_id == run_id))
            for table, rows in ((mappings, mapping_rows), (proposal_table, proposal_rows)):
                if rows:
                    conn.execute(table.insert(), [{"run_id": run_id, "position": i, **r} for i, r in enumerate(rows)])

        write(self._engine, work)

    def proposals(self, run_id: str) -> list[ProposedChange]:
        """The run's proposed changes, in the order they were saved."""
        with self._engine.connect() as conn, paused_gc():
            require_run(conn, run_id)
            stmt = select(proposal_table.c.payload).where(proposal_table.c.run_id == run_id)
            payloads = conn.execute(stmt.order_by(proposal_table.c.position)).scalars()
            return [codec.proposed_change_from_json(p) for p in payloads]

    def importers(self, versions: Iterable[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
        """(CPL entry, proposal hash) -> the reviewers recorded as having started a run (finished or
        not) that proposed that version: none of them may approve it alone."""
        wanted = set(versions)
        found: dict[tuple[str, str], set[str]] = {}
        with self._engine.connect() as conn:
            signed = conn.execute(select(runs.c.run_id, runs.c.imported_by).where(runs.c.imported_by != "")).all()
            for run_id, imported_by in signed:  # runs a reviewer signed are few: read their proposals' keys
                stmt = select(proposal_table.c.cpl_entry_id, proposal_table.c.proposal_hash).where(
                    proposal_table.c.run_id == run_id
                )
                for version in conn.execute(stmt):
                    if (key := (version.cpl_entry_id, version.proposal_hash)) in wanted:
                        found.setdefault(key, set()).add(imported_by)
        return found

    def proposal_version(self, cpl_entry_id: str, proposal_hash: str) -> ProposedChange | None:
        """The proposal for an entry as a run saved it with that content hash (the newest such run's);
        None when no run proposed it (what an earlier decision was made on)."""
        with self._engine.connect() as conn:
            payload = conn.execute(
                select(proposal_table.c.payload)
                .join(runs, runs.c.run_id == proposal_table.c.run_id)
                .where(proposal_table.c.cpl_entry_id == cpl_entry_id, proposal_table.c.proposal_hash == proposal_hash)
                .order_by(runs.c.started_at.desc())
                .limit(1)
            ).scalar()
        return None if payload is None else codec.proposed_change_from_json(payload)
