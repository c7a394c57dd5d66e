"""`firpath run` and Ctrl-C: an error a library raises while the interrupt unwinds it is the interrupt."""

from __future__ import annotations

import pytest

from firpath.cli.run import during_interrupt

pytestmark = pytest.mark.unit


def _raised_while_interrupted() -> ValueError:
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise ValueError("Task run is not set")  # what Prefect's task engine raised in a fresh clone's CI
    except ValueError as exc:
        return exc


def test_an_error_raised_while_a_ctrl_c_was_handled_counts_as_the_interrupt() -> None:
    assert during_interrupt(_raised_while_interrupted())
    wrapped = RuntimeError("stage failed")
    wrapped.__cause__ = _raised_while_interrupted()
    assert during_interrupt(wrapped)


def test_an_ordinary_error_is_not_an_interrupt() -> None:
    assert not during_interrupt(ValueError("bad register"))
    looped = ValueError("a")
    looped.__context__ = looped  # a cycle never hangs the walk
    assert not during_interrupt(looped)
