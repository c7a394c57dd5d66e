"""The frames the graph suites run on: one row per CPL entry of the upgrade graph, one per path change.

The facts in them (is the entry on a cycle, can it reach the newest release, what does a change
strand) come from the route logic (`firpath.stages.graph_checks`), which sits above this layer;
they arrive here as the plain records below, so the suites stay data and the runner stays GX only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

TEXT_SEPARATOR = "; "

GRAPH_KEY = "cpl_entry_id"
GRAPH_COLUMNS: dict[str, str] = {
    "cpl_entry_id": "str",
    "device": "str",  # str(DeviceKey)
    "firmware": "str",
    "path": "str",  # the FIR path once the changes are applied; missing: blank
    "newest": "str",  # the device's newest Active entry, the routes' target
    "in_cycle": "bool",  # on a cycle through two or more entries of the device
    "base_on_other_device": "bool",  # its path names an entry of another manufacturer, model or hardware
    "base_not_older": "bool",  # its path names an entry of its device whose firmware is not older
    "reaches_newest": "bool",  # some route leads from it to the newest release
    "installable": "bool",  # the first release, N/A, or a base of its device to be installed on
}

CHANGE_KEY = "cpl_entry_id"
CHANGE_COLUMNS: dict[str, str] = {
    "cpl_entry_id": "str",
    "path": "str",  # the path under review (every alternative's, for a conflict)
    "strands": "int64",  # entries that reached the newest release before and do not after
    "stranded_entries": "str",
    "reaches": "int64",  # entries that reach it now and did not before
    "shortens": "int64",  # entries whose route gets shorter
}


@dataclass(frozen=True)
class EntryGraphCheck:
    """One CPL entry of a device that has path data, in the graph after the changes."""

    cpl_entry_id: str
    device: str
    firmware: str
    path: str | None
    newest: str
    in_cycle: bool
    base_on_other_device: bool
    base_not_older: bool
    reaches_newest: bool
    installable: bool


@dataclass(frozen=True)
class PathChangeCheck:
    """What one proposed or approved path does to its device's routes to the newest release."""

    cpl_entry_id: str
    path: str
    stranded: tuple[str, ...]
    reached: tuple[str, ...]
    shortened: tuple[str, ...]


@dataclass(frozen=True)
class GraphChecks:
    entries: tuple[EntryGraphCheck, ...] = ()
    changes: tuple[PathChangeCheck, ...] = ()


def _frame(rows: list[dict[str, object]], columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([row[name] for row in rows], dtype=dtype) for name, dtype in columns.items()})


def graph_frame(checks: Iterable[EntryGraphCheck]) -> pd.DataFrame:
    return _frame([asdict(check) for check in checks], GRAPH_COLUMNS)


def change_frame(checks: Iterable[PathChangeCheck]) -> pd.DataFrame:
    rows = [
        {
            "cpl_entry_id": c.cpl_entry_id,
            "path": c.path,
            "strands": len(c.stranded),
            "stranded_entries": TEXT_SEPARATOR.join(c.stranded),
            "reaches": len(c.reached),
            "shortens": len(c.shortened),
        }
        for c in checks
    ]
    return _frame(rows, CHANGE_COLUMNS)
