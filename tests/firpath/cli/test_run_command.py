"""`firpath run --by NAME`: a run records who started it only when that reviewer signs it with a
password; otherwise it records no reviewer at all (#15.2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from firpath.cli import app
from firpath.demo import write_demo
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore
from tests.firpath.publish.publish_builders import register_reviewers

pytestmark = pytest.mark.unit


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    wd = tmp_path / "wd"
    with StagingStore.open(store_url(wd, StoreSettings(url=None))) as store:
        register_reviewers(store, ("alice",))
    return wd


@pytest.mark.parametrize(("name", "password"), [("alice", "not-her-password"), ("mallory", "any-password-1")])
def test_a_run_by_a_reviewer_needs_that_reviewers_password_before_anything_starts(tmp_path, workdir, name, password):
    inputs = write_demo(tmp_path)
    result = CliRunner().invoke(app, ["run", "--inbox", str(inputs.inbox), "--cpl", str(inputs.cpl), "--fir",
                                      str(inputs.fir), "--workdir", str(workdir), "--by", name], input=password + "\n")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "wrong name or password" in result.output
    with StagingStore.open(store_url(workdir, StoreSettings(url=None))) as store:
        assert store.counts().runs == 0  # nothing started

