"""`firpath review serve` as an operator meets it: a port already taken is one clear line, not a
traceback after a "serving" line."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from firpath.cli import app
from tests.firpath.publish.publish_builders import SmallRun, build_small_board

pytestmark = pytest.mark.unit


def test_serve_on_a_busy_port_says_so_in_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    build_small_board(tmp_path, SmallRun()).store.close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["review", "serve", "--port", str(port), "--workdir", str(tmp_path)])
    assert result.exit_code == 2
    expected = (f"error: port {port} on 127.0.0.1 is in use (another `firpath review serve`?): "
                "stop what holds it, or choose another with --port (or FIRPATH_REVIEW_PORT)")  # fmt: skip
    assert result.output.splitlines() == [expected]


def test_serve_on_an_address_of_another_machine_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("FIRPATH_STORE_URL", raising=False)
    build_small_board(tmp_path, SmallRun()).store.close()
    result = CliRunner().invoke(app, ["review", "serve", "--host", "192.0.2.1", "--workdir", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: cannot listen on 192.0.2.1:8050: 192.0.2.1 is not an address of this machine (see --host)"
    ]
