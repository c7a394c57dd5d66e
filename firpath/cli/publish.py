"""`firpath publish` and `firpath verify`: the signed-off changes, and checking them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from firpath.cli.common import DEFAULT_WORKDIR, WorkdirOption, console, err, open_board, open_store

app = typer.Typer()


@app.command()
def publish(
    out: Annotated[Path, typer.Option("--out", help="Folder for the signed-off changes.", file_okay=False)],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
) -> None:
    """Write the approved changes for SECAS.

    Only approved changes, in the FIR export's own layout (CSV and XLSX), with manifest.json and
    report.html.
    """
    from firpath.publish import publish as publish_changes
    from firpath.publish import publish_summary_lines

    from firpath.publish import PublishRefused

    board = open_board(workdir)
    try:
        result = publish_changes(board, out)
    except PublishRefused as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    finally:
        board.store.close()
    for line in publish_summary_lines(result):
        console.print(line)


@app.command()
def verify(
    out: Annotated[Path, typer.Option("--out", help="A folder written by `firpath publish`.", file_okay=False)],
    workdir: WorkdirOption = DEFAULT_WORKDIR,
    cpl: Annotated[Path | None, typer.Option(help="Also check that this CPL export is the one published from.")] = None,
    fir: Annotated[Path | None, typer.Option(help="Also check that this FIR export is the one published from.")] = None,
) -> None:
    """Check a publication against the staging store.

    Its files against the manifest, the manifest against the run, its inputs and the decision log, and
    the decision log against its key and every anchor (the manifest's too).
    """
    from firpath.publish import export_problems, manifest_anchor, read_manifest, trace_problems, verify_publication

    problems = verify_publication(out)
    manifest, _ = read_manifest(out)  # why it cannot be read is among the problems already
    anchor = None if manifest is None else manifest_anchor(manifest)
    with open_store(workdir, create=False) as store:
        if manifest is not None:
            problems += trace_problems(manifest, store)
        problems += [f"decision log: {p}" for p in store.reviews.decision_log_problems([anchor] if anchor else [])]
    if manifest is not None:
        exports = {key: path for key, path in (("cpl_export", cpl), ("fir_export", fir)) if path is not None}
        problems += export_problems(manifest, exports)
    for problem in problems:
        console.print(f"problem: {problem}")
    if problems:
        raise typer.Exit(1)
    console.print(f"{out}: every file matches its manifest; every row traces to approvals in the decision log "
                  "and to the run's inputs; the decision log is intact")  # fmt: skip
