"""`firpath template` (a workbook MAPs and manufacturers fill in without ambiguity) and `firpath status`
(per manufacturer, what has a path, what is being reviewed and what is still missing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from firpath.cli.common import DEFAULT_WORKDIR, WorkdirOption, console, err, open_store

if TYPE_CHECKING:
    from firpath.domain import CplEntry, UpgradePath
    from firpath.review.board import ReviewBoard
    from firpath.stages.status import ProposalState

app = typer.Typer()


@dataclass(frozen=True)
class _Registers:
    cpl: list[CplEntry]
    fir: dict[str, UpgradePath | None]
    states: dict[str, ProposalState]  # CPL entry id -> the latest run's proposal to change its path
    source: str  # where they came from, in words


def _has_store(workdir: Path) -> bool:
    from staging.settings import DEFAULT_FILE_NAME, StoreSettings

    return bool(StoreSettings().url) or Path(workdir, DEFAULT_FILE_NAME).is_file()


def _proposal_states(board: ReviewBoard) -> dict[str, ProposalState]:
    """The review status of each proposal that would change a path, in the terms `firpath status` counts."""
    from firpath.domain import ChangeKind
    from firpath.review.rules import ReviewState, needs_review
    from firpath.stages.status import Progress, ProposalState

    states = {}
    statuses = board.statuses()
    for entry_id, proposal in board.proposals.items():
        status = statuses[entry_id]
        if not needs_review(proposal, status):
            continue
        if status.state is ReviewState.APPROVED:
            progress = Progress.APPROVED
        elif status.state is ReviewState.REJECTED:
            progress = Progress.REJECTED
        elif status.state is ReviewState.PENDING and not status.corrected_by:
            progress = Progress.PROPOSED
        else:  # a first approval, or a correction awaiting approval
            progress = Progress.UNDER_REVIEW
        alternatives = (
            tuple(alt.path for alt in proposal.alternatives) if proposal.change is ChangeKind.CONFLICT else ()
        )
        states[entry_id] = ProposalState(progress, status.path, alternatives)
    return states


def _registers(
    workdir: Path, cpl_path: Path | None = None, fir_path: Path | None = None, hint: str = ", or pass --cpl and --fir"
) -> _Registers:
    """The latest run's CPL and FIR exports and proposals; `cpl_path`/`fir_path` replace its exports."""
    from extractors.registers import RegisterError, load_cpl, load_fir
    from firpath.review.board import NothingToReview, ReviewBoard

    cpl = fir = None
    states: dict[str, ProposalState] = {}
    source = []
    if _has_store(workdir):
        with open_store(workdir) as store:
            try:
                board = ReviewBoard.open(store)
            except NothingToReview:
                board = None
            if board is not None:
                cpl, fir, states = list(board.cpl.values()), dict(board.fir.paths), _proposal_states(board)
                inputs = board.run.inputs
                source.append(f"run {board.run.run_id} (CPL export {inputs.get('cpl_export_name', '?')}, "
                              f"FIR export {inputs.get('fir_export_name', '?')})")  # fmt: skip
    try:
        if cpl_path is not None:
            cpl = load_cpl(cpl_path)
            source.insert(0, f"CPL export {cpl_path.name}")
        if fir_path is not None:
            fir = dict(load_fir(fir_path).paths)
            source.insert(0, f"FIR export {fir_path.name}")
    except RegisterError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    if cpl is None or fir is None:
        err.print(f"[red]error:[/] no finished backfill run in {workdir}: run `firpath run` first{hint}")
        raise typer.Exit(2)
    return _Registers(cpl, fir, states, "; ".join(source))


@app.command(short_help="Write a fill-in workbook for a manufacturer or MAP.")
def template(
    manufacturer: Annotated[
        list[str],
        typer.Option(
            "--manufacturer",
            help="Manufacturer identifier (hex) or exact name; repeat for several (a MAP's devices).",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).", dir_okay=False)],
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            help="Only this model (Model ID or exact name); repeat for several.",
        ),
    ] = None,
    only_missing: Annotated[
        bool,
        typer.Option(
            "--only-missing",
            help="Only the entries whose FIR upgrade path is blank.",
        ),
    ] = False,
    workdir: WorkdirOption = DEFAULT_WORKDIR,
    cpl: Annotated[Path | None, typer.Option(help="CPL export to list (default: the latest run's).")] = None,
    fir: Annotated[
        Path | None, typer.Option(help="FIR export for the current paths (default: the latest run's).")
    ] = None,
) -> None:
    """Write a workbook of CPL entries to send to a manufacturer or MAP: drop-downs of each entry's
    earlier firmware, locked identity columns; put the returned file in the inbox under any name."""
    from firpath.runtime.template_workbook import template_xlsx_bytes
    from firpath.stages.template_rows import ScopeError, entries_in_scope, template_spec

    registers = _registers(workdir, cpl, fir)
    try:
        entries = entries_in_scope(registers.cpl, manufacturer, model or ())
    except ScopeError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    makers = sorted({f"{e.manufacturer_name or e.manufacturer_id} ({e.manufacturer_id})" for e in entries})
    scope = ", ".join(makers) + (f", models {', '.join(model)}" if model else "")
    scope += ", entries without an FIR upgrade path" if only_missing else ""
    created = datetime.now(UTC).replace(microsecond=0)
    spec = template_spec(
        registers.cpl, registers.fir, registers.states, entries,
        only_missing=only_missing, made=created.isoformat(), scope=scope, source=registers.source,
    )  # fmt: skip
    if not spec.rows:
        console.print(f"Nothing to ask: every CPL entry of {scope} has an FIR upgrade path; no template written")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_bytes(template_xlsx_bytes(spec, created=created))
    partial.replace(out)
    console.print(f"Template    {out}: {len(spec.rows)} CPL entries of {scope}; up to {spec.base_columns} base "
                  f"firmware column(s) a row")  # fmt: skip
    console.print("            send it out; put the returned file in the inbox (any name) and run the backfill")


@app.command(short_help="Per manufacturer: paths on the FIR, proposed, missing.")
def status(workdir: WorkdirOption = DEFAULT_WORKDIR) -> None:
    """Per manufacturer: CPL entries with an FIR path, proposed, under review, approved and still missing."""
    from firpath.stages.status import manufacturer_status, status_lines

    if not _has_store(workdir):
        err.print(f"[red]error:[/] no staging store in {workdir} (run `firpath run` first, or pass --workdir)")
        raise typer.Exit(2)
    registers = _registers(workdir, hint="")
    for line in status_lines(manufacturer_status(registers.cpl, registers.fir, registers.states)):
        console.print(line)
    console.print(f"From {registers.source}. 'with a path': the FIR holds one (N/A included); 'proposed', "
                  "'under review', 'approved': the latest run's proposals to add or change a path; 'still missing': "
                  "a blank FIR path with nothing proposed, or only rejected proposals.")  # fmt: skip
