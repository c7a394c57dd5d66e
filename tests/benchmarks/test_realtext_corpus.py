"""The realtext corpus (benchmarks/realtext.py): its version rules on made-up strings, and the corpus
built from the real development set at run time (skipped where the set is absent, as in CI: it is
kept outside the repository and never copied into it)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from benchmarks import realtext
from benchmarks.labelled import CPL_COLUMNS, FIR_COLUMNS, SOURCE_KINDS, CorpusPaths
from benchmarks.realtext import (
    Family,
    Table,
    Version,
    blocks,
    mentioned_specs,
    mentions,
    parse_spec,
    raised,
    version_key,
)

REPO = Path(__file__).resolve().parents[2]
SOURCE = realtext.realtext_dir()
needs_set = pytest.mark.skipif(
    not (SOURCE / realtext.STATEMENTS_FILE).is_file(),
    reason=f"the realtext development set is not at {SOURCE} (it lives outside the repository; "
    f"set {realtext.REALTEXT_ENV} to its folder)",
)


# --- the version rules (unit) ---------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    "ascending",
    [
        ["1.9", "1.10", "1.10.1", "2.0"],
        ["v24.2.0-alpha.1", "v24.2.0-alpha.2", "v24.2.0", "v24.2.9", "v24.2.10"],
        ["8.1.0", "8.1.0a", "8.1.0c", "8.1.1"],
        ["5.4.1", "5.4.1.1", "5.4.2"],
        ["7.4-15", "7.4-16", "8"],
        ["8.x-1.0", "8.x-1.5", "2.0.0", "3.0.0"],  # Drupal's core prefix is not part of the order
        ["4.18.05", "4.19.01", "4.50.00"],
        ["9.1", "9.1RU1a", "2013"],
    ],
)
def test_versions_are_ordered_by_their_numbers(ascending: list[str]) -> None:
    assert sorted(ascending, key=version_key) == ascending


@pytest.mark.unit
@pytest.mark.parametrize(("a", "b"), [("6.0", "6.0.0"), ("v1.1.2", "1.1.2"), ("8", "8.0")])
def test_versions_equal_in_order_are_one_release(a: str, b: str) -> None:
    assert version_key(a) == version_key(b)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "members", "inside", "outside"),
    [
        ("4.4.x", ("4.4.0", "4.4.5"), "4.4.17", "4.5.0"),
        ("3.x.x", ("3.0.0", "3.5.0"), "3.19.2", "2.9"),
        ("6.0-series", ("6.0.0", "6.0.5"), "6.0", "6.1.0"),
        ("2023.y", ("2023.0", "2023.5"), "2023.8.2", "2024.0"),
        ("V2.XX", ("V2.00", "V2.05"), "V2.31", "V3.00"),
        ("8.x-1.x", ("8.x-1.0", "8.x-1.5"), "8.x-1.12", "1.2.0"),
        ("v8.1.0x", ("v8.1.0a", "v8.1.0c"), "8.1.0", "8.1.1"),
        ("v9.0x", ("v9.0.0", "v9.0.5"), "v9.0.1a", "v9.1.0"),
    ],
)
def test_a_family_has_two_members_and_holds_its_prefix(
    text: str, members: tuple[str, str], inside: str, outside: str
) -> None:
    family = parse_spec(text)
    assert isinstance(family, Family)
    assert tuple(m.text for m in family.members()) == members
    for name, expected in ((inside, True), (outside, False)):
        version = parse_spec(name)
        assert isinstance(version, Version)
        assert family.contains(version) is expected


@pytest.mark.unit
@pytest.mark.parametrize("text", ["2025.1 LTA", "Luminous", "7.4.0 Fix Pack 4", "any version", "<your.version>", ""])
def test_what_is_not_a_version_is_not_read_as_one(text: str) -> None:
    assert parse_spec(text) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("11.0.2", "11.0.3"),
        ("4.19.01", "4.19.02"),
        ("7.4-15", "7.4-16"),
        ("v24.2.0-alpha.1", "v24.2.0-alpha.2"),
        ("8.1.0a", "8.1.0b"),
        ("9.1RU1a", None),
    ],
)
def test_the_next_version_of_a_scheme(text: str, after: str | None) -> None:
    version = parse_spec(text)
    assert isinstance(version, Version)
    following = raised(version)
    assert (following.text if following else None) == after


@pytest.mark.unit
def test_mentions_and_mentioned_versions() -> None:
    assert mentions("Please upgrade to at least Nextcloud v24 by", "24")
    assert mentions("from `9.1.2` first", "9.1.2")
    assert not mentions("version 12.1 is out", "2.1")
    assert not mentions("version 2.10 is out", "2.1")
    found = [s.text for s in mentioned_specs("Fixed in v.4.1.25 (released 02.03.2021); 8.x-1.x and 4.4.x too; 0x0086.")]
    assert found == ["v4.1.25", "8.x-1.x", "4.4.x"]


@pytest.mark.unit
def test_a_statement_as_paragraphs_and_tables() -> None:
    text = (
        "Intro line\nsecond line\n\n| A | B |\n| --- | --- |\n| 1.0 | 2.0 |\n| 2.0 | 3.0 | multi\n- 2.0 -> 2.5\nAfter"
    )
    assert blocks(text) == [
        "Intro line\nsecond line",
        Table((("A", "B", ""), ("1.0", "2.0", ""), ("2.0", "3.0", "multi\n- 2.0 -> 2.5"))),
        "After",
    ]


# --- the corpus built from the development set ----------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> realtext.CorpusInfo:
    return realtext.write_corpus(tmp_path_factory.mktemp("realtext"), SOURCE, seed=1)


@pytest.fixture(scope="module")
def truth(corpus: realtext.CorpusInfo) -> dict[str, Any]:
    return json.loads(corpus.paths.truth.read_text(encoding="utf-8"))


def _cpl(paths: CorpusPaths) -> dict[str, dict[str, str]]:
    with paths.cpl.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CPL_COLUMNS
        return {row["CPL Entry ID"]: row for row in reader}


@pytest.mark.integration
@needs_set
def test_the_command_writes_the_same_bytes_for_the_same_arguments(corpus: realtext.CorpusInfo, tmp_path: Path) -> None:
    again = tmp_path / "again"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.realtext", "--out", str(again), "--realtext", str(SOURCE), "--seed", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Skipped" in done.stdout and "Documents" in done.stdout
    first = {p.relative_to(corpus.paths.out): p.read_bytes() for p in corpus.paths.out.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.integration
@needs_set
def test_every_pair_joins_an_older_entry_to_a_newer_one_of_one_device(
    corpus: realtext.CorpusInfo, truth: dict[str, Any]
) -> None:
    cpl = _cpl(corpus.paths)
    assert truth["pairs"]
    device = ("Manufacturer Identifier", "Model Identifier", "Hardware Version")
    for pair in truth["pairs"]:
        target, base = cpl[pair["target"]], cpl[pair["base"]]
        assert [target[c] for c in device] == [base[c] for c in device], pair
        assert version_key(base["Firmware Version"]) < version_key(target["Firmware Version"]), pair
    for statement in truth["statements"]:
        assert statement["pairs"]
        for target, base in statement["pairs"]:
            assert cpl[target]["Model Name"] == cpl[base]["Model Name"]


@pytest.mark.integration
@needs_set
def test_the_registers_and_the_truth_agree(corpus: realtext.CorpusInfo, truth: dict[str, Any]) -> None:
    cpl = _cpl(corpus.paths)
    by_device: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in cpl.values():
        by_device[(row["Manufacturer Identifier"], row["Model Identifier"])].append(row["Firmware Version"])
    for versions in by_device.values():  # one row per release, oldest first
        keys = [version_key(v) for v in versions]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
    with corpus.paths.fir.open(newline="", encoding="utf-8") as handle:
        fir = list(csv.reader(handle))
    assert tuple(fir[0]) == FIR_COLUMNS
    assert {row[0] for row in fir[1:]} == set(cpl) and all(row[1] == "" for row in fir[1:])
    files = {p.relative_to(corpus.paths.inbox).as_posix() for p in corpus.paths.inbox.rglob("*") if p.is_file()}
    for section in ("pairs", "statements", "decoys"):
        for item in truth[section]:
            assert item["file"] in files and item["split"] == "heldout"
    pairs_by_file = defaultdict(set)
    for pair in truth["pairs"]:
        assert pair["source_kind"] in SOURCE_KINDS
        pairs_by_file[pair["file"]].add((pair["target"], pair["base"]))
    for statement in truth["statements"]:
        assert {tuple(p) for p in statement["pairs"]} <= pairs_by_file[statement["file"]]
    assert truth["no_prerequisite"] == []


@pytest.mark.integration
@needs_set
def test_every_record_is_placed_or_skipped_with_a_reason(corpus: realtext.CorpusInfo, truth: dict[str, Any]) -> None:
    records = realtext.load_records(SOURCE)
    skipped = {item["id"]: item["why"] for item in truth["skipped"]}
    assert all(skipped.values()) and len(skipped) == len(corpus.skipped)
    placed: dict[str, set[str]] = defaultdict(set)
    for item in truth["statements"]:
        placed[item["wording"].rsplit("[", 1)[1].rstrip("]")].add(item["style"])
    for item in truth["decoys"]:
        placed[item["id"]].add(item["style"])
    for record in records:
        assert (record.id in skipped) != (record.id in placed), record.id
        if record.id in placed:
            assert {"pdf-note", "email"} <= placed[record.id], record.id
    assert len(truth["decoys"]) == corpus.decoys and corpus.decoys >= sum(r.is_decoy for r in records)
    assert "Skipped     " in corpus.report() and all(rid in corpus.report() for rid in skipped)


@pytest.mark.integration
@needs_set
def test_no_statement_is_stored_in_the_repository() -> None:
    records = realtext.load_records(SOURCE)
    lines = {line.strip() for r in records for line in r.verbatim.splitlines() if len(line.strip()) >= 40}
    assert len(lines) > 100
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: no tracked files to look through")
    found = []
    for name in listed.stdout.decode().split("\0"):
        path = REPO / name
        if not name or not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        found += [(name, line[:60]) for line in lines if line in text]
    assert found == []
