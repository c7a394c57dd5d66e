"""The `firpath` command's help as a newcomer reads it on an 80-column terminal: every command with a
one-line summary, option help wrapped and never cut, paragraphs reflowed, and a --version."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import version

import click
import pytest
import typer
from typer.testing import CliRunner

from firpath.cli import app

pytestmark = pytest.mark.unit

COMMANDS = (
    "run", "demo", "review", "publish", "verify", "check", "fetch-mail", "template", "status", "routes", "serve",
)  # fmt: skip
REVIEW_COMMANDS = (
    "add-user", "disable-user", "reset-password", "list-users", "serve", "export", "propose", "import",
)  # fmt: skip


def _help(*args: str, width: int = 80) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.output


def _commands_listed(output: str) -> dict[str, str]:
    """name -> its summary, from the "Commands:" section (one line each)."""
    section = output.split("Commands:\n", 1)[1]
    return dict(line.split(None, 1) for line in section.splitlines() if line.strip())


@pytest.mark.parametrize(("group", "names"), [((), COMMANDS), (("review",), REVIEW_COMMANDS)], ids=["firpath", "review"])
def test_help_lists_every_command_with_a_whole_one_line_summary(group, names):
    listed = _commands_listed(_help(*group))
    assert tuple(listed) == names  # every line of the section starts with a command: no wrapped summary
    for name, summary in listed.items():
        assert summary.endswith(".") and not summary.endswith("..."), (name, summary)


def _every_command() -> list[tuple[str, ...]]:
    return [(name,) for name in COMMANDS if name != "review"] + [("review", name) for name in REVIEW_COMMANDS]


@pytest.mark.parametrize("command", [(), ("review",), *_every_command()], ids=lambda c: " ".join(c) or "firpath")
def test_help_fits_80_columns_and_cuts_nothing(command):
    output = _help(*command)
    assert [line for line in output.splitlines() if len(line) > 80] == []
    assert "\u2026" not in output  # an ellipsis: a word cut to fit a column


def test_the_dask_options_are_explained_in_full():
    text = " ".join(_help("run").split())
    assert ("--dask Read documents on a Dask cluster: the scheduler at FIRPATH_DASK_ADDRESS, else a local cluster "
            "started for the run. Every worker must reach the store (FIRPATH_STORE_URL).") in text  # fmt: skip


def _command(path: tuple[str, ...]) -> click.Command:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


@pytest.mark.parametrize("command", _every_command(), ids=" ".join)
def test_each_paragraph_of_a_command_description_is_reflowed(command):
    """A docstring's line breaks are not kept: each paragraph is filled to the terminal's width."""
    output = _help(*command, width=80)
    for paragraph in textwrap.dedent(_command(command).help or "").split("\n\n"):
        filled = textwrap.fill(" ".join(paragraph.split()), width=80, initial_indent="  ", subsequent_indent="  ")
        assert filled in output


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"firpath {version('firpath')}\n"


@pytest.mark.integration
def test_python_dash_m_firpath_is_the_command():
    command = [sys.executable, "-m", "firpath", "--version"]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"firpath {version('firpath')}\n", "")
