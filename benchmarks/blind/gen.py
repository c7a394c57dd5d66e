"""Generate the blind2 labelled corpus: /tmp/blind2/corpus/{inbox/, cpl.csv, fir.csv, truth.json}.

Run: /work/main/.venv/bin/python /tmp/blind2/gen.py
"""
from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import common  # noqa: E402
from common import OUT, T  # noqa: E402

CPL_COLUMNS = ("CPL Entry ID", "Device Type", "Manufacturer Identifier", "Manufacturer Name", "Model Identifier",
               "Model Name", "Hardware Version", "Firmware Version", "Status")


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "inbox").mkdir(parents=True)
    rows = common.assign_ids()
    import pdfs, sheets, emails  # noqa: E401  (after IDs exist)
    pdfs.build_all()
    emails.build_all()
    sheets.build_all()
    with (OUT / "cpl.csv").open("w", newline="", encoding="utf-8") as h:
        w = csv.DictWriter(h, fieldnames=CPL_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with (OUT / "fir.csv").open("w", newline="", encoding="utf-8") as h:
        w = csv.writer(h, lineterminator="\n")
        w.writerow(("CPL Entry ID", "Firmware Upgrade Path"))
        w.writerows((r["CPL Entry ID"], "") for r in rows)
    truth = T.as_json()
    (OUT / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"docs {len(truth['documents'])}, statements {len(truth['statements'])}, pairs {len(truth['pairs'])}, "
          f"no_prerequisite {len(truth['no_prerequisite'])}, decoys {len(truth['decoys'])}")


if __name__ == "__main__":
    main()
