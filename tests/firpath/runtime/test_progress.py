"""Progress lines: quiet for short runs, throttled for long ones, with rate and ETA."""

from __future__ import annotations

import io

import pytest

from firpath.runtime.progress import ProgressLine, progress_text

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("done", "total", "elapsed", "expected"),
    [
        (50, 200, 10.0, "extract: 50/200 documents (25%), 5.0/s, ETA 0:30"),
        (200, 200, 40.0, "extract: 200/200 documents (100%), 5.0/s, done"),
        (0, 10, 1.0, "extract: 0/10 documents (0%), 0.0/s, ETA --:--"),
        (1, 7201, 1.0, "extract: 1/7201 documents (0%), 1.0/s, ETA 2:00:00"),
    ],
)
def test_progress_text(done, total, elapsed, expected):
    assert progress_text("extract", "documents", done, total, elapsed) == expected


def test_a_short_run_prints_nothing():
    stream = io.StringIO()
    progress = ProgressLine("extract", stream=stream, quiet_seconds=60)
    for done in range(1, 11):
        progress(done, 10)
    assert stream.getvalue() == ""


def test_a_long_run_prints_at_most_one_line_per_interval_and_the_end():
    stream = io.StringIO()
    progress = ProgressLine("extract", stream=stream, quiet_seconds=0, every_seconds=3600)
    for done in range(1, 101):
        progress(done, 100)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("extract: 1/100 documents") and lines[1].startswith("extract: 100/100 documents")
