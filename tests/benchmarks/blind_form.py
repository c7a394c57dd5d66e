"""What the blind-corpus tests share: build a held-out corpus as benchmarks/accuracy.py builds it, and check
its form only (a valid labelled corpus, every item held out). The documents themselves are not to be read
for tuning the extractor, so nothing here looks at what they say."""

from __future__ import annotations

import csv
import email
import subprocess
import sys
from email import policy
from pathlib import Path

from benchmarks.labelled import CPL_COLUMNS, FIR_COLUMNS, SOURCE_KINDS, SPLITS, CorpusPaths, read_truth

REPO_ROOT = Path(__file__).resolve().parents[2]
PARTS = ("pairs", "no_prerequisite", "statements", "decoys")


def build(module: str, out: Path) -> tuple[CorpusPaths, dict]:
    """`python -m MODULE --out OUT`, as benchmarks/accuracy.py runs it."""
    paths = CorpusPaths(out)
    done = subprocess.run(
        [sys.executable, "-m", module, "--out", str(paths.out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return paths, read_truth(paths)


def cpl(paths: CorpusPaths) -> dict[str, dict[str, str]]:
    with paths.cpl.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CPL_COLUMNS
        return {row["CPL Entry ID"]: row for row in reader}


def check_registers_name_the_same_entries_with_blank_paths(paths: CorpusPaths) -> None:
    entries = cpl(paths)
    with paths.fir.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == FIR_COLUMNS
        fir = list(reader)
    assert entries and {r["CPL Entry ID"] for r in fir} == set(entries)
    assert all(r["Firmware Upgrade Path"] == "" for r in fir)


def check_every_entry_id_in_truth_is_in_the_cpl(paths: CorpusPaths, truth: dict) -> None:
    entries = cpl(paths)
    ids = {p[k] for p in truth["pairs"] for k in ("target", "base")}
    ids |= {n["target"] for n in truth["no_prerequisite"]}
    ids |= {i for s in truth["statements"] for pair in s["pairs"] for i in pair}
    ids |= {i for s in truth["statements"] for i in s.get("no_prerequisite", [])}
    assert truth["pairs"] and ids <= set(entries)


def check_every_pair_is_an_upgrade_of_one_device(paths: CorpusPaths, truth: dict) -> None:
    entries = cpl(paths)
    device = ("Manufacturer Identifier", "Model Identifier", "Hardware Version")
    for s in truth["statements"]:
        for target, base in s["pairs"]:
            t, b = entries[target], entries[base]
            assert [t[k] for k in device] == [b[k] for k in device], s
            assert int(b["Firmware Version"], 16) < int(t["Firmware Version"], 16), s


def check_every_file_named_in_truth_exists(paths: CorpusPaths, truth: dict) -> None:
    files = {r["file"] for part in PARTS for r in truth[part]}
    files |= {d["file"] for d in truth.get("documents", ())}  # a list of documents is a corpus's own key
    assert files
    for f in files:
        path, _, attachment = f.partition(" > ")
        assert (paths.inbox / path).is_file(), f
        if attachment:
            assert path.endswith(".eml"), f
            msg = email.message_from_bytes((paths.inbox / path).read_bytes(), policy=policy.default)
            assert attachment in [p.get_filename() for p in msg.iter_attachments()], f


def check_truth_has_the_labelled_format(truth: dict) -> None:
    assert truth["corpus"]
    for part in PARTS:
        assert truth[part], part
        for r in truth[part]:
            assert r["split"] in SPLITS and r["style"], r
            if part != "decoys":
                assert r["source_kind"] in SOURCE_KINDS and r["wording"], r
    for s in truth["statements"]:
        assert s["text"].strip()
        # optional in benchmarks.labelled's format (it reads `.get("no_prerequisite") or ()`), a list when given
        assert isinstance(s.get("no_prerequisite", []), list), s
        assert s["pairs"] or s.get("no_prerequisite"), s
    for d in truth["decoys"]:
        assert d["text"].strip() and d["family"]


def check_every_item_is_held_out(truth: dict) -> None:
    assert {r["split"] for part in PARTS for r in truth[part]} == {"heldout"}
