"""The benchmark corpus generator on a tiny corpus: what it writes, that it is deterministic, and that
firpath's own extraction and mapping read back exactly the paths expected.json says it states."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
import pytest

from benchmarks.corpus import CorpusInfo, write_corpus
from extractors import extract
from extractors.registers import load_cpl, load_fir
from firpath.stages.extraction import extract_documents
from firpath.stages.ingest import inbox_files, read_document
from firpath.stages.mapping import CplIndex, map_claim, mapped_claims
from firpath.stages.reading import InlineReader
from firpath.stages.reconcile import alternatives_by_entry

pytestmark = pytest.mark.unit

TINY = {"pdfs": 5, "pages_per_pdf": 3, "emails": 3, "spreadsheets": 2, "cpl_entries": 60, "seed": 1}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusInfo:
    return write_corpus(tmp_path_factory.mktemp("corpus"), **TINY, workers=1)


def _files(root: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes)


def _expected(corpus: CorpusInfo) -> dict[str, list[str]]:
    return json.loads(corpus.expected.read_text(encoding="utf-8"))


def test_the_corpus_has_every_file_asked_for(corpus: CorpusInfo) -> None:
    for path in (corpus.cpl, corpus.fir, corpus.expected):
        assert path.is_file() and path.stat().st_size > 0
    assert len(_files(corpus.inbox / "release-notes", ".pdf")) == 5
    assert len(_files(corpus.inbox / "emails", ".eml", ".msg")) == 3
    assert len(_files(corpus.inbox / "MAP", ".xlsx", ".csv")) == 2
    assert (corpus.pdfs, corpus.pages, corpus.emails, corpus.spreadsheets) == (5, 15, 3, 2)
    assert corpus.cpl_entries == len(load_cpl(corpus.cpl)) == 60
    assert corpus.bytes == sum(p.stat().st_size for p in corpus.out.rglob("*") if p.is_file())


def test_every_release_note_has_the_requested_page_count(corpus: CorpusInfo) -> None:
    for path in _files(corpus.inbox, ".pdf"):
        assert len(pypdfium2.PdfDocument(path.read_bytes())) == 3, path


def test_expected_paths_and_the_fir_name_cpl_entries(corpus: CorpusInfo) -> None:
    on_cpl = {entry.entry_id for entry in load_cpl(corpus.cpl)}
    expected = _expected(corpus)
    assert expected and corpus.expected_paths == len(expected)
    for target, bases in expected.items():
        assert target in on_cpl and set(bases) <= on_cpl and target not in bases
        assert bases == sorted(bases)
    fir = load_fir(corpus.fir)
    assert set(fir.paths) == on_cpl
    assert sum(path is not None for path in fir.paths.values()) == corpus.fir_filled


def test_the_extractor_finds_the_stated_paths_in_a_release_note(corpus: CorpusInfo) -> None:
    index = CplIndex.of(load_cpl(corpus.cpl))
    expected = _expected(corpus)
    found = 0
    for path in _files(corpus.inbox, ".pdf"):
        document = read_document(corpus.inbox, path)
        for claim in extract(document).claims:
            result = map_claim(claim, index)
            assert isinstance(result, tuple), (path, result)
            for mapped in result:
                assert mapped.target.entry_id in expected, claim.evidence
                assert sorted(mapped.path.entry_ids) == expected[mapped.target.entry_id], claim.evidence
                found += 1
    assert found  # at least one of the notes states a path (one in twenty states none)


class _NoCache:
    """The extraction cache protocol, remembering nothing: every document is read."""

    def record_arrivals(self, run_id: str, batch: object) -> list[bool]:
        return []

    def cached_extractions(self, sha256s: object, extractor_version: str) -> dict:
        return {}

    def save_verdicts(self, verdicts: object) -> None:
        pass

    def contents(self, sha256s: object) -> dict:
        return {}


def test_firpath_reads_back_exactly_the_expected_paths(corpus: CorpusInfo) -> None:
    documents = [read_document(corpus.inbox, path) for path in inbox_files(corpus.inbox)]
    outcome = extract_documents(documents, _NoCache(), "benchmark-corpus", InlineReader())
    assert not outcome.quarantined
    mapped, _unmapped, _reading = mapped_claims(outcome.claims, CplIndex.of(load_cpl(corpus.cpl)))  # unmapped: decoy MAP rows
    alternatives = alternatives_by_entry(mapped)
    assert all(len(paths) == 1 for paths in alternatives.values())  # the corpus never contradicts itself
    assert {entry: sorted(paths[0].path.entry_ids) for entry, paths in alternatives.items()} == _expected(corpus)


def test_the_same_seed_writes_the_same_bytes(corpus: CorpusInfo, tmp_path: Path) -> None:
    again = write_corpus(tmp_path / "again", **TINY, workers=1)
    first = {p.relative_to(corpus.out): p.read_bytes() for p in corpus.out.rglob("*") if p.is_file()}
    second = {p.relative_to(again.out): p.read_bytes() for p in again.out.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
