"""The backfill benchmark: the five figures of the speed-and-scale targets, measured in one run.

    python -m benchmarks.run --corpus DIR [--generate] [--results benchmarks/RESULTS.md]

1. the raw text floor: pypdfium2 pulling every page's text, and pdfplumber doing the same (with its
   tables), both on as many processes as `firpath run` uses;
2. `firpath run` cold (new workdir) on the whole corpus, against twice the pypdfium2 floor;
3. re-runs on the same workdir, each after one new document arrives (target: under 10 s);
4. peak memory of the full run, and of a run on a quarter of the corpus (flat as the corpus grows);
5. the share of the cold run's wall time spent outside the stages' own work, split into start-up
   (interpreter, imports, Prefect's server), orchestration inside the flow, and the end.

Each `firpath run` is a separate process timed from outside (wall time, and peak resident memory of
its largest process from getrusage); the stages' own time and the run's phases come from the run
itself (FIRPATH_TIMINGS_FILE). The corpus comes from benchmarks/corpus.py, the project's own
generator. The runs share a Prefect home of their own, migrated by an untimed run on a tiny inbox
first (a fresh Prefect home migrates its database once, on the first run of a machine).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.results_file import write_section

SECTION = "## Speed and scale"
TARGET_RERUN_SECONDS = 10.0
TARGET_PEAK_BYTES = 1.5 * 2**30
TARGET_OVERHEAD_SHARE = 0.10


def _pdfs(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.rglob("*") if p.is_file() and p.read_bytes()[:5] == b"%PDF-")


def _pdfium_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_bounded()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def _plumber_pages(path: Path) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        count = 0
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()
            count += 1
        return count


@dataclass(frozen=True)
class Floor:
    pages: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def text_floor(paths: list[Path], reader, workers: int) -> Floor:  # noqa: ANN001
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pages = sum(pool.map(reader, paths, chunksize=max(1, len(paths) // (8 * workers))))
    return Floor(pages, time.perf_counter() - started)


@dataclass(frozen=True)
class RunFigures:
    wall: float  # seconds, the whole `firpath run` process
    peak_rss: int  # bytes, the largest process of the run (getrusage of the waited children)
    stages: dict[str, float]  # the stages' own work, seconds
    phases: dict[str, float]  # the run's phases (firpath.cli): start-up, the flow, the end
    process_start: float  # seconds from spawning the process to the run's first phase (interpreter, CLI)
    process_end: float  # seconds from the timings being written to the process being reaped
    documents_line: str
    summary_line: str

    @property
    def stage_work(self) -> float:
        return sum(self.stages.values())

    @property
    def flow(self) -> float:
        return self.phases["backfill flow"]

    @property
    def before_flow(self) -> float:
        """Interpreter start, imports, register check, waiting for Prefect's server."""
        return self.process_start + sum(v for k, v in self.phases.items() if k not in ("backfill flow", "stop the Prefect server"))

    @property
    def after_flow(self) -> float:
        return self.phases.get("stop the Prefect server", 0.0) + self.process_end

    @property
    def orchestration(self) -> float:
        """Inside the flow, outside the stages' work: Prefect's task and flow runs."""
        return self.flow - self.stage_work

    @property
    def overhead_share(self) -> float:
        return 1 - self.stage_work / self.wall


def firpath_run(inbox: Path, cpl: Path, fir: Path, workdir: Path, env: dict[str, str]) -> RunFigures:
    """One `firpath run` in its own process; its peak memory from wait4 (the largest of the process
    and the processes it reaped: reading workers, Prefect's server)."""
    timings = workdir.parent / f"{workdir.name}-timings.json"
    env = {**env, "FIRPATH_TIMINGS_FILE": str(timings)}
    command = [sys.executable, "-m", "firpath.cli", "run", "--inbox", str(inbox), "--cpl", str(cpl), "--fir", str(fir),
               "--workdir", str(workdir)]  # fmt: skip
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started, spawned_at = time.perf_counter(), time.time()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall, reaped_at = time.perf_counter() - started, time.time()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise SystemExit(f"firpath run failed ({process.returncode}):\n{stdout}\n{stderr}")
    recorded = json.loads(timings.read_text())
    line = lambda prefix: next((x for x in stdout.splitlines() if x.startswith(prefix)), "")  # noqa: E731
    return RunFigures(wall, usage.ru_maxrss * 1024, recorded["stages"], recorded["phases"],
                      recorded["started_at"] - spawned_at, reaped_at - recorded["ended_at"], line("Documents"),
                      line("Proposals"))  # fmt: skip


def _check_against_expected(review_dir: Path, expected_path: Path) -> tuple[int, int, int]:
    """(paths expected, found as proposed, found differently or missing) on the corpus's own truth."""
    expected = json.loads(expected_path.read_text())
    expected = {k: sorted(v) for k, v in (expected.get("paths", expected)).items()}
    with (review_dir / "proposed_changes.csv").open(newline="", encoding="utf-8") as handle:
        proposed = {
            r["cpl_entry_id"]: sorted(p for p in r["proposed_upgrade_path"].split("; ") if p and p != "N/A")
            for r in csv.DictReader(handle)
        }
    hits = sum(1 for entry, bases in expected.items() if proposed.get(entry) == bases)
    return len(expected), hits, len(expected) - hits


def _quarter_inbox(inbox: Path, out: Path) -> Path:
    files = sorted(p for p in inbox.rglob("*") if p.is_file())
    for path in files[: max(1, len(files) // 4)]:
        target = out / path.relative_to(inbox)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return out


def _new_document(inbox: Path, number: int = 0) -> Path:
    """One more release note: a fresh statement the earlier runs have not read."""
    from firpath.demo import builders

    note = builders.ReleaseNote(
        title=f"Late release notice {number}",
        header=(("Manufacturer", "Benchmark late arrival"), ("Model ID", "FFFF"), ("Hardware Version", "0001"),
                ("Firmware Version", "0F0F0F0F")),  # fmt: skip
        sections=(("Install", (f"This release shall only be applied to devices running 0F0F0F0E (notice {number}).",)),),
    )
    path = inbox / "late" / f"late-{number}-{int(time.time())}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(builders.release_note_pdf(note))
    return path


def _mib(size: float) -> str:
    return f"{size / 2**20:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help="corpus folder (benchmarks/corpus.py layout)")
    parser.add_argument("--generate", action="store_true", help="(re)generate the corpus first, with the defaults")
    parser.add_argument("--pdfplumber-sample", type=int, default=0,
                        help="read only this many PDFs with pdfplumber and scale up (0: all)")  # fmt: skip
    parser.add_argument("--results", type=Path, help="write the figures as markdown here too")
    parser.add_argument("--reruns", type=int, default=3, help="re-runs, each after one new document (the median counts)")
    args = parser.parse_args(argv)
    workers = os.cpu_count() or 1
    corpus: Path = args.corpus
    if args.generate or not (corpus / "inbox").is_dir():
        from benchmarks.corpus import write_corpus

        started = time.perf_counter()
        write_corpus(corpus, pdfs=2000, pages_per_pdf=10, emails=200, spreadsheets=50, cpl_entries=5000, seed=1)
        print(f"corpus generated in {time.perf_counter() - started:.0f} s")
    inbox, cpl, fir = corpus / "inbox", corpus / "cpl_export.csv", corpus / "fir_export.csv"
    files = [p for p in inbox.rglob("*") if p.is_file()]
    pdfs = _pdfs(inbox)
    print(f"corpus: {len(files)} files, {len(pdfs)} PDFs, {sum(p.stat().st_size for p in files) / 2**20:.0f} MiB")

    floor = text_floor(pdfs, _pdfium_pages, workers)
    print(f"1. pypdfium2 text floor: {floor.pages} pages in {floor.seconds:.1f} s ({floor.pages_per_second:.0f} pages/s)")
    sample = pdfs if not args.pdfplumber_sample else pdfs[:: max(1, len(pdfs) // args.pdfplumber_sample)]
    plumber = text_floor(sample, _plumber_pages, workers)
    plumber_all = plumber.seconds * floor.pages / plumber.pages
    sampled = "" if sample is pdfs else f" (measured on {plumber.pages} pages, scaled to {floor.pages})"
    print(f"   pdfplumber text+tables: {plumber_all:.0f} s{sampled} ({plumber.pages_per_second:.0f} pages/s)")

    with tempfile.TemporaryDirectory(prefix="firpath-bench-") as tmp:
        tmpdir = Path(tmp)
        env = {**os.environ, "PREFECT_HOME": str(tmpdir / "prefect-home")}
        warm_inbox = tmpdir / "warm-up"
        _new_document(warm_inbox)
        started = time.perf_counter()
        firpath_run(warm_inbox, cpl, fir, tmpdir / "work-warm-up", env)
        print(f"   (untimed) first run on a fresh Prefect home, which migrates its database: {time.perf_counter() - started:.1f} s")
        work_inbox = tmpdir / "inbox"
        shutil.copytree(inbox, work_inbox)
        cold = firpath_run(work_inbox, cpl, fir, tmpdir / "work", env)
        expected_n, hits, misses = _check_against_expected(tmpdir / "work" / "review", corpus / "expected.json")
        print(f"2. firpath run, cold: {cold.wall:.1f} s = {cold.wall / floor.seconds:.2f} x the pypdfium2 floor "
              f"(target <= 2); {cold.summary_line}; expected paths found {hits}/{expected_n}")  # fmt: skip
        reruns = []
        for number in range(1, args.reruns + 1):
            _new_document(work_inbox, number)
            reruns.append(firpath_run(work_inbox, cpl, fir, tmpdir / "work", env))
        rerun = sorted(reruns, key=lambda r: r.wall)[len(reruns) // 2]
        print(f"3. re-run with one new document: median {rerun.wall:.1f} s of {len(reruns)} "
              f"({', '.join(f'{r.wall:.1f}' for r in reruns)} s; target < {TARGET_RERUN_SECONDS:.0f} s); "
              f"{rerun.documents_line}")  # fmt: skip
        quarter = firpath_run(_quarter_inbox(inbox, tmpdir / "quarter"), cpl, fir, tmpdir / "work-quarter", env)
        print(f"4. peak memory: {_mib(cold.peak_rss)} for the whole corpus, {_mib(quarter.peak_rss)} for a quarter "
              f"(target < {_mib(TARGET_PEAK_BYTES)}, flat)")  # fmt: skip
        print(f"5. outside the stages' own work: {cold.overhead_share:.1%} of the cold run's wall time "
              f"(target < {TARGET_OVERHEAD_SHARE:.0%}): before the flow {cold.before_flow:.1f} s, orchestration in the "
              f"flow {cold.orchestration:.1f} s, after it {cold.after_flow:.1f} s")  # fmt: skip

    if args.results:
        write_results(args.results, argv or sys.argv[1:], len(files), floor, plumber_all, sampled, cold, reruns, rerun,
                      quarter, (expected_n, hits, misses))  # fmt: skip
        print(f"written to {args.results}")
    return 0


def write_results(path: Path, argv: list[str], n_files: int, floor: Floor, plumber_all: float, sampled: str,
                  cold: RunFigures, reruns: list[RunFigures], rerun: RunFigures, quarter: RunFigures,
                  check: tuple[int, int, int]) -> None:  # fmt: skip
    ok = lambda good: "met" if good else "**not met**"  # noqa: E731
    rows = [
        ("1a. pypdfium2 text of every page", f"{floor.seconds:.1f} s ({floor.pages:,} pages, {floor.pages_per_second:.0f} pages/s)", "floor", ""),
        ("1b. pdfplumber text + tables of every page", f"{plumber_all:.0f} s{sampled}", "reference", ""),
        ("2. `firpath run`, cold", f"{cold.wall:.1f} s = {cold.wall / floor.seconds:.2f} x floor", "<= 2 x floor", ok(cold.wall <= 2 * floor.seconds)),
        ("3. re-run, one new document", f"{rerun.wall:.1f} s (median of {len(reruns)}: {', '.join(f'{r.wall:.1f}' for r in reruns)})", f"< {TARGET_RERUN_SECONDS:.0f} s", ok(rerun.wall < TARGET_RERUN_SECONDS)),
        ("4. peak memory (largest process)", f"{_mib(cold.peak_rss)} (quarter corpus: {_mib(quarter.peak_rss)})", "< 1.5 GiB, flat", ok(cold.peak_rss < TARGET_PEAK_BYTES)),
        ("5. time outside the stages' work", f"{cold.overhead_share:.1%} of {cold.wall:.1f} s", "< 10%", ok(cold.overhead_share < TARGET_OVERHEAD_SHARE)),
    ]  # fmt: skip
    phases = lambda run: ", ".join(f"{k} {v:.2f} s" for k, v in run.phases.items())  # noqa: E731
    stages = lambda run: ", ".join(f"{k} {v:.2f} s" for k, v in run.stages.items())  # noqa: E731
    lines = [
        SECTION,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}), one run each, with:",
        "",
        f"    python -m benchmarks.run {' '.join(argv)}",
        "",
        f"Corpus: {n_files:,} files; {check[1]:,} of the {check[0]:,} paths the corpus states were proposed exactly.",
        "",
        "| figure | measured | target | |",
        "| --- | --- | --- | --- |",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
        f"Cold run: {cold.wall:.1f} s = before the flow {cold.before_flow:.2f} s + the flow {cold.flow:.2f} s "
        f"(the stages' own work {cold.stage_work:.2f} s, orchestration {cold.orchestration:.2f} s) + after it "
        f"{cold.after_flow:.2f} s (interpreter start {cold.process_start:.2f} s and exit {cold.process_end:.2f} s "
        f"included). Phases: {phases(cold)}. Stages: {stages(cold)}.",
        "",
        f"Median re-run: {rerun.wall:.1f} s; {rerun.documents_line.strip()}. Phases: {phases(rerun)}. "
        f"Stages: {stages(rerun)}.",
    ]
    write_section(path, SECTION, "\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
