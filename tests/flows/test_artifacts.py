"""Each backfill leaves its summary, its proposals and links to its review files on its flow run,
read back here through Prefect's client."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from flows.artifacts import (
    PROPOSAL_COLUMNS,
    PROPOSALS_KEY,
    SUMMARY_KEY,
    data_docs_links,
    proposal_rows,
    review_file_links,
)
from tests.builders import cpl_entry, proposal


def _artifacts(flow_run_id: str) -> list:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        return client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.integration
def test_the_summary_artifact_holds_the_runs_figures_and_inputs(demo_in_prefect) -> None:  # noqa: ANN001
    workdir, inputs, result = demo_in_prefect
    [summary] = [a for a in _artifacts(result.flow_run_id) if a.key == SUMMARY_KEY]
    assert summary.type == "markdown"
    markdown = summary.data
    assert markdown.startswith(f"# Backfill run {result.run_id}\n")
    # the demo's figures (README, "The two commands")
    assert "| Documents | 17 read from 14 files (attachments included; 17 read now, 0 from cache), 4 quarantined |" in markdown
    assert ("| Claims | 24 found: 19 mapped to CPL entries, 4 unmapped, 1 superseded by a newer email; "
            "0 listed for reading (needs_reading.csv) |") in markdown  # fmt: skip
    assert "| Proposals | 13: 9 add, 1 modify, 2 unchanged, 1 conflict; 2 flagged by expectations |" in markdown
    assert f"- CPL export: `{inputs.cpl}`" in markdown and f"- inbox: `{inputs.inbox}`" in markdown
    assert f"Review files: `{workdir / 'review'}`" in markdown


@pytest.mark.integration
def test_the_proposals_table_is_proposed_changes_csv_without_its_long_columns(demo_in_prefect) -> None:  # noqa: ANN001
    _, _, result = demo_in_prefect
    [table] = [a for a in _artifacts(result.flow_run_id) if a.key == PROPOSALS_KEY]
    assert table.type == "table"
    rows = json.loads(table.data)
    expected = [{c: row[c] for c in PROPOSAL_COLUMNS} for row in _csv_rows(result.files.proposed_csv)]
    assert rows == expected and len(rows) == 13
    by_entry = {row["cpl_entry_id"]: row for row in rows}
    assert (by_entry["1103"]["current_upgrade_path"], by_entry["1103"]["proposed_upgrade_path"]) == ("1101", "1102")
    assert by_entry["1103"]["change"] == "modify"
    assert by_entry["2204"]["change"] == "conflict" and "2203" in by_entry["2204"]["alternatives"]


@pytest.mark.integration
def test_each_review_file_is_linked(demo_in_prefect) -> None:  # noqa: ANN001
    workdir, _, result = demo_in_prefect
    links = [a.data for a in _artifacts(result.flow_run_id) if a.key is None and a.description.endswith("review file")]
    review = workdir / "review"
    tables = ["claims", "needs_reading", "notices", "proposed_changes", "quarantine", "unmapped"]
    names = [f"{table}{suffix}" for table in tables for suffix in (".csv", ".parquet")]
    names += ["proposed_changes.xlsx", "validation.html"]
    assert sorted(links) == sorted(f"[{name}]({(review / name).resolve().as_uri()})" for name in names)


@pytest.mark.integration
def test_the_data_docs_index_and_this_runs_pages_are_linked(demo_in_prefect) -> None:  # noqa: ANN001
    workdir, _, result = demo_in_prefect
    links = {a.data for a in _artifacts(result.flow_run_id) if a.key is None and "Data Docs" in a.description}
    index = workdir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert f"[Data Docs]({index.resolve().as_uri()})" in links
    pages = {link for link in links if link.startswith("[Data Docs: ")}
    suites = {link.split("]")[0].removeprefix("[Data Docs: ") for link in pages}
    assert {"claims", "proposals"} <= suites and len(pages) == len(suites) == len(links) - 1
    for link in pages:  # this run's page, under the run's name, and there
        uri = link.split("(", 1)[1].removesuffix(")")
        assert f"/backfill-{result.run_id}/" in uri and Path(unquote(urlparse(uri).path)).is_file()


@pytest.mark.unit
def test_links_name_every_file_of_the_review_folder_and_no_folder(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text("x")
    (tmp_path / "a.parquet").write_bytes(b"x")
    (tmp_path / "docs").mkdir()
    assert review_file_links(tmp_path) == [
        ((tmp_path / "a.parquet").as_uri(), "a.parquet"), ((tmp_path / "b.csv").as_uri(), "b.csv"),
    ]  # fmt: skip


@pytest.mark.unit
def test_data_docs_links_name_the_index_then_each_suites_page(tmp_path: Path) -> None:
    index, claims, graph = tmp_path / "index.html", tmp_path / "c.html", tmp_path / "g.html"
    assert data_docs_links(index, {"graph": graph, "claims": claims}) == [
        (index.as_uri(), "Data Docs"), (claims.as_uri(), "Data Docs: claims"), (graph.as_uri(), "Data Docs: graph"),
    ]  # fmt: skip
    assert data_docs_links(None, {}) == []


@pytest.mark.unit
def test_a_conflicts_row_lists_its_alternatives_and_no_evidence() -> None:
    target, one, other = cpl_entry("T", "01000003"), cpl_entry("A", "01000001"), cpl_entry("B", "01000002")
    [row] = proposal_rows([proposal(target, [one], [other])], {})
    assert list(row) == list(PROPOSAL_COLUMNS)
    assert (row["cpl_entry_id"], row["change"], row["proposed_upgrade_path"]) == ("T", "conflict", "")
    assert row["alternatives"].startswith("A (from ") and " | B (from " in row["alternatives"]
