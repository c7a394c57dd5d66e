"""`review import` under the same limits as the inbox readers, and fast enough for a large backfill
(#15.5): a returned workbook is a file from outside like any other."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from firpath.review.board import ReviewBoard
from firpath.review.workbook import WORKBOOK_COLUMNS, NotAReviewWorkbook, import_workbook
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore
from tests.faults.review_store import build_finished_run, returned_workbook

pytestmark = pytest.mark.integration


def _board(root: Path, devices: int) -> Iterator[ReviewBoard]:
    url = store_url(root, StoreSettings(url=None))
    build_finished_run(url, devices)
    store = StagingStore.open(url)
    try:
        yield ReviewBoard.open(store)
    finally:
        store.close()


@pytest.fixture
def board(tmp_path: Path) -> Iterator[ReviewBoard]:
    """150 proposals (50 devices, three versions each)."""
    yield from _board(tmp_path / "wd", 50)


@pytest.fixture
def large_board(tmp_path: Path) -> Iterator[ReviewBoard]:
    """3,000 proposals."""
    yield from _board(tmp_path / "large", 1000)


def _with_a_long_reason(returned: Path, characters: int) -> None:
    """The reason cell of the first row made `characters` long, in the sheet's XML (openpyxl itself
    would cut it to Excel's 32,767): it compresses to a few KB, as the 1.5 GB string in a 1.5 MB
    workbook did."""
    import re
    import zipfile

    with zipfile.ZipFile(returned) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    column = WORKBOOK_COLUMNS.index("reason")
    letter = chr(ord("A") + column)
    cell = f'<c r="{letter}2" t="inlineStr"><is><t>{"x" * characters}</t></is></c>'.encode()
    parts[sheet], found = re.subn(rb'<c r="' + letter.encode() + rb'2"[^>]*/>|<c r="' + letter.encode() + rb'2".*?</c>',
                                  cell, parts[sheet], count=1)  # fmt: skip
    assert found == 1
    with zipfile.ZipFile(returned, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_workbook_whose_parts_expand_past_the_limit_is_refused_before_it_is_unpacked(board, tmp_path, monkeypatch):
    returned = tmp_path / "returned.xlsx"
    returned_workbook(board, returned)
    _with_a_long_reason(returned, 3 * 2**20)
    assert returned.stat().st_size < 200_000
    monkeypatch.setenv("FIRPATH_MAX_EXPANDED_MB", "2")
    with pytest.raises(NotAReviewWorkbook, match="zip bomb refused: .* over the 2 MB limit"):
        import_workbook(board, returned, "alice")
    assert board.store.reviews.decisions() == []


def test_a_workbook_over_the_row_limit_is_refused(board, tmp_path, monkeypatch):
    returned = tmp_path / "returned.xlsx"
    returned_workbook(board, returned)
    monkeypatch.setenv("FIRPATH_MAX_SHEET_ROWS", "100")
    with pytest.raises(NotAReviewWorkbook, match="more than 100 rows"):
        import_workbook(board, returned, "alice")
    assert board.store.reviews.decisions() == []


def test_a_workbook_over_the_size_limit_is_not_opened(board, tmp_path, monkeypatch):
    returned = tmp_path / "returned.xlsx"
    returned_workbook(board, returned)
    monkeypatch.setenv("FIRPATH_MAX_DOCUMENT_MB", "0.001")
    with pytest.raises(NotAReviewWorkbook, match="over the 0.001 MB limit"):
        import_workbook(board, returned, "alice")
    assert board.store.reviews.decisions() == []


def test_a_large_import_is_quick_and_reports_its_progress(large_board, tmp_path):
    """3,000 proposals decided in one workbook: 22 rows a second before (over two minutes), now a few
    seconds. (100,000 rows: docs/reliability.md, measured.)"""
    board = large_board
    returned = tmp_path / "returned.xlsx"
    decided = returned_workbook(board, returned)
    seen: list[tuple[int, int]] = []
    started = time.perf_counter()
    result = import_workbook(board, returned, "alice", progress=lambda done, total: seen.append((done, total)))
    elapsed = time.perf_counter() - started
    assert result.accepted == decided and not result.refused
    assert len(board.store.reviews.decisions()) == decided
    assert elapsed < 30, f"{decided} decisions took {elapsed:.1f} s"
    assert seen and seen[-1] == (decided, decided) and [d for d, _ in seen] == sorted(d for d, _ in seen)
