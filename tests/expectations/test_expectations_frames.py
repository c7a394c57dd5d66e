from __future__ import annotations

import pandas as pd
import pytest

from expectations.frames import (
    CLAIM_COLUMNS,
    EDGE_COLUMNS,
    PROPOSAL_COLUMNS,
    claim_frame,
    claims_in_scope,
    edge_frame,
    proposal_frame,
)
from firpath.domain import Alternative, ChangeKind, ProposedChange, UpgradePath
from tests.expectations.expectation_builders import CPL, E1, E2, E3, X1, Z9, claim, proposal

CPL_BY_ID = {e.entry_id: e for e in CPL}


@pytest.mark.unit
@pytest.mark.parametrize(
    ("frame", "columns"),
    [
        (claim_frame([]), CLAIM_COLUMNS),
        (edge_frame([], CPL_BY_ID, {}), EDGE_COLUMNS),
        (proposal_frame([]), PROPOSAL_COLUMNS),
    ],
)
def test_an_empty_input_gives_an_empty_frame_with_every_column(
    frame: pd.DataFrame, columns: dict[str, str]
) -> None:
    assert frame.empty
    assert list(frame.columns) == list(columns)
    expected = {c: str(pd.Series([], dtype=t).dtype) for c, t in columns.items()}
    assert {c: str(t) for c, t in frame.dtypes.items()} == expected


@pytest.mark.unit
def test_claim_frame_rows() -> None:
    parsed = claim(E3, [E1, E2])
    unparsed = claim(E2, [E1], unparsed_base="see notes", target_parses=False, target_text="the spring release")
    no_base = claim(E1, [])
    frame = claim_frame([parsed, unparsed, no_base, parsed]).set_index("claim_id")
    assert list(frame.index) == [parsed.claim_id, unparsed.claim_id, no_base.claim_id]
    assert frame.loc[parsed.claim_id, "target_version"] == "01020000"
    assert frame.loc[parsed.claim_id, "base_texts"] == "01000000; 01010000"
    assert frame.loc[parsed.claim_id, "base_versions_parse"]
    assert pd.isna(frame.loc[unparsed.claim_id, "target_version"])
    assert frame.loc[unparsed.claim_id, "target_text"] == "the spring release"
    assert not frame.loc[unparsed.claim_id, "base_versions_parse"]
    assert frame.loc[no_base.claim_id, "base_versions_parse"]  # nothing to parse
    assert frame["has_evidence"].all()


@pytest.mark.unit
@pytest.mark.parametrize(("file", "text"), [("notes.pdf", "  "), ("", "Install on top of 01000000")])
def test_evidence_needs_a_file_and_quoted_text(file: str, text: str) -> None:
    assert not claim_frame([claim(E2, [E1], file=file, evidence_text=text)])["has_evidence"].any()


@pytest.mark.unit
def test_claims_in_scope_adds_the_claims_proposals_cite_once() -> None:
    loose = claim(E1, [])
    cited = proposal(E2, [E1])
    scope = claims_in_scope([loose, cited.claims[0].claim], [cited])
    assert [c.claim_id for c in scope] == [loose.claim_id, cited.claims[0].claim.claim_id]


@pytest.mark.unit
def test_edge_frame_has_one_row_per_target_base_pair_across_alternatives() -> None:
    conflict = proposal(E3, [E1], [E1, E2])
    frame = edge_frame([conflict], CPL_BY_ID, {})
    assert list(frame["edge_id"]) == ["E3 <- E1", "E3 <- E2"]
    row = frame.iloc[0]
    assert (row["target_entry_id"], row["base_entry_id"]) == ("E3", "E1")
    assert row["target_in_cpl"] and row["base_in_cpl"]
    assert row["target_device"] == row["base_device"] == "0A0B/0001/HW 0001"
    assert (row["target_fw_value"], row["base_fw_value"]) == (E3.firmware_version.sort_text, E1.firmware_version.sort_text)
    assert not row["is_self_base"] and not row["in_cycle"]


@pytest.mark.unit
def test_edge_frame_marks_foreign_self_and_missing_bases() -> None:
    frame = edge_frame(
        [proposal(E3, [X1]), proposal(E2, [E2]), proposal(E1, [Z9]), proposal(Z9, [E1])], CPL_BY_ID, {}
    ).set_index("edge_id")
    assert frame.loc["E3 <- X1", "base_device"] == "0A0B/0001/HW 0002"
    assert frame.loc["E2 <- E2", "is_self_base"]
    assert not frame.loc["E2 <- E2", "in_cycle"]
    missing = frame.loc["E1 <- Z9"]
    assert not missing["base_in_cpl"]
    assert pd.isna(missing["base_device"]) and pd.isna(missing["base_fw_value"])
    outside = frame.loc["Z9 <- E1"]
    assert not outside["target_in_cpl"]
    assert outside["target_fw_value"] == Z9.firmware_version.sort_text  # read from the proposal's entry
    # E1 <- Z9 and Z9 <- E1 are a cycle although Z9 is not in the CPL
    assert frame.loc["E1 <- Z9", "in_cycle"] and frame.loc["Z9 <- E1", "in_cycle"]


@pytest.mark.unit
def test_in_cycle_sees_fir_paths_of_entries_without_a_proposal_only() -> None:
    proposals = [proposal(E1, [E2])]
    assert edge_frame(proposals, CPL_BY_ID, {"E2": UpgradePath(("E1",))})["in_cycle"].all()
    assert not edge_frame(proposals, CPL_BY_ID, {"E2": None})["in_cycle"].any()
    # E2's FIR path would close a cycle, but E2's proposal replaces it
    replaced = [proposal(E1, [E2]), proposal(E2, [E3])]
    assert not edge_frame(replaced, CPL_BY_ID, {"E2": UpgradePath(("E1",))})["in_cycle"].any()


@pytest.mark.unit
def test_proposal_frame_rows() -> None:
    unbacked = ProposedChange(E1, None, (Alternative(UpgradePath(("E9",)), ()),), ChangeKind.ADD)
    blank = proposal(E2, [E1], claims=[claim(E2, [E1], evidence_text=" ")])
    two_sources = proposal(
        E3, [E1], claims=[claim(E3, [E1]), claim(E3, [E1], file="mail.eml")], current=UpgradePath(("E2",))
    )
    frame = proposal_frame([unbacked, blank, two_sources]).set_index("cpl_entry_id")
    assert pd.isna(frame.loc["E1", "evidence"]) and frame.loc["E1", "n_claims"] == 0
    assert frame.loc["E2", "evidence"] == ""
    row = frame.loc["E3"]
    assert (row["change"], row["current"], row["proposed"]) == ("modify", "E2", "E1")
    assert (row["n_alternatives"], row["n_claims"], row["n_sources"]) == (1, 2, 2)
    assert 'notes.pdf, page 1: "Install 01020000' in row["evidence"] and "mail.eml" in row["evidence"]


@pytest.mark.unit
def test_a_conflict_has_no_proposed_path() -> None:
    frame = proposal_frame([proposal(E3, [E1], [E2])])
    assert pd.isna(frame.loc[0, "proposed"]) and frame.loc[0, "change"] == "conflict"
