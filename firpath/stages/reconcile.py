"""Reconcile: the claims about one CPL entry, from every source, as agreeing or conflicting paths."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from firpath.domain import Alternative, MappedClaim, UpgradePath


def alternatives_by_entry(mapped: Iterable[MappedClaim]) -> dict[str, tuple[Alternative, ...]]:
    """Target entry id -> the distinct paths claimed for it, best supported first.

    One document's statements about one entry add up: a table's rows "From 4.19.01" and "From 4.18.05"
    to the same release give one path of both bases. Documents that state the same path (however
    worded: exact list or minimum) agree; different paths conflict. Claims superseded by a newer
    statement in the same email chain take no part.
    """
    by_document: dict[tuple[str, str], list[MappedClaim]] = defaultdict(list)
    for claim in mapped:
        if not claim.claim.superseded:
            by_document[(claim.target.entry_id, claim.claim.evidence.sha256)].append(claim)
    by_entry: dict[str, dict[UpgradePath, list[MappedClaim]]] = defaultdict(lambda: defaultdict(list))
    for (entry_id, _), claims in by_document.items():
        path = UpgradePath(tuple(e for c in claims for e in c.path.entry_ids))
        by_entry[entry_id][path].extend(claims)
    return {
        entry_id: tuple(
            Alternative(path, tuple(claims))
            for path, claims in sorted(paths.items(), key=lambda item: (-len(item[1]), str(item[0])))
        )
        for entry_id, paths in by_entry.items()
    }
