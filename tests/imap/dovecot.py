"""A real Dovecot IMAP server on loopback for the mail intake tests, configured by dovecot.conf here.

The server runs as a child of the test process in a folder of its own, with one user whose mail
belongs to `nobody` (Dovecot does not serve mail as root). Messages are put in with IMAP APPEND,
as any mail client files them. Without Dovecot the tests are skipped, except under CI=true, where
they fail (`tests.components.require_program`).
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from firpath.runtime.imap import encode_folder
from tests.components import require_program, under_ci

CONFIG = Path(__file__).with_name("dovecot.conf")
USER = "firpath-test"
PASSWORD = "correct horse battery staple"
MAIL_OWNER = "nobody"  # Dovecot serves no mail as root; the Debian user every system has


@dataclass(frozen=True)
class Dovecot:
    port: int
    folder: Path

    @property
    def url(self) -> str:
        return f"imap://{USER}@127.0.0.1:{self.port}"

    def append(self, mailbox: str, message: bytes) -> None:
        """File a message in `mailbox` (created if missing), as a mail client does."""
        with imaplib.IMAP4("127.0.0.1", self.port, timeout=30) as imap:
            imap.login(USER, PASSWORD)
            name = encode_folder(mailbox).decode("ascii")
            quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
            imap.create(quoted)  # NO when it exists already
            status, answer = imap.append(quoted, None, None, message)
            assert status == "OK", answer

    def log(self) -> str:
        path = self.folder / "dovecot.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    """Start Dovecot on a free loopback port; stop it and remove its folder afterwards."""
    program = require_program("dovecot", "dovecot-imapd")
    if os.geteuid() != 0:
        import pytest

        reason = "Dovecot is started as root (it switches to its own users); run the tests as root, as CI does"
        if under_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    owner = pwd.getpwnam(MAIL_OWNER)
    folder = Path(tempfile.mkdtemp(prefix="firpath-dovecot-"))
    folder.chmod(0o755)  # Dovecot's login processes (user dovenull) must reach base_dir below it
    try:
        port = _free_port()
        config = CONFIG.read_text(encoding="utf-8").replace("@DIR@", str(folder)).replace("@PORT@", str(port))
        (folder / "dovecot.conf").write_text(config, encoding="utf-8")
        home = folder / "mail"
        home.mkdir()
        os.chown(home, owner.pw_uid, owner.pw_gid)
        (folder / "users").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}:{owner.pw_uid}:{owner.pw_gid}::{home / USER}::\n", encoding="utf-8"
        )
        server = subprocess.Popen(
            [program, "-F", "-c", str(folder / "dovecot.conf")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 30
            while not _listening(port):
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode("utf-8", "replace") if server.stdout else ""
                    log = (folder / "dovecot.log").read_text(errors="replace") if (folder / "dovecot.log").exists() else ""
                    raise RuntimeError(f"Dovecot did not start on 127.0.0.1:{port}:\n{output}\n{log}")
                time.sleep(0.1)
            yield Dovecot(port, folder)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
