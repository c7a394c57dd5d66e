"""The run's progress: drawn from the start on a terminal, a row per stage, counts with their unit;
nothing at all when the output is not a terminal."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from firpath.runtime.progress import counter, shown_progress, stage_shown

pytestmark = pytest.mark.unit

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _console(stream: io.StringIO, *, terminal: bool) -> Console:
    return Console(file=stream, force_terminal=terminal, width=120)


def test_on_a_terminal_every_stage_has_a_row_and_counting_stages_their_counts():
    stream = io.StringIO()
    with shown_progress(_console(stream, terminal=True)) as shown:
        with stage_shown("read registers"):
            pass
        with stage_shown("ingest"):
            ingest = counter("ingest", "files")
            assert ingest is not None
            for done in range(11):
                ingest(done, 10)
        extract = counter("extract", "documents")  # a counter of its own, as on a Dask cluster
        assert extract is not None
        extract(3, 12)  # the last frame: extract still running
    assert shown
    drawn = stream.getvalue()
    # the frame drawn as the display stopped: after the last carriage return, before the cursor is shown again
    last_frame = ANSI.sub("", drawn[: drawn.rindex("\x1b[?25h")].split("\r")[-1])
    rows = [" ".join(line.split()) for line in last_frame.splitlines() if line.strip()]
    assert [row.split()[0:2] for row in rows[:3]] == [["done", "start"], ["done", "read"], ["done", "ingest"]]
    assert rows[3].split()[1] == "extract"  # after its spinner
    assert "10/10 files" in rows[2]
    assert "3/12 documents" in rows[3] and "ETA" in rows[3]


def test_the_first_row_is_there_before_any_stage():
    stream = io.StringIO()
    with shown_progress(_console(stream, terminal=True)):
        pass
    assert "start" in ANSI.sub("", stream.getvalue())


def test_nothing_is_shown_when_the_output_is_not_a_terminal():
    stream = io.StringIO()
    with shown_progress(_console(stream, terminal=False)) as shown, stage_shown("ingest"):
        assert counter("ingest", "files") is None
    assert not shown
    assert stream.getvalue() == ""


def test_without_a_display_stages_report_nothing():
    """Tests, Dask workers, and the flow called from Python: no display is open."""
    with stage_shown("extract"):
        assert counter("extract", "documents") is None
