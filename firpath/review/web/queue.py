"""The queue: every proposal of the latest run that needs review (`rules.needs_review`, as the Excel
export lists them) in one filterable table, the ones the FIR holds already on request, and the
choice of a source file to approve in bulk (`web.bulk`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask import Blueprint, render_template, request
from flask_login import current_user

from firpath.domain import ChangeKind, ProposedChange
from firpath.review.bulk import plans as bulk_plans
from firpath.review.rules import NO_CHANGE, ReviewState, ReviewStatus, StatusText, needs_review, status_text
from firpath.review.web.app import board as current_board
from firpath.review.web.forms import QueueFilter
from firpath.review.web.routes_view import route_review

bp = Blueprint("queue", __name__)


@dataclass(frozen=True)
class QueueRow:
    proposal: ProposedChange
    status: ReviewStatus
    text: StatusText  # the state as the pages say it ("no change" for what the FIR holds already)

    @property
    def entry(self):  # noqa: ANN201 - CplEntry, for the template
        return self.proposal.target

    @property
    def manufacturer(self) -> str:
        return self.entry.manufacturer_name or self.entry.manufacturer_id

    @property
    def model(self) -> str:
        return self.entry.model_name or self.entry.model_id

    @property
    def current(self) -> str:
        return "blank" if self.proposal.current is None else str(self.proposal.current)

    @property
    def proposed(self) -> str:
        """The path under review: the proposed one, a reviewer's correction, or the conflicting alternatives."""
        if self.status.corrected_by and self.status.path is not None:
            return f"{self.status.path} (corrected)"
        if self.proposal.proposed is not None:
            return str(self.proposal.proposed)
        return "conflict: " + " | ".join(str(a.path) for a in self.proposal.alternatives)

    @property
    def flags(self) -> list[str]:
        flags = list(self.proposal.review_flags)
        if self.proposal.change is ChangeKind.CONFLICT:
            flags.insert(0, "sources conflict")
        if self.status.stale:
            flags.append(f"{self.status.stale} stale decision(s)")
        return flags


def _matches(row: QueueRow, wanted: QueueFilter) -> bool:
    entry = row.entry
    return (
        (not wanted.manufacturer or entry.manufacturer_id == wanted.manufacturer)
        and (not wanted.model or entry.model_id == wanted.model)
        and (row.text.state == wanted.state if wanted.state else row.text.state != NO_CHANGE)
        and (not wanted.conflicts_only or row.proposal.change is ChangeKind.CONFLICT)
    )


@bp.get("/")
def index() -> str:
    board = current_board()
    statuses = board.statuses()
    rows = [QueueRow(p, s, status_text(p, s, current_user.name)) for p, s in
            ((p, statuses[entry_id]) for entry_id, p in board.proposals.items())]  # fmt: skip
    wanted = QueueFilter.from_args(request.args)
    shown = [row for row in rows if _matches(row, wanted)]
    routes = route_review(board)
    affected = {r.entry.entry_id: routes.affected(r.proposal, r.status.path) for r in rows}
    strands = {
        r.entry.entry_id: max(len(i.stranded) for _, i in routes.impacts(r.proposal, r.status.path)) for r in rows
    }
    sort = "devices" if request.args.get("sort") == "devices" else ""
    if sort:  # most devices (or entries, without an estate) whose route the path changes first; CPL order within
        shown.sort(key=lambda row: -affected[row.entry.entry_id])
    manufacturers = sorted({(r.entry.manufacturer_id, r.manufacturer) for r in rows}, key=lambda m: m[1])
    models = sorted({(r.entry.model_id, r.model) for r in rows
                     if not wanted.manufacturer or r.entry.manufacturer_id == wanted.manufacturer},
                    key=lambda m: m[1])  # fmt: skip
    reviewed = [r for r in rows if needs_review(r.proposal, r.status)]
    counts = Counter(r.status.state.value for r in reviewed)
    bulk = bulk_plans(board, current_user.name)
    edit_statuses = board.edit_statuses()
    edits = [(i, p, edit_statuses[i]) for i, p in sorted(board.edits.items(), reverse=True)]
    return render_template(
        "queue.html",
        run=board.run,
        rows=shown,
        total=len(reviewed),
        no_change=len(rows) - len(reviewed),
        wanted=wanted,
        manufacturers=manufacturers,
        models=models,
        states=[s.value for s in ReviewState],
        no_change_state=NO_CHANGE,
        counts=counts,
        bulk=bulk,
        edits=edits,
        affected=affected,
        strands=strands,
        sort=sort,
        estate=routes.estate is not None,
    )
