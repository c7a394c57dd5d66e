"""Fixtures for the publish tests.

- `small_board_factory` / `small_board`: a review board over a hand-built run (a few CPL entries of
  one model, a FIR CSV and proposals whose evidence the test chooses), written straight into a
  SQLite store in tmp_path: no Prefect.
- `demo_store` (integration): the demo corpus through the real backfill flow once per module,
  imported by "ingrid"; `demo_board` gives each test its own copy of that store, so one test's
  decisions never leak into another's.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest  # noqa: E402

from firpath.review.board import ReviewBoard  # noqa: E402
from staging.settings import StoreSettings, store_url  # noqa: E402
from staging.store import StagingStore  # noqa: E402
from tests.firpath.publish.publish_builders import SmallRun, build_small_board, register_reviewers  # noqa: E402


@pytest.fixture
def small_board_factory(tmp_path: Path) -> Iterator[Callable[[SmallRun], ReviewBoard]]:
    opened: list[ReviewBoard] = []

    def make(run: SmallRun = SmallRun()) -> ReviewBoard:
        root = tmp_path / f"work{len(opened)}"
        root.mkdir()
        board = build_small_board(root, run)
        opened.append(board)
        return board

    yield make
    for board in opened:
        board.store.close()


@pytest.fixture
def small_board(small_board_factory: Callable[[SmallRun], ReviewBoard]) -> ReviewBoard:
    return small_board_factory(SmallRun())


# --- the demo corpus through the real flow -----------------------------------------------------------


@pytest.fixture(scope="module")
def demo_store(prefect_harness, tmp_path_factory) -> tuple[Path, Path]:
    """(staging store file, FIR export) after one backfill of the demo corpus imported by ingrid."""
    from firpath.demo import write_demo
    from flows.backfill import backfill_flow

    workdir = tmp_path_factory.mktemp("publish-demo")
    inputs = write_demo(workdir)
    url = store_url(workdir, StoreSettings(url=None))
    backfill_flow(inputs.inbox, inputs.cpl, inputs.fir, workdir, url, 1, "ingrid")
    with StagingStore.open(url) as store:
        register_reviewers(store)
    return workdir / "staging.sqlite", inputs.fir


@pytest.fixture
def demo_board(demo_store: tuple[Path, Path], tmp_path: Path) -> Iterator[ReviewBoard]:
    store_file, _ = demo_store
    copy = tmp_path / "work"
    copy.mkdir()
    shutil.copyfile(store_file, copy / "staging.sqlite")
    with StagingStore.open(store_url(copy, StoreSettings(url=None))) as store:
        yield ReviewBoard.open(store)
