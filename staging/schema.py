"""The staging store's tables (SQLAlchemy Core).

Only portable column types are used so that the same schema runs on SQLite (the default) and on
PostgreSQL (there: json, bytea, timestamptz, serial). Domain objects are kept as JSON written by
`staging.codec`; the scalar columns next to them exist only to look rows up and to let a person query
the store by hand. JSON, not JSONB: it keeps the keys in the order written (a run summary's order is
shown in reports) and the text exactly as written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

# Bumped whenever a table or a JSON layout changes incompatibly; `StagingStore.open` refuses a store
# written with another version rather than misreading it.
# 3: extractions keep their notices; 4 (main): a claim maps to several entries, statements listed for reading;
# 4 (trust): reviewer accounts, keyed decision log and anchors, proposal hashes, SECAS edits, publications;
# 5: both of those 4s in one store.
SCHEMA_VERSION = "5"

SHA256 = String(64)
RUN_ID = String(32)
EXTRACTOR_VERSION = String(128)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment, written as UTC and read back as a timezone-aware UTC datetime on every backend.

    Without it the backends disagree: SQLite has no time type, and SQLAlchemy keeps the wall-clock
    time as text, drops the offset and reads back a naive datetime (text that also sorts wrongly once
    two offsets are mixed); PostgreSQL's timestamptz reads back in the session's TimeZone. A naive
    datetime is refused: which zone it meant cannot be known. The column is `timestamptz` on
    PostgreSQL and the same text as before on SQLite, so existing stores read as they are.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: the store keeps timezone-aware times")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("run_id", RUN_ID, primary_key=True),
    Column("inbox", Text, nullable=False),
    Column("inputs", JSON, nullable=False),  # label -> sha256 of the CPL / FIR exports read
    Column("started_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime(), nullable=True),
    Column("summary", JSON(none_as_null=True), nullable=True),  # SQL NULL until the run finishes
    Column("imported_by", Text, nullable=False, default=""),  # who ran it: cannot be a claim's sole approver
)

# Content-addressed: one row per distinct content, however often and under whatever name it arrived.
documents = Table(
    "documents",
    metadata,
    Column("sha256", SHA256, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("stored_at", UTCDateTime(), nullable=False),
)

# Every time a document is received: the name it came under, and the email it was attached to.
arrivals = Table(
    "arrivals",
    metadata,
    Column("arrival_id", Integer, primary_key=True, autoincrement=True),  # also the arrival order
    Column("run_id", RUN_ID, ForeignKey("runs.run_id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("sha256", SHA256, ForeignKey("documents.sha256"), nullable=False),
    Column("parent_sha256", SHA256, ForeignKey("documents.sha256"), nullable=True),
    Column("arrived_at", UTCDateTime(), nullable=False),
    # A retried task records the same arrival again; the constraint keeps that idempotent.
    UniqueConstraint("run_id", "name", "sha256", name="uq_arrival"),
    Index("ix_arrivals_sha256", "sha256"),
)

# One extractor version's verdict on one content. A quarantined row has a reason and no claims.
extractions = Table(
    "extractions",
    metadata,
    Column("sha256", SHA256, ForeignKey("documents.sha256"), primary_key=True),
    Column("extractor_version", EXTRACTOR_VERSION, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    # The claims in extraction order; authoritative, and read in one row so a cache hit is atomic.
    Column("claims", JSON, nullable=False),
    Column("attachments", JSON, nullable=False),  # [{"name": ..., "sha256": ...}] in email order
    Column("notices", JSON, nullable=False, default=list),  # how a document that was read was read
    Column("extracted_at", UTCDateTime(), nullable=False),
    CheckConstraint("status IN ('ok', 'quarantined')", name="ck_extraction_status"),
    CheckConstraint(
        "(status = 'ok' AND reason IS NULL) OR (status = 'quarantined' AND reason IS NOT NULL)",
        name="ck_extraction_reason",
    ),
)

# The claims again, one row each, to find a claim by id. `claim_id` is not unique: it leaves out the
# device (one table row can state the same path for two models) and the extractor version.
claims = Table(
    "claims",
    metadata,
    Column("sha256", SHA256, primary_key=True),
    Column("extractor_version", EXTRACTOR_VERSION, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("claim_id", String(16), nullable=False),
    Column("claim", JSON, nullable=False),
    ForeignKeyConstraint(
        ["sha256", "extractor_version"], ["extractions.sha256", "extractions.extractor_version"]
    ),
    Index("ix_claims_claim_id", "claim_id"),
)

mappings = Table(
    "mappings",
    metadata,
    Column("run_id", RUN_ID, ForeignKey("runs.run_id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("claim_id", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("target_entry_id", Text, nullable=True),  # set when mapped
    Column("base_entry_ids", JSON, nullable=False),  # oldest first; empty when unmapped
    Column("reason", Text, nullable=True),  # set when unmapped
    Column("payload", JSON, nullable=False),  # the whole MappedClaim / UnmappedClaim
    CheckConstraint("status IN ('mapped', 'unmapped', 'needs reading')", name="ck_mapping_status"),
    Index("ix_mappings_claim_id", "claim_id"),
)

proposals = Table(
    "proposals",
    metadata,
    Column("run_id", RUN_ID, ForeignKey("runs.run_id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("cpl_entry_id", Text, nullable=False),
    Column("change", String(16), nullable=False),
    Column("proposal_hash", String(64), nullable=False),  # ProposedChange.content_hash when saved
    Column("payload", JSON, nullable=False),  # the whole ProposedChange
    UniqueConstraint("run_id", "cpl_entry_id", name="uq_proposal_entry"),  # one per CPL entry
    Index("ix_proposals_version", "cpl_entry_id", "proposal_hash"),  # every run that proposed a version
)

# Reviewers. Passwords are stored only as a salted hash (werkzeug's scrypt scheme). A name is taken
# once whatever its case (`name_key`, casefolded); an account is disabled, never deleted, so that
# the decisions it made still name a reviewer the store knows.
users = Table(
    "users",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("name_key", String(128), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("is_admin", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("created_by", Text, nullable=False, default=""),  # the admin who added it ("" for the first)
    Column("password_set_at", UTCDateTime(), nullable=False),  # sign-ins from before it are over
    Column("disabled_at", UTCDateTime(), nullable=True),
    Column("disabled_by", Text, nullable=True),
)

# The decision log: append-only (the store has no method that updates or deletes a row), and each
# row carries the hash of the row before it, keyed (staging.log_key), so an edit made behind the
# store's back shows.
decisions = Table(
    "decisions",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("cpl_entry_id", Text, nullable=False),
    Column("proposal_hash", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("reviewer", String(128), nullable=False),
    Column("decided_at", UTCDateTime(), nullable=False),
    Column("payload", JSON, nullable=False),  # the whole ReviewDecision
    Column("previous_hash", String(64), nullable=False),
    Column("record_hash", String(64), nullable=False, unique=True),
    CheckConstraint("action IN ('approve', 'reject', 'correct')", name="ck_decision_action"),
    Index("ix_decisions_entry", "cpl_entry_id"),
)

# The decision log's head at moments it was anchored (each publication): how many decisions it held
# and the last one's record hash, MAC'd with the log's key. Copies live outside the database (the
# anchor file beside the key, the publication's manifest); `firpath check` holds the log to them.
decision_anchors = Table(
    "decision_anchors",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("decisions", Integer, nullable=False),
    Column("head_hash", String(64), nullable=False),
    Column("anchored_at", UTCDateTime(), nullable=False),
    Column("purpose", Text, nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("mac", String(64), nullable=False),
)

# SECAS edits and withdrawals: proposals no document made (MP231: SECAS may edit any entry's path, and
# withdraw a published change). Append-only, like the decision log; decisions on one name the entry
# and the proposal's content hash, as for any proposal.
secas_edits = Table(
    "secas_edits",
    metadata,
    Column("edit_id", Integer, primary_key=True, autoincrement=True),
    Column("cpl_entry_id", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("path", JSON(none_as_null=True), nullable=True),  # entry ids ([] = N/A); SQL NULL: a blank cell
    Column("current", JSON(none_as_null=True), nullable=True),  # the value it replaces; NULL: blank
    Column("reason", Text, nullable=False),
    Column("evidence_sha256", SHA256, ForeignKey("documents.sha256"), nullable=True),
    Column("evidence_name", Text, nullable=True),
    Column("proposed_by", String(128), nullable=False),
    Column("proposed_at", UTCDateTime(), nullable=False),
    Column("withdraws", Integer, ForeignKey("published_changes.change_id"), nullable=True),
    CheckConstraint("kind IN ('edit', 'withdrawal')", name="ck_edit_kind"),
    Index("ix_secas_edits_entry", "cpl_entry_id"),
)

# Each publication and the changes it wrote: what the register view shows as published by firpath,
# and what a withdrawal restores.
publications = Table(
    "publications",
    metadata,
    Column("publication_id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", RUN_ID, ForeignKey("runs.run_id"), nullable=False),
    Column("published_at", UTCDateTime(), nullable=False),  # when the folder was written
    Column("as_of", UTCDateTime(), nullable=False),  # the latest decision it holds
    Column("out_dir", Text, nullable=False),
    Column("manifest_sha256", SHA256, nullable=False),
)

published_changes = Table(
    "published_changes",
    metadata,
    Column("change_id", Integer, primary_key=True, autoincrement=True),
    Column("publication_id", Integer, ForeignKey("publications.publication_id"), nullable=False),
    Column("cpl_entry_id", Text, nullable=False),
    Column("old_path", JSON(none_as_null=True), nullable=True),  # NULL: blank
    Column("new_path", JSON(none_as_null=True), nullable=True),  # NULL: blank (a withdrawn add)
    Column("proposal_hash", String(64), nullable=False),
    Column("origin", String(16), nullable=False),  # "document", "edit" or "withdrawal"
    Index("ix_published_changes_entry", "cpl_entry_id"),
)
