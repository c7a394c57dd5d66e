"""Bulk approval by source file, in two steps: a page listing exactly what would be approved and
what the rules refuse (and why), then a POST of that list, with the session's CSRF token.

The plan (`firpath.review.bulk`) is made again when the list is posted: only the proposals both
listed and still approvable are approved, so a proposal that changed in between (new evidence,
another reviewer's decision) is named, never approved unseen.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from firpath.domain import ReviewAction
from firpath.review.board import DecisionRequest
from firpath.review.bulk import plans, sources
from firpath.review.rules import DecisionRefused
from firpath.review.web.app import board as current_board

bp = Blueprint("bulk", __name__)

CHOOSE = "Choose a source file from the list for bulk approval."


def _item(entry_id: str, proposal_hash: str) -> str:
    return f"{entry_id} {proposal_hash}"


@bp.get("/bulk")
def confirm() -> Response | str:
    board = current_board()
    source = request.args.get("source", "")
    if source not in sources(board):
        flash(CHOOSE, "error")
        return redirect(url_for("queue.index"))
    plan = plans(board, current_user.name, only=source)[source]
    return render_template("bulk.html", plan=plan, item=_item)


@bp.post("/bulk")
def approve() -> Response:
    board = current_board()
    source = request.form.get("source", "")
    if source not in sources(board):
        flash(CHOOSE, "error")
        return redirect(url_for("queue.index"))
    confirmed = list(dict.fromkeys(request.form.getlist("item")))
    if not confirmed:
        flash(f"Nothing was confirmed for bulk approval from {source}: open the list and confirm it.", "error")
        return redirect(url_for("bulk.confirm", source=source))
    plan = plans(board, current_user.name, only=source)[source]
    approvable = {_item(i.entry_id, i.proposal.content_hash): i for i in plan.approve}
    requests = [DecisionRequest(i.entry_id, ReviewAction.APPROVE, current_user.name, i.proposal.content_hash,
                                i.status.path, channel="web")
                for key in confirmed if (i := approvable.get(key)) is not None]  # fmt: skip
    changed = [key.split(" ", 1)[0] for key in confirmed if key not in approvable]
    outcomes = board.decide_many(requests, bulk=True)  # the rules check each again, in the transaction
    approved = [r.entry_id for r, o in zip(requests, outcomes, strict=True) if not isinstance(o, DecisionRefused)]
    refused = [(r.entry_id, str(o)) for r, o in zip(requests, outcomes, strict=True) if isinstance(o, DecisionRefused)]
    flash(f"Bulk approval of proposals only from {source}: {len(approved)} approved"
          f"{' (' + ', '.join(approved) + ')' if approved else ''}"
          f"{f', {len(refused) + len(changed)} not' if refused or changed else ''}.",
          "success" if approved else "info")  # fmt: skip
    for entry_id in changed:
        flash(f"{entry_id} not approved: it changed since you confirmed the list (another decision or new evidence); "
              "look at it again", "error")  # fmt: skip
    for entry_id, reason in refused:
        flash(f"{entry_id} refused: {reason}", "error")
    return redirect(url_for("queue.index"))


__all__ = ["bp"]
