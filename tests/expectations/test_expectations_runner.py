from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from expectations.runner import SUITE_KEYS, SUITES_DIR, SuiteError, ValidationReport, load_suite, validate
from firpath.domain import Alternative, ChangeKind, Claim, ProposedChange, UpgradePath
from tests.builders import claim_of
from tests.expectations.expectation_builders import CPL, E1, E2, E3, X1, Z9, claim, proposal

NOT_OLDER = "base firmware is not older than the target"
OTHER_DEVICE = "base is for another manufacturer, model or hardware version"
SELF_BASE = "entry is listed as its own base"
CYCLE = "upgrade paths form a cycle"
BASE_NOT_IN_CPL = "base entry is not in the CPL"
TARGET_NOT_IN_CPL = "target entry is not in the CPL"
TARGET_UNPARSED = "target version does not read as a firmware version"
BASE_UNPARSED = "a base version does not read as a firmware version"
CLAIM_NO_EVIDENCE = "claim has no evidence (no file or no quoted text)"
PROPOSAL_NO_CLAIM = "proposal cites no claim"
PROPOSAL_BLANK_EVIDENCE = "proposal evidence quotes no text"
READ_BY_OCR = "read by OCR: check the digits"


def run(
    *proposals: ProposedChange,
    fir: dict[str, UpgradePath | None] | None = None,
    claims: list[Claim] | None = None,
    **kwargs: Any,
) -> ValidationReport:
    return validate(claims or [], list(proposals), CPL, fir or {}, **kwargs)


def failed(report: ValidationReport) -> set[str]:
    return {o.description for o in report.failures}


@pytest.mark.unit
def test_the_suites_load_from_json_with_a_description_each() -> None:
    assert {p.stem for p in SUITES_DIR.glob("*.json")} == set(SUITE_KEYS)
    for name in SUITE_KEYS:
        suite = load_suite(name)
        descriptions = [e.meta["description"] for e in suite.expectations]
        assert suite.expectations and all(d.strip() for d in descriptions)
        assert len(set(descriptions)) == len(descriptions)  # a flag text names one rule


@pytest.mark.unit
def test_clean_proposals_pass_everything(clean_proposals: list[ProposedChange]) -> None:
    report = run(*clean_proposals, fir={"E1": UpgradePath(()), "E2": UpgradePath(("E1",))})
    assert report.success and report.flags == {}
    assert len(report.outcomes) == 12
    edges = [o for o in report.outcomes if o.suite == "edges"]
    assert {o.element_count for o in edges} == {3}


@pytest.mark.unit
def test_an_empty_run_validates() -> None:
    report = validate([], [], [], {})
    assert report.success and report.flags == {}
    assert report.suites == ("claims", "edges", "proposals")
    assert all(o.element_count == 0 for o in report.outcomes)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("bad", "entry_id", "descriptions"),
    [
        pytest.param(proposal(E3, [X1]), "E3", (OTHER_DEVICE,), id="base-from-other-hardware"),
        pytest.param(proposal(E1, [E3]), "E1", (NOT_OLDER,), id="base-newer-than-target"),
        # an entry is never older than itself, so a self base breaks both rules
        pytest.param(proposal(E1, [E1]), "E1", (NOT_OLDER, SELF_BASE), id="self-base"),
        pytest.param(proposal(E3, [E2, Z9]), "E3", (BASE_NOT_IN_CPL,), id="base-not-in-cpl"),
        pytest.param(proposal(Z9, [E1]), "Z9", (TARGET_NOT_IN_CPL,), id="target-not-in-cpl"),
        pytest.param(
            proposal(E3, [E1], claims=[claim(E3, [E1], unparsed_base="see notes")]), "E3", (BASE_UNPARSED,),
            id="unparsed-base-version",
        ),
        pytest.param(
            proposal(E3, [E1], claims=[claim(E3, [E1], target_parses=False, target_text="next spring")]), "E3",
            (TARGET_UNPARSED,), id="unparsed-target-version",
        ),
        pytest.param(
            proposal(E3, [E1], claims=[claim(E3, [E1], evidence_text="")]), "E3",
            (CLAIM_NO_EVIDENCE, PROPOSAL_BLANK_EVIDENCE), id="claim-without-evidence",
        ),
        pytest.param(
            ProposedChange(E3, None, (Alternative(UpgradePath(("E1",)), ()),), ChangeKind.ADD), "E3",
            (PROPOSAL_NO_CLAIM,), id="proposal-without-claims",
        ),
    ],
)
def test_each_rule_flags_exactly_the_affected_entry(
    bad: ProposedChange, entry_id: str, descriptions: tuple[str, ...]
) -> None:
    clean = [proposal(E2, [E1])] if entry_id != "E2" else [proposal(E3, [E2])]
    report = run(*clean, bad)
    assert report.flags == {entry_id: descriptions}
    assert failed(report) == set(descriptions)


@pytest.mark.unit
def test_a_cycle_between_two_proposals_flags_both() -> None:
    report = run(proposal(E2, [E1]), proposal(E1, [E2]), proposal(E3, [E2]))
    assert set(report.flags) == {"E1", "E2"}
    assert CYCLE in report.flags["E1"] and CYCLE in report.flags["E2"]
    cycle = next(o for o in report.outcomes if o.description == CYCLE)
    assert cycle.failing_rows == ("E2 <- E1", "E1 <- E2") and cycle.unexpected_count == 2


@pytest.mark.unit
def test_a_cycle_closed_through_the_fir_flags_the_proposed_entry() -> None:
    through_fir = run(proposal(E1, [E2]), proposal(E3, [E2]), fir={"E2": UpgradePath(("E1",))})
    assert through_fir.flags == {"E1": (NOT_OLDER, CYCLE)}
    without_fir = run(proposal(E1, [E2]), proposal(E3, [E2]), fir={"E2": None})
    assert without_fir.flags == {"E1": (NOT_OLDER,)}


@pytest.mark.unit
def test_a_failing_claim_that_never_mapped_flags_nothing_unless_the_caller_maps_it() -> None:
    loose = claim(E3, [E1], unparsed_base="see notes")
    report = run(proposal(E2, [E1]), claims=[loose])
    assert report.flags == {}
    outcome = next(o for o in report.outcomes if o.description == BASE_UNPARSED)
    assert not outcome.success and outcome.failing_rows == ("notes.pdf, page 1",) and outcome.entry_ids == ()
    mapped = run(proposal(E2, [E1]), claims=[loose], claim_entries={loose.claim_id: ["E3"]})
    assert mapped.flags == {"E3": (BASE_UNPARSED,)}


@pytest.mark.unit
def test_a_claim_read_by_ocr_flags_its_proposal_and_is_named_by_its_page() -> None:
    scanned = claim_of(E3, [E1], file="scans/notes.pdf", location="page 2 (read by OCR)")
    near_miss = claim_of(E2, [E1], location="page 2 (read by OCR) continued")  # the mark ends a location
    report = run(proposal(E3, [E1], claims=[scanned]), proposal(E2, [E1], claims=[near_miss]))
    assert report.flags == {"E3": (READ_BY_OCR,)}
    outcome = next(o for o in report.outcomes if o.description == READ_BY_OCR)
    assert outcome.failing_rows == ("scans/notes.pdf, page 2 (read by OCR)",) and outcome.unexpected_count == 1


@pytest.mark.unit
def test_a_claim_cited_by_two_proposals_flags_both() -> None:
    shared = claim(E3, [E1], evidence_text="")
    report = run(proposal(E3, [E1], claims=[shared]), proposal(E2, [E1], claims=[shared]))
    assert {e for e, flags in report.flags.items() if CLAIM_NO_EVIDENCE in flags} == {"E2", "E3"}


@pytest.mark.unit
def test_validate_accepts_the_cpl_as_a_mapping(clean_proposals: list[ProposedChange]) -> None:
    assert validate([], clean_proposals, {e.entry_id: e for e in CPL}, {}).success


@pytest.mark.unit
def test_validate_keeps_the_terminal_clean(capfd: pytest.CaptureFixture[str], clean_proposals) -> None:
    run(*clean_proposals, proposal(E1, [E3]))
    out, err = capfd.readouterr()
    assert out == "" and err == ""


@pytest.mark.unit
def test_one_validate_call_is_fast(clean_proposals: list[ProposedChange]) -> None:
    run(*clean_proposals)  # GX warms its expectation registry on first use
    start = time.perf_counter()
    run(*clean_proposals)
    assert time.perf_counter() - start < 2.0


def _write_suites(directory: Path, edges_expectations: list[dict]) -> Path:
    for name in SUITE_KEYS:
        data = json.loads((SUITES_DIR / f"{name}.json").read_text())
        if name == "edges":
            data["expectations"] = edges_expectations
        (directory / f"{name}.json").write_text(json.dumps(data))
    return directory


@pytest.mark.unit
@pytest.mark.parametrize(
    "expectation",
    [
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "in_cycle", "value_set": [False]}},
        {"type": "expect_no_such_thing", "kwargs": {"column": "in_cycle"}, "meta": {"description": "x"}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {}, "meta": {"description": "x"}},
    ],
    ids=["no-description", "unknown-type", "bad-kwargs"],
)
def test_a_broken_suite_is_an_error_not_a_silent_skip(tmp_path: Path, expectation: dict) -> None:
    with pytest.raises(SuiteError):
        load_suite("edges", _write_suites(tmp_path, [expectation]))


@pytest.mark.unit
def test_an_expectation_on_a_missing_column_is_an_error(tmp_path: Path, clean_proposals) -> None:
    suites = _write_suites(
        tmp_path,
        [
            {
                "type": "expect_column_values_to_not_be_null",
                "kwargs": {"column": "nope"},
                "meta": {"description": "x"},
            }
        ],
    )
    with pytest.raises(SuiteError, match="nope"):
        validate([], clean_proposals, CPL, {}, suites_dir=suites)
