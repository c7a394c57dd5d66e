"""Generate the blind corpus: DIR/{inbox/, cpl.csv, fir.csv, truth.json} in the labelled-corpus format
(benchmarks/labelled.py).

    python -m benchmarks.blind --out DIR

DIR/inbox is rebuilt from scratch; the output is the same bytes on every build.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
from pathlib import Path

from . import common
from .common import T

CPL_COLUMNS = ("CPL Entry ID", "Device Type", "Manufacturer Identifier", "Manufacturer Name", "Model Identifier",
               "Model Name", "Hardware Version", "Firmware Version", "Status")


def generate(out: Path) -> dict:
    """Write the corpus to `out` and return its truth."""
    out = Path(out)
    if (out / "inbox").exists():
        shutil.rmtree(out / "inbox")  # a file left by an earlier build would be read as part of this one
    (out / "inbox").mkdir(parents=True)
    common.set_out(out)
    T.reset()
    rows = common.assign_ids()
    from . import emails, pdfs, sheets  # (after IDs exist)
    pdfs.build_all()
    emails.build_all()
    sheets.build_all()
    with (out / "cpl.csv").open("w", newline="", encoding="utf-8") as h:
        w = csv.DictWriter(h, fieldnames=CPL_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with (out / "fir.csv").open("w", newline="", encoding="utf-8") as h:
        w = csv.writer(h, lineterminator="\n")
        w.writerow(("CPL Entry ID", "Firmware Upgrade Path"))
        w.writerows((r["CPL Entry ID"], "") for r in rows)
    truth = T.as_json()
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.blind", description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="the corpus folder")
    args = parser.parse_args(argv)
    truth = generate(args.out)
    print(f"docs {len(truth['documents'])}, statements {len(truth['statements'])}, pairs {len(truth['pairs'])}, "
          f"no_prerequisite {len(truth['no_prerequisite'])}, decoys {len(truth['decoys'])}")
    return 0
