"""The file-backed GX project in the workdir: every run's results kept, Data Docs that list every run
and name failing rows by file and location, with links to their proposals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from expectations.gx_project import data_docs_index
from expectations.runner import DataDocsRun, ValidationReport, validate
from tests.expectations.expectation_builders import CPL, E1, E2, E3, claim, proposal

pytestmark = pytest.mark.unit

HOSTILE_FILE = "mail.eml > <script>alert(1)</script>.pdf"


def _run(workdir: Path, name: str) -> ValidationReport:
    """E3's claim names a base no CPL version matches: the claims suite fails on that row."""
    bad = claim(E3, [E1], unparsed_base="see notes", file=HOSTILE_FILE)
    return validate([], [proposal(E2, [E1]), proposal(E3, [E1], claims=[bad])], CPL, {},
                    data_docs=DataDocsRun(workdir, name))  # fmt: skip


def _validation_pages(index: Path) -> set[str]:
    """The validation result pages the index lists (its table is data that the page's script lays out)."""
    return set(re.findall(r"'_table_row_link_path': '(validations/[^']+\.html)'", index.read_text(encoding="utf-8")))


def test_after_two_runs_the_data_docs_index_lists_both_runs_and_every_result_is_kept(tmp_path: Path) -> None:
    first = _run(tmp_path, "backfill-run1")
    assert first.data_docs == data_docs_index(tmp_path) and first.data_docs.is_file()
    assert first.flags == {"E3": ("a base version does not read as a firmware version",)}
    second = _run(tmp_path, "backfill-run2")
    assert second.data_docs == first.data_docs

    pages = _validation_pages(second.data_docs)
    for run in ("backfill-run1", "backfill-run2"):
        listed = {p.split("/")[1] for p in pages if p.split("/")[2] == run}
        assert listed == {"claims", "edges", "proposals"}, run
    assert len(pages) == 6
    for page in pages:
        assert (second.data_docs.parent / page).is_file()
    assert set(second.data_docs_pages) == {"claims", "edges", "proposals"}
    for suite, page in second.data_docs_pages.items():
        assert page.is_file() and page.relative_to(second.data_docs.parent).as_posix() in pages
        assert page.parts[-4:-2] == (suite, "backfill-run2")
    kept = list((tmp_path / "gx" / "uncommitted" / "validations").rglob("*.json"))
    assert {p.relative_to(tmp_path / "gx" / "uncommitted" / "validations").parts[:2] for p in kept} == {
        (suite, run) for suite in ("claims", "edges", "proposals") for run in ("backfill-run1", "backfill-run2")
    }


def test_data_docs_name_failing_rows_by_file_and_location_link_their_proposal_and_escape_markup(tmp_path: Path) -> None:
    """Pins a GX internal: Data Docs write `unexpected_index_column_names` values into the page as
    HTML, unescaped (great_expectations/render/util.py, build_count_and_index_table). firpath escapes
    every text cell itself (expectations/naming.py) and relies on that for its proposal links. If GX
    starts escaping, the link below turns into visible markup and the file name is escaped twice:
    then drop the escaping in expectations/naming.py and make the proposal column plain text."""
    report = _run(tmp_path, "backfill-run1")
    (page,) = [p for p in _validation_pages(report.data_docs) if p.startswith("validations/claims/")]
    html = (report.data_docs.parent / page).read_text(encoding="utf-8")

    assert "<script>alert(1)" not in html
    assert "mail.eml &gt; &lt;script&gt;alert(1)&lt;/script&gt;.pdf" in html
    assert ">page 1<" in html
    assert '<a href="http://127.0.0.1:8050/proposal/E3">E3</a>' in html
    failing = next(o for o in report.failures if o.suite == "claims")
    assert failing.failing_rows == (f"{HOSTILE_FILE}, page 1",)
    assert not re.search(r"\b[0-9a-f]{16}\b", html.split("<body", 1)[1])  # no claim id hash anywhere


def test_without_a_project_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = validate([], [proposal(E2, [E1])], CPL, {})
    assert report.data_docs is None and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("damaged", ["great_expectations.yml", "expectations/claims.json"])
def test_a_project_whose_configuration_a_killed_run_cut_short_is_made_anew_and_keeps_its_results(
    tmp_path: Path, damaged: str, caplog: pytest.LogCaptureFixture
) -> None:
    _run(tmp_path, "backfill-run1")
    path = tmp_path / "gx" / damaged
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # as a write cut short leaves it

    report = _run(tmp_path, "backfill-run2")
    assert report.flags == {"E3": ("a base version does not read as a firmware version",)}
    assert {p.split("/")[2] for p in _validation_pages(report.data_docs)} == {"backfill-run1", "backfill-run2"}
    (aside,) = (tmp_path / "gx").glob("damaged-*")
    assert (aside / damaged).is_file()
    assert "did not open" in caplog.text
