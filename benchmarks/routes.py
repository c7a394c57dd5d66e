"""The routes benchmark: `firpath routes` on a 50,000-entry CPL with dense upgrade paths (target < 5 s).

    python -m benchmarks.routes [--entries 50000] [--runs 3] [--dir DIR] [--results benchmarks/RESULTS.md]

Generates a CPL and a FIR export (CSV) of devices of 10 to 70 firmware versions each; every entry's
path is N/A (a quarter), half of the device's earlier entries chosen at random (most), or blank
(one in twenty); one entry in twenty is Withdrawn. Then measures, each `--runs` times (medians
quoted, the machine is shared and noisy):

1. `firpath routes --cpl --fir --out routes.csv` end to end, as a separate process timed from
   outside: wall time, and its CPU time (the machine is shared: under load the wall time is the
   CPU time plus the wait for a core, so both are quoted, with the load average);
2. its phases in this process: reading both exports, the route computation, writing the CSV.

Writes its figures into the "Routes" section of the results file (the rest of the file is kept).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.results_file import write_section

TARGET_SECONDS = 5.0
SECTION = "## Routes"
CPL_HEADER = ("CPL Entry ID", "Manufacturer Identifier", "Model Identifier", "Hardware Version", "Firmware Version",
              "Manufacturer Name", "Model Name", "Status")  # fmt: skip


def generate(folder: Path, entries: int, seed: int = 12) -> tuple[Path, Path, dict[str, int]]:
    """Write cpl.csv and fir.csv into `folder`; returns their paths and what they hold."""
    rng = random.Random(seed)
    cpl_rows, fir_rows = [], []
    devices = edges = 0
    while len(cpl_rows) < entries:
        size = min(rng.randint(10, 70), entries - len(cpl_rows))
        maker, model = f"{1 + devices % 4000:04X}", f"{devices // 4000 + 1:04X}"
        ids: list[str] = []
        for i in range(size):
            entry_id = str(100_000 + len(cpl_rows))
            status = "Withdrawn" if rng.random() < 0.05 else "Active"
            cpl_rows.append(
                (entry_id, maker, model, "0001", f"{(i + 1) * 0x100:08X}", f"Maker {maker}", f"Model {model}", status)
            )
            draw = rng.random()
            if i == 0 or draw < 0.25:
                path, edges = "N/A", edges + i
            elif draw < 0.95:
                bases = rng.sample(ids, max(1, len(ids) // 2))
                path, edges = "; ".join(bases), edges + len(bases)
            else:
                path = ""
            fir_rows.append((entry_id, path))
            ids.append(entry_id)
        devices += 1
    cpl, fir = folder / "cpl.csv", folder / "fir.csv"
    with cpl.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([CPL_HEADER, *cpl_rows])
    with fir.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("CPL Entry ID", "Firmware Upgrade Path"), *fir_rows])
    return cpl, fir, {"entries": len(cpl_rows), "devices": devices, "edges": edges}


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # user + system seconds of the process doing the work


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> Timing:
    wall, cpu = _clock()
    return Timing(wall - start[0], cpu - start[1])


def time_phases(cpl: Path, fir: Path) -> tuple[dict[str, Timing], int]:
    """In this process: reading the exports, the route computation, writing routes.csv."""
    from extractors.registers import load_cpl, load_fir
    from firpath.runtime.route_files import routes_csv_bytes
    from firpath.stages.cpl_status import cpl_statuses
    from firpath.stages.routes import UpgradeRoutes

    start = _clock()
    entries, paths = load_cpl(cpl), load_fir(fir).paths
    statuses = cpl_statuses(entries)
    read = _since(start)
    start = _clock()
    routes = list(UpgradeRoutes(entries, paths, statuses).all_routes())
    compute = _since(start)
    start = _clock()
    routes_csv_bytes(routes)
    write = _since(start)
    return {"read the two exports": read, "route computation": compute, "write routes.csv": write}, len(routes)


def time_command(cpl: Path, fir: Path, out: Path) -> Timing:
    """`firpath routes` as a separate process, timed from outside (its CPU time from getrusage)."""
    command = [sys.executable, "-m", "firpath.cli", "routes", "--cpl", str(cpl), "--fir", str(fir), "--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Timing(wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="where the exports go (default: a temporary folder)")
    parser.add_argument("--results", type=Path, default=None, help="write the Routes section of this file")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="firpath-routes-bench-") as scratch:
        folder = args.dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        cpl, fir, size = generate(folder, args.entries)
        phases = [time_phases(cpl, fir)[0] for _ in range(args.runs)]
        commands = [time_command(cpl, fir, folder / "routes.csv") for _ in range(args.runs)]
        with (folder / "routes.csv").open(encoding="utf-8") as handle:
            statuses: dict[str, int] = {}
            for row in csv.DictReader(handle):
                statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    load_after = os.getloadavg()[0]

    def median(values: list[Timing]) -> Timing:
        return Timing(statistics.median(v.wall for v in values), statistics.median(v.cpu for v in values))

    def runs(values: list[Timing]) -> str:
        return ", ".join(f"{v.wall:.2f}" for v in values)

    command = median(commands)
    verdict = "met" if command.wall < TARGET_SECONDS else "**not met**"
    moment = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    phase_rows = "".join(
        f"| {name} (in one process) | {median([p[name] for p in phases]).wall:.2f} s wall, "
        f"{median([p[name] for p in phases]).cpu:.2f} s CPU (runs: {runs([p[name] for p in phases])}) | | |\n"
        for name in phases[0]
    )
    text = (
        f"{SECTION}\n\n"
        f"`firpath routes` on a CPL of {size['entries']:,} entries in {size['devices']:,} devices (10 to 70 firmware "
        f"versions each) with dense paths: {size['edges']:,} upgrade edges (N/A counted as one edge from each earlier "
        f"version), 5% of entries Withdrawn. Measured {moment} on {platform.node()} ({os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {load_before:.1f} before, {load_after:.1f} after: the machine is "
        f"shared), median of {args.runs} runs each, with:\n\n"
        f"    python -m benchmarks.routes --entries {args.entries} --runs {args.runs} "
        "--results benchmarks/RESULTS.md\n\n"
        "| figure | measured | target | |\n| --- | --- | --- | --- |\n"
        f"| `firpath routes --cpl --fir --out routes.csv`, end to end | {command.wall:.2f} s wall, {command.cpu:.2f} s "
        f"CPU (runs: {runs(commands)}) | < {TARGET_SECONDS:.0f} s | {verdict} |\n"
        f"{phase_rows}\n"
        f"Rows written: {sum(statuses.values()):,} ("
        + ", ".join(f"{n:,} {s}" for s, n in sorted(statuses.items()))
        + "). End to end also counts the interpreter start and the imports (~0.4 s CPU). Reading the exports is "
        "the registers' readers (`extractors.registers`: the CPL's rows, the FIR's paths) plus the CPL's Status "
        "column; on a shared machine the wall time is the CPU time plus the wait for a core, so read the verdict "
        "with the load average beside it.\n"
    )
    print(text)
    if args.results is not None:
        write_section(args.results, SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
