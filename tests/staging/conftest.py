"""Fixtures for the staging store tests: a store on each backend, and domain samples.

`db_url` (and so `store`) is parametrised: `sqlite`, a file under tmp_path, and `postgresql`, a schema
of its own per test in the database that FIRPATH_TEST_POSTGRES_URL names (`.ci/postgres.sh` starts
one and prints its URL). Without that variable the PostgreSQL tests are skipped, except under CI
(CI=true), where they fail: CI must not pass by silently testing one backend.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from firpath.domain import (
    Alternative,
    ChangeKind,
    Claim,
    CplEntry,
    DeviceRef,
    Document,
    DocumentKind,
    Evidence,
    FirmwareVersion,
    MappedClaim,
    ProposedChange,
    Relation,
    SourceKind,
    UnmappedClaim,
    UpgradePath,
    VersionRef,
)
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore
from tests.builders import cpl_entry

MakeDocument = Callable[..., Document]


POSTGRES_URL_VARIABLE = "FIRPATH_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The PostgreSQL database the tests may create schemas in; skips, or under CI fails, without one."""
    url = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if not url:
        reason = (
            f"{POSTGRES_URL_VARIABLE} is not set, so no PostgreSQL to test the store on "
            f"(as root: export {POSTGRES_URL_VARIABLE}=\"$(bash .ci/postgres.sh | tail -1)\")"
        )
        if _under_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    if make_url(url).get_backend_name() != "postgresql":
        pytest.fail(f"{POSTGRES_URL_VARIABLE} is not a PostgreSQL URL: {make_url(url)!r}", pytrace=False)
    return url


def with_pg_options(url: str, *settings: str) -> str:
    """`url` with server settings (`name=value`) added to libpq's `options`, for every connection."""
    parsed = make_url(url)
    options = " ".join([parsed.query.get("options", ""), *(f"-c{s}" for s in settings)]).strip()
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


@pytest.fixture
def postgres_schema_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A URL whose connections all work in a fresh, empty schema, dropped after the test; the decision
    log's key in a file of the test's own (FIRPATH_DECISION_LOG_KEY_FILE: a PostgreSQL store has no
    file of its own to keep it beside)."""
    server_url = request.getfixturevalue("postgres_server_url")
    monkeypatch.setenv("FIRPATH_DECISION_LOG_KEY_FILE", str(tmp_path / "pg-keys" / "decision_log.key"))
    schema = f"firpath_test_{uuid.uuid4().hex[:16]}"
    # A connection a test left open would make DROP SCHEMA wait for ever; let it fail instead.
    admin = sa.create_engine(with_pg_options(server_url, "lock_timeout=10s"), poolclass=sa.pool.NullPool)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except BaseException:
        admin.dispose()
        raise
    try:
        yield with_pg_options(server_url, f"search_path={schema}")
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty store's URL on `backend`: its own SQLite file (the decision log's key beside it), or
    its own PostgreSQL schema (the key in a file of its own, see `postgres_schema_url`)."""
    if backend == "sqlite":
        return store_url(tmp_path / "work", StoreSettings(url=None))
    return str(request.getfixturevalue("postgres_schema_url"))


PASSWORD_HASH = "scrypt:32768:8:1$salt$hash"  # the store keeps what it is given; accounts.py makes real ones


def register(store: StagingStore, *names: str) -> None:
    """Reviewer accounts (the store appends only an active reviewer's decisions); an admin first."""
    if store.reviews.user("admin") is None:
        store.reviews.add_user("admin", PASSWORD_HASH)
    for name in names:
        if store.reviews.user(name) is None:
            store.reviews.add_user(name, PASSWORD_HASH, created_by="admin")


@pytest.fixture
def store(db_url: str) -> Iterator[StagingStore]:
    with StagingStore.open(db_url) as opened:
        yield opened


def _make_document(
    name: str,
    data: bytes,
    kind: DocumentKind = DocumentKind.PDF,
    parent: Document | None = None,
) -> Document:
    return Document(
        name=name,
        data=data,
        kind=kind,
        sha256=Document.sha256_of(data),
        parent_sha256=parent.sha256 if parent is not None else None,
    )


@pytest.fixture
def make_document() -> MakeDocument:
    return _make_document


def entry(entry_id: str, firmware: str, model: str = "0002") -> CplEntry:
    return cpl_entry(entry_id, firmware, manufacturer_id="0001", model_id=model, hardware="0003",
                     manufacturer_name="Acme", model_name="Meter 2", device_type="meter")  # fmt: skip


@dataclass(frozen=True)
class Samples:
    """One of each result type, related the way the pipeline relates them."""

    claim: Claim
    email_claim: Claim
    mapped: MappedClaim
    unmapped: UnmappedClaim
    proposal: ProposedChange
    conflict: ProposedChange


@pytest.fixture
def samples() -> Samples:
    claim = Claim(
        device=DeviceRef("Acme", "Meter 2", "HW 3"),
        target=VersionRef("01.03.00.01", FirmwareVersion("01030001"), "dotted octets"),
        bases=(
            VersionRef("0x01020000", FirmwareVersion("01020000")),
            VersionRef("1.2.5", None, "display version never paired with a CPL version"),
        ),
        relation=Relation.EXACT,
        evidence=Evidence(
            "notes/acme.pdf", "a" * 64, "page 2", "1.3.1 requires 1.2.0 or 1.2.5 — “Zähler”"
        ),
        source_kind=SourceKind.RELEASE_NOTE,
    )
    email_claim = Claim(
        device=DeviceRef("0x0001", "0x0002"),
        target=VersionRef("01030001", FirmwareVersion("01030001")),
        bases=(),
        relation=Relation.NONE,
        evidence=Evidence("mail.eml", "b" * 64, "email body, quoted reply 1", "no base needed"),
        source_kind=SourceKind.EMAIL,
        superseded=True,
    )
    target = entry("E-13", "01030001")
    bases = (entry("E-10", "01020000"), entry("E-11", "01020005"))
    mapped = MappedClaim(claim, target, bases)
    other = MappedClaim(email_claim, target, ())
    proposal = ProposedChange(
        target=target,
        current=None,
        alternatives=(Alternative(mapped.path, (mapped,)),),
        change=ChangeKind.ADD,
    )
    conflict = ProposedChange(
        target=entry("E-14", "01040000"),
        current=UpgradePath(()),
        alternatives=(
            Alternative(UpgradePath(("E-11", "E-10")), (mapped,)),
            Alternative(UpgradePath(()), (other,)),
        ),
        change=ChangeKind.CONFLICT,
        review_flags=("sources disagree", "base newer than target?"),
    )
    return Samples(
        claim=claim,
        email_claim=email_claim,
        mapped=mapped,
        unmapped=UnmappedClaim(email_claim, "no CPL entry for model 0x0002 hardware ''"),
        proposal=proposal,
        conflict=conflict,
    )


@pytest.fixture
def add_pg_options() -> Callable[..., str]:
    """`with_pg_options`, for tests that need a PostgreSQL session set up differently."""
    return with_pg_options
