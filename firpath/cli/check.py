"""`firpath check`: the staging store's integrity."""

from __future__ import annotations

import typer

from firpath.cli.common import DEFAULT_WORKDIR, WorkdirOption, console, open_store

app = typer.Typer()


@app.command()
def check(workdir: WorkdirOption = DEFAULT_WORKDIR) -> None:
    """Check the staging store's integrity.

    Exit 1 if it is damaged or contradicts itself. Notes (a run that was interrupted, work the next run redoes) are printed but are not problems.
    """
    from staging.settings import store_url

    with open_store(workdir, create=False) as store:
        report = store.integrity_check()
        n = store.counts()
    console.print(
        f"Store       {_shown_url(store_url(workdir))}: {n.runs} runs ({n.unfinished_runs} unfinished), "
        f"{n.documents} documents, {n.arrivals} arrivals, {n.extractions} extractions ({n.quarantined} quarantined), "
        f"{n.claims} claims, {n.decisions} decisions"
    )
    for note in report.notes:
        console.print(f"note: {note}")
    for problem in report.problems:
        console.print(f"problem: {problem}")
    if report.problems:
        console.print(f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''} found: "
                      "the store is damaged; keep a copy of it and report it")  # fmt: skip
        raise typer.Exit(1)
    console.print("Integrity check passed")


def _shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
