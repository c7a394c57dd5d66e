"""Generate the third blind corpus: DIR/{inbox/, cpl.csv, fir.csv, truth.json} in the labelled-corpus format
(benchmarks/labelled.py).

    python -m benchmarks.blind3 --out DIR

The writer's own gen.py, run into a given folder: its modules keep their data in module state, so each build
loads them afresh. DIR/inbox is rebuilt from scratch; the output is the same bytes on every build. Every truth
item is split `heldout` (the writer labelled them `tuned`, which the corpus is not). The writer's README is not
written: nothing but inbox/, cpl.csv, fir.csv and truth.json goes into DIR.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
from pathlib import Path

PARTS = ("pairs", "no_prerequisite", "statements", "decoys")
DOC_MODULES = ("docs_pdf", "docs_email", "docs_map")


def generate(out: Path) -> dict:
    """Write the corpus to `out` and return its truth."""
    out = Path(out)
    if (out / "inbox").exists():
        shutil.rmtree(out / "inbox")  # a file left by an earlier build would be read as part of this one
    (out / "inbox").mkdir(parents=True)
    core = importlib.reload(importlib.import_module(f"{__package__}.core"))  # fresh CPL, truth and documents
    core.OUT, core.INBOX = str(out), str(out / "inbox")
    core.write_registers()  # cpl.csv and fir.csv, as the writer writes them
    for name in DOC_MODULES:
        module = importlib.reload(importlib.import_module(f"{__package__}.{name}"))  # bound to this core's state
        for f in module.ALL:
            f()
    truth = core.TRUTH
    for part in PARTS:
        for item in truth[part]:
            item["split"] = "heldout"
    # serialised as the writer serialises it (no newline at the end)
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.blind3", description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="the corpus folder")
    args = parser.parse_args(argv)
    truth = generate(args.out)
    files = sum(1 for p in (args.out / "inbox").rglob("*") if p.is_file())
    print(
        f"inbox files {files}, statements {len(truth['statements'])}, pairs {len(truth['pairs'])}, "
        f"no_prerequisite {len(truth['no_prerequisite'])}, decoys {len(truth['decoys'])}"
    )
    return 0
