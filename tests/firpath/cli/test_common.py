"""Read-only commands on a mistyped --workdir: one clear line, and nothing created (opening a store
would make the folder and an empty staging.sqlite)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from firpath.cli import app

pytestmark = pytest.mark.unit

COMMANDS = {
    "review export": ["review", "export", "--out", "{tmp}/review.xlsx"],
    "review import": ["review", "import", "{tmp}/review.xlsx", "--reviewer", "alice"],
    "review serve": ["review", "serve", "--port", "0"],
    "review propose": ["review", "propose", "3302", "--path", "3301", "--reason", "a letter", "--reviewer", "alice"],
    "review list-users": ["review", "list-users"],
    "review disable-user": ["review", "disable-user", "bob", "--by", "alice"],
    "review reset-password": ["review", "reset-password", "bob", "--by", "alice"],
    "publish": ["publish", "--out", "{tmp}/signed-off"],
    "verify": ["verify", "--out", "{tmp}/signed-off"],
    "check": ["check"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_read_only_command_on_a_missing_workdir_creates_nothing(tmp_path, monkeypatch, command):
    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    (tmp_path / "review.xlsx").write_bytes(b"")  # import's argument must exist
    typo = tmp_path / "typo"
    args = [arg.format(tmp=tmp_path) for arg in COMMANDS[command]]
    result = CliRunner().invoke(app, [*args, "--workdir", str(typo)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"error: no staging store in {typo} (run `firpath run` first, or pass --workdir)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.xlsx"]  # no workdir, no --out folder


@pytest.mark.parametrize("command", ["review export", "check"])
def test_a_store_url_naming_a_missing_file_creates_nothing(tmp_path, monkeypatch, command):
    missing = tmp_path / "elsewhere" / "store.sqlite"
    monkeypatch.setenv("FIRPATH_STORE_URL", f"sqlite:///{missing}")
    args = [arg.format(tmp=tmp_path) for arg in COMMANDS[command]]
    result = CliRunner().invoke(app, [*args, "--workdir", str(tmp_path / "wd")])
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"error: no staging store at {missing} (FIRPATH_STORE_URL)"]
    assert list(tmp_path.iterdir()) == []
