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
import json
from pathlib import Path

from benchmarks.blind_build import held_out, run_writer

DOC_MODULES = ("docs_pdf", "docs_email", "docs_map")


def generate(out: Path) -> dict:
    """Write the corpus to `out` and return its truth."""
    out = Path(out)
    # cpl.csv and fir.csv first, as the writer writes them
    core = run_writer(__package__, out, DOC_MODULES, before_documents=lambda core: core.write_registers())
    truth = core.TRUTH
    held_out(truth)
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
