"""The accuracy score (benchmarks.labelled.score) on tiny hand-made truths and claims.csv rows."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.accuracy import CorpusResult, RunOutcome, headline, render_report
from benchmarks.labelled import found_answers, same_text, score, wording_family

pytestmark = pytest.mark.unit

NOTE, MAIL, SHEET = "notes/a.pdf", "mail/b.eml", "map/c.xlsx"
ATTACHED = "mail/b.eml > d.pdf"


def _pair(
    target: str, base: str, file: str, kind: str, style: str, wording: str, split: str = "heldout"
) -> dict[str, str]:
    return {
        "target": target,
        "base": base,
        "file": file,
        "source_kind": kind,
        "style": style,
        "wording": wording,
        "split": split,
    }


def _truth() -> dict[str, Any]:
    return {
        "corpus": "tiny",
        "pairs": [
            _pair("T1", "B1", NOTE, "release note", "pdf-note", "min-family [r1]"),
            _pair("T1", "B2", NOTE, "release note", "pdf-note", "min-family [r1]"),
            _pair("T2", "B3", MAIL, "email", "email", "chain [r2]", split="tuned"),
            _pair("T4", "B4", ATTACHED, "release note", "attached-note", "chain [r3]"),
        ],
        "no_prerequisite": [
            {
                "target": "T3",
                "file": SHEET,
                "source_kind": "MAP spreadsheet",
                "style": "sheet",
                "wording": "na",
                "split": "heldout",
            },
        ],
        "statements": [
            {
                "file": NOTE,
                "source_kind": "release note",
                "text": "T1 requires B1 or later.",
                "pairs": [["T1", "B1"], ["T1", "B2"]],
                "style": "pdf-note",
                "wording": "min-family [r1]",
                "split": "heldout",
            },
            {
                "file": MAIL,
                "source_kind": "email",
                "text": "Upgrade  B3 ->\nT2 first.",
                "pairs": [["T2", "B3"]],
                "style": "email",
                "wording": "chain [r2]",
                "split": "tuned",
            },
            {
                "file": SHEET,
                "source_kind": "MAP spreadsheet",
                "text": "T3 | first release",
                "pairs": [],
                "no_prerequisite": ["T3"],
                "style": "sheet",
                "wording": "na",
                "split": "heldout",
            },
            {
                "file": ATTACHED,
                "source_kind": "release note",
                "text": "Install B4 before T4 on every meter.",
                "pairs": [["T4", "B4"]],
                "style": "attached-note",
                "wording": "chain [r3]",
                "split": "heldout",
            },
        ],
        "decoys": [
            {
                "file": MAIL,
                "text": "Version T5 fixes a defect seen on B5 devices.",
                "family": "decoy-fixed-in",
                "style": "email",
                "split": "tuned",
            },
            {
                "file": NOTE,
                "text": "The display shows B6 after the restart.",
                "family": "decoy-display",
                "style": "pdf-note",
                "split": "heldout",
            },
        ],
    }


def _claim(status: str, target: str, path: str, file: str, kind: str, statement: str) -> dict[str, str]:
    return {
        "claim_id": f"{target}-{file}",
        "status": status,
        "cpl_entry_id": target,
        "upgrade_path": path,
        "file": file,
        "location": "page 1",
        "statement": statement,
        "source_kind": kind,
    }


def _claims() -> list[dict[str, str]]:
    return [
        _claim("mapped", "T1", "B1; B9", NOTE, "release note", "T1 requires B1 or later."),  # B1 right, B9 wrong
        _claim("mapped", "T2", "B3", MAIL, "email", "Upgrade B3 -> T2 first."),
        _claim("mapped", "T5", "B5", MAIL, "email", "Version T5 fixes a defect seen on B5 devices."),  # from a decoy
        _claim("mapped", "T3", "N/A", SHEET, "MAP spreadsheet", "T3 | first release"),
        _claim("mapped", "T2", "N/A", MAIL, "email", "T2 is a first release"),  # N/A where none is stated
        _claim("unmapped", "", "", NOTE, "release note", "The display shows B6 after the restart."),
        _claim("superseded", "T4", "B4", ATTACHED, "release note", "Install B4 before T4."),  # superseded: no answer
    ]


@pytest.fixture
def figures() -> dict[str, Any]:
    needs_reading = [
        {"file": ATTACHED, "location": "page 2", "text": "install b4 before T4 on every meter", "why": "unsure"}
    ]
    return score(_truth(), _claims(), needs_reading)


def test_pairs_are_counted_per_document(figures: dict[str, Any]) -> None:
    # found: (T1,B1) TP, (T1,B9) FP, (T2,B3) TP, (T5,B5) FP; missed: (T1,B2), (T4,B4)
    assert {k: figures["pairs"][k] for k in ("tp", "fp", "fn")} == {"tp": 2, "fp": 2, "fn": 2}
    assert figures["pairs"]["precision"] == pytest.approx(0.5)
    assert figures["pairs"]["recall"] == pytest.approx(0.5)
    assert figures["pairs"]["f1"] == pytest.approx(0.5)


def test_a_pair_found_in_another_document_is_not_the_labelled_one() -> None:
    claims = [_claim("mapped", "T2", "B3", NOTE, "release note", "Upgrade B3 -> T2 first.")]
    figures = score(_truth(), claims)
    assert (figures["pairs"]["tp"], figures["pairs"]["fp"]) == (0, 1)
    assert (figures["distinct_pairs"]["tp"], figures["distinct_pairs"]["fp"]) == (1, 0)


def test_figures_by_source_kind_split_and_style(figures: dict[str, Any]) -> None:
    kinds = figures["by_source_kind"]
    assert {k: (v["tp"], v["fp"], v["fn"]) for k, v in kinds.items()} == {
        "release note": (1, 1, 2),  # T1/B1 found, T1/B9 wrong; T1/B2 and the attachment's T4/B4 missed
        "email": (1, 1, 0),  # T2/B3 found; the decoy's T5/B5 counts against the email's kind
    }
    assert {k: (v["tp"], v["fp"], v["fn"]) for k, v in figures["by_split"].items()} == {
        "heldout": (1, 1, 2),
        "tuned": (1, 1, 0),
    }
    assert figures["by_style"]["attached-note"]["fn"] == 1
    assert figures["by_style"]["email"]["precision"] == pytest.approx(0.5)


def test_wrong_pairs_are_charged_to_the_statement_they_came_from(figures: dict[str, Any]) -> None:
    wordings = {k: (v["tp"], v["fp"], v["fn"]) for k, v in figures["by_wording"].items()}
    assert wordings == {
        "min-family": (1, 1, 1),  # the [r1] detail is left out of the breakdown
        "chain": (1, 0, 1),
        "decoy-fixed-in": (0, 1, 0),
    }


def test_an_unattributable_wrong_pair_is_listed_as_such() -> None:
    claims = [_claim("mapped", "T1", "B7", NOTE, "release note", "Something no label holds at all, really.")]
    assert score(_truth(), claims)["by_wording"]["(unattributed)"]["fp"] == 1


def test_no_prerequisite_answers_are_apart_from_pairs(figures: dict[str, Any]) -> None:
    assert {k: figures["no_prerequisite"][k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 1, "fn": 0}


def test_statements_extracted_or_listed(figures: dict[str, Any]) -> None:
    statements = figures["statements"]
    # r1: one of two pairs found (neither); r2: found; "T3 | first release": answered N/A, as stated (extracted);
    # r3: superseded claim, but listed for reading
    assert (statements["total"], statements["extracted"], statements["listed"], statements["extracted_or_listed"]) == (
        4,
        2,
        1,
        3,
    )
    assert statements["share"] == pytest.approx(3 / 4)
    assert statements["by_wording"]["chain"] == {"total": 2, "extracted_or_listed": 2}


def test_a_listed_text_of_another_file_does_not_count() -> None:
    needs_reading = [
        {"file": NOTE, "location": "page 2", "text": "Install B4 before T4 on every meter.", "why": "unsure"}
    ]
    assert score(_truth(), [], needs_reading)["statements"]["listed"] == 0


def test_decoys_that_produced_a_pair(figures: dict[str, Any]) -> None:
    decoys = figures["decoys"]
    assert (decoys["total"], decoys["with_found_pair"], decoys["with_claim"], decoys["listed"]) == (2, 1, 2, 0)
    assert decoys["by_family"]["decoy-fixed-in"] == {"total": 1, "with_found_pair": 1}
    assert decoys["produced_pairs"] == [{"file": MAIL, "family": "decoy-fixed-in", "id": ""}]


def test_a_pair_from_a_labelled_statement_that_merely_looks_like_a_decoy_is_not_the_decoys() -> None:
    """The same-text test is loose (60% of the words); the labelled statement a row quotes whole is
    the row's own, even where a decoy of the same file shares most of its words."""
    truth = _truth()
    truth["decoys"].append(
        {"file": NOTE, "text": "The radio T1 requires B1 or later firmware.", "family": "decoy-radio", "style": "pdf-note", "split": "heldout"}
    )
    assert score(truth, _claims())["decoys"]["by_family"]["decoy-radio"] == {"total": 1, "with_found_pair": 0}
    claims = _claims() + [_claim("mapped", "T1", "B1", NOTE, "release note", "The radio T1 requires B1 or later firmware.")]
    assert score(truth, claims)["decoys"]["by_family"]["decoy-radio"] == {"total": 1, "with_found_pair": 1}


def test_a_table_row_read_with_its_headers_is_its_labelled_statements_not_a_decoys_like_it() -> None:
    """A row is written back with its headers ("From: B1 | To: T1"), so it quotes no labelled text
    whole; it is still the labelled table's, not a decoy's that names the same two versions."""
    truth = _truth()
    truth["statements"].append(
        {"file": NOTE, "source_kind": "release note", "text": "From | To\nB1 | T1", "pairs": [["T1", "B1"]],
         "style": "pdf-note", "wording": "table [r4]", "split": "heldout"}  # fmt: skip
    )
    truth["decoys"].append(
        {"file": NOTE, "text": "Going back from T1 to B1 is not supported.", "family": "decoy-downgrade", "style": "pdf-note", "split": "heldout"}
    )
    row = _claim("mapped", "T1", "B1", NOTE, "release note", "From: B1 | To: T1")
    assert score(truth, _claims() + [row])["decoys"]["by_family"]["decoy-downgrade"] == {"total": 1, "with_found_pair": 0}
    read_from_the_decoy = _claim("mapped", "T1", "B1", NOTE, "release note", "Going back from T1 to B1 is not supported.")
    assert score(truth, _claims() + [read_from_the_decoy])["decoys"]["by_family"]["decoy-downgrade"] == {"total": 1, "with_found_pair": 1}


def test_a_run_that_found_nothing_has_recall_zero() -> None:
    figures = score(_truth(), [])
    assert figures["pairs"]["recall"] == 0
    assert figures["pairs"]["precision"] is None
    assert figures["statements"]["extracted_or_listed"] == 0


def test_found_answers_split_paths_and_keep_no_prerequisite_apart() -> None:
    answers = found_answers(_claims())
    assert [(a.target, a.base) for a in answers] == [
        ("T1", "B1"),
        ("T1", "B9"),
        ("T2", "B3"),
        ("T5", "B5"),
        ("T3", None),
        ("T2", None),
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Upgrade to 5.0 first.", "  upgrade to 5.0\n first. ", True),  # whitespace and case
        ("Upgrade to 5.0 first.", "Before that: upgrade to 5.0 first. Then go on.", True),  # contained
        ("From version | To version\n8.9 | 9.9", "From version To version 8.9 9.9 (one step)", True),  # tokens
        ("You must be running 4.4 before 5.0.", "Downgrade to 4.2 is not possible.", False),
        ("5.0", "Upgrade to 6.0 requires 5.0 or later", True),  # a short text must be contained...
        ("5.0 only", "Upgrade to 6.0 requires 5.0 or later", False),  # ...not merely overlap
        ("", "anything", False),
    ],
)
def test_same_text(a: str, b: str, same: bool) -> None:
    assert same_text(a, b) is same
    assert same_text(b, a) is same


@pytest.mark.parametrize(("wording", "family"), [("numbered-steps [rtdev-061]", "numbered-steps"), ("plain", "plain")])
def test_wording_family(wording: str, family: str) -> None:
    assert wording_family(wording) == family


def test_the_report_of_a_failed_run_says_why() -> None:
    run = RunOutcome(["firpath", "run"], 2, 0.3, ["error: cpl.csv: row 2: firmware version '6.0' is not 8 hex digits"])
    result = CorpusResult("tiny", ["Devices 1"], run, score(_truth(), []), [{"id": "r9", "why": "no pair"}])
    report = render_report(
        [result, CorpusResult("styles", [], note="not there yet")], "python -m benchmarks.accuracy", "today", "abc123"
    )
    assert "is not 8 hex digits" in report
    assert "| pairs per document | 0 | 0 | 4 | n/a | 0.000 | n/a |" in report
    assert "`r9`: no pair" in report and "not there yet" in report
    assert "recall 0.000" in headline(result) and "exited 2" in headline(result)


def test_the_report_says_which_goals_of_the_issue_are_met() -> None:
    run = RunOutcome(["firpath", "run"], 0, 0.3, [])
    result = CorpusResult("tiny", ["Devices 1"], run, score(_truth(), []), [])
    report = render_report([result], "python -m benchmarks.accuracy", "today", "abc123")
    assert "## Goals" in report
    assert "| tiny | recall (pairs, held-out documents) | 0.0000 | >= 0.95 | **not met** |" in report


def test_a_held_out_corpus_reports_its_totals_but_not_which_styles_and_wordings_fail() -> None:
    run = RunOutcome(["firpath", "run"], 0, 0.3, [])
    held = CorpusResult("blind", ["Documents 3"], run, score(_truth(), _claims()), [], detailed=False)
    report = render_report([held], "python -m benchmarks.accuracy", "today", "abc123")
    assert "### By source kind" in report and "labelled statements extracted or listed" in report
    assert "By style" not in report and "min-family" not in report and "decoy-fixed-in" not in report


def test_a_decoy_listed_for_reading_is_counted() -> None:
    needs_reading = [{"file": NOTE, "location": "page 1", "text": "The display shows B6 after the restart.", "why": "unsure"}]
    assert score(_truth(), _claims(), needs_reading)["decoys"]["listed"] == 1
