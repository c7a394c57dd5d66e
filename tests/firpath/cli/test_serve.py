"""`firpath serve` refuses, saying what to do, where it cannot keep a schedule: no long-lived server."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from firpath.cli import app
from firpath.demo import write_demo

pytestmark = pytest.mark.unit


def _serve(inputs, *extra: str):  # noqa: ANN001, ANN202
    return CliRunner().invoke(app, ["serve", "--inbox", str(inputs.inbox), "--cpl", str(inputs.cpl), "--fir",
                                    str(inputs.fir), *extra])  # fmt: skip


def test_without_a_prefect_server_it_says_how_to_start_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(tmp_path / "prefect-home" / "profiles.toml"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    result = _serve(write_demo(tmp_path))
    assert result.exit_code == 2
    assert "prefect server start" in result.output and "PREFECT_API_URL" in result.output


def test_one_schedule_at_a_time(tmp_path: Path) -> None:
    result = _serve(write_demo(tmp_path), "--every", "15", "--cron", "0 7 * * *")
    assert result.exit_code == 2 and "--every or --cron, not both" in result.output


def test_a_missing_register_is_named(tmp_path: Path) -> None:
    inputs = write_demo(tmp_path)
    inputs.fir.unlink()
    result = _serve(inputs)
    assert result.exit_code == 2 and f"FIR export {inputs.fir} does not exist" in result.output
