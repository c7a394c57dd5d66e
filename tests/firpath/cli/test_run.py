"""`firpath demo` (and so `firpath run`) on a terminal: progress from the first second, every stage's
row; piped, the summary alone (tests/firpath/test_cli.py checks the piped run's clean stderr). Against
a Prefect server the settings name, it says where the run is in the UI."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _run_on_a_terminal(args: list[str], prefect_home: Path, columns: int = 120) -> tuple[int, str]:
    """The command with stdin, stdout and stderr on a pseudo-terminal; its exit code and what it drew."""
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    # as a newcomer's first run: no settings of ours, a new Prefect home, not CI
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PREFECT_", "GX_")) and k not in ("NO_COLOR", "CI", "DO_NOT_TRACK")}  # fmt: skip
    env.update(TERM="xterm-256color", PREFECT_HOME=str(prefect_home))
    process = subprocess.Popen(args, stdin=side, stdout=side, stderr=side, env=env, close_fds=True)
    os.close(side)
    drawn = bytearray()
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if not select.select([main], [], [], 1.0)[0]:
            if process.poll() is not None:
                break  # it has ended and drawn everything (a process it left may still hold the terminal)
            continue
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        drawn += chunk
    else:
        process.kill()
    os.close(main)
    return process.wait(timeout=60), drawn.decode("utf-8", "replace")


def test_on_a_terminal_progress_starts_with_the_command_and_shows_every_stage(tmp_path):
    command = [sys.executable, "-m", "firpath", "demo", "--workdir", str(tmp_path / "wd")]
    code, drawn = _run_on_a_terminal(command, tmp_path / "prefect")
    text = ANSI.sub("", drawn).replace("\r", "\n")
    assert code == 0, text[-3000:]
    # the first thing on the terminal is the progress display, before the demo's own first line
    first = next(line.split() for line in text.splitlines() if line.strip())
    assert first[1:2] == ["start"], first
    assert text.index(" start ") < text.index("firpath demo: sample inbox")
    for row in ("ingest", "extract", "map", "diff", "validate", "save results", "write review files"):
        assert re.search(rf"\s{row}\s", text), row
    assert re.search(r"ingest\s.*\s14/14 files", text)
    assert re.search(r"extract\s.*\s18/18 files and attachments", text)  # 14 files, 4 attachments
    assert "Prefect collects anonymous usage data" not in text  # nothing of Prefect's across it
    # and the summary (printed above the display, which then goes)
    assert "Proposals   13: 9 add, 1 modify, 2 unchanged, 1 conflict" in text
    assert re.search(r"^Run \w+ finished in [\d.]+ s", text, re.MULTILINE)


def test_a_run_on_a_configured_server_prints_its_page_in_the_ui(prefect_harness, tmp_path: Path) -> None:  # noqa: ANN001
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL

    api_url = PREFECT_API_URL.value()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {"PREFECT_API_URL": api_url}
    done = subprocess.run([sys.executable, "-m", "firpath.cli", "demo", "--workdir", str(tmp_path / "wd")],
                          capture_output=True, text=True, env=env, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    link = re.search(rf"^Prefect     {re.escape(api_url.removesuffix('/api'))}/runs/flow-run/([0-9a-f-]+)$",
                     done.stdout, re.MULTILINE)  # fmt: skip
    run_id = re.search(r"^Run ([0-9a-f]+) finished in", done.stdout, re.MULTILINE)
    assert link and run_id, done.stdout
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(link.group(1)).name == f"backfill-{run_id.group(1)}"
    assert not (tmp_path / "wd" / "logs" / "prefect-server.log").exists()  # no server of its own


def test_a_run_on_its_own_server_prints_no_link(tmp_path: Path) -> None:
    """The run's own server stops with the run: a link to it would lead nowhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    done = subprocess.run([sys.executable, "-m", "firpath.cli", "demo", "--workdir", str(tmp_path / "wd")],
                          capture_output=True, text=True, env=env, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Prefect " not in done.stdout and done.stdout.splitlines()[-1].startswith("Run ")
    assert (tmp_path / "wd" / "logs" / "prefect-server.log").stat().st_size > 0
