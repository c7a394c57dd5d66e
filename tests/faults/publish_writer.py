"""`firpath publish` in a process of its own that SIGKILLs itself at the K-th file-system step.

    python publish_writer.py WORKDIR OUT K

Publishes the latest run of WORKDIR's store to OUT. Every file-system step the publication takes is
counted through Python's audit hooks (a file opened, renamed, removed, made or changed, a folder made
or removed, a C function called through ctypes); at the K-th the process kills itself with SIGKILL,
as a crash or `kill -9` would: nothing is cleaned up. With K = 0 it publishes to the end and prints
how many steps it took. A publication to a scratch folder runs first, unhooked, so that every module
is imported before counting starts (an import opens files too).

Imported by the fault tests as `tests.faults.publish_writer` for `STEP_EVENTS`.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from pathlib import Path

STEP_EVENTS = frozenset({
    "open", "os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.truncate", "os.link",
    "os.symlink", "shutil.rmtree", "shutil.move", "shutil.copyfile", "ctypes.call_function",
})  # fmt: skip


def main(argv: list[str]) -> None:
    workdir, out, kill_at = Path(argv[0]), Path(argv[1]), int(argv[2])

    from firpath.publish import publish
    from firpath.review.board import ReviewBoard
    from staging.settings import StoreSettings, store_url
    from staging.store import StagingStore

    store = StagingStore.open(store_url(workdir, StoreSettings(url=None)))
    board = ReviewBoard.open(store)
    with tempfile.TemporaryDirectory() as scratch:
        publish(board, Path(scratch) / "warm-up")
    steps = 0

    def hook(event: str, _args: object) -> None:
        nonlocal steps
        if event in STEP_EVENTS:
            steps += 1
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    sys.addaudithook(hook)
    publish(board, out)
    sys.stdout.write(f"{steps}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
