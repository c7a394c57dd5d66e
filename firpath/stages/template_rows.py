"""Which CPL entries a `firpath template` lists, and what each row offers as an answer.

The point of the template is that an answer needs no interpretation: each row offers as base
firmware only the earlier firmware versions of the same model and hardware version (the only bases
an upgrade path may name), plus `N/A`, and "No change" only where the FIR holds a path the row can
restate as such versions. Versions are written in CPL form, so a returned answer maps to CPL
entries exactly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from extractors.spreadsheet.template import MAX_BASE_COLUMNS, NOT_APPLICABLE, TemplateRow, TemplateSpec
from extractors.tables import clean_cell
from firpath.domain import CplEntry, DeviceKey, UpgradePath
from firpath.domain.versions import normalise_hex_id
from firpath.stages.mapping import name_token
from firpath.stages.status import Progress, ProposalState


class ScopeError(ValueError):
    """A --manufacturer or --model that names nothing on the CPL (or several manufacturers); the
    message says what the CPL has instead."""


def entries_in_scope(
    cpl: Sequence[CplEntry], manufacturers: Sequence[str], models: Sequence[str] = ()
) -> list[CplEntry]:
    """The entries of the manufacturers named (identifier or exact name) and, if any are named, of
    those models only (Model ID or exact model name), in template order."""
    chosen: set[str] = set()
    for stated in manufacturers:
        found = {e.manufacturer_id for e in cpl if _names(stated, e.manufacturer_id, e.manufacturer_name)}
        if not found:
            known = sorted({f"{e.manufacturer_name} ({e.manufacturer_id})" for e in cpl})
            raise ScopeError(
                f"manufacturer {stated!r} is not on the CPL (by identifier or exact name); it lists {', '.join(known)}"
            )
        if len(found) > 1:
            ids = ", ".join(sorted(found))
            raise ScopeError(
                f"manufacturer {stated!r} names several manufacturer identifiers ({ids}): give the identifier"
            )
        chosen |= found
    entries = [e for e in cpl if e.manufacturer_id in chosen]
    if models:
        for stated in models:
            if not any(_names(stated, e.model_id, e.model_name) for e in entries):
                known = sorted({f"{e.model_name} ({e.model_id})" for e in entries})
                raise ScopeError(f"model {stated!r} is not a model of {', '.join(sorted(chosen))} on the CPL; "
                                 f"it lists {', '.join(known)}")  # fmt: skip
        entries = [e for e in entries if any(_names(stated, e.model_id, e.model_name) for stated in models)]
    return sorted(entries, key=_order)


def _names(stated: str, identifier: str, name: str) -> bool:
    """`stated` is the identifier (hex, any padding) or the exact name (case and punctuation aside)."""
    stated = stated.strip()
    return normalise_hex_id(stated) == identifier or (
        bool(name_token(stated)) and name_token(stated) == name_token(name)
    )


def _order(entry: CplEntry) -> tuple[str, str, str, tuple[int, ...], str]:
    return (entry.manufacturer_id, entry.model_id, entry.hardware_version, entry.firmware_version.parts, entry.entry_id)


def template_spec(
    cpl: Sequence[CplEntry],
    fir: Mapping[str, UpgradePath | None],
    states: Mapping[str, ProposalState],
    entries: Sequence[CplEntry],
    *,
    only_missing: bool,
    made: str,
    scope: str,
    source: str,
) -> TemplateSpec:
    """The template for `entries` (from `entries_in_scope`); `only_missing` keeps the entries whose
    FIR path is blank. Choices come from the whole CPL: an entry's earlier firmware may be listed
    whatever the scope."""
    by_id = {e.entry_id: e for e in cpl}
    siblings: dict[DeviceKey, list[CplEntry]] = defaultdict(list)
    for entry in cpl:
        siblings[entry.device].append(entry)
    rows = []
    for entry in entries:
        current = fir.get(entry.entry_id)
        if only_missing and current is not None:
            continue
        versions, ids = _earlier(entry, siblings[entry.device])
        rows.append(
            TemplateRow(
                locked=tuple(
                    _text(v)
                    for v in (
                        entry.entry_id,
                        entry.device_type,
                        entry.manufacturer_id,
                        entry.manufacturer_name,
                        entry.model_id,
                        entry.model_name,
                        entry.hardware_version,
                        entry.firmware_version.text,
                        _path_text(current, by_id),
                        _state_text(states.get(entry.entry_id), by_id),
                    )
                ),
                choices=(NOT_APPLICABLE, *versions),
                choice_entry_ids=(NOT_APPLICABLE, *ids),
                keep=_keep(entry, current, by_id),
            )
        )
    widest = max((len(row.versions) for row in rows), default=1)
    return TemplateSpec(made, scope, source, min(MAX_BASE_COLUMNS, max(1, widest)), tuple(rows))


def _earlier(entry: CplEntry, siblings: Iterable[CplEntry]) -> tuple[list[str], list[str]]:
    """The earlier firmware versions of the entry's device, newest first (the likeliest base on top),
    and the CPL entries of each ("/"-joined where the CPL lists one version more than once: mapping
    then says so, rather than the template choosing)."""
    ids: dict[str, list[str]] = defaultdict(list)
    for sibling in sorted(sorted(siblings, key=lambda e: e.entry_id), key=lambda e: e.firmware_version, reverse=True):
        if sibling.firmware_version < entry.firmware_version:
            ids[sibling.firmware_version.text].append(sibling.entry_id)
    return list(ids), ["/".join(v) for v in ids.values()]


def _keep(entry: CplEntry, current: UpgradePath | None, by_id: Mapping[str, CplEntry]) -> str:
    """What "No change" stands for: the FIR's path as firmware versions of the same device, older
    than the entry; "" (not offered) when the FIR is blank or its path is not such versions."""
    if current is None:
        return ""
    if not current.entry_ids:
        return NOT_APPLICABLE
    bases = [by_id.get(entry_id) for entry_id in current.entry_ids]
    if any(b is None or b.device != entry.device or b.firmware_version >= entry.firmware_version for b in bases):
        return ""
    return "; ".join(sorted({b.firmware_version.text for b in bases if b is not None}))


def _path_text(path: UpgradePath | None, by_id: Mapping[str, CplEntry]) -> str:
    """A path as entry IDs with their firmware versions: `1103 (01020000); 1104 (01020005)`."""
    if path is None:
        return ""
    if not path.entry_ids:
        return NOT_APPLICABLE
    return UpgradePath.SEPARATOR.join(
        f"{i} ({by_id[i].firmware_version})" if i in by_id else f"{i} (not on the CPL)" for i in path.entry_ids
    )


def _state_text(state: ProposalState | None, by_id: Mapping[str, CplEntry]) -> str:
    if state is None or state.progress is Progress.REJECTED:
        return ""
    if state.path is not None:
        what = _path_text(state.path, by_id)
    else:
        what = "sources conflict: " + " | ".join(_path_text(p, by_id) for p in state.alternatives)
    return f"{state.progress}: {what}"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value: str) -> str:
    """A cell as the template writes it and reads it back: trimmed as every sheet is read, without
    the control characters an XLSX cannot hold."""
    return clean_cell(_CONTROL.sub("\ufffd", value))
