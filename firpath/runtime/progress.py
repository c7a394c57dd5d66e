"""A run's progress on the terminal, from its first second: a row per stage as it starts, and for
the stages that count (files stored, documents read) done/total, rate and ETA. Drawn by rich, which
the CLI uses already.

Shown only while `shown_progress()` is open and stderr is a terminal: piped into a file or another
program, a run prints its summary and nothing else. Stages report through `stage_shown()` (every
`firpath.runtime.timing.stage` does) and `counter()`, which do nothing when no display is open
(tests, a Dask worker, a piped run).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

# The row shown from the moment the display opens until the first stage starts: the Prefect
# server's start, the registers' check, the imports (a few seconds a run spends before its flow).
FIRST_ROW = "start"

_lock = threading.Lock()
_display: _Display | None = None


class _Count(ProgressColumn):
    """`120/400 documents, 8.3/s` for a stage that counts; nothing for one that does not."""

    def render(self, task: Task) -> Text:
        if task.total is None or not task.fields.get("unit"):
            return Text("")
        rate = f", {task.speed:.1f}/s" if task.speed and not task.finished else ""
        return Text(f"{task.completed:.0f}/{task.total:.0f} {task.fields['unit']}{rate}")


class _Remaining(TimeRemainingColumn):
    """The ETA of a stage that counts, while it runs."""

    def render(self, task: Task) -> Text:
        if task.total is None or task.finished or not task.fields.get("unit"):
            return Text("")
        return Text.assemble("ETA ", super().render(task))


class _Display:
    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(finished_text="[green]done[/]"),
            TextColumn("{task.description}"),
            BarColumn(bar_width=30),
            _Count(),
            TimeElapsedColumn(),
            _Remaining(),
            console=console,
            transient=True,  # the summary stays, the progress goes
            redirect_stdout=sys.stdout.isatty(),  # stdout to a file keeps the run's summary in the file
            redirect_stderr=True,
        )
        self.rows: dict[str, TaskID] = {}
        self.begin(FIRST_ROW)

    def begin(self, name: str) -> TaskID:
        """A stage seen before (two stages read the registers) has its row begun again."""
        if FIRST_ROW in self.rows and name != FIRST_ROW:
            self.end(FIRST_ROW)
        if name in self.rows:
            self.progress.reset(self.rows[name], total=None, unit="")
        else:
            self.rows[name] = self.progress.add_task(name, total=None, unit="")
        return self.rows[name]

    def row(self, name: str) -> TaskID:
        """The stage's row as it is (a counter inside `stage_shown`), begun if there is none."""
        return self.rows[name] if name in self.rows else self.begin(name)

    def end(self, name: str) -> None:
        task = self.rows[name]
        total = self.progress.tasks[task].total or 1
        self.progress.update(task, total=total, completed=total)


@contextmanager
def shown_progress(console: Console | None = None) -> Iterator[bool]:
    """The run's progress drawn on `console` (stderr by default) until the block ends, if it is a
    terminal; True if it is shown."""
    global _display
    console = console if console is not None else Console(stderr=True)
    if not console.is_terminal:
        yield False
        return
    display = _Display(console)
    display.progress.start()
    with _lock:
        _display = display
    try:
        yield True
    finally:
        with _lock:
            _display = None
        display.progress.stop()


@contextmanager
def stage_shown(name: str) -> Iterator[None]:
    """A row for the stage while it runs, marked done when it ends."""
    with _lock:
        display = _display
        if display is not None:
            display.begin(name)
    try:
        yield
    finally:
        if display is not None:
            with _lock:
                display.end(name)


def counter(name: str, unit: str) -> Callable[[int, int], None] | None:
    """A callback `(done, total)` that moves the stage's row, or None when no progress is shown."""
    with _lock:
        display = _display
        if display is None:
            return None
        task = display.row(name)

    def update(done: int, total: int) -> None:
        display.progress.update(task, completed=done, total=total, unit=unit)

    return update
