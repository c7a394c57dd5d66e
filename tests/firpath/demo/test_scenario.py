"""The demo's inputs are the same bytes every time they are generated: a second `make demo` reads no
document again (content hashes) and the reviews made after the first one still hold."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from firpath.demo import write_demo

pytestmark = pytest.mark.unit


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_the_demo_inputs_are_the_same_bytes_every_time(tmp_path):
    first = _files(write_demo(tmp_path).inbox.parent)
    # a second `make demo`, later: PDF creation dates, zip entry times, workbook properties and
    # Outlook delivery times go to the second (zip entries: two seconds); MIME boundaries are random
    time.sleep(2.1)
    second = _files(write_demo(tmp_path).inbox.parent)
    assert sorted(first) == sorted(second)
    assert len(first) == 16  # the inbox's 14 files, the CPL and the FIR
    assert [name for name in first if first[name] != second[name]] == []
