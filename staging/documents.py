"""Documents and their extraction cache: what `firpath.stages.extraction.ExtractionCache` needs.

Documents are kept once per content (sha256), however often they arrive, and every arrival (run,
name, parent email) is recorded. Verdicts are cached per content and extractor version, so an
unchanged document is never read twice by the same extractor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, delete, select

from firpath.domain import Document
from firpath.domain.documents import Attachment, Extraction
from staging import codec
from staging.engine import NotFound, in_parts, now, require_run, stored_contents, write
from staging.schema import arrivals, claims, documents, extractions

OK = "ok"
QUARANTINED = "quarantined"


class DocumentCache:
    """Received documents, their arrivals, and each extractor version's verdict on them."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record_arrivals(self, run_id: str, batch: Sequence[Document]) -> list[bool]:
        """Record that each document arrived in the run, in order, in one transaction (a commit is the
        costly part of a write); True for each whose content was not stored before.

        An attachment's parent email must have been recorded first (earlier in the batch will do).
        Recording the same arrival (run, name, content) again is a no-op, so a retried task does no harm.
        """
        for document in batch:
            if Document.sha256_of(document.data) != document.sha256:
                raise ValueError(f"{document.name}: sha256 {document.sha256} does not match the content")

        def work(conn: Connection) -> list[bool]:
            require_run(conn, run_id)
            return _record_arrivals(conn, run_id, batch)

        return write(self._engine, work) if batch else []

    def content(self, sha256: str) -> bytes:
        return self.contents([sha256])[sha256]

    def contents(self, sha256s: Sequence[str]) -> dict[str, bytes]:
        """The stored bytes of each content, in one query per thousand; raises NotFound for any missing."""
        found: dict[str, bytes] = {}
        wanted = list(dict.fromkeys(sha256s))
        with self._engine.connect() as conn:
            for part in in_parts(wanted):
                stmt = select(documents.c.sha256, documents.c.content).where(documents.c.sha256.in_(part))
                found.update((r.sha256, bytes(r.content)) for r in conn.execute(stmt))
        if missing := [sha for sha in wanted if sha not in found]:
            raise NotFound(f"no document with sha256 {missing[0]}" + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
        return found

    def cached_extractions(self, sha256s: Sequence[str], extractor_version: str) -> dict[str, Extraction | str]:
        """The earlier verdict of this extractor version on each content, in two queries: an
        `Extraction` if it was read, the reason (str) if it was quarantined. Contents never tried are
        left out, and so is a content whose attachments were never stored (a run that died between the
        two writes): it is simply extracted again."""
        wanted = list(dict.fromkeys(sha256s))
        if not wanted:
            return {}
        with self._engine.connect() as conn:
            rows = []
            for part in in_parts(wanted):
                rows += conn.execute(
                    select(extractions.c.sha256, extractions.c.status, extractions.c.reason, extractions.c.claims,
                           extractions.c.attachments, extractions.c.notices)
                    .where(extractions.c.sha256.in_(part), extractions.c.extractor_version == extractor_version)
                ).all()  # fmt: skip
            attached = list({a["sha256"] for row in rows for a in row.attachments})
            content = {}
            for part in in_parts(attached):
                stmt = select(documents.c.sha256, documents.c.content).where(documents.c.sha256.in_(part))
                content.update((r.sha256, bytes(r.content)) for r in conn.execute(stmt))
        verdicts: dict[str, Extraction | str] = {}
        for row in rows:
            if row.status == QUARANTINED:
                verdicts[row.sha256] = str(row.reason)
            elif all(a["sha256"] in content for a in row.attachments):
                verdicts[row.sha256] = Extraction(
                    claims=tuple(codec.claim_from_json(c) for c in row.claims),
                    attachments=tuple(Attachment(a["name"], content[a["sha256"]]) for a in row.attachments),
                    notices=tuple(row.notices),
                )
        return verdicts

    def save_verdicts(self, verdicts: Sequence[tuple[str, str, Extraction | str]]) -> None:
        """Cache many (sha256, extractor version, extraction or quarantine reason) in one transaction,
        each in place of any earlier verdict of the same version. Attachments are kept as (name, sha256)
        only: their content is stored as documents of their own by `record_arrivals`."""
        for _, _, verdict in verdicts:
            if isinstance(verdict, str) and not verdict.strip():
                raise ValueError("a quarantine needs a reason a person can act on")
        if verdicts:
            write(self._engine, lambda conn: _replace_extractions(conn, verdicts))


def _record_arrivals(conn: Connection, run_id: str, batch: Sequence[Document]) -> list[bool]:
    """A few set-based statements for the whole batch (a statement per document cost more than the
    reading of a small one)."""
    stored = stored_contents(conn, [d.sha256 for d in batch] + [d.parent_sha256 for d in batch if d.parent_sha256])
    new_documents: dict[str, dict[str, Any]] = {}
    is_new: list[bool] = []
    for document in batch:
        parent = document.parent_sha256
        if parent is not None and parent not in stored and parent not in new_documents:
            raise NotFound(f"{document.name}: parent document {parent} has not been recorded")
        fresh = document.sha256 not in stored and document.sha256 not in new_documents
        if fresh:
            new_documents[document.sha256] = {"sha256": document.sha256, "kind": document.kind.value,
                                              "size": len(document.data), "content": document.data,
                                              "stored_at": now()}  # fmt: skip
        is_new.append(fresh)
    if new_documents:
        conn.execute(documents.insert(), list(new_documents.values()))
    recorded = {
        (r.name, r.sha256)
        for part in in_parts(list({d.sha256 for d in batch}))
        for r in conn.execute(select(arrivals.c.name, arrivals.c.sha256).where(
            arrivals.c.run_id == run_id, arrivals.c.sha256.in_(part)))
    }  # fmt: skip
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for document in batch:
        key = (document.name, document.sha256)
        if key not in recorded and key not in rows:
            rows[key] = {"run_id": run_id, "name": document.name, "sha256": document.sha256,
                         "parent_sha256": document.parent_sha256, "arrived_at": now()}  # fmt: skip
    if rows:
        conn.execute(arrivals.insert(), list(rows.values()))
    return is_new


def _replace_extractions(conn: Connection, verdicts: Sequence[tuple[str, str, Extraction | str]]) -> None:
    """Each (sha256, extractor version)'s verdict in place of any earlier one, for the whole batch in
    a few statements."""
    latest = {(sha256, version): verdict for sha256, version, verdict in verdicts}  # the last word counts
    if missing := sorted({sha for sha, _ in latest} - stored_contents(conn, [sha for sha, _ in latest])):
        raise NotFound(f"no document with sha256 {missing[0]}: record its arrival first")
    extraction_rows, claim_rows = [], []
    stamp = now()
    for (sha256, version), verdict in latest.items():
        if isinstance(verdict, str):
            status, reason, found, attachments, notices = QUARANTINED, verdict, (), [], []
        else:
            status, reason, found, notices = OK, None, verdict.claims, list(verdict.notices)
            attachments = [{"name": a.name, "sha256": Document.sha256_of(a.data)} for a in verdict.attachments]
        encoded = [codec.claim_to_json(c) for c in found]
        extraction_rows.append({"sha256": sha256, "extractor_version": version, "status": status, "reason": reason,
                                "claims": encoded, "attachments": attachments, "notices": notices,
                                "extracted_at": stamp})  # fmt: skip
        claim_rows += [
            {"sha256": sha256, "extractor_version": version, "position": i, "claim_id": claim.claim_id, "claim": row}
            for i, (claim, row) in enumerate(zip(found, encoded, strict=True))
        ]
    for version in {v for _, v in latest}:
        shas = [sha for sha, v in latest if v == version]
        for part in in_parts(shas):
            conn.execute(delete(claims).where(claims.c.extractor_version == version, claims.c.sha256.in_(part)))
            conn.execute(delete(extractions).where(extractions.c.extractor_version == version,
                                                   extractions.c.sha256.in_(part)))  # fmt: skip
    conn.execute(extractions.insert(), extraction_rows)
    if claim_rows:
        conn.execute(claims.insert(), claim_rows)
