"""Generate the second blind corpus: DIR/{inbox/, cpl.csv, fir.csv, truth.json} in the labelled-corpus format
(benchmarks/labelled.py).

    python -m benchmarks.blind2 --out DIR

The writer's own gen.py, run into a given folder: its modules keep their data in module state, so each build
loads them afresh. DIR/inbox is rebuilt from scratch; the output is the same bytes on every build. Every truth
item is split `heldout` (the writer labelled them `tuned`, which the corpus is not).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from benchmarks.blind_build import held_out, run_writer

DOC_MODULES = ("docs_pdf", "docs_eml", "docs_map")


def generate(out: Path) -> dict:
    """Write the corpus to `out` and return its truth."""
    out = Path(out)
    core = run_writer(__package__, out, DOC_MODULES)
    with (out / "cpl.csv").open("w", newline="", encoding="utf-8") as h:
        w = csv.DictWriter(h, fieldnames=list(core.CPL_ROWS[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(core.CPL_ROWS)
    with (out / "fir.csv").open("w", newline="", encoding="utf-8") as h:
        w = csv.writer(h, lineterminator="\n")
        w.writerow(("CPL Entry ID", "Firmware Upgrade Path"))
        w.writerows((r["CPL Entry ID"], "") for r in core.CPL_ROWS)
    truth = core.TRUTH
    truth["documents"] = core.DOCS
    held_out(truth)
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.blind2", description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="the corpus folder")
    args = parser.parse_args(argv)
    truth = generate(args.out)
    print(
        f"docs {len(truth['documents'])}, statements {len(truth['statements'])}, pairs {len(truth['pairs'])}, "
        f"no_prerequisite {len(truth['no_prerequisite'])}, decoys {len(truth['decoys'])}"
    )
    return 0
