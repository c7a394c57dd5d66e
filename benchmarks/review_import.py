"""How long `firpath review import` takes on a large returned workbook, and how much memory.

    python -m benchmarks.review_import --rows 100000 --workdir DIR

Builds a finished run of ROWS proposals through the store's own API (no backfill: a device model
with a few firmware versions per ROWS / 3 devices, each version proposing the one before it), then
the workbook a reviewer returns: the review workbook's columns, one row per proposal, "approve" in
nine rows of ten. It is written with XlsxWriter (what matters is what the import reads, not how the
export made it). Then `firpath review import` runs in a process of its own, timed from outside
(wall time, peak resident memory from getrusage), with the reviewer's password on standard input.

100,000 proposals need a CPL of 133,334 entries (three proposals for four versions of a device): more
rows than FIRPATH_MAX_SHEET_ROWS (100,000) lets a register or a workbook have. Set it higher to
measure that many (the CPL and the workbook are then both read under the raised limit); a real CPL
has a few thousand entries.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

PASSWORD = "benchmark-password-1"
VERSIONS = ("01000000", "01010000", "01020003", "02000000")


def _csv(rows: list[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def build(workdir: Path, rows: int) -> Path:
    """The finished run, the reviewer, and the returned workbook; returns the workbook's path."""
    import xlsxwriter

    from extractors.registers import cpl_from_bytes, fir_from_bytes
    from firpath.domain import Alternative, ChangeKind, DocumentKind, ProposedChange
    from firpath.review.accounts import add_user
    from firpath.review.board import ReviewBoard
    from firpath.review.workbook import REVIEW_SHEET, WORKBOOK_COLUMNS, workbook_row
    from staging.settings import StoreSettings, store_url
    from staging.store import StagingStore
    from tests.builders import mapped_claim_of

    devices = -(-rows // (len(VERSIONS) - 1))
    header = ("CPL Entry ID", "Manufacturer Identifier", "Model Identifier", "Hardware Version", "Firmware Version",
              "Manufacturer Name", "Model Name")  # fmt: skip
    cpl_rows = [(f"{d:06d}{v}", "10A7", f"{d:04X}", "0001", fw, "Acme Metering Ltd", f"Model {d}")
                for d in range(devices) for v, fw in enumerate(VERSIONS, start=1)]  # fmt: skip
    cpl_data = _csv([header, *cpl_rows])
    fir_data = _csv([("CPL Entry ID", "Firmware Upgrade Path")])
    cpl = {e.entry_id: e for e in cpl_from_bytes("cpl.csv", cpl_data)}
    fir = fir_from_bytes("fir.csv", fir_data)
    mapped, proposals = [], []
    for d in range(devices):
        for v in range(2, len(VERSIONS) + 1):
            if len(proposals) == rows:
                break
            target, base = cpl[f"{d:06d}{v}"], cpl[f"{d:06d}{v - 1}"]
            claim = mapped_claim_of(target, [base], file=f"notes/model-{d}.pdf",
                                    text=f"{target.firmware_version} requires {base.firmware_version} first.")  # fmt: skip
            mapped.append(claim)
            proposals.append(ProposedChange(target, fir.paths.get(target.entry_id), (Alternative(claim.path, (claim,)),),
                                            ChangeKind.ADD))  # fmt: skip
    url = store_url(workdir, StoreSettings(url=None))
    with StagingStore.open(url, workdir=workdir) as store:
        inputs = {"cpl_export": store.runs.store_content(cpl_data, DocumentKind.CSV), "cpl_export_name": "cpl.csv",
                  "fir_export": store.runs.store_content(fir_data, DocumentKind.CSV), "fir_export_name": "fir.csv"}  # fmt: skip
        run_id = store.runs.begin_run("/inbox", inputs, "")
        store.results.save_results(run_id, mapped, [], proposals)
        store.runs.finish_run(run_id, {"proposals": len(proposals)})
        add_user(store, "alice", PASSWORD)
        board = ReviewBoard.open(store)
        statuses = board.statuses()
        returned = workdir / "returned.xlsx"
        book = xlsxwriter.Workbook(str(returned), {"strings_to_numbers": False,
                                                   "strings_to_formulas": False, "strings_to_urls": False})  # fmt: skip
        sheet = book.add_worksheet(REVIEW_SHEET)
        sheet.write_row(0, 0, WORKBOOK_COLUMNS)
        for i, proposal in enumerate(board.proposals.values(), start=1):
            row = workbook_row(proposal, statuses[proposal.target.entry_id], {})
            row["decision"] = "" if i % 10 == 0 else "approve"
            sheet.write_row(i, 0, [row[c] for c in WORKBOOK_COLUMNS])
        book.close()
    return returned


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=False)
    started = time.perf_counter()
    returned = build(args.workdir, args.rows)
    print(f"built {args.rows:,} proposals and the returned workbook ({returned.stat().st_size / 2**20:.1f} MiB) "
          f"in {time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRPATH_") or k == "FIRPATH_MAX_SHEET_ROWS"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "firpath.cli", "review", "import", str(returned), "--reviewer", "alice",
                           "--workdir", str(args.workdir)], input=PASSWORD + "\n", capture_output=True, text=True,
                          env=env)  # fmt: skip
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(done.stdout.splitlines()[0] if done.stdout else done.stderr, flush=True)
    print(f"review import of {args.rows:,} rows: {elapsed:.1f} s wall, {args.rows / elapsed:,.0f} rows/s, "
          f"peak {peak:,.0f} MiB resident (exit {done.returncode})")


if __name__ == "__main__":
    main()
