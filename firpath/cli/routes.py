"""`firpath routes`: every install from the firmware a device runs to the newest release, per device."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from firpath.cli.common import DEFAULT_WORKDIR, WorkdirOption, console, err, open_board

if TYPE_CHECKING:
    from firpath.domain import CplEntry, UpgradePath
    from firpath.stages.estate import Estate
    from firpath.stages.routes import Route

app = typer.Typer()

TABLE_ROWS_SHOWN = 200  # on the terminal; --out writes them all


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/] {message}")
    return typer.Exit(2)


def _published_changes(folder: Path) -> dict[str, UpgradePath]:
    """The changes of a `firpath publish` folder, once its files are checked against its manifest."""
    from firpath.domain import UpgradePath
    from firpath.publish import read_manifest, verify_publication

    problems = verify_publication(folder)
    manifest, _ = read_manifest(folder)
    if problems or manifest is None:
        raise _fail(f"--published {folder}: " + "; ".join(problems))
    return {str(row["entry_id"]): UpgradePath.parse(str(row["new_path"])) or UpgradePath() for row in manifest["rows"]}


def _registers(
    workdir: Path, cpl: Path | None, fir: Path | None
) -> tuple[list[CplEntry], dict[str, UpgradePath | None], dict[str, str], list[str]]:
    """The CPL, the paths, the CPL statuses and where each came from: the exports given, else the last
    run's, its FIR with the changes approved for publishing (what `firpath publish` writes) on top."""
    from extractors.registers import RegisterError, load_cpl, load_fir
    from firpath.stages.cpl_status import cpl_statuses

    try:
        cpl_entries = load_cpl(cpl) if cpl is not None else None
        statuses = cpl_statuses(cpl_entries) if cpl_entries is not None else {}
        paths = dict(load_fir(fir).paths) if fir is not None else None
    except RegisterError as exc:
        raise _fail(str(exc)) from exc
    sources = [f"CPL {cpl}"] if cpl is not None else []
    if fir is not None:
        sources.append(f"FIR {fir}")
    if cpl_entries is None or paths is None:
        from firpath.publish.selection import collect

        board = open_board(workdir)
        try:
            run = board.run
            if cpl_entries is None:
                cpl_entries = list(board.cpl.values())
                statuses = cpl_statuses(cpl_entries)
                sources.append(f"CPL {run.inputs.get('cpl_export_name', '')} (run {run.run_id[:12]})")
            if paths is None:
                approved = {c.entry.entry_id: c.new for c in collect(board).changes}
                paths = {**board.fir.paths, **approved}
                sources.append(f"FIR {run.inputs.get('fir_export_name', '')} (run {run.run_id[:12]}) with "
                               f"{len(approved)} change(s) approved since")  # fmt: skip
        finally:
            board.store.close()
    return cpl_entries, paths, statuses, sources


@app.command(short_help="Fewest installs to the newest release, per device.")
def routes(
    workdir: WorkdirOption = DEFAULT_WORKDIR,
    fir: Annotated[
        Path | None,
        typer.Option(
            "--fir",
            help="FIR export to route over (default: the last run's, with the changes approved since).",
            dir_okay=False,
        ),
    ] = None,  # fmt: skip
    cpl: Annotated[
        Path | None,
        typer.Option(
            "--cpl",
            help="CPL export (default: the last run's); its Status column says which entries are Active.",
            dir_okay=False,
        ),
    ] = None,  # fmt: skip
    published: Annotated[
        Path | None,
        typer.Option(
            "--published",
            help="A folder written by `firpath publish`: its changes are applied on top.",
            file_okay=False,
        ),
    ] = None,  # fmt: skip
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write every row here (.csv or .xlsx) instead of showing them.", dir_okay=False),
    ] = None,
    source: Annotated[str | None, typer.Option("--from", help="Only the route from this CPL Entry ID.")] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="Target CPL Entry ID, or `latest`: the newest Active entry of each device (default)."
        ),
    ] = None,
    estate: Annotated[
        Path | None,
        typer.Option(
            "--estate",
            help="CSV/XLSX of manufacturer, model, hardware and firmware version and device count: "
            "weights the routes by the devices they serve.",
            dir_okay=False,
        ),
    ] = None,  # fmt: skip
) -> None:
    """Per manufacturer, model and hardware version, the fewest installs from each installed entry to
    the newest release (or --to), over the FIR's upgrade paths; stranded entries are named."""
    from firpath.runtime.route_files import routes_csv_bytes, routes_xlsx_bytes
    from firpath.stages.estate import EstateError, read_estate
    from firpath.stages.routes import RouteQueryError, UpgradeRoutes, select_routes

    if out is not None and out.suffix.lower() not in (".csv", ".xlsx"):
        raise _fail(f"--out {out}: write a .csv or a .xlsx")
    cpl_entries, paths, statuses, sources = _registers(workdir, cpl, fir)
    if published is not None:
        changes = _published_changes(published)
        paths.update(changes)
        sources.append(f"{len(changes)} change(s) published in {published}")
    weights = None
    if estate is not None:
        try:
            weights = read_estate(estate, estate.read_bytes(), cpl_entries)
        except (OSError, EstateError) as exc:
            raise _fail(f"--estate {estate}: {exc}") from exc
    model = UpgradeRoutes(cpl_entries, paths, statuses)
    try:
        found = list(select_routes(model, source, to))
    except RouteQueryError as exc:
        raise _fail(str(exc)) from exc

    if out is not None:
        data = routes_xlsx_bytes(found, weights) if out.suffix.lower() == ".xlsx" else routes_csv_bytes(found, weights)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    else:
        _show(found[:TABLE_ROWS_SHOWN], weights)
        if len(found) > TABLE_ROWS_SHOWN:
            console.print(f"... and {len(found) - TABLE_ROWS_SHOWN} more rows: --out FILE.csv writes them all")
    statuses_count = Counter(r.status.value for r in found)
    devices = len({r.source.device for r in found})
    console.print(f"Routes      {len(found)} row(s) for {devices} device(s): "
                  + ", ".join(f"{statuses_count[s]} {s}" for s in _STATUS_ORDER if statuses_count[s]))  # fmt: skip
    console.print(f"Inputs      {'; '.join(sources)}")
    if weights is not None:
        served: Counter[str] = Counter()
        for route in found:
            served[route.status.value] += weights.on(route.source.entry_id)
        console.print(
            f"Estate      {sum(served.values()):,} device(s) on these entries: "
            + ", ".join(f"{served[s]:,} {s}" for s in _STATUS_ORDER if served[s])
            + f"; {len(weights.unmatched)} estate row(s) ({weights.unmatched_devices:,} devices) "
            "matched no CPL entry"
        )
        for row in weights.unmatched[:10]:
            console.print(f"  row {row.row}: {row.text}: {row.reason}")
    if out is not None:
        console.print(f"Wrote       {out} ({len(found)} rows)")


_STATUS_ORDER = ("ok", "ok_via_non_active", "up_to_date", "stranded", "unknown")


def _show(found: list[Route], estate: Estate | None) -> None:
    """Device by device: the target, then one line per installed entry (narrow terminals included)."""
    device = None
    for route in found:
        source, target = route.source, route.target
        if source.device != device:
            device = source.device
            name = f"{source.manufacturer_name or source.manufacturer_id} {source.model_name or source.model_id}"
            console.print(
                f"[bold]{name} HW {source.hardware_version}[/] to {target.entry_id} ({target.firmware_version})"
            )
        installs = f"{route.installs} install{'s' if route.installs != 1 else ''}" if route.steps else ""
        devices = f"  {estate.on(source.entry_id):,} devices" if estate is not None else ""
        console.print(f"  from {source.entry_id} ({source.firmware_version})  {route.status.value}  {installs}  "
                      f"{route.text}{devices}".rstrip())  # fmt: skip
