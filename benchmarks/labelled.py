"""The labelled-corpus format the accuracy corpora share, and the score of a run against one.

A labelled corpus is a folder:

    DIR/inbox/...    the documents, in any layout
    DIR/cpl.csv      the CPL (CPL_COLUMNS)
    DIR/fir.csv      the FIR (FIR_COLUMNS), every path blank
    DIR/truth.json   what the documents state, as CPL Entry IDs:
        {"corpus": name,
         "pairs": [{"target", "base", "file", "source_kind", "style", "wording", "split"}, ...],
         "no_prerequisite": [{"target", "file", "source_kind", "style", "wording", "split"}, ...],
         "statements": [{"file", "source_kind", "text", "pairs": [[target, base], ...], "style",
                         "wording", "split"}, ...],
         "decoys": [{"file", "text", "family", "style", "split"}, ...],
         ...}   (a corpus may add keys of its own, e.g. "skipped")

`file` is the document's path relative to the inbox, with `/`; an attachment is
`<email path> > <attachment name>`, as firpath names it. `source_kind` is one of SOURCE_KINDS, `split`
one of SPLITS. A `wording` may end with a detail in square brackets (`"numbered-steps [rtdev-061]"`);
the breakdown by wording leaves it out, so it groups by phrasing family.

`score` compares a run's review files (claims.csv, and needs_reading.csv where a run writes one) with
the truth: precision and recall over (target, base, file), overall and by source kind, split, style
and wording; answers of "no prerequisite" (N/A) apart; the share of statements extracted or listed
for a person to read; and the decoys that produced a pair.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CPL_COLUMNS = (
    "CPL Entry ID",
    "Device Type",
    "Manufacturer Identifier",
    "Manufacturer Name",
    "Model Identifier",
    "Model Name",
    "Hardware Version",
    "Firmware Version",
    "Status",
)
FIR_COLUMNS = ("CPL Entry ID", "Firmware Upgrade Path")
SOURCE_KINDS = ("release note", "email", "MAP spreadsheet")  # firpath.domain.SourceKind's values
SPLITS = ("tuned", "heldout")

PATH_SEPARATOR = "; "  # how claims.csv joins a path's Entry IDs (firpath.domain.UpgradePath)
NO_PREREQUISITE = "N/A"
UNATTRIBUTED = "(unattributed)"  # a found pair whose statement matches nothing labelled in its file
NOT_IN_TRUTH = "(file not in truth)"


@dataclass(frozen=True)
class CorpusPaths:
    out: Path

    @property
    def inbox(self) -> Path:
        return self.out / "inbox"

    @property
    def cpl(self) -> Path:
        return self.out / "cpl.csv"

    @property
    def fir(self) -> Path:
        return self.out / "fir.csv"

    @property
    def truth(self) -> Path:
        return self.out / "truth.json"


def write_registers(paths: CorpusPaths, cpl_rows: Sequence[Mapping[str, str]]) -> None:
    """cpl.csv with `cpl_rows` (keyed by CPL_COLUMNS) and fir.csv naming every entry with a blank path."""
    paths.out.mkdir(parents=True, exist_ok=True)
    with paths.cpl.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CPL_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(cpl_rows)
    with paths.fir.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FIR_COLUMNS)
        writer.writerows((row["CPL Entry ID"], "") for row in cpl_rows)


def write_truth(paths: CorpusPaths, truth: Mapping[str, Any]) -> None:
    paths.out.mkdir(parents=True, exist_ok=True)
    paths.truth.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def read_truth(paths: CorpusPaths) -> dict[str, Any]:
    return json.loads(paths.truth.read_text(encoding="utf-8"))


def read_rows(path: Path) -> list[dict[str, str]]:
    """A review CSV's rows; a file a run did not write reads as no rows."""
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- matching a run's text to a labelled statement ---------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+(?:[.\-][a-z0-9]+)*")
TOKEN_OVERLAP = 0.6
_MIN_TOKENS_FOR_OVERLAP = 3  # shorter texts must contain one another


def normalised(text: str) -> str:
    return " ".join(text.split()).lower()


def tokens(text: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(text.lower()))


def contains_either(a: str, b: str) -> bool:
    """Whether one text, whitespace normalised, holds the other whole."""
    na, nb = normalised(a), normalised(b)
    return bool(na and nb) and (na in nb or nb in na)


def same_text(a: str, b: str) -> bool:
    """Whether two texts are the same statement as read in different ways: one contains the other once
    whitespace is normalised, or at least 60% of the shorter one's tokens are in the other (a PDF table
    read as text loses its cell rules; a sentence may be cut differently)."""
    if not normalised(a) or not normalised(b):
        return False
    if contains_either(a, b):
        return True
    ta, tb = tokens(a), tokens(b)
    shorter = min(len(ta), len(tb))
    return shorter >= _MIN_TOKENS_FOR_OVERLAP and len(ta & tb) / shorter >= TOKEN_OVERLAP


# --- a run's answers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundAnswer:
    """One answer of a mapped claim: a (target, base) pair, or `base=None` for "no prerequisite"."""

    target: str
    base: str | None
    file: str
    source_kind: str
    statement: str


def found_answers(claim_rows: Iterable[Mapping[str, str]]) -> list[FoundAnswer]:
    """The answers in claims.csv: rows with status `mapped`; a path's Entry IDs are `; `-joined and
    `N/A` says the target has no prerequisite."""
    answers = []
    for row in claim_rows:
        if row.get("status") != "mapped":
            continue
        path = (row.get("upgrade_path") or "").strip()
        common = {
            "target": row["cpl_entry_id"],
            "file": row.get("file", ""),
            "source_kind": row.get("source_kind", ""),
            "statement": row.get("statement", ""),
        }
        if path == NO_PREREQUISITE:
            answers.append(FoundAnswer(base=None, **common))
            continue
        answers.extend(FoundAnswer(base=base, **common) for base in path.split(PATH_SEPARATOR) if base.strip())
    return answers


# --- the score -----------------------------------------------------------------------------------------


def wording_family(wording: str) -> str:
    """A wording without its bracketed detail: `"numbered-steps [rtdev-061]"` -> `"numbered-steps"`."""
    return re.sub(r"\s*\[[^\]]*\]\s*$", "", wording)


def counts(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


class _Tally:
    def __init__(self) -> None:
        self.tp: dict[str, int] = defaultdict(int)
        self.fp: dict[str, int] = defaultdict(int)
        self.fn: dict[str, int] = defaultdict(int)

    def figures(self) -> dict[str, dict[str, Any]]:
        keys = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        return {key: counts(self.tp[key], self.fp[key], self.fn[key]) for key in keys}


@dataclass(frozen=True)
class _Document:
    source_kind: str
    style: str
    split: str


def _documents(truth: Mapping[str, Any]) -> dict[str, _Document]:
    documents: dict[str, _Document] = {}
    for section in ("pairs", "no_prerequisite", "statements"):
        for item in truth.get(section, ()):
            documents.setdefault(item["file"], _Document(item["source_kind"], item["style"], item["split"]))
    for item in truth.get("decoys", ()):
        kind = item.get("source_kind", "")
        documents.setdefault(item["file"], _Document(kind, item["style"], item["split"]))
    return documents


def _attributed_wordings(truth: Mapping[str, Any], file: str, statements: Iterable[str]) -> set[str]:
    """The phrasing families (or decoy families) whose labelled text in `file` a claim's statement matches."""
    found: set[str] = set()
    for text in statements:
        for item in truth.get("statements", ()):
            if item["file"] == file and same_text(text, item["text"]):
                found.add(wording_family(item["wording"]))
        for item in truth.get("decoys", ()):
            if item["file"] == file and same_text(text, item["text"]):
                found.add(item["family"])
    return found or {UNATTRIBUTED}


def score(
    truth: Mapping[str, Any],
    claim_rows: Sequence[Mapping[str, str]],
    needs_reading_rows: Sequence[Mapping[str, str]] = (),
) -> dict[str, Any]:
    """The figures of one run against a labelled corpus's truth (see the module docstring)."""
    documents = _documents(truth)
    answers = found_answers(claim_rows)

    expected: dict[tuple[str, str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for item in truth.get("pairs", ()):
        expected[(item["target"], item["base"], item["file"])].append(item)
    found: dict[tuple[str, str, str], list[FoundAnswer]] = defaultdict(list)
    for answer in answers:
        if answer.base is not None:
            found[(answer.target, answer.base, answer.file)].append(answer)

    overall = [0, 0, 0]
    by_kind, by_split, by_style, by_wording = _Tally(), _Tally(), _Tally(), _Tally()
    for key, items in expected.items():
        hit = key in found
        first = items[0]
        slot = 0 if hit else 2
        overall[slot] += 1
        for tally, value in ((by_kind, first["source_kind"]), (by_split, first["split"]), (by_style, first["style"])):
            (tally.tp if hit else tally.fn)[value] += 1
        for wording in sorted({wording_family(item["wording"]) for item in items}):
            (by_wording.tp if hit else by_wording.fn)[wording] += 1
    for key, hits in found.items():
        if key in expected:
            continue
        overall[1] += 1
        file = key[2]
        document = documents.get(file)
        by_kind.fp[hits[0].source_kind or (document.source_kind if document else NOT_IN_TRUTH)] += 1
        by_split.fp[document.split if document else NOT_IN_TRUTH] += 1
        by_style.fp[document.style if document else NOT_IN_TRUTH] += 1
        for wording in sorted(_attributed_wordings(truth, file, {h.statement for h in hits})):
            by_wording.fp[wording] += 1

    distinct_expected = {(t, b) for t, b, _ in expected}
    distinct_found = {(t, b) for t, b, _ in found}
    distinct = counts(
        len(distinct_expected & distinct_found),
        len(distinct_found - distinct_expected),
        len(distinct_expected - distinct_found),
    )

    na_expected = {(item["target"], item["file"]) for item in truth.get("no_prerequisite", ())}
    na_found = {(a.target, a.file) for a in answers if a.base is None}
    no_prerequisite = counts(len(na_expected & na_found), len(na_found - na_expected), len(na_expected - na_found))

    return {
        "pairs": counts(*overall),
        "distinct_pairs": distinct,
        "by_source_kind": by_kind.figures(),
        "by_split": by_split.figures(),
        "by_style": by_style.figures(),
        "by_wording": by_wording.figures(),
        "no_prerequisite": no_prerequisite,
        "statements": _statement_figures(truth, set(found), na_found, needs_reading_rows),
        "decoys": _decoy_figures(truth, answers, claim_rows, needs_reading_rows),
    }


def _statement_figures(
    truth: Mapping[str, Any],
    found: set[tuple[str, str, str]],
    na_found: set[tuple[str, str]],
    needs_reading_rows: Sequence[Mapping[str, str]],
) -> dict[str, Any]:
    """A statement is extracted when every pair it states was found in its file (a "no prerequisite"
    statement: when its release was answered N/A from that file), listed when needs_reading.csv holds
    its text for that file; either counts as "extracted or listed"."""
    total = extracted = listed = either = 0
    by_wording: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in truth.get("statements", ()):
        total += 1
        pairs = [(t, b, item["file"]) for t, b in item["pairs"]]
        answered_na = [(t, item["file"]) for t in item.get("no_prerequisite") or ()]
        is_extracted = (bool(pairs) and all(p in found for p in pairs)) or (
            not pairs and bool(answered_na) and all(a in na_found for a in answered_na)
        )
        is_listed = any(
            row.get("file") == item["file"] and same_text(row.get("text", ""), item["text"])
            for row in needs_reading_rows
        )
        extracted += is_extracted
        listed += is_listed
        either += is_extracted or is_listed
        tally = by_wording[wording_family(item["wording"])]
        tally[0] += 1
        tally[1] += is_extracted or is_listed
    return {
        "total": total,
        "extracted": extracted,
        "listed": listed,
        "extracted_or_listed": either,
        "share": either / total if total else None,
        "by_wording": {w: {"total": n, "extracted_or_listed": k} for w, (n, k) in sorted(by_wording.items())},
    }


def _decoy_figures(
    truth: Mapping[str, Any],
    answers: Sequence[FoundAnswer],
    claim_rows: Sequence[Mapping[str, str]],
    needs_reading_rows: Sequence[Mapping[str, str]] = (),
) -> dict[str, Any]:
    """A decoy "produced a pair" when a mapped claim of its file with a (target, base) pair has a
    statement matching the decoy's text (and not quoting a labelled statement instead); "produced a claim" counts any claim row (unmapped too);
    "listed" when needs_reading.csv holds its text for its file (what a reviewer reads for nothing)."""
    labelled: dict[str, list[str]] = defaultdict(list)
    for statement in truth.get("statements", ()):
        labelled[statement["file"]].append(normalised(statement["text"]))

    def decoys_pair(file: str, text: str, decoy: str) -> bool:
        # the loose same-text test would give a decoy the pair of a labelled statement that shares most of
        # its words; a row that is a labelled statement of its file as read (a table row's cells labelled by
        # their headers), and does not quote the decoy, is that statement's
        own = any(same_text(text, other) for other in labelled[file]) and not contains_either(text, decoy)
        return same_text(text, decoy) and not own

    paired = [(a.file, a.statement) for a in answers if a.base is not None]
    claimed = [(row.get("file", ""), row.get("statement", "")) for row in claim_rows]
    total = with_pair = with_claim = listed = 0
    by_family: dict[str, dict[str, int]] = defaultdict(lambda: {"total": 0, "with_found_pair": 0})
    produced: list[dict[str, str]] = []
    for item in truth.get("decoys", ()):
        total += 1
        hit = any(file == item["file"] and decoys_pair(file, text, item["text"]) for file, text in paired)
        with_pair += hit
        with_claim += any(file == item["file"] and same_text(text, item["text"]) for file, text in claimed)
        listed += any(row.get("file") == item["file"] and same_text(row.get("text", ""), item["text"]) for row in needs_reading_rows)
        by_family[item["family"]]["total"] += 1
        by_family[item["family"]]["with_found_pair"] += hit
        if hit:
            produced.append({"file": item["file"], "family": item["family"], "id": item.get("id", "")})
    return {
        "total": total,
        "with_found_pair": with_pair,
        "with_claim": with_claim,
        "listed": listed,
        "by_family": dict(sorted(by_family.items())),
        "produced_pairs": produced,
    }
