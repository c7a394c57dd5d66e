"""The blind corpora (benchmarks/blind, benchmarks/blind2, benchmarks/blind3) build and are valid labelled
corpora; these tests check their form only: their documents are held out and are not to be read for tuning
the extractor."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from benchmarks.labelled import CorpusPaths
from tests.benchmarks import blind_form
from tests.benchmarks.trees import tree_hash

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module", params=["blind", "blind2", "blind3"])
def corpus(request, tmp_path_factory) -> tuple[str, CorpusPaths, dict]:
    """Built as benchmarks/accuracy.py builds it: `python -m benchmarks.NAME --out DIR`."""
    name = request.param
    return (name, *blind_form.build(f"benchmarks.{name}", tmp_path_factory.mktemp(name) / "corpus"))


def test_registers_name_the_same_entries_with_blank_paths(corpus):
    blind_form.check_registers_name_the_same_entries_with_blank_paths(corpus[1])


def test_every_entry_id_in_truth_is_in_the_cpl(corpus):
    blind_form.check_every_entry_id_in_truth_is_in_the_cpl(*corpus[1:])


def test_every_pair_is_an_upgrade_of_one_device(corpus):
    blind_form.check_every_pair_is_an_upgrade_of_one_device(*corpus[1:])


def test_every_file_named_in_truth_exists(corpus):
    blind_form.check_every_file_named_in_truth_exists(*corpus[1:])


def test_truth_has_the_labelled_format(corpus):
    blind_form.check_truth_has_the_labelled_format(corpus[2])


def test_every_item_is_held_out(corpus):
    blind_form.check_every_item_is_held_out(corpus[2])


def test_the_same_build_gives_the_same_bytes(corpus, tmp_path: Path):
    """Twice in one process too: a generator whose modules keep state must start afresh each time."""
    name, paths, _ = corpus
    generate = importlib.import_module(f"benchmarks.{name}.gen").generate
    generate(tmp_path / "again")
    generate(tmp_path / "once_more")
    assert tree_hash(tmp_path / "again") == tree_hash(paths.out) == tree_hash(tmp_path / "once_more")
