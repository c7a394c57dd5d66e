"""The blind corpus (benchmarks/blind) builds and is a valid labelled corpus; these tests check its form
only: its documents are held out and are not to be read for tuning the extractor."""

from __future__ import annotations

import csv
import email
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest

from benchmarks.blind.gen import generate
from benchmarks.labelled import CPL_COLUMNS, FIR_COLUMNS, SOURCE_KINDS, SPLITS, CorpusPaths, read_truth
from tests.benchmarks.trees import tree_hash

pytestmark = pytest.mark.unit

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[CorpusPaths, dict]:
    """Built as benchmarks/accuracy.py builds it: `python -m benchmarks.blind --out DIR`."""
    paths = CorpusPaths(tmp_path_factory.mktemp("blind") / "corpus")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.blind", "--out", str(paths.out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return paths, read_truth(paths)


def _cpl(paths: CorpusPaths) -> dict[str, dict[str, str]]:
    with paths.cpl.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CPL_COLUMNS
        return {row["CPL Entry ID"]: row for row in reader}


def test_registers_name_the_same_entries_with_blank_paths(corpus):
    paths, _ = corpus
    cpl = _cpl(paths)
    with paths.fir.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == FIR_COLUMNS
        fir = list(reader)
    assert cpl and {r["CPL Entry ID"] for r in fir} == set(cpl)
    assert all(r["Firmware Upgrade Path"] == "" for r in fir)


def test_every_entry_id_in_truth_is_in_the_cpl(corpus):
    paths, truth = corpus
    cpl = _cpl(paths)
    ids = {p[k] for p in truth["pairs"] for k in ("target", "base")}
    ids |= {n["target"] for n in truth["no_prerequisite"]}
    ids |= {i for s in truth["statements"] for pair in s["pairs"] for i in pair}
    ids |= {i for s in truth["statements"] for i in s["no_prerequisite"]}
    assert truth["pairs"] and ids <= set(cpl)


def test_every_pair_is_an_upgrade_of_one_device(corpus):
    paths, truth = corpus
    cpl = _cpl(paths)
    device = ("Manufacturer Identifier", "Model Identifier", "Hardware Version")
    for s in truth["statements"]:
        for target, base in s["pairs"]:
            t, b = cpl[target], cpl[base]
            assert [t[k] for k in device] == [b[k] for k in device], s
            assert int(b["Firmware Version"], 16) < int(t["Firmware Version"], 16), s


def test_every_file_named_in_truth_exists(corpus):
    paths, truth = corpus
    files = {r["file"] for part in ("pairs", "no_prerequisite", "statements", "decoys") for r in truth[part]}
    files |= {d["file"] for d in truth["documents"]}
    assert files
    for f in files:
        path, _, attachment = f.partition(" > ")
        assert (paths.inbox / path).is_file(), f
        if attachment:
            assert path.endswith(".eml"), f
            msg = email.message_from_bytes((paths.inbox / path).read_bytes(), policy=policy.default)
            assert attachment in [p.get_filename() for p in msg.iter_attachments()], f


def test_truth_has_the_labelled_format(corpus):
    _, truth = corpus
    assert truth["corpus"]
    for part in ("pairs", "no_prerequisite", "statements", "decoys"):
        assert truth[part], part
        for r in truth[part]:
            assert r["split"] in SPLITS and r["style"], r
            if part != "decoys":
                assert r["source_kind"] in SOURCE_KINDS and r["wording"], r
    for s in truth["statements"]:
        assert s["text"].strip()
        assert isinstance(s["no_prerequisite"], list), s  # benchmarks.labelled reads a list
        assert s["pairs"] or s["no_prerequisite"], s
    for d in truth["decoys"]:
        assert d["text"].strip() and d["family"]


def test_the_same_build_gives_the_same_bytes(corpus, tmp_path):
    paths, _ = corpus
    generate(tmp_path / "again")
    assert tree_hash(tmp_path / "again") == tree_hash(paths.out)
