"""What the packaged blind corpora's gen.py share: running a writer's generator modules afresh into a folder,
and labelling every truth item held out. The writers' modules keep their CPL, truth and documents in module
state, so each build reloads them; their own code is left as written."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

PARTS = ("pairs", "no_prerequisite", "statements", "decoys")


def run_writer(package: str, out: Path, doc_modules: Sequence[str], before_documents: Callable[[ModuleType], None] | None = None) -> ModuleType:
    """Reload `package`'s core (fresh state) bound to `out`, then each document module, and run every one of
    their ALL functions; `before_documents(core)` runs first where the writer wrote something before them.
    Returns the core module, whose state holds the truth."""
    if (out / "inbox").exists():
        shutil.rmtree(out / "inbox")  # a file left by an earlier build would be read as part of this one
    (out / "inbox").mkdir(parents=True)
    core = importlib.reload(importlib.import_module(f"{package}.core"))  # fresh CPL, truth and documents
    core.OUT, core.INBOX = str(out), str(out / "inbox")
    if before_documents is not None:
        before_documents(core)
    for name in doc_modules:
        module = importlib.reload(importlib.import_module(f"{package}.{name}"))  # bound to this core's state
        for write in module.ALL:
            write()
    return core


def held_out(truth: dict) -> dict:
    """Every truth item split `heldout` (the writers labelled them `tuned`, which these corpora are not)."""
    for part in PARTS:
        for item in truth[part]:
            item["split"] = "heldout"
    return truth
