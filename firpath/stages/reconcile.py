"""Reconcile: the claims about one CPL entry, from every source, as agreeing or conflicting paths."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from firpath.domain import Alternative, MappedClaim, UpgradePath


def alternatives_by_entry(mapped: Iterable[MappedClaim]) -> dict[str, tuple[Alternative, ...]]:
    """Target entry id -> the distinct paths claimed for it, best supported first.

    Claims superseded by a newer statement in the same email chain take no part. Sources that
    state the same path (however worded: exact list or minimum) agree; different paths conflict.
    """
    by_entry: dict[str, dict[UpgradePath, list[MappedClaim]]] = defaultdict(lambda: defaultdict(list))
    for claim in mapped:
        if not claim.claim.superseded:
            by_entry[claim.target.entry_id][claim.path].append(claim)
    return {
        entry_id: tuple(
            Alternative(path, tuple(claims))
            for path, claims in sorted(paths.items(), key=lambda item: (-len(item[1]), str(item[0])))
        )
        for entry_id, paths in by_entry.items()
    }
