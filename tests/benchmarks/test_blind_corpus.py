"""The blind corpus (benchmarks/blind) builds and is a valid labelled corpus; these tests check its form
only: its documents are held out and are not to be read for tuning the extractor."""

from __future__ import annotations

import pytest

from benchmarks.blind.gen import generate
from benchmarks.labelled import CorpusPaths
from tests.benchmarks import blind_form
from tests.benchmarks.trees import tree_hash

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[CorpusPaths, dict]:
    """Built as benchmarks/accuracy.py builds it: `python -m benchmarks.blind --out DIR`."""
    return blind_form.build("benchmarks.blind", tmp_path_factory.mktemp("blind") / "corpus")


def test_registers_name_the_same_entries_with_blank_paths(corpus):
    blind_form.check_registers_name_the_same_entries_with_blank_paths(corpus[0])


def test_every_entry_id_in_truth_is_in_the_cpl(corpus):
    blind_form.check_every_entry_id_in_truth_is_in_the_cpl(*corpus)


def test_every_pair_is_an_upgrade_of_one_device(corpus):
    blind_form.check_every_pair_is_an_upgrade_of_one_device(*corpus)


def test_every_file_named_in_truth_exists(corpus):
    blind_form.check_every_file_named_in_truth_exists(*corpus)


def test_truth_has_the_labelled_format(corpus):
    blind_form.check_truth_has_the_labelled_format(corpus[1])


def test_every_item_is_held_out(corpus):
    blind_form.check_every_item_is_held_out(corpus[1])


def test_the_same_build_gives_the_same_bytes(corpus, tmp_path):
    paths, _ = corpus
    generate(tmp_path / "again")
    assert tree_hash(tmp_path / "again") == tree_hash(paths.out)
