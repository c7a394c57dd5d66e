"""`firpath check`: what a user sees for a sound store, an interrupted run, a damaged store, no store."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from firpath.cli import app
from firpath.domain import Document, DocumentKind
from firpath.domain.documents import Attachment, Extraction
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore

pytestmark = pytest.mark.unit


def _check(workdir: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["check", "--workdir", str(workdir)])
    return result.exit_code, result.output.splitlines()


def _document(name: str, data: bytes, kind: DocumentKind, parent: Document | None = None) -> Document:
    return Document(name, data, kind, Document.sha256_of(data), parent.sha256 if parent else None)


def _store_with_a_finished_run(workdir: Path) -> tuple[str, Document]:
    url = store_url(workdir, StoreSettings(url=None))
    with StagingStore.open(url) as store:
        run = store.runs.begin_run("/inbox", {})
        mail = _document("a.eml", b"From: x@acme.example\nSubject: s\n\nbody", DocumentKind.EML)
        store.documents.record_arrivals(run, [mail])[0]
        store.documents.save_verdicts([(mail.sha256, "mail/1", Extraction((), ()))])
        store.runs.finish_run(run, {"files_received": 1, "documents": 1, "documents_read": 1, "proposals": 0})
    return url, mail


@pytest.fixture(autouse=True)
def _default_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)


def test_a_sound_store_passes(tmp_path: Path) -> None:
    _store_with_a_finished_run(tmp_path)
    code, lines = _check(tmp_path)
    assert code == 0
    assert lines[0].startswith("Store       sqlite:///") and lines[0].endswith(
        ": 1 runs (0 unfinished), 1 documents, 1 arrivals, 1 extractions (0 quarantined), 0 claims, 0 decisions"
    )
    assert lines[1:] == ["Integrity check passed"]


def test_an_interrupted_run_is_noted_and_still_passes(tmp_path: Path) -> None:
    url, _mail = _store_with_a_finished_run(tmp_path)
    with StagingStore.open(url) as store:
        run = store.runs.begin_run("/inbox", {})
        mail = _document("b.eml", b"From: y@acme.example\nSubject: t\n\nsee attached", DocumentKind.EML)
        store.documents.record_arrivals(run, [mail])[0]
        store.documents.save_verdicts([(mail.sha256, "mail/1", Extraction((), (Attachment("n.pdf", b"%PDF-1.7 n"),)))])
    code, lines = _check(tmp_path)
    assert code == 0
    notes = [line for line in lines if line.startswith("note: ")]
    assert len(notes) == 2
    assert f"run {run}, started " in notes[1] and "did not finish" in notes[1]
    assert "'n.pdf' was never stored; the next run reads the document again" in notes[0]
    assert lines[-1] == "Integrity check passed"


def test_a_damaged_store_fails_and_says_what_is_wrong(tmp_path: Path) -> None:
    url, mail = _store_with_a_finished_run(tmp_path)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE documents SET content = :c"), {"c": b"From: x@acme.example\nSubject: S\n\nbody"})
    engine.dispose()
    code, lines = _check(tmp_path)
    assert code == 1
    assert f"problem: document {mail.sha256}: its content does not have that sha256 (altered or truncated)" in lines
    assert lines[-1] == "1 problem found: the store is damaged; keep a copy of it and report it"


def test_a_store_named_by_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, _mail = _store_with_a_finished_run(tmp_path / "elsewhere")
    monkeypatch.setenv("FIRPATH_STORE_URL", url)
    code, lines = _check(tmp_path / "workdir")
    assert code == 0 and "elsewhere" in lines[0] and lines[-1] == "Integrity check passed"


def test_no_store_is_a_clear_error_not_a_new_empty_store(tmp_path: Path) -> None:
    code, lines = _check(tmp_path / "nothing")
    assert code == 2
    assert lines == [f"error: no staging store in {tmp_path / 'nothing'} (run `firpath run` first, or pass --workdir)"]
    assert not (tmp_path / "nothing").exists()
