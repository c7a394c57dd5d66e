"""`firpath serve` refuses, saying what to do, where it cannot keep a schedule: no long-lived server;
with `--by`, it serves only once the reviewer has signed in."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from firpath.cli import app
from firpath.demo import write_demo
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore
from tests.firpath.publish.publish_builders import REVIEWER_PASSWORDS, register_reviewers

pytestmark = pytest.mark.unit


def _serve(inputs, *extra: str, input: str | None = None):  # noqa: ANN001, ANN202, A002
    return CliRunner().invoke(app, ["serve", "--inbox", str(inputs.inbox), "--cpl", str(inputs.cpl), "--fir",
                                    str(inputs.fir), *extra], input=input)  # fmt: skip


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


@pytest.fixture
def signed_workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workdir whose store has the reviewer alice, and a Prefect server named (never reached: these
    tests stop before serving, or serve nothing)."""
    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    wd = tmp_path / "wd"
    with StagingStore.open(store_url(wd, StoreSettings(url=None))) as store:
        register_reviewers(store, ("alice",))
    return wd


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list:
    """The deployments `firpath serve` would serve, instead of serving them."""
    import prefect

    deployments: list = []
    monkeypatch.setattr(prefect, "serve", lambda *d, **_: deployments.extend(d))
    return deployments


@pytest.mark.parametrize(("name", "password"), [("alice", "not-her-password"), ("mallory", "any-password-1")])
def test_by_needs_the_reviewers_password_before_serving(tmp_path, signed_workdir, served, name, password):  # noqa: ANN001
    """As `firpath run --by` (#15): the scheduled runs record a reviewer only if they signed in."""
    result = _serve(write_demo(tmp_path), "--workdir", str(signed_workdir), "--by", name, input=password + "\n")
    assert result.exit_code == 2 and "wrong name or password" in result.output
    assert served == []


def test_the_runs_are_imported_by_the_signed_in_reviewer_or_by_nobody(tmp_path, signed_workdir, served):  # noqa: ANN001
    inputs = write_demo(tmp_path)
    signed = _serve(inputs, "--workdir", str(signed_workdir), "--by", "alice", input=REVIEWER_PASSWORDS["alice"] + "\n")
    unsigned = _serve(inputs, "--workdir", str(signed_workdir))
    assert signed.exit_code == 0 and unsigned.exit_code == 0, signed.output + unsigned.output
    assert [d.parameters["imported_by"] for d in served] == ["alice", ""]  # never the OS login
