"""benchmarks/results_file.py: each benchmark rewrites its own section of RESULTS.md and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.results_file import write_section

pytestmark = pytest.mark.unit


def test_a_section_is_replaced_in_place_and_the_others_kept(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nintro\n\n## Speed\n\nold figures\n\n## Reading\n\nhand-written\n\n## Routes\n\nr1\n")
    write_section(results, "## Speed", "## Speed\n\nnew figures")
    write_section(results, "## Routes", "## Routes\n\nr2")
    assert results.read_text() == (
        "# Benchmark results\n\nintro\n\n## Speed\n\nnew figures\n\n## Reading\n\nhand-written\n\n## Routes\n\nr2\n"
    )


def test_a_new_section_is_appended(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    write_section(results, "## Accuracy", "## Accuracy\n\nfigures\n")
    assert results.read_text() == "# Benchmark results\n\n## Accuracy\n\nfigures\n"
